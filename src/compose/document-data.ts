/**
 * Document data files (YAML): the schema every kind shares (template, nomor, tanggal, tentang,
 * penandatangan, tembusan, paraf, sumber, lampiran; any further fields the template uses) and parsing
 * with problems reported as file:line: field. Pure: the caller reads the file. Imports yaml, zod, the
 * format helpers and AppError.
 */
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { parseTanggal } from '../format/indonesian.ts';
import { listMarker } from './list-marker.ts';
import { parseYamlSource, problemsError, schemaProblems, type DataPath, type DataProblem } from './yaml-source.ts';

/** Rich text of a diktum, list item or table cell: a string, or text followed by a nested list. */
export type Isi = string | { readonly teks?: string; readonly daftar?: Daftar };
export interface Daftar {
  readonly penanda: string;
  readonly butir: readonly Isi[];
}

const IsiSchema: z.ZodType<Isi> = z.lazy(() =>
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

const TanggalSchema = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const iso = v instanceof Date ? v.toISOString().slice(0, 10) : parseTanggal(v);
    if (iso === undefined) {
      ctx.addIssue({ code: 'custom', message: `tanggal "${String(v)}" tidak dikenali; tulis seperti 2025-03-24 atau 24 Maret 2025` });
      return z.NEVER;
    }
    return iso;
  });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256: 64 angka heksadesimal huruf kecil');

/**
 * A row source: a file beside the data (`berkas`, optionally pinned by the `sha256` of its bytes), a
 * frozen list named by the SHA-256 of its bytes (`daftar` → daftar/<sha256>.csv), or inline records.
 */
const SumberSchema = z.union([
  z.object({ berkas: z.string().min(1), sha256: Sha256.optional() }).strict(),
  z.object({ daftar: Sha256 }).strict(),
  z.object({ baris: z.array(z.record(z.string(), Scalar)) }).strict(),
]);

export const DocumentDataSchema = z
  .object({
    template: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'nama templat: huruf kecil, angka dan "-" (nama folder di templates/)'),
    /** Region profile id (templates/daerah/<id>.yaml): kop, place, numbering, signer, paraf chain, tembusan. */
    daerah: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id daerah: huruf kecil, angka dan "-" (nama berkas di templates/daerah/)').optional(),
    nomor: z.string().min(1).optional(),
    tanggal: TanggalSchema.optional(),
    tentang: z.string().min(1, 'tidak boleh kosong'),
    penandatangan: z
      .object({
        nama: z.string().min(1, 'tidak boleh kosong'),
        jabatan: z.string().min(1).optional(),
        atasNama: z.string().optional(),
        nip: z.string().optional(),
        pangkat: z.string().optional(),
        status: z.enum(['definitif', 'plt', 'plh']).optional(),
      })
      .strict(),
    tembusan: z.array(z.string().min(1)).optional(),
    paraf: z
      .object({
        rantai: z.array(z.string().min(1)).min(1).optional(),
        diberikan: z.record(z.string(), z.string()).optional(),
      })
      .strict()
      .optional(),
    sumber: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/), SumberSchema).optional(),
    lampiran: z.array(z.record(z.string(), z.unknown())).optional(),
    menimbang: z.array(z.string().min(1)).optional(),
    mengingat: z.array(z.string().min(1)).optional(),
    diktum: z.array(IsiSchema).optional(),
  })
  .passthrough();

export type DocumentData = z.infer<typeof DocumentDataSchema>;

/** Parsed document data with a way back from a field path to its line in the YAML. */
export interface DocumentSource {
  readonly file: string;
  readonly data: DocumentData;
  /** Folder of the YAML file: "sumber" file paths are relative to it. */
  readonly baseDir: string;
  /** 1-based line of the node at `path`, or of its nearest existing parent. */
  lineOf(path: DataPath): number | undefined;
}

/**
 * Parses and validates a document data file. Malformed YAML → YAML_INVALID with line and column;
 * schema problems → DOCUMENT_INVALID naming the first problem's line and field, with every problem
 * (up to 20) in `details` and the first few in the message.
 */
export function parseDocumentData(text: string, file: string, baseDir: string): DocumentSource {
  const src = parseYamlSource(text, file, 'YAML_INVALID');
  const raw = src.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AppError('DOCUMENT_INVALID', 'Berkas data dokumen harus berupa pemetaan YAML (kunci: nilai), mis. "template: …".', {
      file,
      line: 1,
    });
  }
  const parsed = DocumentDataSchema.safeParse(raw);
  if (!parsed.success) throw dataError(file, schemaProblems(parsed.error.issues, src));
  return { file, data: parsed.data, baseDir, lineOf: src.lineOf };
}

/** One AppError for a list of problems: located at the first, listing up to five in the message. */
export function dataError(file: string, problems: readonly DataProblem[]): AppError {
  return problemsError('DOCUMENT_INVALID', file, problems);
}
