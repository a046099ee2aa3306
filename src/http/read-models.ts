/**
 * Read-only queries behind the pages and the API's GET routes: my tasks, the document list, one
 * document with its versions, paraf steps and audit trail, archive search, one issued document.
 * Every query is scoped to the user's regions (use-cases/region-scope); whose turn it is and whether a
 * delegation holds are the workflow's own decisions (paraf-state), not re-implemented here.
 * Writes nothing (all writes go through the use cases). Imports the db handle's types, the workflow
 * state machine, region scoping and the archive's read side.
 */
import { findIssuedByDocumentId, searchArchive as runArchiveSearch, type ArchiveRecord } from '../archive/search-archive.ts';
import type { Database } from '../db/create-database.ts';
import type { Prisma } from '../db/prisma-client.ts';
import { documentsInRegions, inRegions } from '../use-cases/region-scope.ts';
import { loadDelegations } from '../workflow/load-workflow.ts';
import { currentStep, parseRoles, resolveActingAs, type ParafStepState, type WorkflowActor } from '../workflow/paraf-state.ts';
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

function actorOf(user: SessionUser): WorkflowActor {
  return { userId: user.id, officialId: user.officialId, roles: parseRoles(user.roles.join(',')), regions: user.regions };
}

/** Whether `user` may act now (themself or as a valid Plt./Plh.) for `officialId`: the workflow's own rule. */
async function mayActFor(db: Database, user: SessionUser, officialId: string, now: Date): Promise<boolean> {
  const acting = resolveActingAs(officialId, actorOf(user), await loadDelegations(db.prisma, [officialId]), now);
  return acting !== undefined && !('ok' in acting);
}

export async function listMyTasks(db: Database, user: SessionUser, now: Date): Promise<TaskView[]> {
  const tasks: TaskView[] = [];
  const scope = documentsInRegions(user);
  if (user.officialId && user.roles.includes('paraf')) {
    // Officials the user might stand in for: themselves and anyone with a delegation to them (validity
    // is decided per step by the workflow's resolveActingAs, at `now`).
    const delegated = await db.prisma.delegation.findMany({ where: { delegateOfficialId: user.officialId }, select: { officialId: true } });
    const candidates = [user.officialId, ...delegated.map((d) => d.officialId)];
    const mine = await db.prisma.parafStep.findMany({
      where: { officialId: { in: candidates }, state: 'pending', document: { state: 'in_paraf', ...scope } },
      include: { document: true, version: true },
      orderBy: { document: { updatedAt: 'asc' } },
    });
    for (const step of mine) {
      if (step.document.currentVersionId !== step.versionId) continue;
      const steps = await db.prisma.parafStep.findMany({ where: { versionId: step.versionId }, select: { position: true, officialId: true, state: true } });
      const turn = currentStep(steps.map((s) => ({ ...s, state: s.state as ParafStepState })));
      if (turn?.position !== step.position) continue;
      if (!(await mayActFor(db, user, step.officialId, now))) continue;
      tasks.push(taskOf(step, 'paraf', step));
    }
  }
  if (user.officialId && user.roles.includes('signer')) {
    const docs = await db.prisma.document.findMany({ where: { state: 'ready_to_sign', signerOfficialId: { not: null }, ...scope }, include: { currentVersion: true }, orderBy: { updatedAt: 'asc' } });
    for (const doc of docs) {
      if (doc.currentVersion && doc.signerOfficialId && (await mayActFor(db, user, doc.signerOfficialId, now))) tasks.push(taskOf({ document: doc, version: doc.currentVersion }, 'sign'));
    }
  }
  if (user.roles.includes('drafter')) {
    const docs = await db.prisma.document.findMany({ where: { state: 'returned', drafterId: user.id, ...scope }, include: { currentVersion: true }, orderBy: { updatedAt: 'asc' } });
    for (const doc of docs) if (doc.currentVersion) tasks.push(taskOf({ document: doc, version: doc.currentVersion }, 'revise'));
  }
  return tasks;
}

export async function listDocuments(db: Database, user: SessionUser, filter: { readonly state?: string | undefined }): Promise<DocumentSummary[]> {
  const docs = await db.prisma.document.findMany({
    where: { ...(filter.state ? { state: filter.state } : {}), ...documentsInRegions(user) },
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

export async function getDocumentDetail(db: Database, user: SessionUser, id: string) {
  const doc = await db.prisma.document.findFirst({
    where: { id, ...documentsInRegions(user) },
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

/** The archive module's search (case-insensitive on both databases), first 100 hits of the user's regions. */
export async function searchArchive(db: Database, user: SessionUser, q: ArchiveSearch): Promise<ArchiveRecord[]> {
  const query = Object.fromEntries(Object.entries({ number: q.number?.trim(), year: q.year, nik: q.nik?.trim(), text: q.text?.trim() }).filter(([, v]) => v !== undefined && v !== ''));
  return (await runArchiveSearch(db, { ...query, limit: 100, regions: user.regions })).records;
}

/** An issued document of the user's regions (undefined for another region's). */
export async function getIssuedDocument(db: Database, user: SessionUser, documentId: string): Promise<ArchiveRecord | undefined> {
  const record = await findIssuedByDocumentId(db, documentId);
  return record && record.region !== null && user.regions.includes(record.region) ? record : undefined;
}

/** Any issued document by id, for the public verification page and API (it shows no personal data). */
export async function getPublicIssuedDocument(db: Database, documentId: string): Promise<ArchiveRecord | undefined> {
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

export async function listParticipantLists(db: Database, user: SessionUser): Promise<ParticipantListSummary[]> {
  // a list still being imported is not a list yet
  const rows = await db.prisma.participantList.findMany({ where: { ...inRegions(user), status: { not: 'importing' } }, orderBy: { createdAt: 'desc' }, take: 100, include: { createdBy: { select: { displayName: true } } } });
  return rows.map(({ reportJson: _r, createdById: _c, approvedAt: _a, approvedById: _b, region: _g, createdBy, ...r }) => ({ ...r, createdBy: createdBy.displayName }));
}

/** One stored list of the user's regions with its check report (as stored at import). */
export async function getParticipantList(db: Database, user: SessionUser, id: string) {
  const row = await db.prisma.participantList.findFirst({ where: { id, ...inRegions(user) }, include: { createdBy: { select: { displayName: true } } } });
  if (!row) return undefined;
  let report: unknown;
  try {
    report = JSON.parse(row.reportJson);
  } catch {
    report = undefined;
  }
  return { ...row, report };
}
