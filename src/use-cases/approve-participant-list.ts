/**
 * Use case "approve a participant list within the quota of its program year".
 * The quota — floor(budget / (tariff × months)) — holds across all lists of the program and year,
 * also when approvals race (other processes, other servers on the same database). In three steps, so
 * that no transaction does file I/O or lasts longer than a few statements:
 *   1. reserve (one short transaction): lock the program year's quota ledger row, take
 *      min(accepted rows, what is left), move the list checked → approving under a lease;
 *   2. take (no transaction held): stream the list's rows in the stated order, claim their NIKs in the
 *      register of approved NIKs batch by batch until the reservation is used (a NIK another list of the
 *      program year holds is skipped, not counted), write the frozen list `daftar/<hash>.csv` while
 *      hashing it; the rest of the accepted rows are outside the quota — kept, reported, never dropped;
 *   3. finish (one short transaction): the list becomes approved with its hash and counts, the ledger
 *      gets back what was reserved and not taken, audited. Any failure releases instead: claims given
 *      back, ledger restored, list checked again.
 * An approval whose process died stays "approving" until its lease runs out; the next approval of that
 * list releases it first (releaseApproval, also for a job worker's start-up sweep).
 * Duties (workflow/list-duties): an approver of the list's region who did not import it; a refusal
 * writes nothing. The figures a participant decree states (count, tariff, months, total) come back.
 * Imports: participants (quota, config), list-store, workflow (actor, duties), audit, db.
 */
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { claimNiks, releaseNiks } from '../list-store/approved-niks.ts';
import { FrozenListWriter } from '../list-store/frozen-list-file.ts';
import { isAbandoned, newLeaseToken, startHeartbeat } from '../list-store/list-lease.ts';
import { readParticipantRows } from '../list-store/participant-rows.ts';
import { addToQuota, lockQuota } from '../list-store/quota-ledger.ts';
import { quotaCapacity, type ApprovalOrder } from '../participants/approve-within-quota.ts';
import { programYear, tariffOn, type ProgramConfig } from '../participants/program-config.ts';
import type { ProgramId } from '../participants/program-schemas.ts';
import type { ParticipantRow } from '../participants/validate-roster.ts';
import { checkMayApprove } from '../workflow/list-duties.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import type { ListDb } from './import-participant-list.ts';
import { publishDataFile } from '../storage/data-files.ts';
import type { FileStore } from '../storage/file-store.ts';
import { clockOf, type UseCaseOptions } from './use-case-db.ts';

