/**
 * A generated archive: N issued documents (with the Document rows they belong to) and K participant
 * NIKs each, written straight into the tables — the archive search benchmark and tests need 100,000
 * issued documents, not 100,000 signed PDFs. Deterministic (mulberry32 PRNG). Subjects are drawn from
 * the words decrees use, so some words are common and some rare; NIKs are drawn from a pool of 5 per
 * document, so a NIK is in K/5 documents on average (two with the default K = 10).
 * May import: the db handle (Prisma for the fixtures, the drivers for the rows), the roster generator's PRNG.
 */
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../../src/db/create-database.ts';
import { createPrng } from '../../src/participants/generate-roster.ts';

export const ARCHIVE_REGIONS = ['Provinsi Nusa Tenggara Timur', 'Kota Bekasi', 'Kabupaten Kupang', 'Kabupaten Belu'] as const;

const OPENINGS = ['Penetapan', 'Pembentukan', 'Perubahan atas Keputusan tentang', 'Pengangkatan', 'Pemberian', 'Penunjukan', 'Pembagian', 'Pelaksanaan'];
const SUBJECTS = [
  'Peserta Penerima Bantuan Iuran Jaminan Kesehatan',
  'Tim Kerja Percepatan Penurunan Stunting',
  'Tenaga Kontrak Kerja pada Perangkat Daerah',
  'Satuan Tugas Penanggulangan Bencana',
  'Besaran Honorarium Pengelola Keuangan',
  'Lokasi Pembangunan Jalan dan Jembatan',
  'Panitia Seleksi Jabatan Pimpinan Tinggi Pratama',
  'Kelompok Kerja Pengadaan Barang dan Jasa',
  'Bantuan Sosial bagi Keluarga Miskin',
  'Penyelenggaraan Pendidikan Anak Usia Dini',
  'Tarif Retribusi Pelayanan Pasar',
  'Pengelola Barang Milik Daerah',
];
const PLACES = ['Kota Kupang', 'Kabupaten Kupang', 'Kabupaten Timor Tengah Selatan', 'Kabupaten Belu', 'Kabupaten Alor', 'Kabupaten Flores Timur', 'Kabupaten Sikka', 'Kabupaten Ende', 'Kabupaten Manggarai', 'Kabupaten Sumba Timur', 'Kota Bekasi'];

export interface GenerateArchiveOptions {
  readonly count: number;
  readonly niksPerDocument?: number;
  readonly seed?: number;
  readonly onProgress?: (done: number) => void;
}

export interface GeneratedArchive {
  /** NIKs in the archive, to search for. */
  readonly sampleNiks: readonly string[];
}

function nikOf(i: number): string {
  // 16 digits, NTT province 53, unique per pool index
  return `53${String(7_100_000_000_000 + i * 7919).padStart(14, '0').slice(-14)}`;
}

/** A DateTime as Prisma stores it: ISO text with +00:00 on SQLite, UTC timestamp text on PostgreSQL. */
function storedDate(db: Database, date: Date): string {
  const iso = date.toISOString();
  return db.provider === 'sqlite' ? iso.replace('Z', '+00:00') : iso.replace('T', ' ').slice(0, -1);
}

export async function generateArchive(db: Database, options: GenerateArchiveOptions): Promise<GeneratedArchive> {
  const rand = createPrng(options.seed ?? 7);
  const k = options.niksPerDocument ?? 10;
  const pool = Math.max(10, options.count * 5);
  const prisma = db.prisma;
  await prisma.documentKind.upsert({
    where: { id: 'arsip-uji' },
    create: { id: 'arsip-uji', family: 'keputusan', title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', numberingPattern: '{seq}/KEP/HK/{year}', numberingScope: 'arsip-uji' },
    update: {},
  });
  const drafter = await prisma.user.upsert({ where: { username: 'pembuat.arsip' }, create: { username: 'pembuat.arsip', displayName: 'Pembuat Arsip', passwordHash: 'x' }, update: {} });
  const sampleNiks: string[] = [];
  const BATCH = 5000;
  for (let start = 0; start < options.count; start += BATCH) {
    const documents: unknown[][] = [];
    const issued: unknown[][] = [];
    const niks: unknown[][] = [];
    for (let i = start; i < Math.min(options.count, start + BATCH); i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const year = 2020 + (i % 6);
      const date = storedDate(db, new Date(Date.UTC(year, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))));
      const region = ARCHIVE_REGIONS[Math.floor(rand() * ARCHIVE_REGIONS.length)]!;
      const tentang = `${OPENINGS[Math.floor(rand() * OPENINGS.length)]} ${SUBJECTS[Math.floor(rand() * SUBJECTS.length)]} di ${PLACES[Math.floor(rand() * PLACES.length)]} Tahun ${year}`;
      const number = `${i + 1}/KEP/HK/${year}`;
      documents.push([id, 'arsip-uji', 'signed', tentang, drafter.id, number, i + 1, year, date, region, date, date]);
      issued.push([id, 'arsip-uji', number, year, date, tentang, 'Kosmas D. Lana', region, id.replace(/-/g, '').padEnd(64, '0')]);
      const seen = new Set<string>();
      while (seen.size < k) seen.add(nikOf(Math.floor(rand() * pool)));
      for (const nik of seen) niks.push([id, nik]);
      if (i % Math.max(1, Math.floor(options.count / 200)) === 0) sampleNiks.push([...seen][0]!);
    }
    await insertRows(db, 'Document', ['id', 'kindId', 'state', 'tentang', 'drafterId', 'number', 'numberSeq', 'numberYear', 'signedAt', 'region', 'createdAt', 'updatedAt'], documents);
    await insertRows(db, 'IssuedDocument', ['documentId', 'kind', 'number', 'year', 'date', 'tentang', 'signerName', 'region', 'pdfSha256'], issued);
    await insertRows(db, 'IssuedNik', ['issuedDocumentId', 'nik'], niks);
    options.onProgress?.(Math.min(options.count, start + BATCH));
  }
  return { sampleNiks };
}

/** Rows into a table through the driver: one SQLite transaction, or one PostgreSQL COPY. */
async function insertRows(db: Database, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  if (db.raw.provider === 'sqlite') {
    const conn = db.raw.writer();
    const insert = conn.prepare(`INSERT INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
    conn.transaction(() => {
      for (const r of rows) insert.run(r);
    })();
    return;
  }
  const client = await db.raw.pool.connect();
  try {
    const stream = client.query(copyFrom(`COPY "${table}" (${list}) FROM STDIN`));
    stream.end(rows.map((r) => `${r.map((v) => (v === null ? '\\N' : String(v))).join('\t')}\n`).join(''));
    await finished(stream);
  } finally {
    client.release();
  }
}
