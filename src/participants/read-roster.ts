/**
 * Streaming readers for participant lists: CSV (delimiter detected among , ; tab; BOM; CRLF; quoted
 * fields) through PapaParse's parser, and XLSX through ExcelJS's streaming WorkbookReader (first worksheet).
 * Rows are yielded one at a time with the row number a spreadsheet shows (header = row 1), so memory
 * stays flat however long the file is. Unreadable input (empty, binary, broken quoting, a damaged
 * workbook) becomes AppError LIST_UNREADABLE. Imports node built-ins, papaparse, exceljs and AppError.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { open, stat } from 'node:fs/promises';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { AppError } from '../errors/app-error.ts';

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

const SNIFF_BYTES = 64 * 1024;

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
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
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
  // Excel's plain "CSV" on Windows is Windows-1252, not UTF-8: decode it as such rather than show
  // replacement characters in names.
  const encoding = looksUtf8(head, size) ? 'utf-8' : 'windows-1252';
  return openCsv(file, size, { file, delimiter: detectDelimiter(head), newline: detectNewline(head) }, encoding, options);
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

/** Valid UTF-8, allowing the sniffed head to end inside a multi-byte character. */
function looksUtf8(head: Buffer, size: number): boolean {
  if (isUtf8(head)) return true;
  if (head.length === size) return false;
  for (let cut = 1; cut <= 3; cut++) if (isUtf8(head.subarray(0, head.length - cut))) return true;
  return false;
}

/**
 * Among , ; and tab: the one with the highest count on a single line, over the first lines (outside
 * quotes), so a title line without delimiters above the header does not decide.
 */
export function detectDelimiter(head: Buffer): string {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const best = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  const line = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  let lines = 0;
  const endLine = (): void => {
    for (const [d, n] of line) {
      if (n > best.get(d)!) best.set(d, n);
      line.set(d, 0);
    }
    lines++;
  };
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') {
      endLine();
      if (lines >= HEADER_SCAN) break;
    } else if (!quoted && line.has(ch)) line.set(ch, line.get(ch)! + 1);
  }
  endLine();
  let delimiter = ',';
  let count = 0;
  for (const [d, n] of best) {
    if (n > count) {
      delimiter = d;
      count = n;
    }
  }
  return delimiter;
}

function isBlank(values: readonly CellValue[]): boolean {
  for (const v of values) {
    if (v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')) return false;
  }
  return true;
}

/** The line break of the file: the first one outside quotes in the sniffed head (CRLF, LF or a lone CR). */
export function detectNewline(head: Buffer): '\r\n' | '\n' | '\r' {
  const text = head.toString('latin1');
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) quoted = !quoted;
    else if (!quoted && ch === 0x0a) return '\n';
    else if (!quoted && ch === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : i + 1 < text.length ? '\r' : '\r\n';
  }
  return '\n';
}

/** Line breaks in text[from, to): with the physical line of a record, errors name the line an editor shows. */
function countLines(text: string, from: number, to: number, newline: string): number {
  const mark = newline === '\r' ? '\r' : '\n';
  let n = 0;
  for (let i = text.indexOf(mark, from); i !== -1 && i < to; i = text.indexOf(mark, i + 1)) n++;
  return n;
}

/** The longest record accepted (characters). No participant row comes near it; a quote left open does. */
const MAX_RECORD_CHARS = 1 << 20;

