/**
 * The job queue on PostgreSQL through pg-boss, with our Job table as the record beside it: submit is
 * one transaction for both, jobs run once across workers, refused input is not retried, failing tries
 * are retried and end dead, and a worker that stops mid-job (killed) has its job taken again after the
 * timeout while its late report changes nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../src/errors/app-error.ts';
import { openPgBossJobBackend, queueName, type PgBossJobBackend } from '../src/jobs/pg-boss-job-backend.ts';
import { createJobQueue } from '../src/jobs/job-queue-facade.ts';
import { startWorkerPool } from '../src/jobs/worker-pool.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

const preview = (n: number) => ({ type: 'document.preview' as const, payload: { documentId: `doc-${n}`, versionId: `v-${n}`, format: 'pdf' as const } });

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(databases.filter((d) => d.provider === 'postgresql'))('the pg-boss job queue', () => {
  let db: TestDatabase;
  const backends: PgBossJobBackend[] = [];
  const open = async (supervise = true): Promise<PgBossJobBackend> => {
    const b = await openPgBossJobBackend({ db, connectionString: db.databaseUrl, supervise, timeoutSeconds: 2, backoffSeconds: 1 });
    backends.push(b);
    return b;
  };

  beforeAll(async () => {
    db = await openTestDatabase('postgresql');
  });
  afterAll(async () => {
    for (const b of backends) await b.close();
    await db.dispose();
  });

  test('a submitted job is one row in our record and one in pg-boss; a worker runs it once and the result is shown', async () => {
    const backend = await open(false);
    const queue = createJobQueue(backend);
    const submitted = await queue.submit({ ...preview(1), submittedBy: 'perancang', key: 'pratinjau-1' });
    expect(submitted).toMatchObject({ state: 'queued', attempts: 0, submittedBy: 'perancang' });
    expect((await queue.submit({ ...preview(1), key: 'pratinjau-1' })).id).toBe(submitted.id);
    const inBoss = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM pgboss.job WHERE id = $1::uuid AND name = $2`, submitted.id, queueName('document.preview'));
    expect(Number(inBoss[0]!.n)).toBe(1);
    const pool = startWorkerPool({
      backend: await open(),
      pollMs: 50,
      handlers: {
        'document.preview': async (payload, ctx) => {
          ctx.progress({ done: 1, total: 1, unit: 'halaman' });
          return { rendered: payload.documentId };
        },
      },
    });
    const done = await queue.waitFor(submitted.id, 30_000);
    await pool.stop();
    expect(done).toMatchObject({ state: 'completed', attempts: 1, result: { rendered: 'doc-1' }, progress: { done: 1, total: 1 } });
  });

  test('refused input fails without retry; a failing try is retried and the job ends dead after its last', async () => {
    const backend = await open();
    const queue = createJobQueue(backend);
    const refused = await queue.submit({ type: 'list.approve', payload: { listId: 'x', username: 'u', order: 'file' } });
    const flaky = await queue.submit(preview(2));
    let tries = 0;
    const pool = startWorkerPool({
      backend,
      pollMs: 50,
      onIdle: () => backend.upkeep(),
      handlers: {
        'list.approve': async () => {
          throw new AppError('FORBIDDEN', 'bukan penyetuju');
        },
        'document.preview': async () => {
          tries++;
          throw new Error('sementara');
        },
      },
    });
    try {
      expect(await queue.waitFor(refused.id, 30_000)).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'FORBIDDEN' } });
      expect(await queue.waitFor(flaky.id, 60_000)).toMatchObject({ state: 'dead', attempts: 2, error: { code: 'INTERNAL' } });
    } finally {
      await pool.stop();
    }
    expect(tries).toBe(2);
    expect((await queue.list({ state: 'dead' })).map((j) => j.id)).toContain(flaky.id);
    expect((await queue.counts()).dead).toBeGreaterThanOrEqual(1);
  });

  test("a killed worker's job is taken again after its timeout; the late report of the first worker changes nothing", async () => {
    const crashed = await open(false);
    const rescuer = await open();
    const queue = createJobQueue(rescuer);
    const { id } = await queue.submit(preview(3));
    const lost = await crashed.claim(['document.preview'], 'pekerja-mati');
    expect(lost).toMatchObject({ id, attempt: 1 });
    // the worker "dies": nothing more from it; after the 2 s timeout pg-boss gives the job back
    const pool = startWorkerPool({ backend: rescuer, pollMs: 100, onIdle: () => rescuer.upkeep(), handlers: { 'document.preview': async () => 'diselamatkan' } });
    const done = await queue.waitFor(id, 60_000);
    await pool.stop();
    expect(done).toMatchObject({ state: 'completed', attempts: 2, result: 'diselamatkan' });
    await crashed.complete(lost!, 'terlambat');
    await crashed.fail(lost!, { code: 'INTERNAL', message: 'terlambat' });
    expect(await queue.get(id)).toMatchObject({ state: 'completed', result: 'diselamatkan', attempts: 2 });
  });

  test('a job whose last try ran out of time ends dead in our record too', async () => {
    const backend = await open();
    const queue = createJobQueue(backend);
    const { id } = await queue.submit(preview(4));
    for (let attempt = 1; attempt <= 2; attempt++) {
      let claimed;
      await until(async () => {
        await backend.upkeep();
        claimed = await backend.claim(['document.preview'], `pekerja-${attempt}`);
        return claimed !== undefined;
      });
      expect(claimed).toMatchObject({ id, attempt });
    }
    await until(async () => {
      await backend.upkeep();
      return (await queue.get(id))?.state === 'dead';
    });
  });
});
