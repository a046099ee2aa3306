/**
 * A generated archive: N issued documents (with the Document rows they belong to) and K participant
 * NIKs each, written straight into the tables — the archive search benchmark and tests need 100,000
 * issued documents, not 100,000 signed PDFs. Deterministic (mulberry32 PRNG). Subjects are drawn from
 * the words decrees use, so some words are common and some rare; NIKs are drawn from a pool of 5 per
 * document, so a NIK is in K/5 documents on average (two with the default K = 10).
 * May import: the Prisma facade (through the db handle), the roster generator's PRNG.
 */
import type { PrismaClient } from '../../src/db/prisma-client.ts';
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

export async function generateArchive(prisma: PrismaClient, options: GenerateArchiveOptions): Promise<GeneratedArchive> {
  const rand = createPrng(options.seed ?? 7);
  const k = options.niksPerDocument ?? 10;
  const pool = Math.max(10, options.count * 5);
  await prisma.documentKind.upsert({
    where: { id: 'arsip-uji' },
    create: { id: 'arsip-uji', family: 'keputusan', title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', numberingPattern: '{seq}/KEP/HK/{year}', numberingScope: 'arsip-uji' },
    update: {},
  });
  const drafter = await prisma.user.upsert({ where: { username: 'pembuat.arsip' }, create: { username: 'pembuat.arsip', displayName: 'Pembuat Arsip', passwordHash: 'x' }, update: {} });
  const sampleNiks: string[] = [];
  const BATCH = 1000;
  for (let start = 0; start < options.count; start += BATCH) {
    const documents = [];
    const issued = [];
    const niks = [];
    for (let i = start; i < Math.min(options.count, start + BATCH); i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const year = 2020 + (i % 6);
      const date = new Date(Date.UTC(year, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
      const region = ARCHIVE_REGIONS[Math.floor(rand() * ARCHIVE_REGIONS.length)]!;
      const tentang = `${OPENINGS[Math.floor(rand() * OPENINGS.length)]} ${SUBJECTS[Math.floor(rand() * SUBJECTS.length)]} di ${PLACES[Math.floor(rand() * PLACES.length)]} Tahun ${year}`;
      const number = `${i + 1}/KEP/HK/${year}`;
      documents.push({ id, kindId: 'arsip-uji', state: 'signed', tentang, drafterId: drafter.id, number, numberSeq: i + 1, numberYear: year, signedAt: date, region, createdAt: date });
      issued.push({ documentId: id, kind: 'arsip-uji', number, year, date, tentang, signerName: 'Kosmas D. Lana', region, pdfSha256: id.replace(/-/g, '').padEnd(64, '0') });
      const seen = new Set<string>();
      while (seen.size < k) seen.add(nikOf(Math.floor(rand() * pool)));
      for (const nik of seen) niks.push({ issuedDocumentId: id, nik });
      if (i % Math.max(1, Math.floor(options.count / 200)) === 0) sampleNiks.push([...seen][0]!);
    }
    await prisma.document.createMany({ data: documents });
    await prisma.issuedDocument.createMany({ data: issued });
    await prisma.issuedNik.createMany({ data: niks });
    options.onProgress?.(Math.min(options.count, start + BATCH));
  }
  return { sampleNiks };
}
