/**
 * The one home of written PDF syntax: numbers, names, literal and hex strings, text strings, dates
 * (PDF and XMP forms, in a given IANA time zone) and the serializer of whole values. The renderer,
 * the signer and the incremental-update writer all write through these. Imports the object model.
 */
import { isPdfDelimiter } from './pdf-lexer.ts';
import { PdfDict, PdfName, PdfRaw, PdfRef, PdfString, byteString, type PdfValue } from './pdf-objects.ts';

/**
 * A number as PDF writes it: at most `decimals` decimals, no exponent, no "-0". The renderer uses 2
 * for content streams; dictionaries get 4.
 */
export function formatNumber(n: number, decimals = 4): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) throw new RangeError(`PDF number out of range: ${n}`);
  const f = decimals === 2 ? 100 : 10 ** decimals;
  const r = Math.round(n * f) / f;
  return r === 0 ? '0' : String(r);
}

/** A name token: "/" and the name, with bytes outside ! … ~, "#" and delimiters as #xx. */
export function nameToken(n: string): string {
  let out = '/';
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x23 || isPdfDelimiter(c)) out += `#${(c & 0xff).toString(16).padStart(2, '0')}`;
    else out += n[i];
  }
  return out;
}

/** One byte inside a literal string: "(", ")", "\" and CR escaped (a bare CR would read as LF), LF as \n. */
export function literalByte(byte: number): string {
  if (byte === 0x28 || byte === 0x29 || byte === 0x5c) return `\\${String.fromCharCode(byte)}`;
  if (byte === 0x0d) return '\\r';
  if (byte === 0x0a) return '\\n';
  return String.fromCharCode(byte);
}

/** A literal string token "(…)" of Latin-1 bytes. */
export function literalString(bytes: Uint8Array | string): string {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let out = '(';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c === 0x28 || c === 0x29 || c === 0x5c || c === 0x0d || c === 0x0a ? literalByte(c) : text[i];
  }
  return `${out})`;
}

export function hexString(bytes: Uint8Array): string {
  return `<${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase()}>`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

interface LocalTime {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
  /** Minutes east of UTC. */
  readonly offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of `date` in `timeZone` (IANA name; UTC when absent) and the zone's offset then. */
export function localTime(date: Date, timeZone?: string): LocalTime {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  if (!timeZone || timeZone === 'UTC') {
    return { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate(), h: date.getUTCHours(), mi: date.getUTCMinutes(), s: date.getUTCSeconds(), offset: 0 };
  }
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(date);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
  const t = { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
  const asUtc = Date.UTC(t.y, t.mo - 1, t.d, t.h, t.mi, t.s);
  const offset = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  return { ...t, offset };
}

/** "D:20250324093000+07'00'" (or "…Z" in UTC): a PDF date (ISO 32000 7.9.4) of `date` in `timeZone`. */
export function pdfDate(date: Date, timeZone?: string): string {
  const t = localTime(date, timeZone);
  const base = `D:${pad(t.y, 4)}${pad(t.mo)}${pad(t.d)}${pad(t.h)}${pad(t.mi)}${pad(t.s)}`;
  if (t.offset === 0) return `${base}Z`;
  const a = Math.abs(t.offset);
  return `${base}${t.offset > 0 ? '+' : '-'}${pad(Math.floor(a / 60))}'${pad(a % 60)}'`;
}

/** "2025-03-24T09:30:00+07:00": the XMP (ISO 8601) form of the same instant, in the same zone. */
export function xmpDate(date: Date, timeZone?: string): string {
  const t = localTime(date, timeZone);
  const base = `${pad(t.y, 4)}-${pad(t.mo)}-${pad(t.d)}T${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`;
  if (t.offset === 0) return `${base}Z`;
  const a = Math.abs(t.offset);
  return `${base}${t.offset > 0 ? '+' : '-'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** A PDF date as a string object. */
export function dateString(date: Date, timeZone?: string): PdfString {
  return byteString(pdfDate(date, timeZone));
}

/** "D:20250324093000+07'00'" → the instant, or undefined when it is not a PDF date. */
export function parsePdfDate(text: string): Date | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?(\d{2})?'?)?/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz] = m;
  let offset = 'Z';
  if (tz && tz !== 'Z') offset = `${tz.slice(0, 3)}:${m[8] ?? '00'}`;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A whole value in PDF syntax (dictionaries keep their insertion order). */
export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PdfName) return nameToken(value.name);
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfRaw) return value.text;
  if (value instanceof PdfString) return value.hex ? hexString(value.bytes) : literalString(value.bytes);
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  return serializeDict(value);
}

function serializeDict(d: PdfDict): string {
  let out = '<<';
  let first = true;
  for (const [k, v] of d.entries) {
    out += `${first ? '' : ' '}${nameToken(k)} ${serialize(v)}`;
    first = false;
  }
  return `${out}>>`;
}

/** A number in a content stream (coordinates, sizes): 2 decimals are finer than any printer. */
export function contentNumber(n: number): string {
  return formatNumber(n, 2);
}
