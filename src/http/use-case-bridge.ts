/**
 * The one seam between the HTTP adapter and the use cases it calls. Each function takes what a route
 * has (the user, ids, the hash shown on the page, an upload) and calls the use case with the data
 * directory's key folder and file store. Imports the use cases, compose/render (draft previews),
 * sign/verify/storage/archive, and the error type.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { findIssuedByPdfHash, type ArchiveRecord } from '../archive/search-archive.ts';
import { AppError } from '../errors/app-error.ts';
import { keystoreEvidenceSigner } from '../app/services.ts';
import { jobSealerFor } from '../jobs/open-job-queue.ts';
import { recordStoredFile } from '../storage/data-files.ts';
import type { FileStore, ObjectReader } from '../storage/file-store.ts';
import type { ApproveListResult } from '../use-cases/approve-participant-list.ts';
import type { ApprovalOrder } from '../participants/approve-within-quota.ts';
import { checkParticipants as runParticipantCheck } from '../use-cases/check-participants.ts';
import { draftDocument as runDraft } from '../use-cases/draft-document.ts';
import { giveParaf as runParaf } from '../use-cases/give-paraf.ts';
import { describePreview, openCachedPreview, previewWeight, renderPreview, type PreviewDeps, type PreviewFormat } from '../use-cases/preview-document.ts';
import { returnDocument as runReturn } from '../use-cases/return-document.ts';
import { reviseDocument as runRevise } from '../use-cases/revise-document.ts';
import { requireVisibleDocument } from '../use-cases/region-scope.ts';
import { submitDocument as runSubmit } from '../use-cases/submit-document.ts';
import { loadTrustAnchors } from '../verify/trust-anchors.ts';
import { PADES_LEVELS, verifyPdf } from '../verify/verify-pdf.ts';
import type { AppContext, SessionUser } from './http-deps.ts';
import { settle, type Pending } from './job-replies.ts';

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

/** Where issued PDFs are stored (content-addressed: the data directory or the object store). */
export function fileStoreOf(ctx: AppContext): FileStore {
  return ctx.services.fileStore;
}

export function keysDirOf(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'keys');
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
  if (!input.passphrase) throw new AppError('USAGE', 'Isi passphrase kunci penandatanganan Anda untuk menandatangani.');
  const view = await ctx.jobs.submit(
    {
      type: 'document.issue',
      payload: { documentId: input.documentId, username: user.username, contentHash: input.contentHash, sealedPassphrase: jobSealerFor(ctx.config).seal(input.passphrase) },
      submittedBy: user.username,
      key: `document.issue:${input.documentId}`,
    },
    { waitMs: ctx.jobWaitMs },
  );
  return settle(ctx.jobs, view, async (v) => ({ state: 'signed', number: (v.result as { number: string }).number }));
}

export interface StoredFileOut {
  readonly reader: ObjectReader;
  readonly fileName: string;
}

/**
 * The current version rendered as a draft preview (PDF or DOCX), from the preview cache (storage,
 * bounded by bytes) or rendered into it: here when it is light, by a worker (`document.preview`) when
 * its sources are large — a big lampiran never renders on the server's event loop.
 */
export async function renderCurrentVersion(ctx: AppContext, user: SessionUser, documentId: string, format: PreviewFormat): Promise<StoredFileOut | Pending> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const target = { documentId, format };
  const cached = await openCachedPreview({ db: ctx.db, previewCache: ctx.previewCache }, target);
  if (cached) return { reader: cached.reader, fileName: cached.fileName };
  const described = await describePreview(ctx.db, target);
  if ((await previewWeight(ctx.config.dataDir, described.dataYaml)).heavy) {
    const view = await ctx.jobs.submit(
      { type: 'document.preview', payload: { documentId, versionId: described.versionId, format }, key: `document.preview:${described.key}` },
      { waitMs: ctx.jobWaitMs },
    );
    return settle(ctx.jobs, view, async (v) => openRendered(ctx, (v.result as { key: string; fileName: string }).key, (v.result as { fileName: string }).fileName));
  }
  const rendered = await renderPreview(previewDepsOf(ctx), target);
  return openRendered(ctx, rendered.key, rendered.fileName);
}

