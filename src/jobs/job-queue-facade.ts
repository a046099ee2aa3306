/**
 * What adapters call: submit a job and, if they like, wait a little for it (a small import or a
 * one-page preview is done before the user notices; a large one answers "running, here is its
 * progress"). Queue mode: the job waits for a worker (`naskah worker`, or the embedded worker process
 * `naskah serve` starts). Inline mode (tests and single commands): this process runs what it submits,
 * at once, through the same runner and records it the same way.
 * May import: jobs/*, pino and metrics types.
 */
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Metrics } from '../ops/metrics.ts';
import type { JobBackend, JobHandlers, JobView, SubmitRequest } from './job-queue.ts';
import { FINAL_JOB_STATES, type JobState } from './job-types.ts';
import { runJob } from './run-job.ts';

export interface JobQueue {
  readonly backend: JobBackend;
  readonly mode: 'queue' | 'inline';
  /** Queues the job (or finds the live one with the same key) and waits up to `waitMs` for it to end. */
  submit(request: SubmitRequest, options?: { readonly waitMs?: number }): Promise<JobView>;
  get(id: string): Promise<JobView | undefined>;
  list(filter: { readonly state?: JobState; readonly submittedBy?: string; readonly limit?: number }): Promise<JobView[]>;
  counts(): Promise<Readonly<Record<JobState, number>>>;
  retry(id: string): Promise<boolean>;
  /** Polls until the job ended or `waitMs` passed; returns what it is then. */
  waitFor(id: string, waitMs: number): Promise<JobView>;
  close(): Promise<void>;
}

export interface JobQueueOptions {
  readonly inline?: { readonly handlers: JobHandlers; readonly logger?: Logger; readonly metrics?: Metrics };
}

export function isFinal(view: JobView): boolean {
  return FINAL_JOB_STATES.includes(view.state);
}

export function createJobQueue(backend: JobBackend, options: JobQueueOptions = {}): JobQueue {
  const inline = options.inline;
  const workerId = `inline:${process.pid}:${randomUUID().slice(0, 8)}`;

  async function mustGet(id: string): Promise<JobView> {
    const view = await backend.get(id);
    if (!view) throw new Error(`job ${id} vanished`);
    return view;
  }

  async function waitFor(id: string, waitMs: number): Promise<JobView> {
    const deadline = Date.now() + waitMs;
    let delay = 50;
    for (;;) {
      const view = await mustGet(id);
      if (isFinal(view) || Date.now() >= deadline) return view;
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - Date.now()))));
      delay = Math.min(delay * 2, 500);
    }
  }

  return {
    backend,
    mode: inline ? 'inline' : 'queue',
    async submit(request, submitOptions = {}) {
      const { id, existing } = await backend.enqueue(request);
      if (inline && !existing) {
        const job = await backend.claim([request.type], workerId, id);
        if (job) {
          await runJob(backend, job, inline.handlers, {
            signal: new AbortController().signal,
            ...(inline.logger ? { logger: inline.logger } : {}),
            ...(inline.metrics ? { metrics: inline.metrics } : {}),
          });
        }
        // a try that failed for a passing reason is retried here too, once its backoff is due, while the caller waits
        return waitFor(id, 0);
      }
      return waitFor(id, submitOptions.waitMs ?? 0);
    },
    get: (id) => backend.get(id),
    list: (filter) => backend.list(filter),
    counts: () => backend.counts(),
    retry: (id) => backend.retry(id),
    waitFor,
    close: () => backend.close(),
  };
}
