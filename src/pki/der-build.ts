/**
 * Writes DER: each element is its exact encoding (a Uint8Array), built from tag and content, so
 * elements taken from elsewhere (certificates, names, serial numbers, signed attributes) are copied
 * byte for byte. SET OF is sorted as DER requires. Imports nothing from the project.
 */

export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** An element with identifier octet `tag` and the concatenation of `content`. */
export function tlv(tag: number, ...content: Uint8Array[]): Der {
  const length = content.reduce((s, c) => s + c.length, 0);
  const head = [tag, ...lengthBytes(length)];
  const out = new Uint8Array(head.length + length);
  out.set(head, 0);
  let at = head.length;
  for (const c of content) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export const seq = (...items: Der[]): Der => tlv(0x30, ...items);

/** DER order of a SET OF: by encoding, the shorter padded with zeros (X.690 11.6). */
export function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

export const set = (...items: Der[]): Der => tlv(0x31, ...[...items].sort(compareDer));

/** [n] EXPLICIT (constructed, context-specific). */
export const explicit = (n: number, ...items: Der[]): Der => tlv(0xa0 | n, ...items);

/** [n] IMPLICIT of a constructed element: its content under a context tag. */
export function implicitConstructed(n: number, element: Der): Der {
  const copy = new Uint8Array(element);
  copy[0] = 0xa0 | n;
  return copy;
}

/** [n] IMPLICIT of a primitive element. */
export function implicitPrimitive(n: number, element: Der): Der {
  const copy = new Uint8Array(element);
  copy[0] = 0x80 | n;
  return copy;
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [];
  const push = (v: number) => {
    const stack = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) stack.unshift((x & 0x7f) | 0x80);
    bytes.push(...stack);
  };
  push(parts[0]! * 40 + parts[1]!);
  for (const p of parts.slice(2)) push(p);
  return tlv(0x06, new Uint8Array(bytes));
}

export const octets = (bytes: Uint8Array): Der => tlv(0x04, bytes);
export const nul = (): Der => tlv(0x05);
export const bool = (v: boolean): Der => tlv(0x01, new Uint8Array([v ? 0xff : 0]));

/** An INTEGER from a non-negative number or big-endian magnitude bytes. */
export function int(value: number | bigint | Uint8Array): Der {
  let bytes: number[];
  if (value instanceof Uint8Array) bytes = [...value];
  else {
    let v = BigInt(value);
    bytes = [];
    do {
      bytes.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
  }
  while (bytes.length > 1 && bytes[0] === 0 && (bytes[1]! & 0x80) === 0) bytes.shift();
  if ((bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return tlv(0x02, new Uint8Array(bytes));
}

export const enumerated = (n: number): Der => tlv(0x0a, new Uint8Array([n]));

/** A BIT STRING of whole bytes (no unused bits). */
export const bitString = (bytes: Uint8Array): Der => tlv(0x03, new Uint8Array([0]), bytes);

const two = (n: number) => String(n).padStart(2, '0');

/** GeneralizedTime "YYYYMMDDHHMMSS[.fff]Z". */
export function generalizedTime(date: Date, withMillis = false): Der {
  const ms = date.getUTCMilliseconds();
  const frac = withMillis && ms > 0 ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : '';
  const text = `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}${frac}Z`;
  return tlv(0x18, new Uint8Array(Buffer.from(text, 'latin1')));
}

/** UTCTime for 1950–2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
export function x509Time(date: Date): Der {
  const y = date.getUTCFullYear();
  if (y >= 2050 || y < 1950) return generalizedTime(date);
  const text = `${two(y % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
  return tlv(0x17, new Uint8Array(Buffer.from(text, 'latin1')));
}

export const utf8 = (text: string): Der => tlv(0x0c, new Uint8Array(Buffer.from(text, 'utf8')));
export const ia5 = (text: string): Der => tlv(0x16, new Uint8Array(Buffer.from(text, 'latin1')));

/** An AlgorithmIdentifier with NULL parameters (RSA) or none. */
export const algorithm = (dotted: string, withNull = true): Der => (withNull ? seq(oid(dotted), nul()) : seq(oid(dotted)));
