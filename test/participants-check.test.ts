import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { checkParticipants } from '../src/use-cases/check-participants.ts';
import { InMemoryApprovedNikLookup } from '../src/participants/validate-roster.ts';
import { createPrng, csvLine, generateRoster, rosterCells, ROSTER_HEADERS } from '../src/participants/generate-roster.ts';
import { main } from '../src/cli/main.ts';

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'participants');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'naskah-participants-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { stdout, stderr });
  return { code, out: stdout.text(), err: stderr.text() };
}

const rowsWith = (issues: readonly { row: number; code: string; severity: string }[]): string[] =>
  issues.map((i) => `${i.row}:${i.code}${i.severity === 'warning' ? ':warning' : ''}`);

describe('pbpu-pemda fixture: semicolons, BOM, CRLF, quoted delimiters, quotes and line breaks', () => {
  const file = path.join(FIXTURES, 'pbpu-semicolon-bom-crlf.csv');

  it('rejects exactly the rows it should, each with its code, and accepts the rest', async () => {
    const result = await checkParticipants({ file, program: 'pbpu-pemda', collectAccepted: true, today: { year: 2026, month: 11, day: 24 } });
    const { report } = result;
    expect(result.delimiter).toBe(';');
    expect(rowsWith(report.issues)).toEqual([
      '5:NIK_FORMAT',
      '6:NIK_REGION',
      '7:NIK_BIRTHDATE_MISMATCH',
      '8:NIK_SEX_MISMATCH',
      '9:NIK_PRECISION_LOST',
      '10:NIK_DUPLICATE',
      '11:KK_FORMAT',
      '12:KK_REGION',
      '13:REQUIRED_MISSING',
      '14:DATE_INVALID',
      '15:SEX_INVALID',
      '16:RELATION_INVALID',
      '17:ROW_MALFORMED',
      '19:NIK_REGION:warning',
      '21:NIK_FORMAT',
    ]);
    expect(report.total).toBe(21); // the blank row 22 is not a participant
    expect(report.accepted).toBe(7);
    expect(report.rejected).toBe(14);
    expect(report.accepted + report.rejected).toBe(report.total);
    expect(result.participants!.map((p) => p.row)).toEqual([2, 3, 4, 18, 19, 20, 23]);
    const duplicate = report.issues.find((i) => i.code === 'NIK_DUPLICATE')!;
    expect(duplicate.message).toContain('baris 2');
    expect(duplicate.column).toBe('NIK');
    expect(report.issues.find((i) => i.code === 'REQUIRED_MISSING')!.column).toBe('Nama Lengkap');
  });

  it('keeps quoted cells whole and normalises the accepted participants', async () => {
    const { participants } = await checkParticipants({ file, program: 'pbpu-pemda', collectAccepted: true });
    const [head, wife, child] = participants!;
    expect(head).toMatchObject({ nik: '5371012403800001', noKk: '5371010101100001', nama: 'Yohanes Ndun', tanggalLahir: '1980-03-24', jenisKelamin: 'L', hubunganKeluarga: 'Kepala Keluarga', alamat: 'Jl. El Tari No. 5; RT 001', kecamatan: 'Alak', kabupatenKota: 'Kota Kupang' });
    expect(wife).toMatchObject({ tanggalLahir: '1985-05-24', jenisKelamin: 'P', hubunganKeluarga: 'Istri' });
    expect(child).toMatchObject({ nama: 'Petrus "Piet" Ndun', tanggalLahir: '2010-03-01', alamat: 'Jl. Kenari\r\nBlok C' });
    expect(participants!.at(-1)).toMatchObject({ row: 23, tanggalLahir: '1980-03-24', jenisKelamin: 'L' });
  });

  it('rejects a NIK already in another approved list of the same program and year only', async () => {
    const lookup = new InMemoryApprovedNikLookup([
      { nik: '5371012403800014', program: 'pbpu-pemda', year: 2025 },
      { nik: '5371012403800017', program: 'pbpu-pemda', year: 2024 },
      { nik: '5371016405850002', program: 'ppu-tkk', year: 2025 },
    ]);
    const { report } = await checkParticipants({ file, program: 'pbpu-pemda', lookup, year: 2025 });
    expect(report.issues.filter((i) => i.code === 'NIK_ALREADY_APPROVED').map((i) => i.row)).toEqual([18]);
    expect(report.rejected).toBe(15);
    expect(report.accepted + report.rejected).toBe(report.total);
    // A lookup with only has() (no batch form) gives the same verdicts, asking once per candidate NIK.
    const asked: string[] = [];
    const slow = { has: async (nik: string, program: string, year: number) => (asked.push(nik), lookup.has(nik, program as 'pbpu-pemda', year)) };
    const again = await checkParticipants({ file, program: 'pbpu-pemda', lookup: slow, year: 2025 });
    expect(again.report.issues).toEqual(report.issues);
    // Rows with a 16-digit NIK that is not a repeat: all but 5 (14 digits), 9 (E+15), 10 (duplicate), 17 (malformed).
    expect(asked).toHaveLength(17);
    expect(new Set(asked).size).toBe(asked.length); // the duplicate of row 2 is not asked again
  });

  it('CLI: summary in Indonesian, JSON report with exactly the contract keys, spreadsheet report neutralised, exit 1', async () => {
    const json = path.join(dir, 'pbpu.json');
    const xlsx = path.join(dir, 'pbpu.xlsx');
    const r = await cli('participants', 'check', file, '--program', 'pbpu-pemda', '--report', json, '--xlsx-report', xlsx, '--quiet');
    expect(r.code).toBe(1);
    expect(r.out).toContain('pemisah titik koma');
    expect(r.out).toContain('Baris    : 21 (diterima 7, ditolak 14, peringatan 1)');
    expect(r.err).toBe('');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(Object.keys(report)).toEqual(['file', 'program', 'total', 'accepted', 'rejected', 'issues']);
    expect(Object.keys(report.issues[0])).toEqual(['row', 'column', 'code', 'severity', 'message']);
    expect(report.total).toBe(21);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Baris', 'NIK', 'No. KK', 'Nama Lengkap', 'Tgl. Lahir', 'L/P', 'Hubungan Keluarga', 'Alamat', 'Kecamatan', 'Kabupaten/Kota', 'Status', 'Keterangan']);
    expect(sheet.rowCount).toBe(22);
    const byRow = new Map<number, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      if (n > 1) byRow.set(Number(row.getCell(1).value), row);
    });
    expect(byRow.get(20)!.getCell(4).value).toBe('\'=HYPERLINK("http://contoh.invalid";"klik")');
    expect(byRow.get(20)!.getCell(11).value).toBe('DITERIMA');
    expect(byRow.get(23)!.getCell(8).value).toBe("'@SUM(A1)");
    expect(byRow.get(10)!.getCell(11).value).toBe('DITOLAK');
    expect(String(byRow.get(10)!.getCell(12).value)).toContain('NIK_DUPLICATE');
    expect(String(byRow.get(19)!.getCell(12).value)).toContain('[peringatan] NIK_REGION');
  });
});

