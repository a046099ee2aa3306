/**
 * Row sources named in a document's `sumber:` section: inline records, or a CSV/JSON/YAML file inside
 * the document data file's folder — named by path (`berkas`, optionally with the `sha256` of its bytes)
 * or, for a frozen list, by the SHA-256 of its bytes alone (`daftar: <sha256>` → `daftar/<sha256>.csv`).
 * Files are read lazily when someone iterates the records, as a stream for CSV (src/csv: delimiter,
 * line break and encoding sniffed; the header row gives the keys; cells trimmed; blank lines skipped),
 * so a lampiran of 100,000 participants is never held as one string. Every read of a hashed file hashes
 * the bytes it parses and refuses them when they are not the bytes named. A row with fewer or more cells
 * than the header (a junk line, a lost delimiter) is refused with its row and the column.
 * Imports src/csv, yaml, node:crypto and the model types; reads only the named files.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readCsvBatches, readFileHead, sniffCsvDialect } from '../csv/read-csv.ts';
import { AppError } from '../errors/app-error.ts';
import type { RowSource } from '../model/document-model.ts';

export type SumberSpec =
  | { readonly berkas: string; readonly sha256?: string }
  | { readonly daftar: string }
  | { readonly baris: readonly Readonly<Record<string, unknown>>[] };

/** Where a `sumber` entry is written, for error messages. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly field: string;
}

/** Folder of frozen lists (`daftar: <sha256>`) under the data file's folder (the data directory). */
export const FROZEN_LISTS_FOLDER = 'daftar';

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

function toRecord(raw: Readonly<Record<string, unknown>>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = display(v);
  return out;
}

/** The file a spec names, relative to `baseDir`, and the hash its bytes must have (if any). */
function fileOf(spec: { berkas: string; sha256?: string } | { daftar: string }): { relative: string; sha256?: string } {
  if ('daftar' in spec) return { relative: `${FROZEN_LISTS_FOLDER}/${spec.daftar}.csv`, sha256: spec.daftar };
  return spec.sha256 !== undefined ? { relative: spec.berkas, sha256: spec.sha256 } : { relative: spec.berkas };
}

function hashMismatch(relative: string, expected: string, actual: string, where: SourceLocation): AppError {
  return new AppError(
    'SOURCE_NOT_FOUND',
    `Isi berkas sumber "${relative}" tidak sama dengan daftar yang dirujuk: SHA-256 berkasnya ${actual}, sedangkan data menyebut ${expected}. Daftar yang dibekukan tidak boleh diubah; rujuk daftar yang baru dengan hash-nya.`,
    { ...where, details: { expected, actual } },
  );
}

/**
 * A RowSource for one `sumber` entry. A missing file, a path that leaves the data file's folder or a
 * hashed file whose bytes differ is reported now (SOURCE_NOT_FOUND), not in the middle of rendering;
 * the hash is checked again on every read.
 */
export function createRowSource(spec: SumberSpec, baseDir: string, where: SourceLocation): RowSource {
  if ('baris' in spec) {
    const records = spec.baris.map(toRecord);
    return { count: records.length, records: () => records };
  }
  const { relative, sha256 } = fileOf(spec);
  const file = path.resolve(baseDir, relative);
  const inside = path.relative(path.resolve(baseDir), file);
  // Data files also arrive through the web app: a path must not reach outside the data file's folder.
  if (path.isAbsolute(relative) || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new AppError(
      'SOURCE_NOT_FOUND',
      `Berkas sumber "${relative}" harus berada di folder berkas data (atau subfoldernya); tulis jalurnya relatif, tanpa "..".`,
      where,
    );
  }
  if (!existsSync(file)) {
    throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${relative}" tidak ditemukan (dicari di ${file}).`, where);
  }
  if (path.relative(realpathSync(baseDir), realpathSync(file)).startsWith('..')) {
    throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${relative}" menunjuk (lewat tautan) ke luar folder berkas data.`, where);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    return { records: () => csvRecords(file, relative, sha256, where) };
  }
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    return {
      records() {
        const bytes = readFileSync(file);
        if (sha256 !== undefined) {
          const actual = createHash('sha256').update(bytes).digest('hex');
          if (actual !== sha256) throw hashMismatch(relative, sha256, actual, where);
        }
        let data: unknown;
        try {
          data = ext === '.json' ? JSON.parse(bytes.toString('utf8')) : parseYaml(bytes.toString('utf8'));
        } catch (cause) {
          throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${relative}" tidak dapat dibaca: ${(cause as Error).message}`, { ...where, cause });
        }
        if (!Array.isArray(data) || data.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
          throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${relative}" harus berisi daftar rekaman (kunci: nilai).`, where);
        }
        return data.map((r) => toRecord(r as Record<string, unknown>));
      },
    };
  }
  throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${relative}": jenis berkas ${ext || '(tanpa ekstensi)'} tidak didukung; pakai .csv, .json atau .yaml.`, where);
}

