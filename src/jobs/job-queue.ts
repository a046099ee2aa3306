/**
 * The one job interface, whatever runs underneath: the table queue (our Job table; the embedded default
 * on SQLite, and the in-process queue of tests and single commands) or pg-boss on PostgreSQL. A backend
 * stores and hands out jobs; the worker pool (worker-pool.ts) runs them through run-job.ts; the job
 * queue facade (submit and wait) is what adapters call. Types only, plus the backoff rule.
 * May import: jobs/job-types.
 */
import type { JobPayload, JobState, JobType } from './job-types.ts';

export interface JobProgress {
  readonly done: number;
  readonly total?: number;
  /** What is being done, in Indonesian ("baris", "halaman"). */
  readonly unit?: string;
}

export interface JobError {
  readonly code: string;
  readonly message: string;
}

/** What the API and the web app show of a job (never its payload: it may hold sealed secrets). */
export interface JobView {
  readonly id: string;
  readonly type: JobType;
  readonly state: JobState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly progress: JobProgress | null;
  readonly result: unknown;
  readonly error: JobError | null;
  readonly submittedBy: string | null;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

export interface SubmitRequest<T extends JobType = JobType> {
  readonly type: T;
  readonly payload: JobPayload<T>;
  readonly submittedBy?: string;
  /** Submitting again while a job with this key is not finished returns that job (double clicks, retries). */
  readonly key?: string;
}

/** A job a worker took: its try number counts from 1. */
export interface ClaimedJob {
  readonly id: string;
  readonly type: JobType;
  readonly payload: unknown;
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Who holds it: every write that ends or gives back this try checks it. */
  readonly workerId: string;
}

export interface JobBackend {
  readonly kind: 'table' | 'pg-boss';
  enqueue(request: SubmitRequest): Promise<{ readonly id: string; readonly existing: boolean }>;
  get(id: string): Promise<JobView | undefined>;
  list(filter: { readonly state?: JobState; readonly submittedBy?: string; readonly limit?: number }): Promise<JobView[]>;
  counts(): Promise<Readonly<Record<JobState, number>>>;
  /** Takes the next due job of one of `types` (or the job `onlyId`), or undefined. */
  claim(types: readonly JobType[], workerId: string, onlyId?: string): Promise<ClaimedJob | undefined>;
  /** Keeps a running job's lease (the table queue); no-op where the backend expires by timeout only. */
  heartbeat(job: ClaimedJob): Promise<void>;
  progress(job: ClaimedJob, progress: JobProgress): Promise<void>;
  complete(job: ClaimedJob, result: unknown): Promise<void>;
  /** Ends the job as refused (bad input that no retry can fix). */
  reject(job: ClaimedJob, error: JobError): Promise<void>;
  /** A try failed: retried after a backoff, or dead after the last try. */
  fail(job: ClaimedJob, error: JobError): Promise<'retry' | 'dead'>;
  /** Gives a running job back to the queue without counting the try (shutdown). */
  release(job: ClaimedJob): Promise<void>;
  /** Puts a dead (or failed) job back in the queue for a new round of tries. */
  retry(id: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobContext {
  readonly id: string;
  readonly attempt: number;
  /** Aborted when the worker shuts down and its grace period ran out: stop at the next safe point. */
  readonly signal: AbortSignal;
  progress(progress: JobProgress): void;
}

export type JobHandler<T extends JobType = JobType> = (payload: JobPayload<T>, context: JobContext) => Promise<unknown>;
export type JobHandlers = { readonly [T in JobType]?: JobHandler<T> };

/** The wait before try `attempt + 1`: the policy's base doubled per try, capped at ten minutes, with ±20 % jitter. */
export function backoffMs(baseSeconds: number, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempt - 1), 10 * 60_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
