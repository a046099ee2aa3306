import { describe, expect, it } from 'vitest';
import { checkKk, checkNik, cleanIdText, digitsValue, isSixteenDigits, numericIdFinding } from '../src/participants/check-id-number.ts';
import { regionCodes } from '../src/participants/region-codes.ts';
import { fromExcelSerial, parseInputDate } from '../src/participants/parse-input-date.ts';
import { parseSex, parseWage } from '../src/participants/validate-roster.ts';
import { matchHeaders, normaliseHeader } from '../src/participants/match-headers.ts';
import { PROGRAMS } from '../src/participants/program-schemas.ts';
import { neutraliseText } from '../src/participants/neutralise-cell.ts';
import { NikIndex } from '../src/participants/nik-index.ts';
import { AppError } from '../src/errors/app-error.ts';

const regions = regionCodes();
const codes = (nik: string): string[] => checkNik(nik, regions).findings.map((f) => `${f.code}:${f.severity}`);

describe('region codes from idn-area-data', () => {
  it('holds the 38 provinces including the new Papua provinces 93–96 and NTT kabupaten/kota', () => {
    expect(regions.provinces.size).toBe(38);
    for (const p of ['11', '53', '91', '92', '93', '94', '95', '96']) expect(regions.provinces.has(p)).toBe(true);
    expect(regions.provinces.has('97')).toBe(false);
    expect(regions.provinces.has('20')).toBe(false);
    expect(regions.regencies.get('5371')).toBe('Kota Kupang');
    expect(regions.regencies.get('3275')).toBe('Kota Bekasi');
    expect(regions.districts.get('537101')).toBe('Alak');
  });
});

describe('NIK rules', () => {
  it('accepts a male NIK and reads its birth date', () => {
    const c = checkNik('5371012403800001', regions);
    expect(c.findings).toEqual([]);
    expect(c.nik).toEqual({ day: 24, month: 3, yy: 80, female: false });
  });
  it('reads a female NIK (day + 40)', () => {
    expect(checkNik('5371016405850002', regions).nik).toEqual({ day: 24, month: 5, yy: 85, female: true });
  });
  it('rejects wrong length, letters, unknown province and kabupaten, impossible date, serial 0000', () => {
    expect(codes('53710124038000')).toEqual(['NIK_FORMAT:error']);
    expect(codes('53710124038000AB')).toEqual(['NIK_FORMAT:error']);
    expect(codes('1071012403800001')).toEqual(['NIK_REGION:error']);
    expect(codes('5399012403800001')).toEqual(['NIK_REGION:error']);
    expect(codes('5371013102800001')).toEqual(['NIK_FORMAT:error']);
    expect(codes('5371017202800001')).toEqual(['NIK_FORMAT:error']); // 32 February for a woman
    expect(codes('5371012403800000')).toEqual(['NIK_FORMAT:error']);
  });
  it('warns, without rejecting, on a kecamatan code no longer in the list', () => {
    expect(codes('5371992403800001')).toEqual(['NIK_REGION:warning']);
  });
  it('accepts 29 February for a year that is a leap year in one of the two centuries', () => {
    expect(codes('5371012902000001')).toEqual([]); // 29-02-00: 2000 is a leap year
    expect(codes('5371012902010001')).toEqual(['NIK_FORMAT:error']);
  });
  it('judges scientific notation as precision lost, and strips spaces and a leading apostrophe', () => {
    expect(codes('5.37101E+15')).toEqual(['NIK_PRECISION_LOST:error']);
    expect(codes('3,17E+15')).toEqual(['NIK_PRECISION_LOST:error']);
    expect(cleanIdText(" '5371 0124 0380 0001 ")).toBe('5371012403800001');
    expect(codes("'5371012403800001")).toEqual([]);
  });
  it('judges every numeric NIK cell as precision lost and says how to fix it', () => {
    const f = numericIdFinding('NIK', 5371012403800001);
    expect(f.code).toBe('NIK_PRECISION_LOST');
    expect(f.message).toContain('5371012403800001');
    expect(f.message).toContain('Teks');
    expect(numericIdFinding('KK', 3.17e15).code).toBe('KK_PRECISION_LOST');
  });
  it('checks No KK shape and region', () => {
    expect(checkKk('5371010101100001', regions).findings).toEqual([]);
    expect(checkKk('123', regions).findings.map((f) => f.code)).toEqual(['KK_FORMAT']);
    expect(checkKk('9971010101100001', regions).findings.map((f) => f.code)).toEqual(['KK_REGION']);
  });
});

