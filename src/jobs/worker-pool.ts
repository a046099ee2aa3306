/**
 * A worker pool: takes due jobs of the given types from the backend, at most `concurrency` at a time,
 * and runs each through runJob. Idle, it asks again every `pollMs`. `stop()` is the graceful shutdown:
 * no new jobs; those running get `graceMs` to finish; then they are aborted and given back to the queue
 * (their try not counted) — no job is left half-done under a live lease.
 * May import: jobs/*, pino and metrics types.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.ts';
import type { JobBackend, JobHandlers } from './job-queue.ts';
import { JOB_TYPES, type JobType } from './job-types.ts';
import { runJob, type JobOutcome } from './run-job.ts';

export interface WorkerPoolOptions {
  readonly backend: JobBackend;
  readonly handlers: JobHandlers;
  /** The types this pool takes (default: every type it has a handler for). */
  readonly types?: readonly JobType[];
  readonly concurrency?: number;
  readonly pollMs?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Called between polls when idle (the pg-boss backend expires lost jobs there). */
  readonly onIdle?: () => Promise<void>;
  readonly workerId?: string;
}

export interface WorkerPool {
  readonly workerId: string;
  /** Jobs running now. */
  active(): number;
  /** Outcomes so far, by kind. */
  outcomes(): Readonly<Record<JobOutcome, number>>;
  stop(graceMs?: number): Promise<{ readonly finished: number; readonly returned: number }>;
}

export function startWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const types = options.types ?? JOB_TYPES.filter((t) => options.handlers[t] !== undefined);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const pollMs = options.pollMs ?? 500;
  const abort = new AbortController();
  const running = new Set<Promise<JobOutcome>>();
  const outcomes: Record<JobOutcome, number> = { completed: 0, failed: 0, retry: 0, dead: 0, returned: 0 };
  let stopping = false;
  let stopNow: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => {
    stopNow = resolve;
  });
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopping) {
      if (running.size >= concurrency) {
        await Promise.race([...running, stopRequested]);
        continue;
      }
      let job;
      try {
        job = await options.backend.claim(types, workerId);
      } catch (error) {
        options.logger?.error({ err: error }, 'claiming a job failed');
        await sleep(pollMs * 4);
        continue;
      }
      if (!job) {
        await options.onIdle?.().catch((error: unknown) => options.logger?.warn({ err: error }, 'queue upkeep failed'));
        await sleep(pollMs);
        continue;
      }
      const run = runJob(options.backend, job, options.handlers, { signal: abort.signal, ...(options.logger ? { logger: options.logger } : {}), ...(options.metrics ? { metrics: options.metrics } : {}) })
        .catch((error: unknown) => {
          // recording the outcome failed (database gone): the lease runs out and the job is taken again
          options.logger?.error({ err: error, job: job.id }, 'job outcome not recorded');
          return 'retry' as const;
        })
        .then((outcome) => {
          outcomes[outcome]++;
          running.delete(run);
          return outcome;
        });
      running.add(run);
    }
  })();

  return {
    workerId,
    active: () => running.size,
    outcomes: () => ({ ...outcomes }),
    async stop(graceMs = 30_000) {
      stopping = true;
      stopNow();
      wake?.();
      await loop;
      const before = { ...outcomes };
      if (running.size > 0) {
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
        const all = Promise.all([...running]);
        if ((await Promise.race([all, timer])) === 'timeout') {
          options.logger?.warn({ jobs: running.size }, 'grace period over: returning running jobs to the queue');
          abort.abort();
          await all;
        }
      }
      return { finished: outcomes.completed + outcomes.failed + outcomes.retry + outcomes.dead - (before.completed + before.failed + before.retry + before.dead), returned: outcomes.returned - before.returned };
    },
  };
}
