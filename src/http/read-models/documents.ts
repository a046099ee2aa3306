/**
 * Documents as the pages and the API list them (paged, filtered by state, kind and words of the
 * subject) and one document with its versions, paraf chain, the returns and answers exchanged, and its
 * audit trail — of the user's regions only (another region's document is as absent as a missing one).
 * Reads only. Imports the db handle's types, region scoping and the paging helpers.
 */
import type { Database } from '../../db/create-database.ts';
import type { Prisma } from '../../db/prisma-client.ts';
import { detailsOf } from '../../events/document-events.ts';
import { documentsInRegions, requireVisibleDocument } from '../../use-cases/region-scope.ts';
import type { SessionUser } from '../http-deps.ts';
import { afterKeyset, decodeKeyset, decodeOffset, keysetPage, offsetPage, type Paged } from '../paging.ts';
import { chainOf, returnOf, type ChainStepView, type ReturnView } from './tasks.ts';

export interface DocumentSummary {
  readonly id: string;
  readonly kindId: string;
  readonly tentang: string;
  readonly state: string;
  readonly number: string | null;
  readonly region: string | null;
  readonly versionNo: number | null;
  readonly contentHash: string | null;
  readonly parafDone: number;
  readonly parafTotal: number;
  readonly updatedAt: Date;
}

