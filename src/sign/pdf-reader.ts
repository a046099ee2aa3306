/**
 * Reads the structure of an existing PDF for incremental updates and verification: startxref, the
 * chain of cross-reference sections (classic tables, cross-reference streams and hybrid /XRefStm) and
 * trailers (/Prev), object lookup by number (also inside object streams), the page list. Encrypted
 * files are refused with PDF_UNSUPPORTED. Read-only. Imports the PDF object parser, stream decoding
 * and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import { PdfDict, PdfLexer, PdfName, PdfRef, pdfSyntaxError, type PdfValue } from './pdf-objects.ts';
import { decodeStream } from './pdf-streams.ts';

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  readonly offset: number;
  readonly value: PdfValue;
  /** Byte range of the stream data, for stream objects. */
  readonly stream?: { readonly start: number; readonly end: number };
}

export interface PdfStructure {
  readonly bytes: Uint8Array;
  /** Offset of the last cross-reference section. */
  readonly startxref: number;
  /** Offsets of all xref sections, newest first (the /Prev chain). */
  readonly xrefChain: readonly number[];
  /** The newest trailer. */
  readonly trailer: PdfDict;
  readonly size: number;
  readonly root: PdfRef;
  /** Object number → where it is (free or missing numbers absent). */
  readonly offsets: ReadonlyMap<number, XrefEntry>;
  /** True when the newest cross-reference section is a stream: an update must write one too. */
  readonly usesXrefStream: boolean;
  object(ref: PdfRef | number): IndirectObject;
  /** Follows indirect references (to a bound depth). */
  resolve(value: PdfValue | undefined): PdfValue | undefined;
  dict(value: PdfValue | undefined): PdfDict | undefined;
  catalog(): PdfDict;
  /** References of all pages, in order. */
  pageRefs(): PdfRef[];
}

/** An object at a byte offset, or (offset -1) the index-th object inside object stream `inStream`. */
export interface XrefEntry {
  readonly offset: number;
  readonly gen: number;
  readonly inStream?: number;
  readonly index?: number;
}

type EntryMap = Map<number, XrefEntry | null>;

const latin1 = (b: Uint8Array, s: number, e: number) => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');

function unsupported(message: string): AppError {
  return new AppError('PDF_UNSUPPORTED', message);
}

/** Offset given by the last `startxref` of the file (or of `bytes[0..end)`). */
export function findStartxref(bytes: Uint8Array, end = bytes.length): number {
  const from = Math.max(0, end - 2048);
  const tail = latin1(bytes, from, end);
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw pdfSyntaxError('"startxref" tidak ditemukan di akhir berkas', end);
  const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
  if (!m) throw pdfSyntaxError('nilai startxref tidak terbaca', from + at);
  return Number(m[1]);
}

const XREF_ENTRY = /^(\d{10}) (\d{5}) ([nf])[ \r\n]{2}$/;

/** Reads one indirect object at `offset` without an xref (used for cross-reference streams). */
function readObjectAt(bytes: Uint8Array, offset: number): { value: PdfValue; stream?: { start: number; end: number } } {
  const lex = new PdfLexer(bytes, offset);
  lex.word();
  lex.word();
  lex.expectWord('obj');
  const value = lex.value();
  if (lex.peekWord() !== 'stream') return { value };
  lex.word();
  let start = lex.pos;
  if (bytes[start] === 0x0d) start++;
  if (bytes[start] === 0x0a) start++;
  const length = value instanceof PdfDict ? value.get('Length') : undefined;
  if (typeof length !== 'number') throw pdfSyntaxError('cross-reference stream tanpa /Length langsung', offset);
  return { value, stream: { start, end: start + length } };
}

function readXrefStream(bytes: Uint8Array, offset: number, entries: EntryMap): PdfDict {
  const { value, stream } = readObjectAt(bytes, offset);
  if (!(value instanceof PdfDict) || !stream || !(value.get('Type') instanceof PdfName) || (value.get('Type') as PdfName).name !== 'XRef') {
    throw pdfSyntaxError('startxref tidak menunjuk ke tabel xref maupun cross-reference stream', offset);
  }
  if (value.get('Encrypt') !== undefined) throw unsupported('PDF ini terenkripsi; buka proteksinya dulu sebelum ditandatangani atau diverifikasi.');
  const data = decodeStream(value, bytes.subarray(stream.start, stream.end));
  const w = value.get('W');
  if (!Array.isArray(w) || w.length !== 3 || !w.every((n) => typeof n === 'number')) throw pdfSyntaxError('/W cross-reference stream tidak sah', offset);
  const [w0, w1, w2] = w as [number, number, number];
  const size = value.get('Size');
  const index = value.get('Index');
  const ranges = Array.isArray(index) ? (index as number[]) : [0, typeof size === 'number' ? size : 0];
  const field = (pos: number, width: number) => {
    let n = 0;
    for (let i = 0; i < width; i++) n = n * 256 + data[pos + i]!;
    return n;
  };
  let pos = 0;
  const rowWidth = w0 + w1 + w2;
  if (rowWidth === 0) throw pdfSyntaxError('/W cross-reference stream kosong', offset);
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const first = ranges[r]!;
    const count = ranges[r + 1]!;
    if (!Number.isInteger(first) || !Number.isInteger(count) || count < 0 || count * rowWidth > data.length) {
      throw pdfSyntaxError('/Index cross-reference stream tidak sah', offset);
    }
    for (let i = 0; i < count; i++, pos += rowWidth) {
      if (pos + rowWidth > data.length) throw pdfSyntaxError('cross-reference stream terpotong', offset);
      const type = w0 === 0 ? 1 : field(pos, w0);
      const a = field(pos + w0, w1);
      const b = field(pos + w0 + w1, w2);
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 1) entries.set(num, { offset: a, gen: b });
      else if (type === 2) entries.set(num, { offset: -1, gen: 0, inStream: a, index: b });
      else entries.set(num, null);
    }
  }
  return value;
}

