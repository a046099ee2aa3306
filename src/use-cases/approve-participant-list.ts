/**
 * Use cases "import a participant list" and "approve it within the quota".
 *   import: check every row (NIKs already in an approved list of the same program and year are refused)
 *           → store the list, its report and its accepted rows → audit.
 *   approve: quota = floor(budget / (tariff × months)) → take accepted rows in the stated order up to it
 *           → freeze the approved list (canonical content hash) as a CSV the decree's lampiran streams
 *           from (`daftar/<hash>.csv` in the data directory) → mark rows approved → audit.
 * The figures a participant decree states (count, tariff, months, total) come back from approval.
 * Imports: participants, db facade, audit, workflow actor resolution.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { approveWithinQuota, quotaCapacity, type ApprovalOrder } from '../participants/approve-within-quota.ts';
import { programYear, tariffOn, type ProgramConfig } from '../participants/program-config.ts';
import type { ProgramId } from '../participants/program-schemas.ts';
import type { ApprovedNikLookup, ParticipantRow } from '../participants/validate-roster.ts';
import { ensureAuditHead } from '../audit/append-audit-event.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { checkParticipants, type CheckReport } from './check-participants.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

/** NIKs of approved lists of the same program and year, from the database. */
export function createDbApprovedNikLookup(db: UseCaseDb): ApprovedNikLookup {
  return {
    async has(nik: string, program: ProgramId, year: number): Promise<boolean> {
      const hit = await db.prisma.participant.findFirst({
        where: { nik, approved: true, list: { program, year, status: 'approved' } },
        select: { id: true },
      });
      return hit !== null;
    },
    // One query per batch of rows (the validator asks about ~2,000 NIKs at a time).
    async findApproved(niks: readonly string[], program: ProgramId, year: number): Promise<ReadonlySet<string>> {
      const hits = await db.prisma.participant.findMany({
        where: { nik: { in: [...niks] }, approved: true, list: { program, year, status: 'approved' } },
        select: { nik: true },
      });
      return new Set(hits.map((h) => h.nik));
    },
  };
}

export interface ImportListInput {
  readonly file: string;
  readonly program: ProgramId;
  readonly year: number;
  readonly username: string;
  readonly onProgress?: (rows: number) => void;
}

export interface ImportListResult {
  readonly listId: string;
  readonly report: CheckReport;
}

const ROW_BATCH = 1000;

export async function importParticipantList(db: UseCaseDb, input: ImportListInput, options?: UseCaseOptions): Promise<ImportListResult> {
  const now = clockOf(options);
  const { user, actor } = await resolveActor(db.prisma, input.username);
  if (!actor.roles.includes('drafter') && !actor.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', `Pengguna "${user.username}" tidak berperan sebagai perancang; hanya perancang yang mengimpor daftar peserta.`);
  }
  const at = now();
  const result = await checkParticipants({
    file: input.file,
    program: input.program,
    year: input.year,
    lookup: createDbApprovedNikLookup(db),
    today: { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() },
    collectAccepted: true,
    onProgress: (rows) => input.onProgress?.(rows),
  });
  await ensureAuditHead(db.prisma);
  const participants = result.participants ?? [];
  const listId = await withTransaction(
    db,
    async (tx) => {
      const list = await tx.participantList.create({
        data: {
          program: input.program,
          year: input.year,
          fileName: path.basename(input.file),
          status: 'checked',
          total: result.report.total,
          accepted: result.report.accepted,
          rejected: result.report.rejected,
          reportJson: JSON.stringify(result.report),
          createdById: user.id,
          // the importer's region (a list of a user with several regions is assigned by the bulk import)
          region: actor.regions[0] ?? null,
        },
      });
      for (let i = 0; i < participants.length; i += ROW_BATCH) {
        await tx.participant.createMany({
          data: participants.slice(i, i + ROW_BATCH).map((p) => ({
            listId: list.id,
            rowNo: p.row,
            nik: p.nik,
            noKk: p.noKk ?? null,
            nama: p.nama,
            tanggalLahir: p.tanggalLahir,
            jenisKelamin: p.jenisKelamin,
            fields: JSON.stringify(p),
          })),
        });
      }
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'list.imported',
          details: { listId: list.id, program: input.program, year: input.year, file: path.basename(input.file), total: result.report.total, accepted: result.report.accepted, rejected: result.report.rejected },
        },
        at,
      );
      return list.id;
    },
    { timeoutMs: 600_000, maxWaitMs: 60_000 },
  );
  return { listId, report: result.report };
}

export interface ApproveListInput {
  readonly listId: string;
  readonly username: string;
  readonly order?: ApprovalOrder;
  readonly programConfig: ProgramConfig;
  readonly dataDir: string;
}

