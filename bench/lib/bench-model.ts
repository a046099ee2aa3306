/**
 * The decree the rendering benchmark renders: a short body and one lampiran whose table is N seeded
 * participant rows streamed from a RowSource (never materialised as an array).
 */
import { DEFAULT_PAGE, type DocumentModel, type RowSource } from '../../src/model/document-model.ts';
import { BENCH_COLUMNS, benchRows } from './rows.ts';

export function benchModel(): DocumentModel {
  const title = 'PENETAPAN PESERTA PEKERJA BUKAN PENERIMA UPAH DAN BUKAN PEKERJA YANG DIDAFTARKAN OLEH PEMERINTAH PROVINSI NUSA TENGGARA TIMUR';
  return {
    meta: { kind: 'bench', family: 'keputusan', title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', tentang: title, language: 'id' },
    page: DEFAULT_PAGE,
    parts: [
      {
        kind: 'body',
        id: 'batang-tubuh',
        blocks: [
          { kind: 'paragraph', align: 'center', runs: [{ text: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', bold: true }] },
          { kind: 'paragraph', align: 'center', runs: [{ text: 'TENTANG' }] },
          { kind: 'paragraph', align: 'center', runs: [{ text: title }] },
          {
            kind: 'paragraph',
            align: 'justify',
            spaceBefore: 1,
            runs: [{ text: 'Peserta sebagaimana tercantum dalam Lampiran Keputusan ini ditetapkan sebagai peserta Program Jaminan Kesehatan Nasional yang iurannya dibayarkan oleh Pemerintah Provinsi Nusa Tenggara Timur.' }],
          },
        ],
      },
      {
        kind: 'lampiran',
        id: 'lampiran-1',
        blocks: [
          {
            kind: 'lampiran-heading',
            lines: [
              { label: 'LAMPIRAN', separator: '', value: '' },
              { label: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', separator: '', value: '' },
              { label: 'NOMOR', separator: ':', value: '100/KEP/HK/2025' },
              { label: 'TANGGAL', separator: ':', value: '24 Maret 2025' },
              { label: 'TENTANG', separator: ':', value: title },
            ],
          },
          { kind: 'paragraph', align: 'center', spaceBefore: 1, spaceAfter: 1, runs: [{ text: 'DAFTAR PESERTA', bold: true }] },
          {
            kind: 'table',
            repeatHeader: true,
            borders: 'all',
            fontSize: 9,
            columns: BENCH_COLUMNS.map((c) => ({ header: c.header, field: c.field, width: c.width, align: c.field === '#.' || c.field === 'jenisKelamin' ? 'center' : 'left' })),
            body: { kind: 'source', source: 'peserta' },
          },
        ],
      },
    ],
  };
}

export function benchSource(count: number): RowSource {
  return {
    count,
    *records() {
      for (const r of benchRows(count)) yield r as unknown as Readonly<Record<string, string>>;
    },
  };
}
