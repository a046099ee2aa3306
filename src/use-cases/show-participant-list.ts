/**
 * Use case "show a stored participant list": its state, counts (accepted, approved for it, outside the
 * quota, taken by another list first), who imported and approved it, the frozen list and the stored
 * check report. The shape of `naskah lists show --json`.
 * Imports: the Prisma facade's types, list-store (file name), errors.
 */
import path from 'node:path';
import type { PrismaClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import { FROZEN_LIST_DIR } from '../list-store/frozen-list-file.ts';
import type { CheckReport } from './check-participants.ts';

export interface ParticipantListView {
  readonly id: string;
  readonly program: string;
  readonly year: number;
  readonly region: string | null;
  readonly fileName: string;
  readonly status: string;
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Rows approved for this list (0 until approved). */
  readonly approved: number;
  readonly outsideQuota: number;
  readonly alreadyApproved: number;
  readonly contentHash: string | null;
  readonly listFile: string | null;
  readonly importedBy: string;
  readonly importedAt: string;
  readonly approvedBy: string | null;
  readonly approvedAt: string | null;
  readonly report: (CheckReport & { readonly issueCount?: number }) | null;
}

export async function showParticipantList(db: { readonly prisma: PrismaClient }, listId: string): Promise<ParticipantListView> {
  const list = await db.prisma.participantList.findUnique({ where: { id: listId }, include: { createdBy: { select: { username: true } } } });
  if (!list) throw new AppError('NOT_FOUND', `Daftar peserta "${listId}" tidak ditemukan; lihat id yang dicetak saat "naskah lists import".`);
  const approver = list.approvedById ? await db.prisma.user.findUnique({ where: { id: list.approvedById }, select: { username: true } }) : null;
  let report: ParticipantListView['report'] = null;
  try {
    report = list.status === 'importing' ? null : (JSON.parse(list.reportJson) as ParticipantListView['report']);
  } catch {
    report = null;
  }
  const approved = list.status === 'approved';
  return {
    id: list.id,
    program: list.program,
    year: list.year,
    region: list.region,
    fileName: list.fileName,
    status: list.status,
    total: list.total,
    accepted: list.accepted,
    rejected: list.rejected,
    approved: list.approvedCount,
    outsideQuota: list.outsideQuota,
    alreadyApproved: list.alreadyApproved,
    contentHash: list.contentHash,
    listFile: list.contentHash ? path.join(FROZEN_LIST_DIR, `${list.contentHash}.csv`) : null,
    importedBy: list.createdBy.username,
    importedAt: list.createdAt.toISOString(),
    approvedBy: approved ? (approver?.username ?? null) : null,
    approvedAt: list.approvedAt ? list.approvedAt.toISOString() : null,
    report,
  };
}
