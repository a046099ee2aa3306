/**
 * Use cases (read only): a document's status (state, current version and hash, the paraf chain with
 * whose turn it is) and its history (versions and audit events). Imports: workflow loading, audit
 * reading, the Prisma facade's types.
 */
import { toChainedEvent } from '../audit/append-audit-event.ts';
import type { ChainedAuditEvent } from '../audit/hash-chain.ts';
import { findDocumentId, loadDocument } from '../workflow/load-workflow.ts';
import { currentStep, type DocumentState, type ParafStepState } from '../workflow/paraf-state.ts';
import type { UseCaseDb } from './use-case-db.ts';

export interface DocumentStatus {
  readonly documentId: string;
  readonly kind: string;
  readonly tentang: string;
  readonly state: DocumentState;
  readonly versionNo: number;
  readonly contentHash: string;
  readonly number: string | null;
  readonly drafter: string;
  readonly signer: { readonly officialId: string; readonly jabatan: string; readonly name: string } | null;
  readonly steps: readonly {
    readonly position: number;
    readonly jabatan: string;
    readonly officialId: string;
    readonly name: string;
    readonly state: ParafStepState;
    readonly actedBy: string | null;
    readonly actedAt: Date | null;
    readonly note: string | null;
    readonly hasEvidence: boolean;
  }[];
  /** Position whose turn it is, if the document is in paraf. */
  readonly currentPosition: number | null;
}

export async function getDocumentStatus(db: UseCaseDb, idOrPrefix: string): Promise<DocumentStatus> {
  const id = await findDocumentId(db.prisma, idOrPrefix);
  const loaded = await loadDocument(db.prisma, id);
  const officialIds = [...new Set([...loaded.steps.flatMap((s) => [s.officialId, s.actedByOfficialId ?? s.officialId]), ...(loaded.document.signerOfficialId ? [loaded.document.signerOfficialId] : [])])];
  const officials = new Map((await db.prisma.official.findMany({ where: { id: { in: officialIds } } })).map((o) => [o.id, o]));
  const drafter = await db.prisma.user.findUniqueOrThrow({ where: { id: loaded.document.drafterId } });
  const signer = loaded.document.signerOfficialId ? officials.get(loaded.document.signerOfficialId) : undefined;
  const turn = loaded.workflow.state === 'in_paraf' ? currentStep(loaded.workflow.steps) : undefined;
  return {
    documentId: id,
    kind: loaded.document.kindId,
    tentang: loaded.document.tentang,
    state: loaded.workflow.state,
    versionNo: loaded.version.versionNo,
    contentHash: loaded.version.contentHash,
    number: loaded.document.number,
    drafter: drafter.username,
    signer: signer ? { officialId: signer.id, jabatan: signer.jabatan, name: signer.name } : null,
    steps: loaded.steps.map((s) => ({
      position: s.position,
      jabatan: s.jabatan,
      officialId: s.officialId,
      name: officials.get(s.officialId)?.name ?? '',
      state: s.state as ParafStepState,
      actedBy: s.actedByOfficialId ? (officials.get(s.actedByOfficialId)?.name ?? s.actedByOfficialId) : null,
      actedAt: s.actedAt,
      note: s.note,
      hasEvidence: s.evidenceCms !== null,
    })),
    currentPosition: turn?.position ?? null,
  };
}

export interface DocumentHistory {
  readonly documentId: string;
  readonly versions: readonly { readonly versionNo: number; readonly contentHash: string; readonly createdAt: Date; readonly createdBy: string }[];
  readonly events: readonly ChainedAuditEvent[];
}

export async function getDocumentHistory(db: UseCaseDb, idOrPrefix: string): Promise<DocumentHistory> {
  const id = await findDocumentId(db.prisma, idOrPrefix);
  const versions = await db.prisma.documentVersion.findMany({ where: { documentId: id }, orderBy: { versionNo: 'asc' }, include: { createdBy: { select: { username: true } } } });
  const events = await db.prisma.auditEvent.findMany({ where: { documentId: id }, orderBy: { seq: 'asc' } });
  return {
    documentId: id,
    versions: versions.map((v) => ({ versionNo: v.versionNo, contentHash: v.contentHash, createdAt: v.createdAt, createdBy: v.createdBy.username })),
    events: events.map(toChainedEvent),
  };
}
