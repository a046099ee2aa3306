/**
 * The one PDF reader: every revision of a file (the /Prev chain of classic xref tables, cross-reference
 * streams and hybrid /XRefStm sections, with their free entries and trailers), objects looked up as of
 * any revision (also inside object streams, generation numbers honoured), stream extents checked
 * against "endstream", the page list. Encrypted files are refused with PDF_UNSUPPORTED; damage is
 * FILE_UNREADABLE naming the offset. Read-only. Imports the object model, lexer, filters and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import { decodeStream } from './pdf-filters.ts';
import { PdfLexer, pdfSyntaxError } from './pdf-lexer.ts';
import { PdfDict, PdfName, PdfRef, type PdfValue } from './pdf-objects.ts';

export interface IndirectObject {
  readonly num: number;
  readonly gen: number;
  /** Byte offset of "N G obj", or -1 inside an object stream. */
  readonly offset: number;
  readonly value: PdfValue;
  /** Byte range of the stream data, for stream objects. */
  readonly stream?: { readonly start: number; readonly end: number };
  /** The object stream holding it, when compressed. */
  readonly inStream?: number;
}

/** An object in use: at a byte offset, or (offset -1) the index-th object of object stream `inStream`. */
export interface XrefEntry {
  readonly offset: number;
  readonly gen: number;
  readonly inStream?: number;
  readonly index?: number;
}

/** What one xref section says about an object number: in use somewhere, or free. */
export type SectionEntry = XrefEntry | { readonly free: true; readonly gen: number };

export const isFree = (e: SectionEntry | undefined): e is { free: true; gen: number } => e !== undefined && 'free' in e;

/** One revision: an xref section (table, stream, or table with /XRefStm) and its trailer. */
export interface Revision {
  /** 0 = the original file, counting up to the newest. */
  readonly index: number;
  /** Offset of the xref section (what "startxref" names). */
  readonly startxref: number;
  readonly trailer: PdfDict;
  readonly isStream: boolean;
  /** A table whose trailer names an /XRefStm stream (hybrid-reference file). */
  readonly hybrid: boolean;
  /** Object number → what this section defines (with the /XRefStm entries of a hybrid section). */
  readonly entries: ReadonlyMap<number, SectionEntry>;
  /** Structural oddities that let two readers see different objects (duplicate or conflicting entries). */
  readonly ambiguities: readonly string[];
}

/** The document as of one revision. */
export interface PdfView {
  readonly bytes: Uint8Array;
  readonly revision: Revision;
  /** The trailer of this revision. */
  readonly trailer: PdfDict;
  readonly size: number;
  readonly root: PdfRef;
  /** Where each object in use lives as of this revision. */
  entry(num: number): XrefEntry | undefined;
  /** Numbers of all objects in use as of this revision. */
  objectNumbers(): number[];
  object(ref: PdfRef | number): IndirectObject;
  /** Follows indirect references (to a bound depth); a missing or free object resolves to null. */
  resolve(value: PdfValue | undefined): PdfValue | undefined;
  dict(value: PdfValue | undefined): PdfDict | undefined;
  catalog(): PdfDict;
  /** References of all pages, in order. */
  pageRefs(): PdfRef[];
  /** The decoded data of a stream object. */
  streamData(ref: PdfRef | number): Uint8Array;
}

export interface PdfStructure extends PdfView {
  /** Offset of the newest cross-reference section. */
  readonly startxref: number;
  /** Offsets of all xref sections, newest first (the /Prev chain). */
  readonly xrefChain: readonly number[];
  /** Objects in use in the newest revision. */
  readonly offsets: ReadonlyMap<number, XrefEntry>;
  /** True when the newest cross-reference section is a stream: an update must write one too. */
  readonly usesXrefStream: boolean;
  /** Every revision, oldest first. */
  readonly revisions: readonly Revision[];
  /** The document as of revision `index`. */
  at(index: number): PdfView;
}

const latin1 = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, Math.max(0, e - s)).toString('latin1');

const MAX_REVISIONS = 1000;
const MAX_OBJECT_NUMBER = 8_388_607; // ISO 32000 implementation limit (2^23 - 1)

function encrypted(): AppError {
  return new AppError('PDF_UNSUPPORTED', 'PDF ini terenkripsi; buka proteksinya dulu sebelum ditandatangani atau diverifikasi.');
}

