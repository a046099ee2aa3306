/**
 * Cross-reference sections as written by both writers (a whole file, an incremental update): a classic
 * table of consecutive runs, or the binary rows of a cross-reference stream, and the file identifier
 * (ISO 32000 14.4: the first element fixed at creation, the second changed by every update).
 * Imports Node crypto and the object model.
 */
import { createHash } from 'node:crypto';
import { PdfString, type PdfValue } from './pdf-objects.ts';

export interface XrefRow {
  readonly num: number;
  readonly offset: number;
  readonly gen: number;
}

/** Runs of consecutive object numbers: [first, rows]. */
function runs(rows: readonly XrefRow[]): Array<[number, XrefRow[]]> {
  const sorted = [...rows].sort((a, b) => a.num - b.num);
  const out: Array<[number, XrefRow[]]> = [];
  for (const row of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === row.num) last[1].push(row);
    else out.push([row.num, [row]]);
  }
  return out;
}

/** "xref" and its subsections; with `freeHead` the table starts at object 0 (the free-list head). */
export function xrefTable(rows: readonly XrefRow[], freeHead = false): string {
  const all = freeHead ? [{ num: 0, offset: -1, gen: 65535 }, ...rows] : rows;
  let out = 'xref\n';
  for (const [first, run] of runs(all)) {
    out += `${first} ${run.length}\n`;
    for (const r of run) {
      out += r.offset < 0 ? '0000000000 65535 f \n' : `${String(r.offset).padStart(10, '0')} ${String(r.gen).padStart(5, '0')} n \n`;
    }
  }
  return out;
}

/** Rows of a cross-reference stream with /W [1 4 2] and its /Index. */
export function xrefStreamRows(rows: readonly XrefRow[]): { data: Buffer; index: number[] } {
  const grouped = runs(rows);
  const data = Buffer.alloc(rows.length * 7);
  const index: number[] = [];
  let r = 0;
  for (const [first, run] of grouped) {
    index.push(first, run.length);
    for (const row of run) {
      data[r * 7] = 1;
      data.writeUInt32BE(row.offset, r * 7 + 1);
      data.writeUInt16BE(row.gen, r * 7 + 5);
      r++;
    }
  }
  return { data, index };
}

/** A 16-byte identifier derived from `parts` (MD5, as ISO 32000 suggests). */
export function fileIdentifier(...parts: ReadonlyArray<string | Uint8Array>): Uint8Array {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/** The /ID value: [permanent changing] as hex strings. */
export function idArray(permanent: Uint8Array, changing: Uint8Array): PdfValue[] {
  return [new PdfString(permanent, true), new PdfString(changing, true)];
}
