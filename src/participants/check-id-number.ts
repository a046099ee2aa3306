/**
 * NIK and No KK rules (Dukcapil numbering): 16 digits; digits 1–2 province, 1–4 kabupaten/kota, 1–6
 * kecamatan (Kemendagri codes); for a NIK digits 7–12 the birth date DDMMYY with 40 added to the day for
 * women, and digits 13–16 a serial that is never 0000. Pure apart from the region table it is handed.
 */
import type { RegionCodes } from './region-codes.ts';
import { isRealDate } from './parse-input-date.ts';
import type { IssueCode, Severity } from './roster-issue.ts';
import { echoValue } from './echo-value.ts';

export interface IdFinding {
  readonly code: IssueCode;
  readonly severity: Severity;
  readonly message: string;
}

export interface NikFacts {
  readonly day: number;
  readonly month: number;
  /** Two-digit year: the century is not in the NIK. */
  readonly yy: number;
  readonly female: boolean;
}

export interface IdCheck {
  /** The number as 16 digits when its shape is right (even if other findings reject it). */
  readonly digits?: string;
  readonly nik?: NikFacts;
  readonly findings: readonly IdFinding[];
}

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?e\+?\d+$/i;

/**
 * True when `text` is exactly 16 ASCII digits. A loop over char codes rather than /^\d{16}$/: this and
 * the digit arithmetic below run twice a row, and at a million rows the regular expressions and the
 * slices showed up as a tenth of the whole check.
 */
