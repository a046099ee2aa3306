/**
 * Reads the structure of an existing PDF for incremental updates and verification: startxref, the
 * chain of classic xref sections and trailers (/Prev), object lookup by number, the page list. Files
 * whose cross-reference is a stream (PDF 1.5 object streams) or that are encrypted are refused with
 * PDF_UNSUPPORTED. Read-only. Imports the PDF object parser and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import { PdfDict, PdfLexer, PdfName, PdfRef, pdfSyntaxError, type PdfValue } from './pdf-objects.ts';

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
  /** Object number → offset and generation (free or missing numbers absent). */
  readonly offsets: ReadonlyMap<number, { offset: number; gen: number }>;
  object(ref: PdfRef | number): IndirectObject;
  /** Follows indirect references (to a bound depth). */
  resolve(value: PdfValue | undefined): PdfValue | undefined;
  dict(value: PdfValue | undefined): PdfDict | undefined;
  catalog(): PdfDict;
  /** References of all pages, in order. */
  pageRefs(): PdfRef[];
}

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

function readXrefSection(bytes: Uint8Array, offset: number, offsets: Map<number, { offset: number; gen: number } | null>): PdfDict {
  const lex = new PdfLexer(bytes, offset);
  const head = lex.peekWord();
  if (head !== 'xref') {
    if (/^\d+$/.test(head)) {
      throw unsupported(
        'PDF ini memakai cross-reference stream (object streams, PDF 1.5); naskah hanya bisa menambahkan tanda tangan pada PDF dengan tabel xref klasik. Simpan ulang tanpa object streams (mis. pdf-lib save({ useObjectStreams: false }) atau "qpdf --object-streams=disable in.pdf out.pdf") sebelum ditandatangani.',
      );
    }
    throw pdfSyntaxError('tabel xref tidak ditemukan pada offset startxref', offset);
  }
  lex.word();
  for (;;) {
    const w = lex.peekWord();
    if (w === 'trailer') break;
    const first = Number(lex.word());
    const count = Number(lex.word());
    if (!Number.isInteger(first) || !Number.isInteger(count)) throw pdfSyntaxError('subbagian xref rusak', lex.pos);
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
      if (!offsets.has(num)) offsets.set(num, kind === 'n' ? { offset: off, gen } : null);
    }
  }
  lex.expectWord('trailer');
  const trailer = lex.value();
  if (!(trailer instanceof PdfDict)) throw pdfSyntaxError('trailer bukan dictionary', lex.pos);
  if (trailer.get('XRefStm') !== undefined) {
    throw unsupported('PDF ini hibrida (trailer dengan /XRefStm); simpan ulang tanpa object streams sebelum ditandatangani.');
  }
  return trailer;
}

/** Reads the xref chain and trailer of `bytes` (optionally of the revision ending at `end`). */
export function readPdfStructure(bytes: Uint8Array, end = bytes.length): PdfStructure {
  if (latin1(bytes, 0, Math.min(8, bytes.length)).slice(0, 5) !== '%PDF-') throw pdfSyntaxError('bukan berkas PDF (header %PDF- tidak ada)', 0);
  const startxref = findStartxref(bytes, end);
  const found = new Map<number, { offset: number; gen: number } | null>();
  const chain: number[] = [];
  let trailer: PdfDict | undefined;
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (chain.includes(next) || chain.length > 1000) throw pdfSyntaxError('rantai /Prev xref berulang', next);
    if (next >= bytes.length) throw pdfSyntaxError('offset xref di luar berkas', next);
    chain.push(next);
    const t = readXrefSection(bytes, next, found);
    trailer ??= t;
    const prev = t.get('Prev');
    next = typeof prev === 'number' ? prev : undefined;
  }
  const newest = trailer!;
  if (newest.get('Encrypt') !== undefined) throw unsupported('PDF ini terenkripsi; buka proteksinya dulu sebelum ditandatangani atau diverifikasi.');
  const root = newest.get('Root');
  if (!(root instanceof PdfRef)) throw pdfSyntaxError('trailer tanpa /Root', startxref);
  const size = newest.get('Size');
  if (typeof size !== 'number') throw pdfSyntaxError('trailer tanpa /Size', startxref);
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const [num, entry] of found) if (entry) offsets.set(num, entry);
  const cache = new Map<number, IndirectObject>();

  const structure: PdfStructure = {
    bytes,
    startxref,
    xrefChain: chain,
    trailer: newest,
    size,
    root,
    offsets,
    object(ref) {
      const num = typeof ref === 'number' ? ref : ref.num;
      const hit = cache.get(num);
      if (hit) return hit;
      const entry = offsets.get(num);
      if (!entry) throw pdfSyntaxError(`objek ${num} tidak ada di tabel xref`, 0);
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