describe('ppu-tkk fixture', () => {
  it('judges wages, relations and No KK, and accepts dot-grouped wages', async () => {
    const { report, participants } = await checkParticipants({ file: path.join(FIXTURES, 'tkk-bekasi.csv'), program: 'ppu-tkk', collectAccepted: true });
    expect(rowsWith(report.issues)).toEqual(['4:WAGE_INVALID', '5:REQUIRED_MISSING', '6:WAGE_INVALID', '7:RELATION_INVALID', '8:KK_PRECISION_LOST', '11:REQUIRED_MISSING', '12:WAGE_INVALID']);
    expect(report.issues.find((i) => i.row === 5)!.column).toBe('Gaji Pokok');
    expect(report.issues.find((i) => i.row === 11)!.column).toBe('OPD');
    expect(participants!.map((p) => [p.row, p.gaji ?? null, p.perangkatDaerah ?? null])).toEqual([
      [2, 4_500_000, 'Dinas Kesehatan'],
      [3, null, null],
      [9, 12_500_000, 'Dinas Sosial'],
      [10, 3_000_000, 'Dinas Sosial'],
    ]);
    expect(report.accepted + report.rejected).toBe(report.total);
    expect(report.total).toBe(11);
  });
});

describe('XLSX lists', () => {
  it('reads numeric NIK cells as precision lost, date cells and Excel serials as dates, text as text', async () => {
    const file = path.join(dir, 'tkk.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Peserta');
    ws.addRow(['NIK', 'Nama', 'Tanggal Lahir', 'Jenis Kelamin', 'Perangkat Daerah', 'Gaji', 'Hubungan Keluarga', 'No KK']);
    ws.addRow(['3275012403800001', 'Budi Santoso', new Date(Date.UTC(1980, 2, 24)), 'L', 'Dinas Kesehatan', 4_500_000, 'Peserta', '3275010101100001']); // 2
    ws.addRow([3275012403800002, 'Agus Salim', '24-03-1980', 'L', 'Dinas Kesehatan', 4_500_000, 'Peserta', '3275010101100002']); // 3
    ws.addRow([3.27501240380000e15, 'Ahmad Fauzi', '24-03-1980', 'L', 'Dinas Kesehatan', 4_500_000, 'Peserta', '3275010101100003']); // 4
    ws.addRow(['3275016405850004', 'Siti Aminah', 31191, 'P', null, null, 'Istri', '3275010101100001']); // 5: serial 31191 = 24-05-1985
    ws.addRow(['3275012403800005', 'Hendrik Wijaya', '24-03-1980', 'L', 'Dinas Sosial', 4_500_000.5, 'Peserta', 3275010101100005]); // 6
    ws.addRow([]); // 7 blank
    ws.addRow(['3275012403800006', { richText: [{ text: 'Daniel ' }, { text: 'Sitorus' }] }, '24 Maret 1980', 'Laki-laki', 'Dinas Sosial', '5.000.000', 'Peserta', '3275010101100006']); // 8
    ws.getCell('C9').value = new Date(Date.UTC(1980, 2, 25));
    ws.getRow(9).values = ['3275012403800007', 'Gabriel Siregar', new Date(Date.UTC(1980, 2, 25)), 'L', 'Dinas Sosial', 5_000_000, 'Peserta', '3275010101100007']; // 9
    ws.getColumn(3).numFmt = 'dd/mm/yyyy';
    await wb.xlsx.writeFile(file);

    const { report, participants, format } = await checkParticipants({ file, program: 'ppu-tkk', collectAccepted: true });
    expect(format).toBe('xlsx');
    expect(rowsWith(report.issues)).toEqual(['3:NIK_PRECISION_LOST', '4:NIK_PRECISION_LOST', '6:KK_PRECISION_LOST', '6:WAGE_INVALID', '9:NIK_BIRTHDATE_MISMATCH']);
    expect(report.issues[0]!.message).toContain('3275012403800002');
    expect(report.issues[0]!.message).toContain('sebagai angka');
    expect(participants!.map((p) => [p.row, p.nama, p.tanggalLahir])).toEqual([
      [2, 'Budi Santoso', '1980-03-24'],
      [5, 'Siti Aminah', '1985-05-24'],
      [8, 'Daniel Sitorus', '1980-03-24'],
    ]);
    expect(report.total).toBe(7);
    expect(report.accepted + report.rejected).toBe(report.total);
  });

  it('asks the approved-NIK lookup once per batch of workbook rows, not once per row', async () => {
    const people = [...generateRoster({ seed: 21, count: 5_000, program: 'pbpu-pemda' })];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Peserta');
    ws.addRow([...ROSTER_HEADERS['pbpu-pemda']]);
    for (const p of people) ws.addRow(rosterCells(p, 'pbpu-pemda'));
    const file = path.join(dir, 'lookup-batches.xlsx');
    await wb.xlsx.writeFile(file);
    const approved = new InMemoryApprovedNikLookup([{ nik: people[3_999]!.nik, program: 'pbpu-pemda', year: 2025 }]);
    let calls = 0;
    const lookup = {
      has: (nik: string, program: 'pbpu-pemda' | 'ppu-tkk', year: number) => approved.has(nik, program, year),
      findApproved: (niks: readonly string[], program: 'pbpu-pemda' | 'ppu-tkk', year: number) => {
        calls++;
        return approved.findApproved(niks, program, year);
      },
    };
    const { report } = await checkParticipants({ file, program: 'pbpu-pemda', lookup, year: 2025 });
    expect(report).toMatchObject({ total: 5_000, accepted: 4_999, rejected: 1 });
    expect(rowsWith(report.issues)).toEqual(['4001:NIK_ALREADY_APPROVED']);
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(4);
  });

  it('a damaged workbook is unreadable (exit 2, no stack trace)', async () => {
    const file = path.join(dir, 'broken.xlsx');
    writeFileSync(file, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]));
    const r = await cli('participants', 'check', file, '--program', 'ppu-tkk', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^naskah: .*broken\.xlsx: Berkas XLSX rusak/);
    expect(r.err).not.toContain('    at ');
  });
});

