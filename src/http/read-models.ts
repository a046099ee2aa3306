/**
 * Read-only queries behind the pages and the API's GET routes: my tasks, the document list, one
 * document with its versions, paraf steps and audit trail, archive search, one issued document.
 * Writes nothing (all writes go through the use cases). Imports the db handle's types and the
 * archive's read side.
 */
import { findIssuedByDocumentId, searchArchive as runArchiveSearch, type ArchiveRecord } from '../archive/search-archive.ts';
import type { Database } from '../db/create-database.ts';
import type { Prisma } from '../db/prisma-client.ts';
import type { SessionUser } from './http-deps.ts';

export interface TaskView {
  readonly documentId: string;
  readonly tentang: string;
  readonly kindId: string;
  readonly state: string;
  /** What awaits the user: their paraf (at step n) or their signature. */
  readonly action: 'paraf' | 'sign' | 'revise';
  readonly position: number | null;
  readonly jabatan: string | null;
  readonly contentHash: string;
  readonly versionNo: number;
  readonly updatedAt: Date;
}

export interface DocumentSummary {
  readonly id: string;
  readonly kindId: string;
  readonly tentang: string;
  readonly state: string;
  readonly number: string | null;
  readonly versionNo: number | null;
  readonly contentHash: string | null;
  readonly parafDone: number;
  readonly parafTotal: number;
  readonly updatedAt: Date;
}

/** Officials the user acts for now: themselves and whoever they stand in for (Plt./Plh.) today. */
async function actingOfficialIds(db: Database, user: SessionUser, now: Date): Promise<string[]> {
  if (!user.officialId) return [];
  const delegations = await db.prisma.delegation.findMany({
    where: { delegateOfficialId: user.officialId, validFrom: { lte: now }, validTo: { gte: now } },
    select: { officialId: true },
  });
  return [user.officialId, ...delegations.map((d) => d.officialId)];
}

interface TaskSource {
  readonly document: { readonly id: string; readonly tentang: string; readonly kindId: string; readonly state: string; readonly updatedAt: Date };
  readonly version: { readonly contentHash: string; readonly versionNo: number };
}

function taskOf(source: TaskSource, action: TaskView['action'], step?: { readonly position: number; readonly jabatan: string }): TaskView {
  const { document: doc, version } = source;
  return {
    documentId: doc.id,
    tentang: doc.tentang,
    kindId: doc.kindId,
    state: doc.state,
    action,
    position: step?.position ?? null,
    jabatan: step?.jabatan ?? null,
    contentHash: version.contentHash,
    versionNo: version.versionNo,
    updatedAt: doc.updatedAt,
  };
}

export async function listMyTasks(db: Database, user: SessionUser, now: Date): Promise<TaskView[]> {
  const officials = await actingOfficialIds(db, user, now);
  const tasks: TaskView[] = [];
  if (officials.length > 0 && user.roles.includes('paraf')) {
    // Start from the user's own pending steps (indexed by official and state), not from every document.
    const mine = await db.prisma.parafStep.findMany({
      where: { officialId: { in: officials }, state: 'pending', document: { state: 'in_paraf' } },
      include: { document: true, version: true },
      orderBy: { document: { updatedAt: 'asc' } },
    });
    for (const step of mine) {
      if (step.document.currentVersionId !== step.versionId) continue;
      const earlier = await db.prisma.parafStep.count({ where: { versionId: step.versionId, state: 'pending', position: { lt: step.position } } });
      if (earlier > 0) continue;
      tasks.push(taskOf(step, 'paraf', step));
    }
  }
  const documentsIn = async (where: Prisma.DocumentWhereInput, action: TaskView['action']): Promise<void> => {
    const docs = await db.prisma.document.findMany({ where, include: { currentVersion: true }, orderBy: { updatedAt: 'asc' } });
    for (const doc of docs) if (doc.currentVersion) tasks.push(taskOf({ document: doc, version: doc.currentVersion }, action));
  };
  if (officials.length > 0 && user.roles.includes('signer')) {
    await documentsIn({ state: 'ready_to_sign', OR: [{ signerOfficialId: { in: officials } }, { signerOfficialId: null }] }, 'sign');
  }
  if (user.roles.includes('drafter')) await documentsIn({ state: 'returned', drafterId: user.id }, 'revise');
  return tasks;
}

