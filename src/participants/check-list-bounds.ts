/**
 * Bounds of an uploaded participant list, checked by streaming over the file before any reader builds
 * cells from it, so a hostile file costs bounded memory:
 * - XLSX: the zip's entries are inflated one at a time and counted (yauzl refuses an entry that inflates
 *   past its declared size), the total limited; inside each XML part no text run or tag may be longer
 *   than a cell may be (a 400 MB cell in a 410 KB workbook is refused after reading the first few KB
 *   of it, naming the sheet row or shared string).
 * - CSV: no run of bytes without a delimiter or line break may be longer than a cell may be.
 * Cells are measured in bytes against a generous multiple of the character limit (UTF-8 and XML
 * entities take several bytes a character); the exact limit is the reader's business.
 * Imports yauzl, node streams and AppError.
 */
import { createReadStream } from 'node:fs';
import yauzl from 'yauzl';
import { AppError } from '../errors/app-error.ts';

export interface ListBounds {
  /** Largest total uncompressed size of an XLSX, in bytes. */
  readonly maxUncompressedBytes: number;
  /** Longest cell, in characters. */
  readonly maxCellChars: number;
}

/** Bytes a cell of `chars` characters may take in the file at most (UTF-8, XML entities). */
export function cellByteLimit(chars: number): number {
  return chars * 8 + 64;
}

function tooLarge(label: string, message: string): AppError {
  return new AppError('INPUT_TOO_LARGE', `Berkas "${label}": ${message}`, { file: label });
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Scans a CSV file: refuses a cell (bytes between delimiters or line breaks) longer than the limit. */
export async function checkCsvBounds(file: string, bounds: ListBounds, label: string): Promise<void> {
  const limit = cellByteLimit(bounds.maxCellChars);
  let run = 0;
  let line = 1;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x2c || b === 0x3b || b === 0x09 || b === 0x0a || b === 0x0d) {
        run = 0;
        if (b === 0x0a) line++;
        continue;
      }
      if (++run > limit) throw tooLarge(label, `sel di baris ${thousands(line)} lebih panjang dari batas ${thousands(bounds.maxCellChars)} karakter; periksa apakah berkasnya benar daftar peserta.`);
    }
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: true }, (error, zip) => (error || !zip ? reject(error) : resolve(zip)));
  });
}

function entryStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error) : resolve(stream))));
}

/** Scans one XML part: text runs and tags within the limit; names the sheet row or shared string. */
async function scanXml(stream: NodeJS.ReadableStream, limit: number, onBytes: (n: number) => void, place: (row: number | null, item: number) => string): Promise<void> {
  let inTag = false;
  let run = 0;
  let row: number | null = null;
  let items = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    // where the open tag began in this chunk (-1: it began in an earlier chunk, not inspected)
    let tagStart = -1;
    let pos = 0;
    while (pos < chunk.length) {
      const next = chunk.indexOf(inTag ? 0x3e : 0x3c, pos);
      const end = next === -1 ? chunk.length : next;
      run += end - pos;
      if (run > limit) throw new Error(place(row, items));
      if (next === -1) break;
      if (inTag && tagStart >= 0) {
        const first = chunk[tagStart];
        if (first === 0x72 /* r */ && chunk[tagStart + 1] === 0x6f && chunk[tagStart + 2] === 0x77) {
          const m = /\br="(\d+)"/.exec(chunk.toString('latin1', tagStart, Math.min(next, tagStart + 200)));
          if (m) row = Number(m[1]);
        } else if (first === 0x73 /* s */ && chunk[tagStart + 1] === 0x69 && (chunk[tagStart + 2] === 0x3e || chunk[tagStart + 2] === 0x20)) items++;
      }
      inTag = !inTag;
      tagStart = inTag ? next + 1 : -1;
      run = 0;
      pos = next + 1;
    }
  }
}

/** Scans an XLSX: total uncompressed size within the limit, every cell and tag within the cell limit. */
export async function checkXlsxBounds(file: string, bounds: ListBounds, label: string): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (cause) {
    throw new AppError('LIST_UNREADABLE', `Berkas "${label}" bukan XLSX yang dapat dibaca (arsip zip rusak); simpan ulang dari spreadsheet sebagai .xlsx.`, { file: label, cause });
  }
  const limit = cellByteLimit(bounds.maxCellChars);
  let declared = 0;
  let inflated = 0;
  const countBytes = (n: number): void => {
    inflated += n;
    if (inflated > bounds.maxUncompressedBytes) throw new Error('total');
  };
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        declared += entry.uncompressedSize;
        if (declared > bounds.maxUncompressedBytes) {
          reject(new Error('total'));
          return;
        }
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        const sheet = /^xl\/worksheets\/(sheet\d+)\.xml$/.exec(entry.fileName)?.[1];
        const place = (row: number | null, item: number): string =>
          sheet
            ? `sel di ${sheet}${row !== null ? ` baris ${thousands(row)}` : ''} lebih panjang dari batas ${thousands(bounds.maxCellChars)} karakter`
            : entry.fileName === 'xl/sharedStrings.xml'
              ? `teks ke-${thousands(item)} (dipakai sel lembar kerja) lebih panjang dari batas ${thousands(bounds.maxCellChars)} karakter`
              : `bagian ${entry.fileName.slice(0, 80)} memuat teks lebih panjang dari batas ${thousands(bounds.maxCellChars)} karakter`;
        entryStream(zip, entry)
          .then((stream) => (entry.fileName.endsWith('.xml') || entry.fileName.endsWith('.rels') ? scanXml(stream, limit, countBytes, place) : drain(stream, countBytes)))
          .then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    const message = (error as Error).message;
    if (message === 'total') {
      throw tooLarge(label, `isi XLSX setelah diekstrak lebih besar dari batas ${thousands(Math.round(bounds.maxUncompressedBytes / (1024 * 1024)))} MB; pecah daftar menjadi beberapa berkas atau kirim sebagai CSV.`);
    }
    if (/lebih panjang dari batas/.test(message)) throw tooLarge(label, `${message}; periksa apakah berkasnya benar daftar peserta.`);
    throw new AppError('LIST_UNREADABLE', `Berkas "${label}" bukan XLSX yang dapat dibaca (${message.slice(0, 120)}); simpan ulang dari spreadsheet sebagai .xlsx.`, { file: label, cause: error });
  }
}

async function drain(stream: NodeJS.ReadableStream, onBytes: (n: number) => void): Promise<void> {
  for await (const chunk of stream as AsyncIterable<Buffer>) onBytes(chunk.length);
}
