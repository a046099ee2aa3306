/**
 * Writes an incremental update: new or replaced objects, a cross-reference section for exactly those
 * objects and a trailer with /Prev, appended after the existing bytes (which stay untouched). The
 * section is a classic xref table, or a cross-reference stream when the base file's newest section is
 * one. Returns the update bytes and where each object starts, so callers can patch placeholders.
 * Imports the PDF object serializer and the structure reader's types.
 */
import { PdfDict, PdfName, PdfRef, serialize, type PdfValue } from './pdf-objects.ts';
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
  const trailer = new PdfDict();
  const info = base.trailer.get('Info');
  const id = base.trailer.get('ID');
  const withTrailerKeys = (d: PdfDict, size: number) => {
    d.set('Size', size).set('Root', base.root).set('Prev', base.startxref);
    if (info instanceof PdfRef) d.set('Info', info);
    if (id !== undefined) d.set('ID', id);
    return d;
  };
  const genOf = (num: number) => objects.find((o) => o.num === num)!.gen;

  if (base.usesXrefStream) {
    // The xref stream is itself an object (number newSize) and lists itself.
    const streamNum = newSize;
    objectOffsets.set(streamNum, length);
    const nums = [...objectOffsets.keys()].sort((a, b) => a - b);
    const index: number[] = [];
    const rows: number[] = [];
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      index.push(nums[i]!, j - i + 1);
      for (let k = i; k <= j; k++) rows.push(nums[k]!);
      i = j + 1;
    }
    const data = Buffer.alloc(rows.length * 7);
    rows.forEach((num, r) => {
      data[r * 7] = 1;
      data.writeUInt32BE(baseLength + objectOffsets.get(num)!, r * 7 + 1);
      data.writeUInt16BE(num === streamNum ? 0 : genOf(num), r * 7 + 5);
    });
    const dict = withTrailerKeys(new PdfDict([['Type', new PdfName('XRef')]]), newSize + 1)
      .set('W', [1, 4, 2])
      .set('Index', index)
      .set('Length', data.length);
    push(`${streamNum} 0 obj\n${serialize(dict)}\nstream\n`);
    push(data);
    push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
    return { bytes: Buffer.concat(chunks, length), objectOffsets, valueOffsets, newSize: newSize + 1 };
  }

  const nums = [...objectOffsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n';
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    xref += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const num = nums[k]!;
      xref += `${String(baseLength + objectOffsets.get(num)!).padStart(10, '0')} ${String(genOf(num)).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  withTrailerKeys(trailer, newSize);
  push(`${xref}trailer\n${serialize(trailer)}\nstartxref\n${xrefOffset}\n%%EOF\n`);
  return { bytes: Buffer.concat(chunks, length), objectOffsets, valueOffsets, newSize };
}