/** Offset given by the last `startxref` of the file (or of `bytes[0..end)`). */
export function findStartxref(bytes: Uint8Array, end = bytes.length): number {
  const from = Math.max(0, end - 2048);
  const tail = latin1(bytes, from, end);
  const at = tail.lastIndexOf('startxref');
  if (at < 0) throw pdfSyntaxError('"startxref" tidak ditemukan di akhir berkas', end);
  const m = /^startxref\s+(\d+)\s*%%EOF/.exec(tail.slice(at));
  if (!m) throw pdfSyntaxError('nilai startxref atau %%EOF tidak terbaca', from + at);
  return Number(m[1]);
}

const XREF_ENTRY = /^(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)$/;

interface RawObject {
  readonly value: PdfValue;
  readonly num: number;
  readonly gen: number;
  readonly valueEnd: number;
  readonly streamStart?: number;
}

/** Parses "N G obj value" at `offset`; the stream's start when "stream" follows. */
function parseObjectAt(bytes: Uint8Array, offset: number): RawObject {
  if (offset < 0 || offset >= bytes.length) throw pdfSyntaxError('offset objek di luar berkas', offset);
  const lex = new PdfLexer(bytes, offset);
  const n = lex.word();
  const g = lex.word();
  if (!/^\d+$/.test(n) || !/^\d+$/.test(g)) throw pdfSyntaxError('awal objek "N G obj" tidak ditemukan', offset);
  lex.expectWord('obj');
  const value = lex.value();
  const valueEnd = lex.pos;
  if (lex.peekWord() !== 'stream') return { value, num: Number(n), gen: Number(g), valueEnd };
  lex.word();
  let start = lex.pos;
  if (bytes[start] === 0x0d) start++;
  if (bytes[start] === 0x0a) start++;
  return { value, num: Number(n), gen: Number(g), valueEnd, streamStart: start };
}

/** Checks that "endstream" follows the stream data (after an optional EOL). */
function checkStreamEnd(bytes: Uint8Array, end: number, num: number): void {
  if (end > bytes.length) throw pdfSyntaxError(`stream objek ${num} melewati akhir berkas`, end);
  let p = end;
  if (bytes[p] === 0x0d) p++;
  if (bytes[p] === 0x0a) p++;
  if (latin1(bytes, p, Math.min(bytes.length, p + 9)) !== 'endstream' && latin1(bytes, end, Math.min(bytes.length, end + 9)) !== 'endstream') {
    throw pdfSyntaxError(`/Length stream objek ${num} tidak cocok dengan letak "endstream"`, end);
  }
}

interface SectionRead {
  readonly trailer: PdfDict;
  readonly isStream: boolean;
  readonly hybrid: boolean;
  readonly entries: Map<number, SectionEntry>;
  readonly ambiguities: string[];
}

function readXrefStream(bytes: Uint8Array, offset: number, entries: Map<number, SectionEntry>, ambiguities: string[]): PdfDict {
  const raw = parseObjectAt(bytes, offset);
  const dict = raw.value;
  if (!(dict instanceof PdfDict) || raw.streamStart === undefined || !(dict.get('Type') instanceof PdfName) || (dict.get('Type') as PdfName).name !== 'XRef') {
    throw pdfSyntaxError('startxref tidak menunjuk ke tabel xref maupun cross-reference stream', offset);
  }
  if (dict.get('Encrypt') !== undefined) throw encrypted();
  const length = dict.get('Length');
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) throw pdfSyntaxError('cross-reference stream tanpa /Length langsung', offset);
  checkStreamEnd(bytes, raw.streamStart + length, raw.num);
  const data = decodeStream(dict, bytes.subarray(raw.streamStart, raw.streamStart + length));
  const w = dict.get('W');
  if (!Array.isArray(w) || w.length !== 3 || !w.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 8)) throw pdfSyntaxError('/W cross-reference stream tidak sah', offset);
  const [w0, w1, w2] = w as [number, number, number];
  const size = dict.get('Size');
  if (typeof size !== 'number') throw pdfSyntaxError('cross-reference stream tanpa /Size', offset);
  const index = dict.get('Index');
  const ranges = Array.isArray(index) ? index : [0, size];
  const rowWidth = w0 + w1 + w2;
  if (rowWidth === 0) throw pdfSyntaxError('/W cross-reference stream kosong', offset);
  const field = (pos: number, width: number): number => {
    let n = 0;
    for (let i = 0; i < width; i++) n = n * 256 + data[pos + i]!;
    return n;
  };
  let pos = 0;
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const first = ranges[r];
    const count = ranges[r + 1];
    if (typeof first !== 'number' || typeof count !== 'number' || !Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 0 || pos + count * rowWidth > data.length) {
      throw pdfSyntaxError('/Index cross-reference stream tidak sah', offset);
    }
    for (let i = 0; i < count; i++, pos += rowWidth) {
      const type = w0 === 0 ? 1 : field(pos, w0);
      const a = field(pos + w0, w1);
      const b = field(pos + w0 + w1, w2);
      const num = first + i;
      let entry: SectionEntry;
      if (type === 1) entry = { offset: a, gen: b };
      else if (type === 2) entry = { offset: -1, gen: 0, inStream: a, index: b };
      else if (type === 0) entry = { free: true, gen: b };
      else continue; // other types are reserved and read as null references (ISO 32000 7.5.8.3)
      if (entries.has(num)) {
        ambiguities.push(`objek ${num} tercantum dua kali dalam cross-reference stream pada offset ${offset}`);
        continue;
      }
      entries.set(num, entry);
    }
  }
  return dict;
}

