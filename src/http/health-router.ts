/**
 * Probes and metrics, answered before sessions and CSRF:
 *   GET /healthz  liveness: the process answers (no dependency is asked, so a database outage does not
 *                 get healthy processes restarted);
 *   GET /readyz   readiness: database reachable, every migration applied, file store reachable, and not
 *                 shutting down — 503 with the failing checks otherwise;
 *   GET /metrics  Prometheus text format (with NASKAH_METRICS_TOKEN set, only for "Authorization: Bearer <token>").
 * Imports Express, the ops modules and the app context type.
 */
import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Metrics } from '../ops/metrics.ts';
import { checkReadiness, type Readiness, type ReadinessDeps } from '../ops/readiness.ts';

export interface HealthDeps extends ReadinessDeps {
  readonly metrics: Metrics;
  readonly metricsToken?: string;
  /** True once shutdown began: readiness fails so load balancers stop sending requests. */
  readonly isDraining: () => boolean;
}

/** Readiness is computed at most this often; probes from several balancers share one result. */
const READY_TTL_MS = 1_000;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createHealthRouter(deps: HealthDeps): express.Router {
  const router = express.Router();
  let last: { at: number; result: Promise<Readiness> } | undefined;

  router.get('/healthz', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (deps.isDraining()) {
      res.status(503).json({ status: 'draining', detail: 'Proses sedang berhenti; permintaan baru dilayani proses lain.' });
      return;
    }
    const now = Date.now();
    if (!last || now - last.at > READY_TTL_MS) last = { at: now, result: checkReadiness(deps) };
    const readiness = await last.result;
    res.status(readiness.ready ? 200 : 503).json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks });
  });

  router.get('/metrics', async (req: Request, res: Response) => {
    if (deps.metricsToken && !tokenMatches(req.headers.authorization, deps.metricsToken)) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Perlu token metrik (NASKAH_METRICS_TOKEN).\n');
      return;
    }
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.end(await deps.metrics.registry.metrics());
  });
  return router;
}
