/**
 * The one seam between the HTTP adapter and the use cases it calls. Each function takes what a route
 * has (the user, ids, the hash shown on the page, an upload) and calls the use case with the data
 * directory's key folder and file store. Imports the use cases, compose/render (draft previews),
 * sign/verify/storage/archive, and the error type.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { findIssuedByPdfHash, type ArchiveRecord } from '../archive/search-archive.ts';
import { composeDocument } from '../compose/compose-document.ts';
import { parseDocumentData } from '../compose/document-data.ts';
import { loadTemplateOf } from '../compose/load-template.ts';
import { AppError } from '../errors/app-error.ts';
import { renderDocx } from '../render/docx/render-docx.ts';
import { keystoreEvidenceSigner } from '../app/services.ts';
import { renderPdf } from '../render/pdf/render-pdf.ts';
import type { FileStore } from '../storage/file-store.ts';
import { approveParticipantList as runApprove, importParticipantList as runImport, type ApproveListResult } from '../use-cases/approve-participant-list.ts';
import type { ApprovalOrder } from '../participants/approve-within-quota.ts';
import { checkParticipants as runParticipantCheck } from '../use-cases/check-participants.ts';
import { draftDocument as runDraft } from '../use-cases/draft-document.ts';
import { giveParaf as runParaf } from '../use-cases/give-paraf.ts';
import { issueDocument } from '../use-cases/issue-document.ts';
import { DRAFT_EPOCH } from '../use-cases/render-document.ts';
import { returnDocument as runReturn } from '../use-cases/return-document.ts';
import { reviseDocument as runRevise } from '../use-cases/revise-document.ts';
import { requireVisibleDocument } from '../use-cases/region-scope.ts';
import { submitDocument as runSubmit } from '../use-cases/submit-document.ts';
import { loadTrustAnchors } from '../verify/trust-anchors.ts';
import { verifyPdf } from '../verify/verify-pdf.ts';
import type { AppContext, SessionUser } from './http-deps.ts';

export interface UploadInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

export interface ParticipantIssue {
  readonly row: number;
  readonly column: string | null;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

export interface ParticipantReport {
  readonly file: string;
  readonly program: string;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly issues: readonly ParticipantIssue[];
}

/** The stored report's shape, for reading it back from ParticipantList.reportJson. */
export const ParticipantReportSchema = z.object({
  file: z.string(),
  program: z.string(),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  issues: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), severity: z.string(), message: z.string() })),
});

export interface PdfVerification {
  readonly intact: boolean;
  readonly summary: string;
  readonly documentId: string | null;
  readonly number: string | null;
  readonly signerName: string | null;
  readonly status: string | null;
  readonly sha256: string;
  readonly details: unknown;
}

export async function draftDocument(ctx: AppContext, user: SessionUser, input: { kind: string; dataYaml: string }): Promise<{ documentId: string; contentHash: string }> {
  const result = await runDraft(ctx.db, { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, kind: input.kind, dataYaml: input.dataYaml, username: user.username }, { now: ctx.clock });
  return { documentId: result.documentId, contentHash: result.contentHash };
}

/** Refuses an edit made on top of a version that is no longer current (a stale editor tab). */
export async function reviseDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; dataYaml: string; baseContentHash: string },
): Promise<{ contentHash: string; versionNo: number }> {
  const result = await runRevise(
    ctx.db,
    { documentId: input.documentId, dataYaml: input.dataYaml, username: user.username, templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, baseContentHash: input.baseContentHash },
    { now: ctx.clock },
  );
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
  const after = await ctx.db.prisma.document.findUniqueOrThrow({ where: { id: input.documentId }, select: { state: true } });
  return { state: after.state };
}

/**
 * Paraf; with the official's key passphrase the paraf is also signed (detached CMS over the content
 * hash) and embedded in the final PDF as evidence. An official with a key must give it.
 */
export async function giveParaf(ctx: AppContext, user: SessionUser, input: { documentId: string; contentHash: string; passphrase?: string | undefined }): Promise<{ state: string }> {
  const keystore = ctx.services.keystore;
  const hasKey = user.officialId !== null && keystore.hasOfficialKey(user.officialId);
  if (hasKey && !input.passphrase) throw new AppError('USAGE', 'Isi passphrase kunci Anda: paraf ditandatangani sebagai bukti elektronik.');
  const evidenceSigner = hasKey && input.passphrase ? keystoreEvidenceSigner(keystore, input.passphrase) : undefined;
  const result = await runParaf(
    ctx.db,
    { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, documentId: input.documentId, username: user.username, contentHash: input.contentHash },
    { now: ctx.clock, ...(evidenceSigner ? { evidenceSigner } : {}) },
  );
  return { state: result.state };
}

