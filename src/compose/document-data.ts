/**
 * Document data files (YAML): the schema every kind shares (template, nomor, tanggal, tentang,
 * penandatangan, tembusan, paraf, sumber, lampiran; any further fields the template uses) and parsing
 * with problems reported as file:line: field. Pure: the caller reads the file. Imports yaml, zod, the
 * format helpers and AppError.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { parseTanggal } from '../format/indonesian.ts';
import { listMarker } from './list-marker.ts';
import { describeYamlError } from './yaml-error.ts';

/** Rich text of a diktum, list item or table cell: a string, or text followed by a nested list. */
export type Isi = string | { readonly teks?: string; readonly daftar?: Daftar };
export interface Daftar {
  readonly penanda: string;
  readonly butir: readonly Isi[];
}

export const IsiSchema: z.ZodType<Isi> = z.lazy(() =>
  z.union([
    z.string().min(1, 'tidak boleh kosong'),
    z
      .object({
        teks: z.string().optional(),
        daftar: DaftarSchema.optional(),
      })
      .strict()
      .refine((v) => v.teks !== undefined || v.daftar !== undefined, 'isi "teks" atau "daftar"'),
  ]),
);
const DaftarSchema: z.ZodType<Daftar> = z.lazy(() =>
  z.object({
    penanda: z
      .string()
      .refine((p) => listMarker(p, 1) !== undefined, 'penanda tidak dikenal; pakai a. A. 1. 1) (1) a) (a) i. I. - atau •')
      .default('a.'),
    butir: z.array(IsiSchema).min(1, 'daftar memerlukan paling sedikit satu butir'),
  }),
) as z.ZodType<Daftar>;

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const TanggalSchema = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const iso = v instanceof Date ? v.toISOString().slice(0, 10) : parseTanggal(v);
    if (iso === undefined) {
      ctx.addIssue({ code: 'custom', message: `tanggal "${String(v)}" tidak dikenali; tulis seperti 2025-03-24 atau 24 Maret 2025` });
      return z.NEVER;
    }
    return iso;
  });

const SumberSchema = z.union([
  z.object({ berkas: z.string().min(1) }).strict(),
  z.object({ baris: z.array(z.record(z.string(), Scalar)) }).strict(),
]);

export const DocumentDataSchema = z
  .object({
    template: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'nama templat: huruf kecil, angka dan "-" (nama folder di templates/)'),
    nomor: z.string().min(1, 'tidak boleh kosong').optional(),
    tanggal: TanggalSchema.optional(),
    tentang: z.string().min(1, 'tidak boleh kosong'),
    penandatangan: z
      .object({
        nama: z.string().min(1, 'tidak boleh kosong'),
        jabatan: z.string().min(1, 'tidak boleh kosong').optional(),
        atasNama: z.string().optional(),
        nip: z.string().optional(),
        pangkat: z.string().optional(),
        status: z.enum(['definitif', 'plt', 'plh']).optional(),
      })
      .strict(),
    tembusan: z.array(z.string().min(1, 'tidak boleh kosong')).optional(),
    paraf: z
      .object({
        rantai: z.array(z.string().min(1, 'tidak boleh kosong')).min(1, 'tidak boleh kosong').optional(),
        diberikan: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    sumber: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/), SumberSchema).optional(),
    lampiran: z.array(z.record(z.string(), z.unknown())).optional(),
    menimbang: z.array(z.string().min(1, 'tidak boleh kosong')).optional(),
    mengingat: z.array(z.string().min(1, 'tidak boleh kosong')).optional(),
    diktum: z.array(IsiSchema).optional(),
  })
  .passthrough();

export type DocumentData = z.infer<typeof DocumentDataSchema>;

export type DataPath = readonly (string | number)[];

/** Parsed document data with a way back from a field path to its line in the YAML. */
export interface DocumentSource {
  readonly file: string;
  readonly data: DocumentData;
  /** Folder of the YAML file: "sumber" file paths are relative to it. */
  readonly baseDir: string;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: DataPath): number | undefined;
}

export interface DataProblem {
  readonly field: string;
  readonly line?: number;
  readonly message: string;
}

