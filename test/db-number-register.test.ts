import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignNumber, checkPattern, formatNumber, peekLastNumber, releaseNumber, reserveNumber } from '../src/db/number-register.ts';
import { withTransaction } from '../src/db/with-transaction.ts';
import { AppError } from '../src/errors/app-error.ts';
import { runWorker } from './support/run-db-worker.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';


function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function sorted(values: number[]): number[] {
  return [...values].sort((a, b) => a - b);
}


function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('formatNumber', () => {
  it('fills the NTT pattern {seq}/KEP/HK/{year}', () => {
    expect(formatNumber('{seq}/KEP/HK/{year}', { seq: 99, year: 2025 })).toBe('99/KEP/HK/2025');
  });
  it('fills the Bekasi pattern {klasifikasi}/{seq}/SETDA.Ks', () => {
    expect(formatNumber('{klasifikasi}/{seq}/SETDA.Ks', { seq: 301, year: 2025, klasifikasi: '440' })).toBe('440/301/SETDA.Ks');
    expect(formatNumber('{klasifikasi}/{seq}/SETDA.Ks', { seq: 7, year: 2025, klasifikasi: ' 400.7 ' })).toBe('400.7/7/SETDA.Ks');
  });
  it('zero-pads {seq:3}', () => {
    expect(formatNumber('{seq:3}/KEP/{year}', { seq: 7, year: 2026 })).toBe('007/KEP/2026');
    expect(formatNumber('{seq:3}/KEP/{year}', { seq: 1234, year: 2026 })).toBe('1234/KEP/2026');
  });
  it('refuses a pattern with {klasifikasi} when the document has none, naming the field', () => {
    const error = appErrorOf(() => formatNumber('{klasifikasi}/{seq}/SETDA.Ks', { seq: 1, year: 2025 }));
    expect(error.code).toBe('DOCUMENT_INVALID');
    expect(error.location.field).toBe('klasifikasi');
  });
  it('refuses a klasifikasi that would break the number', () => {
    expect(appErrorOf(() => formatNumber('{klasifikasi}/{seq}', { seq: 1, year: 2025, klasifikasi: '440/1' })).code).toBe('DOCUMENT_INVALID');
  });
  it('refuses unknown placeholders, a missing or doubled {seq}, and stray braces', () => {
    expect(appErrorOf(() => checkPattern('{seq}/{bulan}/{year}')).message).toContain('{bulan}');
    expect(appErrorOf(() => checkPattern('KEP/HK/{year}')).code).toBe('TEMPLATE_INVALID');
    expect(appErrorOf(() => checkPattern('{seq}/{seq}/{year}')).code).toBe('TEMPLATE_INVALID');
    expect(appErrorOf(() => checkPattern('{seq}/KEP/{year')).code).toBe('TEMPLATE_INVALID');
  });
  it('refuses a sequence below 1', () => {
    expect(appErrorOf(() => formatNumber('{seq}/{year}', { seq: 0, year: 2025 })).code).toBe('NUMBER_CONFLICT');
  });
});

