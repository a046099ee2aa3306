/**
 * The quota ledger: per program and year, how many participants the approvals have taken (approved
 * rows plus what approvals in progress have reserved). An approval reserves inside one short
 * transaction: lockQuota takes the ledger row's lock (PostgreSQL row lock through the upsert; SQLite's
 * write lock) and reads `used`, the caller computes what is left against the configured capacity, and
 * addToQuota moves `used`. Two approvals racing are serialised on that row, so together they never
 * take more than the capacity; the heavy work happens outside, and finishing or releasing gives back
 * what was reserved and not taken.
 * May import: the Prisma facade's types, the AppError module.
 */
import type { TransactionClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';

/** Locks the ledger row of the program year (creating it at 0) and returns how much is used. */
export async function lockQuota(tx: TransactionClient, program: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ used: number | bigint }[]>`
    INSERT INTO "QuotaLedger" ("program", "year", "used") VALUES (${program}, ${year}, 0)
    ON CONFLICT ("program", "year") DO UPDATE SET "used" = "QuotaLedger"."used"
    RETURNING "used"`;
  const used = rows[0]?.used;
  if (used === undefined) throw new AppError('DATABASE_ERROR', `Buku kuota ${program} ${year} tidak dapat dikunci; coba lagi.`);
  return Number(used);
}

/** Adds `delta` (negative to give back) to the used quota of a program year locked by lockQuota. */
export async function addToQuota(tx: TransactionClient, program: string, year: number, delta: number): Promise<void> {
  if (delta === 0) return;
  await tx.$executeRaw`UPDATE "QuotaLedger" SET "used" = "used" + ${delta} WHERE "program" = ${program} AND "year" = ${year}`;
}

/** How much of the program year's quota is used (for display; decisions lock with lockQuota). */
export async function quotaUsed(tx: Pick<TransactionClient, 'quotaLedger'>, program: string, year: number): Promise<number> {
  const row = await tx.quotaLedger.findUnique({ where: { program_year: { program, year } } });
  return row?.used ?? 0;
}
