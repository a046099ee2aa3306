/**
 * Interactive transactions with sensible limits and a retry when the database, not the caller, gave up:
 * a PostgreSQL serialization failure or deadlock (40001 / 40P01, Prisma P2034) or a SQLite database
 * that stayed busy (SQLITE_BUSY). The whole callback runs again, so it must do its work only through
 * `tx` and keep side effects outside the database until it returns. AppErrors thrown by the callback
 * are never retried.
 * May import: db/prisma-client (types), the AppError module.
 */
import { AppError, isAppError } from '../errors/app-error.ts';
import type { DatabaseProvider, PrismaClient, TransactionClient } from './prisma-client.ts';

export interface TransactionOptions {
  /** Attempts in all, including the first (default 5). */
  readonly maxAttempts?: number;
  /** How long the callback may run before Prisma rolls it back (default 30 s). */
  readonly timeoutMs?: number;
  /** How long to wait to start the transaction (default 20 s; SQLite runs one transaction per client at a time). */
  readonly maxWaitMs?: number;
  readonly isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
}

export interface TransactionDb {
  readonly prisma: PrismaClient;
  readonly provider: DatabaseProvider;
}

export async function withTransaction<T>(db: TransactionDb, fn: (tx: TransactionClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      const txOptions = {
        timeout: options.timeoutMs ?? 30_000,
        maxWait: options.maxWaitMs ?? 20_000,
        // SQLite knows only serializable (the facade's types say so); the PostgreSQL client takes the others
        ...(options.isolationLevel !== undefined && db.provider === 'postgresql' ? { isolationLevel: options.isolationLevel as 'Serializable' } : {}),
      };
      return await db.prisma.$transaction((tx: TransactionClient) => fn(tx), txOptions);
    } catch (error) {
      if (isAppError(error) || !isRetryableTransactionError(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new AppError(
          'DATABASE_ERROR',
          `Basis data terus sibuk atau bentrok dengan transaksi lain (${maxAttempts} kali dicoba); coba lagi sebentar lagi.`,
          { cause: error },
        );
      }
      await sleep(backoffMs(attempt));
    }
  }
}

/** True for failures that a fresh attempt of the same transaction can get past. */
export function isRetryableTransactionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // P2034: write conflict or deadlock; P1008: the adapter's SocketTimeout, which is how SQLITE_BUSY arrives
  if (code === 'P2034' || code === 'P1008') return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01') return true;
  const text = `${(error as { message?: unknown }).message ?? ''} ${safeJson((error as { meta?: unknown }).meta)}`;
  return /SQLITE_BUSY|database is locked|could not serialize access|deadlock detected|\b40001\b|\b40P01\b/i.test(text);
}

function backoffMs(attempt: number): number {
  const base = Math.min(1000, 20 * 2 ** (attempt - 1));
  return base / 2 + Math.random() * base;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
