/**
 * `naskah worker [--concurrency N] [--types a,b] [--metrics-port P]`: runs jobs (list import and
 * approval, large previews, signing and issuance) from the configured queue — pg-boss on PostgreSQL,
 * the Job table on SQLite — until SIGTERM/SIGINT, then stops gracefully: no new jobs, those running get
 * NASKAH_WORKER_GRACE_SECONDS (30) to finish, the rest go back to the queue. At start and every
 * minute it recovers what crashed processes left (expired reservations, old staged files). `naskah
 * serve` starts one as its own child process (the embedded worker); run more on any machine that
 * reaches the same database and file store. With --metrics-port it serves /metrics and /healthz.
 * A thin adapter over src/jobs.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { Command } from 'commander';
import { pino } from 'pino';
import { AppError } from '../../errors/app-error.ts';
import { jobHandlersFor, openJobBackend } from '../../jobs/open-job-queue.ts';
import { isJobType, JOB_TYPES, type JobType } from '../../jobs/job-types.ts';
import { startWorkerPool } from '../../jobs/worker-pool.ts';
import { createMetrics, type Metrics } from '../../ops/metrics.ts';
import { recoverLeftovers } from '../../use-cases/recover-leftovers.ts';
import type { CliContext } from '../cli-context.ts';

/** A job metric a worker started by `naskah serve` hands to its parent (which serves /metrics). */
export interface JobMetricMessage {
  readonly kind: 'naskah-job-metric';
  readonly type: string;
  readonly outcome: string;
  readonly seconds: number;
}

function forwardingMetrics(metrics: Metrics): Metrics {
  if (!process.send) return metrics;
  return {
    ...metrics,
    observeJob(type, outcome, seconds) {
      metrics.observeJob(type, outcome, seconds);
      process.send?.({ kind: 'naskah-job-metric', type, outcome, seconds } satisfies JobMetricMessage);
    },
  };
}

export function registerWorkerCommand(program: Command, ctx: CliContext): void {
  program
    .command('worker')
    .description('Jalankan pekerjaan latar (impor dan persetujuan daftar, pratinjau besar, penandatanganan) dari antrean')
    .option('--concurrency <n>', 'pekerjaan sekaligus (bawaan: NASKAH_WORKER_CONCURRENCY atau 1)')
    .option('--types <jenis>', `jenis pekerjaan, dipisah koma (bawaan: semua): ${JOB_TYPES.join(', ')}`)
    .option('--metrics-port <port>', 'layani /metrics dan /healthz di port ini (127.0.0.1)')
    .action(async (opts: { concurrency?: string; types?: string; metricsPort?: string }) => {
      const config = ctx.config();
      const concurrency = opts.concurrency !== undefined ? Number(opts.concurrency) : config.workerConcurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new AppError('USAGE', `--concurrency ${opts.concurrency} bukan bilangan 1–64.`);
      let types: JobType[] | undefined;
      if (opts.types !== undefined) {
        const asked = opts.types.split(',').map((t) => t.trim()).filter(Boolean);
        const unknown = asked.filter((t) => !isJobType(t));
        if (unknown.length > 0) throw new AppError('USAGE', `Jenis pekerjaan tidak dikenal: ${unknown.join(', ')}. Pilih dari: ${JOB_TYPES.join(', ')}.`);
        types = asked as JobType[];
      }
      const graceMs = Number(process.env.NASKAH_WORKER_GRACE_SECONDS ?? 30) * 1000;
      const logger = pino({ level: config.logLevel }, pino.destination(2)).child({ worker: process.pid });
      const services = await ctx.services();
      const metrics = forwardingMetrics(createMetrics());
      const opened = await openJobBackend(services, { supervise: true, logger });
      metrics.setSources({ documentsIssued: () => services.db.prisma.issuedDocument.count(), jobCounts: () => opened.backend.counts() });

      const recover = async (): Promise<void> => {
        try {
          const r = await recoverLeftovers(services);
          if (r.releasedNumbers.length > 0 || r.filesRemoved > 0 || r.filesCommitted > 0) logger.info(r, 'leftovers of an interrupted signing recovered');
        } catch (error) {
          logger.error({ err: error }, 'recovering leftovers failed');
        }
      };
      await recover();
      const recovery = setInterval(() => void recover(), 60_000);
      recovery.unref();
      let lastUpkeep = 0;
      const pool = startWorkerPool({
        backend: opened.backend,
        handlers: jobHandlersFor(services),
        ...(types ? { types } : {}),
        concurrency,
        pollMs: 250,
        logger,
        metrics,
        onIdle: async () => {
          if (!opened.upkeep || Date.now() - lastUpkeep < 5_000) return;
          lastUpkeep = Date.now();
          await opened.upkeep();
        },
      });

      let metricsServer: Server | undefined;
      if (opts.metricsPort !== undefined) {
        metricsServer = createServer((req, res) => {
          if (req.url === '/healthz') {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify({ status: 'ok', active: pool.active() }));
            return;
          }
          void metrics.registry.metrics().then((text) => {
            res.setHeader('Content-Type', metrics.registry.contentType);
            res.end(text);
          });
        });
        metricsServer.listen(Number(opts.metricsPort), '127.0.0.1');
        await once(metricsServer, 'listening');
      }
      ctx.stdout.write(
        `Pekerja naskah berjalan (pid ${process.pid}, antrean ${opened.backend.kind}, ${concurrency} pekerjaan sekaligus${types ? `, jenis ${types.join(', ')}` : ''}). Hentikan dengan Ctrl+C.\n`,
      );

      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.off('disconnect', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        // started by `naskah serve`: stop when the server goes away
        if (process.send) process.on('disconnect', stop);
      });
      ctx.stdout.write(`Pekerja berhenti: menunggu pekerjaan yang berjalan (paling lama ${graceMs / 1000} detik)...\n`);
      const stopped = await pool.stop(graceMs);
      clearInterval(recovery);
      metricsServer?.close();
      await opened.backend.close();
      ctx.stdout.write(`Pekerja berhenti: ${stopped.finished} selesai, ${stopped.returned} dikembalikan ke antrean.\n`);
    });
}
