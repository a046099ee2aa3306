/**
 * The archive as the pages and the API search it (number, year, kind, signer, NIK, words; paged) and an
 * issued document as its public verification page shows it: the revocation reason only when it was
 * marked public. Searches cover the user's regions; the public page is not scoped (it shows no personal
 * data). Reads only; the search itself is the archive module's (indexed, keyset-paged). Imports archive and paging.
 */
import { findIssuedByDocumentId, searchArchive as runArchiveSearch, type ArchiveRecord } from '../../archive/search-archive.ts';
import type { Database } from '../../db/create-database.ts';
import type { SessionUser } from '../http-deps.ts';
import type { Paged } from '../paging.ts';

export interface ArchiveSearch {
  readonly number?: string | undefined;
  readonly year?: number | undefined;
  readonly nik?: string | undefined;
  readonly text?: string | undefined;
  readonly signer?: string | undefined;
  readonly kind?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/**
 * The archive module's search over the user's regions, paged by its keyset cursor (stable while decrees
 * are issued). `total` is counted on the first page only (null on the following ones).
 */
export async function searchArchive(db: Database, user: SessionUser, q: ArchiveSearch): Promise<Paged<ArchiveRecord> & { readonly total: number | null }> {
  const query = Object.fromEntries(
    Object.entries({ number: q.number?.trim(), year: q.year, nik: q.nik?.trim(), text: q.text?.trim(), signer: q.signer?.trim(), kind: q.kind?.trim() }).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = await runArchiveSearch(db, { ...query, limit: q.limit, ...(q.cursor ? { cursor: q.cursor } : {}), regions: user.regions });
  return { items: result.records, nextCursor: result.nextCursor, total: result.total };
}

export interface PublicIssuedView extends Omit<ArchiveRecord, 'revokeReason'> {
  readonly kindTitle: string;
  /** Null unless the revocation reason was marked public. */
  readonly revokeReason: string | null;
}

/** The issued document with its kind's title ("KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR") for the public page. */
export async function getPublicIssuedView(db: Database, documentId: string): Promise<PublicIssuedView | undefined> {
  const record = await findIssuedByDocumentId(db, documentId);
  if (!record) return undefined;
  const [kind, flags] = await Promise.all([
    db.prisma.documentKind.findUnique({ where: { id: record.kind }, select: { title: true } }),
    db.prisma.issuedDocument.findUnique({ where: { documentId }, select: { revokeReasonPublic: true } }),
  ]);
  return { ...record, kindTitle: kind?.title ?? record.kind, revokeReason: flags?.revokeReasonPublic ? record.revokeReason : null };
}

/** An issued document of the user's regions (undefined for another region's). */
export async function getIssuedDocument(db: Database, user: SessionUser, documentId: string): Promise<ArchiveRecord | undefined> {
  const record = await findIssuedByDocumentId(db, documentId);
  return record && record.region !== null && user.regions.includes(record.region) ? record : undefined;
}