export async function listDocuments(db: Database, filter: { readonly state?: string | undefined }): Promise<DocumentSummary[]> {
  const docs = await db.prisma.document.findMany({
    where: filter.state ? { state: filter.state } : {},
    include: { currentVersion: { include: { parafSteps: { select: { state: true } } } } },
    orderBy: { updatedAt: 'desc' },
    take: 200,
  });
  return docs.map((d) => ({
    id: d.id,
    kindId: d.kindId,
    tentang: d.tentang,
    state: d.state,
    number: d.number,
    versionNo: d.currentVersion?.versionNo ?? null,
    contentHash: d.currentVersion?.contentHash ?? null,
    parafDone: d.currentVersion?.parafSteps.filter((s) => s.state === 'done').length ?? 0,
    parafTotal: d.currentVersion?.parafSteps.length ?? 0,
    updatedAt: d.updatedAt,
  }));
}

export async function getDocumentDetail(db: Database, id: string) {
  const doc = await db.prisma.document.findUnique({
    where: { id },
    include: {
      currentVersion: { include: { parafSteps: { orderBy: { position: 'asc' }, include: { official: true, actedByOfficial: true } } } },
      versions: { orderBy: { versionNo: 'desc' }, select: { id: true, versionNo: true, contentHash: true, createdAt: true, createdBy: { select: { displayName: true } } } },
      drafter: { select: { displayName: true, username: true } },
      signer: true,
      issued: true,
    },
  });
  if (!doc) return null;
  const audit = await db.prisma.auditEvent.findMany({ where: { documentId: id }, orderBy: { seq: 'asc' } });
  return { ...doc, audit };
}

export type DocumentDetail = NonNullable<Awaited<ReturnType<typeof getDocumentDetail>>>;

export interface ArchiveSearch {
  readonly number?: string | undefined;
  readonly year?: number | undefined;
  readonly nik?: string | undefined;
  readonly text?: string | undefined;
}

/** The archive module's search (case-insensitive on both databases), first 100 hits. */
export async function searchArchive(db: Database, q: ArchiveSearch): Promise<ArchiveRecord[]> {
  const query = Object.fromEntries(Object.entries({ number: q.number?.trim(), year: q.year, nik: q.nik?.trim(), text: q.text?.trim() }).filter(([, v]) => v !== undefined && v !== ''));
  return (await runArchiveSearch(db, { ...query, limit: 100 })).records;
}

export async function getIssuedDocument(db: Database, documentId: string): Promise<ArchiveRecord | undefined> {
  return findIssuedByDocumentId(db, documentId);
}

/** The issued document with its kind's title ("KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR") for the public page. */
export async function getIssuedDocumentView(db: Database, documentId: string): Promise<(ArchiveRecord & { readonly kindTitle: string }) | undefined> {
  const record = await findIssuedByDocumentId(db, documentId);
  if (!record) return undefined;
  const kind = await db.prisma.documentKind.findUnique({ where: { id: record.kind }, select: { title: true } });
  return { ...record, kindTitle: kind?.title ?? record.kind };
}

export interface ParticipantListSummary {
  readonly id: string;
  readonly program: string;
  readonly year: number;
  readonly fileName: string;
  readonly status: string;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly contentHash: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
}

export async function listParticipantLists(db: Database): Promise<ParticipantListSummary[]> {
  // a list still being imported is not a list yet
  const rows = await db.prisma.participantList.findMany({ where: { status: { not: 'importing' } }, orderBy: { createdAt: 'desc' }, take: 100, include: { createdBy: { select: { displayName: true } } } });
  return rows.map(({ reportJson: _r, createdById: _c, approvedAt: _a, createdBy, ...r }) => ({ ...r, createdBy: createdBy.displayName }));
}

/** One stored list with its check report (as stored at import). */
export async function getParticipantList(db: Database, id: string) {
  const row = await db.prisma.participantList.findUnique({ where: { id }, include: { createdBy: { select: { displayName: true } } } });
  if (!row) return undefined;
  let report: unknown;
  try {
    report = JSON.parse(row.reportJson);
  } catch {
    report = undefined;
  }
  return { ...row, report };
}
