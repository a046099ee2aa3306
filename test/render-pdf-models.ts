/**
 * Small document models for the PDF renderer tests: one resembling the NTT seed (Keputusan Gubernur
 * 99/KEP/HK/2025 with Lampiran I) and a participant table fed by a row source. Test helpers only.
 */
import { DEFAULT_PAGE, type Block, type DocumentModel, type RowSource, type TableCell } from '../src/model/document-model.ts';

const NTT = 'NUSA TENGGARA TIMUR';
const TENTANG =
  'TIM KERJA PENGELOLAAN KEPESERTAAN PROGRAM JAMINAN KESEHATAN NASIONAL BAGI PENDUDUK PEKERJA BUKAN PENERIMA UPAH DAN BUKAN PEKERJA PEMERINTAH PROVINSI NUSA TENGGARA TIMUR';

const p = (text: string, align: 'left' | 'center' | 'justify' = 'justify', extra: Partial<{ bold: boolean; spaceAfter: number; keepWithNext: boolean }> = {}): Block => ({
  kind: 'paragraph',
  runs: [{ text, bold: extra.bold }],
  align,
  spaceAfter: extra.spaceAfter,
  keepWithNext: extra.keepWithNext,
});

const list = (items: readonly [string, string][]): Block => ({
  kind: 'list',
  items: items.map(([marker, text]) => ({ marker, body: [p(text)] })),
});

const labeled = (label: string, body: readonly Block[], group: string, spaceAfter = 0.5): Block => ({
  kind: 'labeled',
  label: [{ text: label }],
  separator: ':',
  group,
  body,
  spaceAfter,
});

const signature = (slot: string, placeDate: boolean): Block => ({
  kind: 'signature',
  placeDate: placeDate
    ? [
        { label: 'Ditetapkan di', separator: '', value: 'Kupang' },
        { label: 'pada tanggal', separator: '', value: '24 Maret 2025' },
      ]
    : [],
  heading: [`a.n. GUBERNUR ${NTT}`, 'SEKRETARIS DAERAH,'],
  name: 'KOSMAS D. LANA',
  slot,
  column: 0.42,
  spaceBefore: 1,
});

