/**
 * The seam between the HTTP adapter and the document use cases: each function takes what a route has
 * (the session user, ids, the hash shown on the page, document data as YAML or as form data) and calls
 * the use case with the data directory's keys and file store. Long work goes through the job queue
 * (signing: `document.issue`; a preview with large sources: `document.preview`): the request waits a
 * little and gets the result, or Pending (job-replies.ts) when the job still runs. Previews of stored
 * versions come from the preview cache (storage, bounded by bytes); unsaved form data is rendered here,
 * never kept, and only when its sources are light.
 * Imports the use cases, compose/render (unsaved previews), jobs, storage, and the error type.
 */
import path from 'node:path';
import { stringify } from 'yaml';
import { keystoreEvidenceSigner } from '../../app/services.ts';
import { composeDocument } from '../../compose/compose-document.ts';
import { parseDocumentData } from '../../compose/document-data.ts';
import { loadTemplateOf } from '../../compose/load-template.ts';
import { AppError } from '../../errors/app-error.ts';
import { renderPdf } from '../../render/pdf/render-pdf.ts';
import type { FileStore } from '../../storage/file-store.ts';
import { deleteDraft } from '../../use-cases/delete-draft.ts';
import { draftDocument as runDraft } from '../../use-cases/draft-document.ts';
import { giveParaf as runParaf } from '../../use-cases/give-paraf.ts';
import { jobSealerFor } from '../../jobs/open-job-queue.ts';
import { ensureDocumentSources } from '../../storage/data-files.ts';
import type { ObjectReader } from '../../storage/file-store.ts';
import { describePreview, openCachedPreview, previewWeight, renderPreview, type PreviewDeps, type PreviewFormat } from '../../use-cases/preview-document.ts';
import { requireVisibleDocument } from '../../use-cases/region-scope.ts';
import { DRAFT_EPOCH } from '../../use-cases/render-document.ts';
import { returnDocument as runReturn } from '../../use-cases/return-document.ts';
import { reviseDocument as runRevise } from '../../use-cases/revise-document.ts';
import { revokeDocument as runRevoke } from '../../use-cases/revoke-document.ts';
import { submitDocument as runSubmit } from '../../use-cases/submit-document.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';
import { settle, type Pending } from '../job-replies.ts';

/** Document data as the form and the JSON API give it, written as the YAML a version stores. */
export function dataToYaml(data: Readonly<Record<string, unknown>>): string {
  return stringify(data, { lineWidth: 0 });
}

/** Where issued PDFs are stored (content-addressed). */
export function fileStoreOf(ctx: AppContext): FileStore {
  return ctx.services.fileStore;
}

export function keysDirOf(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'keys');
}

export async function draftDocument(ctx: AppContext, user: SessionUser, input: { kind: string; dataYaml: string }): Promise<{ documentId: string; contentHash: string }> {
  const result = await runDraft(ctx.db, { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, fileStore: ctx.services.fileStore, kind: input.kind, dataYaml: input.dataYaml, username: user.username }, { now: ctx.clock });
  ctx.events.poke();
  return { documentId: result.documentId, contentHash: result.contentHash };
}

/** Refuses an edit made on top of a version that is no longer current (a stale editor tab). */
export async function reviseDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; dataYaml: string; baseContentHash: string; note?: string | undefined },
): Promise<{ contentHash: string; versionNo: number }> {
  const result = await runRevise(
    ctx.db,
    {
      fileStore: ctx.services.fileStore,
      documentId: input.documentId,
      dataYaml: input.dataYaml,
      username: user.username,
      templatesDir: ctx.config.templatesDir,
      dataDir: ctx.config.dataDir,
      baseContentHash: input.baseContentHash,
      ...(input.note ? { note: input.note } : {}),
    },
    { now: ctx.clock },
  );
  ctx.events.poke();
  return { contentHash: result.contentHash, versionNo: result.versionNo };
}

export async function submitDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; contentHash: string; chainOfficialIds?: readonly string[] | undefined },
): Promise<{ state: string }> {
  await runSubmit(
    ctx.db,
    {
      templatesDir: ctx.config.templatesDir,
      dataDir: ctx.config.dataDir,
      fileStore: ctx.services.fileStore,
      baseContentHash: input.contentHash,
      documentId: input.documentId,
      username: user.username,
      ...(input.chainOfficialIds && input.chainOfficialIds.length > 0 ? { chainOfficialIds: input.chainOfficialIds } : {}),
    },
    { now: ctx.clock },
  );
  ctx.events.poke();
  const after = await ctx.db.prisma.document.findUniqueOrThrow({ where: { id: input.documentId }, select: { state: true } });
  return { state: after.state };
}