export interface ApproveListInput {
  readonly listId: string;
  readonly username: string;
  readonly order?: ApprovalOrder;
  readonly programConfig: ProgramConfig;
  readonly dataDir: string;
  /**
   * Where the frozen list is published so every API process and worker can fetch it (the data directory
   * is one machine's disk); without one it stays on this machine only.
   */
  readonly fileStore?: FileStore;
  /** Rows taken so far and the reservation, every batch. */
  readonly onProgress?: (taken: number, reserved: number) => void;
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

export interface OutsideRow {
  readonly row: number;
  readonly nik: string;
  readonly nama: string;
}

export interface ApproveListResult {
  readonly listId: string;
  /** The quota of the program year, across all its lists. */
  readonly capacity: number;
  /** What was left of it when this approval reserved. */
  readonly quotaLeft: number;
  readonly approved: number;
  /** Accepted rows left outside the quota (stored, not approved). */
  readonly outsideQuota: number;
  /** The first of them (at most OUTSIDE_ROWS_SHOWN), in approval order. */
  readonly outsideQuotaFirst: readonly OutsideRow[];
  /** Accepted rows whose NIK another list of the program year took first. */
  readonly alreadyApproved: number;
  readonly contentHash: string;
  /** The frozen list, relative to the data directory: use it as `sumber.peserta.berkas` of a draft. */
  readonly listFile: string;
  readonly iuran: IuranFigures;
}

export const OUTSIDE_ROWS_SHOWN = 1000;

export async function approveParticipantList(db: ListDb, input: ApproveListInput, options?: UseCaseOptions): Promise<ApproveListResult> {
  const now = clockOf(options);
  const { user, actor } = await resolveActor(db.prisma, input.username);
  let list = await db.prisma.participantList.findUnique({ where: { id: input.listId } });
  if (!list) throw new AppError('NOT_FOUND', `Daftar peserta "${input.listId}" tidak ditemukan.`);
  checkMayApprove(actor, user.username, list);
  const program = list.program as ProgramId;
  const year = programYear(input.programConfig, program, list.year);
  const tariff = tariffOn(input.programConfig, program, year.tariffDate ?? `${list.year}-01-01`);
  const capacity = quotaCapacity(BigInt(year.budget), BigInt(tariff.rupiah), year.months);
  const order = input.order ?? 'file';

  if (list.status === 'approving' && isAbandoned(list.heartbeatAt)) {
    await releaseApproval(db, list.id, { reason: 'abandoned', actor: user.username }, options);
    list = (await db.prisma.participantList.findUnique({ where: { id: input.listId } }))!;
  }
  if (list.status === 'approved') throw new AppError('INVALID_STATE', `Daftar peserta ${list.id} sudah disetujui (${list.contentHash}).`);
  if (list.status === 'approving') throw new AppError('INVALID_STATE', `Daftar peserta ${list.id} sedang disetujui oleh proses lain; tunggu sampai selesai.`);
  if (list.status !== 'checked') throw new AppError('INVALID_STATE', `Daftar peserta ${list.id} belum selesai diimpor (status ${list.status}).`);
  await ensureAuditHead(db.prisma);

  // 1. reserve
  const token = newLeaseToken();
  const listId = list.id;
  const { reserved, left } = await withTransaction(db, async (tx) => {
    const used = await lockQuota(tx, program, list.year);
    const left = Math.max(0, capacity - used);
    const reserved = Math.min(list.accepted, left);
    const moved = await tx.participantList.updateMany({
      where: { id: listId, status: 'checked' },
      data: { status: 'approving', reserved, leaseToken: token, heartbeatAt: new Date(), approvedById: user.id },
    });
    if (moved.count !== 1) throw new AppError('INVALID_STATE', `Daftar peserta ${listId} disetujui oleh pihak lain pada saat yang sama.`);
    await addToQuota(tx, program, list.year, reserved);
    return { reserved, left };
  });

  // 2. take
  const heartbeat = startHeartbeat(db.prisma, listId, token);
  let frozen: FrozenListWriter | undefined;
  try {
    frozen = await FrozenListWriter.open(input.dataDir);
    const { alreadyApproved, outsideFirst } = await takeRows(db, { program, year: list.year, listId, leaseToken: token }, order, reserved, frozen, input.onProgress);
    const approved = frozen.count;
    const done = await frozen.finish();
    // published to the shared file store before the list counts as approved: any machine can render it
    if (input.fileStore) await publishDataFile({ db, fileStore: input.fileStore, dataDir: input.dataDir }, done.listFile);
    frozen = undefined;
    const outsideQuota = list.accepted - approved - alreadyApproved;

    // 3. finish
    const at = now();
    await withTransaction(db, async (tx) => {
      await lockQuota(tx, program, list.year);
      const finished = await tx.participantList.updateMany({
        where: { id: listId, status: 'approving', leaseToken: token },
        data: {
          status: 'approved',
          contentHash: done.contentHash,
          approvedAt: at,
          approvedById: user.id,
          approvedCount: approved,
          outsideQuota,
          alreadyApproved,
          reserved: 0,
          leaseToken: null,
          heartbeatAt: null,
        },
      });
      if (finished.count !== 1) throw new AppError('INVALID_STATE', `Persetujuan daftar ${listId} dilepas proses lain karena dianggap terhenti; setujui ulang daftar itu.`);
      await addToQuota(tx, program, list.year, approved - reserved);
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'list.approved',
          details: { listId, program, year: list.year, region: list.region, capacity, quotaLeft: left, approved, outsideQuota, alreadyApproved, contentHash: done.contentHash, order },
        },
        at,
      );
    });
    return {
      listId,
      capacity,
      quotaLeft: left,
      approved,
      outsideQuota,
      outsideQuotaFirst: outsideFirst,
      alreadyApproved,
      contentHash: done.contentHash,
      listFile: done.listFile,
      iuran: {
        jumlahPeserta: approved,
        tarifBulanan: tariff.rupiah,
        bulan: year.months,
        total: Number(BigInt(approved) * BigInt(tariff.rupiah) * BigInt(year.months)),
        tahun: list.year,
        dasarTarif: tariff.basis ?? '',
      },
    };
  } catch (error) {
    await frozen?.discard().catch(() => undefined);
    await releaseApproval(db, listId, { reason: 'failed', actor: user.username, token }, options).catch(() => undefined);
    throw error;
  } finally {
    heartbeat.stop();
  }
}

/**
 * Step 2: streams the list in the approval order and claims NIKs until `reserved` are taken (each
 * written to the frozen list as it is claimed); the rows after that are outside the quota, the first
 * OUTSIDE_ROWS_SHOWN of them kept for the report.
 */
