/**
 * The archive's read side: search issued documents by number, year, kind, signer, region, a
 * participant's NIK, and words of the subject (tentang); find an issued document by the SHA-256 of a
 * PDF someone hands in. Read-only.
 * May import: the Prisma facade, errors.
 */
import type { DatabaseProvider, IssuedDocument, Prisma, PrismaClient } from '../db/prisma-client.ts';

export interface ArchiveQuery {
  readonly number?: string;
  readonly year?: number;
  readonly kind?: string;
  readonly nik?: string;
  readonly signer?: string;
  readonly region?: string;
  /** Only records of these region ids (the searching user's regions); absent: every region. */
  readonly regions?: readonly string[];
  /** Words that must all occur in the subject (tentang), case-insensitive. */
  readonly text?: string;
  readonly limit?: number;
  readonly offset?: number;
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

export async function searchArchive(db: ArchiveDb, query: ArchiveQuery): Promise<{ total: number; records: ArchiveRecord[] }> {
  // SQLite's LIKE is case-insensitive for ASCII; PostgreSQL needs mode: 'insensitive'.
  const insensitive = db.provider === 'postgresql' ? ({ mode: 'insensitive' } as object) : {};
  const contains = (value: string): Prisma.StringFilter => ({ contains: value, ...insensitive }) as Prisma.StringFilter;
  const and: Prisma.IssuedDocumentWhereInput[] = [];
  if (query.number) and.push({ number: contains(query.number.trim()) });
  if (query.year !== undefined) and.push({ year: query.year });
  if (query.kind) and.push({ kind: query.kind });
  if (query.signer) and.push({ signerName: contains(query.signer.trim()) });
  if (query.region) and.push({ region: contains(query.region.trim()) });
  if (query.regions !== undefined) and.push({ region: { in: [...query.regions] } });
  if (query.nik) and.push({ niks: { some: { nik: query.nik.trim() } } });
  for (const word of (query.text ?? '').split(/\s+/).filter((w) => w.length > 0)) and.push({ tentang: contains(word) });
  const where: Prisma.IssuedDocumentWhereInput = and.length > 0 ? { AND: and } : {};
  const [total, rows] = await Promise.all([
    db.prisma.issuedDocument.count({ where }),
    db.prisma.issuedDocument.findMany({
      where,
      orderBy: [{ date: 'desc' }, { number: 'asc' }],
      take: Math.min(query.limit ?? 50, 500),
      skip: query.offset ?? 0,
    }),
  ]);
  return { total, records: rows.map(toArchiveRecord) };
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
