/**
 * Loads a document kind from its folder `templates/<kind>/`: template.yaml (validated metadata) and the
 * Handlebars sources it names, compiled in their own Handlebars environment (partials from
 * `partials/*.hbs`). Reads template files only. Imports yaml, zod, the Handlebars env and AppError.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { compileSource, createHandlebarsEnv, type CompiledSource } from './handlebars-env.ts';
import { formatPath } from './document-data.ts';
import { FormFieldSpecSchema } from './form-fields.ts';

export const TemplateMetaSchema = z
  .object({
    /** keputusan | instruksi | any other family a deployment adds (surat-edaran, …). */
    family: z.string().min(1),
    /** Title line: "KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR". */
    title: z.string().min(1),
    /** How people name the kind in the web app ("Keputusan Gubernur NTT — penetapan peserta PBPU"). */
    label: z.string().min(1).optional(),
    /** The form of the web app: fields in order, each a spec (docs/templates.md, src/compose/form-fields.ts). */
    form: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), FormFieldSpecSchema).optional(),
    region: z.string().min(1),
    /** Place of penetapan: "Kupang". */
    place: z.string().min(1),
    /** First line of the place/date lines: "Ditetapkan di" (a Surat Edaran may say "Dikeluarkan di"). */
    placeLabel: z.string().min(1).default('Ditetapkan di'),
    numbering: z
      .object({
        /** "{seq}/KEP/HK/{year}"; other {names} are filled from the document data. */
        pattern: z.string().includes('{seq}', { message: 'pola nomor harus memuat {seq}' }),
        /** Sequence scope: numbers run per scope and year. */
        scope: z.string().min(1),
      })
      .strict(),
    signer: z
      .object({
        /** "GUBERNUR NUSA TENGGARA TIMUR" when the signer signs on behalf (a.n.). */
        atasNama: z.string().min(1).optional(),
        jabatan: z.string().min(1),
        /** Kepala daerah carry no NIP or rank in the signature block. */
        kepalaDaerah: z.boolean().default(false),
      })
      .strict(),
    paraf: z
      .object({
        title: z.string().min(1).default('PARAF HIERARKI'),
        /** Jabatan top-down, highest first, as the paraf table shows them. */
        chain: z.array(z.string().min(1)).min(1),
        /** Jabatan a drafter may add to the chain besides the default ones (absent: any registered official). */
        allowed: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .optional(),
    tembusan: z.array(z.string().min(1)).default([]),
    /** Data fields a document of this kind must fill (dotted paths: "menimbang", "penandatangan.nip"). */
    required: z.array(z.string().min(1)).default([]),
    /** Handlebars source of the body, relative to the folder. */
    body: z.string().min(1).default('body.hbs'),
    /** Source rendered once per entry of the data's `lampiran` list (an entry may name its own with `templat`). */
    lampiran: z.string().min(1).optional(),
  })
  .strict();

export type TemplateMeta = z.infer<typeof TemplateMetaSchema>;

export interface TemplateSource {
  /** Path of the .hbs file, for error messages. */
  readonly file: string;
  readonly text: string;
  readonly render: CompiledSource;
}

export interface LoadedTemplate {
  readonly kind: string;
  readonly dir: string;
  readonly meta: TemplateMeta;
  readonly body: TemplateSource;
  /** Lampiran sources by file name relative to the folder. */
  readonly lampiran: ReadonlyMap<string, TemplateSource>;
}

/** Lists the kinds (folder names with a template.yaml) under `templatesDir`. */
export function listTemplates(templatesDir: string): string[] {
  if (!existsSync(templatesDir)) return [];
  return readdirSync(templatesDir)
    .filter((name) => existsSync(path.join(templatesDir, name, 'template.yaml')))
    .sort();
}

function readText(file: string, code: 'TEMPLATE_INVALID' | 'TEMPLATE_NOT_FOUND', what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError(code, `${what} tidak dapat dibaca; periksa bahwa berkas ada di folder templat.`, { file, cause });
  }
}

export function loadTemplate(templatesDir: string, kind: string): LoadedTemplate {
  const dir = path.join(templatesDir, kind);
  const metaFile = path.join(dir, 'template.yaml');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(kind) || !existsSync(metaFile)) {
    const known = listTemplates(templatesDir);
    throw new AppError(
      'TEMPLATE_NOT_FOUND',
      `Templat "${kind}" tidak ditemukan di ${templatesDir}; templat yang ada: ${known.join(', ') || '(tidak ada)'}.`,
      { field: 'template', details: { known } },
    );
  }
  const counter = new LineCounter();
  const doc = parseDocument(readText(metaFile, 'TEMPLATE_INVALID', 'template.yaml'), { lineCounter: counter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0] ?? counter.linePos(yamlError.pos[0]);
    throw new AppError('TEMPLATE_INVALID', `YAML tidak valid: ${yamlError.message.split('\n')[0]}`, { file: metaFile, line: pos?.line, column: pos?.col });
  }
  const parsed = TemplateMetaSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const p = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
    let line: number | undefined;
    for (let n = p.length; n >= 0 && line === undefined; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(p.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) line = counter.linePos(range[0]).line;
    }
    throw new AppError('TEMPLATE_INVALID', `template.yaml: ${issue.message}`, { file: metaFile, line, field: formatPath(p) || undefined });
  }
  const meta = parsed.data;
  const hb = createHandlebarsEnv();
  const partialsDir = path.join(dir, 'partials');
  if (existsSync(partialsDir) && statSync(partialsDir).isDirectory()) {
    for (const name of readdirSync(partialsDir).filter((n) => n.endsWith('.hbs')).sort()) {
      const file = path.join(partialsDir, name);
      const text = readText(file, 'TEMPLATE_INVALID', `Partial ${name}`);
      compileSource(hb, text, file); // same checks as any source
      hb.registerPartial(name.slice(0, -4), text);
    }
  }
  const load = (name: string): TemplateSource => {
    const file = path.join(dir, name);
    if (path.relative(dir, file).startsWith('..')) {
      throw new AppError('TEMPLATE_INVALID', `Berkas templat "${name}" harus berada di dalam folder templat.`, { file: metaFile });
    }
    const text = readText(file, 'TEMPLATE_INVALID', `Berkas templat ${name}`);
    return { file, text, render: compileSource(hb, text, file) };
  };
  const lampiran = new Map<string, TemplateSource>();
  if (meta.lampiran !== undefined) lampiran.set(meta.lampiran, load(meta.lampiran));
  // Other .hbs files in the folder may be named by a lampiran entry's `templat`.
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.hbs') && n !== meta.body && !lampiran.has(n)).sort()) {
    lampiran.set(name, load(name));
  }
  return { kind, dir, meta, body: load(meta.body), lampiran };
}