const paraf: Block = {
  kind: 'paraf-table',
  title: 'PARAF HIERARKI',
  rows: [
    { jabatan: 'ASISTEN PEMERINTAHAN DAN KESRA', paraf: 'R.' },
    { jabatan: 'KEPALA BIRO HUKUM', paraf: '' },
    { jabatan: 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA' },
  ],
  spaceBefore: 1,
};

const DIKTUM: readonly [string, string][] = [
  ['KESATU', `Tim Kerja Pengelolaan Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah dan Bukan Pekerja Pemerintah Provinsi Nusa Tenggara Timur.`],
  ['KEDUA', 'Susunan keanggotaan Tim Kerja sebagaimana dimaksud dalam Diktum KESATU adalah sebagaimana tercantum dalam Lampiran I Keputusan ini.'],
  ['KETIGA', 'Dalam melaksanakan tugasnya, Tim Kerja sebagaimana dimaksud dalam Diktum KEDUA dibantu oleh Sekretariat Tim yang keanggotaannya sebagaimana tercantum dalam Lampiran II Keputusan ini.'],
  ['KEEMPAT', 'Tim Kerja dan Sekretariat Tim sebagaimana dimaksud dalam Diktum KEDUA dan Diktum KETIGA bertanggungjawab kepada Gubernur Nusa Tenggara Timur.'],
  ['KELIMA', 'Segala biaya yang dikeluarkan sebagai akibat ditetapkannya Keputusan ini dibebankan kepada Anggaran Pendapatan dan Belanja Daerah Provinsi Nusa Tenggara Timur.'],
  ['KEENAM', 'Keputusan Gubernur ini mulai berlaku pada tanggal ditetapkan.'],
];

export function nttModel(): DocumentModel {
  const body: Block[] = [
    { kind: 'kop', rule: 'none', lines: [{ runs: [{ text: `GUBERNUR ${NTT}`, bold: true }] }], spaceAfter: 1 },
    p(`KEPUTUSAN GUBERNUR ${NTT}`, 'center', { keepWithNext: true }),
    p('NOMOR : 99/KEP/HK/2025', 'center', { spaceAfter: 0.5, keepWithNext: true }),
    p('TENTANG', 'center', { spaceAfter: 0.5, keepWithNext: true }),
    p(TENTANG, 'center', { spaceAfter: 1, keepWithNext: true }),
    p(`GUBERNUR ${NTT},`, 'center', { spaceAfter: 1 }),
    labeled(
      'Menimbang',
      [
        list([
          ['a.', 'bahwa sesuai ketentuan Pasal 34 ayat (1) huruf b Peraturan Presiden Nomor 64 Tahun 2020 tentang Perubahan Kedua Atas Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan, iuran untuk peserta Pekerja Bukan Penerima Upah dan peserta Bukan Pekerja dapat dibayarkan oleh Pemerintah Daerah;'],
          ['b.', 'bahwa untuk mendukung kelancaran pengelolaan data kepesertaan Pekerja Bukan Penerima Upah dan Bukan Pekerja sebagaimana dimaksud pada huruf a yang menjadi tanggungan Pemerintah Provinsi Nusa Tenggara Timur, perlu dibentuk Tim Kerja;'],
          ['c.', 'bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, dan huruf b, perlu menetapkan Keputusan Gubernur tentang Tim Kerja Pengelolaan Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah dan Bukan Pekerja Pemerintah Provinsi Nusa Tenggara Timur;'],
        ]),
      ],
      'pembukaan',
    ),
    labeled(
      'Mengingat',
      [
        list([
          ['1.', 'Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587) sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 Tentang Cipta Kerja Menjadi Undang-Undang (Lembaran Negara Republik Indonesia Tahun 2023 Nomor 41, Tambahan Lembaran Negara Republik Indonesia Nomor 6856);'],
          ['2.', 'Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur (Lembaran Negara Republik Indonesia Tahun 2022 Nomor 164, Tambahan Lembaran Negara Republik Indonesia Nomor 6810);'],
          ['3.', 'Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan (Lembaran Negara Republik Indonesia Tahun 2018 Nomor 165) sebagaimana telah diubah beberapa kali terakhir dengan Peraturan Presiden Nomor 59 Tahun 2024 tentang Perubahan Ketiga atas Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan (Lembaran Negara Republik Indonesia Tahun 2024 Nomor 82);'],
        ]),
      ],
      'pembukaan',
    ),
    p('MEMUTUSKAN :', 'center', { spaceAfter: 0.5, keepWithNext: true }),
    labeled('Menetapkan', [], 'pembukaan'),
    ...DIKTUM.map(([label, text]) => labeled(label, [p(text)], 'pembukaan', 0.3)),
    signature('penandatangan', true),
    { kind: 'paragraph', runs: [{ text: 'Tembusan :' }], align: 'left', spaceBefore: 1, keepWithNext: true },
    list([
      ['1.', 'Gubernur Nusa Tenggara Timur di Kupang;'],
      ['2.', 'Wakil Gubernur Nusa Tenggara Timur di Kupang;'],
      ['3.', 'Inspektur Provinsi Nusa Tenggara Timur.'],
    ]),
    paraf,
  ];
  const cellList = (items: readonly string[]): TableCell => [
    { kind: 'list', items: items.map((t, i) => ({ marker: `${i + 1}.`, body: [{ kind: 'paragraph', runs: [{ text: t }], align: 'left' }] })) },
  ];
  const lampiran: Block[] = [
    {
      kind: 'lampiran-heading',
      lines: [
        { label: 'LAMPIRAN I', separator: '', value: '' },
        { label: `KEPUTUSAN GUBERNUR ${NTT}`, separator: '', value: '' },
        { label: 'NOMOR', separator: ':', value: '99/KEP/HK/2025' },
        { label: 'TANGGAL', separator: ':', value: '24 Maret 2025' },
        { label: 'TENTANG', separator: ':', value: TENTANG },
      ],
      spaceAfter: 1,
    },
    p(`SUSUNAN KEANGGOTAAN ${TENTANG}`, 'center', { bold: true, spaceAfter: 1, keepWithNext: true }),
    {
      kind: 'table',
      columns: [
        { header: 'NO', width: 6, align: 'center' },
        { header: 'NAMA/JABATAN', width: 28, align: 'left' },
        { header: 'KEDUDUKAN DALAM TIM', width: 18, align: 'center' },
        { header: 'RINCIAN TUGAS', width: 48, align: 'justify' },
      ],
      repeatHeader: true,
      borders: 'all',
      fontSize: 11,
      body: {
        kind: 'inline',
        rows: [
          ['1.', 'Gubernur Nusa Tenggara Timur', 'Pembina', 'Melakukan pembinaan, pengawasan dan evaluasi terhadap pelaksanaan tugas Tim Kerja Pengelolaan Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah dan Bukan Pekerja Pemerintah Provinsi Nusa Tenggara Timur.'],
          ['2.', 'Sekretaris Daerah Provinsi Nusa Tenggara Timur', 'Pengarah', 'Memberikan arahan terkait pelaksanaan Pengelolaan Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah dan Bukan Pekerja Pemerintah Provinsi Nusa Tenggara Timur.'],
          ['3.', 'Kepala Dinas Kesehatan Provinsi Nusa Tenggara Timur', 'Ketua', 'Mengoordinir usulan Data yang disampaikan Dinas Sosial untuk disesuaikan dengan kuota alokasi anggaran bagi kepesertaan Program Jaminan Kesehatan Nasional bagi Penduduk Pekerja Bukan Penerima Upah Dan Bukan Pekerja yang akan dibebankan kepada APBD Provinsi Nusa Tenggara Timur.'],
          [
            '4.',
            'Kepala Dinas Sosial Provinsi Nusa Tenggara Timur',
            'Sekretaris',
            cellList([
              'menginventarisir data Kepesertaan Program Jaminan Kesehatan Nasional bagi penduduk pekerja bukan penerima upah dan bukan pekerja yang akan dibebankan kepada APBD Provinsi Nusa Tenggara Timur; dan',
              'menyampaikan usulan ke Dinas Kesehatan terkait data Kepesertaan Program Jaminan Kesehatan Nasional bagi penduduk pekerja bukan penerima upah dan bukan pekerja sebagai bahan pertimbangan kepesertaan program Jaminan Kesehatan Nasional yang akan dibebankan kepada APBD Provinsi Nusa Tenggara Timur.',
            ]),
          ],
          ['5.', 'Kepala Biro Hukum Setda Provinsi NTT', 'Anggota', 'mengoreksi dan memfasilitasi penetapan usulan rancangan Keputusan Gubernur Nusa Tenggara Timur terkait Pekerja Bukan Penerima Upah dan Bukan Pekerja yang didaftarkan oleh Pemerintah Provinsi Nusa Tenggara Timur sebagai peserta Program Jaminan Kesehatan Nasional;'],
          ['6.', 'Kepala Biro Pemerintahan Setda Provinsi NTT', 'Anggota', 'Memfasilitasi proses kerja sama antara Pemerintah Provinsi Nusa Tenggara Timur dan BPJS Kesehatan Cabang Kupang.'],
          ['7.', 'Kepala Badan Keuangan Daerah Provinsi NTT', 'Anggota', 'Mengalokasi anggaran Iuran Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah dan Bukan Pekerja yang akan dibebankan kepada APBD Provinsi Nusa Tenggara Timur.'],
        ],
      },
    },
    signature('penandatangan-lampiran-1', false),
    paraf,
  ];
  return {
    meta: { kind: 'keputusan-kepala-daerah', family: 'keputusan', title: `KEPUTUSAN GUBERNUR ${NTT}`, number: '99/KEP/HK/2025', tentang: TENTANG, language: 'id' },
    page: DEFAULT_PAGE,
    parts: [
      { kind: 'body', id: 'batang-tubuh', blocks: body },
      { kind: 'lampiran', id: 'lampiran-1', blocks: lampiran },
    ],
  };
}

/** Deterministic participant records: NIK unique and ordered by row. */
export function participantRecords(n: number): Record<string, string>[] {
  const places = ['Kota Kupang', 'Kabupaten Kupang', 'Timor Tengah Selatan', 'Belu', 'Sumba Barat Daya', 'Manggarai Barat'];
  const names = ['YOHANES NDUN', 'MARIA GORETI LANA', 'AGUSTINUS MANAFE', 'FRANSISKA XAVERIA TEFA BRIA SERAN', 'YOSEF KASE'];
  const out: Record<string, string>[] = [];
  for (let i = 1; i <= n; i++) {
    out.push({
      nik: `53710${String(i).padStart(6, '0')}${String(10000 + i).slice(-5)}`,
      nama: names[i % names.length] as string,
      lahir: `${String((i % 28) + 1).padStart(2, '0')}-0${(i % 9) + 1}-19${50 + (i % 50)}`,
      jk: i % 2 === 0 ? 'P' : 'L',
      kab: places[i % places.length] as string,
    });
  }
  return out;
}

export function participantModel(source = 'peserta'): DocumentModel {
  return {
    meta: { kind: 'test', family: 'keputusan', title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', tentang: 'PESERTA PBPU PEMDA', language: 'id' },
    page: DEFAULT_PAGE,
    parts: [
      { kind: 'body', id: 'batang-tubuh', blocks: [p('Daftar peserta sebagaimana tercantum dalam Lampiran.', 'left')] },
      {
        kind: 'lampiran',
        id: 'lampiran-1',
        blocks: [
          p('DAFTAR PESERTA PBPU PEMDA', 'center', { bold: true, spaceAfter: 1 }),
          {
            kind: 'table',
            fontSize: 10,
            borders: 'all',
            repeatHeader: true,
            body: { kind: 'source', source },
            columns: [
              { header: 'No', width: 8, align: 'right', field: '#.' },
              { header: 'NIK', width: 24, align: 'left', field: 'nik' },
              { header: 'Nama', width: 25, align: 'left', field: 'nama' },
              { header: 'Tanggal Lahir', width: 15, align: 'center', field: 'lahir' },
              { header: 'L/P', width: 6, align: 'center', field: 'jk' },
              { header: 'Kabupaten/Kota', width: 22, align: 'left', field: 'kab' },
            ],
          },
        ],
      },
    ],
  };
}

export function arraySource(records: readonly Record<string, string>[]): RowSource {
  return { count: records.length, records: () => records };
}