function readXrefSection(bytes: Uint8Array, offset: number): SectionRead {
  const lex = new PdfLexer(bytes, offset);
  const head = lex.peekWord();
  const ambiguities: string[] = [];
  if (head !== 'xref') {
    if (!/^\d+$/.test(head)) throw pdfSyntaxError('tabel xref tidak ditemukan pada offset startxref', offset);
    const entries = new Map<number, SectionEntry>();
    const trailer = readXrefStream(bytes, offset, entries, ambiguities);
    return { trailer, isStream: true, hybrid: false, entries, ambiguities };
  }
  lex.word();
  const table = new Map<number, SectionEntry>();
  for (;;) {
    if (lex.peekWord() === 'trailer') break;
    const firstWord = lex.word();
    const countWord = lex.word();
    // Words must be digits: an empty word (a delimiter) would not advance and loop forever.
    if (!/^\d+$/.test(firstWord) || !/^\d+$/.test(countWord)) throw pdfSyntaxError('subbagian xref rusak', lex.pos);
    const first = Number(firstWord);
    const count = Number(countWord);
    if (lex.pos + count * 18 > bytes.length || first + count > MAX_OBJECT_NUMBER + 1) throw pdfSyntaxError('subbagian xref melewati akhir berkas', lex.pos);
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
        // Tolerated: entries with other whitespace (written by some tools); still three fields.
        off = Number(lex.word());
        gen = Number(lex.word());
        kind = lex.word();
        if (!Number.isInteger(off) || !Number.isInteger(gen) || (kind !== 'n' && kind !== 'f')) throw pdfSyntaxError('entri xref rusak', lex.pos);
      }
      const num = first + i;
      if (num === 0) continue;
      const entry: SectionEntry = kind === 'n' ? { offset: off, gen } : { free: true, gen };
      if (table.has(num)) {
        ambiguities.push(`objek ${num} tercantum dua kali dalam tabel xref pada offset ${offset}`);
        continue;
      }
      table.set(num, entry);
    }
  }
  lex.expectWord('trailer');
  const trailer = lex.value();
  if (!(trailer instanceof PdfDict)) throw pdfSyntaxError('trailer bukan dictionary', lex.pos);
  const xrefStm = trailer.get('XRefStm');
  if (xrefStm === undefined) return { trailer, isStream: false, hybrid: false, entries: table, ambiguities };
  if (typeof xrefStm !== 'number' || !Number.isInteger(xrefStm) || xrefStm < 0 || xrefStm >= bytes.length) throw pdfSyntaxError('/XRefStm tidak sah', offset);
  // Hybrid section: the stream supplies objects the table leaves free or out (ISO 32000 7.5.8.4).
  const streamEntries = new Map<number, SectionEntry>();
  readXrefStream(bytes, xrefStm, streamEntries, ambiguities);
  const entries = new Map(table);
  for (const [num, entry] of streamEntries) {
    const inTable = table.get(num);
    if (inTable === undefined || isFree(inTable)) entries.set(num, entry);
    else if (!isFree(entry)) ambiguities.push(`objek ${num} didefinisikan berbeda oleh tabel xref dan /XRefStm pada offset ${offset}`);
  }
  return { trailer, isStream: false, hybrid: true, entries, ambiguities };
}