/** What a participant decree states about the approved list (all money in whole rupiah). */
export interface IuranFigures {
  readonly jumlahPeserta: number;
  readonly tarifBulanan: number;
  readonly bulan: number;
  readonly total: number;
  readonly tahun: number;
  readonly dasarTarif: string;
}

export interface ApproveListResult {
  readonly listId: string;
  readonly capacity: number;
  readonly approved: number;
  readonly outsideQuota: readonly { readonly row: number; readonly nik: string; readonly nama: string }[];
  readonly contentHash: string;
  /** The frozen list, relative to the data directory: use it as `sumber.peserta.berkas` of a draft. */
  readonly listFile: string;
  readonly iuran: IuranFigures;
}

/** The frozen approved list as CSV with the column keys the participant-decree templates stream. */
export function approvedListCsv(approved: readonly ParticipantRow[]): string {
  const quote = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const dmy = (iso: string): string => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
  const lines = ['nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kabupaten_kota'];
  for (const p of approved) {
    lines.push([p.nik, p.noKk ?? '', p.nama, dmy(p.tanggalLahir), p.jenisKelamin, p.kabupatenKota ?? ''].map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

export async function approveParticipantList(db: UseCaseDb, input: ApproveListInput, options?: UseCaseOptions): Promise<ApproveListResult> {
  const now = clockOf(options);
  const { user, actor } = await resolveActor(db.prisma, input.username);
  if (!actor.roles.includes('drafter') && !actor.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', `Pengguna "${user.username}" tidak berwenang menyetujui daftar peserta.`);
  }
  const list = await db.prisma.participantList.findUnique({ where: { id: input.listId } });
  if (!list) throw new AppError('NOT_FOUND', `Daftar peserta "${input.listId}" tidak ditemukan.`);
  if (list.status !== 'checked') throw new AppError('INVALID_STATE', `Daftar peserta ${list.id} sudah disetujui (${list.contentHash}).`);
  const program = list.program as ProgramId;
  const year = programYear(input.programConfig, program, list.year);
  const tariff = tariffOn(input.programConfig, program, year.tariffDate ?? `${list.year}-01-01`);
  const capacity = quotaCapacity(BigInt(year.budget), BigInt(tariff.rupiah), year.months);
  const rows = await db.prisma.participant.findMany({ where: { listId: list.id }, orderBy: { rowNo: 'asc' } });
  const accepted = rows.map((r) => JSON.parse(r.fields) as ParticipantRow);
  const approval = approveWithinQuota(accepted, capacity, input.order ?? 'file');
  const approvedRows = new Set(approval.approved.map((p) => p.row));

  const listFile = path.join('daftar', `${approval.contentHash}.csv`);
  const target = path.join(input.dataDir, listFile);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(`${target}.tmp`, approvedListCsv(approval.approved));
  await rename(`${target}.tmp`, target);

  const at = now();
  await ensureAuditHead(db.prisma);
  await withTransaction(
    db,
    async (tx) => {
      const updated = await tx.participantList.updateMany({
        where: { id: list.id, status: 'checked' },
        data: { status: 'approved', contentHash: approval.contentHash, approvedAt: at },
      });
      if (updated.count !== 1) throw new AppError('INVALID_STATE', `Daftar peserta ${list.id} disetujui oleh pihak lain pada saat yang sama.`);
      const ids = rows.filter((r) => approvedRows.has(r.rowNo)).map((r) => r.id);
      for (let i = 0; i < ids.length; i += ROW_BATCH) {
        await tx.participant.updateMany({ where: { id: { in: ids.slice(i, i + ROW_BATCH) } }, data: { approved: true } });
      }
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'list.approved',
          details: { listId: list.id, program, year: list.year, capacity, approved: approval.approved.length, outsideQuota: approval.outsideQuota.length, contentHash: approval.contentHash, order: approval.order },
        },
        at,
      );
    },
    { timeoutMs: 600_000, maxWaitMs: 60_000 },
  );
  const jumlahPeserta = approval.approved.length;
  return {
    listId: list.id,
    capacity,
    approved: jumlahPeserta,
    outsideQuota: approval.outsideQuota.map((p) => ({ row: p.row, nik: p.nik, nama: p.nama })),
    contentHash: approval.contentHash,
    listFile,
    iuran: {
      jumlahPeserta,
      tarifBulanan: tariff.rupiah,
      bulan: year.months,
      total: Number(BigInt(jumlahPeserta) * BigInt(tariff.rupiah) * BigInt(year.months)),
      tahun: list.year,
      dasarTarif: tariff.basis ?? '',
    },
  };
}
