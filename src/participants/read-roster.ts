/**
 * Streaming readers for participant lists: CSV through src/csv (dialect sniffed, PapaParse's parser)
 * and XLSX through ExcelJS's streaming WorkbookReader (first worksheet). Rows come in batches with the
 * row number a spreadsheet shows (header = row 1), so memory stays flat however long the file is.
 * Unreadable input (empty, binary, an old .xls, UTF-16, broken quoting, a damaged workbook) becomes
 * AppError LIST_UNREADABLE. Imports node built-ins, src/csv, exceljs and AppError.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { AppError } from '../errors/app-error.ts';
import { looksUtf8, readCsvBatches, readFileHead, sniffCsvDialect, type CsvDialect } from '../csv/read-csv.ts';

/** A cell as the file holds it: CSV cells are always text; XLSX cells keep their type. */
export type CellValue = string | number | boolean | Date | null;

export interface RosterRecord {
  /** Row number as a spreadsheet shows it (header = row 1). */
  readonly row: number;
  readonly values: readonly CellValue[];
}

export interface RosterSource {
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
  /** CSV only: the detected delimiter. */
  readonly delimiter?: string;
  /** CSV only: "utf-8", or "windows-1252" for a CSV that Excel saved as "CSV (Comma delimited)". */
  readonly encoding?: 'utf-8' | 'windows-1252';
  readonly headers: readonly string[];
  /** Row number of the header (1 unless title rows come first). */
  readonly headerRow: number;
  /** Data rows after the header in batches, blank rows skipped. Iterate once. */
  readonly batches: AsyncIterable<readonly RosterRecord[]>;
  readonly totalBytes: number;
  /** Bytes of the file consumed so far (for progress). */
  bytesRead(): number;
  /** Stops reading and releases the file (when the rows are not wanted, e.g. the header was refused). */
  close(): void;
}

function unreadable(file: string, message: string, cause?: unknown, line?: number): AppError {
  return new AppError('LIST_UNREADABLE', message, { file, line, cause });
}

/** Every record of a source, one at a time (convenience for small lists and tests). */
export async function* eachRecord(source: RosterSource): AsyncGenerator<RosterRecord> {
  for await (const batch of source.batches) yield* batch;
}

export interface OpenRosterOptions {
  /**
   * Recognises the header row. Lists often start with a title ("DAFTAR PESERTA ... TAHUN 2025") and a
   * blank line: the first of the first HEADER_SCAN non-blank rows that passes is the header, the rows
   * above it are ignored. Without it, or when no row passes, the first non-blank row is the header.
   */
  readonly isHeader?: (cells: readonly string[]) => boolean;
  /** When no row passes isHeader: the row with the highest score (fields recognised) is taken instead. */
  readonly headerScore?: (cells: readonly string[]) => number;
}

const HEADER_SCAN = 10;

function headerText(values: readonly CellValue[]): string[] {
  return values.map((v) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v)));
}

/** Picks the header among the first non-blank rows; returns its index in `candidates`. */
function pickHeader(candidates: readonly RosterRecord[], options: OpenRosterOptions): number {
  const { isHeader, headerScore } = options;
  if (isHeader !== undefined) {
    const hit = candidates.findIndex((c) => isHeader(headerText(c.values)));
    if (hit >= 0) return hit;
  }
  if (headerScore === undefined) return 0;
  let best = 0;
  let bestScore = 0;
  candidates.forEach((c, i) => {
    const score = headerScore(headerText(c.values));
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** Opens a list, detects its format, reads the header row, and returns the rows as a stream. */
export async function openRoster(file: string, options: OpenRosterOptions = {}): Promise<RosterSource> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw unreadable(file, 'Bukan berkas biasa; berikan path ke berkas CSV atau XLSX.');
    size = s.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(file, 'Berkas tidak dapat dibuka; periksa path dan hak aksesnya.', error);
  }
  if (size === 0) throw unreadable(file, 'Berkas kosong (0 byte); isi daftar peserta dengan baris header dan data, lalu simpan sebagai CSV atau XLSX.');
  const head = await readFileHead(file, size);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return openXlsx(file, size, options);
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw unreadable(file, 'Berkas berformat Excel lama (.xls) yang tidak didukung; buka di Excel/LibreOffice lalu simpan sebagai .xlsx atau CSV UTF-8.');
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw unreadable(file, 'Berkas CSV berkodean UTF-16; simpan ulang sebagai "CSV UTF-8 (dipisahkan koma)".');
  }
  if (looksBinary(head, size)) {
    throw unreadable(file, 'Berkas ini bukan CSV atau XLSX (berisi data biner); ekspor daftar peserta sebagai CSV UTF-8 atau XLSX.');
  }
  // Excel's plain "CSV" on Windows is Windows-1252, not UTF-8: the dialect says so, and names keep
  // their letters instead of showing replacement characters.
  return openCsv(file, size, sniffCsvDialect(head, size), options);
}

function looksBinary(head: Buffer, size: number): boolean {
  let control = 0;
  let high = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20) || byte === 0x7f) control++;
    else if (byte >= 0x80) high++;
  }
  if (control > head.length * 0.01) return true;
  // Not UTF-8 and mostly bytes above ASCII: not a Windows-1252 list of names either.
  return !looksUtf8(head, size) && high > head.length * 0.2;
}

function isBlank(values: readonly CellValue[]): boolean {
  for (const v of values) {
    if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) return false;
  }
  return true;
}

