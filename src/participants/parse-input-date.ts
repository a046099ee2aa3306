/**
 * Dates as they are spelled in participant lists: 24-03-1980, 24/03/1980, 24.03.1980, 1980-03-24,
 * "24 Maret 1980" (and "24 Mar 1980", "24-Mar-1980", old spellings Pebruari/Nopember), Excel date cells
 * and Excel date serials. About input spellings only (rendering dates is src/format's job). Pure.
 */

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MONTHS: Readonly<Record<string, number>> = {
  januari: 1, jan: 1, january: 1,
  februari: 2, pebruari: 2, feb: 2, peb: 2, february: 2,
  maret: 3, mar: 3, march: 3,
  april: 4, apr: 4,
  mei: 5, may: 5,
  juni: 6, jun: 6, june: 6,
  juli: 7, jul: 7, july: 7,
  agustus: 8, agu: 8, agt: 8, ags: 8, agust: 8, aug: 8, august: 8,
  september: 9, sep: 9, sept: 9,
  oktober: 10, okt: 10, oct: 10, october: 10,
  november: 11, nopember: 11, nov: 11, nop: 11,
  desember: 12, des: 12, dec: 12, december: 12,
};

export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function make(year: number, month: number, day: number): CalendarDate | undefined {
  return isRealDate(year, month, day) && year >= 1850 && year <= 2200 ? { year, month, day } : undefined;
}

const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const YMD = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?(?:Z)?)?$/;
const D_MONTH_Y = /^(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.]+(\d{4})$/;

/** Days from 1899-12-30, the epoch that makes Excel's 1900 date system right from 1 March 1900 on. */
export function fromExcelSerial(serial: number): CalendarDate | undefined {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2958465) return undefined;
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return make(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The two-digit number at text[i, i + 2), or -1 when those are not both ASCII digits. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * "24-03-1980" / "24/03/1980" / "24.03.1980", the spelling of nearly every row, read from char codes
 * without a regular expression (it is asked a million times for a large list). Anything else: undefined,
 * and the general patterns decide. Module-level helpers, no closures: a closure per call costs more than
 * the parse.
 */
function fromTenCharDmy(text: string): CalendarDate | undefined {
  if (text.length !== 10) return undefined;
  const sep = text.charCodeAt(2);
  if ((sep !== 45 && sep !== 47 && sep !== 46) || text.charCodeAt(5) !== sep) return undefined;
  const day = twoDigits(text, 0);
  const month = twoDigits(text, 3);
  const century = twoDigits(text, 6);
  const yy = twoDigits(text, 8);
  if (day < 0 || month < 0 || century < 0 || yy < 0) return undefined;
  return make(century * 100 + yy, month, day);
}

/** Parses one cell; undefined when it is not a real date in an accepted spelling. */
export function parseInputDate(value: string | number | Date): CalendarDate | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return make(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') return fromExcelSerial(value);
  const text = value.trim();
  const typed = fromTenCharDmy(text);
  if (typed !== undefined) return typed;
  let m = DMY.exec(text);
  if (m) return make(Number(m[3]), Number(m[2]), Number(m[1]));
  m = YMD.exec(text);
  if (m) return make(Number(m[1]), Number(m[2]), Number(m[3]));
  m = D_MONTH_Y.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    return month === undefined ? undefined : make(Number(m[3]), month, Number(m[1]));
  }
  return undefined;
}

/** "1980-03-24" */
export function toIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
