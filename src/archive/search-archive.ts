/**
 * The archive's read side: search issued documents by number, year, kind, signer, a participant's NIK
 * and words of the subject (tentang), within the regions the caller passes (the searching user's), one
 * page at a time; find an issued document by the SHA-256 of a PDF someone hands in. Read-only.
 *
 * Every search runs through an index: a NIK through IssuedNik's index on nik (a MATERIALIZED set of
 * candidates joined to the records by primary key, so no planner walks the archive in date order
 * looking for them), words through the full-text index (SQLite: the FTS5 table IssuedDocumentFts, which
 * also carries region and date, so words alone never touch the records; PostgreSQL: the GIN index on the
 * tsvector column "tentangSearch" — migration 0007). Without those, the (date, documentId) index gives
 * the newest first. The page and the total come from one query (a window count). The SQL is written
 * here, not by Prisma (whose NIK filter became a scan of every document on SQLite); Prisma then loads
 * the page's records by primary key. Paging: `limit` and an opaque `cursor` (the last record's date and
 * id) — keyset, so page 1,000 costs what page 1 does.
 * Words: each word of the query must begin a word of the subject (prefix match, case-insensitive).
 * May import: the Prisma facade, errors.
 */
import type { DatabaseProvider, IssuedDocument, PrismaClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';

export interface ArchiveQuery {
  /** Part of the number, case-insensitive. */
  readonly number?: string;
  readonly year?: number;
  readonly kind?: string;
  readonly nik?: string;
  /** Part of the signer's name, case-insensitive. */
  readonly signer?: string;
  /** Only records of these region ids (the searching user's regions); absent: every region. */
  readonly regions?: readonly string[];
  /** Words that must all begin a word of the subject (tentang), case-insensitive. */
  readonly text?: string;
  /** Records per page (default 50, at most 500). */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface ArchiveRecord {
  readonly documentId: string;
  readonly kind: string;
  readonly number: string;
  readonly year: number;
  readonly date: string;
  readonly tentang: string;
  readonly signerName: string;
  readonly region: string | null;
  readonly pdfSha256: string;
  readonly status: string;
  readonly revokedAt: string | null;
  readonly revokeReason: string | null;
}

export interface ArchivePage {
  /** Records matching the query, all pages together: on the first page (no cursor); null on the others. */
  readonly total: number | null;
  /** This page, newest first. */
  readonly records: ArchiveRecord[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

interface ArchiveDb {
  readonly prisma: PrismaClient;
  readonly provider: DatabaseProvider;
}

export function toArchiveRecord(row: IssuedDocument): ArchiveRecord {
  return {
    documentId: row.documentId,
    kind: row.kind,
    number: row.number,
    year: row.year,
    date: row.date.toISOString().slice(0, 10),
    tentang: row.tentang,
    signerName: row.signerName,
    region: row.region,
    pdfSha256: row.pdfSha256,
    status: row.status,
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
    revokeReason: row.revokeReason,
  };
}

export const MAX_PAGE = 500;

/** The words of a query as the full-text index knows them: letters and digits, lower case. */
export function searchWords(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 16) ?? [];
}

interface Cursor {
  readonly date: Date;
  readonly documentId: string;
}

function encodeCursor(row: { date: Date; documentId: string }): string {
  return Buffer.from(JSON.stringify([row.date.toISOString(), row.documentId])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const [date, documentId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [unknown, unknown];
    const d = new Date(String(date));
    if (typeof documentId === 'string' && documentId.length > 0 && !Number.isNaN(d.getTime())) return { date: d, documentId };
  } catch {
    // fall through
  }
  throw new AppError('USAGE', 'Kursor halaman arsip tidak sah; gunakan nilai nextCursor dari halaman sebelumnya, atau mulai dari halaman pertama.', { field: 'cursor' });
}

/** A date as each database stores DateTime (Prisma: ISO text with +00:00 on SQLite, timestamp(3) in UTC on PostgreSQL). */
function dateParam(provider: DatabaseProvider, date: Date): string {
  const iso = date.toISOString();
  return provider === 'sqlite' ? iso.replace('Z', '+00:00') : iso.slice(0, -1);
}

function likePattern(value: string): string {
  return `%${value.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface ArchiveSql {
  /**
   * Selects "id" and "total" (every match, a window count over the same rows — one pass for both) of
   * one page: limit + 1 rows, to know whether another follows.
   */
  readonly sql: string;
  readonly params: unknown[];
}

/** The SQL of a search, per database (exported for the tests, which EXPLAIN it). */
export function archiveSearchSql(provider: DatabaseProvider, query: ArchiveQuery): ArchiveSql {
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return provider === 'sqlite' ? '?' : `$${params.length}`;
  };
  const nik = query.nik?.trim();
  const words = searchWords(query.text);
  const onlyWords = words.length > 0 && !nik && query.year === undefined && !query.kind && !query.number?.trim() && !query.signer?.trim();
  const where: string[] = [];
  let from: string;
  let withClause = '';
  if (provider === 'sqlite' && onlyWords) {
    // The full-text table carries each document's region and date: words, regions and the order need
    // nothing else, so the records are not visited at all.
    from = `"IssuedDocumentFts" d`;
    where.push(`"IssuedDocumentFts" MATCH ${p(words.map((w) => `"${w}"*`).join(' '))}`);
  } else {
    const candidates: string[] = [];
    if (nik) candidates.push(`SELECT "issuedDocumentId" AS id FROM "IssuedNik" WHERE "nik" = ${p(nik)}`);
    if (words.length > 0 && provider === 'sqlite') candidates.push(`SELECT "documentId" AS id FROM "IssuedDocumentFts" WHERE "IssuedDocumentFts" MATCH ${p(words.map((w) => `"${w}"*`).join(' '))}`);
    // Candidates first (each from its index, intersected), then the records by primary key.
    if (candidates.length > 0) withClause = `WITH hits AS MATERIALIZED (${candidates.join(' INTERSECT ')}) `;
    from = candidates.length > 0 ? `hits JOIN "IssuedDocument" d ON d."documentId" = hits.id` : `"IssuedDocument" d`;
    // PostgreSQL: the GIN index answers the words in the same scan that reads the records
    if (words.length > 0 && provider === 'postgresql') where.push(`d."tentangSearch" @@ to_tsquery('simple', ${p(words.map((w) => `'${w}':*`).join(' & '))})`);
  }
  if (query.regions !== undefined) where.push(query.regions.length === 0 ? '1 = 0' : `d."region" IN (${query.regions.map((r) => p(r)).join(', ')})`);
  if (query.year !== undefined) where.push(`d."year" = ${p(query.year)}`);
  if (query.kind) where.push(`d."kind" = ${p(query.kind)}`);
  const like = provider === 'sqlite' ? 'LIKE' : 'ILIKE';
  if (query.number?.trim()) where.push(`d."number" ${like} ${p(likePattern(query.number))} ESCAPE '\\'`);
  if (query.signer?.trim()) where.push(`d."signerName" ${like} ${p(likePattern(query.signer))} ESCAPE '\\'`);
  if (query.cursor !== undefined) {
    const c = decodeCursor(query.cursor);
    where.push(`(d."date", d."documentId") < (${p(dateParam(provider, c.date))}, ${p(c.documentId)})`);
  }
  const limit = Math.max(1, Math.min(query.limit ?? 50, MAX_PAGE));
  const sql = `${withClause}SELECT d."documentId" AS id, count(*) OVER () AS total FROM ${from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY d."date" DESC, d."documentId" DESC LIMIT ${p(limit + 1)}`;
  return { sql, params };
}

export async function searchArchive(db: ArchiveDb, query: ArchiveQuery): Promise<ArchivePage> {
  if (query.text !== undefined && query.text.trim() !== '' && searchWords(query.text).length === 0) {
    throw new AppError('USAGE', `Kata pencarian "${query.text.slice(0, 40)}" tidak memuat huruf atau angka; tulis kata dari judul naskah.`, { field: 'text' });
  }
  const { sql, params } = archiveSearchSql(db.provider, query);
  const limit = Math.max(1, Math.min(query.limit ?? 50, MAX_PAGE));
  const hits = await db.prisma.$queryRawUnsafe<{ id: string; total: number | bigint }[]>(sql, ...params);
  const pageIds = hits.slice(0, limit).map((r) => r.id);
  const rows = pageIds.length > 0 ? await db.prisma.issuedDocument.findMany({ where: { documentId: { in: pageIds } } }) : [];
  const byId = new Map(rows.map((r) => [r.documentId, r]));
  const ordered = pageIds.map((id) => byId.get(id)).filter((r): r is IssuedDocument => r !== undefined);
  const last = ordered[ordered.length - 1];
  return {
    total: query.cursor === undefined ? Number(hits[0]?.total ?? 0) : null,
    records: ordered.map(toArchiveRecord),
    nextCursor: hits.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}

export async function findIssuedByPdfHash(db: ArchiveDb, sha256: string): Promise<ArchiveRecord | undefined> {
  const row = await db.prisma.issuedDocument.findFirst({ where: { pdfSha256: sha256.toLowerCase() } });
  if (row) return toArchiveRecord(row);
  // A copy from before `archive extend` appended a time stamp: the same document, an earlier file.
  const earlier = await db.prisma.issuedPdfVersion.findUnique({ where: { sha256: sha256.toLowerCase() } });
  const current = earlier ? await db.prisma.issuedDocument.findUnique({ where: { documentId: earlier.documentId } }) : null;
  return current ? toArchiveRecord(current) : undefined;
}

export async function findIssuedByDocumentId(db: ArchiveDb, documentId: string): Promise<ArchiveRecord | undefined> {
  const row = await db.prisma.issuedDocument.findUnique({ where: { documentId } });
  return row ? toArchiveRecord(row) : undefined;
}
