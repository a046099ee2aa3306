/**
 * Loads a document kind from its folder `templates/<kind>/` together with the region profile it is
 * issued under (`templates/daerah/<id>.yaml`): template.yaml (the kind's metadata: family, title
 * pattern, required fields, sources), the Handlebars sources it names compiled in their own Handlebars
 * environment (shared partials from `templates/partials/*.hbs`, the kind's own from `partials/*.hbs`),
 * and the metadata merged from the profile (region, place, time zone, numbering, signer, paraf chain,
 * tembusan). Kinds are written once and used by every region. Also lists kinds and the files that
 * shape a document's text. Reads template files only. Imports yaml-source, zod, the Handlebars env,
 * the region profiles and AppError.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { EmblemImage } from '../model/document-model.ts';
import type { DocumentSource } from './document-data.ts';
import { FiguresSchema, type FigureRules } from './figures.ts';
import { FormFieldSpecSchema, type FormFieldSpec } from './form-fields.ts';
import { compileSource, createHandlebarsEnv, type CompiledSource } from './handlebars-env.ts';
import { listRegionIds, loadRegionProfile, REGIONS_FOLDER, type RegionProfile, type RegionTimeZone } from './region-profile.ts';
import { parseYamlSource, problemsError, schemaProblems } from './yaml-source.ts';

/** Folder of the partials every kind can use. */
export const SHARED_PARTIALS_FOLDER = 'partials';

const KIND_ID = /^[a-z0-9][a-z0-9-]*$/;

export const KindMetaSchema = z
  .object({
    /** keputusan | instruksi | any other family a deployment adds (surat-edaran, …). */
    family: z.string().regex(KIND_ID, 'family: huruf kecil, angka dan "-"'),
    /** What pickers show: "Keputusan Kepala Daerah". */
    name: z.string().trim().min(1),
    /** Title line; {kepalaDaerah} is the region's: "KEPUTUSAN {kepalaDaerah}" → KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR. */
    title: z.string().trim().min(1),
    /** First line of the place/date lines: "Ditetapkan di" (a Surat Edaran may say "Dikeluarkan di"). */
    placeLabel: z.string().min(1).default('Ditetapkan di'),
    paraf: z.object({ title: z.string().min(1).default('PARAF HIERARKI') }).strict().default({ title: 'PARAF HIERARKI' }),
    /** Data fields a document of this kind must fill (dotted paths: "menimbang", "penandatangan.nip"). */
    required: z.array(z.string().min(1)).default([]),
    /** Handlebars source of the body, relative to the folder. */
    body: z.string().min(1).default('body.hbs'),
    /** Source rendered once per entry of the data's `lampiran` list (an entry may name its own with `templat`). */
    lampiran: z.string().min(1).optional(),
    /** A kind made for one region only may name it; data of such a kind may then leave out `daerah`. */
    daerah: z.string().regex(KIND_ID).optional(),
    /** Figures derived from the attached lists (data path → rule), never typed: see figures.ts. */
    figures: FiguresSchema,
    /** The web app's form: fields in order, each a spec (docs/templates.md, src/compose/form-fields.ts). */
    form: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), FormFieldSpecSchema).optional(),
  })
  .strict();

export type KindMeta = z.infer<typeof KindMetaSchema>;

/** Keys that belong to a region profile, not to a kind (the error says where they go). */
const REGION_KEYS = ['region', 'place', 'numbering', 'signer', 'tembusan'] as const;

/** A kind's metadata merged with its region profile: everything the composer and the workflow read. */
export interface TemplateMeta {
  readonly family: string;
  /** "Keputusan Kepala Daerah". */
  readonly name: string;
  /** "KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR". */
  readonly title: string;
  /** Profile id: "prov-ntt". What the database stores. */
  readonly regionId: string;
  /** Display name: "Provinsi Nusa Tenggara Timur". */
  readonly region: string;
  readonly timeZone: RegionTimeZone;
  readonly place: string;
  readonly placeLabel: string;
  readonly numbering: { readonly pattern: string; readonly scope: string };
  readonly signer: { readonly atasNama?: string; readonly jabatan: string; readonly kepalaDaerah: boolean };
  readonly paraf?: { readonly title: string; readonly chain: readonly string[]; readonly allowed?: readonly string[] };
  readonly tembusan: readonly string[];
  readonly required: readonly string[];
  readonly body: string;
  readonly lampiran?: string;
  /** Figures compose derives from the lists and the program configuration (data path → rule). */
  readonly figures: FigureRules;
  /** The web app's form of the kind (its fields in order), when the kind declares one. */
  readonly form?: Readonly<Record<string, FormFieldSpec>>;
}

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
  /** The region profile the meta was merged from. */
  readonly region: RegionProfile;
  /** The region's lambang daerah (profile kop.lambang), drawn by <kop lambang="kiri">. */
  readonly regionEmblem?: EmblemImage;
  readonly body: TemplateSource;
  /** Lampiran sources by file name relative to the folder. */
  readonly lampiran: ReadonlyMap<string, TemplateSource>;
}

