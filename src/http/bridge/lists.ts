/**
 * The seam between the HTTP adapter and the participant-list use cases: an upload (already streamed to
 * the request's folder) is checked against the configured bounds (file type by name, cell length,
 * uncompressed XLSX size) before a reader opens it, then checked or imported; a stored list is approved;
 * an approved list gives a participant decree its lampiran source and figures. Errors about the upload
 * name the file the user sent, never the server's path. Imports the participant use cases and config.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { ApprovalOrder } from '../../participants/approve-within-quota.ts';
import { checkCsvBounds, checkXlsxBounds } from '../../participants/check-list-bounds.ts';
import { programYear, tariffOn } from '../../participants/program-config.ts';
import type { ProgramId } from '../../participants/program-schemas.ts';
import { recordStoredFile } from '../../storage/data-files.ts';
import type { ApproveListResult } from '../../use-cases/approve-participant-list.ts';
import { checkParticipants as runParticipantCheck } from '../../use-cases/check-participants.ts';
import { requireVisibleList } from '../../use-cases/region-scope.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';
import { settle, type Pending } from '../job-replies.ts';
import type { UploadedFile } from '../upload-body.ts';

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
  /** How many issues there were when the stored report keeps only the first of them. */
  readonly issueCount?: number | undefined;
}

/** The stored report's shape, for reading it back from ParticipantList.reportJson. */
export const ParticipantReportSchema = z.object({
  file: z.string(),
  program: z.string(),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  issues: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), severity: z.string(), message: z.string() })),
  issueCount: z.number().int().optional().describe('jumlah masalah seluruhnya bila laporan tersimpan hanya memuat yang pertama'),
});

export const PROGRAMS = [
  { id: 'pbpu-pemda', label: 'PBPU Pemda — penduduk yang iurannya dibayar Pemda' },
  { id: 'ppu-tkk', label: 'PPU TKK — tenaga kontrak kerja Perangkat Daerah' },
] as const;

function listExtension(file: UploadedFile): '.csv' | '.xlsx' {
  const ext = path.extname(file.originalName).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new AppError('LIST_UNREADABLE', `Berkas "${file.originalName}" bukan CSV atau XLSX; simpan daftar dalam salah satu format itu.`);
  return ext;
}

function programOf(program: string): ProgramId {
  if (program !== 'pbpu-pemda' && program !== 'ppu-tkk') throw new AppError('USAGE', 'Pilih program: pbpu-pemda atau ppu-tkk.', { field: 'program' });
  return program;
}

/** The uploaded file's name, safe as a file name (the lists keep it). */
function safeName(fileName: string, ext: string): string {
  const base = path.basename(fileName).replace(/[^A-Za-z0-9 ._()-]+/g, '_').slice(0, 120);
  return base.toLowerCase().endsWith(ext) ? base : `daftar${ext}`;
}

/**
 * Runs `use` on the upload under its own name (the readers and the stored list take the name from the
 * path) after the bounds check; errors that carry the server's path are re-addressed to the user's name.
 */
/** The configured bounds (uncompressed XLSX size, cell length), checked before any reader opens the file. */
async function checkBounds(ctx: AppContext, file: UploadedFile, ext: '.csv' | '.xlsx'): Promise<void> {
  const bounds = { maxUncompressedBytes: ctx.config.limits.xlsxUncompressedBytes, maxCellChars: ctx.config.limits.cellChars };
  if (ext === '.xlsx') await checkXlsxBounds(file.path, bounds, file.originalName);
  else await checkCsvBounds(file.path, bounds, file.originalName);
}

