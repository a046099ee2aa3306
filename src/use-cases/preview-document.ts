/**
 * Use case "preview the current version of a stored document": the draft as `naskah render` would make
 * it (same compose and renderers, same clock rule: the document's tanggal, else the fixed draft epoch),
 * its relative `sumber` files resolved against the data directory as signing does — so a participant
 * decree's frozen list (daftar/<hash>.csv) is found, fetched from the shared store when this machine
 * lacks it. The render streams into a temporary file and then into the preview cache (storage, bounded
 * by bytes); nothing holds the whole file in memory. Same version and format = same bytes, so the
 * cache key is "<versionId>.<format>".
 * Also how heavy a preview is (previewWeight): the adapters render light ones at once and queue heavy
 * ones as jobs, so a large lampiran never runs on a server's event loop.
 * Imports compose, render, storage, the fonts type.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { composeDocument } from '../compose/compose-document.ts';
import { parseDocumentData } from '../compose/document-data.ts';
import { loadTemplateOf } from '../compose/load-template.ts';
import { AppError } from '../errors/app-error.ts';
import type { EmblemImage, RenderProgress } from '../model/document-model.ts';
import { renderDocx } from '../render/docx/render-docx.ts';
import type { ProgramConfig } from '../participants/program-config.ts';
import type { FontFiles } from '../render/fonts.ts';
import { renderPdf } from '../render/pdf/render-pdf.ts';
import { dataFilesNamedIn, ensureDocumentSources, normaliseDataPath } from '../storage/data-files.ts';
import type { FileStore, ObjectReader } from '../storage/file-store.ts';
import type { PreviewCache } from '../storage/preview-cache.ts';
import { DRAFT_EPOCH } from './render-document.ts';
import type { UseCaseDb } from './use-case-db.ts';

export type PreviewFormat = 'pdf' | 'docx';

export interface PreviewDeps {
  readonly db: UseCaseDb;
  readonly templatesDir: string;
  readonly dataDir: string;
  readonly fonts: FontFiles;
  readonly emblem?: EmblemImage;
  /** Where frozen lists are fetched from when this machine lacks them. */
  readonly fileStore: FileStore;
  readonly previewCache: PreviewCache;
  /** Program years and tariffs, for the figures a participant decree derives from its list. */
  readonly programConfig: ProgramConfig;
}

export interface PreviewTarget {
  readonly documentId: string;
  readonly format: PreviewFormat;
}

export interface PreviewInfo {
  readonly key: string;
  readonly fileName: string;
  readonly versionId: string;
}

export interface RenderedPreview extends PreviewInfo {
  readonly sha256: string;
  readonly size: number;
  readonly pageCount?: number;
}

/** Sources above this many bytes (or inline rows above PREVIEW_INLINE_ROWS) make a preview heavy. */
export const PREVIEW_LIGHT_BYTES = 512 * 1024;
export const PREVIEW_INLINE_ROWS = 2_000;

/** The cache key and download name of the current version's preview; its data for rendering. */
export async function describePreview(db: UseCaseDb, target: PreviewTarget): Promise<PreviewInfo & { readonly dataYaml: string }> {
  const doc = await db.prisma.document.findUnique({ where: { id: target.documentId }, include: { currentVersion: true } });
  if (!doc?.currentVersion) throw new AppError('NOT_FOUND', `Dokumen ${target.documentId} tidak ada atau belum punya versi.`);
  const version = doc.currentVersion;
  return { key: `${version.id}.${target.format}`, fileName: `${doc.kindId}-v${version.versionNo}.${target.format}`, versionId: version.id, dataYaml: version.dataYaml };
}

/** The cached preview of the current version, when there is one. */
export async function openCachedPreview(deps: Pick<PreviewDeps, 'db' | 'previewCache'>, target: PreviewTarget): Promise<(PreviewInfo & { reader: ObjectReader }) | undefined> {
  const info = await describePreview(deps.db, target);
  const reader = await deps.previewCache.open(info.key);
  return reader ? { key: info.key, fileName: info.fileName, versionId: info.versionId, reader } : undefined;
}

/**
 * Whether rendering this version is heavy enough to belong to a worker: the bytes of its files in the
 * data directory (a 100,000-row list is ~14 MB) or the number of inline rows.
 */
export async function previewWeight(dataDir: string, dataYaml: string): Promise<{ heavy: boolean; sourceBytes: number }> {
  let sourceBytes = 0;
  for (const file of dataFilesNamedIn(dataYaml)) {
    try {
      const info = await stat(path.join(dataDir, normaliseDataPath(file)));
      sourceBytes += info.size;
    } catch {
      // missing here (another machine's list, fetched at render) or outside the folder (refused at render)
      sourceBytes += PREVIEW_LIGHT_BYTES + 1;
    }
  }
  const inlineRows = (dataYaml.match(/^\s*-\s/gm) ?? []).length;
  return { heavy: sourceBytes > PREVIEW_LIGHT_BYTES || inlineRows > PREVIEW_INLINE_ROWS, sourceBytes };
}

/** Renders the current version into the cache (or finds it there) and says where it is. */
export async function renderPreview(deps: PreviewDeps, target: PreviewTarget, onProgress?: (p: RenderProgress) => void): Promise<RenderedPreview> {
  const info = await describePreview(deps.db, target);
  const cached = await deps.previewCache.open(info.key);
  if (cached) {
    cached.stream.destroy();
    return { key: info.key, fileName: info.fileName, versionId: info.versionId, sha256: cached.sha256, size: cached.size };
  }
  await ensureDocumentSources({ db: deps.db, fileStore: deps.fileStore, dataDir: deps.dataDir }, info.dataYaml);
  const source = parseDocumentData(info.dataYaml, `dokumen-${target.documentId}.yaml`, deps.dataDir);
  const template = loadTemplateOf(deps.templatesDir, source);
  const { model, sources } = await composeDocument(template, source, { ...(deps.emblem ? { emblem: deps.emblem } : {}), programConfig: deps.programConfig });
  const clock = source.data.tanggal !== undefined ? new Date(`${source.data.tanggal}T00:00:00Z`) : DRAFT_EPOCH;

  const tmpDir = path.join(deps.dataDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const file = path.join(tmpDir, `${Date.now()}.${randomBytes(6).toString('hex')}.preview.${target.format}`);
  const output = createWriteStream(file, { flags: 'wx' });
  let pageCount: number | undefined;
  try {
    const options = { fonts: deps.fonts, sources, clock, output, ...(onProgress ? { onProgress } : {}) };
    const result: { readonly bytes?: Uint8Array; readonly pageCount?: number } =
      target.format === 'pdf' ? await renderPdf(model, options) : await renderDocx(model, options);
    if (result.bytes) output.end(result.bytes);
    else if (!output.writableEnded) output.end();
    await finished(output);
    pageCount = result.pageCount;
    const stored = await deps.previewCache.store(info.key, file);
    return { key: info.key, fileName: info.fileName, versionId: info.versionId, sha256: stored.sha256, size: stored.size, ...(pageCount !== undefined ? { pageCount } : {}) };
  } finally {
    output.destroy();
    await rm(file, { force: true });
  }
}
