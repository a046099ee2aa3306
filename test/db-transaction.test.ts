import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/create-database.ts';
import { assignNumber } from '../src/db/number-register.ts';
import { isRetryableTransactionError, withTransaction } from '../src/db/with-transaction.ts';
import { AppError } from '../src/errors/app-error.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

describe('isRetryableTransactionError', () => {
  it('retries write conflicts, deadlocks and a busy SQLite, and nothing else', () => {
    expect(isRetryableTransactionError({ code: 'P2034', message: 'Transaction failed due to a write conflict or a deadlock' })).toBe(true);
    expect(isRetryableTransactionError({ code: 'P2010', message: 'Raw query failed. Code: `SQLITE_BUSY_SNAPSHOT`. Message: `database is locked`' })).toBe(true);
    expect(isRetryableTransactionError({ code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '40001' } } } })).toBe(true);
    expect(isRetryableTransactionError({ code: 'P2002', message: 'Unique constraint failed on the fields: (`username`)' })).toBe(false);
    expect(isRetryableTransactionError(new AppError('STALE_VERSION', 'x'))).toBe(false);
    expect(isRetryableTransactionError('SQLITE_BUSY')).toBe(false);
  });
});

describe.each(databases)('withTransaction on $provider', ({ provider }) => {
  let db: TestDatabase;
  let other: Database;
  beforeAll(async () => {
    db = await openTestDatabase(provider);
    // a second client (its own connection / pool), as a second server process would have
    other = await createDatabase({ databaseUrl: db.databaseUrl, dataDir: db.dataDir }, { migrate: false });
  });
  afterAll(async () => {
    await other?.close();
    await db?.dispose();
  });

  it('reruns a read-modify-write that lost a race to another connection, and loses no update', async () => {
    await withTransaction(db, (tx) => assignNumber(tx, 'race', 2025));
    let attempts = 0;
    let readDone!: () => void;
    const firstRead = new Promise<void>((resolve) => (readDone = resolve));
    let otherDone!: () => void;
    const otherCommitted = new Promise<void>((resolve) => (otherDone = resolve));
    const slow = withTransaction(
      db,
      async (tx) => {
        attempts++;
        const row = await tx.numberRegister.findUniqueOrThrow({ where: { scope_year: { scope: 'race', year: 2025 } } });
        if (attempts === 1) {
          readDone();
          await otherCommitted;
        }
        // deliberately not atomic: the database must detect the conflict
        await tx.numberRegister.update({ where: { scope_year: { scope: 'race', year: 2025 } }, data: { lastSeq: row.lastSeq + 1 } });
        return row.lastSeq + 1;
      },
      { isolationLevel: 'Serializable' },
    );
    await firstRead;
    const fast = await withTransaction(other, (tx) => assignNumber(tx, 'race', 2025));
    otherDone();
    expect(fast).toBe(2);
    expect(await slow).toBe(3);
    expect(attempts).toBe(2);
    expect((await db.prisma.numberRegister.findUniqueOrThrow({ where: { scope_year: { scope: 'race', year: 2025 } } })).lastSeq).toBe(3);
  });

  it('does not rerun a callback that failed for its own reasons, and rolls its writes back', async () => {
    let attempts = 0;
    await expect(
      withTransaction(db, async (tx) => {
        attempts++;
        await assignNumber(tx, 'own-failure', 2025);
        throw new AppError('STALE_VERSION', 'the page was stale');
      }),
    ).rejects.toMatchObject({ code: 'STALE_VERSION' });
    expect(attempts).toBe(1);
    expect(await db.prisma.numberRegister.findUnique({ where: { scope_year: { scope: 'own-failure', year: 2025 } } })).toBeNull();

    await db.prisma.official.create({ data: { id: 'dup-official', jabatan: 'Sekretaris Daerah', name: 'B' } });
    attempts = 0;
    await expect(
      withTransaction(db, async (tx) => {
        attempts++;
        await tx.official.create({ data: { id: 'dup-official', jabatan: 'Sekretaris Daerah', name: 'B' } });
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(attempts).toBe(1);
  });

  it('gives up after maxAttempts with DATABASE_ERROR', async () => {
    let attempts = 0;
    await expect(
      withTransaction(
        db,
        async () => {
          attempts++;
          throw Object.assign(new Error('Transaction failed due to a write conflict or a deadlock'), { code: 'P2034' });
        },
        { maxAttempts: 3 },
      ),
    ).rejects.toMatchObject({ code: 'DATABASE_ERROR' });
    expect(attempts).toBe(3);
  });
});