/** A returned document answered: the revision (a new version, with the drafter's answer) goes straight back into paraf. */
export async function resubmitDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; dataYaml: string; baseContentHash: string; note?: string | undefined },
): Promise<{ state: string; contentHash: string }> {
  const revised = await reviseDocument(ctx, user, input);
  const submitted = await submitDocument(ctx, user, { documentId: input.documentId, contentHash: revised.contentHash });
  return { state: submitted.state, contentHash: revised.contentHash };
}

/**
 * Paraf; with the official's key passphrase the paraf is also signed (detached CMS over the content
 * hash) and embedded in the final PDF as evidence. An official with a key must give it.
 */
export async function giveParaf(ctx: AppContext, user: SessionUser, input: { documentId: string; contentHash: string; passphrase?: string | undefined }): Promise<{ state: string }> {
  const keystore = ctx.services.keystore;
  const hasKey = user.officialId !== null && keystore.hasOfficialKey(user.officialId);
  if (hasKey && !input.passphrase) throw new AppError('USAGE', 'Isi passphrase kunci Anda: paraf ditandatangani sebagai bukti elektronik.', { field: 'passphrase' });
  const evidenceSigner = hasKey && input.passphrase ? keystoreEvidenceSigner(keystore, input.passphrase) : undefined;
  const result = await runParaf(
    ctx.db,
    { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, fileStore: ctx.services.fileStore, documentId: input.documentId, username: user.username, contentHash: input.contentHash },
    { now: ctx.clock, ...(evidenceSigner ? { evidenceSigner } : {}) },
  );
  ctx.events.poke();
  return { state: result.state };
}

export async function returnDocument(ctx: AppContext, user: SessionUser, input: { documentId: string; contentHash: string; note: string }): Promise<{ state: string }> {
  const result = await runReturn(
    ctx.db,
    { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, documentId: input.documentId, username: user.username, note: input.note, contentHash: input.contentHash },
    { now: ctx.clock },
  );
  ctx.events.poke();
  return { state: result.state };
}

/**
 * Signs through the job queue (`document.issue`): a worker renders, signs and archives; the request
 * waits a little, so an ordinary decree is signed before the page answers. The passphrase travels
 * sealed with the job secret and is dropped from the record when the job ends.
 */
export async function signDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; contentHash: string; passphrase?: string | undefined },
): Promise<{ state: string; number: string } | Pending> {
  if (!input.passphrase) throw new AppError('USAGE', 'Isi passphrase kunci penandatanganan Anda untuk menandatangani.', { field: 'passphrase' });
  await requireVisibleDocument(ctx.db.prisma, user, input.documentId);
  const view = await ctx.jobs.submit(
    {
      type: 'document.issue',
      payload: { documentId: input.documentId, username: user.username, contentHash: input.contentHash, sealedPassphrase: jobSealerFor(ctx.config).seal(input.passphrase) },
      submittedBy: user.username,
      key: `document.issue:${input.documentId}`,
    },
    { waitMs: ctx.jobWaitMs },
  );
  return settle(ctx.jobs, view, async (v) => {
    ctx.events.poke();
    return { state: 'signed', number: (v.result as { number: string }).number };
  });
}

export async function deleteDraftDocument(ctx: AppContext, user: SessionUser, input: { documentId: string; contentHash?: string | undefined }): Promise<void> {
  await requireVisibleDocument(ctx.db.prisma, user, input.documentId);
  await deleteDraft(ctx.db, { documentId: input.documentId, username: user.username, ...(input.contentHash ? { contentHash: input.contentHash } : {}) }, { now: ctx.clock });
  ctx.events.poke();
}

export async function revokeIssuedDocument(ctx: AppContext, user: SessionUser, input: { documentId: string; reason: string; reasonPublic: boolean }): Promise<{ number: string }> {
  await requireVisibleDocument(ctx.db.prisma, user, input.documentId);
  const result = await runRevoke(ctx.db, { documentId: input.documentId, username: user.username, reason: input.reason, reasonPublic: input.reasonPublic }, { now: ctx.clock });
  ctx.events.poke();
  return { number: result.number };
}

