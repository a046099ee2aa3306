/**
 * The compose step: document data + a loaded template → the DocumentModel both renderers consume, and
 * the row sources its tables stream from. Runs the Handlebars sources, parses the markup they render,
 * and supplies the generated pieces (signature block, lampiran heading, paraf table, numbering display).
 * Pure apart from the template files already loaded and lazily opened row-source files. Imports the
 * model, format helpers and the other compose modules.
 */
import { AppError } from '../errors/app-error.ts';
import { formatTanggal, toRoman } from '../format/indonesian.ts';
import {
  DEFAULT_PAGE,
  type Block,
  type DocumentModel,
  type DocumentPart,
  type EmblemImage,
  type LabeledLine,
  type LampiranHeadingBlock,
  type ParafTableBlock,
  type RowSource,
  type RowSources,
  type SignatureBlock,
} from '../model/document-model.ts';
import { buildBlocks, type BuildContext } from './build-blocks.ts';
import { dataError, type DocumentSource } from './document-data.ts';
import { formatPath, type DataPath, type DataProblem } from './yaml-source.ts';
import { PLACEHOLDER } from './handlebars-env.ts';
import type { LoadedTemplate, TemplateSource } from './load-template.ts';
import { parseMarkup } from './parse-markup.ts';
import { REGION_TIME_ZONES } from './region-profile.ts';
import { createRowSource, type SumberSpec } from './row-sources.ts';
import { summariseSource, type SourceSummary } from './source-summary.ts';
import { computeFigures } from './figures.ts';
import { SOURCE_SUMMARIES } from './handlebars-env.ts';
import type { ProgramConfig } from '../participants/program-config.ts';

export interface ComposeContext {
  /** Builds the row source of one `sumber` entry; the default reads inline records or a file beside the YAML. */
  readonly rowSource?: (name: string, spec: SumberSpec, doc: DocumentSource) => RowSource;
  /** Garuda emblem for the kop, supplied by the deployment. */
  readonly emblem?: EmblemImage;
  /** Tariffs for `figures` rules of the kind (config/programs.yaml, loaded by the caller). */
  readonly programConfig?: ProgramConfig;
}

export interface ComposedDocument {
  readonly model: DocumentModel;
  readonly sources: RowSources;
  /** Drafting conventions the data does not follow (the document still renders): shown, not fatal. */
  readonly warnings: readonly DataProblem[];
}

/**
 * Conventions of Indonesian regulations (DESIGN §3) checked on the data: Menimbang items start with
 * "bahwa" and end with ";", Mengingat items end with ";" (the last may end with "."), the title has no
 * final period.
 */
export function draftingWarnings(doc: DocumentSource): DataProblem[] {
  const out: DataProblem[] = [];
  const warn = (path: DataPath, message: string): void => {
    out.push({ field: formatPath(path), line: doc.lineOf(path), message });
  };
  const { menimbang, mengingat, tentang } = doc.data;
  for (const [i, item] of (menimbang ?? []).entries()) {
    if (!/^bahwa\s/.test(item.trim())) warn(['menimbang', i], 'butir Menimbang biasanya diawali "bahwa"');
    if (!item.trim().endsWith(';')) warn(['menimbang', i], 'butir Menimbang biasanya diakhiri ";"');
  }
  for (const [i, item] of (mengingat ?? []).entries()) {
    const last = i === (mengingat ?? []).length - 1;
    if (!/;$/.test(item.trim()) && !(last && item.trim().endsWith('.'))) {
      warn(['mengingat', i], last ? 'butir Mengingat terakhir biasanya diakhiri ";" atau "."' : 'butir Mengingat biasanya diakhiri ";"');
    }
  }
  if (tentang.trim().endsWith('.')) warn(['tentang'], 'judul (tentang) ditulis tanpa titik di akhir');
  return out;
}

/** Display of the document number: the assigned one, or the kind's pattern with "…" for what is unknown. */
export function displayNumber(template: LoadedTemplate, doc: DocumentSource): string {
  if (doc.data.nomor !== undefined) return doc.data.nomor;
  const data = doc.data as Record<string, unknown>;
  return template.meta.numbering.pattern.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
    if (name === 'seq') return PLACEHOLDER;
    if (name === 'year') return doc.data.tanggal?.slice(0, 4) ?? PLACEHOLDER;
    const v = data[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : PLACEHOLDER;
  });
}

const ACADEMIC_PREFIX = /^(?:(?:prof|dr|drs|dra|ir|drg|drh)\.\s*)+/i;

