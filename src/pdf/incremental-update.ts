/**
 * Writes an incremental update (ISO 32000 7.5.6): new or replaced objects, a cross-reference section for
 * exactly those objects and a trailer with /Prev, appended after the existing bytes (which stay
 * untouched). The section is a classic table, or a cross-reference stream when the base file's newest
 * section is one. The trailer keeps /Root and /Info and updates /ID: the first element stays, the
 * second is new. Returns the update bytes and where each object starts, so callers can patch
 * placeholders. Imports the object model, syntax and xref writers, and the reader's types.
 */
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './pdf-objects.ts';
import type { PdfObjectSink } from './pdf-file-writer.ts';
import type { PdfStructure } from './pdf-reader.ts';
import { serialize } from './pdf-syntax.ts';
import { fileIdentifier, idArray, xrefStreamRows, xrefTable, type XrefRow } from './xref-writer.ts';

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

/** The base file's /ID first element, or a new one derived from its bytes' length and trailer. */
function permanentId(base: PdfStructure): Uint8Array {
  const id = base.trailer.get('ID');
  if (Array.isArray(id) && id[0] instanceof PdfString && id[0].bytes.length > 0) return id[0].bytes;
  return fileIdentifier(String(base.bytes.length), serialize(base.trailer));
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
  const rows: XrefRow[] = [];
  for (const obj of objects) {
    objectOffsets.set(obj.num, length);
    rows.push({ num: obj.num, offset: baseLength + length, gen: obj.gen });
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
  const changingId = fileIdentifier(String(baseLength), ...chunks);
  const trailerKeys = (d: PdfDict, size: number): PdfDict => {
    d.set('Size', size).set('Root', base.root);
    const info = base.trailer.get('Info');
    if (info instanceof PdfRef) d.set('Info', info);
    d.set('ID', idArray(permanentId(base), changingId)).set('Prev', base.startxref);
    return d;
  };

  if (base.usesXrefStream) {
    // The xref stream is itself an object (number newSize) and lists itself.
    const streamNum = newSize;
    objectOffsets.set(streamNum, length);
    const xrefAt = baseLength + length;
    rows.push({ num: streamNum, offset: xrefAt, gen: 0 });
    const { data, index } = xrefStreamRows(rows);
    const dict = trailerKeys(new PdfDict([['Type', new PdfName('XRef')]]), newSize + 1)
      .set('W', [1, 4, 2])
      .set('Index', index)
      .set('Length', data.length);
    push(`${streamNum} 0 obj\n${serialize(dict)}\nstream\n`);
    push(data);
    push(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`);
    return { bytes: Buffer.concat(chunks, length), objectOffsets, valueOffsets, newSize: newSize + 1 };
  }

  const xrefAt = baseLength + length;
  push(`${xrefTable(rows)}trailer\n${serialize(trailerKeys(new PdfDict(), newSize))}\nstartxref\n${xrefAt}\n%%EOF\n`);
  return { bytes: Buffer.concat(chunks, length), objectOffsets, valueOffsets, newSize };
}

/** Collects the objects of an update: new numbers from the base file's /Size on. */
export class UpdateObjects implements PdfObjectSink {
  readonly objects: UpdateObject[] = [];
  private next: number;
  constructor(base: PdfStructure) {
    this.next = base.size;
  }
  /** The /Size after the objects allocated so far. */
  get size(): number {
    return this.next;
  }
  alloc(): number {
    return this.next++;
  }
  writeObject(num: number, value: PdfValue, gen = 0): void {
    this.objects.push({ num, gen, value });
  }
  writeStream(num: number, dict: PdfDict, data: Uint8Array): void {
    this.objects.push({ num, gen: 0, value: dict, stream: data });
  }
}