function isBlankRecord(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

async function* hashing(input: AsyncIterable<Buffer>, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for await (const chunk of input) {
    hash.update(chunk);
    yield chunk;
  }
}

/**
 * The records of a CSV row source, keyed by its header row. A record whose cell count differs from the
 * header's is refused (SOURCE_NOT_FOUND with the row as a spreadsheet shows it and the column), except
 * for empty cells after the last column (a trailing delimiter).
 */
async function* csvRecords(file: string, relative: string, sha256: string | undefined, where: SourceLocation): AsyncGenerator<Readonly<Record<string, string>>> {
  const size = statSync(file).size;
  const hash = sha256 !== undefined ? createHash('sha256') : undefined;
  if (size > 0) {
    const dialect = sniffCsvDialect(await readFileHead(file, size), size);
    const input = createReadStream(file, { highWaterMark: 256 * 1024 });
    let headers: string[] | undefined;
    let row = 0;
    try {
      const bytes = hash ? hashing(input, hash) : input;
      for await (const batch of readCsvBatches(bytes, dialect, { file, errorCode: 'SOURCE_NOT_FOUND' })) {
        for (const cells of batch) {
          row++;
          if (isBlankRecord(cells)) continue;
          if (headers === undefined) {
            headers = cells.map((c) => c.trim());
            while (headers.length > 1 && headers[headers.length - 1] === '') headers.pop();
            continue;
          }
          if (cells.length < headers.length) {
            const missing = headers[cells.length]!;
            throw new AppError(
              'SOURCE_NOT_FOUND',
              `Berkas sumber "${relative}" baris ${row} berisi ${cells.length} kolom, sedangkan headernya ${headers.length}: kolom "${missing}" dan sesudahnya tidak ada. Lengkapi baris itu, atau hapus bila bukan data (mis. baris jumlah atau catatan).`,
              { ...where, row, field: missing, details: { source: relative, cells: cells.length, headers: headers.length } },
            );
          }
          const record: Record<string, string> = {};
          for (let i = 0; i < cells.length; i++) {
            const value = cells[i]!.trim();
            if (i < headers.length) record[headers[i]!] = value;
            else if (value !== '') {
              throw new AppError(
                'SOURCE_NOT_FOUND',
                `Berkas sumber "${relative}" baris ${row} berisi ${cells.length} kolom, sedangkan headernya ${headers.length} ("${value.slice(0, 40)}" di luar header); periksa pemisah kolom dan tanda kutip di baris itu.`,
                { ...where, row, field: `kolom ${i + 1}`, details: { source: relative, cells: cells.length, headers: headers.length } },
              );
            }
          }
          yield record;
        }
      }
    } finally {
      input.destroy();
    }
  } else if (hash) {
    hash.update(Buffer.alloc(0));
  }
  if (hash && sha256 !== undefined) {
    const actual = hash.digest('hex');
    if (actual !== sha256) throw hashMismatch(relative, sha256, actual, where);
  }
}
