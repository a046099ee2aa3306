/**
 * The demo register of legal references: the regulations the seed decrees cite in Mengingat (UU 23/2014
 * with its amendments, UU 21/2022 on the Province of NTT, Perpres 82/2018 with its amendments, and the
 * social-security laws), stored nationally by the demo admin so drafters pick them instead of retyping.
 * Idempotent: a regulation already registered (same jenis, nomor, tahun) is kept.
 * Imports: the legal-references use case.
 */
import { createLegalReference, type LegalReferenceInput } from '../use-cases/manage-legal-references.ts';
import type { UseCaseDb, UseCaseOptions } from '../use-cases/use-case-db.ts';

type Entry = Omit<LegalReferenceInput, 'region' | 'amendsId'> & { readonly key: string; readonly amends?: string };

const LN = (tahun: number, nomor: string, tambahan?: string) => ({ lembaran: 'LN', lembaranTahun: tahun, lembaranNomor: nomor, tambahanNomor: tambahan ?? null });

const ENTRIES: readonly Entry[] = [
  { key: 'uu23-2014', jenis: 'Undang-Undang', nomor: '23', tahun: 2014, tentang: 'Pemerintahan Daerah', ...LN(2014, '244', '5587') },
  { key: 'uu9-2015', amends: 'uu23-2014', jenis: 'Undang-Undang', nomor: '9', tahun: 2015, tentang: 'Perubahan Kedua atas Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah', ...LN(2015, '58', '5679') },
  {
    key: 'uu6-2023',
    amends: 'uu23-2014',
    jenis: 'Undang-Undang',
    nomor: '6',
    tahun: 2023,
    tentang: 'Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 Tentang Cipta Kerja Menjadi Undang-Undang',
    ...LN(2023, '41', '6856'),
  },
  { key: 'uu21-2022', jenis: 'Undang-Undang', nomor: '21', tahun: 2022, tentang: 'Provinsi Nusa Tenggara Timur', ...LN(2022, '164', '6810') },
  { key: 'uu40-2004', jenis: 'Undang-Undang', nomor: '40', tahun: 2004, tentang: 'Sistem Jaminan Sosial Nasional', ...LN(2004, '150', '4456') },
  { key: 'uu24-2011', jenis: 'Undang-Undang', nomor: '24', tahun: 2011, tentang: 'Badan Penyelenggara Jaminan Sosial', ...LN(2011, '116', '5256') },
  { key: 'pp82-2018', jenis: 'Peraturan Presiden', nomor: '82', tahun: 2018, tentang: 'Jaminan Kesehatan', ...LN(2018, '165') },
  { key: 'pp64-2020', amends: 'pp82-2018', jenis: 'Peraturan Presiden', nomor: '64', tahun: 2020, tentang: 'Perubahan Kedua atas Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan', ...LN(2020, '130') },
  { key: 'pp59-2024', amends: 'pp82-2018', jenis: 'Peraturan Presiden', nomor: '59', tahun: 2024, tentang: 'Perubahan Ketiga atas Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan', ...LN(2024, '82') },
];

export async function seedDemoLegalReferences(db: UseCaseDb, adminUsername: string, options?: UseCaseOptions): Promise<number> {
  const ids = new Map<string, string>();
  let created = 0;
  for (const e of ENTRIES) {
    const existing = await db.prisma.legalReference.findFirst({ where: { jenis: e.jenis, nomor: e.nomor, tahun: e.tahun, region: null } });
    if (existing) {
      ids.set(e.key, existing.id);
      continue;
    }
    const { key, amends, ...input } = e;
    const row = await createLegalReference(db, { ...input, region: null, amendsId: amends ? (ids.get(amends) ?? null) : null, username: adminUsername }, options);
    ids.set(key, row.id);
    created++;
  }
  return created;
}
