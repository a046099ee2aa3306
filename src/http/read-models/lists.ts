/**
 * Participant lists as the pages and the API show them: the stored lists (paged, newest first) with who
 * imported and who approved them, one list with its stored report, its rows (paged), and the approved
 * lists a participant decree may attach — of the user's regions only. Reads only. Imports the db
 * handle's types, region scoping and paging.
 */
import type { Database } from '../../db/create-database.ts';
import { inRegions } from '../../use-cases/region-scope.ts';
import type { SessionUser } from '../http-deps.ts';
import { afterKeyset, decodeKeyset, decodeOffset, keysetPage, offsetPage, type Paged } from '../paging.ts';

export interface ParticipantListSummary {
  readonly id: string;
  readonly program: string;
  readonly year: number;
  readonly region: string | null;
  readonly fileName: string;
  readonly status: string;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly approved: number | null;
  readonly contentHash: string | null;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly approvedAt: Date | null;
  readonly approvedBy: string | null;
}

async function namesOf(db: Database, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

export async function listParticipantLists(db: Database, user: SessionUser, page: { readonly limit: number; readonly cursor?: string | undefined; readonly status?: string | undefined; readonly program?: string | undefined }): Promise<Paged<ParticipantListSummary>> {
  const rows = await db.prisma.participantList.findMany({
    where: { AND: [inRegions(user), afterKeyset('createdAt', decodeKeyset(page.cursor)), ...(page.status ? [{ status: page.status }] : []), ...(page.program ? [{ program: page.program }] : [])] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: { createdBy: { select: { displayName: true } } },
  });
  const paged = keysetPage(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
  const approvers = await namesOf(db, paged.items.map((r) => r.approvedById));
  const approvedCounts = new Map<string, number>();
  for (const r of paged.items.filter((x) => x.status === 'approved')) approvedCounts.set(r.id, await db.prisma.participant.count({ where: { listId: r.id, approved: true } }));
  return {
    nextCursor: paged.nextCursor,
    items: paged.items.map((r) => ({
      id: r.id,
      program: r.program,
      year: r.year,
      region: r.region,
      fileName: r.fileName,
      status: r.status,
      total: r.total,
      accepted: r.accepted,
      rejected: r.rejected,
      approved: approvedCounts.get(r.id) ?? null,
      contentHash: r.contentHash,
      createdAt: r.createdAt,
      createdBy: r.createdBy.displayName,
      approvedAt: r.approvedAt,
      approvedBy: r.approvedById ? (approvers.get(r.approvedById) ?? null) : null,
    })),
  };
}

export async function getParticipantList(db: Database, user: SessionUser, id: string): Promise<(ParticipantListSummary & { readonly report: unknown; readonly createdById: string }) | undefined> {
  const row = await db.prisma.participantList.findFirst({ where: { id, ...inRegions(user) }, include: { createdBy: { select: { displayName: true } } } });
  if (!row) return undefined;
  let report: unknown;
  try {
    report = JSON.parse(row.reportJson);
  } catch {
    report = undefined;
  }
  const approvers = await namesOf(db, [row.approvedById]);
  const approved = row.status === 'approved' ? await db.prisma.participant.count({ where: { listId: row.id, approved: true } }) : null;
  return {
    id: row.id,
    program: row.program,
    year: row.year,
    region: row.region,
    fileName: row.fileName,
    status: row.status,
    total: row.total,
    accepted: row.accepted,
    rejected: row.rejected,
    approved,
    contentHash: row.contentHash,
    createdAt: row.createdAt,
    createdBy: row.createdBy.displayName,
    createdById: row.createdById,
    approvedAt: row.approvedAt,
    approvedBy: row.approvedById ? (approvers.get(row.approvedById) ?? null) : null,
    report,
  };
}

export interface ParticipantRowView {
  readonly rowNo: number;
  readonly nik: string;
  readonly nama: string;
  readonly tanggalLahir: string | null;
  readonly jenisKelamin: string | null;
  readonly approved: boolean;
}

/** The accepted rows of a list in file order, paged by offset (the row number is the sort key). */
export async function listParticipantRows(db: Database, listId: string, limit: number, cursor: string | undefined): Promise<Paged<ParticipantRowView>> {
  const offset = decodeOffset(cursor);
  const [total, rows] = await Promise.all([
    db.prisma.participant.count({ where: { listId } }),
    db.prisma.participant.findMany({ where: { listId }, orderBy: { rowNo: 'asc' }, skip: offset, take: limit, select: { rowNo: true, nik: true, nama: true, tanggalLahir: true, jenisKelamin: true, approved: true } }),
  ]);
  return offsetPage(rows, offset, limit, total);
}

/** Approved lists of the user's regions a decree of `program` may attach (newest first). */
export async function approvedListsFor(db: Database, user: SessionUser, program: string | undefined): Promise<ParticipantListSummary[]> {
  return [...(await listParticipantLists(db, user, { limit: 100, status: 'approved', ...(program ? { program } : {}) })).items];
}