/** Reads every revision of `bytes` (optionally of the file ending at `end`) and returns the newest view. */
export function readPdfStructure(bytes: Uint8Array, end = bytes.length): PdfStructure {
  if (latin1(bytes, 0, Math.min(1024, bytes.length)).indexOf('%PDF-') < 0) throw pdfSyntaxError('bukan berkas PDF (header %PDF- tidak ada)', 0);
  const startxref = findStartxref(bytes, end);
  const newestFirst: Array<SectionRead & { startxref: number }> = [];
  const seen = new Set<number>();
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (seen.has(next)) throw pdfSyntaxError('rantai /Prev xref berulang', next);
    if (seen.size >= MAX_REVISIONS) throw pdfSyntaxError(`lebih dari ${MAX_REVISIONS} revisi`, next);
    if (next >= end) throw pdfSyntaxError('offset xref di luar berkas', next);
    seen.add(next);
    const section = readXrefSection(bytes, next);
    if (section.trailer.get('Encrypt') !== undefined) throw encrypted();
    newestFirst.push({ ...section, startxref: next });
    const prev = section.trailer.get('Prev');
    if (prev !== undefined && (typeof prev !== 'number' || !Number.isInteger(prev) || prev < 0)) throw pdfSyntaxError('/Prev tidak sah', next);
    next = prev;
  }
  const revisions: Revision[] = newestFirst.reverse().map((s, index) => ({
    index,
    startxref: s.startxref,
    trailer: s.trailer,
    isStream: s.isStream,
    hybrid: s.hybrid,
    entries: s.entries,
    ambiguities: s.ambiguities,
  }));

  // Objects are parsed once per place (offset, or object stream and index), whichever revision asks.
  const parsed = new Map<string, IndirectObject>();
  const objectStreams = new Map<string, { data: Uint8Array; first: number; index: Array<[number, number]> }>();
  const views = new Map<number, PdfStructure>();

  const makeView = (rev: number): PdfStructure => {
    const hit = views.get(rev);
    if (hit) return hit;
    const revision = revisions[rev]!;
    const trailer = revision.trailer;
    const root = trailer.get('Root');
    if (!(root instanceof PdfRef)) throw pdfSyntaxError('trailer tanpa /Root', revision.startxref);
    const size = trailer.get('Size');
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > MAX_OBJECT_NUMBER + 1) throw pdfSyntaxError('trailer tanpa /Size yang sah', revision.startxref);
    const lookup = new Map<number, XrefEntry | null>();
    const entry = (num: number): XrefEntry | undefined => {
      let e = lookup.get(num);
      if (e === undefined) {
        let found: XrefEntry | null = null;
        for (let r = rev; r >= 0; r--) {
          const s = revisions[r]!.entries.get(num);
          if (s !== undefined) {
            found = isFree(s) ? null : (s as XrefEntry);
            break;
          }
        }
        lookup.set(num, found);
        e = found;
      }
      return e ?? undefined;
    };
    let inUse: Map<number, XrefEntry> | undefined;
    const offsets = (): Map<number, XrefEntry> => {
      if (!inUse) {
        inUse = new Map();
        const nums = new Set<number>();
        for (let r = 0; r <= rev; r++) for (const n of revisions[r]!.entries.keys()) nums.add(n);
        for (const n of [...nums].sort((a, b) => a - b)) {
          const e = entry(n);
          if (e) inUse.set(n, e);
        }
      }
      return inUse;
    };

    const objectStream = (num: number) => {
      const e = entry(num);
      const key = e ? `${e.offset}:${e.inStream ?? ''}` : `missing:${num}`;
      let os = objectStreams.get(key);
      if (os) return os;
      const holder = view.object(num);
      if (holder.inStream !== undefined) throw pdfSyntaxError(`object stream ${num} berada di dalam object stream lain`, 0);
      if (!(holder.value instanceof PdfDict) || !holder.stream) throw pdfSyntaxError(`object stream ${num} bukan stream`, holder.offset);
      const data = decodeStream(holder.value, bytes.subarray(holder.stream.start, holder.stream.end), view.resolve);
      const n = holder.value.get('N');
      const first = holder.value.get('First');
      if (typeof n !== 'number' || typeof first !== 'number' || !Number.isInteger(n) || n < 0 || n > data.length / 4 || !Number.isInteger(first) || first < 0 || first > data.length) {
        throw pdfSyntaxError(`object stream ${num} rusak (/N atau /First)`, holder.offset);
      }
      const lex = new PdfLexer(data, 0);
      const index: Array<[number, number]> = [];
      for (let i = 0; i < n; i++) index.push([Number(lex.word()), Number(lex.word())]);
      os = { data, first, index };
      objectStreams.set(key, os);
      return os;
    };

    const view: PdfStructure = {
      bytes,
      revision,
      trailer,
      size,
      root,
      startxref: revision.startxref,
      xrefChain: revisions.slice(0, rev + 1).map((r) => r.startxref).reverse(),
      get offsets() {
        return offsets();
      },
      usesXrefStream: revision.isStream,
      revisions,
      at: makeView,
      entry,
      objectNumbers: () => [...offsets().keys()],
      object(ref) {
        const num = typeof ref === 'number' ? ref : ref.num;
        const e = entry(num);
        if (!e) throw pdfSyntaxError(`objek ${num} tidak ada di tabel xref`, 0);
        if (typeof ref !== 'number' && ref.gen !== e.gen) throw pdfSyntaxError(`objek ${num} ${ref.gen} R dirujuk, tetapi tabel xref memuat generasi ${e.gen}`, e.offset);
        if (e.inStream !== undefined) {
          const key = `s${e.inStream}:${e.index}:${rev}`;
          const cached = parsed.get(key);
          if (cached) return cached;
          const os = objectStream(e.inStream);
          const at = os.index[e.index ?? -1];
          if (!at || at[0] !== num) throw pdfSyntaxError(`objek ${num} tidak ada di object stream ${e.inStream}`, 0);
          if (!Number.isInteger(at[1]) || at[1] < 0 || os.first + at[1] >= os.data.length) throw pdfSyntaxError(`offset objek ${num} di object stream ${e.inStream} tidak sah`, 0);
          const value = new PdfLexer(os.data, os.first + at[1]).value();
          const obj: IndirectObject = { num, gen: 0, offset: -1, value, inStream: e.inStream };
          parsed.set(key, obj);
          return obj;
        }
        const key = `o${e.offset}:${rev}`;
        const cached = parsed.get(key) ?? parsed.get(`o${e.offset}`);
        if (cached) return cached;
        const raw = parseObjectAt(bytes, e.offset);
        if (raw.num !== num || raw.gen !== e.gen) throw pdfSyntaxError(`tabel xref menunjuk ke objek ${raw.num} ${raw.gen}, bukan ${num} ${e.gen}`, e.offset);
        let stream: IndirectObject['stream'];
        let direct = true;
        if (raw.streamStart !== undefined) {
          const lengthValue = raw.value instanceof PdfDict ? raw.value.get('Length') : undefined;
          direct = !(lengthValue instanceof PdfRef);
          const length = raw.value instanceof PdfDict ? view.resolve(lengthValue) : undefined;
          if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) throw pdfSyntaxError(`stream objek ${num} tanpa /Length`, e.offset);
          checkStreamEnd(bytes, raw.streamStart + length, num);
          stream = { start: raw.streamStart, end: raw.streamStart + length };
        }
        const obj: IndirectObject = { num, gen: raw.gen, offset: e.offset, value: raw.value, stream };
        // An indirect /Length may differ between revisions; only then is the cache per revision.
        parsed.set(direct ? `o${e.offset}` : key, obj);
        return obj;
      },
      resolve(value) {
        let v = value;
        for (let i = 0; i < 32 && v instanceof PdfRef; i++) {
          const e = entry(v.num);
          v = e && e.gen === v.gen ? view.object(v).value : null;
        }
        return v instanceof PdfRef ? null : v;
      },
      dict(value) {
        const v = view.resolve(value);
        return v instanceof PdfDict ? v : undefined;
      },
      catalog() {
        const c = view.dict(root);
        if (!c) throw pdfSyntaxError('katalog (/Root) bukan dictionary', revision.startxref);
        return c;
      },
      pageRefs() {
        const out: PdfRef[] = [];
        const seenNodes = new Set<number>();
        const walk = (ref: PdfValue | undefined, depth: number): void => {
          if (!(ref instanceof PdfRef) || seenNodes.has(ref.num) || depth > 64) return;
          seenNodes.add(ref.num);
          const node = view.dict(ref);
          if (!node) return;
          const type = node.get('Type');
          const kids = view.resolve(node.get('Kids'));
          if (type instanceof PdfName && type.name === 'Page') out.push(ref);
          else if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
        };
        walk(view.catalog().get('Pages'), 0);
        return out;
      },
      streamData(ref) {
        const obj = view.object(ref);
        if (!obj.stream || !(obj.value instanceof PdfDict)) throw pdfSyntaxError(`objek ${obj.num} bukan stream`, obj.offset);
        return decodeStream(obj.value, bytes.subarray(obj.stream.start, obj.stream.end), view.resolve);
      },
    };
    views.set(rev, view);
    return view;
  };
  return makeView(revisions.length - 1);
}
