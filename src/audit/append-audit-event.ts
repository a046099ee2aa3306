/**
 * Appending to the hash-chained audit log inside the caller's transaction, and reading events back as
 * chain links. The single-row AuditHead table is both the lock and the anchor of the chain's end: the
 * first statement updates it (PostgreSQL: row lock held to commit; SQLite: the write lock), so two
 * transactions can never chain onto the same head. Every audit row is written through this module.
 * Imports: hash-chain, canonical-json, the Prisma facade's types.
 */
import type { AuditEvent, PrismaClient, TransactionClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import { chainEvent, GENESIS_HASH, type AuditEventInput, type ChainedAuditEvent, type ChainHead } from './hash-chain.ts';
import { canonicalJson } from './canonical-json.ts';

export const AUDIT_HEAD_ID = 1;

/** Creates the chain-head row if this database has none yet. Safe to call concurrently. */
export async function ensureAuditHead(prisma: PrismaClient): Promise<void> {
  const existing = await prisma.auditHead.findUnique({ where: { id: AUDIT_HEAD_ID } });
  if (existing) return;
  try {
    await prisma.auditHead.create({ data: { id: AUDIT_HEAD_ID, seq: 0, hash: GENESIS_HASH } });
  } catch (error) {
    // another process created it first
    if (!(await prisma.auditHead.findUnique({ where: { id: AUDIT_HEAD_ID } }))) throw error;
  }
}

/**
 * Chains `input` after the current head and writes it, in `tx`. Call ensureAuditHead once before
 * (the use cases do). Returns the chained event as written.
 */
export async function appendAuditEvent(tx: TransactionClient, input: AuditEventInput, at: Date): Promise<ChainedAuditEvent> {
  // Lock first: an update of the head row (which also reads it back), before chaining onto it.
  let head: { seq: number; hash: string };
  try {
    head = await tx.auditHead.update({ where: { id: AUDIT_HEAD_ID }, data: { lockedAt: at } });
  } catch (cause) {
    if ((cause as { code?: string } | null)?.code !== 'P2025') throw cause;
    throw new AppError('DATABASE_ERROR', 'Kepala rantai audit tidak ada; jalankan migrasi basis data (naskah db migrate) lalu coba lagi.', { cause });
  }
  const event = chainEvent(head.seq === 0 ? undefined : { seq: head.seq, hash: head.hash }, input, at);
  await tx.auditEvent.create({
    data: {
      seq: event.seq,
      at: event.at,
      actor: event.actor,
      action: event.action,
      documentId: event.documentId,
      versionHash: event.versionHash,
      detailsJson: canonicalJson(event.details),
      prevHash: event.prevHash,
      hash: event.hash,
    },
  });
  await tx.auditHead.update({ where: { id: AUDIT_HEAD_ID }, data: { seq: event.seq, hash: event.hash } });
  return event;
}

/** A stored row as a chain link (details parsed back from their canonical JSON). */
export function toChainedEvent(row: AuditEvent): ChainedAuditEvent {
  let details: unknown;
  try {
    details = JSON.parse(row.detailsJson);
  } catch {
    // unparsable details cannot match the hash; keep the raw text so verify reports a hash mismatch
    details = row.detailsJson;
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    documentId: row.documentId,
    versionHash: row.versionHash,
    details,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

export async function readAuditHead(prisma: PrismaClient): Promise<ChainHead | undefined> {
  const head = await prisma.auditHead.findUnique({ where: { id: AUDIT_HEAD_ID } });
  return head ? { seq: head.seq, hash: head.hash } : undefined;
}

/** Streams the whole log in seq order, a page at a time. */
export async function* readAuditEvents(prisma: PrismaClient, pageSize = 1000): AsyncGenerator<ChainedAuditEvent> {
  let after = 0;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: pageSize });
    for (const row of rows) yield toChainedEvent(row);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.seq;
  }
}
