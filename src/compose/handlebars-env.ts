/**
 * The Handlebars environment templates run in: an isolated instance with the Indonesian helpers
 * (tanggal, terbilang, angkaTerbilang, rupiah, angka, romawi, diktum, upper, urut, rujukanHuruf), the
 * row-source figures (jumlahBaris, jumlahKolom, hitungKolom) and the
 * built-in `isi` partial that renders rich text (Isi) as markup. Also turns Handlebars errors into
 * AppErrors with file and line. Imports handlebars, the format helpers and AppError.
 */
import Handlebars from 'handlebars';
import { AppError } from '../errors/app-error.ts';
import { describeHandlebarsError } from './handlebars-errors.ts';
import type { SourceSummary } from './source-summary.ts';
import {
  angkaTerbilang,
  formatNumber,
  formatRupiah,
  formatTanggal,
  ordinalDiktum,
  rujukanHuruf,
  terbilang,
  toRoman,
} from '../format/indonesian.ts';

export type HandlebarsEnv = typeof Handlebars;
export type CompiledSource = (context: unknown) => string;

/** Shown where a draft has no value yet (nomor, tanggal). */
export const PLACEHOLDER = '…';

/** Recursive rich text: a string, or { teks, daftar: { penanda, butir: [...] } }. */
const ISI_PARTIAL = `{{#if (isString this)}}{{this}}{{else}}{{#if teks}}<p>{{teks}}</p>{{/if}}{{#if daftar}}<daftar penanda="{{daftar.penanda}}">{{#each daftar.butir}}<butir>{{> isi this}}</butir>{{/each}}</daftar>{{/if}}{{/if}}`;

function toNumber(value: unknown, helper: string): number | bigint {
  if (typeof value === 'bigint') return value;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n)) {
    throw new AppError('TEMPLATE_ERROR', `Helper ${helper} memerlukan angka, bukan ${JSON.stringify(value) ?? 'kosong'}.`);
  }
  return n;
}

interface HelperOptions {
  readonly loc?: { readonly start?: { readonly line?: number } };
  readonly data?: { readonly root?: Record<PropertyKey, unknown> };
}

/**
 * Key of the compose context under which the summaries of the row sources sit (a symbol: templates
 * cannot reach it as data, only through the helpers below). 'unread' while a draft's shape is checked.
 */
export const SOURCE_SUMMARIES = Symbol('source summaries');

type Summaries = ReadonlyMap<string, SourceSummary> | 'unread';

function summaryOf(options: HelperOptions, name: unknown): SourceSummary | 'unread' {
  const all = options.data?.root?.[SOURCE_SUMMARIES] as Summaries | undefined;
  if (all === 'unread') return 'unread';
  if (typeof name !== 'string') throw new AppError('TEMPLATE_ERROR', 'sebutkan nama sumber dalam tanda kutip, mis. "peserta".');
  const summary = all?.get(name);
  if (summary === undefined) {
    throw new AppError('TEMPLATE_ERROR', `sumber "${name}" tidak ada di bagian sumber: data (yang ada: ${[...(all?.keys() ?? [])].join(', ') || 'tidak ada'}).`);
  }
  return summary;
}

/** Registers a helper of several arguments; its errors carry the template line, like `register`. */
function registerWithOptions(hb: HandlebarsEnv, name: string, arity: number, fn: (args: readonly unknown[], options: HelperOptions) => unknown): void {
  hb.registerHelper(name, (...all: unknown[]) => {
    const options = all[all.length - 1] as HelperOptions;
    const args = all.slice(0, -1);
    try {
      if (args.length !== arity) throw new AppError('TEMPLATE_ERROR', `memerlukan ${arity} argumen, bukan ${args.length}.`);
      return fn(args, options);
    } catch (error) {
      if (error instanceof AppError) {
        throw new AppError('TEMPLATE_ERROR', `{{${name}}}: ${error.message}`, { line: options?.loc?.start?.line, field: name, cause: error });
      }
      throw error;
    }
  });
}

/**
 * Registers a helper whose errors carry the line of the template where it is called (Handlebars hands
 * every helper `options.loc`).
 */
function register(hb: HandlebarsEnv, name: string, fn: (value: unknown) => unknown): void {
  hb.registerHelper(name, (...args: unknown[]) => {
    const options = args[args.length - 1] as HelperOptions;
    const value = args.length > 1 ? args[0] : undefined;
    try {
      return fn(value);
    } catch (error) {
      const line = options?.loc?.start?.line;
      if (error instanceof AppError) {
        throw new AppError('TEMPLATE_ERROR', `{{${name}}}: ${error.message}`, { line, field: name, cause: error });
      }
      throw error;
    }
  });
}

const HELPER_NAMES = ['tanggal', 'terbilang', 'angkaTerbilang', 'rupiah', 'angka', 'romawi', 'diktum', 'upper', 'urut', 'rujukanHuruf', 'jumlahBaris', 'jumlahKolom', 'hitungKolom'] as const;