export async function returnDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; contentHash: string; note: string },
): Promise<{ state: string }> {
  const result = await runReturn(
    ctx.db,
    { templatesDir: ctx.config.templatesDir, dataDir: ctx.config.dataDir, documentId: input.documentId, username: user.username, note: input.note, contentHash: input.contentHash },
    { now: ctx.clock },
  );
  return { state: result.state };
}

/** Where issued PDFs are stored (content-addressed). */
export function fileStoreOf(ctx: AppContext): FileStore {
  return ctx.services.fileStore;
}

export function keysDirOf(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'keys');
}

export async function signDocument(
  ctx: AppContext,
  user: SessionUser,
  input: { documentId: string; contentHash: string; passphrase?: string | undefined },
): Promise<{ state: string; number: string }> {
  if (!input.passphrase) throw new AppError('USAGE', 'Isi passphrase kunci penandatanganan Anda untuk menandatangani.');
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
  return { state: 'signed', number: result.number };
}

// Preview renders of the last few versions, by version id and format (same version = same bytes).
const PREVIEW_CACHE_SIZE = 16;
const previewCache = new Map<string, Promise<Uint8Array>>();

/**
 * Renders stored document data as `naskah render` would (same compose and renderers, same clock rule:
 * the document's tanggal, else the fixed draft epoch), resolving relative `sumber` files against the
 * data directory as signing does — so a participant decree's approved list (daftar/<hash>.csv) is found.
 */
async function renderStoredData(ctx: AppContext, dataYaml: string, fileLabel: string, format: 'pdf' | 'docx'): Promise<Uint8Array> {
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

/** The current version rendered as a draft preview (PDF or DOCX). */
export async function renderCurrentVersion(ctx: AppContext, user: SessionUser, documentId: string, format: 'pdf' | 'docx'): Promise<{ bytes: Uint8Array; fileName: string }> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const doc = await ctx.db.prisma.document.findUnique({ where: { id: documentId }, include: { currentVersion: true } });
  if (!doc?.currentVersion) throw new AppError('NOT_FOUND', `Dokumen ${documentId} tidak ada atau belum punya versi.`);
  const version = doc.currentVersion;
  const name = `${doc.kindId}-v${version.versionNo}`;
  const key = `${version.id}|${format}`;
  let pending = previewCache.get(key);
  if (!pending) {
    pending = renderStoredData(ctx, version.dataYaml, `dokumen-${doc.id}.yaml`, format);
    previewCache.set(key, pending);
    pending.catch(() => previewCache.delete(key));
    while (previewCache.size > PREVIEW_CACHE_SIZE) previewCache.delete(previewCache.keys().next().value!);
  }
  return { bytes: await pending, fileName: `${name}.${format}` };
}

export async function downloadIssuedPdf(ctx: AppContext, user: SessionUser, documentId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const issued = await ctx.db.prisma.issuedDocument.findUnique({ where: { documentId } });
  if (!issued) throw new AppError('NOT_FOUND', 'Dokumen ini belum terbit (belum ditandatangani).');
  const bytes = await fileStoreOf(ctx).get(issued.pdfSha256);
  return { bytes, fileName: `${issued.number.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf` };
}

/** The uploaded file's name, safe as a file name in a private temp folder (the lists keep it). */
function safeUploadName(fileName: string, ext: string): string {
  const base = path.basename(fileName).replace(/[^A-Za-z0-9 ._()-]+/g, '_').slice(0, 120);
  return base.toLowerCase().endsWith(ext) ? base : `daftar${ext}`;
}

function listExtension(input: UploadInput): '.csv' | '.xlsx' {
  const ext = path.extname(input.fileName).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new AppError('LIST_UNREADABLE', `Berkas "${input.fileName}" bukan CSV atau XLSX; simpan daftar dalam salah satu format itu.`);
  return ext;
}

function programOf(program: string): 'pbpu-pemda' | 'ppu-tkk' {
  if (program !== 'pbpu-pemda' && program !== 'ppu-tkk') throw new AppError('USAGE', 'Pilih program: pbpu-pemda atau ppu-tkk.');
  return program;
}

