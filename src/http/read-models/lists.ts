/**
 * Participant lists as the pages and the API show them: the stored lists (paged, newest first) with who
 * imported and who approved them, one list with its stored report, its rows (paged), and the approved
 * lists a participant decree may attach — of the user's regions only. Reads only. Imports the db
 * handle's types, region scoping and paging.
 */
import type { Database } from '../../db/create-database.ts';
import { inRegions } from '../../use-cases/region-scope.ts';
import type { SessionUser } from '../http-deps.ts';
import { afterKeyset, decodeKeyset, decodeRowCursor, encodeRowCursor, keysetPage, type Paged } from '../paging.ts';

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
  /** Rows approved for this list; null until it is approved. */
  readonly approved: number | null;
  /** Accepted rows left outside the quota at approval, and those another list of the year took first. */
  readonly outsideQuota: number;
  readonly alreadyApproved: number;
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
    // a list still being imported is not a list yet
    where: { AND: [inRegions(user), afterKeyset('createdAt', decodeKeyset(page.cursor)), page.status ? { status: page.status } : { status: { not: 'importing' } }, ...(page.program ? [{ program: page.program }] : [])] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: { createdBy: { select: { displayName: true } } },
  });
  const paged = keysetPage(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
  const approvers = await namesOf(db, paged.items.map((r) => r.approvedById));
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
      approved: r.status === 'approved' ? r.approvedCount : null,
      outsideQuota: r.outsideQuota,
      alreadyApproved: r.alreadyApproved,
      contentHash: r.contentHash,
      createdAt: r.createdAt,
      createdBy: r.createdBy.displayName,
      approvedAt: r.approvedAt,
      approvedBy: r.approvedById ? (approvers.get(r.approvedById) ?? null) : null,
    })),
  };
}

export async function getParticipantList(db: Database, user: SessionUser, id: string): Promise<(ParticipantListSummary & { readonly report: unknown; readonly createdById: string }) | undefined> {
  const row = await db.prisma.participantList.findFirst({ where: { id, ...inRegions(user), status: { not: 'importing' } }, include: { createdBy: { select: { displayName: true } } } });
  if (!row) return undefined;
  let report: unknown;
  try {
    report = JSON.parse(row.reportJson);
  } catch {
    report = undefined;
  }
  const approvers = await namesOf(db, [row.approvedById]);
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
    approved: row.status === 'approved' ? row.approvedCount : null,
    outsideQuota: row.outsideQuota,
    alreadyApproved: row.alreadyApproved,
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

/**
 * The accepted rows of a list in file order, paged by keyset on the row number (the table's key after
 * the list id); whether each was approved for this list comes from the program year's approved NIKs.
 */
export async function listParticipantRows(
  db: Database,
  list: { readonly id: string; readonly program: string; readonly year: number },
  limit: number,
  cursor: string | undefined,
): Promise<Paged<ParticipantRowView>> {
  const after = decodeRowCursor(cursor);
  const rows = await db.prisma.participant.findMany({
    where: { listId: list.id, ...(after !== undefined ? { rowNo: { gt: after } } : {}) },
    orderBy: { rowNo: 'asc' },
    take: limit + 1,
    select: { rowNo: true, nik: true, nama: true, tanggalLahir: true, jenisKelamin: true },
  });
  const items = rows.slice(0, limit);
  const taken = new Set(
    items.length === 0
      ? []
      : (await db.prisma.approvedNik.findMany({ where: { program: list.program, year: list.year, listId: list.id, nik: { in: items.map((r) => r.nik) } }, select: { nik: true } })).map((a) => a.nik),
  );
  return {
    items: items.map((r) => ({ ...r, approved: taken.has(r.nik) })),
    nextCursor: rows.length > limit ? encodeRowCursor(items[items.length - 1]!.rowNo) : null,
  };
}

/** Approved lists of the user's regions a decree of `program` may attach (newest first). */
export async function approvedListsFor(db: Database, user: SessionUser, program: string | undefined): Promise<ParticipantListSummary[]> {
  return [...(await listParticipantLists(db, user, { limit: 100, status: 'approved', ...(program ? { program } : {}) })).items];
}
