/**
 * Loading what the paraf state machine decides on: the acting user, a document with its current version
 * and paraf steps, the delegations that touch them; and matching officials by jabatan.
 * Imports: the Prisma facade's types, paraf-state, errors.
 */
import type { Document, DocumentVersion, Official, ParafStep, PrismaClient, TransactionClient, User } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import {
  isDocumentState,
  parseRegions,
  parseRoles,
  type DelegationGrant,
  type DelegationKind,
  type ParafStepState,
  type WorkflowActor,
  type WorkflowDocument,
} from './paraf-state.ts';

type Reader = PrismaClient | TransactionClient;

export interface ResolvedActor {
  readonly user: User;
  readonly actor: WorkflowActor;
}

export async function resolveActor(prisma: Reader, username: string): Promise<ResolvedActor> {
  const user = await prisma.user.findUnique({ where: { username } });
  if (!user || !user.active) {
    throw new AppError('UNAUTHENTICATED', `Pengguna "${username}" tidak dikenal atau tidak aktif; periksa --as atau daftarkan dengan "naskah users add".`);
  }
  return { user, actor: { userId: user.id, officialId: user.officialId, roles: parseRoles(user.roles), regions: parseRegions(user.regions) } };
}

export interface LoadedDocument {
  readonly document: Document;
  readonly version: DocumentVersion;
  /** Steps of the current version, ordered by position. */
  readonly steps: readonly ParafStep[];
  readonly workflow: WorkflowDocument;
}

/** Finds a document by its id or a unique id prefix of at least 8 characters. */
export async function findDocumentId(prisma: Reader, idOrPrefix: string): Promise<string> {
  const exact = await prisma.document.findUnique({ where: { id: idOrPrefix }, select: { id: true } });
  if (exact) return exact.id;
  if (idOrPrefix.length >= 8) {
    const hits = await prisma.document.findMany({ where: { id: { startsWith: idOrPrefix } }, select: { id: true }, take: 2 });
    if (hits.length === 1) return hits[0]!.id;
    if (hits.length > 1) throw new AppError('USAGE', `Awalan id "${idOrPrefix}" cocok dengan lebih dari satu dokumen; tulis id lebih panjang.`);
  }
  throw new AppError('NOT_FOUND', `Dokumen "${idOrPrefix}" tidak ditemukan; lihat id yang dicetak saat "naskah documents draft".`);
}

export async function loadDocument(prisma: Reader, documentId: string): Promise<LoadedDocument> {
  const document = await prisma.document.findUnique({ where: { id: documentId } });
  if (!document) throw new AppError('NOT_FOUND', `Dokumen "${documentId}" tidak ditemukan.`);
  if (document.currentVersionId === null) throw new AppError('INVALID_STATE', `Dokumen ${documentId} belum memiliki versi.`);
  const version = await prisma.documentVersion.findUniqueOrThrow({ where: { id: document.currentVersionId } });
  const steps = await prisma.parafStep.findMany({ where: { versionId: version.id }, orderBy: { position: 'asc' } });
  if (!isDocumentState(document.state)) throw new AppError('DATABASE_ERROR', `Dokumen ${documentId} memiliki status tak dikenal "${document.state}".`);
  const workflow: WorkflowDocument = {
    state: document.state,
    drafterId: document.drafterId,
    contentHash: version.contentHash,
    signerOfficialId: document.signerOfficialId,
    region: document.region,
    steps: steps.map((s) => ({ position: s.position, officialId: s.officialId, state: s.state as ParafStepState })),
  };
  return { document, version, steps, workflow };
}

/** Delegations replacing any of `officialIds` (validity is judged by the state machine at the moment). */
export async function loadDelegations(prisma: Reader, officialIds: readonly string[]): Promise<DelegationGrant[]> {
  if (officialIds.length === 0) return [];
  const rows = await prisma.delegation.findMany({ where: { officialId: { in: [...officialIds] } } });
  return rows.map((d) => ({
    id: d.id,
    officialId: d.officialId,
    delegateOfficialId: d.delegateOfficialId,
    kind: d.kind as DelegationKind,
    validFrom: d.validFrom,
    validTo: d.validTo,
  }));
}

/** Jabatan compared ignoring case, spacing and punctuation ("KEPALA BIRO HUKUM" = "Kepala Biro Hukum"). */
export function normaliseJabatan(text: string): string {
  return text.toLocaleLowerCase('id').replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * The official holding `jabatan` (compared ignoring case and punctuation), preferring one of `region`.
 * Undefined when none is registered.
 */
export function matchOfficial(officials: readonly Official[], jabatan: string, region: string | null): Official | undefined {
  const wanted = normaliseJabatan(jabatan);
  const hits = officials.filter((o) => normaliseJabatan(o.jabatan) === wanted);
  const sameRegion = region === null ? hits : hits.filter((o) => o.region === null || o.region === region);
  return [...(sameRegion.length > 0 ? sameRegion : hits)].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}
