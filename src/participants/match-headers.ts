/**
 * Header matching: maps the header row of a list to a program's fields, ignoring case, spaces and
 * punctuation ("No. KK", "NO_KK", "Nomor KK" → no_kk). Imports the program schemas and AppError only.
 */
import { AppError } from '../errors/app-error.ts';
import type { FieldKey, FieldSchema, ProgramSchema } from './program-schemas.ts';

/** "No. KK" → "nokk": lower case, every character that is not a letter or digit dropped. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface HeaderMap {
  /** The header row as found in the file (trimmed). */
  readonly headers: readonly string[];
  /** For each field of the program that is present: its column index. */
  readonly index: Readonly<Partial<Record<FieldKey, number>>>;
  /** The fields of the program present in the file, in schema order. */
  readonly fields: readonly FieldSchema[];
}

/** How many of the program's fields `cells` name (to pick the likeliest header row). */
export function headerScore(cells: readonly string[], schema: ProgramSchema): number {
  const found = new Set(cells.map((c) => normaliseHeader(c)));
  return schema.fields.filter((f) => [f.label, ...f.synonyms].some((s) => found.has(normaliseHeader(s)))).length;
}

/** True when `cells` hold every required column of the program: this row is the header. */
export function headerMatches(cells: readonly string[], schema: ProgramSchema): boolean {
  const found = new Set(cells.map((c) => normaliseHeader(c)));
  return schema.fields.every((f) => !f.requiredColumn || [f.label, ...f.synonyms].some((s) => found.has(normaliseHeader(s))));
}

/**
 * Matches headers to the program's fields. Throws COLUMNS_MISSING naming every missing required column
 * and listing the headers found.
 */
export function matchHeaders(rawHeaders: readonly string[], schema: ProgramSchema, file?: string, headerRow = 1): HeaderMap {
  const headers = rawHeaders.map((h) => (h ?? '').toString().replace(/^\uFEFF/, '').trim());
  const lookup = new Map<string, FieldSchema>();
  for (const field of schema.fields) {
    for (const synonym of [field.label, ...field.synonyms]) lookup.set(normaliseHeader(synonym), field);
  }
  const index: Partial<Record<FieldKey, number>> = {};
  headers.forEach((header, i) => {
    const field = lookup.get(normaliseHeader(header));
    if (field !== undefined && index[field.key] === undefined) index[field.key] = i;
  });
  const missing = schema.fields.filter((f) => f.requiredColumn && index[f.key] === undefined);
  if (missing.length > 0) {
    const found = headers.filter((h) => h !== '');
    throw new AppError(
      'COLUMNS_MISSING',
      `Kolom wajib untuk program ${schema.id} tidak ditemukan: ${missing.map((f) => `"${f.label}"`).join(', ')}. ` +
        `Header yang ditemukan di baris ${headerRow}: ${found.length > 0 ? found.map((h) => `"${h}"`).join(', ') : '(kosong)'}. ` +
        `Tambahkan kolom tersebut atau ganti nama header (contoh ejaan yang diterima: ${missing
          .map((f) => `${f.label}: ${f.synonyms.slice(0, 3).join(' / ')}`)
          .join('; ')}).`,
      { file, row: headerRow, details: { missing: missing.map((f) => f.label), found } },
    );
  }
  return { headers, index, fields: schema.fields.filter((f) => index[f.key] !== undefined) };
}