/** "Dr. Ir. Kosmas D. Lana, S.H., M.Si." → "KOSMAS D. LANA": capitals without academic titles. */
export function signerDisplayName(nama: string): string {
  let name = nama.trim().replace(ACADEMIC_PREFIX, '');
  const comma = name.indexOf(',');
  if (comma > 0) name = name.slice(0, comma);
  return name.trim().toLocaleUpperCase('id');
}

function valueAt(data: unknown, path: DataPath): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/**
 * The region's name ("KABUPATEN KUPANG", "PROVINSI NUSA TENGGARA TIMUR") and its own name ("NUSA
 * TENGGARA TIMUR") joined by no-break spaces wherever they occur, so no title or heading line splits
 * them.
 */
export function bindRegionName(text: string, regionName: string): string {
  const own = regionName.replace(/^(provinsi|kabupaten|kota)\s+/i, '').trim();
  let out = text;
  for (const name of [regionName.trim(), own]) {
    const words = name.split(/\s+/);
    if (words.length < 2) continue;
    const pattern = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+'), 'giu');
    out = out.replace(pattern, (m) => m.split(/\s+/).join('\u00a0'));
  }
  return out;
}

/** A copy of `data` with `values` set at their dotted paths (figures computed from the lists). */
function withValues<T>(data: T, values: ReadonlyMap<string, number>): T {
  if (values.size === 0) return data;
  const root = structuredClone(data) as Record<string, unknown>;
  for (const [dotted, value] of values) {
    const parts = dotted.split('.');
    let node = root;
    for (const p of parts.slice(0, -1)) {
      const next = node[p];
      node = (next !== null && typeof next === 'object' ? next : (node[p] = {})) as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return root as T;
}

/** 1-based line in `text` of the element `tag`: the exact tag, else the only tag of that name. */
function locator(source: TemplateSource): (renderedLine: number, tag?: string) => number {
  const lines = source.text.split('\n');
  return (renderedLine, tag) => {
    if (tag === undefined) return renderedLine;
    const exact = lines.findIndex((l) => l.includes(tag));
    if (exact !== -1) return exact + 1;
    const name = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(tag)?.[1];
    if (name !== undefined) {
      const re = new RegExp(`<${name}(?=[\\s/>])`);
      const hits = lines.flatMap((l, i) => (re.test(l) ? [i + 1] : []));
      if (hits.length === 1) return hits[0]!;
    }
    return renderedLine;
  };
}

/**
 * Composes the document: checks the data against the kind, reads every row source once (its figures
 * and its own checks: cell counts, the hash of a frozen list — before anything is rendered), derives
 * the figures, runs the templates and builds the model.
 */
export async function composeDocument(template: LoadedTemplate, doc: DocumentSource, ctx: ComposeContext = {}): Promise<ComposedDocument> {
  checkAgainstKind(template, doc);
  const sources = openSources(doc, ctx);
  const summaries = new Map<string, SourceSummary>();
  for (const [name, source] of sources) {
    const summary = await summariseSource(name, source);
    summaries.set(name, summary);
    sources.set(name, { count: summary.count, records: () => source.records() });
  }
  return composeWith(template, doc, ctx, sources, summaries);
}

/**
 * The same without reading the row sources: a draft's shape checked before it is stored (its files
 * are not yet where they will be). Figures and source aggregates are 0 and nothing is compared.
 */
export function composeUnread(template: LoadedTemplate, doc: DocumentSource, ctx: ComposeContext = {}): ComposedDocument {
  checkAgainstKind(template, doc);
  const sources = new Map<string, RowSource>();
  for (const name of Object.keys(doc.data.sumber ?? {})) sources.set(name, { count: 0, records: () => [] });
  return composeWith(template, doc, ctx, sources, 'unread');
}

/** Required fields, the region, paraf jabatan and lampiran sources: every problem at once. */
function checkAgainstKind(template: LoadedTemplate, doc: DocumentSource): void {
  const { meta } = template;
  const data = doc.data;

  const problems: DataProblem[] = [];
  if (data.daerah !== undefined && data.daerah !== meta.regionId) {
    problems.push({
      field: 'daerah',
      line: doc.lineOf(['daerah']),
      message: `data menyebut daerah "${data.daerah}", sedangkan templat dimuat untuk daerah "${meta.regionId}"`,
    });
  }
  for (const field of meta.required) {
    const path = field.split('.');
    if (isEmpty(valueAt(data, path))) {
      problems.push({ field, line: doc.lineOf(path), message: `wajib diisi untuk templat ${template.kind}` });
    }
  }
  const chain = data.paraf?.rantai ?? meta.paraf?.chain;
  for (const jabatan of Object.keys(data.paraf?.diberikan ?? {})) {
    if (!chain?.includes(jabatan)) {
      problems.push({
        field: `paraf.diberikan.${jabatan}`,
        line: doc.lineOf(['paraf', 'diberikan', jabatan]),
        message: `jabatan "${jabatan}" tidak ada dalam rantai paraf (${(chain ?? []).join(' / ') || 'kosong'})`,
      });
    }
  }
  const lampiranData = data.lampiran ?? [];
  for (const [i, entry] of lampiranData.entries()) {
    const name = typeof entry.templat === 'string' ? entry.templat : meta.lampiran;
    if (name === undefined || !template.lampiran.has(name)) {
      problems.push({
        field: formatPath(['lampiran', i, 'templat']),
        line: doc.lineOf(['lampiran', i, 'templat']),
        message:
          name === undefined
            ? `templat ${template.kind} tidak punya sumber lampiran; sebutkan "templat: <berkas>.hbs"`
            : `berkas lampiran "${name}" tidak ada di folder templat ${template.kind}`,
      });
    }
  }
  if (problems.length > 0) throw dataError(doc.file, problems);
}

function openSources(doc: DocumentSource, ctx: ComposeContext): Map<string, RowSource> {
  const sources = new Map<string, RowSource>();
  for (const [name, spec] of Object.entries(doc.data.sumber ?? {})) {
    const make = ctx.rowSource ?? ((_n: string, s: SumberSpec, d: DocumentSource) =>
      createRowSource(s, d.baseDir, { file: d.file, line: d.lineOf(['sumber', name]), field: `sumber.${name}` }));
    sources.set(name, make(name, spec, doc));
  }
  return sources;
}

function composeWith(
  template: LoadedTemplate,
  doc: DocumentSource,
  ctx: ComposeContext,
  sources: Map<string, RowSource>,
  summaries: ReadonlyMap<string, SourceSummary> | 'unread',
): ComposedDocument {
  const { meta } = template;
  const data = doc.data;
  const unread = summaries === 'unread';
  const figures = computeFigures(meta.figures, {
    data,
    summaries: unread ? new Map() : summaries,
    ...(ctx.programConfig ? { programConfig: ctx.programConfig } : {}),
    placeholder: unread,
    lineOf: doc.lineOf,
  });
  if (figures.problems.length > 0) throw dataError(doc.file, figures.problems);
  const figuredData = withValues(data, figures.values);
  const chain = data.paraf?.rantai ?? meta.paraf?.chain;
  const lampiranData = data.lampiran ?? [];

  const number = displayNumber(template, doc);
  const tanggal = data.tanggal !== undefined ? formatTanggal(data.tanggal) : PLACEHOLDER;
  const signer = data.penandatangan;
  const acting = signer.status === 'plt' ? 'Plt. ' : signer.status === 'plh' ? 'Plh. ' : '';
  const atasNama = signer.atasNama ?? meta.signer.atasNama;
  const jabatan = signer.jabatan ?? meta.signer.jabatan;
  const showIds = acting === '' && !(meta.signer.kepalaDaerah && signer.jabatan === undefined);

  const signature = (slot: string, withPlaceDate: boolean, column?: number): SignatureBlock => {
    const placeDate: LabeledLine[] = withPlaceDate
      ? [
          { label: meta.placeLabel, separator: '', value: meta.place },
          { label: 'pada tanggal', separator: '', value: tanggal },
        ]
      : [];
    const heading = [...(atasNama ? [`a.n. ${atasNama}`] : []), `${acting}${jabatan},`];
    return {
      kind: 'signature',
      placeDate,
      heading,
      name: signerDisplayName(signer.nama),
      ...(showIds && signer.pangkat ? { rank: signer.pangkat } : {}),
      ...(showIds && signer.nip ? { nip: `NIP. ${signer.nip}` } : {}),
      slot,
      ...(column !== undefined ? { column } : {}),
    };
  };

  const paraf =
    chain === undefined
      ? undefined
      : (title?: string): ParafTableBlock => ({
          kind: 'paraf-table',
          title: title ?? meta.paraf?.title ?? 'PARAF HIERARKI',
          rows: chain.map((j) => {
            const given = data.paraf?.diberikan?.[j];
            return given !== undefined ? { jabatan: j, paraf: given } : { jabatan: j };
          }),
        });

  const tentangKapital = bindRegionName(data.tentang.toLocaleUpperCase('id'), template.region.name);
  const dokumen = {
    judul: meta.title,
    nomor: number,
    tanggal,
    tanggalIso: data.tanggal,
    tempat: meta.place,
    wilayah: meta.region,
    tentang: data.tentang,
    tentangKapital,
    jumlahLampiran: lampiranData.length,
  };
  const region = template.region;
  const daerah = {
    id: region.id,
    nama: region.name,
    kode: region.code,
    tingkat: region.level,
    kepalaDaerah: region.kepalaDaerah,
    sebutanKepalaDaerah: region.headTitle,
    pemerintah: `Pemerintah ${region.name}`,
    tempat: region.place,
    zonaWaktu: REGION_TIME_ZONES[region.timeZone],
    kop: {
      // As the markup writes them (the shared partial templates/partials/kop.hbs renders these).
      garis: region.kop.garis,
      lambang: region.kop.lambang !== undefined ? 'kiri' : 'atas',
      baris: region.kop.baris.map((b) => ({ teks: b.teks, ...(b.ukuran !== undefined ? { ukuran: b.ukuran } : {}), tebal: b.tebal === false ? 'tidak' : 'ya' })),
    },
  };
  const baseContext = {
    ...figuredData,
    tembusan: data.tembusan ?? meta.tembusan,
    dokumen,
    templat: meta,
    daerah,
    [SOURCE_SUMMARIES]: summaries,
  };

  const renderPart = (source: TemplateSource, context: unknown, extra: Partial<BuildContext>): Block[] => {
    const markup = source.render(context);
    const locate = locator(source);
    let nodes;
    try {
      nodes = parseMarkup(markup, source.file);
    } catch (error) {
      if (error instanceof AppError && error.location.line !== undefined) {
        const tag = (error.details as { tag?: string } | undefined)?.tag;
        throw new AppError(error.code, error.message, { file: source.file, line: locate(error.location.line, tag), details: { renderedLine: error.location.line, tag } });
      }
      throw error;
    }
    return buildBlocks(nodes, {
      file: source.file,
      locate,
      diktum: { count: 0 },
      signature,
      ...(paraf ? { paraf } : {}),
      sources: unread ? new Map([...sources.keys()].map((n) => [n, undefined])) : summaries,
      ...(ctx.emblem ? { emblem: ctx.emblem } : {}),
      ...(template.regionEmblem ? { regionEmblem: template.regionEmblem } : {}),
      ...extra,
    });
  };

  const parts: DocumentPart[] = [];
  const bodyBlocks = renderPart(template.body, baseContext, {});
  parts.push({ kind: 'body', id: 'batang-tubuh', blocks: bodyBlocks });

  for (const [i, entry] of lampiranData.entries()) {
    const name = typeof entry.templat === 'string' ? entry.templat : meta.lampiran!;
    const roman = lampiranData.length > 1 ? toRoman(i + 1) : '';
    const heading = (column?: number): LampiranHeadingBlock => ({
      kind: 'lampiran-heading',
      lines: [
        { label: roman ? `LAMPIRAN ${roman}` : 'LAMPIRAN', separator: '', value: '' },
        { label: meta.title, separator: '', value: '' },
        { label: 'NOMOR', separator: ':', value: number },
        { label: 'TANGGAL', separator: ':', value: tanggal },
        { label: 'TENTANG', separator: ':', value: tentangKapital },
      ],
      ...(column !== undefined ? { column } : {}),
    });
    const context = { ...baseContext, lampiranIni: entry, lampiranKe: i + 1, nomorLampiran: roman };
    parts.push({ kind: 'lampiran', id: `lampiran-${i + 1}`, blocks: renderPart(template.lampiran.get(name)!, context, { lampiranHeading: heading }) });
  }

  const model: DocumentModel = {
    meta: {
      kind: template.kind,
      family: meta.family,
      title: meta.title,
      ...(data.nomor !== undefined ? { number: data.nomor } : {}),
      ...(data.tanggal !== undefined ? { date: data.tanggal } : {}),
      place: meta.place,
      tentang: data.tentang,
      region: meta.region,
      regionId: meta.regionId,
      signerName: signerDisplayName(signer.nama),
      language: 'id',
    },
    page: DEFAULT_PAGE,
    parts,
  };
  return { model, sources, warnings: draftingWarnings(doc) };
}