describe('input dates', () => {
  it.each([
    ['24-03-1980', '1980-03-24'],
    ['24/03/1980', '1980-03-24'],
    ['24.03.1980', '1980-03-24'],
    ['1980-03-24', '1980-03-24'],
    ['24 Maret 1980', '1980-03-24'],
    ['24 Mar 1980', '1980-03-24'],
    ['24-Mar-1980', '1980-03-24'],
    ['1 Agustus 2010', '2010-08-01'],
    ['5 Agt 2010', '2010-08-05'],
    ['17 Pebruari 1975', '1975-02-17'],
    ['9 Nopember 1999', '1999-11-09'],
    ['29-02-2000', '2000-02-29'],
    [' 24-03-1980 ', '1980-03-24'],
    ['4-3-1980', '1980-03-04'],
    ['24-03/1980', '1980-03-24'],
  ])('reads %s', (text, iso) => {
    const d = parseInputDate(text);
    expect(d && `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`).toBe(iso);
  });
  it.each(['31-02-1980', '29-02-1900', '00-01-1980', '24-13-1980', '24-03-80', '2a-03-1980', '24-0x-1980', '24-03-19 0', '24:03:1980', '24 Marc 1980', '1980/24/03', 'kemarin', ''])('rejects %s', (text) => {
    expect(parseInputDate(text)).toBeUndefined();
  });
  it('reads Excel date serials (1900 system) and Date cells in UTC', () => {
    expect(fromExcelSerial(29304)).toEqual({ year: 1980, month: 3, day: 24 });
    expect(fromExcelSerial(45740)).toEqual({ year: 2025, month: 3, day: 24 });
    expect(parseInputDate(new Date(Date.UTC(1985, 4, 24)))).toEqual({ year: 1985, month: 5, day: 24 });
  });
});

describe('sex, wage, headers, neutralising, NIK index', () => {
  it('reads the usual spellings of Jenis Kelamin', () => {
    for (const s of ['L', 'l', 'LK', 'Laki-laki', 'LAKI LAKI', 'Pria']) expect(parseSex(s)).toBe('L');
    for (const s of ['P', 'PR', 'Perempuan', 'wanita']) expect(parseSex(s)).toBe('P');
    for (const s of ['X', 'M', 'F', 'Lk.P']) expect(parseSex(s)).toBeUndefined();
  });
  it('reads wages as digits or dot-grouped thousands, never commas, decimals or negatives', () => {
    expect(parseWage('4500000')).toBe(4_500_000);
    expect(parseWage('4.500.000')).toBe(4_500_000);
    expect(parseWage('Rp4.500.000')).toBe(4_500_000);
    expect(parseWage('Rp 12.500.000,00')).toBe(12_500_000);
    expect(parseWage('4.500.000,-')).toBe(4_500_000);
    expect(parseWage(4_500_000)).toBe(4_500_000);
    for (const bad of ['4,500,000', '4.500.000,50', '4500000.5', '45.00.000', '-5000000', '0', 'abc', '']) expect(parseWage(bad)).toBeUndefined();
    expect(parseWage(4_500_000.5)).toBeUndefined();
  });
  it('matches headers whatever their case, spacing and punctuation', () => {
    expect(['No. KK', 'NO_KK', 'Nomor KK', ' no kk '].map(normaliseHeader)).toEqual(['nokk', 'nokk', 'nomorkk', 'nokk']);
    const map = matchHeaders(['NIK', 'NO_KK', 'Nama Lengkap', 'Tgl. Lahir', 'L/P'], PROGRAMS['pbpu-pemda']);
    expect(map.index).toEqual({ nik: 0, no_kk: 1, nama: 2, tanggal_lahir: 3, jenis_kelamin: 4 });
  });
  it('names every missing required column and the headers found', () => {
    let error: unknown;
    try {
      matchHeaders(['NIK', 'Nama', 'Alamat'], PROGRAMS['ppu-tkk'], 'x.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('COLUMNS_MISSING');
    for (const col of ['"Tanggal Lahir"', '"Jenis Kelamin"', '"Perangkat Daerah"', '"Gaji"', '"Hubungan Keluarga"', '"No KK"']) expect(e.message).toContain(col);
    expect(e.message).toContain('"NIK", "Nama", "Alamat"');
  });
  it('neutralises text that a spreadsheet would evaluate', () => {
    expect(['=1+1', '+62', '-5', '@SUM(A1)', '\tx', '\rx', 'Budi', '5371'].map(neutraliseText)).toEqual(["'=1+1", "'+62", "'-5", "'@SUM(A1)", "'\tx", "'\rx", 'Budi', '5371']);
  });
  it('tells 16 ASCII digits from anything else and reads digit runs as numbers', () => {
    expect(isSixteenDigits('5371012403800001')).toBe(true);
    for (const bad of ['537101240380000', '53710124038000011', '537101240380000a', '5371012403800 01', '５３７１０１２４０３８０００１', '']) expect(isSixteenDigits(bad)).toBe(false);
    expect(digitsValue('5371012403800001', 0, 8)).toBe(53710124);
    expect(digitsValue('5371012403800001', 8, 8)).toBe(3800001);
    expect(digitsValue('5371012403800001', 6, 2)).toBe(24);
  });
  it('remembers the first row of each NIK across growth', () => {
    const index = new NikIndex(4);
    for (let i = 0; i < 5000; i++) expect(index.firstRowOrAdd(`53710124038${String(i).padStart(5, '0')}`, i + 2)).toBe(0);
    expect(index.size).toBe(5000);
    expect(index.firstRowOrAdd('5371012403800007', 99)).toBe(9);
    expect(index.firstRowOrAdd('9671012403800007', 99)).toBe(0);
  });
});
