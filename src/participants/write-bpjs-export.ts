/**
 * The BPJS Kesehatan employer spreadsheet for ppu-tkk: one sheet, a configurable column list (default
 * in docs/bpjs-export.md; we do not have the official 37-column template), each worker followed by the
 * family members sharing their No KK. Written with ExcelJS's streaming writer; every text cell is
 * neutralised against formula injection; NIK and No KK are written as text. Imports exceljs and the
 * participant modules.
 */
import type { ParticipantRow } from './validate-roster.ts';
import { monthlyContribution, type ContributionRule } from './compute-contributions.ts';
import { neutraliseCell } from './neutralise-cell.ts';
import type { BpjsColumnKey } from './program-config.ts';

export interface BpjsColumn {
  readonly key: BpjsColumnKey;
  readonly header: string;
}

export const DEFAULT_BPJS_COLUMNS: readonly BpjsColumn[] = [
  { key: 'no', header: 'No' },
  { key: 'nik', header: 'NIK' },
  { key: 'no_kk', header: 'No KK' },
  { key: 'nama', header: 'Nama' },
  { key: 'hubungan_keluarga', header: 'Hubungan Keluarga' },
  { key: 'tanggal_lahir', header: 'Tanggal Lahir' },
  { key: 'jenis_kelamin', header: 'Jenis Kelamin' },
  { key: 'perangkat_daerah', header: 'Perangkat Daerah' },
  { key: 'gaji', header: 'Gaji' },
  { key: 'dasar_iuran', header: 'Dasar Perhitungan Iuran' },
  { key: 'iuran_pemberi_kerja', header: 'Iuran Pemberi Kerja (4%)' },
  { key: 'iuran_pekerja', header: 'Iuran Pekerja (1%)' },
  { key: 'iuran_total', header: 'Jumlah Iuran (5%)' },
];

export interface BpjsExportOptions {
  readonly columns?: readonly BpjsColumn[];
  readonly rule: ContributionRule;
  readonly workerRelation?: string;
  readonly sheetName?: string;
}

export interface BpjsExportResult {
  readonly workers: number;
  readonly familyMembers: number;
  /** Family members whose No KK matches no worker in the list: not exported, reported here. */
  readonly unmatched: readonly ParticipantRow[];
}

/** Worker first, then the family members sharing their No KK, in list order; grouped once per No KK. */
export function groupByFamily(rows: readonly ParticipantRow[], workerRelation = 'Peserta'): { ordered: ParticipantRow[]; unmatched: ParticipantRow[] } {
  const family = new Map<string, ParticipantRow[]>();
  for (const r of rows) {
    if (r.hubunganKeluarga === workerRelation || r.noKk === undefined) continue;
    const list = family.get(r.noKk);
    if (list) list.push(r);
    else family.set(r.noKk, [r]);
  }
  const ordered: ParticipantRow[] = [];
  for (const r of rows) {
    if (r.hubunganKeluarga !== workerRelation) continue;
    ordered.push(r);
    if (r.noKk !== undefined) {
      const members = family.get(r.noKk);
      if (members) {
        ordered.push(...members);
        family.delete(r.noKk);
      }
    }
  }
  return { ordered, unmatched: [...family.values()].flat() };
}

function ddmmyyyy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}-${m}-${y}`;
}

export async function writeBpjsExport(file: string, rows: readonly ParticipantRow[], options: BpjsExportOptions): Promise<BpjsExportResult> {
  const columns = options.columns ?? DEFAULT_BPJS_COLUMNS;
  const workerRelation = options.workerRelation ?? 'Peserta';
  const { ordered, unmatched } = groupByFamily(rows, workerRelation);
  // loaded only when an export is asked for
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Data Pegawai dan Keluarga', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(columns.map((c) => neutraliseCell(c.header)));
  header.font = { bold: true };
  header.commit();
  let no = 0;
  let workers = 0;
  for (const p of ordered) {
    no++;
    const isWorker = p.hubunganKeluarga === workerRelation;
    if (isWorker) workers++;
    const c = isWorker ? monthlyContribution(p.gaji ?? 0, options.rule) : undefined;
    const value = (key: BpjsColumnKey): string | number | null => {
      switch (key) {
        case 'no': return no;
        case 'nik': return p.nik;
        case 'no_kk': return p.noKk ?? '';
        case 'nama': return p.nama;
        case 'hubungan_keluarga': return p.hubunganKeluarga ?? '';
        case 'tanggal_lahir': return ddmmyyyy(p.tanggalLahir);
        case 'jenis_kelamin': return p.jenisKelamin;
        case 'perangkat_daerah': return p.perangkatDaerah ?? '';
        case 'gaji': return c ? c.wage : null;
        case 'dasar_iuran': return c ? c.base : null;
        case 'iuran_pemberi_kerja': return c ? c.employer : null;
        case 'iuran_pekerja': return c ? c.worker : null;
        case 'iuran_total': return c ? c.total : null;
      }
    };
    const row = sheet.addRow(columns.map((col) => neutraliseCell(value(col.key))));
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  return { workers, familyMembers: ordered.length - workers, unmatched };
}
