/**
 * How values are shown on pages: numbers the Indonesian way ("54.000 orang", "Rp42.000"), dates and
 * times in a region's zone with its label ("24 Maret 2025 13.05 WITA"), and long user text cut to a
 * short prefix wherever it is echoed. Imports the time-zone table only.
 */
import { WIB, type ZoneDisplay } from '../../format/time-zone.ts';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** `text` when short enough, else its first `max` characters and "… (N karakter)". */
export function cutText(text: string, max = 80): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${angka(text.length)} karakter)`;
}

/** 54000 → "54.000". */
export function angka(n: number | bigint): string {
  const negative = n < 0;
  const digits = (negative ? -n : n).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return negative ? `-${grouped}` : grouped;
}

export function orang(n: number): string {
  return `${angka(n)} orang`;
}

export function rupiah(n: number | bigint): string {
  return `Rp${angka(n)}`;
}

interface Parts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, zone: ZoneDisplay): Parts {
  let f = formatters.get(zone.zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone.zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(zone.zone, f);
  }
  const parts = f.formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

function asDate(value: Date | string): Date | undefined {
  const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "24 Maret 2025". A date-only text (YYYY-MM-DD) is shown as that day, whatever the zone. */
export function tanggal(value: Date | string, zone: ZoneDisplay = WIB): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return `${d} ${MONTHS[m - 1]} ${y}`;
  }
  const date = asDate(value);
  if (!date) return String(value);
  const p = partsIn(date, zone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** "24 Maret 2025 13.05 WITA". */
export function waktu(value: Date | string, zone: ZoneDisplay = WIB): string {
  const date = asDate(value);
  if (!date) return String(value);
  const p = partsIn(date, zone);
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year} ${String(p.hour).padStart(2, '0')}.${String(p.minute).padStart(2, '0')} ${zone.label}`;
}
