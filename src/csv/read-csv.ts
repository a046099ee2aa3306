/**
 * Streaming CSV for every CSV file naskah reads (participant lists, a document's row sources): the
 * dialect sniffed from the head of the file (delimiter among , ; tab; CRLF, LF or CR; UTF-8 with or
 * without BOM, or Windows-1252 as Excel's plain "CSV" writes it), and the records in batches, parsed by
 * PapaParse's Parser the way its own streamers drive it (the text after the last complete record is
 * carried into the next chunk). Quoting problems are AppErrors with the code the caller names and the
 * physical line an editor shows: a quote never closed (found at the end, or once a record passes
 * MAX_RECORD_CHARS), and a malformed closing quote that joined several lines into one record. A
 * malformed quote inside one line (`"Jl. "Kenari" No. 5"`) is read as PapaParse reads it, inner quotes
 * kept. Imports node built-ins, papaparse and AppError.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { AppError, type ErrorCode } from '../errors/app-error.ts';

export type CsvNewline = '\r\n' | '\n' | '\r';
export type CsvEncoding = 'utf-8' | 'windows-1252';

export interface CsvDialect {
  readonly delimiter: string;
  readonly newline: CsvNewline;
  readonly encoding: CsvEncoding;
}

export interface CsvReadOptions {
  /** Named in error messages and locations. */
  readonly file: string;
  /** The code of the AppErrors thrown for text that cannot be read as CSV. */
  readonly errorCode: Extract<ErrorCode, 'LIST_UNREADABLE' | 'SOURCE_NOT_FOUND'>;
  /** Called with the size of every chunk of bytes taken from the input (for progress). */
  readonly onBytes?: (bytes: number) => void;
}

/** How much of a file the dialect is sniffed from. */
const SNIFF_BYTES = 64 * 1024;

/** Lines the delimiter is judged on: a title line above the header must not decide it. */
const SNIFF_LINES = 10;

/** The longest record accepted (characters). No real row comes near it; a quote left open does. */
const MAX_RECORD_CHARS = 1 << 20;

/** The first SNIFF_BYTES of a file of `size` bytes (fewer when the file is shorter). */
export async function readFileHead(file: string, size: number): Promise<Buffer> {
  const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
  const handle = await open(file, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  return head;
}

export function sniffCsvDialect(head: Buffer, size: number): CsvDialect {
  return { delimiter: detectDelimiter(head), newline: detectNewline(head), encoding: looksUtf8(head, size) ? 'utf-8' : 'windows-1252' };
}

/** Valid UTF-8, allowing the sniffed head to end inside a multi-byte character. */
export function looksUtf8(head: Buffer, size: number): boolean {
  if (isUtf8(head)) return true;
  if (head.length === size) return false;
  for (let cut = 1; cut <= 3; cut++) if (isUtf8(head.subarray(0, head.length - cut))) return true;
  return false;
}

/**
 * Among , ; and tab: the one with the highest count on a single line, over the first lines (outside
 * quotes), so a title line without delimiters above the header does not decide.
 */
function detectDelimiter(head: Buffer): string {
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
      if (lines >= SNIFF_LINES) break;
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

/** The line break of the file: the first one outside quotes in the sniffed head. */
function detectNewline(head: Buffer): CsvNewline {
  const text = head.toString('latin1');
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) quoted = !quoted;
    else if (!quoted && ch === 0x0a) return '\n';
    else if (!quoted && ch === 0x0d) return text.charCodeAt(i + 1) === 0x0a || i + 1 === text.length ? '\r\n' : '\r';
  }
  return '\n';
}

/** Line breaks in text[from, to). */
function countLines(text: string, from: number, to: number, newline: CsvNewline): number {
  const mark = newline === '\r' ? '\r' : '\n';
  let n = 0;
  for (let i = text.indexOf(mark, from); i !== -1 && i < to; i = text.indexOf(mark, i + 1)) n++;
  return n;
}

