/**
 * Indonesian formatting helpers used by templates and renderers: dates ("24 Maret 2025"), ordinal diktum
 * words (KESATU … KEDUA PULUH SATU), numbers in words ("dua puluh dua"), Rupiah ("Rp42.000"), Roman
 * numerals and grouped numbers. Pure; imports only AppError.
 */
import { AppError } from '../errors/app-error.ts';

export const BULAN = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** Month spellings met in Indonesian documents and spreadsheets (full, abbreviated, old spellings). */
const MONTH_WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  ...BULAN.map((name, i): [string, number] => [name.toLowerCase(), i + 1]),
  ['jan', 1],
  ['feb', 2],
  ['peb', 2],
  ['pebruari', 2],
  ['mar', 3],
  ['apr', 4],
  ['jun', 6],
  ['jul', 7],
  ['agu', 8],
  ['agt', 8],
  ['ags', 8],
  ['agus', 8],
  ['sep', 9],
  ['sept', 9],
  ['okt', 10],
  ['nov', 11],
  ['nop', 11],
  ['nopember', 11],
  ['des', 12],
]);

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  d.setUTCFullYear(year);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function toIso(year: number, month: number, day: number): string | undefined {
  return isRealDate(year, month, day) ? `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` : undefined;
}

/**
 * Parses the usual Indonesian date spellings into ISO `YYYY-MM-DD`: 24-03-1980, 24/03/1980, 24.03.1980,
 * 1980-03-24, 1980/03/24, "24 Maret 1980", "24 Mar 1980", "24-Mar-1980". Undefined when the text is not a
 * real calendar date in one of those forms (day-first is assumed for numeric forms, as in Indonesia).
 */
export function parseTanggal(text: string): string | undefined {
  const s = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return toIso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return toIso(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.]+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTH_WORDS.get(m[2]!.toLowerCase());
    return month === undefined ? undefined : toIso(Number(m[3]), month, Number(m[1]));
  }
  return undefined;
}

/**
 * "24 Maret 2025" from an ISO date string or a Date (a Date is read in UTC, so a date parsed from
 * "2025-03-24" prints as that day wherever the process runs).
 */
export function formatTanggal(value: string | Date): string {
  let year: number;
  let month: number;
  let day: number;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new AppError('DOCUMENT_INVALID', 'Tanggal tidak valid.');
    year = value.getUTCFullYear();
    month = value.getUTCMonth() + 1;
    day = value.getUTCDate();
  } else {
    const iso = parseTanggal(value);
    if (iso === undefined) {
      throw new AppError(
        'DOCUMENT_INVALID',
        `Tanggal "${value}" tidak dikenali; tulis seperti 2025-03-24, 24-03-2025 atau 24 Maret 2025.`,
      );
    }
    [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  }
  return `${day} ${BULAN[month - 1]} ${year}`;
}

const SATUAN = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'] as const;
const SKALA = ['', 'ribu', 'juta', 'miliar', 'triliun', 'kuadriliun', 'kuintiliun'] as const;

/** Words for 1 … 999 (empty for 0). */
function ratusan(n: number): string {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 1) words.push('seratus');
  else if (h > 1) words.push(`${SATUAN[h]} ratus`);
  if (rest >= 20) {
    words.push(`${SATUAN[Math.floor(rest / 10)]} puluh`);
    if (rest % 10 > 0) words.push(SATUAN[rest % 10]!);
  } else if (rest >= 12) {
    words.push(`${SATUAN[rest - 10]} belas`);
  } else if (rest === 11) {
    words.push('sebelas');
  } else if (rest === 10) {
    words.push('sepuluh');
  } else if (rest > 0) {
    words.push(SATUAN[rest]!);
  }
  return words.join(' ');
}

function toBigInt(n: number | bigint, what: string): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) {
    throw new AppError('DOCUMENT_INVALID', `${what} harus bilangan bulat (diterima ${n}).`);
  }
  return BigInt(n);
}

