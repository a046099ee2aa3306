/**
 * Use case "render a draft from a document data file": read the YAML → load its template → compose the
 * DocumentModel → render PDF and DOCX → write both atomically (temp name, then rename). No database.
 * Deterministic: the renderers' clock is the document's tanggal, else a fixed epoch.
 * Imports compose, render and the fonts loader; the only module of this feature that writes files.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { AppError } from '../errors/app-error.ts';
import { composeDocument, type ComposedDocument } from '../compose/compose-document.ts';
import { parseDocumentData, type DocumentSource } from '../compose/document-data.ts';
import type { DataProblem } from '../compose/yaml-source.ts';
import { loadTemplateOf, type LoadedTemplate } from '../compose/load-template.ts';
import type { EmblemImage, RenderProgress } from '../model/document-model.ts';
import { loadFonts, type FontFiles } from '../render/fonts.ts';
import { loadProgramConfig, type ProgramConfig } from '../participants/program-config.ts';
import { renderDocx } from '../render/docx/render-docx.ts';
import { renderPdf } from '../render/pdf/render-pdf.ts';

export const DEFAULT_TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');

/** Clock of documents without a tanggal (drafts): fixed, so two renders of one draft are identical. */
export const DRAFT_EPOCH = new Date(Date.UTC(2000, 0, 1));

export interface ComposeFileOptions {
  /** Folder holding templates/<kind>/; the project's templates/ by default. */
  readonly templatesDir?: string;
  readonly emblem?: EmblemImage;
  /** Tariffs for the kind's derived figures; config/programs.yaml by default. */
  readonly programConfig?: ProgramConfig;
}

export interface ComposedFile extends ComposedDocument {
  readonly document: DocumentSource;
  readonly template: LoadedTemplate;
}

/** Reads and validates a document data file and composes it (no rendering): for previews and tests. */
export async function composeDocumentFile(yamlPath: string, options: ComposeFileOptions = {}): Promise<ComposedFile> {
  const file = path.resolve(yamlPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `Berkas data dokumen tidak dapat dibaca: ${(cause as NodeJS.ErrnoException).code ?? cause}. Periksa jalurnya.`, {
      file: yamlPath,
      cause,
    });
  }
  const document = parseDocumentData(text, yamlPath, path.dirname(file));
  const template = loadTemplateOf(options.templatesDir ?? DEFAULT_TEMPLATES_DIR, document);
  const composed = await composeDocument(template, document, {
    ...(options.emblem ? { emblem: options.emblem } : {}),
    programConfig: options.programConfig ?? loadProgramConfig(),
  });
  return { ...composed, document, template };
}

/** Width of the kop emblem (Garuda) unless the caller says otherwise: 2.5 cm. */
export const EMBLEM_WIDTH_PT = (2.5 * 72) / 2.54;

/** Reads a PNG or JPEG for the kop (the deployment supplies the Garuda emblem). */
export async function loadEmblem(file: string, width = EMBLEM_WIDTH_PT): Promise<EmblemImage> {
  let data: Uint8Array;
  try {
    data = new Uint8Array(await readFile(file));
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `Berkas lambang tidak dapat dibaca; periksa jalurnya.`, { file, cause });
  }
  const png = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const jpeg = data[0] === 0xff && data[1] === 0xd8;
  if (!png && !jpeg) throw new AppError('FILE_UNREADABLE', 'Lambang harus berkas PNG atau JPEG.', { file });
  return { data, format: png ? 'png' : 'jpeg', width };
}

export type RenderStage = 'pdf' | 'docx';

export interface RenderDocumentOptions extends ComposeFileOptions {
  readonly outDir: string;
  /** Dates the output; the document's tanggal, else DRAFT_EPOCH, when absent. */
  readonly clock?: Date;
  readonly fonts?: FontFiles;
  readonly onProgress?: (stage: RenderStage, progress: RenderProgress) => void;
}

export interface RenderDocumentResult {
  readonly pdfPath: string;
  readonly docxPath: string;
  readonly pageCount: number;
  readonly kind: string;
  /** Drafting conventions the data does not follow (see draftingWarnings); the files are written anyway. */
  readonly warnings: readonly DataProblem[];
}

async function writeAtomically(target: string, write: (out: NodeJS.WritableStream) => Promise<unknown>): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  const out = createWriteStream(temp);
  try {
    await write(out);
    if (!out.writableEnded) out.end();
    await finished(out);
    await rename(temp, target);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

export async function renderDocumentFile(yamlPath: string, options: RenderDocumentOptions): Promise<RenderDocumentResult> {
  const { model, sources, document, warnings } = await composeDocumentFile(yamlPath, options);
  const clock = options.clock ?? (document.data.tanggal !== undefined ? new Date(`${document.data.tanggal}T00:00:00Z`) : DRAFT_EPOCH);
  const fonts = options.fonts ?? loadFonts();
  const name = path.basename(yamlPath).replace(/\.ya?ml$/i, '');
  const outDir = path.resolve(options.outDir);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `Folder keluaran ${outDir} tidak dapat dibuat; pilih folder lain dengan --out.`, { file: outDir, cause });
  }
  const pdfPath = path.join(outDir, `${name}.pdf`);
  const docxPath = path.join(outDir, `${name}.docx`);
  const progress = (stage: RenderStage) => (p: RenderProgress) => options.onProgress?.(stage, p);

  let pageCount = 0;
  // Both renderers stream into `output` and end it; should one hand back bytes instead, write those.
  await writeAtomically(pdfPath, async (output) => {
    const result = await renderPdf(model, { fonts, sources, clock, onProgress: progress('pdf'), output });
    if (result.bytes) output.end(result.bytes);
    pageCount = result.pageCount;
  });
  await writeAtomically(docxPath, async (output) => {
    const result = await renderDocx(model, { fonts, sources, clock, onProgress: progress('docx'), output });
    if (result.bytes) output.end(result.bytes);
  });
  return { pdfPath, docxPath, pageCount, kind: model.meta.kind, warnings };
}
