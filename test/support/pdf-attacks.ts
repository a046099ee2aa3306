/**
 * An attacker's toolkit for the verification tests: appends incremental updates written by hand (not
 * by naskah's writer — classic tables, cross-reference streams, hybrid sections, free entries,
 * duplicate objects, whatever the attack needs), finds an amount in a page's content stream through
 * the font's ToUnicode map and re-encodes another, and co-signs with another official's key. Only the
 * PDF reader of naskah is used, to find objects.
 */
import { deflateSync } from 'node:zlib';
import { PdfDict, PdfRef, PdfString, nameOf, type PdfValue } from '../../src/pdf/pdf-objects.ts';
import { readPdfStructure, type PdfStructure, type PdfView } from '../../src/pdf/pdf-reader.ts';
import { literalByte, serialize } from '../../src/pdf/pdf-syntax.ts';

export interface RawObject {
  readonly num: number;
  readonly gen?: number;
  /** The object's body as PDF text (what goes between "obj" and "endobj"), or a dictionary. */
  readonly body: string | PdfDict | PdfValue;
  /** Stream data; the dictionary gets /Length. */
  readonly stream?: Uint8Array;
}

export interface RawUpdateOptions {
  /** Objects to mark free (gen is the next generation, as a deleting writer would). */
  readonly free?: ReadonlyArray<{ num: number; gen: number }>;
  /** "table" (default), "stream" (a cross-reference stream) or "hybrid" (table + /XRefStm). */
  readonly xref?: 'table' | 'stream' | 'hybrid';
  /** Objects the hybrid's /XRefStm lists (the table does not). */
  readonly hiddenInStream?: readonly RawObject[];
  /** Extra text written after the objects, before the xref (e.g. a duplicate definition). */
  readonly extraBody?: string;
  /** Trailer entries to add or override (e.g. Prev for a loop). */
  readonly trailer?: ReadonlyArray<[string, PdfValue]>;
  /** Entries the table lists at an offset chosen by the attacker (num → offset). */
  readonly pointAt?: ReadonlyArray<{ num: number; gen: number; offset: number }>;
}

const text = (v: RawObject['body']): string => (typeof v === 'string' ? v : serialize(v as PdfValue));

