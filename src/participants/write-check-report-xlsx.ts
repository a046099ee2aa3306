/**
 * The check report for people: the original columns of every row plus Status (DITERIMA / DITOLAK) and
 * Keterangan (the reasons), written row by row with ExcelJS's streaming writer so memory stays flat.
 * Imports exceljs and the participant types.
 */
import type ExcelJS from 'exceljs';
import type { RowVerdict } from './validate-roster.ts';
import { neutraliseCell, neutraliseText } from './neutralise-cell.ts';

export interface CheckReportXlsxWriter {
  add(verdict: RowVerdict): void;
  close(): Promise<void>;
}

export async function openCheckReportXlsx(file: string, headers: readonly string[]): Promise<CheckReportXlsxWriter> {
  // loaded only when a spreadsheet report is asked for
  const { default: excel } = await import('exceljs');
  const workbook: ExcelJS.stream.xlsx.WorkbookWriter = new excel.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Hasil Pemeriksaan', { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = sheet.addRow(['Baris', ...headers.map(neutraliseText), 'Status', 'Keterangan']);
  header.font = { bold: true };
  header.commit();
  return {
    add(verdict) {
      const reasons = verdict.issues.map((i) => `${i.severity === 'warning' ? '[peringatan] ' : ''}${i.code}${i.column ? ` (${i.column})` : ''}: ${i.message}`);
      const cells = verdict.values.map((v) => neutraliseCell(v));
      while (cells.length < headers.length) cells.push(null);
      const row = sheet.addRow([verdict.row, ...cells.slice(0, headers.length), verdict.accepted ? 'DITERIMA' : 'DITOLAK', neutraliseText(reasons.join('\n'))]);
      row.commit();
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
