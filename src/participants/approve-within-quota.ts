/**
 * Quota and approval. capacity = floor(budget / (tariff × months)), all in integer rupiah (bigint, no
 * floating-point money). Approval takes accepted rows in a stated order up to the capacity; the rest are
 * reported as outside the quota (never dropped silently); the approved list is frozen by a content hash
 * the decree's lampiran cites. Imports node:crypto and the participant types.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { ParticipantRow } from './validate-roster.ts';

/** How many participants a budget carries for `months` at `monthlyTariff` per person. */
export function quotaCapacity(budget: bigint | number, monthlyTariff: bigint | number, months: number): number {
  const b = BigInt(budget);
  const t = BigInt(monthlyTariff);
  if (b < 0n || t <= 0n || !Number.isInteger(months) || months <= 0) {
    throw new AppError('CONFIG_INVALID', `Kuota tidak dapat dihitung: anggaran ${b} harus ≥ 0, tarif ${t} > 0 dan jumlah bulan ${months} bilangan bulat positif; periksa config/programs.yaml.`);
  }
  const capacity = b / (t * BigInt(months));
  return Number(capacity);
}

/** "file": the order of the list; "nama": by name, then NIK; "nik": by NIK; "tanggal-lahir": oldest first, then NIK. */
export type ApprovalOrder = 'file' | 'nama' | 'nik' | 'tanggal-lahir';

export interface Approval {
  readonly capacity: number;
  readonly order: ApprovalOrder;
  readonly approved: readonly ParticipantRow[];
  readonly outsideQuota: readonly ParticipantRow[];
  /** sha256 (hex) of canonicalApprovedList(approved). */
  readonly contentHash: string;
}

const COMPARE: Readonly<Record<ApprovalOrder, ((a: ParticipantRow, b: ParticipantRow) => number) | undefined>> = {
  file: undefined,
  nama: (a, b) => (a.nama < b.nama ? -1 : a.nama > b.nama ? 1 : a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0),
  nik: (a, b) => (a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0),
  'tanggal-lahir': (a, b) => (a.tanggalLahir < b.tanggalLahir ? -1 : a.tanggalLahir > b.tanggalLahir ? 1 : a.nik < b.nik ? -1 : a.nik > b.nik ? 1 : 0),
};

export function approveWithinQuota(rows: readonly ParticipantRow[], capacity: number, order: ApprovalOrder = 'file'): Approval {
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`approveWithinQuota: capacity ${capacity} must be a non-negative integer`);
  const compare = COMPARE[order];
  // "file" order is the row order; sorting by row keeps it stable whatever order rows were handed in.
  const sorted = [...rows].sort(compare ?? ((a, b) => a.row - b.row));
  const approved = sorted.slice(0, capacity);
  const outsideQuota = sorted.slice(capacity);
  return { capacity, order, approved, outsideQuota, contentHash: hashApprovedList(approved) };
}

export const CANONICAL_LIST_VERSION = 'naskah-approved-list/v1';

/**
 * The canonical serialisation the content hash covers: a first line "naskah-approved-list/v1", then one
 * line per approved participant in approval order, each the JSON array
 * [no, nik, noKk, nama, tanggalLahir, jenisKelamin, hubunganKeluarga, kabupatenKota, perangkatDaerah, gaji]
 * (no = 1-based position; absent text is "", absent gaji is null), lines joined by "\n", UTF-8.
 */
export function canonicalApprovedList(approved: readonly ParticipantRow[]): string {
  const lines = [CANONICAL_LIST_VERSION];
  approved.forEach((p, i) => lines.push(canonicalLine(p, i + 1)));
  return lines.join('\n');
}

/** The canonical line of the participant at 1-based position `no` of the approved list. */
export function canonicalLine(p: ParticipantRow, no: number): string {
  return JSON.stringify([no, p.nik, p.noKk ?? '', p.nama, p.tanggalLahir, p.jenisKelamin, p.hubunganKeluarga ?? '', p.kabupatenKota ?? '', p.perangkatDaerah ?? '', p.gaji ?? null]);
}

/**
 * The content hash computed as participants arrive, in approval order (a million rows need not be in
 * memory): the same digest as hashApprovedList over the whole list.
 */
export class ApprovedListHasher {
  private readonly hash = createHash('sha256').update(CANONICAL_LIST_VERSION, 'utf8');
  private count = 0;
  // lines are handed to the hash a few hundred at a time: a call per line costs more than the hashing
  private pending = '';

  add(p: ParticipantRow): void {
    this.count++;
    this.pending += `\n${canonicalLine(p, this.count)}`;
    if (this.pending.length >= 1 << 16) {
      this.hash.update(this.pending, 'utf8');
      this.pending = '';
    }
  }

  get size(): number {
    return this.count;
  }

  digest(): string {
    this.hash.update(this.pending, 'utf8');
    this.pending = '';
    return this.hash.digest('hex');
  }
}

export function hashApprovedList(approved: readonly ParticipantRow[]): string {
  const hasher = new ApprovedListHasher();
  for (const p of approved) hasher.add(p);
  return hasher.digest();
}
