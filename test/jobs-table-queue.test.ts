/**
 * The table queue and the worker pool on SQLite and PostgreSQL: jobs run once each across competing
 * workers, keys deduplicate, refused input fails without retry, other errors retry with backoff and end
 * dead after the last try (the dead-letter view, and a retry from it), a crashed worker's job is taken
 * again after its lease and the stale worker cannot overwrite the outcome, and shutdown returns running
 * jobs uncounted.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, type Database } from '../src/db/create-database.ts';
import { AppError } from '../src/errors/app-error.ts';
import { createJobQueue } from '../src/jobs/job-queue-facade.ts';
import type { JobHandlers } from '../src/jobs/job-queue.ts';
import { createTableJobBackend } from '../src/jobs/table-job-backend.ts';
import { startWorkerPool } from '../src/jobs/worker-pool.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

const preview = (n: number) => ({ type: 'document.preview' as const, payload: { documentId: `doc-${n}`, versionId: `v-${n}`, format: 'pdf' as const } });

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(databases)('the table job queue on $provider', ({ provider }) => {
  let db: TestDatabase;
  let second: Database;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    // a second connection, as a second worker process would have
    second = await createDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }, { migrate: false });
  });
  afterAll(async () => {
    await second.close();
    await db.dispose();
  });

  test('an inline submit runs the job at once and records its progress and result', async () => {
    const handlers: JobHandlers = {
      'document.preview': async (payload, ctx) => {
        ctx.progress({ done: 3, total: 3, unit: 'halaman' });
        return { rendered: payload.documentId };
      },
    };
    const queue = createJobQueue(createTableJobBackend({ db }), { inline: { handlers } });
    const view = await queue.submit({ ...preview(1), submittedBy: 'perancang' });
    expect(view).toMatchObject({ state: 'completed', attempts: 1, result: { rendered: 'doc-1' }, progress: { done: 3, total: 3 }, submittedBy: 'perancang', error: null });
    expect(view.finishedAt).toBeInstanceOf(Date);
  });

  test('a key gives one live job: a second submit returns it; once it ended a new one is made', async () => {
    const queue = createJobQueue(createTableJobBackend({ db }));
    const key = `kunci-${randomUUID()}`;
    const a = await queue.submit({ ...preview(2), key });
    const b = await queue.submit({ ...preview(2), key });
    expect(b.id).toBe(a.id);
    const pool = startWorkerPool({ backend: createTableJobBackend({ db }), handlers: { 'document.preview': async () => 'ok' }, pollMs: 20 });
    await until(async () => (await queue.get(a.id))?.state === 'completed');
    await pool.stop();
    const c = await queue.submit({ ...preview(2), key });
    expect(c.id).not.toBe(a.id);
    await db.prisma.job.deleteMany({ where: { id: c.id } });
  });

  test('refused input fails at once without retry; other errors retry with backoff and end dead, then can be retried', async () => {
    let clock = Date.now();
    const backend = createTableJobBackend({ db, now: () => new Date(clock) });
    let tries = 0;
    const handlers: JobHandlers = {
      'list.approve': async () => {
        throw new AppError('FORBIDDEN', 'Pengguna ini tidak berwenang menyetujui.');
      },
      'document.preview': async () => {
        tries++;
        throw new Error('penyimpanan sementara tidak menjawab');
      },
    };
    const queue = createJobQueue(backend, { inline: { handlers } });
    const refused = await queue.submit({ type: 'list.approve', payload: { listId: 'l-1', username: 'u', order: 'file' } });
    expect(refused).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'FORBIDDEN' } });

    const flaky = await queue.submit(preview(3));
    expect(flaky).toMatchObject({ state: 'retry', attempts: 1, error: { code: 'INTERNAL' } });
    // not due before its backoff
    expect(await backend.claim(['document.preview'], 'w', flaky.id)).toBeUndefined();
    const pool = startWorkerPool({ backend, handlers, pollMs: 10 });
    try {
      // past the backoff: the second and last try runs and fails too
      clock += 10 * 60_000;
      await until(async () => (await queue.get(flaky.id))?.state === 'dead');
    } finally {
      await pool.stop();
    }
    expect(tries).toBe(2); // document.preview: two tries in all
    const dead = await queue.list({ state: 'dead' });
    expect(dead.map((d) => d.id)).toContain(flaky.id);
    expect(await queue.retry(flaky.id)).toBe(true);
    expect(await queue.get(flaky.id)).toMatchObject({ state: 'queued', attempts: 0 });
    await db.prisma.job.deleteMany({ where: { id: flaky.id } });
  });

  test('jobs run exactly once across two competing worker pools on separate connections', async () => {
    const ran: string[] = [];
    const handler = (who: string): JobHandlers => ({
      'document.preview': async (payload) => {
        ran.push(`${payload.documentId}`);
        await new Promise((r) => setTimeout(r, 5));
        return who;
      },
    });
    const queue = createJobQueue(createTableJobBackend({ db }));
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await queue.submit(preview(100 + i))).id);
    const a = startWorkerPool({ backend: createTableJobBackend({ db }), handlers: handler('a'), concurrency: 2, pollMs: 10 });
    const b = startWorkerPool({ backend: createTableJobBackend({ db: second }), handlers: handler('b'), concurrency: 2, pollMs: 10 });
    await until(async () => (await db.prisma.job.count({ where: { id: { in: ids }, state: 'completed' } })) === 30);
    await a.stop();
    await b.stop();
    expect(ran.sort()).toEqual(ids.map((_, i) => `doc-${100 + i}`).sort());
    const byWorker = await db.prisma.job.groupBy({ by: ['resultJson'], where: { id: { in: ids } }, _count: { _all: true } });
    expect(byWorker.reduce((n, g) => n + g._count._all, 0)).toBe(30);
    expect((await db.prisma.job.findMany({ where: { id: { in: ids } } })).every((j) => j.attempts === 1)).toBe(true);
  });

  test("a crashed worker's job is taken again after its lease, and the stale worker cannot overwrite the outcome", async () => {
    let clock = Date.now();
    const backend = createTableJobBackend({ db, now: () => new Date(clock), leaseMs: 60_000 });
    const queue = createJobQueue(backend);
    const { id } = await queue.submit(preview(200));
    const lost = await backend.claim(['document.preview'], 'pekerja-mati', id);
    expect(lost?.attempt).toBe(1);
    // within the lease nobody else takes it
    expect(await backend.claim(['document.preview'], 'pekerja-baru', id)).toBeUndefined();
    clock += 61_000;
    const again = await backend.claim(['document.preview'], 'pekerja-baru', id);
    expect(again?.attempt).toBe(2);
    await backend.complete(again!, 'oleh pekerja baru');
    // the first worker wakes up and reports: ignored
    await backend.complete(lost!, 'oleh pekerja lama');
    await backend.fail(lost!, { code: 'INTERNAL', message: 'x' });
    expect(await queue.get(id)).toMatchObject({ state: 'completed', result: 'oleh pekerja baru', attempts: 2 });
  });

  test('a job whose last try was lost in a crash ends dead', async () => {
    let clock = Date.now();
    const backend = createTableJobBackend({ db, now: () => new Date(clock), leaseMs: 1_000 });
    const { id } = await createJobQueue(backend).submit(preview(300));
    await db.prisma.job.update({ where: { id }, data: { maxAttempts: 1 } });
    expect((await backend.claim(['document.preview'], 'w1', id))?.attempt).toBe(1);
    clock += 5_000;
    expect(await backend.claim(['document.preview'], 'w2', id)).toBeUndefined();
    expect(await backend.get(id)).toMatchObject({ state: 'dead', error: { code: 'INTERNAL' } });
  });

  test('shutdown waits for running jobs for the grace period, then returns them to the queue uncounted', async () => {
    const backend = createTableJobBackend({ db });
    const queue = createJobQueue(backend);
    const { id } = await queue.submit(preview(400));
    let started = false;
    const pool = startWorkerPool({
      backend,
      pollMs: 10,
      handlers: {
        'document.preview': async (_payload, ctx) => {
          started = true;
          // a long render that reports progress (each report is a checkpoint)
          for (let page = 1; ; page++) {
            await new Promise((r) => setTimeout(r, 20));
            ctx.progress({ done: page, unit: 'halaman' });
          }
        },
      },
    });
    await until(async () => started);
    const stopped = await pool.stop(200);
    expect(stopped.returned).toBe(1);
    expect(await queue.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
  });
});