export interface DocumentFilter {
  readonly state?: string | undefined;
  readonly kind?: string | undefined;
  readonly text?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export async function listDocuments(db: Database, user: SessionUser, filter: DocumentFilter): Promise<Paged<DocumentSummary>> {
  const insensitive = db.provider === 'postgresql' ? ({ mode: 'insensitive' } as const) : {};
  const and: Prisma.DocumentWhereInput[] = [documentsInRegions(user), afterKeyset('updatedAt', decodeKeyset(filter.cursor)) as Prisma.DocumentWhereInput];
  if (filter.state) and.push({ state: filter.state });
  if (filter.kind) and.push({ kindId: filter.kind });
  for (const word of (filter.text ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) and.push({ tentang: { contains: word.slice(0, 100), ...insensitive } });
  const rows = await db.prisma.document.findMany({
    where: { AND: and },
    include: { currentVersion: { include: { parafSteps: { select: { state: true } } } } },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
  });
  const page = keysetPage(rows, filter.limit, (d) => ({ at: d.updatedAt, id: d.id }));
  return {
    nextCursor: page.nextCursor,
    items: page.items.map((d) => ({
      id: d.id,
      kindId: d.kindId,
      tentang: d.tentang,
      state: d.state,
      number: d.number,
      region: d.region,
      versionNo: d.currentVersion?.versionNo ?? null,
      contentHash: d.currentVersion?.contentHash ?? null,
      parafDone: d.currentVersion?.parafSteps.filter((s) => s.state === 'done').length ?? 0,
      parafTotal: d.currentVersion?.parafSteps.length ?? 0,
      updatedAt: d.updatedAt,
    })),
  };
}

/** One exchange between the officials and the drafter: a return with its note, or the drafter's answer. */
export interface ExchangeView {
  readonly kind: 'kembali' | 'jawaban';
  readonly at: Date;
  readonly actor: string;
  readonly jabatan: string | null;
  readonly versionNo: number | null;
  readonly note: string;
}

export interface DocumentDetail {
  readonly id: string;
  readonly kindId: string;
  readonly tentang: string;
  readonly state: string;
  readonly number: string | null;
  readonly region: string | null;
  readonly drafterId: string;
  readonly drafterName: string;
  readonly signerName: string | null;
  readonly updatedAt: Date;
  readonly issued: { readonly status: string; readonly revokedAt: Date | null; readonly revokeReason: string | null; readonly revokeReasonPublic: boolean } | null;
  readonly current: { readonly versionNo: number; readonly contentHash: string; readonly dataYaml: string; readonly createdAt: Date } | null;
  readonly chain: readonly ChainStepView[];
  readonly returned: ReturnView | null;
  readonly versions: readonly { readonly versionNo: number; readonly contentHash: string; readonly createdAt: Date; readonly createdBy: string }[];
  readonly exchanges: readonly ExchangeView[];
}

export async function getDocumentDetail(db: Database, user: SessionUser, id: string): Promise<DocumentDetail | undefined> {
  const doc = await db.prisma.document.findFirst({
    where: { id, ...documentsInRegions(user) },
    include: {
      currentVersion: { include: { parafSteps: { include: { official: { select: { name: true } }, actedByOfficial: { select: { id: true, name: true } } } } } },
      versions: { orderBy: { versionNo: 'desc' }, take: 100, select: { versionNo: true, contentHash: true, createdAt: true, createdBy: { select: { displayName: true } } } },
      drafter: { select: { displayName: true } },
      signer: { select: { name: true } },
      issued: { select: { status: true, revokedAt: true, revokeReason: true, revokeReasonPublic: true } },
    },
  });
  if (!doc) return undefined;
  const events = await db.prisma.auditEvent.findMany({
    where: { documentId: id, action: { in: ['document.returned', 'document.revised'] } },
    orderBy: { seq: 'asc' },
    take: 200,
  });
  const actors = await db.prisma.user.findMany({ where: { username: { in: [...new Set(events.map((e) => e.actor))] } }, select: { username: true, displayName: true } });
  const nameOf = new Map(actors.map((a) => [a.username, a.displayName]));
  const exchanges: ExchangeView[] = [];
  for (const e of events) {
    const d = detailsOf(e);
    if (typeof d.note !== 'string' || d.note === '') continue;
    exchanges.push({
      kind: e.action === 'document.returned' ? 'kembali' : 'jawaban',
      at: e.at,
      actor: nameOf.get(e.actor) ?? e.actor,
      jabatan: typeof d.jabatan === 'string' ? d.jabatan : null,
      versionNo: typeof d.versionNo === 'number' ? d.versionNo : null,
      note: d.note,
    });
  }
  const steps = doc.currentVersion?.parafSteps ?? [];
  return {
    id: doc.id,
    kindId: doc.kindId,
    tentang: doc.tentang,
    state: doc.state,
    number: doc.number,
    region: doc.region,
    drafterId: doc.drafterId,
    drafterName: doc.drafter.displayName,
    signerName: doc.signer?.name ?? null,
    updatedAt: doc.updatedAt,
    issued: doc.issued,
    current: doc.currentVersion
      ? { versionNo: doc.currentVersion.versionNo, contentHash: doc.currentVersion.contentHash, dataYaml: doc.currentVersion.dataYaml, createdAt: doc.currentVersion.createdAt }
      : null,
    chain: chainOf(steps),
    returned: doc.state === 'returned' ? returnOf(steps) : null,
    versions: doc.versions.map((v) => ({ versionNo: v.versionNo, contentHash: v.contentHash, createdAt: v.createdAt, createdBy: v.createdBy.displayName })),
    exchanges,
  };
}

export interface AuditEventView {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly versionHash: string | null;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

/** A document's audit trail (of the user's regions), oldest first, paged by offset. */
export async function listDocumentAudit(db: Database, user: SessionUser, documentId: string, limit: number, cursor: string | undefined): Promise<Paged<AuditEventView>> {
  await requireVisibleDocument(db.prisma, user, documentId);
  const offset = decodeOffset(cursor);
  const [total, rows] = await Promise.all([
    db.prisma.auditEvent.count({ where: { documentId } }),
    db.prisma.auditEvent.findMany({ where: { documentId }, orderBy: { seq: 'asc' }, skip: offset, take: limit }),
  ]);
  return offsetPage(
    rows.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, versionHash: e.versionHash, details: detailsOf(e), prevHash: e.prevHash, hash: e.hash })),
    offset,
    limit,
    total,
  );
}