/** A fresh Handlebars instance with naskah's helpers and the `isi` partial. */
export function createHandlebarsEnv(): HandlebarsEnv {
  const hb = Handlebars.create();
  register(hb, 'tanggal', (value) =>
    value === undefined || value === null || value === '' ? PLACEHOLDER : formatTanggal(value instanceof Date ? value : String(value)),
  );
  register(hb, 'terbilang', (value) => terbilang(toNumber(value, 'terbilang')));
  register(hb, 'angkaTerbilang', (value) => angkaTerbilang(toNumber(value, 'angkaTerbilang')));
  register(hb, 'rupiah', (value) => formatRupiah(toNumber(value, 'rupiah')));
  register(hb, 'romawi', (value) => toRoman(Number(toNumber(value, 'romawi'))));
  register(hb, 'diktum', (value) => ordinalDiktum(Number(toNumber(value, 'diktum'))));
  register(hb, 'upper', (value) => (value === undefined || value === null ? '' : String(value).toLocaleUpperCase('id')));
  /** 1-based position from @index: {{urut @index}} → 1, 2, … */
  register(hb, 'urut', (value) => Number(toNumber(value, 'urut')) + 1);
  /** "huruf a, dan huruf b" for the closing Menimbang item; pass the number of earlier items. */
  register(hb, 'rujukanHuruf', (value) => rujukanHuruf(Number(toNumber(value, 'rujukanHuruf'))));
  register(hb, 'angka', (value) => formatNumber(toNumber(value, 'angka')));
  /** {{jumlahBaris "peserta"}}: rows of a row source, counted at compose time. */
  registerWithOptions(hb, 'jumlahBaris', 1, ([name], options) => {
    const summary = summaryOf(options, name);
    return summary === 'unread' ? 0 : summary.count;
  });
  /** {{jumlahKolom "peserta" "gaji"}}: the sum of a column of whole numbers. */
  registerWithOptions(hb, 'jumlahKolom', 2, ([name, column], options) => {
    const summary = summaryOf(options, name);
    if (summary === 'unread') return 0;
    const sum = summary.sum(String(column));
    if ('error' in sum) throw new AppError('TEMPLATE_ERROR', `${sum.error}.`);
    return sum.value;
  });
  /** {{hitungKolom "peserta" "jenis_kelamin" "P"}}: rows whose column holds the value. */
  registerWithOptions(hb, 'hitungKolom', 3, ([name, column, value], options) => {
    const summary = summaryOf(options, name);
    if (summary === 'unread') return 0;
    const count = summary.countOf(String(column), String(value));
    if ('error' in count) throw new AppError('TEMPLATE_ERROR', `${count.error}.`);
    return count.value;
  });
  hb.registerHelper('isString', (value: unknown) => typeof value === 'string');
  // `{{nama}}` with no value renders nothing (data may be optional); `{{tidakAda x}}` is a typo in the
  // template: say so with its line and the helpers that exist.
  hb.registerHelper('helperMissing', (...args: unknown[]) => {
    if (args.length <= 1) return undefined;
    const options = args[args.length - 1] as HelperOptions & { name?: string };
    throw new AppError(
      'TEMPLATE_ERROR',
      `Helper "${options.name ?? '?'}" tidak dikenal; helper yang ada: ${HELPER_NAMES.join(', ')}.`,
      { line: options.loc?.start?.line, field: options.name },
    );
  });
  hb.registerPartial('isi', ISI_PARTIAL);
  return hb;
}

/**
 * Compiles a template source. Triple-stash `{{{…}}}` and `{{&…}}` are refused: they would let data
 * inject markup. Compile errors → TEMPLATE_ERROR naming file and line.
 */
export function compileSource(hb: HandlebarsEnv, source: string, file: string): CompiledSource {
  const lines = source.split('\n');
  for (const [i, text] of lines.entries()) {
    if (/\{\{\{|\{\{~?\s*&/.test(text)) {
      throw new AppError(
        'TEMPLATE_INVALID',
        'Templat tidak boleh memakai {{{…}}} atau {{&…}}: data harus selalu di-escape. Pakai {{…}} dan elemen markup.',
        { file, line: i + 1 },
      );
    }
  }
  let compiled: ReturnType<HandlebarsEnv["compile"]>;
  try {
    compiled = hb.compile(source, { strict: false, preventIndent: true });
    // Parse now, not at first use, so syntax errors name the template before any data is read.
    hb.precompile(source);
  } catch (cause) {
    throw templateError(cause, file, source);
  }
  return (context) => {
    try {
      return compiled(context, { allowProtoPropertiesByDefault: false });
    } catch (cause) {
      throw templateError(cause, file, source);
    }
  };
}

function templateError(cause: unknown, file: string, source: string): AppError {
  if (cause instanceof AppError) {
    return new AppError(cause.code, cause.message, { ...cause.location, file: cause.location.file ?? file, cause });
  }
  const raw = cause instanceof Error ? cause.message : String(cause);
  const lineNumber = (cause as { lineNumber?: unknown } | null)?.lineNumber;
  const problem = describeHandlebarsError(raw, source, typeof lineNumber === 'number' ? lineNumber : undefined);
  return new AppError('TEMPLATE_ERROR', problem.message, { file, ...(problem.line !== undefined ? { line: problem.line } : {}), cause });
}