/**
 * The use cases read lists by path (streamed): the upload is written to a private temp folder first.
 * Errors about that copy name the file the user uploaded, not the temp path.
 */
async function withUploadedFile<T>(input: UploadInput, run: (file: string) => Promise<T>): Promise<T> {
  const ext = listExtension(input);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'naskah-upload-'));
  const file = path.join(dir, safeUploadName(input.fileName, ext));
  try {
    await writeFile(file, input.bytes);
    return await run(file);
  } catch (error) {
    if (!(error instanceof AppError) || error.location.file !== file) throw error;
    throw new AppError(error.code, error.message.replaceAll(file, input.fileName), { ...error.location, file: input.fileName, details: error.details, cause: error });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Checks a list without storing it. */
export async function checkParticipants(ctx: AppContext, _user: SessionUser, input: UploadInput & { program: string }): Promise<ParticipantReport> {
  const program = programOf(input.program);
  return withUploadedFile(input, async (file) => {
    const now = ctx.clock();
    const { report } = await runParticipantCheck({
      file,
      program,
      year: now.getUTCFullYear(),
      today: { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() },
    });
    return { ...report, file: input.fileName };
  });
}

/** Imports a list: every row judged (NIKs already approved this program year refused), list and report stored. */
export async function importParticipantList(
  ctx: AppContext,
  user: SessionUser,
  input: UploadInput & { program: string; year: number },
): Promise<{ listId: string; report: ParticipantReport }> {
  const program = programOf(input.program);
  return withUploadedFile(input, async (file) => {
    const result = await runImport(ctx.db, { file, program, year: input.year, username: user.username }, { now: ctx.clock });
    return { listId: result.listId, report: { ...result.report, file: input.fileName } };
  });
}

/** Approves a checked list within the quota of its program year and freezes it (daftar/<hash>.csv). */
export async function approveParticipantList(ctx: AppContext, user: SessionUser, input: { listId: string; order: ApprovalOrder }): Promise<ApproveListResult> {
  return runApprove(ctx.db, { listId: input.listId, username: user.username, order: input.order, programConfig: ctx.services.programConfig(), dataDir: ctx.config.dataDir }, { now: ctx.clock });
}

/** Checks an uploaded PDF's signatures against the data directory's CA and looks its SHA-256 up in the archive. */
export async function verifyUploadedPdf(ctx: AppContext, input: UploadInput): Promise<PdfVerification> {
  const head = Buffer.from(input.bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw new AppError('FILE_UNREADABLE', `Berkas "${input.fileName}" bukan PDF; unggah berkas PDF dokumen yang Anda terima.`);
  const trustAnchors = loadTrustAnchors(keysDirOf(ctx));
  const result = await verifyPdf<ArchiveRecord | undefined>(input.bytes, { trustAnchors, archiveLookup: (sha) => findIssuedByPdfHash(ctx.db, sha) });
  const archive = result.archive;
  const signer = result.signatures.find((s) => s.signerName)?.signerName ?? null;
  let summary: string;
  if (result.signatures.length === 0) summary = 'PDF ini tidak memuat tanda tangan elektronik.';
  else if (!result.valid) summary = `Tanda tangan elektronik TIDAK sah: ${result.problems[0] ?? result.signatures.flatMap((s) => s.problems)[0] ?? 'berkas telah diubah'}.`;
  else if (!archive) summary = 'Tanda tangan elektronik utuh, tetapi berkas ini tidak tercatat di arsip sistem ini.';
  else if (archive.status === 'dicabut') summary = `Tanda tangan utuh dan berkas tercatat sebagai ${archive.number}, tetapi dokumen itu sudah DICABUT.`;
  else summary = `Tanda tangan elektronik utuh; dokumen ${archive.number} tercatat di arsip dan berlaku.`;
  return {
    intact: result.valid,
    summary,
    documentId: archive?.documentId ?? null,
    number: archive?.number ?? null,
    signerName: archive?.signerName ?? signer,
    status: archive?.status ?? null,
    sha256: result.sha256,
    details: {
      problems: result.problems,
      signatures: result.signatures.map(({ byteRange: _b, ...s }) => s),
      parafEvidence: result.parafEvidence,
    },
  };
}

export const PROGRAMS = [
  { id: 'pbpu-pemda', label: 'PBPU Pemda — penduduk yang iurannya dibayar Pemda' },
  { id: 'ppu-tkk', label: 'PPU TKK — tenaga kontrak kerja Perangkat Daerah' },
] as const;