async function takeRows(
  db: ListDb,
  claim: { readonly program: string; readonly year: number; readonly listId: string; readonly leaseToken: string },
  order: ApprovalOrder,
  reserved: number,
  frozen: FrozenListWriter,
  onProgress: ApproveListInput['onProgress'],
): Promise<{ alreadyApproved: number; outsideFirst: OutsideRow[] }> {
  let alreadyApproved = 0;
  const outsideFirst: OutsideRow[] = [];
  const rows = readParticipantRows(db.raw, claim.listId, order);
  // The next batch is read (on its own connection) while this one is claimed: on PostgreSQL the server
  // works on both at once.
  let next = rows.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) break;
      const batch = current.value;
      next = rows.next();
      let i = 0;
      while (i < batch.length && frozen.count < reserved) {
        const slice = batch.slice(i, i + (reserved - frozen.count));
        i += slice.length;
        const claimed = await claimNiks(db.raw, { ...claim, niks: slice.map((p) => p.nik) });
        for (const p of slice) {
          if (claimed.has(p.nik)) await frozen.add(p);
          else alreadyApproved++;
        }
      }
      for (; i < batch.length && outsideFirst.length < OUTSIDE_ROWS_SHOWN; i++) outsideFirst.push(outsideRow(batch[i]!));
      onProgress?.(frozen.count, reserved);
      if (frozen.count >= reserved && outsideFirst.length >= OUTSIDE_ROWS_SHOWN) break;
    }
  } finally {
    // stopped early or failed: let the read ahead settle, then close the stream (its connection goes back)
    await next.catch(() => undefined);
    await rows.return(undefined);
  }
  return { alreadyApproved, outsideFirst };
}

function outsideRow(p: ParticipantRow): OutsideRow {
  return { row: p.row, nik: p.nik, nama: p.nama };
}

export interface ReleaseOptions {
  readonly reason: 'abandoned' | 'failed';
  readonly actor: string;
  /** The approval's own lease token when it releases itself; without it only an abandoned approval is released. */
  readonly token?: string;
}

/**
 * Undoes an approval in progress: takes its lease over (so its process, if still alive, can claim no
 * more), gives its claimed NIKs back, then in one transaction returns the reservation to the quota
 * ledger and sets the list back to checked, audited. Safe to repeat after a crash at any point.
 * Returns false when there was nothing to release (finished, or still alive and not ours).
 */
export async function releaseApproval(db: ListDb, listId: string, release: ReleaseOptions, options?: UseCaseOptions): Promise<boolean> {
  const list = await db.prisma.participantList.findUnique({ where: { id: listId } });
  if (!list || list.status !== 'approving') return false;
  if (release.token !== undefined ? list.leaseToken !== release.token : !isAbandoned(list.heartbeatAt)) return false;
  const token = newLeaseToken();
  const taken = await db.prisma.participantList.updateMany({ where: { id: listId, status: 'approving', leaseToken: list.leaseToken }, data: { leaseToken: token, heartbeatAt: new Date() } });
  if (taken.count !== 1) return false;
  await releaseNiks(db.raw, listId);
  await ensureAuditHead(db.prisma);
  const at = clockOf(options)();
  return withTransaction(db, async (tx) => {
    await lockQuota(tx, list.program, list.year);
    const current = await tx.participantList.findFirst({ where: { id: listId, status: 'approving', leaseToken: token } });
    if (!current) return false;
    await tx.participantList.update({ where: { id: listId }, data: { status: 'checked', reserved: 0, leaseToken: null, heartbeatAt: null, approvedById: null } });
    await addToQuota(tx, list.program, list.year, -current.reserved);
    await appendAuditEvent(tx, { actor: release.actor, action: 'list.approval-released', details: { listId, program: list.program, year: list.year, reserved: current.reserved, reason: release.reason } }, at);
    return true;
  });
}

/** Releases every abandoned approval (a worker's or server's start-up sweep); returns the list ids released. */
export async function releaseAbandonedApprovals(db: ListDb, actor: string, options?: UseCaseOptions): Promise<string[]> {
  const stuck = await db.prisma.participantList.findMany({ where: { status: 'approving' }, select: { id: true, heartbeatAt: true } });
  const released: string[] = [];
  for (const s of stuck) {
    if (isAbandoned(s.heartbeatAt) && (await releaseApproval(db, s.id, { reason: 'abandoned', actor }, options))) released.push(s.id);
  }
  return released;
}