/** Appends an incremental update written by hand; returns the whole new file. */
export function appendRawUpdate(bytes: Uint8Array, objects: readonly RawObject[], options: RawUpdateOptions = {}): Uint8Array {
  const base = readPdfStructure(bytes);
  const parts: Buffer[] = [Buffer.from(bytes)];
  let pos = bytes.length;
  const write = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    pos += buf.length;
  };
  if (bytes[bytes.length - 1] !== 0x0a) write('\n');
  const offsets: Array<{ num: number; gen: number; offset: number }> = [];
  const writeObject = (o: RawObject) => {
    const gen = o.gen ?? 0;
    const offset = pos;
    if (o.stream) {
      const dict = (o.body instanceof PdfDict ? o.body : new PdfDict()).clone().set('Length', o.stream.length);
      write(`${o.num} ${gen} obj\n${serialize(dict)}\nstream\n`);
      write(Buffer.from(o.stream));
      write('\nendstream\nendobj\n');
    } else write(`${o.num} ${gen} obj\n${text(o.body)}\nendobj\n`);
    return { num: o.num, gen, offset };
  };
  for (const o of objects) offsets.push(writeObject(o));
  if (options.extraBody) write(options.extraBody);
  for (const p of options.pointAt ?? []) offsets.push(p);
  const maxNum = Math.max(base.size - 1, ...offsets.map((o) => o.num), ...(options.free ?? []).map((f) => f.num), ...(options.hiddenInStream ?? []).map((o) => o.num));
  const trailer = new PdfDict([
    ['Size', maxNum + 1],
    ['Root', base.root],
    ['Prev', base.startxref],
  ]);
  const info = base.trailer.get('Info');
  if (info) trailer.set('Info', info);
  const id = base.trailer.get('ID');
  if (id) trailer.set('ID', id);
  for (const [k, v] of options.trailer ?? []) trailer.set(k, v);

  type Row = { num: number; type: 0 | 1; a: number; gen: number };
  const rows: Row[] = [
    ...offsets.map((o) => ({ num: o.num, type: 1 as const, a: o.offset, gen: o.gen })),
    ...(options.free ?? []).map((f) => ({ num: f.num, type: 0 as const, a: 0, gen: f.gen })),
  ];
  const streamRows = (list: Row[], selfNum?: number, selfOffset?: number): { data: Buffer; index: number[] } => {
    const all = [...list, ...(selfNum !== undefined ? [{ num: selfNum, type: 1 as const, a: selfOffset!, gen: 0 }] : [])].sort((x, y) => x.num - y.num);
    const data = Buffer.alloc(all.length * 7);
    const index: number[] = [];
    all.forEach((r, i) => {
      data[i * 7] = r.type;
      data.writeUInt32BE(r.a, i * 7 + 1);
      data.writeUInt16BE(r.gen, i * 7 + 5);
      index.push(r.num, 1);
    });
    return { data, index };
  };

  if (options.xref === 'stream') {
    const selfNum = maxNum + 1;
    const at = pos;
    const { data, index } = streamRows(rows, selfNum, at);
    const d = new PdfDict([...trailer.entries]).set('Size', selfNum + 1);
    write(`${selfNum} 0 obj\n<</Type /XRef /W [1 4 2] /Index [${index.join(' ')}] ${serialize(d).slice(2, -2)} /Length ${data.length}>>\nstream\n`);
    write(data);
    write(`\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`);
    return new Uint8Array(Buffer.concat(parts));
  }

  let xrefStmAt: number | undefined;
  if (options.xref === 'hybrid') {
    const hidden = (options.hiddenInStream ?? []).map(writeObject);
    const selfNum = maxNum + 1;
    xrefStmAt = pos;
    const { data, index } = streamRows(hidden.map((o) => ({ num: o.num, type: 1 as const, a: o.offset, gen: o.gen })), selfNum, xrefStmAt);
    write(`${selfNum} 0 obj\n<</Type /XRef /W [1 4 2] /Index [${index.join(' ')}] /Size ${selfNum + 1} /Length ${data.length}>>\nstream\n`);
    write(data);
    write('\nendstream\nendobj\n');
    trailer.set('Size', selfNum + 1).set('XRefStm', xrefStmAt);
  }
  const xrefAt = pos;
  let xref = 'xref\n';
  for (const r of [...rows].sort((x, y) => x.num - y.num)) {
    xref += `${r.num} 1\n${String(r.a).padStart(10, '0')} ${String(r.gen).padStart(5, '0')} ${r.type === 1 ? 'n' : 'f'}\r\n`;
  }
  write(`${xref}trailer\n${serialize(trailer)}\nstartxref\n${xrefAt}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

/** ToUnicode of a font: Unicode text → the 2-byte codes it is drawn with. */
function reverseToUnicode(view: PdfView, font: PdfDict): Map<string, number> {
  const map = new Map<string, number>();
  const tu = font.get('ToUnicode');
  if (!(tu instanceof PdfRef)) return map;
  const cmap = Buffer.from(view.streamData(tu)).toString('latin1');
  for (const m of cmap.matchAll(/<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>/g)) {
    const cid = parseInt(m[1]!, 16);
    const utf16 = Buffer.from(m[2]!, 'hex').swap16().toString('utf16le');
    if (!map.has(utf16)) map.set(utf16, cid);
  }
  return map;
}

const literalBody = (codes: number[]): string => codes.map((c) => literalByte(c >> 8) + literalByte(c & 0xff)).join('');

export interface FoundText {
  readonly page: number;
  readonly pageRef: PdfRef;
  readonly contentRef: PdfRef;
  /** The decoded content stream. */
  readonly content: string;
  /** Where the text's string starts in the content (its "("). */
  readonly at: number;
  /** The text's position on the page (sum of the Td moves before it). */
  readonly x: number;
  readonly y: number;
  readonly font: PdfDict;
  readonly fontName: string;
}

/** Finds `needle` drawn on some page (through each font's ToUnicode), with its position. */
export function findText(pdf: PdfStructure, needle: string): FoundText {
  const pages = pdf.pageRefs();
  for (let i = 0; i < pages.length; i++) {
    const page = pdf.dict(pages[i])!;
    const contentRef = page.get('Contents');
    if (!(contentRef instanceof PdfRef)) continue;
    const content = Buffer.from(pdf.streamData(contentRef)).toString('latin1');
    const fonts = pdf.dict(pdf.dict(page.get('Resources'))?.get('Font'));
    for (const [fontName, ref] of fonts?.entries ?? []) {
      const font = pdf.dict(ref)!;
      const map = reverseToUnicode(pdf, font);
      const codes = [...needle].map((ch) => map.get(ch));
      if (codes.some((c) => c === undefined)) continue;
      const literal = `(${literalBody(codes as number[])}) Tj`;
      const at = content.indexOf(literal);
      if (at < 0) continue;
      // Sum the relative Td moves of the text object up to this string.
      const bt = content.lastIndexOf('BT', at);
      let x = 0;
      let y = 0;
      for (const m of content.slice(bt, at).matchAll(/(-?[\d.]+) (-?[\d.]+) Td/g)) {
        x += Number(m[1]);
        y += Number(m[2]);
      }
      return { page: i + 1, pageRef: pages[i]!, contentRef, content, at, x, y, font, fontName };
    }
  }
  throw new Error(`"${needle}" is not drawn on any page`);
}

/** The content with the string at `found.at` replaced by `replacement` drawn in the same font. */
export function replaceText(pdf: PdfStructure, found: FoundText, needle: string, replacement: string): string {
  const map = reverseToUnicode(pdf, found.font);
  const encode = (s: string) => literalBody([...s].map((ch) => map.get(ch) ?? 0));
  const old = `(${encode(needle)}) Tj`;
  return found.content.slice(0, found.at) + `(${encode(replacement)}) Tj` + found.content.slice(found.at + old.length);
}

export const flate = (s: string | Uint8Array): Uint8Array => new Uint8Array(deflateSync(typeof s === 'string' ? Buffer.from(s, 'latin1') : s));

export { nameOf, PdfDict, PdfRef, PdfString };
