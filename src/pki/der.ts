/**
 * A minimal DER reader: tag, length and exact byte offsets of each element, so verification can hash
 * and check the bytes that were really signed (never a re-encoding); times, integers and bit strings;
 * and the one BER → DER normaliser (for CMS from signers that write BER). Imports only the AppError.
 */
import { AppError } from '../errors/app-error.ts';

export interface DerNode {
  /** The identifier octet (e.g. 0x30 SEQUENCE, 0x31 SET, 0xa0 [0] constructed). */
  readonly tag: number;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset just past the element. */
  readonly end: number;
  readonly bytes: Uint8Array;
}

function fail(what: string): never {
  throw new AppError('VERIFICATION_FAILED', `Struktur ASN.1 (DER) rusak: ${what}.`);
}

export function readDer(bytes: Uint8Array, offset = 0, limit = bytes.length): DerNode {
  if (offset + 2 > limit) fail('data terpotong');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) fail('tag multi-byte tidak didukung');
  let pos = offset + 1;
  let length = bytes[pos++]!;
  if (length === 0x80) fail('panjang tak tentu (BER) tidak diizinkan');
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > 4 || pos + n > limit) fail('panjang tidak sah');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[pos++]!;
  }
  const end = pos + length;
  if (end > limit) fail('elemen melewati batas');
  return { tag, start: offset, contentStart: pos, end, bytes };
}

/** The children of a constructed element. */
export function derChildren(node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let pos = node.contentStart;
  while (pos < node.end) {
    const child = readDer(node.bytes, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function derContent(node: DerNode): Uint8Array {
  return node.bytes.subarray(node.contentStart, node.end);
}

export function derRaw(node: DerNode): Uint8Array {
  return node.bytes.subarray(node.start, node.end);
}

/** Dotted text of an OBJECT IDENTIFIER element. */
export function derOid(node: DerNode): string {
  if (node.tag !== 0x06) fail('OBJECT IDENTIFIER diharapkan');
  const c = derContent(node);
  const parts: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    value = value * 128 + (c[i]! & 0x7f);
    if ((c[i]! & 0x80) === 0) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2;
        parts.push(first, value - first * 40);
      } else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** The nth child, failing with a description when it is missing. */
export function derChild(node: DerNode, index: number, what: string): DerNode {
  const child = derChildren(node)[index];
  if (!child) fail(`${what} tidak ada`);
  return child;
}

/** UTCTime or GeneralizedTime → the instant. */
export function derTime(node: DerNode): Date {
  const text = Buffer.from(derContent(node)).toString('latin1');
  let m: RegExpExecArray | null;
  if (node.tag === 0x17 && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  if (node.tag === 0x18 && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?Z$/.exec(text))) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5] ?? 0), Number(m[6] ?? 0), ms));
  }
  fail(`waktu ASN.1 "${text.slice(0, 24)}" tidak dikenal`);
}

/** An INTEGER's value as upper-case hex without leading zero bytes ("0" for zero). */
export function derIntegerHex(node: DerNode): string {
  if (node.tag !== 0x02) fail('INTEGER diharapkan');
  const hex = Buffer.from(derContent(node)).toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');
  return hex === '' ? '0' : hex;
}

/** A BIT STRING's bytes (the unused-bits octet dropped). */
export function derBitString(node: DerNode): Uint8Array {
  if (node.tag !== 0x03) fail('BIT STRING diharapkan');
  return derContent(node).subarray(1);
}

/**
 * BER → DER for what signers really send: indefinite lengths (constructed elements ending with 00 00),
 * constructed OCTET/BIT STRINGs, non-minimal long lengths. Element contents that are already DER
 * (certificates, signed attributes) come out byte for byte. `changed` tells whether anything moved.
 */
export function berToDer(bytes: Uint8Array): { der: Uint8Array; changed: boolean } {
  let changed = false;
  const parse = (pos: number, limit: number, depth: number): { out: Uint8Array[]; end: number } => {
    if (depth > 64) fail('struktur BER terlalu dalam');
    if (pos + 2 > limit) fail('data BER terpotong');
    const tag = bytes[pos]!;
    if ((tag & 0x1f) === 0x1f) fail('tag multi-byte tidak didukung');
    let p = pos + 1;
    const first = bytes[p++]!;
    const constructed = (tag & 0x20) !== 0;
    const children: Uint8Array[] = [];
    let end: number;
    if (first === 0x80) {
      if (!constructed) fail('panjang tak tentu pada elemen primitif');
      changed = true;
      for (;;) {
        if (p + 2 > limit) fail('akhir isi (00 00) tidak ditemukan');
        if (bytes[p] === 0 && bytes[p + 1] === 0) {
          end = p + 2;
          break;
        }
        const child = parse(p, limit, depth + 1);
        children.push(...child.out);
        p = child.end;
      }
    } else {
      let length = first;
      if (first > 0x80) {
        const n = first & 0x7f;
        if (n > 4 || p + n > limit) fail('panjang tidak sah');
        length = 0;
        for (let i = 0; i < n; i++) length = length * 256 + bytes[p++]!;
        if (length < 0x80 || (n > 1 && bytes[p - n] === 0)) changed = true;
      }
      end = p + length;
      if (end > limit) fail('elemen melewati batas');
      if (!constructed) return { out: [tlvOf(tag, bytes.subarray(p, end))], end };
      for (let q = p; q < end; ) {
        const child = parse(q, end, depth + 1);
        children.push(...child.out);
        q = child.end;
      }
    }
    // A constructed OCTET STRING or BIT STRING is the concatenation of its segments.
    if (tag === 0x24 || tag === 0x23) {
      changed = true;
      const parts = children.map((c) => readDer(c)).map((n) => (tag === 0x23 ? derContent(n).subarray(1) : derContent(n)));
      const joined = Buffer.concat(parts);
      return { out: [tlvOf(tag & ~0x20, tag === 0x23 ? Buffer.concat([Buffer.from([0]), joined]) : joined)], end };
    }
    return { out: [tlvOf(tag, Buffer.concat(children))], end };
  };
  const top = parse(0, bytes.length, 0);
  const der = top.out[0]!;
  return { der, changed };
}

function tlvOf(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length;
  const len: number[] = [];
  if (n < 0x80) len.push(n);
  else {
    for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v & 0xff);
    len.unshift(0x80 | len.length);
  }
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}
