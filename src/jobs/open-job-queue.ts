/**
 * Builds the job queue a process uses from its services: the backend the config names (pg-boss on
 * PostgreSQL by default, the table queue on SQLite or with NASKAH_QUEUE=table), the handlers (with the
 * job secret's sealer and the preview cache), and the facade in queue mode (serve, worker) or inline
 * mode (tests and single commands: this process runs what it submits). The one place that chooses.
 * May import: app services, jobs/*, storage/preview-cache, pino types.
 */
import type { Logger } from 'pino';
import type { Services } from '../app/services.ts';
import type { Metrics } from '../ops/metrics.ts';
import { createPreviewCache } from '../storage/preview-cache.ts';
import { createJobHandlers } from './job-handlers.ts';
import { createJobQueue, type JobQueue } from './job-queue-facade.ts';
import type { JobBackend, JobHandlers } from './job-queue.ts';
import { createJobSealer, jobSecretKey, type JobSealer } from './job-secrets.ts';
import { openPgBossJobBackend } from './pg-boss-job-backend.ts';
import { createTableJobBackend } from './table-job-backend.ts';

export interface OpenedBackend {
  readonly backend: JobBackend;
  /** Queue upkeep a worker runs when idle (pg-boss: expire lost tries, reconcile the record). */
  readonly upkeep?: () => Promise<void>;
}

export async function openJobBackend(services: Pick<Services, 'db' | 'config'>, options: { readonly supervise: boolean; readonly logger?: Logger }): Promise<OpenedBackend> {
  const { config, db } = services;
  if (config.queue === 'pg-boss' && db.provider === 'postgresql') {
    const backend = await openPgBossJobBackend({
      db,
      connectionString: config.databaseUrl,
      supervise: options.supervise,
      ...(config.jobTimeoutSeconds ? { timeoutSeconds: config.jobTimeoutSeconds } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return { backend, upkeep: () => backend.upkeep() };
  }
  return { backend: createTableJobBackend({ db }) };
}

export function jobSealerFor(config: Services['config']): JobSealer {
  return createJobSealer(jobSecretKey({ dataDir: config.dataDir, ...(config.jobSecret ? { secret: config.jobSecret } : {}) }));
}

export function jobHandlersFor(services: Services, options: { readonly now?: () => Date } = {}): JobHandlers {
  return createJobHandlers({
    services,
    sealer: jobSealerFor(services.config),
    previewCache: createPreviewCache({ db: services.db, previewStore: services.previewStore, maxBytes: services.config.previewCacheBytes }),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Queue mode: jobs wait for workers. */
export async function openJobQueue(services: Services, options: { readonly logger?: Logger } = {}): Promise<JobQueue> {
  const { backend } = await openJobBackend(services, { supervise: false, ...options });
  return createJobQueue(backend);
}

/** Inline mode: the table queue, and this process runs each job it submits at once. */
export function inlineJobQueue(services: Services, options: { readonly now?: () => Date; readonly logger?: Logger; readonly metrics?: Metrics } = {}): JobQueue {
  return createJobQueue(createTableJobBackend({ db: services.db }), {
    inline: {
      handlers: jobHandlersFor(services, options.now ? { now: options.now } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    },
  });
}
