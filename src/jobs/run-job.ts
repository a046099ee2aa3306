/**
 * Runs one claimed job through its handler, the same way in a worker process and in-process: the
 * payload is validated again, the lease renewed while it runs, progress written at most once a second,
 * and the outcome recorded —
 *   completed: the handler returned (its result kept for the API and the web app);
 *   failed:    it refused the input (an AppError of bad input or state): no retry can help;
 *   retry/dead: anything else (database, storage, a crash of the handler): tried again with backoff,
 *              dead (the dead-letter view) after the last try;
 *   returned:  the worker is shutting down and aborted it: back in the queue, the try not counted.
 * May import: jobs/*, the AppError module, pino and metrics types.
 */
import type { Logger } from 'pino';
import { AppError, isAppError, type ErrorCode } from '../errors/app-error.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { ClaimedJob, JobBackend, JobError, JobHandlers, JobProgress } from './job-queue.ts';
import { JOB_PAYLOADS } from './job-types.ts';

export type JobOutcome = 'completed' | 'failed' | 'retry' | 'dead' | 'returned';

export interface RunJobOptions {
  readonly signal: AbortSignal;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Lease renewal period (the table queue's lease is 60 s). */
  readonly heartbeatMs?: number;
}

/** Errors that a later try may not repeat: the system, not the input. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['DATABASE_ERROR', 'STORAGE_ERROR', 'INTERNAL', 'SIGNING_FAILED', 'NUMBER_CONFLICT', 'RETRY_LATER']);

export function isRetryable(error: unknown): boolean {
  return !isAppError(error) || RETRYABLE.has(error.code);
}

/** What a job record keeps of an error: the code and a bounded message, never a stack or a driver's internals. */
export function jobErrorOf(error: unknown): JobError {
  if (isAppError(error)) return { code: error.code, message: error.describe().slice(0, 2000) };
  return { code: 'INTERNAL', message: `Kesalahan internal saat menjalankan pekerjaan: ${String((error as Error)?.message ?? error).slice(0, 500)}` };
}

export async function runJob(backend: JobBackend, job: ClaimedJob, handlers: JobHandlers, options: RunJobOptions): Promise<JobOutcome> {
  const started = process.hrtime.bigint();
  const log = options.logger?.child({ job: job.id, type: job.type, attempt: job.attempt });
  const finish = (outcome: JobOutcome): JobOutcome => {
    options.metrics?.observeJob(job.type, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    log?.[outcome === 'completed' || outcome === 'returned' ? 'info' : 'warn']({ outcome }, 'job ended');
    return outcome;
  };
  const handler = handlers[job.type] as ((payload: unknown, context: Parameters<NonNullable<JobHandlers[typeof job.type]>>[1]) => Promise<unknown>) | undefined;
  const parsed = JOB_PAYLOADS[job.type].safeParse(job.payload);
  if (!parsed.success || !handler) {
    const error: JobError = !handler
      ? { code: 'NOT_AVAILABLE', message: `Pekerjaan ${job.type} belum dapat dijalankan oleh pekerja versi ini.` }
      : { code: 'USAGE', message: `Data pekerjaan ${job.type} tidak sah: ${parsed.error?.issues[0]?.message ?? ''}` };
    await backend.reject(job, error);
    return finish('failed');
  }

  let latest: JobProgress | undefined;
  let written: JobProgress | undefined;
  const flush = async (): Promise<void> => {
    if (latest && latest !== written) {
      written = latest;
      await backend.progress(job, latest).catch((error: unknown) => log?.warn({ err: error }, 'progress not recorded'));
    }
  };
  // once a second: the latest progress; every heartbeatMs: the lease
  let beats = 0;
  const heartbeatEvery = Math.max(1, Math.round((options.heartbeatMs ?? 15_000) / 1_000));
  const ticker = setInterval(() => {
    void flush();
    if (++beats % heartbeatEvery === 0) void backend.heartbeat(job).catch((error: unknown) => log?.warn({ err: error }, 'lease not renewed'));
  }, 1_000);
  try {
    const result = await handler(parsed.data, {
      id: job.id,
      attempt: job.attempt,
      signal: options.signal,
      // a checkpoint too: once the worker gave up waiting, the handler unwinds here and the job goes back
      progress: (p) => {
        throwIfAborted(options.signal);
        latest = p;
      },
    });
    clearInterval(ticker);
    await flush();
    await backend.complete(job, result);
    return finish('completed');
  } catch (error) {
    clearInterval(ticker);
    await flush();
    if (options.signal.aborted) {
      await backend.release(job);
      return finish('returned');
    }
    const jobError = jobErrorOf(error);
    if (!isRetryable(error)) {
      await backend.reject(job, jobError);
      return finish('failed');
    }
    log?.error({ err: error }, 'job try failed');
    return finish(await backend.fail(job, jobError));
  } finally {
    clearInterval(ticker);
  }
}

/** For handlers: stop here if the worker is shutting down (the job goes back to the queue). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('RETRY_LATER', 'Pekerja berhenti; pekerjaan dikembalikan ke antrean.');
}