async function openCsv(file: string, size: number, dialect: CsvDialect, options: OpenRosterOptions): Promise<RosterSource> {
  let consumed = 0;
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const raw = readCsvBatches(input, dialect, { file, errorCode: 'LIST_UNREADABLE', onBytes: (n) => (consumed += n) });
  const close = (): void => {
    input.destroy();
  };
  const next = async (): Promise<IteratorResult<string[][]>> => {
    try {
      return await raw.next();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unreadable(file, 'Berkas CSV tidak dapat dibaca sampai selesai; periksa berkasnya.', error);
    }
  };
  // The header: among the first non-blank rows (title rows may come first); the rows read past it are data.
  let row = 0;
  const candidates: RosterRecord[] = [];
  let rest: string[][] = [];
  while (candidates.length < HEADER_SCAN) {
    let r: IteratorResult<string[][]>;
    try {
      r = await next();
    } catch (error) {
      close();
      throw error;
    }
    if (r.done) break;
    let i = 0;
    for (; i < r.value.length && candidates.length < HEADER_SCAN; i++) {
      row++;
      if (!isBlank(r.value[i]!)) candidates.push({ row, values: r.value[i]! });
    }
    rest = r.value.slice(i);
  }
  if (candidates.length === 0) {
    close();
    throw unreadable(file, 'Berkas tidak berisi baris header; baris pertama harus berisi nama kolom (NIK, Nama, Tanggal Lahir, ...).');
  }
  const h = pickHeader(candidates, options);
  const headers = headerText(candidates[h]!.values);
  const headerRow = candidates[h]!.row;
  const early = candidates.slice(h + 1);
  const toRecords = (values: string[][]): RosterRecord[] => {
    const out: RosterRecord[] = [];
    for (const v of values) {
      row++;
      if (!isBlank(v)) out.push({ row, values: v });
    }
    return out;
  };
  async function* batches(): AsyncGenerator<readonly RosterRecord[]> {
    try {
      if (early.length > 0) yield early;
      if (rest.length > 0) yield toRecords(rest);
      for (;;) {
        const r = await next();
        if (r.done) return;
        yield toRecords(r.value);
      }
    } finally {
      await raw.return(undefined);
      close();
    }
  }
  return { file, format: 'csv', delimiter: dialect.delimiter, encoding: dialect.encoding, headers, headerRow, batches: batches(), totalBytes: size, bytesRead: () => consumed, close };
}

type ExcelCell = ExcelJS.CellValue | undefined;

function cellValue(value: ExcelCell): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  const v = value as unknown as Record<string, unknown>;
  if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((t) => t.text ?? '').join('');
  if ('result' in v) return cellValue(v.result as ExcelCell);
  if (typeof v.text === 'string') return v.text;
  if (typeof v.error === 'string') return v.error;
  return String(value);
}

async function openXlsx(file: string, size: number, options: OpenRosterOptions): Promise<RosterSource> {
  let consumed = 0;
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  input.on('data', (chunk) => {
    consumed += chunk.length;
  });
  // ExcelJS is loaded only for workbooks: a CSV check does not pay for it at start
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const wrap = (error: unknown): AppError =>
    error instanceof AppError ? error : unreadable(file, 'Berkas XLSX rusak atau tidak dapat dibaca; buka dan simpan ulang di Excel/LibreOffice, atau ekspor sebagai CSV UTF-8.', error);
  const sheets = reader[Symbol.asyncIterator]();
  let rows: AsyncIterator<ExcelJS.Row>;
  const candidates: RosterRecord[] = [];
  try {
    const first = await sheets.next();
    if (first.done) throw unreadable(file, 'Berkas XLSX tidak berisi lembar kerja; isi lembar pertama dengan header dan data peserta.');
    rows = (first.value as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
    while (candidates.length < HEADER_SCAN) {
      const r = await rows.next();
      if (r.done) break;
      const values = rowValues(r.value);
      if (!isBlank(values)) candidates.push({ row: r.value.number, values });
    }
  } catch (error) {
    input.destroy();
    throw wrap(error);
  }
  if (candidates.length === 0) {
    input.destroy();
    throw unreadable(file, 'Lembar pertama berkas XLSX tidak berisi baris header; baris pertama harus berisi nama kolom (NIK, Nama, Tanggal Lahir, ...).');
  }
  const h = pickHeader(candidates, options);
  const headers = headerText(candidates[h]!.values);
  const headerRow = candidates[h]!.row;
  const early = candidates.slice(h + 1);
  async function* batches(): AsyncGenerator<readonly RosterRecord[]> {
    try {
      if (early.length > 0) yield early;
      // Batches of XLSX_BATCH rows, as the CSV reader gives: the approved-NIK lookup asks once per batch.
      let batch: RosterRecord[] = [];
      for (;;) {
        let r: IteratorResult<ExcelJS.Row>;
        try {
          r = await rows.next();
        } catch (error) {
          throw wrap(error);
        }
        if (r.done) break;
        const values = rowValues(r.value);
        if (isBlank(values)) continue;
        batch.push({ row: r.value.number, values });
        if (batch.length === XLSX_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      input.destroy();
    }
  }
  return { file, format: 'xlsx', headers, headerRow, batches: batches(), totalBytes: size, bytesRead: () => consumed, close: () => input.destroy() };
}

const XLSX_BATCH = 2048;

function rowValues(row: ExcelJS.Row): CellValue[] {
  const raw = row.values as ExcelCell[];
  const out: CellValue[] = [];
  // ExcelJS row values are 1-based and sparse.
  for (let i = 1; i < raw.length; i++) out.push(cellValue(raw[i]));
  return out;
}