async function openRendered(ctx: AppContext, key: string, fileName: string): Promise<StoredFileOut> {
  const reader = await ctx.previewCache.open(key);
  if (!reader) throw new AppError('STORAGE_ERROR', 'Pratinjau baru saja disimpan tetapi tidak dapat dibaca dari penyimpanan; coba lagi.');
  return { reader, fileName };
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

/** The signed PDF of an issued document, streamed from the file store (verified on the way). */
export async function downloadIssuedPdf(ctx: AppContext, user: SessionUser, documentId: string): Promise<StoredFileOut> {
  await requireVisibleDocument(ctx.db.prisma, user, documentId);
  const issued = await ctx.db.prisma.issuedDocument.findUnique({ where: { documentId } });
  if (!issued) throw new AppError('NOT_FOUND', 'Dokumen ini belum terbit (belum ditandatangani).');
  const reader = await ctx.services.fileStore.openRead(issued.pdfSha256);
  return { reader, fileName: `${issued.number.replace(/[^A-Za-z0-9.-]+/g, '_')}.pdf` };
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

/**
 * Imports a list through the job queue (`list.import`): the upload goes to the file store first (any
 * worker can fetch it), then a worker judges every row (NIKs already approved this program year refused)
 * and stores the list and its report. The request waits a little; a large list answers "pending".
 */
export async function importParticipantList(
  ctx: AppContext,
  user: SessionUser,
  input: UploadInput & { program: string; year: number; region?: string },
): Promise<{ listId: string; report: ParticipantReport } | Pending> {
  const program = programOf(input.program);
  const ext = listExtension(input);
  const stored = await ctx.services.fileStore.put(input.bytes);
  await recordStoredFile(ctx.db, stored, ext === '.csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const view = await ctx.jobs.submit(
    {
      type: 'list.import',
      payload: { listId: randomUUID(), uploadSha256: stored.sha256, fileName: input.fileName.slice(0, 255), program, year: input.year, username: user.username, ...(input.region ? { region: input.region } : {}) },
      submittedBy: user.username,
      key: `list.import:${user.username}:${stored.sha256}:${program}:${input.year}`,
    },
    { waitMs: ctx.jobWaitMs },
  );
  return settle(ctx.jobs, view, async (v) => {
    const listId = (v.result as { listId: string }).listId;
    const list = await ctx.db.prisma.participantList.findUniqueOrThrow({ where: { id: listId }, select: { reportJson: true } });
    return { listId, report: { ...ParticipantReportSchema.parse(JSON.parse(list.reportJson)), file: input.fileName } };
  });
}

/** Approves a checked list within the quota of its program year and freezes it (daftar/<hash>.csv), through the job queue (`list.approve`). */
export async function approveParticipantList(
  ctx: AppContext,
  user: SessionUser,
  input: { listId: string; order: ApprovalOrder },
): Promise<(ApproveListResult & { readonly outsideQuotaCount: number }) | Pending> {
  const view = await ctx.jobs.submit(
    { type: 'list.approve', payload: { listId: input.listId, username: user.username, order: input.order }, submittedBy: user.username, key: `list.approve:${input.listId}` },
    { waitMs: ctx.jobWaitMs },
  );
  return settle(ctx.jobs, view, async (v) => v.result as ApproveListResult & { readonly outsideQuotaCount: number });
}

/** Checks an uploaded PDF's signatures against the data directory's CA and looks its SHA-256 up in the archive. */
export async function verifyUploadedPdf(ctx: AppContext, input: UploadInput): Promise<PdfVerification> {
  const head = Buffer.from(input.bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw new AppError('FILE_UNREADABLE', `Berkas "${input.fileName}" bukan PDF; unggah berkas PDF dokumen yang Anda terima.`);
  const trustAnchors = loadTrustAnchors(keysDirOf(ctx));
  const result = await verifyPdf<ArchiveRecord | undefined>(input.bytes, { trustAnchors, archiveLookup: (sha) => findIssuedByPdfHash(ctx.db, sha) });
  const archive = result.archive;
  const signer = result.signatures.find((s) => s.kind === 'signature' && s.signerName)?.signerName ?? null;
  // The level the weakest signature reached: what a reader can rely on years from now.
  const levels = result.signatures.filter((s) => s.kind === 'signature').map((s) => s.level);
  const level = levels.length > 0 && levels.every((l) => l !== undefined) ? PADES_LEVELS[Math.min(...levels.map((l) => PADES_LEVELS.indexOf(l!)))] : undefined;
  const levelText = level ? ` (PAdES ${level})` : '';
  let summary: string;
  if (result.signatures.length === 0) summary = 'PDF ini tidak memuat tanda tangan elektronik.';
  else if (!result.valid) summary = `Tanda tangan elektronik TIDAK sah: ${result.problems[0] ?? result.signatures.flatMap((s) => s.problems)[0] ?? 'berkas telah diubah'}.`;
  else if (!archive) summary = `Tanda tangan elektronik utuh${levelText}, tetapi berkas ini tidak tercatat di arsip sistem ini.`;
  else if (archive.status === 'dicabut') summary = `Tanda tangan utuh${levelText} dan berkas tercatat sebagai ${archive.number}, tetapi dokumen itu sudah DICABUT.`;
  else summary = `Tanda tangan elektronik utuh${levelText}; dokumen ${archive.number} tercatat di arsip dan berlaku.`;
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
