/**
 * The job queue on PostgreSQL through pg-boss (10.x, the last line that runs on Node 20): pg-boss hands
 * jobs out (FOR UPDATE SKIP LOCKED), retries failed tries with exponential backoff, and fails a try that
 * ran past its expiry — so a worker killed mid-job has its job taken again after the job type's
 * timeout. Our Job table is the record beside it, written in the SAME transaction as pg-boss's row at
 * submit (pg-boss's `db` option): kind, who asked, progress, result or error — what the API and the web
 * app show. A try's outcome is written to our record only while it is still that worker's try, and only
 * then passed on to pg-boss, so a worker that lost its job cannot end another worker's try.
 * Queue names: the job type with "." → "-" under the "naskah-" prefix.
 * May import: pg, pg-boss, db (types), jobs/*, the AppError module.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseProvider, PrismaClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import type { ClaimedJob, JobBackend, JobError, SubmitRequest } from './job-queue.ts';
import { isJobType, JOB_POLICIES, JOB_TYPES, type JobType } from './job-types.ts';
import { createTableJobBackend, endJobTry, finalFields, validatedPayload } from './table-job-backend.ts';

export interface PgBossBackendOptions {
  readonly db: { readonly prisma: PrismaClient; readonly provider: DatabaseProvider };
  readonly connectionString: string;
  /** Workers run pg-boss's upkeep (expiry, archiving); API processes only submit and read. */
  readonly supervise: boolean;
  /** Overrides every type's timeout (tests, small deployments): a killed worker's job returns after it. */
  readonly timeoutSeconds?: number;
  /** Overrides every type's first retry wait (tests). */
  readonly backoffSeconds?: number;
  readonly logger?: Logger;
}

export interface PgBossJobBackend extends JobBackend {
  /** Fails tries past their expiry now (the worker calls it when idle) and brings our record up to date. */
  upkeep(): Promise<void>;
}

const SCHEMA = 'pgboss';

export function queueName(type: JobType): string {
  return `naskah-${type.replace('.', '-')}`;
}

function policyOf(type: JobType, overrides: Pick<PgBossBackendOptions, 'timeoutSeconds' | 'backoffSeconds'>) {
  const policy = JOB_POLICIES[type];
  return {
    retryLimit: policy.maxAttempts - 1,
    retryDelay: overrides.backoffSeconds ?? policy.backoffSeconds,
    retryBackoff: true,
    expireInSeconds: overrides.timeoutSeconds ?? policy.timeoutSeconds,
  };
}