/**
 * A whole number in Indonesian words: 0 "nol", 11 "sebelas", 100 "seratus", 1000 "seribu",
 * 1200000 "satu juta dua ratus ribu", up to the kuintiliun; negatives get "minus".
 */
export function terbilang(n: number | bigint): string {
  let v = toBigInt(n, 'Angka terbilang');
  if (v === 0n) return 'nol';
  if (v < 0n) return `minus ${terbilang(-v)}`;
  if (v >= 10n ** BigInt(3 * SKALA.length)) {
    throw new AppError('DOCUMENT_INVALID', `Angka ${v} terlalu besar untuk ditulis dengan huruf.`);
  }
  const groups: number[] = [];
  while (v > 0n) {
    groups.push(Number(v % 1000n));
    v /= 1000n;
  }
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    if (i === 1 && g === 1) words.push('seribu');
    else words.push(i === 0 ? ratusan(g) : `${ratusan(g)} ${SKALA[i]}`);
  }
  return words.join(' ');
}

/** "22 (dua puluh dua)". */
export function angkaTerbilang(n: number | bigint): string {
  return `${formatNumber(n)} (${terbilang(n)})`;
}

/** Ordinal diktum label: 1 KESATU, 10 KESEPULUH, 11 KESEBELAS, 12 KEDUA BELAS, 21 KEDUA PULUH SATU. */
export function ordinalDiktum(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new AppError('DOCUMENT_INVALID', `Nomor diktum harus bilangan bulat positif (diterima ${n}).`);
  }
  return `KE${terbilang(n).toUpperCase()}`;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Thousands grouped with "." and decimals after ","; 1234567 → "1.234.567", 1234.5 → "1.234,5". */
export function formatNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return (n < 0n ? '-' : '') + groupThousands((n < 0n ? -n : n).toString());
  if (!Number.isFinite(n)) throw new AppError('DOCUMENT_INVALID', `Angka tidak valid: ${n}.`);
  const negative = n < 0;
  const [int, frac] = Math.abs(n).toString().split('.');
  if (int!.includes('e')) return formatNumber(BigInt(Math.round(n)));
  return (negative ? '-' : '') + groupThousands(int!) + (frac !== undefined ? `,${frac}` : '');
}

/** "Rp42.000": whole rupiah (number or bigint), thousands with "."; negative amounts "-Rp5.000". */
export function formatRupiah(amount: number | bigint): string {
  const v = toBigInt(amount, 'Nilai rupiah');
  return (v < 0n ? '-' : '') + `Rp${groupThousands((v < 0n ? -v : v).toString())}`;
}

const ROMAN: readonly (readonly [number, string])[] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

/** Roman numerals for 1 … 3999 (lampiran numbers: I, II, …). */
export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) {
    throw new AppError('DOCUMENT_INVALID', `Angka Romawi hanya untuk 1 sampai 3999 (diterima ${n}).`);
  }
  let rest = n;
  let out = '';
  for (const [value, letters] of ROMAN) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}

/**
 * The reference to earlier items of a lettered list: 1 → "huruf a", 2 → "huruf a, dan huruf b",
 * 3 → "huruf a, huruf b, dan huruf c" (the phrasing of the closing Menimbang item).
 */
export function rujukanHuruf(count: number): string {
  if (!Number.isInteger(count) || count < 1) return '';
  const letters = Array.from({ length: count }, (_, i) => `huruf ${listLetter(i + 1)}`);
  if (letters.length === 1) return letters[0]!;
  return `${letters.slice(0, -1).join(', ')}, dan ${letters[letters.length - 1]}`;
}

/** a, b, …, z, aa, ab, … for list markers beyond 26 items. */
export function listLetter(n: number): string {
  let out = '';
  let v = n;
  while (v > 0) {
    const r = (v - 1) % 26;
    out = String.fromCharCode(97 + r) + out;
    v = Math.floor((v - 1) / 26);
  }
  return out;
}