/** The bytes as text, decoded across chunk boundaries, without a leading byte order mark. */
async function* decodeChunks(input: AsyncIterable<Buffer>, encoding: CsvEncoding, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  // StringDecoder for UTF-8 (measurably faster than TextDecoder on large files), TextDecoder for
  // Windows-1252, which StringDecoder does not know.
  const decoder = encoding === 'utf-8' ? new StringDecoder('utf8') : undefined;
  const legacy = decoder === undefined ? new TextDecoder(encoding) : undefined;
  let first = true;
  const emit = (text: string): string => {
    const out = first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (text !== '') first = false;
    return out;
  };
  for await (const chunk of input) {
    onBytes?.(chunk.length);
    yield emit(decoder !== undefined ? decoder.write(chunk) : legacy!.decode(chunk, { stream: true }));
  }
  const tail = decoder !== undefined ? decoder.end() : legacy!.decode();
  if (tail !== '') yield emit(tail);
}

/**
 * The records of a CSV byte stream in batches, one batch per chunk read; blank lines come through as
 * records of one empty cell, so callers can count rows as a spreadsheet does.
 */
export async function* readCsvBatches(input: AsyncIterable<Buffer>, dialect: CsvDialect, options: CsvReadOptions): AsyncGenerator<string[][]> {
  const { delimiter, newline } = dialect;
  const { file, errorCode } = options;
  const fail = (message: string, line: number): AppError => new AppError(errorCode, message, { file, line });
  const unclosed = (line: number, detail?: string): AppError =>
    fail(
      `CSV tidak dapat dibaca: tanda kutip (") yang dibuka di baris ${line} tidak pernah ditutup${detail !== undefined ? ` (${detail})` : ''}. Tutup tanda kutipnya (tanda kutip di dalam sel ditulis dua kali: ""), lalu simpan ulang sebagai CSV UTF-8.`,
      line,
    );
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"', escapeChar: '"' });
  let pending = '';
  // Physical line number (1-based) on which `pending` starts.
  let line = 1;
  const lineAt = (text: string, index: number): number => line + countLines(text, 0, index, newline);
  const check = (text: string, result: Papa.ParseResult<string[]>): void => {
    for (const e of result.errors) {
      if (e.code === 'MissingQuotes') throw unclosed(lineAt(text, e.index ?? 0));
      if (e.code !== 'InvalidQuotes') continue;
      const record = e.row === undefined ? undefined : result.data[e.row];
      if (record?.some((cell) => cell.includes('\n') || cell.includes('\r'))) {
        const at = lineAt(text, e.index ?? 0);
        throw fail(
          `Tanda kutip (") pada sel yang dimulai di baris ${at} tidak ditutup dengan benar, sehingga beberapa baris terbaca sebagai satu sel. Sel yang diawali tanda kutip harus diakhiri tanda kutip tepat sebelum pemisah kolom; tanda kutip di dalam sel ditulis dua kali ("").`,
          at,
        );
      }
    }
  };
  for await (const chunk of decodeChunks(input, dialect.encoding, options.onBytes)) {
    const text = pending === '' ? chunk : pending + chunk;
    const result = parser.parse(text, 0, true) as Papa.ParseResult<string[]>;
    check(text, result);
    const cursor = result.meta.cursor;
    if (text.length - cursor > MAX_RECORD_CHARS) {
      const at = lineAt(text, cursor);
      const limit = MAX_RECORD_CHARS.toLocaleString('id-ID');
      throw text.indexOf('"', cursor) !== -1
        ? unclosed(at, `sel itu sudah melewati ${limit} karakter`)
        : fail(`Baris ${at} lebih panjang dari ${limit} karakter tanpa ganti baris; berkas ini bukan CSV yang dapat dibaca.`, at);
    }
    line = lineAt(text, cursor);
    pending = cursor === 0 ? text : text.slice(cursor);
    if (result.data.length > 0) yield result.data;
  }
  if (pending !== '') {
    const result = parser.parse(pending, 0, false) as Papa.ParseResult<string[]>;
    check(pending, result);
    if (result.data.length > 0) yield result.data;
  }
}