function readXrefSection(bytes: Uint8Array, offset: number, offsets: EntryMap): { trailer: PdfDict; isStream: boolean } {
  const lex = new PdfLexer(bytes, offset);
  const head = lex.peekWord();
  if (head !== 'xref') {
    if (/^\d+$/.test(head)) return { trailer: readXrefStream(bytes, offset, offsets), isStream: true };
    throw pdfSyntaxError('tabel xref tidak ditemukan pada offset startxref', offset);
  }
  lex.word();
  const tableEntries: EntryMap = new Map();
  for (;;) {
    const w = lex.peekWord();
    if (w === 'trailer') break;
    const firstWord = lex.word();
    const countWord = lex.word();
    // Words must be digits: an empty word (a delimiter) would not advance and loop forever.
    if (!/^\d+$/.test(firstWord) || !/^\d+$/.test(countWord)) throw pdfSyntaxError('subbagian xref rusak', lex.pos);
    const first = Number(firstWord);
    const count = Number(countWord);
    if (lex.pos + count * 18 > bytes.length) throw pdfSyntaxError('subbagian xref melewati akhir berkas', lex.pos);
    lex.skipWhitespace();
    for (let i = 0; i < count; i++) {
      const line = latin1(bytes, lex.pos, Math.min(bytes.length, lex.pos + 20));
      const m = XREF_ENTRY.exec(line);
      let off: number;
      let gen: number;
      let kind: string;
      if (m) {
        off = Number(m[1]);
        gen = Number(m[2]);
        kind = m[3]!;
        lex.pos += 20;
      } else {
        off = Number(lex.word());
        gen = Number(lex.word());
        kind = lex.word();
        if (!Number.isFinite(off) || (kind !== 'n' && kind !== 'f')) throw pdfSyntaxError('entri xref rusak', lex.pos);
      }
      const num = first + i;
      if (!tableEntries.has(num)) tableEntries.set(num, kind === 'n' ? { offset: off, gen } : null);
    }
  }
  lex.expectWord('trailer');
  const trailer = lex.value();
  if (!(trailer instanceof PdfDict)) throw pdfSyntaxError('trailer bukan dictionary', lex.pos);
  // Hybrid file: objects the table lists as free may live in the /XRefStm stream.
  const xrefStm = trailer.get('XRefStm');
  const streamEntries: EntryMap = new Map();
  if (typeof xrefStm === 'number') readXrefStream(bytes, xrefStm, streamEntries);
  for (const [num, entry] of tableEntries) {
    if (offsets.has(num)) continue;
    const fromStream = streamEntries.get(num);
    offsets.set(num, entry ?? fromStream ?? null);
  }
  for (const [num, entry] of streamEntries) if (!offsets.has(num)) offsets.set(num, entry);
  return { trailer, isStream: false };
}