export interface KindSummary {
  readonly kind: string;
  /** "Keputusan Kepala Daerah". */
  readonly title: string;
  readonly family: string;
}

/** The kinds (folder names with a template.yaml) under `templatesDir`, sorted. */
export function listTemplates(templatesDir: string): string[] {
  if (!existsSync(templatesDir)) return [];
  return readdirSync(templatesDir)
    .filter((name) => KIND_ID.test(name) && existsSync(path.join(templatesDir, name, 'template.yaml')))
    .sort();
}

/** Every kind with its picker title and family, sorted by kind — for the web app's template picker. */
export function listKinds(templatesDir: string): KindSummary[] {
  return listTemplates(templatesDir).map((kind) => {
    const meta = readKindMeta(templatesDir, kind);
    return { kind, title: meta.name, family: meta.family };
  });
}

function readText(file: string, code: 'TEMPLATE_INVALID' | 'TEMPLATE_NOT_FOUND', what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError(code, `${what} tidak dapat dibaca; periksa bahwa berkas ada di folder templat.`, { file, cause });
  }
}

function kindDir(templatesDir: string, kind: string): string {
  const dir = path.join(templatesDir, kind);
  if (!KIND_ID.test(kind) || !existsSync(path.join(dir, 'template.yaml'))) {
    const known = listTemplates(templatesDir);
    throw new AppError(
      'TEMPLATE_NOT_FOUND',
      `Templat "${kind}" tidak ditemukan di ${templatesDir}; templat yang ada: ${known.join(', ') || '(tidak ada)'}.`,
      { field: 'template', details: { known } },
    );
  }
  return dir;
}

/** The first key of a template.yaml that belongs in a region profile. */
function misplacedRegionKey(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const hit = REGION_KEYS.find((k) => k in raw);
  if (hit !== undefined) return hit;
  const paraf = (raw as { paraf?: unknown }).paraf;
  return paraf !== null && typeof paraf === 'object' && ('chain' in paraf || 'allowed' in paraf) ? 'paraf.chain' : undefined;
}

/** A kind's own template.yaml, validated (no region settings: those live in the profiles). */
export function readKindMeta(templatesDir: string, kind: string): KindMeta {
  const metaFile = path.join(kindDir(templatesDir, kind), 'template.yaml');
  const src = parseYamlSource(readText(metaFile, 'TEMPLATE_INVALID', 'template.yaml'), metaFile, 'TEMPLATE_INVALID');
  const raw = src.value ?? {};
  const misplaced = misplacedRegionKey(raw);
  if (misplaced !== undefined) {
    const line = misplaced === 'paraf.chain' ? src.keyLineOf(['paraf'], 'chain') : src.keyLineOf([], misplaced);
    throw new AppError(
      'TEMPLATE_INVALID',
      `${misplaced} diatur per daerah: pindahkan ke profil daerah (templates/${REGIONS_FOLDER}/<id>.yaml, bagian families.<family>), lalu hapus dari template.yaml.`,
      { file: metaFile, line, field: misplaced },
    );
  }
  const parsed = KindMetaSchema.safeParse(raw);
  if (!parsed.success) throw problemsError('TEMPLATE_INVALID', metaFile, schemaProblems(parsed.error.issues, src));
  const placeholders = [...parsed.data.title.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const unknown = placeholders.find((p) => p !== 'kepalaDaerah');
  if (unknown !== undefined) {
    throw new AppError('TEMPLATE_INVALID', `title: {${unknown}} tidak dikenal; yang ada: {kepalaDaerah}.`, { file: metaFile, line: src.lineOf(['title']), field: 'title' });
  }
  return parsed.data;
}

/**
 * The kind's metadata merged with the region profile `daerah` (or the kind's own `daerah` when it is
 * made for one region). Without either, or when the profile has no settings for the kind's family:
 * TEMPLATE_INVALID / TEMPLATE_NOT_FOUND with field `daerah`.
 */
function mergeMeta(templatesDir: string, kind: string, own: KindMeta, daerah: string | undefined): { meta: TemplateMeta; region: RegionProfile } {
  const regionId = daerah ?? own.daerah;
  if (regionId === undefined) {
    const known = listRegionIds(templatesDir);
    throw new AppError(
      'DOCUMENT_INVALID',
      `Templat ${kind} dipakai oleh semua daerah: sebutkan daerahnya di data dokumen ("daerah: <id>"); daerah yang ada: ${known.join(', ') || '(tidak ada)'}.`,
      { field: 'daerah', details: { known } },
    );
  }
  const region = loadRegionProfile(templatesDir, regionId);
  const settings = region.settingsFor(kind, own.family);
  if (settings === undefined) {
    throw new AppError(
      'TEMPLATE_INVALID',
      `Profil daerah ${region.id} belum mengatur naskah berjenis "${own.family}" (templat ${kind}): tambahkan families.${own.family} (numbering, signer, paraf, tembusan) di ${region.file}.`,
      { file: path.join(templatesDir, region.file), field: `families.${own.family}` },
    );
  }
  const meta: TemplateMeta = {
    family: own.family,
    name: own.name,
    title: own.title.replace(/\{kepalaDaerah\}/g, region.kepalaDaerah),
    regionId: region.id,
    region: region.name,
    timeZone: region.timeZone,
    place: region.place,
    placeLabel: own.placeLabel,
    numbering: settings.numbering,
    signer: settings.signer,
    ...(settings.paraf ? { paraf: { title: own.paraf.title, ...settings.paraf } } : {}),
    tembusan: settings.tembusan,
    required: own.required,
    body: own.body,
    ...(own.lampiran !== undefined ? { lampiran: own.lampiran } : {}),
    figures: own.figures,
    ...(own.form !== undefined ? { form: own.form } : {}),
  };
  return { meta, region };
}

/** Width of a lambang daerah beside the kop lines: 2.2 cm. */
const SIDE_EMBLEM_WIDTH = (2.2 * 72) / 2.54;

/** A PNG or JPEG of the templates folder (the kop's lambang daerah). */
function readEmblem(file: string, width: number): EmblemImage {
  const data = new Uint8Array(readFileSync(file));
  const png = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const jpeg = data[0] === 0xff && data[1] === 0xd8;
  if (!png && !jpeg) throw new AppError('TEMPLATE_INVALID', 'Lambang daerah harus berkas PNG atau JPEG.', { file, field: 'kop.lambang' });
  return { data, format: png ? 'png' : 'jpeg', width };
}

function hbsFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((n) => n.endsWith('.hbs')).sort();
}

