/**
 * The table queue: jobs in our own Job table, handed out with one atomic UPDATE … RETURNING (on
 * PostgreSQL with FOR UPDATE SKIP LOCKED, so workers never take the same job). A running job holds a
 * lease that its worker renews; a job whose lease ran out (its worker crashed) is taken again as its
 * next try, or marked dead after the last. Retries wait with exponential backoff. The embedded
 * default's queue (SQLite), and the in-process queue of tests and single commands on either database.
 * Every write that ends or gives back a try checks it still belongs to that worker and try, so a worker
 * that lost its lease cannot overwrite the new owner's outcome.
 * May import: db (types), jobs/*, the AppError module.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseProvider, PrismaClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import { backoffMs, type ClaimedJob, type JobBackend, type JobError, type JobProgress, type JobView, type SubmitRequest } from './job-queue.ts';
import { isJobType, JOB_PAYLOADS, JOB_POLICIES, JOB_STATES, type JobState, type JobType } from './job-types.ts';

export interface TableBackendDeps {
  readonly db: { readonly prisma: PrismaClient; readonly provider: DatabaseProvider };
  readonly now?: () => Date;
  /** How long a claimed job is held without a heartbeat (default 60 s). */
  readonly leaseMs?: number;
}

interface JobRow {
  id: string;
  type: string;
  state: string;
  payloadJson: string;
  key: string | null;
  attempts: number;
  maxAttempts: number;
  progressJson: string | null;
  resultJson: string | null;
  errorJson: string | null;
  submittedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function jobView(row: JobRow): JobView {
  return {
    id: row.id,
    type: (isJobType(row.type) ? row.type : 'notification.send') as JobType,
    state: (JOB_STATES as readonly string[]).includes(row.state) ? (row.state as JobState) : 'queued',
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    progress: parse(row.progressJson) as JobProgress | null,
    result: parse(row.resultJson),
    error: parse(row.errorJson) as JobError | null,
    submittedBy: row.submittedBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

/** The payload without the fields the policy drops when the job ends (sealed secrets). */
export function scrubbedPayload(type: string, payloadJson: string): string {
  const fields = isJobType(type) ? JOB_POLICIES[type].scrubOnEnd : undefined;
  if (!fields?.length) return payloadJson;
  const payload = parse(payloadJson) as Record<string, unknown> | null;
  if (!payload) return payloadJson;
  for (const f of fields) delete payload[f];
  return JSON.stringify(payload);
}

/** Ends the try `job` with these fields; false when the try is no longer its worker's (lease lost, taken again). */
export async function endJobTry(prisma: PrismaClient, job: ClaimedJob, data: Record<string, unknown>): Promise<boolean> {
  const updated = await prisma.job.updateMany({ where: { id: job.id, state: 'running', attempts: job.attempt, workerId: job.workerId }, data });
  return updated.count === 1;
}

/** The fields that end a job in `state` (payload secrets dropped, the key freed). */
export async function finalFields(prisma: PrismaClient, job: ClaimedJob, state: 'completed' | 'failed' | 'dead', at: Date): Promise<Record<string, unknown>> {
  const row = await prisma.job.findUnique({ where: { id: job.id }, select: { payloadJson: true, type: true } });
  return { state, activeKey: null, leaseUntilMs: null, finishedAt: at, ...(row ? { payloadJson: scrubbedPayload(row.type, row.payloadJson) } : {}) };
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'P2002' || /unique/i.test((error as Error).message ?? '');
}

export function validatedPayload(request: SubmitRequest): string {
  const schema = JOB_PAYLOADS[request.type];
  const parsed = schema.safeParse(request.payload);
  if (!parsed.success) {
    throw new AppError('USAGE', `Data pekerjaan ${request.type} tidak sah: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return JSON.stringify(parsed.data);
}

export function createTableJobBackend(deps: TableBackendDeps): JobBackend {
  const { prisma, provider } = deps.db;
  const now = deps.now ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? 60_000;
  const pg = provider === 'postgresql';
  /** Positional parameter n (1-based) in the provider's syntax. */
  const p = (n: number): string => (pg ? `$${n}` : '?');

  /** Lost jobs (lease ran out) that had their last try: dead. */
  async function buryLost(at: number): Promise<void> {
    const error = JSON.stringify({ code: 'INTERNAL', message: 'Pekerja berhenti di tengah pekerjaan pada percobaan terakhir.' } satisfies JobError);
    // Dates go through Prisma (its own storage format); the raw statement compares epoch milliseconds only.
    const lost = await prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "Job" SET "state" = 'dead', "activeKey" = NULL, "leaseUntilMs" = NULL, "errorJson" = ${p(1)}
       WHERE "state" = 'running' AND "leaseUntilMs" < ${p(2)} AND "attempts" >= "maxAttempts" RETURNING "id"`,
      error,
      at,
    );
    if (lost.length > 0) await prisma.job.updateMany({ where: { id: { in: lost.map((r) => r.id) } }, data: { finishedAt: new Date(at) } });
  }

  const endTry = (job: ClaimedJob, data: Record<string, unknown>): Promise<boolean> => endJobTry(prisma, job, data);

  return {
    kind: 'table',

    async enqueue(request) {
      const payloadJson = validatedPayload(request);
      const policy = JOB_POLICIES[request.type];
      const id = randomUUID();
      const at = now();
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          await prisma.job.create({
            data: {
              id,
              type: request.type,
              state: 'queued',
              payloadJson,
              key: request.key ?? null,
              activeKey: request.key ?? null,
              maxAttempts: policy.maxAttempts,
              runAfterMs: BigInt(at.getTime()),
              submittedBy: request.submittedBy ?? null,
              createdAt: at,
            },
          });
          return { id, existing: false };
        } catch (error) {
          if (!request.key || !isUniqueViolation(error)) throw error;
          const live = await prisma.job.findUnique({ where: { activeKey: request.key }, select: { id: true } });
          if (live) return { id: live.id, existing: true };
          // it ended between the insert and the lookup: try again
        }
      }
      throw new AppError('INTERNAL', `Pekerjaan dengan kunci ${request.key} tidak dapat diantrekan; coba lagi.`);
    },

    async get(id) {
      const row = await prisma.job.findUnique({ where: { id } });
      return row ? jobView(row) : undefined;
    },

    async list(filter) {
      const rows = await prisma.job.findMany({
        where: { ...(filter.state ? { state: filter.state } : {}), ...(filter.submittedBy ? { submittedBy: filter.submittedBy } : {}) },
        orderBy: { createdAt: 'desc' },
        take: Math.min(filter.limit ?? 50, 500),
      });
      return rows.map(jobView);
    },

    async counts() {
      const grouped = await prisma.job.groupBy({ by: ['state'], _count: { _all: true } });
      const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
      for (const g of grouped) if ((JOB_STATES as readonly string[]).includes(g.state)) counts[g.state as JobState] = g._count._all;
      return counts;
    },

    async claim(types, workerId, onlyId) {
      if (types.length === 0) return undefined;
      const at = now().getTime();
      await buryLost(at);
      // Placeholders are bound in the order they appear in the text (SQLite's "?" are positional).
      const params: unknown[] = [];
      const bind = (value: unknown): string => {
        params.push(value);
        return p(params.length);
      };
      const head = `UPDATE "Job" SET "state" = 'running', "attempts" = "attempts" + 1, "workerId" = ${bind(workerId)}, "leaseUntilMs" = ${bind(at + leaseMs)}`;
      const pick =
        `SELECT "id" FROM "Job" WHERE "type" IN (${types.map((t) => bind(t)).join(', ')})${onlyId ? ` AND "id" = ${bind(onlyId)}` : ''} AND ` +
        `(("state" IN ('queued', 'retry') AND "runAfterMs" <= ${bind(at)}) OR ("state" = 'running' AND "leaseUntilMs" < ${bind(at)})) ` +
        `ORDER BY "createdAt" LIMIT 1${pg ? ' FOR UPDATE SKIP LOCKED' : ''}`;
      const rows = await prisma.$queryRawUnsafe<{ id: string; type: string; payloadJson: string; attempts: number | bigint; maxAttempts: number | bigint }[]>(
        `${head} WHERE "id" = (${pick}) RETURNING "id", "type", "payloadJson", "attempts", "maxAttempts"`,
        ...params,
      );
      const row = rows[0];
      if (!row || !isJobType(row.type)) return undefined;
      await prisma.job.updateMany({ where: { id: row.id, workerId, attempts: Number(row.attempts) }, data: { startedAt: new Date(at) } });
      return { id: row.id, type: row.type, payload: parse(row.payloadJson), attempt: Number(row.attempts), maxAttempts: Number(row.maxAttempts), workerId };
    },

    async heartbeat(job) {
      await prisma.job.updateMany({ where: { id: job.id, state: 'running', attempts: job.attempt, workerId: job.workerId }, data: { leaseUntilMs: BigInt(now().getTime() + leaseMs) } });
    },

    async progress(job, progress) {
      await prisma.job.updateMany({ where: { id: job.id, state: 'running', attempts: job.attempt }, data: { progressJson: JSON.stringify(progress) } });
    },

    async complete(job, result) {
      await endTry(job, { ...(await finalFields(prisma, job, 'completed', now())), resultJson: JSON.stringify(result ?? null) });
    },

    async reject(job, error) {
      await endTry(job, { ...(await finalFields(prisma, job, 'failed', now())), errorJson: JSON.stringify(error) });
    },

    async fail(job, error) {
      const at = now();
      if (job.attempt >= job.maxAttempts) {
        await endTry(job, { ...(await finalFields(prisma, job, 'dead', at)), errorJson: JSON.stringify(error) });
        return 'dead';
      }
      const wait = backoffMs(JOB_POLICIES[job.type].backoffSeconds, job.attempt);
      await endTry(job, { state: 'retry', errorJson: JSON.stringify(error), leaseUntilMs: null, runAfterMs: BigInt(at.getTime() + wait) });
      return 'retry';
    },

    async release(job) {
      // the try did not happen: it is not counted
      await endTry(job, { state: 'queued', attempts: job.attempt - 1, leaseUntilMs: null, workerId: null, runAfterMs: BigInt(now().getTime()) });
    },

    async retry(id) {
      const row = await prisma.job.findUnique({ where: { id } });
      if (!row || (row.state !== 'dead' && row.state !== 'failed')) return false;
      try {
        const updated = await prisma.job.updateMany({
          where: { id, state: row.state },
          data: { state: 'queued', attempts: 0, runAfterMs: BigInt(now().getTime()), activeKey: row.key, errorJson: null, finishedAt: null },
        });
        return updated.count === 1;
      } catch (error) {
        if (isUniqueViolation(error)) return false; // another job with the same key is live
        throw error;
      }
    },

    async close() {
      // nothing held: the Prisma client belongs to the caller
    },
  };
}
