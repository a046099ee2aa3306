/**
 * Writes an incremental update: new or replaced objects, a classic xref section for exactly those
 * objects and a trailer with /Prev, appended after the existing bytes (which stay untouched). Returns
 * the update bytes and where each object starts, so callers can patch placeholders in place.
 * Imports the PDF object serializer and the structure reader's types.
 */
import { PdfDict, PdfRef, serialize, type PdfValue } from './pdf-objects.ts';
import type { PdfStructure } from './pdf-reader.ts';

export interface UpdateObject {
  readonly num: number;
  readonly gen: number;
  readonly value: PdfValue;
  /** Stream data; /Length is set by the writer. */
  readonly stream?: Uint8Array;
}

export interface IncrementalUpdate {
  /** Bytes to append after the base file. */
  readonly bytes: Buffer;
  /** Object number → offset of its "N G obj" line within `bytes`. */
  readonly objectOffsets: ReadonlyMap<number, number>;
  /** Object number → offset within `bytes` where its serialized value starts. */
  readonly valueOffsets: ReadonlyMap<number, number>;
  readonly newSize: number;
}

export function buildIncrementalUpdate(base: PdfStructure, objects: readonly UpdateObject[], newSize: number): IncrementalUpdate {
  const baseLength = base.bytes.length;
  const chunks: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    chunks.push(buf);
    length += buf.length;
  };
  const last = base.bytes[baseLength - 1];
  if (last !== 0x0a && last !== 0x0d) push('\n');
  const objectOffsets = new Map<number, number>();
  const valueOffsets = new Map<number, number>();
  for (const obj of objects) {
    objectOffsets.set(obj.num, length);
    push(`${obj.num} ${obj.gen} obj\n`);
    valueOffsets.set(obj.num, length);
    if (obj.stream) {
      const dict = (obj.value as PdfDict).clone().set('Length', obj.stream.length);
      push(`${serialize(dict)}\nstream\n`);
      push(Buffer.from(obj.stream.buffer, obj.stream.byteOffset, obj.stream.byteLength));
      push('\nendstream\nendobj\n');
    } else {
      push(`${serialize(obj.value)}\nendobj\n`);
    }
  }
  const xrefOffset = baseLength + length;
  const nums = [...objectOffsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n';
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    xref += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const num = nums[k]!;
      const gen = objects.find((o) => o.num === num)!.gen;
      xref += `${String(baseLength + objectOffsets.get(num)!).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  const trailer = new PdfDict([
    ['Size', newSize],
    ['Root', base.root],
    ['Prev', base.startxref],
  ]);
  const info = base.trailer.get('Info');
  if (info instanceof PdfRef) trailer.set('Info', info);
  const id = base.trailer.get('ID');
  if (id !== undefined) trailer.set('ID', id);
  push(`${xref}trailer\n${serialize(trailer)}\nstartxref\n${xrefOffset}\n%%EOF\n`);
  return { bytes: Buffer.concat(chunks, length), objectOffsets, valueOffsets, newSize };
}
