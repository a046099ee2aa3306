/**
 * ppu-tkk contributions in whole rupiah: the wage base is the wage clamped to [UMK, cap]; the employer
 * pays employerPercent and the worker workerPercent of the base, each rounded half up to a whole rupiah
 * per person per month (so the total is the sum of the two rounded parts). Also the per-Perangkat-Daerah
 * summary the Bekasi attachment shows. Pure; integer arithmetic on safe integers only.
 */
import type { ParticipantRow } from './validate-roster.ts';

export interface ContributionRule {
  readonly employerPercent: number;
  readonly workerPercent: number;
  /** Upper bound of the wage base (Rp12.000.000). */
  readonly wageCap: number;
  /** Lower bound of the wage base: the UMK of the region. */
  readonly umk: number;
}

export interface Contribution {
  readonly wage: number;
  readonly base: number;
  readonly employer: number;
  readonly worker: number;
  readonly total: number;
}

function assertRupiah(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole rupiah, got ${value}`);
}

/** percent % of amount, rounded half up to a whole rupiah: floor((amount × percent + 50) / 100). */
export function percentOfRupiah(amount: number, percent: number): number {
  assertRupiah('amount', amount);
  const scaled = amount * percent + 50;
  if (!Number.isSafeInteger(scaled)) throw new RangeError(`amount ${amount} × ${percent} % exceeds safe integers`);
  return Math.floor(scaled / 100);
}

export function wageBase(wage: number, rule: ContributionRule): number {
  assertRupiah('wage', wage);
  return Math.min(Math.max(wage, rule.umk), rule.wageCap);
}

export function monthlyContribution(wage: number, rule: ContributionRule): Contribution {
  const base = wageBase(wage, rule);
  const employer = percentOfRupiah(base, rule.employerPercent);
  const worker = percentOfRupiah(base, rule.workerPercent);
  return { wage, base, employer, worker, total: employer + worker };
}

/** One line of the Bekasi attachment: a Perangkat Daerah with its TKK and their monthly contributions. */
export interface PerangkatDaerahSummary {
  readonly perangkatDaerah: string;
  /** Workers (Hubungan Keluarga "Peserta"). */
  readonly jumlahTkk: number;
  /** Family members registered with them. */
  readonly jumlahAnggotaKeluarga: number;
  readonly totalGaji: number;
  readonly totalDasarIuran: number;
  readonly iuranPemberiKerja: number;
  readonly iuranPekerja: number;
  readonly iuranTotal: number;
}

export interface PerangkatDaerahTable {
  /** Sorted by Perangkat Daerah name. */
  readonly rows: readonly PerangkatDaerahSummary[];
  readonly total: PerangkatDaerahSummary;
}

/**
 * Per Perangkat Daerah: TKK count, family members (attached through their No KK to a worker), wages and
 * the employer/worker contributions per month. Workers are rows whose relation is `workerRelation`.
 */
export function summariseByPerangkatDaerah(rows: readonly ParticipantRow[], rule: ContributionRule, workerRelation = 'Peserta'): PerangkatDaerahTable {
  const byPd = new Map<string, { tkk: number; family: number; gaji: number; base: number; employer: number; worker: number }>();
  const pdOfKk = new Map<string, string>();
  for (const r of rows) {
    if (r.hubunganKeluarga !== workerRelation) continue;
    const pd = r.perangkatDaerah ?? '(tanpa Perangkat Daerah)';
    const c = monthlyContribution(r.gaji ?? 0, rule);
    const s = byPd.get(pd) ?? { tkk: 0, family: 0, gaji: 0, base: 0, employer: 0, worker: 0 };
    s.tkk++;
    s.gaji += c.wage;
    s.base += c.base;
    s.employer += c.employer;
    s.worker += c.worker;
    byPd.set(pd, s);
    if (r.noKk !== undefined && !pdOfKk.has(r.noKk)) pdOfKk.set(r.noKk, pd);
  }
  for (const r of rows) {
    if (r.hubunganKeluarga === workerRelation || r.noKk === undefined) continue;
    const pd = pdOfKk.get(r.noKk);
    if (pd !== undefined) byPd.get(pd)!.family++;
  }
  const out: PerangkatDaerahSummary[] = [...byPd.entries()]
    .sort((a, b) => a[0].localeCompare(b[0], 'id'))
    .map(([perangkatDaerah, s]) => ({
      perangkatDaerah,
      jumlahTkk: s.tkk,
      jumlahAnggotaKeluarga: s.family,
      totalGaji: s.gaji,
      totalDasarIuran: s.base,
      iuranPemberiKerja: s.employer,
      iuranPekerja: s.worker,
      iuranTotal: s.employer + s.worker,
    }));
  const total = out.reduce<PerangkatDaerahSummary>(
    (t, r) => ({
      perangkatDaerah: 'JUMLAH',
      jumlahTkk: t.jumlahTkk + r.jumlahTkk,
      jumlahAnggotaKeluarga: t.jumlahAnggotaKeluarga + r.jumlahAnggotaKeluarga,
      totalGaji: t.totalGaji + r.totalGaji,
      totalDasarIuran: t.totalDasarIuran + r.totalDasarIuran,
      iuranPemberiKerja: t.iuranPemberiKerja + r.iuranPemberiKerja,
      iuranPekerja: t.iuranPekerja + r.iuranPekerja,
      iuranTotal: t.iuranTotal + r.iuranTotal,
    }),
    { perangkatDaerah: 'JUMLAH', jumlahTkk: 0, jumlahAnggotaKeluarga: 0, totalGaji: 0, totalDasarIuran: 0, iuranPemberiKerja: 0, iuranPekerja: 0, iuranTotal: 0 },
  );
  for (const v of Object.values(total)) if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError('contribution totals exceed safe integers');
  return { rows: out, total };
}