/**
 * The kind `kind` as issued by the region `daerah`: compiled sources and the merged metadata
 * (`meta.regionId`, `meta.region`, `meta.timeZone`, numbering, signer, paraf chain, tembusan).
 */
export function loadTemplate(templatesDir: string, kind: string, daerah?: string): LoadedTemplate {
  const dir = kindDir(templatesDir, kind);
  const metaFile = path.join(dir, 'template.yaml');
  const own = readKindMeta(templatesDir, kind);
  const { meta, region } = mergeMeta(templatesDir, kind, own, daerah);
  const hb = createHandlebarsEnv();
  // Shared partials first: a kind's own partial of the same name wins.
  for (const partialsDir of [path.join(templatesDir, SHARED_PARTIALS_FOLDER), path.join(dir, 'partials')]) {
    for (const name of hbsFiles(partialsDir)) {
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
  for (const name of hbsFiles(dir).filter((n) => n !== meta.body && !lampiran.has(n))) {
    lampiran.set(name, load(name));
  }
  const regionEmblem = region.kop.lambang !== undefined ? readEmblem(path.join(templatesDir, region.kop.lambang), SIDE_EMBLEM_WIDTH) : undefined;
  return { kind, dir, meta, region, ...(regionEmblem ? { regionEmblem } : {}), body: load(meta.body), lampiran };
}

/**
 * The template a document data file names (`template:` and `daerah:`). An unknown kind or region, or
 * a missing `daerah`, is reported at that line of the data file.
 */
export function loadTemplateOf(templatesDir: string, doc: DocumentSource): LoadedTemplate {
  try {
    return loadTemplate(templatesDir, doc.data.template, doc.data.daerah);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const field = error.location.field;
    const ofData = (error.code === 'TEMPLATE_NOT_FOUND' || error.code === 'DOCUMENT_INVALID') && (field === 'template' || field === 'daerah');
    if (!ofData || error.location.file !== undefined) throw error;
    throw new AppError(error.code, error.message, { file: doc.file, line: doc.lineOf([field]), field, cause: error, details: error.details });
  }
}

export interface TemplateFile {
  /** Relative to the templates folder, "/"-separated. */
  readonly path: string;
  /** SHA-256 of the file's bytes, hex. */
  readonly sha256: string;
}

function filesUnder(root: string, rel: string): string[] {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => filesUnder(root, `${rel}/${n}`));
}

/**
 * Every file that shapes the text of a document of `kind` issued by `regionId`: the kind's folder
 * (metadata, sources, partials), the region profile, the shared partials and the images its kop uses —
 * sorted by path, each with the SHA-256 of its bytes. A change to any of them changes the document.
 */
export function listTemplateFiles(templatesDir: string, kind: string, regionId: string | undefined): TemplateFile[] {
  const own = readKindMeta(templatesDir, kind);
  const id = regionId ?? own.daerah;
  if (id === undefined) {
    throw new AppError('DOCUMENT_INVALID', `Templat ${kind} dipakai oleh semua daerah: sebutkan daerahnya di data dokumen ("daerah: <id>").`, { field: 'daerah' });
  }
  const region = loadRegionProfile(templatesDir, id);
  const paths = new Set<string>([...filesUnder(templatesDir, kind), region.file, ...filesUnder(templatesDir, SHARED_PARTIALS_FOLDER)]);
  if (region.kop.lambang !== undefined) paths.add(region.kop.lambang);
  return [...paths]
    .sort()
    .map((rel) => ({ path: rel, sha256: createHash('sha256').update(readFileSync(path.join(templatesDir, rel))).digest('hex') }));
}
