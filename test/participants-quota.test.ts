import { describe, expect, it, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { approveWithinQuota, canonicalApprovedList, quotaCapacity } from '../src/participants/approve-within-quota.ts';
import { monthlyContribution, percentOfRupiah, summariseByPerangkatDaerah, type ContributionRule } from '../src/participants/compute-contributions.ts';
import { loadProgramConfig, parseProgramConfig, programYear, tariffOn, umkFor } from '../src/participants/program-config.ts';
import { groupByFamily, writeBpjsExport } from '../src/participants/write-bpjs-export.ts';
import type { ParticipantRow } from '../src/participants/validate-roster.ts';
import { AppError } from '../src/errors/app-error.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'naskah-quota-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = loadProgramConfig();
const rule: ContributionRule = { ...config.contribution['ppu-tkk'], umk: umkFor(config, '3275', 2025) };

function person(row: number, over: Partial<ParticipantRow> = {}): ParticipantRow {
  return { row, nik: `53710124038${String(row).padStart(5, '0')}`, nama: `Peserta ${row}`, tanggalLahir: '1980-03-24', jenisKelamin: 'L', ...over };
}

describe('quota capacity in integer rupiah', () => {
  it('is floor(budget / (tariff × months)) at the edges', () => {
    const tariff = 42_000;
    expect(quotaCapacity(42_000 * 12 * 1000, tariff, 12)).toBe(1000); // exactly at capacity
    expect(quotaCapacity(42_000 * 12 * 1000 - 1, tariff, 12)).toBe(999); // one rupiah short
    expect(quotaCapacity(42_000 * 12 * 1000 + 503_999, tariff, 12)).toBe(1000);
    expect(quotaCapacity(0, tariff, 12)).toBe(0);
    expect(quotaCapacity(42_000 * 12 - 1, tariff, 12)).toBe(0);
  });
  it('stays exact for budgets beyond 2^53 rupiah', () => {
    const budget = 2n ** 60n;
    expect(quotaCapacity(budget, 42_000n, 12)).toBe(Number(budget / 504_000n));
  });
  it('refuses a zero tariff or months', () => {
    expect(() => quotaCapacity(1_000_000, 0, 12)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => quotaCapacity(1_000_000, 42_000, 0)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
  it('uses the configured budget and the tariff valid on the date', () => {
    const year = programYear(config, 'pbpu-pemda', 2025);
    const tariff = tariffOn(config, 'pbpu-pemda', year.tariffDate!);
    expect(tariff.rupiah).toBe(42_000);
    expect(quotaCapacity(year.budget, tariff.rupiah, year.months)).toBe(54_000);
    expect(tariffOn(config, 'pbpu-pemda', '2019-12-31').rupiah).toBe(25_500);
    expect(tariffOn(config, 'pbpu-pemda', '2020-01-01').rupiah).toBe(42_000);
    expect(() => tariffOn(config, 'pbpu-pemda', '2010-01-01')).toThrow(AppError);
  });
});

describe('approval within quota', () => {
  const rows = [person(5, { nama: 'Budi' }), person(2, { nama: 'Yohanes' }), person(3, { nama: 'Agus', tanggalLahir: '1970-01-01' }), person(4, { nama: 'Budi' })];

  it('approves in file order up to the capacity and reports the rest outside the quota', () => {
    const a = approveWithinQuota(rows, 3, 'file');
    expect(a.approved.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(a.outsideQuota.map((r) => r.row)).toEqual([5]);
    expect(a.approved.length + a.outsideQuota.length).toBe(rows.length);
  });
  it('orders by name (then NIK) or birth date when asked', () => {
    expect(approveWithinQuota(rows, 4, 'nama').approved.map((r) => r.row)).toEqual([3, 4, 5, 2]);
    expect(approveWithinQuota(rows, 1, 'tanggal-lahir').approved.map((r) => r.row)).toEqual([3]);
  });
  it('approves everyone when the capacity is larger, nobody at 0', () => {
    expect(approveWithinQuota(rows, 10).outsideQuota).toEqual([]);
    expect(approveWithinQuota(rows, 0).approved).toEqual([]);
  });
  it('hashes the documented canonical serialisation, and any change changes the hash', () => {
    const a = approveWithinQuota(rows, 2, 'file');
    const text = canonicalApprovedList(a.approved);
    expect(text.split('\n')).toEqual([
      'naskah-approved-list/v1',
      '[1,"5371012403800002","","Yohanes","1980-03-24","L","","","",null]',
      '[2,"5371012403800003","","Agus","1970-01-01","L","","","",null]',
    ]);
    expect(a.contentHash).toBe(createHash('sha256').update(text).digest('hex'));
    expect(approveWithinQuota([...rows].reverse(), 2, 'file').contentHash).toBe(a.contentHash);
    const edited = rows.map((r) => (r.row === 3 ? { ...r, nama: 'Agus S' } : r));
    expect(approveWithinQuota(edited, 2, 'file').contentHash).not.toBe(a.contentHash);
  });
});

describe('ppu-tkk contributions', () => {
  it('rounds half up to whole rupiah', () => {
    expect(percentOfRupiah(5_690_752, 4)).toBe(227_630); // 227,630.08
    expect(percentOfRupiah(5_690_752, 1)).toBe(56_908); // 56,907.52
    expect(percentOfRupiah(1_250, 4)).toBe(50);
    expect(percentOfRupiah(12_350, 1)).toBe(124); // 123.5 → 124
    expect(percentOfRupiah(12_349, 1)).toBe(123);
  });
  it('clamps the wage base to [UMK, Rp12.000.000]', () => {
    expect(rule.umk).toBe(5_690_752);
    expect(monthlyContribution(3_000_000, rule)).toEqual({ wage: 3_000_000, base: 5_690_752, employer: 227_630, worker: 56_908, total: 284_538 });
    expect(monthlyContribution(5_690_752, rule).base).toBe(5_690_752);
    expect(monthlyContribution(8_000_000, rule)).toEqual({ wage: 8_000_000, base: 8_000_000, employer: 320_000, worker: 80_000, total: 400_000 });
    expect(monthlyContribution(12_000_000, rule)).toEqual({ wage: 12_000_000, base: 12_000_000, employer: 480_000, worker: 120_000, total: 600_000 });
    expect(monthlyContribution(12_000_001, rule).base).toBe(12_000_000);
    expect(monthlyContribution(25_000_000, rule).total).toBe(600_000);
  });
  it('refuses fractional or negative rupiah', () => {
    expect(() => monthlyContribution(4_500_000.5, rule)).toThrow(RangeError);
    expect(() => monthlyContribution(-1, rule)).toThrow(RangeError);
  });
  it('sums per Perangkat Daerah for the Bekasi attachment, counting family members through the No KK', () => {
    const rows = [
      person(2, { hubunganKeluarga: 'Peserta', perangkatDaerah: 'Dinas Kesehatan', gaji: 3_000_000, noKk: '3275010101100001' }),
      person(3, { hubunganKeluarga: 'Istri', noKk: '3275010101100001' }),
      person(4, { hubunganKeluarga: 'Anak', noKk: '3275010101100001' }),
      person(5, { hubunganKeluarga: 'Peserta', perangkatDaerah: 'Dinas Kesehatan', gaji: 8_000_000, noKk: '3275010101100002' }),
      person(6, { hubunganKeluarga: 'Peserta', perangkatDaerah: 'Badan Pendapatan Daerah', gaji: 15_000_000, noKk: '3275010101100003' }),
      person(7, { hubunganKeluarga: 'Anak', noKk: '3275019999999999' }),
    ];
    const table = summariseByPerangkatDaerah(rows, rule);
    expect(table.rows).toEqual([
      { perangkatDaerah: 'Badan Pendapatan Daerah', jumlahTkk: 1, jumlahAnggotaKeluarga: 0, totalGaji: 15_000_000, totalDasarIuran: 12_000_000, iuranPemberiKerja: 480_000, iuranPekerja: 120_000, iuranTotal: 600_000 },
      { perangkatDaerah: 'Dinas Kesehatan', jumlahTkk: 2, jumlahAnggotaKeluarga: 2, totalGaji: 11_000_000, totalDasarIuran: 13_690_752, iuranPemberiKerja: 547_630, iuranPekerja: 136_908, iuranTotal: 684_538 },
    ]);
    expect(table.total).toMatchObject({ perangkatDaerah: 'JUMLAH', jumlahTkk: 3, jumlahAnggotaKeluarga: 2, iuranPemberiKerja: 1_027_630, iuranPekerja: 256_908, iuranTotal: 1_284_538 });
  });
});

describe('BPJS employer export', () => {
  const rows = [
    person(2, { hubunganKeluarga: 'Peserta', perangkatDaerah: 'Dinas Kesehatan', gaji: 4_500_000, noKk: '3275010101100001' }),
    person(3, { hubunganKeluarga: 'Peserta', perangkatDaerah: '=cmd|calc', gaji: 12_500_000, noKk: '3275010101100002', nama: '+Budi' }),
    person(4, { hubunganKeluarga: 'Istri', noKk: '3275010101100001', jenisKelamin: 'P' }),
    person(5, { hubunganKeluarga: 'Anak', noKk: '3275010101100002' }),
    person(6, { hubunganKeluarga: 'Anak', noKk: '3275010101100001' }),
    person(7, { hubunganKeluarga: 'Anak', noKk: '3275019999999999' }),
  ];

  it('puts each worker before their family, in list order, and reports members without a worker', () => {
    const { ordered, unmatched } = groupByFamily(rows);
    expect(ordered.map((r) => r.row)).toEqual([2, 4, 6, 3, 5]);
    expect(unmatched.map((r) => r.row)).toEqual([7]);
  });

  it('writes the configured columns, NIKs as text, contributions for workers, neutralised text', async () => {
    const file = path.join(dir, 'bpjs.xlsx');
    const result = await writeBpjsExport(file, rows, { rule, columns: config.bpjsExportColumns });
    expect(result).toMatchObject({ workers: 2, familyMembers: 3 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.worksheets[0]!;
    const values = (n: number): unknown[] => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(config.bpjsExportColumns!.map((c) => c.header));
    expect(values(2)).toEqual([1, '5371012403800002', '3275010101100001', 'Peserta 2', 'Peserta', '24-03-1980', 'L', 'Dinas Kesehatan', 4_500_000, 5_690_752, 227_630, 56_908, 284_538]);
    expect(values(3).slice(0, 5)).toEqual([2, '5371012403800004', '3275010101100001', 'Peserta 4', 'Istri']);
    expect(values(5).slice(3, 8)).toEqual(["'+Budi", 'Peserta', '24-03-1980', 'L', "'=cmd|calc"]);
    expect(values(5).slice(8)).toEqual([12_500_000, 12_000_000, 480_000, 120_000, 600_000]);
    expect(sheet.rowCount).toBe(6);
    expect(typeof sheet.getRow(2).getCell(2).value).toBe('string');
  });

  it('takes a shorter column list from configuration', async () => {
    const file = path.join(dir, 'bpjs-short.xlsx');
    await writeBpjsExport(file, rows, { rule, columns: [{ key: 'nik', header: 'NIK' }, { key: 'nama', header: 'NAMA PESERTA' }] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(['NIK', 'NAMA PESERTA']);
  });
});

describe('program configuration', () => {
  it('rejects an unknown export column or a fractional tariff with the path named', () => {
    const bad = `tariffs: { pbpu-pemda: [ { validFrom: 2020-01-01, rupiah: 42000.5 } ] }
contribution: { ppu-tkk: { employerPercent: 4, workerPercent: 1, wageCap: 12000000 } }
umk: []
programYears: []`;
    expect(() => parseProgramConfig(bad)).toThrow(/tariffs\.pbpu-pemda\.0\.rupiah/);
    const badColumn = bad.replace('42000.5', '42000') + '\nbpjsExportColumns: [ { key: npwp, header: NPWP } ]';
    expect(() => parseProgramConfig(badColumn)).toThrow(/bpjsExportColumns\.0\.key/);
  });
  it('names what is missing: a UMK or a program year', () => {
    expect(() => umkFor(config, '3201', 2025)).toThrow(/UMK untuk wilayah 3201 tahun 2025/);
    expect(() => programYear(config, 'ppu-tkk', 2030)).toThrow(/ppu-tkk 2030/);
  });
});

describe('naskah participants iuran', () => {
  it('prints the per-Perangkat-Daerah table, writes the BPJS export and the JSON summary of the example list', async () => {
    const { main } = await import('../src/cli/main.ts');
    const { Writable } = await import('node:stream');
    const { readFileSync } = await import('node:fs');
    let out = '';
    const stdout = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
    const stderr = new Writable({ write: (_c, _e, cb) => cb() });
    const xlsx = path.join(dir, 'iuran.xlsx');
    const json = path.join(dir, 'iuran.json');
    const example = path.join(import.meta.dirname, '..', 'examples', 'peserta-tkk-bekasi.csv');
    const code = await main(['participants', 'iuran', example, '--year', '2025', '--bpjs-export', xlsx, '--json', json, '--quiet'], { stdout, stderr });
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(json, 'utf8'));
    expect(summary.umk).toBe(5_690_752);
    expect(summary.total.jumlahTkk + summary.total.jumlahAnggotaKeluarga).toBe(120);
    expect(summary.total.iuranTotal).toBe(summary.total.iuranPemberiKerja + summary.total.iuranPekerja);
    expect(out).toMatch(new RegExp(`^JUMLAH\\s+${summary.total.jumlahTkk}\\s+${summary.total.jumlahAnggotaKeluarga}\\s`, 'm'));
    expect(out).toContain('Ekspor BPJS');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    expect(wb.worksheets[0]!.rowCount).toBe(121);
    let employer = 0;
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) employer += Number(row.getCell(11).value ?? 0);
    });
    expect(employer).toBe(summary.total.iuranPemberiKerja);
  });
});