async function withBoundedUpload<T>(ctx: AppContext, file: UploadedFile, use: (filePath: string) => Promise<T>): Promise<T> {
  const ext = listExtension(file);
  await checkBounds(ctx, file, ext);
  const dir = await mkdtemp(path.join(path.dirname(file.path), 'nama-'));
  const named = path.join(dir, safeName(file.originalName, ext));
  try {
    await rename(file.path, named);
    return await use(named);
  } catch (error) {
    if (!(error instanceof AppError) || error.location.file !== named) throw error;
    throw new AppError(error.code, error.message.replaceAll(named, file.originalName), { ...error.location, file: file.originalName, details: error.details, cause: error });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Checks a list without storing it. */
export async function checkParticipants(ctx: AppContext, _user: SessionUser, input: { file: UploadedFile; program: string }): Promise<ParticipantReport> {
  const program = programOf(input.program);
  return withBoundedUpload(ctx, input.file, async (file) => {
    const now = ctx.clock();
    const { report } = await runParticipantCheck({
      file,
      program,
      year: now.getUTCFullYear(),
      today: { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() },
    });
    return { ...report, file: input.file.originalName };
  });
}

/**
 * Imports a list through the job queue (`list.import`): the upload — checked against the bounds first —
 * goes to the file store (any worker can fetch it), then a worker judges every row (NIKs already
 * approved this program year refused) and stores the list and its report. The request waits a little;
 * a large list answers Pending. `region` is needed when the importer belongs to several regions.
 */
export async function importParticipantList(
  ctx: AppContext,
  user: SessionUser,
  input: { file: UploadedFile; program: string; year: number; region?: string | undefined },
): Promise<{ listId: string; report: ParticipantReport } | Pending> {
  const program = programOf(input.program);
  const ext = listExtension(input.file);
  await checkBounds(ctx, input.file, ext);
  const stored = await ctx.services.fileStore.put({ file: input.file.path });
  await recordStoredFile(ctx.db, stored, ext === '.csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const fileName = path.basename(input.file.originalName).slice(0, 255) || `daftar${ext}`;
  const view = await ctx.jobs.submit(
    {
      type: 'list.import',
      payload: { listId: randomUUID(), uploadSha256: stored.sha256, fileName, program, year: input.year, username: user.username, ...(input.region ? { region: input.region } : {}) },
      submittedBy: user.username,
      key: `list.import:${user.username}:${stored.sha256}:${program}:${input.year}`,
    },
    { waitMs: ctx.jobWaitMs },
  );
  return settle(ctx.jobs, view, async (v) => {
    const listId = (v.result as { listId: string }).listId;
    const list = await ctx.db.prisma.participantList.findUniqueOrThrow({ where: { id: listId }, select: { reportJson: true } });
    return { listId, report: { ...ParticipantReportSchema.parse(JSON.parse(list.reportJson)), file: input.file.originalName } };
  });
}

/**
 * Approves a checked list of the user's regions within the quota of its program year and freezes it
 * (daftar/<hash>.csv, published to the file store), through the job queue (`list.approve`).
 */
export async function approveParticipantList(ctx: AppContext, user: SessionUser, input: { listId: string; order: ApprovalOrder }): Promise<ApproveListResult | Pending> {
  await requireVisibleList(ctx.db.prisma, user, input.listId);
  const view = await ctx.jobs.submit(
    { type: 'list.approve', payload: { listId: input.listId, username: user.username, order: input.order }, submittedBy: user.username, key: `list.approve:${input.listId}` },
    { waitMs: ctx.jobWaitMs },
  );
  return settle(ctx.jobs, view, async (v) => v.result as ApproveListResult);
}

export interface ApprovedListFigures {
  readonly listId: string;
  /** The frozen list as a decree's `sumber.<name>`: its file in the data directory, pinned by the SHA-256 of its bytes. */
  readonly source: { readonly berkas: string; readonly sha256: string };
  /** What the data states of the figures: the months and year (compose derives the count, tariff and total). */
  readonly stated: { readonly bulan: number; readonly tahun: number; readonly dasarTarif: string };
  /** Every figure, as the form shows them before compose derives them again from the list. */
  readonly figures: {
    readonly jumlahPeserta: number;
    readonly tarifBulanan: number;
    readonly bulan: number;
    readonly total: number;
    readonly tahun: number;
  };
}

/**
 * What a participant decree takes from an approved list of the user's regions: the frozen file its
 * lampiran streams (pinned by its bytes' SHA-256) and the months and year its figures run over; the
 * count, tariff and total are derived by compose from the list and the program configuration (the
 * values shown here are the same computation, for the form). The one place a decree's list-derived
 * fields are made.
 */
export async function approvedListFigures(ctx: AppContext, user: SessionUser, listId: string, program?: string): Promise<ApprovedListFigures> {
  const list = await ctx.db.prisma.participantList.findFirst({ where: { id: listId, region: { in: [...user.regions] } } });
  if (!list || list.status !== 'approved' || !list.contentHash) throw new AppError('NOT_FOUND', 'Daftar peserta itu tidak ada atau belum disetujui; pilih daftar yang sudah disetujui.', { field: 'daftarPeserta' });
  if (program && list.program !== program) throw new AppError('USAGE', `Daftar itu untuk program ${list.program}, bukan ${program}.`, { field: 'daftarPeserta' });
  const berkas = path.posix.join('daftar', `${list.contentHash}.csv`);
  // the frozen list's hash: as published to the shared store, else hashed here as a stream (never held in memory)
  const published = await ctx.db.prisma.dataFile.findUnique({ where: { path: berkas } });
  const hash = createHash('sha256');
  try {
    if (!published) for await (const chunk of createReadStream(path.join(ctx.config.dataDir, berkas))) hash.update(chunk as Buffer);
  } catch (cause) {
    throw new AppError('SOURCE_NOT_FOUND', `Berkas daftar yang disetujui (${berkas}) tidak ada di folder data; minta admin memeriksanya.`, { field: 'daftarPeserta', cause });
  }
  const config = ctx.services.programConfig();
  const pid = list.program as ProgramId;
  const year = programYear(config, pid, list.year);
  const tariff = tariffOn(config, pid, year.tariffDate ?? `${list.year}-01-01`);
  const jumlahPeserta = list.approvedCount;
  return {
    listId: list.id,
    source: { berkas, sha256: published?.sha256 ?? hash.digest('hex') },
    stated: { bulan: year.months, tahun: list.year, dasarTarif: tariff.basis ?? '' },
    figures: {
      jumlahPeserta,
      tarifBulanan: tariff.rupiah,
      bulan: year.months,
      total: Number(BigInt(jumlahPeserta) * BigInt(tariff.rupiah) * BigInt(year.months)),
      tahun: list.year,
    },
  };
}