export interface StoredFileOut {
  readonly reader: ObjectReader;
  readonly fileName: string;
}

export function previewDepsOf(ctx: AppContext): PreviewDeps {
  return {
    db: ctx.db,
    templatesDir: ctx.config.templatesDir,
    dataDir: ctx.config.dataDir,
    fonts: ctx.services.fonts,
    ...(ctx.services.emblem ? { emblem: ctx.services.emblem } : {}),
    fileStore: ctx.services.fileStore,
    previewCache: ctx.previewCache,
    programConfig: ctx.services.programConfig(),
  };
}

async function openRendered(ctx: AppContext, key: string, fileName: string): Promise<StoredFileOut> {
  const reader = await ctx.previewCache.open(key);
  if (!reader) throw new AppError('STORAGE_ERROR', 'Pratinjau baru saja disimpan tetapi tidak dapat dibaca dari penyimpanan; coba lagi.');
  return { reader, fileName };
}

/**
 * The current version of a document of the user's regions as a draft preview (PDF or DOCX), from the
 * preview cache or rendered into it: here when it is light, by a worker (`document.preview`) when its
 * sources are large — a big lampiran never renders on the server's event loop.
 */
export async function renderCurrentVersion(ctx: AppContext, user: SessionUser, documentId: string, format: PreviewFormat): Promise<StoredFileOut | Pending> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const target = { documentId, format };
  const cached = await openCachedPreview({ db: ctx.db, previewCache: ctx.previewCache }, target);
  if (cached) return { reader: cached.reader, fileName: cached.fileName };
  const described = await describePreview(ctx.db, target);
  if ((await previewWeight(ctx.config.dataDir, described.dataYaml)).heavy) {
    const view = await ctx.jobs.submit(
      { type: 'document.preview', payload: { documentId, versionId: described.versionId, format }, submittedBy: user.username, key: `document.preview:${described.key}` },
      { waitMs: ctx.jobWaitMs },
    );
    return settle(ctx.jobs, view, async (v) => {
      const result = v.result as { key: string; fileName: string };
      return openRendered(ctx, result.key, result.fileName);
    });
  }
  const rendered = await renderPreview(previewDepsOf(ctx), target);
  return openRendered(ctx, rendered.key, rendered.fileName);
}

/**
 * A preview of data not stored yet (the form as typed): rendered here, never kept — so only when its
 * sources are light; a decree over a large list is previewed after saving, by a worker.
 */
export async function renderUnsaved(ctx: AppContext, dataYaml: string, kind: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  if ((await previewWeight(ctx.config.dataDir, dataYaml)).heavy) {
    throw new AppError(
      'INPUT_TOO_LARGE',
      'Pratinjau langsung hanya untuk lampiran kecil. Simpan konsep, lalu buka "Pratinjau PDF" di halaman dokumen: pratinjau lampiran besar dibuat di latar.',
    );
  }
  await ensureDocumentSources({ db: ctx.db, fileStore: ctx.services.fileStore, dataDir: ctx.config.dataDir }, dataYaml);
  const source = parseDocumentData(dataYaml, `${kind}.yaml`, ctx.config.dataDir);
  const template = loadTemplateOf(ctx.config.templatesDir, source);
  const { model, sources } = await composeDocument(template, source, {
    ...(ctx.services.emblem ? { emblem: ctx.services.emblem } : {}),
    programConfig: ctx.services.programConfig(),
  });
  const clock = source.data.tanggal !== undefined ? new Date(`${source.data.tanggal}T00:00:00Z`) : DRAFT_EPOCH;
  const out = await renderPdf(model, { fonts: ctx.services.fonts, sources, clock });
  if (!out.bytes) throw new AppError('INTERNAL', 'Renderer tidak menghasilkan berkas.');
  return { bytes: out.bytes, fileName: `${kind}-pratinjau.pdf` };
}

/** The signed PDF of an issued document of the user's regions, streamed from the file store (verified on the way). */
export async function downloadIssuedPdf(ctx: AppContext, user: SessionUser, documentId: string): Promise<StoredFileOut> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const issued = await ctx.db.prisma.issuedDocument.findUnique({ where: { documentId } });
  if (!issued) throw new AppError('NOT_FOUND', 'Dokumen ini belum terbit (belum ditandatangani).');
  const reader = await fileStoreOf(ctx).openRead(issued.pdfSha256);
  return { reader, fileName: `${issued.number.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf` };
}
