/**
 * Long work through the job queue, seen from HTTP: a route submits a job and waits a little (small
 * work is done before the user notices); then either the result, the job's refusal as the error it
 * would have been (same code, same status), or — still running — a "pending" answer: 202 with the job
 * and its status URL for the API, a redirect to the job's page for the web app.
 * Imports Express types, the error type and the job types.
 */
import type { Request, Response } from 'express';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors/app-error.ts';
import type { JobQueue } from '../jobs/job-queue-facade.ts';
import type { JobView } from '../jobs/job-queue.ts';
import { JOB_LABELS } from '../jobs/job-types.ts';

/** How long a request waits for its job before it answers "pending". */
export const JOB_WAIT_MS = 10_000;

export interface Pending {
  readonly pending: JobView;
}

export function isPending(value: unknown): value is Pending {
  return typeof value === 'object' && value !== null && 'pending' in value;
}

/** The job as the API shows it (no payload). */
export function jobJson(view: JobView) {
  return {
    id: view.id,
    type: view.type,
    label: JOB_LABELS[view.type],
    state: view.state,
    attempts: view.attempts,
    maxAttempts: view.maxAttempts,
    progress: view.progress,
    result: view.state === 'completed' ? view.result : null,
    error: view.error,
    createdAt: view.createdAt.toISOString(),
    startedAt: view.startedAt?.toISOString() ?? null,
    finishedAt: view.finishedAt?.toISOString() ?? null,
    statusUrl: `/api/v1/jobs/${view.id}`,
  };
}

function codeOf(code: string | undefined): ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code ?? '') ? (code as ErrorCode) : 'INTERNAL';
}

/**
 * The result of a job that ended, the error of one that was refused or died, or Pending. In inline
 * mode (tests) a try that failed for a passing reason is also reported as its error.
 */
export async function settle<T>(jobs: JobQueue, view: JobView, build: (view: JobView) => Promise<T>): Promise<T | Pending> {
  if (view.state === 'completed') return build(view);
  if (view.state === 'failed' || view.state === 'dead' || (jobs.mode === 'inline' && view.error)) {
    throw new AppError(codeOf(view.error?.code), view.error?.message ?? 'Pekerjaan gagal.', { details: { jobId: view.id } });
  }
  return { pending: view };
}

/** Answers a request whose job is still running. */
export function sendPending(req: Request, res: Response, pending: Pending): void {
  if (req.originalUrl.startsWith('/api/')) {
    res.status(202).setHeader('Location', `/api/v1/jobs/${pending.pending.id}`);
    res.json({ job: jobJson(pending.pending) });
    return;
  }
  res.redirect(303, `/pekerjaan/${encodeURIComponent(pending.pending.id)}`);
}

/** For API handlers: answers 202 itself; what it returns is never sent (the registry sees the response went out). */
export function answeredPending(req: Request, res: Response, pending: Pending): never {
  sendPending(req, res, pending);
  return undefined as never;
}