describe.each(databases)('number register on $provider', ({ provider }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(provider);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  async function registerRow(scope: string, year: number): Promise<number | undefined> {
    return (await db.prisma.numberRegister.findUnique({ where: { scope_year: { scope, year } } }))?.lastSeq;
  }

  it('gives 200 concurrent transactions of one process 200 distinct consecutive numbers', async () => {
    const numbers = await Promise.all(Array.from({ length: 200 }, () => withTransaction(db, (tx) => assignNumber(tx, 'kep-concurrent', 2025))));
    expect(sorted(numbers)).toEqual(range(1, 200));
    expect(await registerRow('kep-concurrent', 2025)).toBe(200);
  });

  it('consumes no number in a transaction that aborts after taking one', async () => {
    const first = await withTransaction(db, (tx) => assignNumber(tx, 'kep-abort', 2025));
    await expect(
      withTransaction(db, async (tx) => {
        const taken = await assignNumber(tx, 'kep-abort', 2025);
        expect(taken).toBe(first + 1);
        throw new AppError('SIGNING_FAILED', 'simulated failure after numbering');
      }),
    ).rejects.toMatchObject({ code: 'SIGNING_FAILED' });
    expect(await registerRow('kep-abort', 2025)).toBe(first);
    expect(await withTransaction(db, (tx) => assignNumber(tx, 'kep-abort', 2025))).toBe(first + 1);
  });

  it('hands the number of an aborted transaction to the signer who waited for it (no gap under contention)', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let tookFirst!: () => void;
    const firstTaken = new Promise<void>((resolve) => (tookFirst = resolve));
    const aborting = withTransaction(db, async (tx) => {
      const n = await assignNumber(tx, 'kep-contended', 2025);
      tookFirst();
      await held;
      throw new AppError('SIGNING_FAILED', `aborted holding ${n}`);
    });
    await firstTaken;
    const waiting = withTransaction(db, (tx) => assignNumber(tx, 'kep-contended', 2025));
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    await expect(aborting).rejects.toMatchObject({ message: 'aborted holding 1' });
    expect(await waiting).toBe(1);
  });

  it('keeps separate sequences per scope and per year', async () => {
    const got = await withTransaction(db, async (tx) => [
      await assignNumber(tx, 'kep-a', 2025),
      await assignNumber(tx, 'kep-a', 2025),
      await assignNumber(tx, 'kep-a', 2026),
      await assignNumber(tx, 'kep-b', 2025),
    ]);
    expect(got).toEqual([1, 2, 1, 1]);
    expect(await peekLastNumber(db.prisma, 'kep-a', 2025)).toBe(2);
    expect(await peekLastNumber(db.prisma, 'kep-none', 2025)).toBe(0);
  });

  it('refuses to run outside a transaction, where the increment would autocommit', async () => {
    await expect(assignNumber(db.prisma, 'kep-outside', 2025)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await registerRow('kep-outside', 2025)).toBeUndefined();
  });

  it('refuses an empty scope and an impossible year', async () => {
    await expect(withTransaction(db, (tx) => assignNumber(tx, ' ', 2025))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(withTransaction(db, (tx) => assignNumber(tx, 'kep', 25))).rejects.toMatchObject({ code: 'USAGE' });
  });

  it(`gives 200 requests from 4 processes 200 distinct consecutive numbers`, async () => {
    const barrierDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-barrier-'));
    const results = await Promise.all(range(1, 4).map(() => runWorker(['numbers', db.databaseUrl, barrierDir, '4', 'kep-processes', '2025', '50', '5'])));
    rmSync(barrierDir, { recursive: true, force: true });
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const outputs = results.map((r) => JSON.parse(r.stdout) as { numbers: number[]; startedAt: number; finishedAt: number });
    // the processes really ran at the same time: every one started before any finished
    expect(Math.max(...outputs.map((o) => o.startedAt))).toBeLessThan(Math.min(...outputs.map((o) => o.finishedAt)));
    const perProcess = outputs.map((o) => o.numbers);
    for (const numbers of perProcess) expect(numbers).toHaveLength(50);
    expect(sorted(perProcess.flat())).toEqual(range(1, 200));
    expect(await registerRow('kep-processes', 2025)).toBe(200);
  });
});

describe.each(databases)('number reservations for issuance on $provider', ({ provider }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(provider);
  });
  afterAll(async () => {
    await db?.dispose();
  });
  const reserve = (scope: string) => withTransaction(db, (tx) => reserveNumber(tx, scope, 2025));
  const release = (scope: string, seq: number) => withTransaction(db, (tx) => releaseNumber(tx, scope, 2025, seq, new Date()));

  it('stays gapless when a reservation in the middle is released: the next reservation takes the hole', async () => {
    expect([await reserve('r1'), await reserve('r1'), await reserve('r1')]).toEqual([1, 2, 3]);
    await release('r1', 2);
    expect(await peekLastNumber(db.prisma, 'r1', 2025)).toBe(3);
    expect(await reserve('r1')).toBe(2);
    expect(await reserve('r1')).toBe(4);
  });

  it('shrinks the sequence when the last reservations are released, in any order', async () => {
    expect([await reserve('r2'), await reserve('r2'), await reserve('r2')]).toEqual([1, 2, 3]);
    await release('r2', 2); // waits in the released pool: 3 is still held
    await release('r2', 3); // the end: the sequence shrinks past 2 as well
    expect(await peekLastNumber(db.prisma, 'r2', 2025)).toBe(1);
    expect(await db.prisma.releasedNumber.count({ where: { scope: 'r2' } })).toBe(0);
    expect(await reserve('r2')).toBe(2);
  });

  it('gives 40 concurrent reservations distinct numbers, and after releasing every other one and reserving again, exactly 1..40', async () => {
    const taken = await Promise.all(Array.from({ length: 40 }, () => reserve('r3')));
    expect(sorted(taken)).toEqual(range(1, 40));
    const freed = taken.filter((n) => n % 2 === 0);
    await Promise.all(freed.map((n) => release('r3', n)));
    const again = await Promise.all(freed.map(() => reserve('r3')));
    expect(sorted(again)).toEqual(sorted(freed));
    expect(await peekLastNumber(db.prisma, 'r3', 2025)).toBe(40);
    await expect(release('r3', 41)).rejects.toMatchObject({ code: 'NUMBER_CONFLICT' });
  }, 120_000);
});
