/**
 * A minimal DER reader: tag, length and exact byte offsets of each element, so verification can hash
 * and check the bytes that were really signed (never a re-encoding). Imports only the AppError.
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
