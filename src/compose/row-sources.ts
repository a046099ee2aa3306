/**
 * Row sources named in a document's `sumber:` section: inline records, or a CSV/JSON/YAML file inside
 * the document data file's folder. Files are read lazily when a renderer iterates the records, as a stream
 * for CSV, so a lampiran of 100,000 participants is never held as one string. Imports csv-parse, yaml
 * and the model types; reads only the named files.
 */
import { createReadStream, existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse';
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
    return {
      async *records() {
        const parser = createReadStream(file).pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, trim: true }));
        for await (const rec of parser as AsyncIterable<Record<string, string>>) yield rec;
      },
    };
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
