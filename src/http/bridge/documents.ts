/**
 * The seam between the HTTP adapter and the document use cases: each function takes what a route has
 * (the session user, ids, the hash shown on the page, document data as YAML or as form data) and calls
 * the use case with the data directory's keys and file store. Renders draft previews (stored versions,
 * cached; unsaved form data, not stored). Every long action here (a large preview, signing) returns when
 * done; a job queue can later wrap these same calls and hand back a job id instead.
 * Imports the use cases, compose/render (previews), sign/storage, and the error type.
 */
import path from 'node:path';
import { stringify } from 'yaml';
import { keystoreEvidenceSigner } from '../../app/services.ts';
import { composeDocument } from '../../compose/compose-document.ts';
import { parseDocumentData } from '../../compose/document-data.ts';
import { loadTemplateOf } from '../../compose/load-template.ts';
import { AppError } from '../../errors/app-error.ts';
import { renderDocx } from '../../render/docx/render-docx.ts';
import { renderPdf } from '../../render/pdf/render-pdf.ts';
import type { FileStore } from '../../storage/file-store.ts';
import { deleteDraft } from '../../use-cases/delete-draft.ts';
import { draftDocument as runDraft } from '../../use-cases/draft-document.ts';
import { giveParaf as runParaf } from '../../use-cases/give-paraf.ts';
import { issueDocument } from '../../use-cases/issue-document.ts';
import { requireVisibleDocument } from '../../use-cases/region-scope.ts';
import { DRAFT_EPOCH } from '../../use-cases/render-document.ts';
import { returnDocument as runReturn } from '../../use-cases/return-document.ts';
import { reviseDocument as runRevise } from '../../use-cases/revise-document.ts';
import { revokeDocument as runRevoke } from '../../use-cases/revoke-document.ts';
import { submitDocument as runSubmit } from '../../use-cases/submit-document.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';

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
  const result = await runDraft(ctx.db, { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, kind: input.kind, dataYaml: input.dataYaml, username: user.username }, { now: ctx.clock });
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
    { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, documentId: input.documentId, username: user.username, contentHash: input.contentHash },
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

export async function signDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; contentHash: string; passphrase?: string | undefined },
): Promise<{ state: string; number: string }> {
  if (!input.passphrase) throw new AppError('USAGE', 'Isi passphrase kunci penandatanganan Anda untuk menandatangani.', { field: 'passphrase' });
  const { services } = ctx;
  const result = await issueDocument(
    {
      db: services.db,
      templatesDir: services.config.templatesDir,
      dataDir: services.config.dataDir,
      fonts: services.fonts,
      ...(services.emblem ? { emblem: services.emblem } : {}),
      keystore: services.keystore,
      signerProvider: services.signerProvider,
      fileStore: services.fileStore,
      baseUrl: services.config.baseUrl,
    },
    { documentId: input.documentId, username: user.username, passphrase: input.passphrase, contentHash: input.contentHash },
    { now: ctx.clock },
  );
  ctx.events.poke();
  return { state: 'signed', number: result.number };
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

// Preview renders of the last few versions, by version id and format (same version = same bytes).
const PREVIEW_CACHE_SIZE = 16;
const previewCache = new Map<string, Promise<Uint8Array>>();

/**
 * Renders document data as `naskah render` would (same compose and renderers, same clock rule: the
 * document's tanggal, else the fixed draft epoch), resolving relative `sumber` files against the data
 * directory as signing does — so a participant decree's approved list (daftar/<hash>.csv) is found.
 */
async function renderData(ctx: AppContext, dataYaml: string, fileLabel: string, format: 'pdf' | 'docx'): Promise<Uint8Array> {
  const source = parseDocumentData(dataYaml, fileLabel, ctx.config.dataDir);
  const template = loadTemplateOf(ctx.config.templatesDir, source);
  const { model, sources } = await composeDocument(template, source, {
    ...(ctx.services.emblem ? { emblem: ctx.services.emblem } : {}),
    programConfig: ctx.services.programConfig(),
  });
  const clock = source.data.tanggal !== undefined ? new Date(`${source.data.tanggal}T00:00:00Z`) : DRAFT_EPOCH;
  const fonts = ctx.services.fonts;
  const out = format === 'pdf' ? await renderPdf(model, { fonts, sources, clock }) : await renderDocx(model, { fonts, sources, clock });
  if (!out.bytes) throw new AppError('INTERNAL', 'Renderer tidak menghasilkan berkas.');
  return out.bytes;
}

/** The current version rendered as a draft preview (PDF or DOCX), of a document of the user's regions. */
export async function renderCurrentVersion(ctx: AppContext, user: SessionUser, documentId: string, format: 'pdf' | 'docx'): Promise<{ bytes: Uint8Array; fileName: string }> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const doc = await ctx.db.prisma.document.findUnique({ where: { id: documentId }, include: { currentVersion: true } });
  if (!doc?.currentVersion) throw new AppError('NOT_FOUND', 'Dokumen itu tidak ada atau belum punya versi.');
  const version = doc.currentVersion;
  const name = `${doc.kindId}-v${version.versionNo}`;
  const key = `${version.id}|${format}`;
  let pending = previewCache.get(key);
  if (!pending) {
    pending = renderData(ctx, version.dataYaml, `dokumen-${doc.id}.yaml`, format);
    previewCache.set(key, pending);
    pending.catch(() => previewCache.delete(key));
    while (previewCache.size > PREVIEW_CACHE_SIZE) previewCache.delete(previewCache.keys().next().value!);
  }
  return { bytes: await pending, fileName: `${name}.${format}` };
}

/** A preview of data not stored yet (the form as typed): rendered, never kept. */
export async function renderUnsaved(ctx: AppContext, dataYaml: string, kind: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  return { bytes: await renderData(ctx, dataYaml, `${kind}.yaml`, 'pdf'), fileName: `${kind}-pratinjau.pdf` };
}

export async function downloadIssuedPdf(ctx: AppContext, user: SessionUser, documentId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const issued = await ctx.db.prisma.issuedDocument.findUnique({ where: { documentId } });
  if (!issued) throw new AppError('NOT_FOUND', 'Dokumen ini belum terbit (belum ditandatangani).');
  const bytes = await fileStoreOf(ctx).get(issued.pdfSha256);
  return { bytes, fileName: `${issued.number.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf` };
}