export function formatPath(path: DataPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

function lineFinder(doc: Document, counter: LineCounter): (path: DataPath) => number | undefined {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
      // A key whose value is null has no value node: find the key itself.
      if (n > 0) {
        const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((it) => (it.key as { value?: unknown } | null)?.value === path[n - 1]);
          const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
          if (keyRange) return counter.linePos(keyRange[0]).line;
        } else if (isSeq(parent)) {
          // fall through to the parent
        }
      }
    }
    return undefined;
  };
}

/**
 * Parses and validates a document data file. Malformed YAML → YAML_INVALID with line and column;
 * schema problems → DOCUMENT_INVALID naming the first problem's line and field, with every problem
 * (up to 20) in `details` and the first few in the message.
 */
/** The YAML of a document data file as plain data with a way back to its lines; YAML_INVALID when it does not parse. */
export function readDocumentYaml(text: string, file: string): { readonly raw: Record<string, unknown>; lineOf(path: DataPath): number | undefined } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0] ?? counter.linePos(yamlError.pos[0]);
    throw new AppError('YAML_INVALID', describeYamlError(yamlError), {
      file,
      line: pos?.line,
      column: pos?.col,
    });
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('DOCUMENT_INVALID', 'Berkas data dokumen harus berupa pemetaan YAML (kunci: nilai), mis. "template: …".', {
      file,
      line: 1,
    });
  }
  return { raw: raw as Record<string, unknown>, lineOf: lineFinder(doc, counter) };
}

/**
 * Parses and validates a document data file. Malformed YAML → YAML_INVALID with line and column;
 * schema problems → DOCUMENT_INVALID naming the first problem's line and field, with every problem
 * (up to 20) in `details` and the first few in the message.
 */
export function parseDocumentData(text: string, file: string, baseDir: string): DocumentSource {
  const { raw, lineOf } = readDocumentYaml(text, file);
  const parsed = DocumentDataSchema.safeParse(raw);
  if (!parsed.success) {
    const problems: DataProblem[] = parsed.error.issues.slice(0, 20).map((issue) => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { field: formatPath(path) || '(akar)', line: lineOf(path), message: describeIssue(issue, raw, path) };
    });
    throw dataError(file, problems);
  }
  return { file, data: parsed.data, baseDir, lineOf };
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'teks',
  number: 'angka',
  boolean: 'ya/tidak (true/false)',
  array: 'daftar (baris berawalan "- ")',
  object: 'pemetaan (kunci: nilai)',
  date: 'tanggal',
};

function describeValue(v: unknown): string {
  if (v === null) return 'kosong (null)';
  if (Array.isArray(v)) return 'daftar';
  if (typeof v === 'object') return 'pemetaan';
  if (typeof v === 'string') return `teks "${v.length > 30 ? `${v.slice(0, 30)}…` : v}"`;
  return `${typeof v === 'number' ? 'angka' : typeof v} ${String(v)}`;
}

function valueAtPath(root: unknown, path: DataPath): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** The issue in Indonesian, phrased for someone editing the YAML. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown, path: DataPath): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAtPath(raw, path);
      if (value === undefined) return 'wajib diisi';
      return `harus berupa ${TYPE_NAMES[issue.expected] ?? issue.expected}, bukan ${describeValue(value)}`;
    }
    case 'unrecognized_keys':
      return `kunci tidak dikenal: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'bentuk isian tidak sesuai (lihat docs/templates.md)';
    case 'invalid_value':
      return `harus salah satu dari: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array' ? `paling sedikit ${String(issue.minimum)} butir` : issue.message;
    default:
      return issue.message;
  }
}

/** One AppError for a list of problems: located at the first, listing up to five in the message. */
export function dataError(file: string, problems: readonly DataProblem[]): AppError {
  const first = problems[0]!;
  const more = problems.slice(1, 5).map((p) => `${p.line !== undefined ? `baris ${p.line}: ` : ''}${p.field}: ${p.message}`);
  const extra = problems.length > 5 ? `; dan ${problems.length - 5} masalah lain` : '';
  const message = more.length > 0 ? `${first.message} (juga: ${more.join('; ')}${extra})` : first.message;
  return new AppError('DOCUMENT_INVALID', message, { file, line: first.line, field: first.field, details: problems });
}
