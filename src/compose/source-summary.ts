/**
 * What a document may say about an attached list, computed from the list itself at compose time: its
 * row count, the sum of any column of whole numbers, and how many rows hold each value of a column
 * (columns with few distinct values). One streaming pass over the records; the pass also runs the
 * source's own checks (cell counts, the hash of a frozen list) before anything is rendered.
 * Also maps the fields a template names to the source's columns: exactly, ignoring case, spaces and
 * punctuation ("Jenis Kelamin" = jenis_kelamin), or through the participant header synonyms ("L/P",
 * "Tgl Lahir", "Nomor KK"). Imports the model's RowSource, the participant header table and AppError.
 */
import type { RowSource } from '../model/document-model.ts';
import { normaliseHeader } from '../participants/match-headers.ts';
import { PROGRAMS } from '../participants/program-schemas.ts';

/** Distinct values counted per column; a column with more (NIK, names) is not countable. */
const MAX_DISTINCT = 100;

interface ColumnStats {
  sum: number;
  /** First non-empty cell that is not a whole number: the column cannot be summed. */
  notNumber?: { readonly row: number; readonly value: string };
  counts?: Map<string, number>;
}

export interface SourceSummary {
  readonly name: string;
  /** Number of records (data rows). */
  readonly count: number;
  /** The record keys (the CSV header), in order. */
  readonly columns: readonly string[];
  /** Sum of a column of whole numbers; a reason when it has none. */
  sum(column: string): { readonly value: number } | { readonly error: string };
  /** Rows whose `column` holds `value`; a reason when the column is not countable. */
  countOf(column: string, value: string): { readonly value: number } | { readonly error: string };
}

/** A whole number as written in a list: optional minus, digits only (char codes: no regex per cell). */
function isWhole(value: string): boolean {
  let i = value.charCodeAt(0) === 45 ? 1 : 0;
  if (i === value.length) return false;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Reads every record of `source` once and summarises it. */
export async function summariseSource(name: string, source: RowSource): Promise<SourceSummary> {
  const stats = new Map<string, ColumnStats>();
  const columns: string[] = [];
  let count = 0;
  // Records of one source share their keys: the stats of the previous record's keys, in order.
  let keys: string[] = [];
  let keyStats: ColumnStats[] = [];
  const statsOf = (key: string): ColumnStats => {
    let s = stats.get(key);
    if (s === undefined) {
      s = { sum: 0, counts: new Map() };
      stats.set(key, s);
      columns.push(key);
    }
    return s;
  };
  const add = (record: Readonly<Record<string, string>>): void => {
    count++;
    let k = 0;
    for (const key in record) {
      let s: ColumnStats;
      if (keys[k] === key) s = keyStats[k]!;
      else {
        s = statsOf(key);
        keys = keys.slice(0, k);
        keyStats = keyStats.slice(0, k);
        keys[k] = key;
        keyStats[k] = s;
      }
      k++;
      const value = record[key]!;
      if (value === '') continue;
      if (s.notNumber === undefined) {
        if (isWhole(value)) s.sum += Number(value);
        else s.notNumber = { row: count, value };
      }
      const counts = s.counts;
      if (counts !== undefined) {
        counts.set(value, (counts.get(value) ?? 0) + 1);
        if (counts.size > MAX_DISTINCT) s.counts = undefined;
      }
    }
  };
  const records = source.records();
  if (Symbol.asyncIterator in records) for await (const r of records as AsyncIterable<Readonly<Record<string, string>>>) add(r);
  else for (const r of records as Iterable<Readonly<Record<string, string>>>) add(r);

  const unknown = (column: string): { error: string } => ({ error: `sumber "${name}" tidak punya kolom "${column}" (kolomnya: ${columns.join(', ') || 'tidak ada'})` });
  return {
    name,
    count,
    columns,
    sum(column) {
      const key = resolveColumn(columns, column);
      const s = key === undefined ? undefined : stats.get(key);
      if (s === undefined) return unknown(column);
      if (s.notNumber) return { error: `kolom "${key}" sumber "${name}" tidak dapat dijumlahkan: data ke-${s.notNumber.row} bernilai "${s.notNumber.value.slice(0, 30)}", bukan bilangan bulat` };
      if (!Number.isSafeInteger(s.sum)) return { error: `jumlah kolom "${key}" sumber "${name}" terlalu besar untuk dihitung dengan tepat` };
      return { value: s.sum };
    },
    countOf(column, value) {
      const key = resolveColumn(columns, column);
      const s = key === undefined ? undefined : stats.get(key);
      if (s === undefined) return unknown(column);
      if (s.counts === undefined) return { error: `kolom "${key}" sumber "${name}" memiliki lebih dari ${MAX_DISTINCT} nilai berbeda; hanya kolom berisi sedikit nilai (mis. L/P) yang dapat dihitung per nilai` };
      return { value: s.counts.get(value) ?? 0 };
    },
  };
}

/** Participant field keys and their accepted header spellings, normalised: one synonym group each. */
const SYNONYM_GROUPS: readonly ReadonlySet<string>[] = (() => {
  const groups = new Map<string, Set<string>>();
  for (const program of Object.values(PROGRAMS)) {
    for (const field of program.fields) {
      const group = groups.get(field.key) ?? new Set<string>();
      for (const spelling of [field.key, field.label, ...field.synonyms]) group.add(normaliseHeader(spelling));
      groups.set(field.key, group);
    }
  }
  return [...groups.values()];
})();

/**
 * The column of `columns` that a template's `field` names: the same text; else the same after dropping
 * case, spaces and punctuation; else a column in the same participant synonym group ("L/P" and
 * jenis_kelamin). Undefined when none (or when several columns would match equally).
 */
export function resolveColumn(columns: readonly string[], field: string): string | undefined {
  if (columns.includes(field)) return field;
  const wanted = normaliseHeader(field);
  const same = columns.filter((c) => normaliseHeader(c) === wanted);
  if (same.length === 1) return same[0];
  if (same.length > 1) return undefined;
  const group = SYNONYM_GROUPS.find((g) => g.has(wanted));
  if (group === undefined) return undefined;
  const synonyms = columns.filter((c) => group.has(normaliseHeader(c)));
  return synonyms.length === 1 ? synonyms[0] : undefined;
}
