import { describe, expect, it } from 'vitest';
import {
  angkaTerbilang,
  formatNumber,
  formatRupiah,
  formatTanggal,
  listLetter,
  ordinalDiktum,
  parseTanggal,
  rujukanHuruf,
  terbilang,
  toRoman,
} from '../../src/format/indonesian.ts';
import { AppError } from '../../src/errors/app-error.ts';

describe('formatTanggal', () => {
  it('writes an ISO date with the Indonesian month name', () => {
    expect(formatTanggal('2025-03-24')).toBe('24 Maret 2025');
    expect(formatTanggal('2024-08-01')).toBe('1 Agustus 2024');
    expect(formatTanggal('2000-12-31')).toBe('31 Desember 2000');
  });
  it('accepts a Date and reads it in UTC', () => {
    expect(formatTanggal(new Date('2025-03-24'))).toBe('24 Maret 2025');
    expect(formatTanggal(new Date(Date.UTC(2025, 0, 1, 23, 59)))).toBe('1 Januari 2025');
  });
  it('accepts the other spellings parseTanggal knows', () => {
    expect(formatTanggal('24/03/2025')).toBe('24 Maret 2025');
  });
  it('rejects text that is not a date with an AppError that shows the accepted forms', () => {
    expect(() => formatTanggal('besok')).toThrow(AppError);
    expect(() => formatTanggal('besok')).toThrow(/24 Maret 2025/);
    expect(() => formatTanggal(new Date('x'))).toThrow(AppError);
  });
});

describe('parseTanggal', () => {
  it.each([
    ['24-03-1980', '1980-03-24'],
    ['24/03/1980', '1980-03-24'],
    ['24.03.1980', '1980-03-24'],
    ['4/3/1980', '1980-03-04'],
    ['1980-03-24', '1980-03-24'],
    ['1980/03/24', '1980-03-24'],
    ['24 Maret 1980', '1980-03-24'],
    ['24 maret 1980', '1980-03-24'],
    ['24 MARET 1980', '1980-03-24'],
    ['24 Mar 1980', '1980-03-24'],
    ['24 Mar. 1980', '1980-03-24'],
    ['24-Mar-1980', '1980-03-24'],
    ['17 Agustus 1945', '1945-08-17'],
    ['17 Agt 1945', '1945-08-17'],
    ['10 Nopember 1945', '1945-11-10'],
    ['1 Pebruari 2000', '2000-02-01'],
    ['29-02-2024', '2024-02-29'],
    ['  24-03-1980  ', '1980-03-24'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTanggal(text)).toBe(iso);
  });
  it.each(['29-02-2023', '31-04-2024', '00-01-2024', '12-13-2024', '24 Maretan 1980', '1980-3', '', 'abc', '24-03-80', '2024-02-30'])(
    'rejects %j',
    (text) => {
      expect(parseTanggal(text)).toBeUndefined();
    },
  );
});

describe('terbilang', () => {
  it.each([
    [0, 'nol'],
    [1, 'satu'],
    [9, 'sembilan'],
    [10, 'sepuluh'],
    [11, 'sebelas'],
    [12, 'dua belas'],
    [19, 'sembilan belas'],
    [20, 'dua puluh'],
    [22, 'dua puluh dua'],
    [99, 'sembilan puluh sembilan'],
    [100, 'seratus'],
    [101, 'seratus satu'],
    [111, 'seratus sebelas'],
    [200, 'dua ratus'],
    [999, 'sembilan ratus sembilan puluh sembilan'],
    [1000, 'seribu'],
    [1001, 'seribu satu'],
    [1100, 'seribu seratus'],
    [2000, 'dua ribu'],
    [11000, 'sebelas ribu'],
    [100000, 'seratus ribu'],
    [101000, 'seratus satu ribu'],
    [1000000, 'satu juta'],
    [1200000, 'satu juta dua ratus ribu'],
    [42000, 'empat puluh dua ribu'],
    [1000000000, 'satu miliar'],
    [1000001000, 'satu miliar seribu'],
    [2000000000000, 'dua triliun'],
    [-5, 'minus lima'],
  ])('%d → %s', (n, words) => {
    expect(terbilang(n)).toBe(words);
  });
  it('is bigint-safe beyond Number.MAX_SAFE_INTEGER', () => {
    expect(terbilang(10n ** 18n)).toBe('satu kuintiliun');
    expect(terbilang(9_007_199_254_740_993n)).toBe(
      'sembilan kuadriliun tujuh triliun seratus sembilan puluh sembilan miliar dua ratus lima puluh empat juta tujuh ratus empat puluh ribu sembilan ratus sembilan puluh tiga',
    );
  });
  it('rejects fractions and unsafe numbers', () => {
    expect(() => terbilang(1.5)).toThrow(AppError);
    expect(() => terbilang(2 ** 60)).toThrow(AppError);
    expect(() => terbilang(10n ** 21n)).toThrow(/terlalu besar/);
  });
});

