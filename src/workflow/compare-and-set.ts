/**
 * The write half of every workflow transition: one transaction that compare-and-sets the document row
 * (update … where id, lockVersion and state), writes the transition's rows and appends the audit event.
 * When the compare-and-set finds the row changed (a race, a second click), the transaction rolls back
 * and the use case decides again on fresh state — so the loser gets the refusal the new state implies
 * (out of turn, invalid state) and nothing of its attempt is written.
 * Imports: the Prisma facade's types, db/with-transaction, audit, errors.
 */
import type { TransactionClient } from '../db/prisma-client.ts';
import { withTransaction, type TransactionDb } from '../db/with-transaction.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { ensureAuditHead } from '../audit/append-audit-event.ts';
import type { DocumentState } from './paraf-state.ts';

const CONCURRENT_CHANGE = 'concurrent-change';
const MAX_ATTEMPTS = 8;

/** Generous waits: 50 racing attempts on SQLite queue behind one connection. */
export const TRANSACTION_OPTIONS = { maxWaitMs: 60_000, timeoutMs: 60_000 } as const;

/** Compare-and-set of the document's state; throws a retry signal when another transaction won. */
export async function compareAndSetDocument(
  tx: TransactionClient,
  expected: { readonly id: string; readonly lockVersion: number; readonly state: DocumentState },
  data: { readonly state: DocumentState; readonly currentVersionId?: string; readonly signerOfficialId?: string | null },
): Promise<void> {
  const result = await tx.document.updateMany({
    where: { id: expected.id, lockVersion: expected.lockVersion, state: expected.state },
    data: { ...data, lockVersion: { increment: 1 } },
  });
  if (result.count !== 1) {
    throw new AppError('INVALID_STATE', 'Dokumen diubah oleh pihak lain pada saat yang sama; muat ulang dan coba lagi.', {
      details: { reason: CONCURRENT_CHANGE },
    });
  }
}

function isConcurrentChange(error: unknown): boolean {
  // database-level conflicts (serialization, busy) are retried inside withTransaction already; a unique
  // key taken by a transaction that committed first (P2002) means the same: decide again on fresh state
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002') return true;
  return isAppError(error) && (error.details as { reason?: string } | undefined)?.reason === CONCURRENT_CHANGE;
}

/**
 * Runs `attempt` (load → decide → transaction) until it commits or is refused. `attempt` receives a
 * function that runs its writes in one transaction.
 */
export async function runTransition<T>(
  db: TransactionDb,
  attempt: (transact: <R>(write: (tx: TransactionClient) => Promise<R>) => Promise<R>) => Promise<T>,
): Promise<T> {
  await ensureAuditHead(db.prisma);
  const transact = <R>(write: (tx: TransactionClient) => Promise<R>): Promise<R> => withTransaction(db, write, TRANSACTION_OPTIONS);
  for (let n = 1; ; n++) {
    try {
      return await attempt(transact);
    } catch (error) {
      if (n < MAX_ATTEMPTS && isConcurrentChange(error)) continue;
      throw error;
    }
  }
}