describe('unreadable and empty input', () => {
  it('empty file: exit 2 with how to fix it', async () => {
    const r = await cli('participants', 'check', path.join(FIXTURES, 'empty.csv'), '--program', 'pbpu-pemda', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Berkas kosong');
    expect(r.out).toBe('');
  });

  it('header-only file: 0 rows read fine but nothing to approve — exit 1 with LIST_EMPTY', async () => {
    const json = path.join(dir, 'header-only.json');
    const r = await cli('participants', 'check', path.join(FIXTURES, 'header-only.csv'), '--program', 'pbpu-pemda', '--quiet', '--report', json);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Daftar tidak berisi peserta');
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ total: 0, accepted: 0, rejected: 0 });
    expect(report.issues.map((i: { code: string }) => i.code)).toEqual(['LIST_EMPTY']);
  });

  it('missing required columns: exit 2 naming each and listing the headers found', async () => {
    const r = await cli('participants', 'check', path.join(FIXTURES, 'missing-column.csv'), '--program', 'pbpu-pemda', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toContain('"Tanggal Lahir", "Jenis Kelamin"');
    expect(r.err).toContain('"NIK", "Nama Lengkap", "Tempat Lahir"');
  });

  it('binary garbage: exit 2, one line, no stack trace', async () => {
    const rand = createPrng(7);
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256);
    const file = path.join(dir, 'garbage.csv');
    writeFileSync(file, bytes);
    const r = await cli('participants', 'check', file, '--program', 'pbpu-pemda', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toContain('bukan CSV atau XLSX');
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('an old .xls, a UTF-16 CSV and an unclosed quote are unreadable with a fix named', async () => {
    const xls = path.join(dir, 'old.xls');
    writeFileSync(xls, Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    expect((await cli('participants', 'check', xls, '--program', 'pbpu-pemda', '--quiet')).err).toContain('.xls');
    const utf16 = path.join(dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('NIK,Nama\n', 'utf16le')]));
    expect((await cli('participants', 'check', utf16, '--program', 'pbpu-pemda', '--quiet')).err).toContain('UTF-16');
    const quote = path.join(dir, 'quote.csv');
    writeFileSync(quote, 'NIK,Nama,Tanggal Lahir,Jenis Kelamin\n5371012403800001,"Yohanes,24-03-1980,L\n');
    const r = await cli('participants', 'check', quote, '--program', 'pbpu-pemda', '--quiet');
    expect(r.code).toBe(2);
    expect(r.err).toContain('tanda kutip');
  });

  it('usage errors exit 2: unknown program, missing --program, missing file', async () => {
    const file = path.join(FIXTURES, 'tkk-bekasi.csv');
    expect((await cli('participants', 'check', file, '--program', 'pbi')).code).toBe(2);
    expect((await cli('participants', 'check', file)).code).toBe(2);
    const r = await cli('participants', 'check', path.join(dir, 'nope.csv'), '--program', 'ppu-tkk');
    expect(r.code).toBe(2);
    expect(r.err).toContain('tidak dapat dibuka');
  });

  it('all rows accepted: exit 0; tab-delimited lists are detected', async () => {
    const file = path.join(dir, 'tab.tsv');
    writeFileSync(file, 'NIK\tNama\tTanggal Lahir\tJenis Kelamin\n5371012403800001\tYohanes Ndun\t24-03-1980\tL\n\n');
    const r = await cli('participants', 'check', file, '--program', 'pbpu-pemda', '--quiet');
    expect(r.code).toBe(0);
    expect(r.out).toContain('pemisah tab');
    expect(r.out).toContain('Semua baris diterima');
  });

  it('copies of fixtures stay byte-identical (committed test data is not rewritten)', () => {
    const copy = path.join(dir, 'copy.csv');
    copyFileSync(path.join(FIXTURES, 'pbpu-semicolon-bom-crlf.csv'), copy);
    const bytes = readFileSync(copy);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
  });
});

describe('title rows above the header', () => {
  it('finds the header below a title and a blank line (CSV, delimiter from the header line), keeping spreadsheet row numbers', async () => {
    const file = path.join(dir, 'title.csv');
    writeFileSync(file, 'DAFTAR PESERTA PBPU PEMDA TAHUN 2025\nKabupaten Kupang\n\nNIK;Nama;Tanggal Lahir;Jenis Kelamin\n5371012403800001;Yohanes Ndun;24-03-1980;L\n5371012403800002;Maria;24-03-1980;L\n5371012403800001;Dobel;24-03-1980;L\n');
    const { report, delimiter } = await checkParticipants({ file, program: 'pbpu-pemda' });
    expect(delimiter).toBe(';');
    expect(report.total).toBe(3);
    expect(report.issues.map((i) => `${i.row}:${i.code}`)).toEqual(['7:NIK_DUPLICATE']);
    expect(report.issues[0]!.message).toContain('baris 5');
  });

  it('finds it in a workbook too, and names the header row when columns are missing', async () => {
    const file = path.join(dir, 'title.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['DAFTAR TKK KOTA BEKASI']);
    ws.addRow([]);
    ws.addRow(['NIK', 'Nama', 'Tanggal Lahir', 'Jenis Kelamin']);
    ws.addRow(['5371012403800001', 'Yohanes Ndun', '24-03-1980', 'L']);
    await wb.xlsx.writeFile(file);
    const { report } = await checkParticipants({ file, program: 'pbpu-pemda' });
    expect(report).toMatchObject({ total: 1, accepted: 1 });
    const err = await checkParticipants({ file, program: 'ppu-tkk' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'COLUMNS_MISSING', location: { row: 3 } });
    expect((err as Error).message).toContain('baris 3: "NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin"');
  });
});

describe('lists where every row is rejected', () => {
  it('keeps only the first issues in memory, yet the JSON report file holds every one', async () => {
    const file = path.join(dir, 'all-bad.csv');
    const lines = ['NIK,Nama,Tanggal Lahir,Jenis Kelamin'];
    for (let i = 0; i < 5000; i++) lines.push(`5371012403${String(800001 + i)},Nama ${i},31-02-1980,X`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const json = path.join(dir, 'all-bad.json');
    const result = await checkParticipants({ file, program: 'pbpu-pemda', reportPath: json, maxIssuesInMemory: 10 });
    expect(result.report.issues).toHaveLength(10);
    expect(result.issueCount).toBe(10_000);
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written).toMatchObject({ total: 5000, accepted: 0, rejected: 5000 });
    expect(written.issues).toHaveLength(10_000);
    expect(written.issues[9999]).toMatchObject({ row: 5001, code: 'SEX_INVALID', column: 'Jenis Kelamin' });
    expect(Object.keys(written)).toEqual(['file', 'program', 'total', 'accepted', 'rejected', 'issues']);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('Windows-1252 CSV (Excel "CSV (Comma delimited)")', () => {
  it('is decoded as Windows-1252, so names keep their letters', async () => {
    const file = path.join(dir, 'cp1252.csv');
    const text = 'NIK;Nama;Tanggal Lahir;Jenis Kelamin\r\n5371012403800001;Hélène Ndun;24-03-1980;L\r\n5371012403800002;Jürgen Müller;24-03-1980;L\r\n';
    writeFileSync(file, Buffer.from(text, 'latin1')); // é ü are single bytes in both Latin-1 and Windows-1252
    const { report, participants } = await checkParticipants({ file, program: 'pbpu-pemda', collectAccepted: true });
    expect(report).toMatchObject({ total: 2, accepted: 2 });
    expect(participants!.map((p) => p.nama)).toEqual(['Hélène Ndun', 'Jürgen Müller']);
  });
});

describe('CSV syntax read as people and spreadsheets write it', () => {
  /** `count` generated pbpu-pemda rows as cell arrays (valid participants), header first. */
  const rows = (count: number, seed = 11): string[][] => [
    [...ROSTER_HEADERS['pbpu-pemda']],
    ...[...generateRoster({ seed, count, program: 'pbpu-pemda' })].map((p) => rosterCells(p, 'pbpu-pemda')),
  ];
  const ALAMAT = 6;

  it('keeps quotes written inside a quoted cell on one line ("Jl. "Kenari" No. 5") and accepts the row', async () => {
    const table = rows(3);
    const lines = table.map((r) => csvLine(r));
    const cells = table[2]!.map((c, i) => (i === ALAMAT ? '"Jl. "Kenari" No. 5"' : csvLine([c])));
    lines[2] = cells.join(',');
    const file = path.join(dir, 'inner-quotes.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const { report, participants } = await checkParticipants({ file, program: 'pbpu-pemda', collectAccepted: true });
    expect(report).toMatchObject({ total: 3, accepted: 3, rejected: 0 });
    expect(participants!.map((p) => p.row)).toEqual([2, 3, 4]);
    expect(participants![1]!.alamat).toBe('Jl. "Kenari" No. 5');
    expect(participants![2]!.nama).toBe(table[3]![2]);
  });

  it('a closing quote followed by text that swallows the next lines is unreadable, naming the line it opened on', async () => {
    const table = rows(6);
    const lines = table.map((r) => csvLine(r));
    // Line 4 (third data row): a quoted cell closed too early; the next quote is two lines further on.
    lines[3] = lines[3]!.replace(/,Kabupaten [^,]*$/, ',"Kabupaten X"ende');
    lines[5] = `${lines[5]!.split(',').slice(0, 6).join(',')},"Jl. Baru, RT 1",Alak,Kota Kupang`;
    const file = path.join(dir, 'swallowing-quote.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const error = await checkParticipants({ file, program: 'pbpu-pemda' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIST_UNREADABLE', location: { file, line: 4 } });
    expect((error as Error).message).toContain('baris 4');
    expect((error as Error).message).toContain('tanda kutip');
  });

  it('a quote opened early in a large file and never closed is refused naming its line, once the cell outgrows any real record', async () => {
    // No other quote in the file: the open cell would run to the end (about 4 MB) without the limit.
    const table = rows(30_000, 12).map((r) => r.map((c) => c.replace(/,/g, '')));
    const lines = table.map((r) => csvLine(r));
    lines[2] = lines[2]!.replace(/,([^,]*)$/, ',"$1');
    const file = path.join(dir, 'open-quote-early.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    expect(readFileSync(file).length).toBeGreaterThan(3 * 2 ** 20);
    const error = await checkParticipants({ file, program: 'pbpu-pemda' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIST_UNREADABLE', location: { line: 3 } });
    expect((error as Error).message).toMatch(/dibuka di baris 3 tidak pernah ditutup \(sel itu sudah melewati 1\.048\.576 karakter\)/);
  });

  it('reads CRLF files whose line breaks and multi-byte letters fall across read chunks, and old CR-only files', async () => {
    const table = rows(6_000, 13);
    // Names with letters of two and three bytes, so some straddle the 256 KB read boundaries.
    for (let i = 1; i < table.length; i++) table[i]![2] = `${table[i]![2]} Hélène–Ñ${i}`;
    const body = table.map((r) => csvLine(r));
    const crlf = path.join(dir, 'crlf-multibyte.csv');
    writeFileSync(crlf, `${body.join('\r\n')}\r\n`);
    expect(readFileSync(crlf).length).toBeGreaterThan(3 * 256 * 1024);
    const a = await checkParticipants({ file: crlf, program: 'pbpu-pemda', collectAccepted: true });
    expect(a.report).toMatchObject({ total: 6_000, accepted: 6_000 });
    expect(a.participants!.map((p) => p.nama)).toEqual(table.slice(1).map((r) => r[2]));
    expect(a.participants!.map((p) => p.kabupatenKota)).toEqual(table.slice(1).map((r) => r[8]));
    expect(a.participants!.at(-1)!.row).toBe(6_001);
    const cr = path.join(dir, 'cr-only.csv');
    writeFileSync(cr, `${body.slice(0, 50).join('\r')}\r`);
    const b = await checkParticipants({ file: cr, program: 'pbpu-pemda', collectAccepted: true });
    expect(b.report).toMatchObject({ total: 49, accepted: 49 });
    expect(b.participants!.map((p) => p.kabupatenKota)).toEqual(table.slice(1, 50).map((r) => r[8]));
  });

  it('counts a record with a line break inside a quoted cell as one spreadsheet row', async () => {
    const table = rows(3, 14);
    table[1]![ALAMAT] = 'Jl. El Tari\nRT 001/RW 002';
    const file = path.join(dir, 'multiline-cell.csv');
    writeFileSync(file, `${table.map((r) => csvLine(r)).join('\n')}\n`);
    const { report, participants } = await checkParticipants({ file, program: 'pbpu-pemda', collectAccepted: true });
    expect(report).toMatchObject({ total: 3, accepted: 3 });
    expect(participants!.map((p) => p.row)).toEqual([2, 3, 4]);
    expect(participants![0]!.alamat).toBe('Jl. El Tari\nRT 001/RW 002');
  });
});

describe('progress and failures midway', () => {
  it('reports progress with rows done and bytes read, ending at the total', async () => {
    const { writeRosterCsv } = await import('../src/participants/generate-roster.ts');
    const file = path.join(dir, 'progress.csv');
    const size = await writeRosterCsv(file, { seed: 5, count: 40_000, program: 'pbpu-pemda' });
    const calls: [number, number, number][] = [];
    const { report } = await checkParticipants({ file, program: 'pbpu-pemda', onProgress: (rows, read, total) => calls.push([rows, read, total]) });
    expect(report.total).toBe(40_000);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.map((c) => c[0])).toEqual([...calls.map((c) => c[0])].sort((a, b) => a - b));
    expect(calls.at(-1)).toEqual([40_000, size, size]);
    expect(calls.every((c) => c[1] <= c[2] && c[2] === size)).toBe(true);
  });

  it('an unclosed quote far into the file: LIST_UNREADABLE naming the line, no report and no spool left behind', async () => {
    const file = path.join(dir, 'late-quote.csv');
    const lines = ['NIK,Nama,Tanggal Lahir,Jenis Kelamin'];
    for (let i = 1; i <= 5000; i++) lines.push(`5371012403${String(800000 + i)},Nama ${i},24-03-1980,L`);
    lines.push('5371012403900000,"Tanpa penutup,24-03-1980,L');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const json = path.join(dir, 'late-quote.json');
    const error = await checkParticipants({ file, program: 'pbpu-pemda', reportPath: json }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LIST_UNREADABLE' });
    expect((error as Error).message).toContain('tanda kutip');
    const { existsSync } = await import('node:fs');
    expect(existsSync(json)).toBe(false);
    expect(existsSync(`${json}.issues.tmp`)).toBe(false);
  });
});

describe('file handles', () => {
  it('a refused header releases the file (no descriptor left open per failed check)', async () => {
    const { existsSync, readdirSync } = await import('node:fs');
    if (!existsSync('/proc/self/fd')) {
      console.warn('[skip] file handles: /proc/self/fd tidak ada di sistem ini');
      return;
    }
    const file = path.join(dir, 'refused.csv');
    writeFileSync(file, `NIK,Alamat\n${'5371012403800001,Jl. Kenari\n'.repeat(50_000)}`);
    const open = (): number => readdirSync('/proc/self/fd').length;
    await checkParticipants({ file, program: 'ppu-tkk' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    const before = open();
    for (let i = 0; i < 20; i++) {
      const error = await checkParticipants({ file, program: 'ppu-tkk' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'COLUMNS_MISSING' });
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(open()).toBeLessThanOrEqual(before + 2);
  });
});
