/**
 * The audit report of one document, as JSON: the document's identity, its versions, every audit event
 * on it (each with its chain hashes) and the verdict on the whole chain at the time of the report.
 * Imports: audit (reading, hash chain), the Prisma facade's types, errors.
 */
import type { PrismaClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import { readAuditEvents, readAuditHead, toChainedEvent } from './append-audit-event.ts';
import { ChainVerifier, GENESIS_HASH, type ChainVerification } from './hash-chain.ts';

export interface AuditReportEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly versionHash: string | null;
  readonly details: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export interface AuditReport {
  readonly format: 'naskah-audit-report/1';
  readonly generatedAt: string;
  readonly document: {
    readonly id: string;
    readonly kind: string;
    readonly tentang: string;
    readonly state: string;
    readonly number: string | null;
    readonly signedAt: string | null;
    readonly currentContentHash: string | null;
  };
  readonly versions: readonly { readonly versionNo: number; readonly contentHash: string; readonly createdAt: string; readonly createdBy: string }[];
  readonly events: readonly AuditReportEvent[];
  readonly chain: ChainVerification;
}

export async function buildAuditReport(db: { readonly prisma: PrismaClient }, documentId: string, now: Date = new Date()): Promise<AuditReport> {
  const document = await db.prisma.document.findUnique({ where: { id: documentId }, include: { currentVersion: true } });
  if (!document) throw new AppError('NOT_FOUND', `Dokumen "${documentId}" tidak ditemukan.`);
  const versions = await db.prisma.documentVersion.findMany({ where: { documentId }, orderBy: { versionNo: 'asc' }, include: { createdBy: { select: { username: true } } } });
  const rows = await db.prisma.auditEvent.findMany({ where: { documentId }, orderBy: { seq: 'asc' } });
  const verifier = new ChainVerifier();
  for await (const event of readAuditEvents(db.prisma)) if (verifier.push(event)) break;
  const chain = verifier.finish((await readAuditHead(db.prisma)) ?? { seq: 0, hash: GENESIS_HASH });
  return {
    format: 'naskah-audit-report/1',
    generatedAt: now.toISOString(),
    document: {
      id: document.id,
      kind: document.kindId,
      tentang: document.tentang,
      state: document.state,
      number: document.number,
      signedAt: document.signedAt?.toISOString() ?? null,
      currentContentHash: document.currentVersion?.contentHash ?? null,
    },
    versions: versions.map((v) => ({ versionNo: v.versionNo, contentHash: v.contentHash, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy.username })),
    events: rows.map(toChainedEvent).map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      versionHash: e.versionHash,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    })),
    chain,
  };
}
