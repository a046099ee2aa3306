/**
 * Row sources named in a document's `sumber:` section: inline records, or a CSV/JSON/YAML file inside
 * the document data file's folder. Files are read lazily when a renderer iterates the records, as a stream
 * for CSV (src/csv: delimiter, line break and encoding sniffed; header row gives the keys; cells
 * trimmed; blank lines skipped), so a lampiran of 100,000 participants is never held as one string.
 * Imports src/csv, yaml and the model types; reads only the named files.
 */
import { createReadStream, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readCsvBatches, readFileHead, sniffCsvDialect } from '../csv/read-csv.ts';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../errors/app-error.ts';
import type { RowSource } from '../model/document-model.ts';

export type SumberSpec = { readonly berkas: string } | { readonly baris: readonly Readonly<Record<string, unknown>>[] };

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

/**
 * A RowSource for one `sumber` entry. `file` and `line` locate the entry for error messages; a missing
 * file is reported now (SOURCE_NOT_FOUND), not in the middle of rendering.
 */
export function createRowSource(spec: SumberSpec, baseDir: string, where: { file: string; line?: number; field: string }): RowSource {
  if ('baris' in spec) {
    const records = spec.baris.map(toRecord);
    return { count: records.length, records: () => records };
  }
  const file = path.resolve(baseDir, spec.berkas);
  const inside = path.relative(path.resolve(baseDir), file);
  // Data files also arrive through the web app: a path must not reach outside the data file's folder.
  if (path.isAbsolute(spec.berkas) || inside.startsWith('..') || path.isAbsolute(inside)) {
    throw new AppError(
      'SOURCE_NOT_FOUND',
      `Berkas sumber "${spec.berkas}" harus berada di folder berkas data (atau subfoldernya); tulis jalurnya relatif, tanpa "..".`,
      where,
    );
  }
  if (!existsSync(file)) {
    throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${spec.berkas}" tidak ditemukan (dicari di ${file}).`, where);
  }
  if (path.relative(realpathSync(baseDir), realpathSync(file)).startsWith('..')) {
    throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${spec.berkas}" menunjuk (lewat tautan) ke luar folder berkas data.`, where);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    return { records: () => csvRecords(file, spec.berkas, where) };
  }
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    return {
      records() {
        const text = readFileSync(file, 'utf8');
        let data: unknown;
        try {
          data = ext === '.json' ? JSON.parse(text) : parseYaml(text);
        } catch (cause) {
          throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${spec.berkas}" tidak dapat dibaca: ${(cause as Error).message}`, { ...where, cause });
        }
        if (!Array.isArray(data)) {
          throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${spec.berkas}" harus berisi daftar rekaman.`, where);
        }
        return data.map((r) => toRecord(r as Record<string, unknown>));
      },
    };
  }
  throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${spec.berkas}": jenis berkas ${ext || '(tanpa ekstensi)'} tidak didukung; pakai .csv, .json atau .yaml.`, where);
}

function isBlankRecord(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

/** The records of a CSV row source, keyed by its header row. */
async function* csvRecords(file: string, berkas: string, where: { file: string; line?: number; field: string }): AsyncGenerator<Readonly<Record<string, string>>> {
  const size = statSync(file).size;
  if (size === 0) return;
  const dialect = sniffCsvDialect(await readFileHead(file, size), size);
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  let headers: string[] | undefined;
  let row = 0;
  try {
    for await (const batch of readCsvBatches(input, dialect, { file, errorCode: 'SOURCE_NOT_FOUND' })) {
      for (const cells of batch) {
        row++;
        if (isBlankRecord(cells)) continue;
        if (headers === undefined) {
          headers = cells.map((c) => c.trim());
          continue;
        }
        const record: Record<string, string> = {};
        for (let i = 0; i < cells.length; i++) {
          const value = cells[i]!.trim();
          if (i < headers.length) record[headers[i]!] = value;
          else if (value !== '') {
            throw new AppError(
              'SOURCE_NOT_FOUND',
              `Berkas sumber "${berkas}" baris ${row} berisi ${cells.length} kolom, sedangkan headernya ${headers.length}; periksa pemisah kolom dan tanda kutip di baris itu.`,
              { ...where, row },
            );
          }
        }
        for (let i = cells.length; i < headers.length; i++) record[headers[i]!] = '';
        yield record;
      }
    }
  } finally {
    input.destroy();
  }
}