/** Reads the xref chain and trailer of `bytes` (optionally of the revision ending at `end`). */
export function readPdfStructure(bytes: Uint8Array, end = bytes.length): PdfStructure {
  if (latin1(bytes, 0, Math.min(8, bytes.length)).slice(0, 5) !== '%PDF-') throw pdfSyntaxError('bukan berkas PDF (header %PDF- tidak ada)', 0);
  const startxref = findStartxref(bytes, end);
  const found: EntryMap = new Map();
  const chain: number[] = [];
  let trailer: PdfDict | undefined;
  let usesXrefStream = false;
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (chain.includes(next) || chain.length > 1000) throw pdfSyntaxError('rantai /Prev xref berulang', next);
    if (next >= bytes.length) throw pdfSyntaxError('offset xref di luar berkas', next);
    chain.push(next);
    const section = readXrefSection(bytes, next, found);
    if (!trailer) {
      trailer = section.trailer;
      usesXrefStream = section.isStream;
    }
    const prev = section.trailer.get('Prev');
    next = typeof prev === 'number' ? prev : undefined;
  }
  const newest = trailer!;
  if (newest.get('Encrypt') !== undefined) throw unsupported('PDF ini terenkripsi; buka proteksinya dulu sebelum ditandatangani atau diverifikasi.');
  const root = newest.get('Root');
  if (!(root instanceof PdfRef)) throw pdfSyntaxError('trailer tanpa /Root', startxref);
  const size = newest.get('Size');
  if (typeof size !== 'number') throw pdfSyntaxError('trailer tanpa /Size', startxref);
  const offsets = new Map<number, XrefEntry>();
  for (const [num, entry] of found) if (entry) offsets.set(num, entry);
  const cache = new Map<number, IndirectObject>();
  const objectStreams = new Map<number, { data: Uint8Array; first: number; index: Array<[number, number]> }>();

  const objectStream = (num: number) => {
    let hit = objectStreams.get(num);
    if (hit) return hit;
    const holder = structure.object(num);
    if (!(holder.value instanceof PdfDict) || !holder.stream) throw pdfSyntaxError(`object stream ${num} bukan stream`, holder.offset);
    const data = decodeStream(holder.value, bytes.subarray(holder.stream.start, holder.stream.end), structure.resolve);
    const n = Number(holder.value.get('N'));
    const first = Number(holder.value.get('First'));
    if (!Number.isInteger(n) || n < 0 || n > data.length / 4 || !Number.isInteger(first) || first > data.length) {
      throw pdfSyntaxError(`object stream ${num} rusak (/N atau /First)`, holder.offset);
    }
    const lex = new PdfLexer(data, 0);
    const index: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) index.push([Number(lex.word()), Number(lex.word())]);
    hit = { data, first, index };
    objectStreams.set(num, hit);
    return hit;
  };

  const structure: PdfStructure = {
    bytes,
    startxref,
    xrefChain: chain,
    trailer: newest,
    size,
    root,
    offsets,
    usesXrefStream,
    object(ref) {
      const num = typeof ref === 'number' ? ref : ref.num;
      const hit = cache.get(num);
      if (hit) return hit;
      const entry = offsets.get(num);
      if (!entry) throw pdfSyntaxError(`objek ${num} tidak ada di tabel xref`, 0);
      if (entry.inStream !== undefined) {
        const os = objectStream(entry.inStream);
        const at = os.index[entry.index ?? -1];
        if (!at || at[0] !== num) throw pdfSyntaxError(`objek ${num} tidak ada di object stream ${entry.inStream}`, 0);
        const value = new PdfLexer(os.data, os.first + at[1]).value();
        const obj: IndirectObject = { num, gen: 0, offset: -1, value };
        cache.set(num, obj);
        return obj;
      }
      const lex = new PdfLexer(bytes, entry.offset);
      const n = Number(lex.word());
      const g = Number(lex.word());
      if (n !== num) throw pdfSyntaxError(`tabel xref menunjuk ke objek ${n}, bukan ${num}`, entry.offset);
      lex.expectWord('obj');
      const value = lex.value();
      let stream: IndirectObject['stream'];
      if (lex.peekWord() === 'stream') {
        lex.word();
        let start = lex.pos;
        if (bytes[start] === 0x0d) start++;
        if (bytes[start] === 0x0a) start++;
        const lengthValue = value instanceof PdfDict ? structure.resolve(value.get('Length')) : undefined;
        if (typeof lengthValue !== 'number') throw pdfSyntaxError(`stream objek ${num} tanpa /Length`, entry.offset);
        stream = { start, end: start + lengthValue };
      }
      const obj: IndirectObject = { num, gen: g, offset: entry.offset, value, stream };
      cache.set(num, obj);
      return obj;
    },
    resolve(value) {
      let v = value;
      for (let i = 0; i < 32 && v instanceof PdfRef; i++) v = offsets.has(v.num) ? structure.object(v).value : null;
      return v;
    },
    dict(value) {
      const v = structure.resolve(value);
      return v instanceof PdfDict ? v : undefined;
    },
    catalog() {
      const c = structure.dict(root);
      if (!c) throw pdfSyntaxError('katalog (/Root) bukan dictionary', startxref);
      return c;
    },
    pageRefs() {
      const out: PdfRef[] = [];
      const seen = new Set<number>();
      const walk = (ref: PdfValue | undefined, depth: number): void => {
        if (!(ref instanceof PdfRef) || seen.has(ref.num) || depth > 64) return;
        seen.add(ref.num);
        const node = structure.dict(ref);
        if (!node) return;
        const type = node.get('Type');
        const kids = structure.resolve(node.get('Kids'));
        if (type instanceof PdfName && type.name === 'Page') out.push(ref);
        else if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
      };
      walk(structure.catalog().get('Pages'), 0);
      return out;
    },
  };
  return structure;
}
