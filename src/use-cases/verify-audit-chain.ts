/**
 * Use case: recompute the whole audit hash chain from the database and name the first broken link.
 * Imports: audit (hash chain, reading events), use-case-db.
 */
import { readAuditEvents, readAuditHead } from '../audit/append-audit-event.ts';
import { ChainVerifier, GENESIS_HASH, type ChainVerification } from '../audit/hash-chain.ts';
import type { UseCaseDb } from './use-case-db.ts';

/** `onProgress(done, total)` is called every 1,000 events and once at the end. */
export async function verifyAuditChain(db: UseCaseDb, onProgress?: (done: number, total: number) => void): Promise<ChainVerification> {
  const total = onProgress ? await db.prisma.auditEvent.count() : 0;
  const verifier = new ChainVerifier();
  let done = 0;
  for await (const event of readAuditEvents(db.prisma)) {
    if (verifier.push(event)) break;
    done += 1;
    if (onProgress && done % 1000 === 0) onProgress(done, total);
  }
  onProgress?.(done, total);
  // A missing head row with events present is itself tampering: compare against an empty head.
  return verifier.finish((await readAuditHead(db.prisma)) ?? { seq: 0, hash: GENESIS_HASH });
}