export function isSixteenDigits(text: string): boolean {
  if (text.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The number formed by digits [from, from + count) of a string already known to be digits. */
export function digitsValue(digits: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + digits.charCodeAt(i) - 48;
  return n;
}

function serialIsZero(digits: string): boolean {
  return digits.charCodeAt(12) === 48 && digits.charCodeAt(13) === 48 && digits.charCodeAt(14) === 48 && digits.charCodeAt(15) === 48;
}

/** Removes what people and spreadsheets put around a number typed as text: spaces, a leading apostrophe. */
export function cleanIdText(text: string): string {
  let t = text.trim();
  if (t.startsWith("'")) t = t.slice(1);
  return t.replace(/\s+/g, '');
}

function shapeFinding(kind: 'NIK' | 'KK', raw: string, digits: string): IdFinding {
  const label = kind === 'NIK' ? 'NIK' : 'No KK';
  if (SCIENTIFIC.test(digits)) {
    return {
      code: kind === 'NIK' ? 'NIK_PRECISION_LOST' : 'KK_PRECISION_LOST',
      severity: 'error',
      message:
        `${label} "${echoValue(raw)}" tertulis dalam notasi ilmiah: spreadsheet pernah menyimpannya sebagai angka sehingga digit-digitnya hilang ` +
        `(Excel hanya menyimpan 15 digit). Format kolom ${label} sebagai Teks lalu ketik ulang ${label} dari KTP/KK; jangan diperbaiki dari angka ini.`,
    };
  }
  {
    const nonDigit = /\D/.test(digits);
    return {
      code: kind === 'NIK' ? 'NIK_FORMAT' : 'KK_FORMAT',
      severity: 'error',
      message: nonDigit
        ? `${label} "${echoValue(raw)}" mengandung karakter selain angka; ${label} harus tepat 16 angka.`
        : `${label} "${echoValue(raw)}" terdiri dari ${digits.length} angka; ${label} harus tepat 16 angka.`,
    };
  }
}

// Region verdicts per 6-digit prefix, per table: a list of a million rows has a few thousand prefixes.
const regionCache = new WeakMap<RegionCodes, Map<number, readonly IdFinding[]>>();
const NO_FINDINGS: readonly IdFinding[] = Object.freeze([]);

// The table asked last and its cache: a WeakMap look-up per row costs more than the Map behind it.
let lastRegions: RegionCodes | undefined;
let lastCache = new Map<number, readonly IdFinding[]>();

function regionFindings(kind: 'NIK' | 'KK', digits: string, regions: RegionCodes): readonly IdFinding[] {
  if (regions !== lastRegions) {
    let found = regionCache.get(regions);
    if (found === undefined) {
      found = new Map();
      regionCache.set(regions, found);
    }
    lastRegions = regions;
    lastCache = found;
  }
  const cache = lastCache;
  const key = digitsValue(digits, 0, 6) + (kind === 'NIK' ? 0 : 1_000_000);
  let hit = cache.get(key);
  if (hit === undefined) {
    const computed = computeRegionFindings(kind, digits, regions);
    hit = computed.length === 0 ? NO_FINDINGS : computed.map((f) => ({ ...f, message: f.message.replaceAll(digits, '{id}') }));
    if (cache.size < 100_000) cache.set(key, hit);
  }
  return hit.length === 0 ? NO_FINDINGS : hit.map((f) => ({ ...f, message: f.message.replaceAll('{id}', digits) }));
}

function computeRegionFindings(kind: 'NIK' | 'KK', digits: string, regions: RegionCodes): IdFinding[] {
  const code: IssueCode = kind === 'NIK' ? 'NIK_REGION' : 'KK_REGION';
  const label = kind === 'NIK' ? 'NIK' : 'No KK';
  const province = digits.slice(0, 2);
  if (!regions.provinces.has(province)) {
    return [{ code, severity: 'error', message: `Kode provinsi "${province}" pada digit 1–2 ${label} ${digits} tidak ada dalam daftar kode wilayah Kemendagri; periksa kembali ${label} dari dokumen aslinya.` }];
  }
  const regency = digits.slice(0, 4);
  if (!regions.regencies.has(regency)) {
    return [{ code, severity: 'error', message: `Kode kabupaten/kota "${regency}" pada digit 1–4 ${label} ${digits} tidak ada di provinsi ${regions.provinces.get(province)}; periksa kembali ${label} dari dokumen aslinya.` }];
  }
  const district = digits.slice(0, 6);
  if (!regions.districts.has(district)) {
    // Kecamatan codes move when kecamatan are split or merged, while NIKs issued earlier keep the old
    // code: a warning, not a rejection.
    return [{ code, severity: 'warning', message: `Kode kecamatan "${district}" pada digit 1–6 ${label} tidak ada dalam daftar kecamatan ${regions.regencies.get(regency)} saat ini (mungkin kode lama sebelum pemekaran); periksa bila ragu.` }];
  }
  return [];
}

/** Checks a NIK cell given as text. */
export function checkNik(raw: string, regions: RegionCodes): IdCheck {
  const digits = isSixteenDigits(raw) ? raw : cleanIdText(raw);
  if (!isSixteenDigits(digits)) return { findings: [shapeFinding('NIK', raw.trim(), digits)] };
  const region = regionFindings('NIK', digits, regions);
  const rawDay = digitsValue(digits, 6, 2);
  const month = digitsValue(digits, 8, 2);
  const yy = digitsValue(digits, 10, 2);
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  // The century is unknown: a DDMM that is real in either 19YY or 20YY passes (29 February).
  const real = isRealDate(1900 + yy, month, day) || isRealDate(2000 + yy, month, day);
  const zero = serialIsZero(digits);
  if (real && !zero) return { digits, nik: { day, month, yy, female }, findings: region };
  // Something to report: only now an array of our own.
  const findings: IdFinding[] = [...region];
  let nik: NikFacts | undefined;
  if (!real) {
    findings.push({
      code: 'NIK_FORMAT',
      severity: 'error',
      message: `Digit 7–12 NIK ${digits} ("${digits.slice(6, 12)}") bukan tanggal lahir DDMMYY yang ada (untuk perempuan tanggal ditambah 40); periksa kembali NIK dari KTP/KK.`,
    });
  } else {
    nik = { day, month, yy, female };
  }
  if (zero) {
    findings.push({
      code: 'NIK_FORMAT',
      severity: 'error',
      message: `Nomor urut NIK ${digits} (digit 13–16) adalah 0000, yang tidak pernah diterbitkan; bila kolom ini pernah dibuka sebagai angka di spreadsheet, digit terakhir mungkin hilang: ketik ulang NIK sebagai Teks dari KTP/KK.`,
    });
  }
  return { digits, nik, findings };
}

/** Checks a No KK cell given as text: shape and region digits. */
export function checkKk(raw: string, regions: RegionCodes): IdCheck {
  const digits = isSixteenDigits(raw) ? raw : cleanIdText(raw);
  if (!isSixteenDigits(digits)) return { findings: [shapeFinding('KK', raw.trim(), digits)] };
  const region = regionFindings('KK', digits, regions);
  if (region.length === 0 && !serialIsZero(digits)) return { digits, findings: NO_FINDINGS };
  const findings = [...region];
  if (serialIsZero(digits)) {
    findings.push({ code: 'KK_FORMAT', severity: 'error', message: `Nomor urut No KK ${digits} (digit 13–16) adalah 0000, yang tidak pernah diterbitkan; ketik ulang No KK sebagai Teks dari Kartu Keluarga.` });
  }
  return { digits, findings };
}

/** A NIK or No KK that a spreadsheet stored as a number: always rejected, never "repaired". */
export function numericIdFinding(kind: 'NIK' | 'KK', value: number): IdFinding {
  const label = kind === 'NIK' ? 'NIK' : 'No KK';
  const shown = Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  return {
    code: kind === 'NIK' ? 'NIK_PRECISION_LOST' : 'KK_PRECISION_LOST',
    severity: 'error',
    message:
      `Sel ${label} disimpan sebagai angka (${shown}), bukan teks: spreadsheet hanya menyimpan 15 digit angka, sehingga ${label} 16 digit ` +
      `tidak dapat dipastikan utuh. Format kolom ${label} sebagai Teks lalu ketik ulang ${label} dari KTP/KK.`,
  };
}