/** The file's bytes as text, decoded across chunk boundaries; counts the bytes taken for progress. */
async function* decodeChunks(input: ReadStream, encoding: 'utf-8' | 'windows-1252', onBytes: (n: number) => void): AsyncGenerator<string> {
  // StringDecoder for UTF-8 (measurably faster than TextDecoder on large files; the byte order mark is
  // dropped here), TextDecoder for Windows-1252, which StringDecoder does not know.
  if (encoding === 'utf-8') {
    const decoder = new StringDecoder('utf8');
    let first = true;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      onBytes(chunk.length);
      const text = decoder.write(chunk);
      yield first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (text !== '') first = false;
    }
    const tail = decoder.end();
    if (tail !== '') yield first && tail.charCodeAt(0) === 0xfeff ? tail.slice(1) : tail;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of input as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    yield decoder.decode(chunk, { stream: true });
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

interface CsvSyntax {
  readonly file: string;
  readonly delimiter: string;
  readonly newline: '\r\n' | '\n' | '\r';
}

/**
 * Records of CSV text in batches, one batch per chunk read, parsed by PapaParse's Parser the way its own
 * streamers drive it: the text after the last complete record is carried into the next chunk. Quoting
 * problems become LIST_UNREADABLE naming the physical line: a quote never closed (found at the end, or
 * once a record grows past MAX_RECORD_CHARS), and a malformed closing quote when it made one record out
 * of several lines. A malformed quote inside one line (`"Jl. "Kenari" No. 5"`) is read as PapaParse
 * reads it, keeping the inner quotes.
 */
async function* parseCsvRecords(chunks: AsyncIterable<string>, syntax: CsvSyntax): AsyncGenerator<string[][]> {
  const { file, delimiter, newline } = syntax;
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"', escapeChar: '"' });
  let pending = '';
  // Physical line number (1-based) on which `pending` starts.
  let line = 1;
  const lineAt = (input: string, index: number): number => line + countLines(input, 0, index, newline);
  const check = (input: string, result: Papa.ParseResult<string[]>): void => {
    for (const e of result.errors) {
      if (e.code === 'MissingQuotes') throw unclosedQuote(file, lineAt(input, e.index ?? 0));
      if (e.code !== 'InvalidQuotes') continue;
      const record = e.row === undefined ? undefined : result.data[e.row];
      if (record?.some((cell) => cell.includes('\n') || cell.includes('\r'))) {
        throw unreadable(
          file,
          `Tanda kutip (") pada sel yang dimulai di baris ${lineAt(input, e.index ?? 0)} tidak ditutup dengan benar, sehingga beberapa baris terbaca sebagai satu sel. Sel yang diawali tanda kutip harus diakhiri tanda kutip tepat sebelum pemisah kolom; tanda kutip di dalam sel ditulis dua kali ("").`,
          undefined,
          lineAt(input, e.index ?? 0),
        );
      }
    }
  };
  for await (const text of chunks) {
    const input = pending === '' ? text : pending + text;
    const result = parser.parse(input, 0, true) as Papa.ParseResult<string[]>;
    check(input, result);
    const cursor = result.meta.cursor;
    if (input.length - cursor > MAX_RECORD_CHARS) {
      const at = line + countLines(input, 0, cursor, newline);
      throw input.indexOf('"', cursor) !== -1
        ? unclosedQuote(file, at, `sel itu sudah melewati ${MAX_RECORD_CHARS.toLocaleString('id-ID')} karakter`)
        : unreadable(file, `Baris ${at} lebih panjang dari ${MAX_RECORD_CHARS.toLocaleString('id-ID')} karakter tanpa ganti baris; ini bukan daftar peserta CSV yang dapat dibaca.`, undefined, at);
    }
    line += countLines(input, 0, cursor, newline);
    pending = cursor === 0 ? input : input.slice(cursor);
    if (result.data.length > 0) yield result.data;
  }
  if (pending !== '') {
    const result = parser.parse(pending, 0, false) as Papa.ParseResult<string[]>;
    check(pending, result);
    if (result.data.length > 0) yield result.data;
  }
}

function unclosedQuote(file: string, line: number, detail?: string): AppError {
  return unreadable(
    file,
    `CSV tidak dapat dibaca: tanda kutip (") yang dibuka di baris ${line} tidak pernah ditutup${detail !== undefined ? ` (${detail})` : ''}. Tutup tanda kutipnya (tanda kutip di dalam sel ditulis dua kali: ""), lalu simpan ulang sebagai CSV UTF-8.`,
    undefined,
    line,
  );
}

async function openCsv(file: string, size: number, syntax: CsvSyntax, encoding: 'utf-8' | 'windows-1252', options: OpenRosterOptions): Promise<RosterSource> {
  let consumed = 0;
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const raw = parseCsvRecords(decodeChunks(input, encoding, (n) => (consumed += n)), syntax);
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
  return { file, format: 'csv', delimiter: syntax.delimiter, encoding, headers, headerRow, batches: batches(), totalBytes: size, bytesRead: () => consumed, close };
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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
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
      for (;;) {
        let r: IteratorResult<ExcelJS.Row>;
        try {
          r = await rows.next();
        } catch (error) {
          throw wrap(error);
        }
        if (r.done) return;
        const values = rowValues(r.value);
        if (!isBlank(values)) yield [{ row: r.value.number, values }];
      }
    } finally {
      input.destroy();
    }
  }
  return { file, format: 'xlsx', headers, headerRow, batches: batches(), totalBytes: size, bytesRead: () => consumed, close: () => input.destroy() };
}

function rowValues(row: ExcelJS.Row): CellValue[] {
  const raw = row.values as ExcelCell[];
  const out: CellValue[] = [];
  // ExcelJS row values are 1-based and sparse.
  for (let i = 1; i < raw.length; i++) out.push(cellValue(raw[i]));
  return out;
}
