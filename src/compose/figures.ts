/**
 * Figures a document states about its attached list, derived instead of typed. A kind declares them in
 * template.yaml (`figures:`, data path → rule): the row count or a column sum of a row source, the
 * monthly tariff of a program in force for a year (config/programs.yaml), or a product of earlier
 * figures and data values (integer rupiah). Compose puts each value at its data path, where templates
 * read it; a value the data states that disagrees is refused, naming the field and both values.
 * Pure: the program configuration is handed in. Imports zod, the program config helpers and the
 * summaries' type.
 */
import { z } from 'zod';
import { formatRupiah } from '../format/indonesian.ts';
import { tariffOn, type ProgramConfig } from '../participants/program-config.ts';
import { isProgramId, PROGRAM_IDS, type ProgramId } from '../participants/program-schemas.ts';
import type { SourceSummary } from './source-summary.ts';
import type { DataPath, DataProblem } from './yaml-source.ts';

const DataPathText = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/, 'jalur data bertitik, mis. iuran.tahun');
const SourceName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/);

export const FigureRuleSchema = z.union([
  /** Number of rows of a row source. */
  z.object({ rowCount: SourceName }).strict(),
  /** Sum of a column of whole numbers of a row source. */
  z.object({ columnSum: z.object({ source: SourceName, column: z.string().min(1) }).strict() }).strict(),
  /** Monthly tariff of a participant program in force for the year at `year` (config/programs.yaml). */
  z
    .object({
      tariff: z.string().refine(isProgramId, `program: ${PROGRAM_IDS.join(' atau ')}`),
      year: DataPathText,
    })
    .strict(),
  /** Product of integers: earlier figures or data values. */
  z.object({ product: z.array(DataPathText).min(2) }).strict(),
]);

export const FiguresSchema = z.record(DataPathText, FigureRuleSchema).default({});
export type FigureRules = z.infer<typeof FiguresSchema>;
type FigureRule = z.infer<typeof FigureRuleSchema>;

export interface FigureInputs {
  readonly data: unknown;
  readonly summaries: ReadonlyMap<string, SourceSummary>;
  readonly programConfig?: ProgramConfig;
  /** The sources were not read (checking a draft's shape): counts and sums are 0, nothing is compared. */
  readonly placeholder: boolean;
  readonly lineOf: (path: DataPath) => number | undefined;
}

export interface FigureResult {
  /** Value per dotted data path, in declaration order. */
  readonly values: ReadonlyMap<string, number>;
  readonly problems: readonly DataProblem[];
}

function valueAt(data: unknown, dotted: string): unknown {
  let v = data;
  for (const p of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function asInteger(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Computes every figure; problems name the field, what the data states and what the list says. */
export function computeFigures(rules: FigureRules, inputs: FigureInputs): FigureResult {
  const values = new Map<string, number>();
  const problems: DataProblem[] = [];
  const problem = (field: string, message: string): void => {
    problems.push({ field, line: inputs.lineOf(field.split('.')), message });
  };
  const read = (dotted: string): number | undefined => values.get(dotted) ?? asInteger(valueAt(inputs.data, dotted));

  for (const [field, rule] of Object.entries(rules)) {
    const computed = evaluate(field, rule, inputs, read, problem);
    if (computed === undefined) continue;
    values.set(field, computed.value);
    if (inputs.placeholder) continue;
    const stated = valueAt(inputs.data, field);
    if (stated === undefined || stated === null || stated === '') continue;
    if (asInteger(stated) !== computed.value) {
      problem(field, `data menyebut ${String(stated)}, sedangkan ${computed.because} ${computed.shown}; hapus isian ini (angkanya dihitung) atau perbaiki daftarnya`);
    }
  }
  return { values, problems };
}

interface Computed {
  readonly value: number;
  /** What the value is, for the message: "daftar sumber.peserta berisi". */
  readonly because: string;
  readonly shown: string;
}

function evaluate(
  field: string,
  rule: FigureRule,
  inputs: FigureInputs,
  read: (dotted: string) => number | undefined,
  problem: (field: string, message: string) => void,
): Computed | undefined {
  if ('rowCount' in rule || 'columnSum' in rule) {
    const name = 'rowCount' in rule ? rule.rowCount : rule.columnSum.source;
    if (inputs.placeholder) return { value: 0, because: '', shown: '' };
    const summary = inputs.summaries.get(name);
    if (summary === undefined) {
      problem(`sumber.${name}`, `angka ${field} dihitung dari sumber "${name}", yang tidak ada di bagian sumber: data`);
      return undefined;
    }
    if ('rowCount' in rule) return { value: summary.count, because: `daftar sumber.${name} berisi`, shown: `${summary.count} baris` };
    const sum = summary.sum(rule.columnSum.column);
    if ('error' in sum) {
      problem(field, sum.error);
      return undefined;
    }
    return { value: sum.value, because: `jumlah kolom ${rule.columnSum.column} sumber.${name} adalah`, shown: String(sum.value) };
  }
  if ('tariff' in rule) {
    const year = read(rule.year);
    if (year === undefined) {
      problem(rule.year, `tahun diperlukan untuk menentukan tarif ${rule.tariff} (${field})`);
      return undefined;
    }
    if (inputs.programConfig === undefined) {
      if (inputs.placeholder) return { value: 0, because: '', shown: '' };
      problem(field, 'konfigurasi program (config/programs.yaml) tidak tersedia untuk menentukan tarif');
      return undefined;
    }
    const configured = inputs.programConfig.programYears.find((p) => p.program === rule.tariff && p.year === year);
    const date = configured?.tariffDate ?? `${year}-01-01`;
    try {
      const tariff = tariffOn(inputs.programConfig, rule.tariff as ProgramId, date);
      return { value: tariff.rupiah, because: `tarif ${rule.tariff} yang berlaku pada ${date} (config/programs.yaml${tariff.basis ? `, ${tariff.basis}` : ''}) adalah`, shown: formatRupiah(tariff.rupiah) };
    } catch (error) {
      problem(field, (error as Error).message);
      return undefined;
    }
  }
  let product = 1n;
  for (const factor of rule.product) {
    const v = read(factor);
    if (v === undefined) {
      problem(factor, `${field} = ${rule.product.join(' × ')}: ${factor} harus berupa bilangan bulat`);
      return undefined;
    }
    product *= BigInt(v);
  }
  if (product > BigInt(Number.MAX_SAFE_INTEGER) || product < BigInt(Number.MIN_SAFE_INTEGER)) {
    problem(field, `${rule.product.join(' × ')} terlalu besar`);
    return undefined;
  }
  const value = Number(product);
  return { value, because: `${rule.product.join(' × ')} =`, shown: String(value) };
}
