/**
 * Observes every request's duration into the process metrics, labelled by method, the route pattern
 * that answered (e.g. /api/v1/documents/:id — never the raw path, which would make a series per id)
 * and the status. Imports Express types and the metrics type.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../ops/metrics.ts';

export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : res.statusCode === 404 ? 'unmatched' : 'other';
      metrics.observeHttp(req.method, route, res.statusCode, seconds);
    });
    next();
  };
}
