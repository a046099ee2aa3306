import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROWS = 372_000; // ≈ 141 bytes a row: just over 50 MB
let dir: string;
let big: string;
let small: string;

interface ChildResult {
  total: number;
  accepted: number;
  rejected: number;
  issues: string[];
  maxRssMb: number;
}

/** Checks a list in a child process, so its peak RSS is the check's alone. */
function checkInChild(file: string): ChildResult {
  const script = path.join(dir, 'check-child.mts');
  writeFileSync(
    script,
    `import { checkParticipants } from ${JSON.stringify(path.join(ROOT, 'src/use-cases/check-participants.ts'))};
const { report } = await checkParticipants({ file: process.argv[2], program: 'pbpu-pemda' });
console.log(JSON.stringify({ total: report.total, accepted: report.accepted, rejected: report.rejected,
  issues: report.issues.map((i) => i.row + ':' + i.code), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`,
  );
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), script, file], { encoding: 'utf8', cwd: ROOT });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildResult;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'naskah-large-'));
  big = path.join(dir, 'big.csv');
  small = path.join(dir, 'small.csv');
  await writeRosterCsv(big, { seed: 99, count: ROWS, program: 'pbpu-pemda' });
  await writeRosterCsv(small, { seed: 99, count: ROWS / 10, program: 'pbpu-pemda' });
  // Known bad rows at the end: a NIK repeated from row 2 (same seed → same first row), a 31 February.
  const firstNik = (await import('../src/participants/generate-roster.ts')).generateRoster({ seed: 99, count: 1, program: 'pbpu-pemda' }).next().value!.nik;
  appendFileSync(big, `${firstNik},,Duplikat,01-01-1980,L,,,,\n5371012403800001,,Tanggal Salah,31-02-1980,L,,,,\n`);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 50 MB list', () => {
  it('is checked row by row: exact totals, the planted rows rejected, memory flat as the file grows', () => {
    expect(statSync(big).size).toBeGreaterThan(50 * 1000 * 1000);
    const large = checkInChild(big);
    expect(large.total).toBe(ROWS + 2);
    expect(large.accepted + large.rejected).toBe(large.total);
    expect(large.issues).toEqual([`${ROWS + 2}:NIK_BIRTHDATE_MISMATCH`, `${ROWS + 2}:NIK_DUPLICATE`, `${ROWS + 3}:DATE_INVALID`]);
    expect(large.rejected).toBe(2);

    const tenth = checkInChild(small);
    expect(tenth.total).toBe(ROWS / 10);
    expect(tenth.rejected).toBe(0);
    console.info(`[participants-large] peak RSS: ${tenth.maxRssMb.toFixed(0)} MB at ${ROWS / 10} rows, ${large.maxRssMb.toFixed(0)} MB at ${ROWS} rows`);
    expect(large.maxRssMb).toBeLessThan(300);
    // Ten times the rows: only the duplicate index (12 bytes a slot) grows with N.
    expect(large.maxRssMb - tenth.maxRssMb).toBeLessThan(80);
  }, 300_000);
});

describe('the committed examples', () => {
  it.each([
    ['peserta-pbpu-ntt.csv', { seed: 53, count: 250, program: 'pbpu-pemda' as const }],
    ['peserta-tkk-bekasi.csv', { seed: 3275, count: 120, program: 'ppu-tkk' as const }],
  ])('%s is what the seeded generator writes, and every row of it is accepted', async (name, options) => {
    const again = path.join(dir, name);
    await writeRosterCsv(again, options);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(path.join(ROOT, 'examples', name), 'utf8'));
    const { checkParticipants } = await import('../src/use-cases/check-participants.ts');
    const { report } = await checkParticipants({ file: again, program: options.program });
    expect(report).toMatchObject({ total: options.count, accepted: options.count, rejected: 0 });
  });
});

describe('a large XLSX list', () => {
  it('streams 60,000 rows of a workbook with date cells and judges every one', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { generateRoster, ROSTER_HEADERS } = await import('../src/participants/generate-roster.ts');
    const { checkParticipants } = await import('../src/use-cases/check-participants.ts');
    const file = path.join(dir, 'big.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: true });
    const ws = wb.addWorksheet('Peserta');
    ws.addRow([...ROSTER_HEADERS['ppu-tkk']]).commit();
    const n = 60_000;
    for (const p of generateRoster({ seed: 11, count: n, program: 'ppu-tkk' })) {
      const [d, m, y] = p.tanggalLahir.split('-').map(Number) as [number, number, number];
      const row = ws.addRow([p.nik, p.nama, new Date(Date.UTC(y, m - 1, d)), p.jenisKelamin, p.perangkatDaerah || null, p.gaji || null, p.hubunganKeluarga, p.noKk]);
      row.getCell(3).numFmt = 'dd/mm/yyyy';
      row.commit();
    }
    ws.addRow([5371012403800001, 'Angka', new Date(Date.UTC(1980, 2, 24)), 'L', 'Dinas Sosial', 5_000_000, 'Peserta', '5371010101100001']).commit();
    ws.commit();
    await wb.commit();
    const { report } = await checkParticipants({ file, program: 'ppu-tkk' });
    expect(report.total).toBe(n + 1);
    expect(report.issues.map((i) => `${i.row}:${i.code}`)).toEqual([`${n + 2}:NIK_PRECISION_LOST`]);
    expect(report.accepted).toBe(n);
  }, 300_000);
});