export async function openPgBossJobBackend(options: PgBossBackendOptions): Promise<PgBossJobBackend> {
  const { prisma } = options.db;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: SCHEMA,
    max: 4,
    application_name: 'naskah-jobs',
    supervise: options.supervise,
    schedule: false,
    migrate: true,
    maintenanceIntervalSeconds: 60,
    // jobs are kept where the dead-letter view and the audit of what ran can find them
    archiveCompletedAfterSeconds: 24 * 3600,
    deleteAfterDays: 30,
  });
  boss.on('error', (error: Error) => options.logger?.error({ err: error }, 'pg-boss error'));
  await boss.start();
  for (const type of JOB_TYPES) {
    const name = queueName(type);
    if (await boss.getQueue(name)) continue;
    try {
      await boss.createQueue(name, { name, policy: 'standard', ...policyOf(type, options) });
    } catch (error) {
      // another process created it at the same moment
      if (!(await boss.getQueue(name))) throw error;
    }
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2, application_name: 'naskah-jobs-submit' });
  const table = createTableJobBackend({ db: options.db });
  let rotation = 0;

  async function scrubSecrets(job: ClaimedJob): Promise<void> {
    const fields = JOB_POLICIES[job.type].scrubOnEnd ?? [];
    for (const field of fields) {
      await pool.query(`UPDATE ${SCHEMA}.job SET data = data - $3::text WHERE name = $1 AND id = $2`, [queueName(job.type), job.id, field]);
    }
  }

  /** Our record of jobs pg-boss failed for good (the last try ran past its expiry): dead. */
  async function reconcile(ids?: readonly string[]): Promise<void> {
    const error = JSON.stringify({ code: 'INTERNAL', message: 'Pekerja berhenti di tengah pekerjaan pada percobaan terakhir (batas waktu habis).' } satisfies JobError);
    const only = ids ? 'AND j."id" = ANY($2::text[])' : '';
    const params: unknown[] = [error, ...(ids ? [ids] : [])];
    for (const source of ['job', 'archive']) {
      await pool.query(
        `UPDATE "Job" j SET "state" = 'dead', "activeKey" = NULL, "finishedAt" = now(), "errorJson" = COALESCE(j."errorJson", $1)
         FROM ${SCHEMA}.${source} b
         WHERE b.id::text = j."id" AND b.state = 'failed' AND j."state" NOT IN ('completed', 'failed', 'dead') ${only}`,
        params,
      );
    }
  }

  const backend: PgBossJobBackend = {
    kind: 'pg-boss',

    async enqueue(request: SubmitRequest) {
      const payloadJson = validatedPayload(request);
      const id = randomUUID();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO "Job" ("id", "type", "state", "payloadJson", "key", "activeKey", "maxAttempts", "runAfterMs", "submittedBy", "createdAt")
           VALUES ($1, $2, 'queued', $3, $4, $4, $5, $6, $7, now())
           ON CONFLICT ("activeKey") DO NOTHING RETURNING "id"`,
          [id, request.type, payloadJson, request.key ?? null, JOB_POLICIES[request.type].maxAttempts, Date.now(), request.submittedBy ?? null],
        );
        if (inserted.rowCount === 0) {
          await client.query('ROLLBACK');
          const live = await prisma.job.findUnique({ where: { activeKey: request.key! }, select: { id: true } });
          if (live) return { id: live.id, existing: true };
          throw new AppError('RETRY_LATER', `Pekerjaan dengan kunci ${request.key} baru saja berakhir; kirim ulang permintaannya.`);
        }
        const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
        await boss.send(queueName(request.type), JSON.parse(payloadJson) as object, { id, ...policyOf(request.type, options), db });
        await client.query('COMMIT');
        return { id, existing: false };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async get(id) {
      await reconcile([id]);
      return table.get(id);
    },

    async list(filter) {
      await reconcile();
      return table.list(filter);
    },

    async counts() {
      await reconcile();
      return table.counts();
    },

    async claim(types, workerId) {
      for (let i = 0; i < types.length; i++) {
        const type = types[(rotation + i) % types.length]!;
        const [job] = await boss.fetch<object>(queueName(type), { includeMetadata: true, batchSize: 1 });
        if (!job) continue;
        rotation = (rotation + i + 1) % types.length;
        const attempt = job.retryCount + 1;
        // our record follows pg-boss: this worker's try number `attempt`
        await prisma.job.updateMany({ where: { id: job.id }, data: { state: 'running', attempts: attempt, workerId, startedAt: new Date(), leaseUntilMs: null } });
        if (!isJobType(type)) continue;
        return { id: job.id, type, payload: job.data, attempt, maxAttempts: job.retryLimit + 1, workerId };
      }
      return undefined;
    },

    async heartbeat() {
      // pg-boss has no lease: a try is taken as lost once it runs past the type's timeout
    },

    progress: (job, progress) => table.progress(job, progress),

    async complete(job, result) {
      if (await endJobTry(prisma, job, { ...(await finalFields(prisma, job, 'completed', new Date())), resultJson: JSON.stringify(result ?? null) })) {
        await boss.complete(queueName(job.type), job.id, { ok: true });
        await scrubSecrets(job);
      }
    },

    async reject(job, error) {
      if (await endJobTry(prisma, job, { ...(await finalFields(prisma, job, 'failed', new Date())), errorJson: JSON.stringify(error) })) {
        // completed for pg-boss: refused input is not retried
        await boss.complete(queueName(job.type), job.id, { refused: error.code });
        await scrubSecrets(job);
      }
    },

    async fail(job, error) {
      const last = job.attempt >= job.maxAttempts;
      const fields = last ? await finalFields(prisma, job, 'dead', new Date()) : { state: 'retry' };
      if (await endJobTry(prisma, job, { ...fields, errorJson: JSON.stringify(error) })) {
        await boss.fail(queueName(job.type), job.id, { code: error.code, message: error.message });
        if (last) await scrubSecrets(job);
      }
      return last ? 'dead' : 'retry';
    },

    async release(job) {
      if (await endJobTry(prisma, job, { state: 'queued', attempts: job.attempt - 1, workerId: null })) {
        // back to "created" with no start: the next fetch does not count it as a retry
        await pool.query(`UPDATE ${SCHEMA}.job SET state = 'created', started_on = NULL, start_after = now() WHERE name = $1 AND id = $2 AND state = 'active'`, [
          queueName(job.type),
          job.id,
        ]);
      }
    },

    async retry(id) {
      const row = await prisma.job.findUnique({ where: { id } });
      if (!row || !isJobType(row.type) || (row.state !== 'dead' && row.state !== 'failed')) return false;
      const updated = await prisma.job.updateMany({ where: { id, state: row.state }, data: { state: 'queued', errorJson: null, finishedAt: null, activeKey: row.key } }).catch(() => ({ count: 0 }));
      if (updated.count !== 1) return false;
      if (row.state === 'dead') await boss.retry(queueName(row.type), id);
      else {
        // refused earlier (completed for pg-boss): a new try needs a new pg-boss job under the same id
        await boss.deleteJob(queueName(row.type), id);
        await boss.send(queueName(row.type), JSON.parse(row.payloadJson) as object, { id, ...policyOf(row.type, options) });
      }
      return true;
    },

    async upkeep() {
      await boss.expire();
      await reconcile();
    },

    async close() {
      await boss.stop({ graceful: false, close: true, wait: true });
      await pool.end();
    },
  };
  return backend;
}