describe('angkaTerbilang', () => {
  it('pairs the figure with the words', () => {
    expect(angkaTerbilang(22)).toBe('22 (dua puluh dua)');
    expect(angkaTerbilang(1500)).toBe('1.500 (seribu lima ratus)');
    expect(angkaTerbilang(0)).toBe('0 (nol)');
  });
});

describe('ordinalDiktum', () => {
  it('gives the labels of real decrees', () => {
    const expected = [
      'KESATU',
      'KEDUA',
      'KETIGA',
      'KEEMPAT',
      'KELIMA',
      'KEENAM',
      'KETUJUH',
      'KEDELAPAN',
      'KESEMBILAN',
      'KESEPULUH',
      'KESEBELAS',
      'KEDUA BELAS',
      'KETIGA BELAS',
    ];
    expect(expected.map((_, i) => ordinalDiktum(i + 1))).toEqual(expected);
    expect(ordinalDiktum(19)).toBe('KESEMBILAN BELAS');
    expect(ordinalDiktum(20)).toBe('KEDUA PULUH');
    expect(ordinalDiktum(21)).toBe('KEDUA PULUH SATU');
    expect(ordinalDiktum(30)).toBe('KETIGA PULUH');
    expect(ordinalDiktum(44)).toBe('KEEMPAT PULUH EMPAT');
    expect(ordinalDiktum(50)).toBe('KELIMA PULUH');
    expect(ordinalDiktum(100)).toBe('KESERATUS');
  });
  it('every label up to 50 is distinct and upper-case', () => {
    const labels = Array.from({ length: 50 }, (_, i) => ordinalDiktum(i + 1));
    expect(new Set(labels).size).toBe(50);
    for (const l of labels) expect(l).toMatch(/^KE[A-Z ]+$/);
  });
  it('rejects zero, negatives and fractions', () => {
    expect(() => ordinalDiktum(0)).toThrow(AppError);
    expect(() => ordinalDiktum(-1)).toThrow(AppError);
    expect(() => ordinalDiktum(1.5)).toThrow(AppError);
  });
});

describe('formatRupiah and formatNumber', () => {
  it.each([
    [42000, 'Rp42.000'],
    [0, 'Rp0'],
    [999, 'Rp999'],
    [1000, 'Rp1.000'],
    [12000000, 'Rp12.000.000'],
    [-5000, '-Rp5.000'],
  ])('formatRupiah(%d) → %s', (n, s) => {
    expect(formatRupiah(n)).toBe(s);
  });
  it('takes bigint amounts beyond the safe integer range', () => {
    expect(formatRupiah(42000n)).toBe('Rp42.000');
    expect(formatRupiah(123456789012345678901n)).toBe('Rp123.456.789.012.345.678.901');
  });
  it('refuses fractional rupiah instead of rounding silently', () => {
    expect(() => formatRupiah(42000.5)).toThrow(AppError);
  });
  it('groups thousands with "." and writes decimals after ","', () => {
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(123)).toBe('123');
    expect(formatNumber(-1234)).toBe('-1.234');
    expect(formatNumber(1234.5)).toBe('1.234,5');
    expect(formatNumber(10n ** 12n)).toBe('1.000.000.000.000');
    expect(formatNumber(-(10n ** 6n))).toBe('-1.000.000');
    expect(() => formatNumber(Number.NaN)).toThrow(AppError);
  });
});

describe('toRoman', () => {
  it.each([
    [1, 'I'],
    [2, 'II'],
    [4, 'IV'],
    [9, 'IX'],
    [14, 'XIV'],
    [40, 'XL'],
    [90, 'XC'],
    [400, 'CD'],
    [1994, 'MCMXCIV'],
    [3999, 'MMMCMXCIX'],
  ])('%d → %s', (n, r) => {
    expect(toRoman(n)).toBe(r);
  });
  it('rejects numbers outside 1…3999', () => {
    expect(() => toRoman(0)).toThrow(AppError);
    expect(() => toRoman(4000)).toThrow(AppError);
    expect(() => toRoman(2.5)).toThrow(AppError);
  });
});

describe('rujukanHuruf and listLetter', () => {
  it('phrases the reference of the closing Menimbang item', () => {
    expect(rujukanHuruf(1)).toBe('huruf a');
    expect(rujukanHuruf(2)).toBe('huruf a, dan huruf b');
    expect(rujukanHuruf(3)).toBe('huruf a, huruf b, dan huruf c');
  });
  it('continues letters past z', () => {
    expect([1, 26, 27, 28, 52, 53].map(listLetter)).toEqual(['a', 'z', 'aa', 'ab', 'az', 'ba']);
  });
});
