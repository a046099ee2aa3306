/**
 * PDF object syntax for the incremental writer and the verifier: value types, a parser over raw bytes
 * and a serializer. Small on purpose — it reads the dictionaries, arrays and strings that catalogs,
 * pages, fields and signature dictionaries hold. Imports only the AppError.
 */
import { AppError } from '../errors/app-error.ts';

export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
  key(): string {
    return `${this.num} ${this.gen}`;
  }
}
export class PdfString {
  /** `bytes` are the decoded string bytes; `hex` remembers how it was written. */
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
  ) {}
  /** Text of a PDF text string: UTF-16BE with BOM, or PDFDocEncoding read as Latin-1. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}
/** Raw bytes written verbatim by the serializer (placeholders). */
export class PdfRaw {
  constructor(readonly text: string) {}
}
export type PdfValue = null | boolean | number | PdfName | PdfRef | PdfString | PdfRaw | PdfValue[] | PdfDict;
export class PdfDict {
  readonly entries: Map<string, PdfValue>;
  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.entries = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: PdfValue): this {
    this.entries.set(key, value);
    return this;
  }
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }
}

export const name = (n: string): PdfName => new PdfName(n);

/** A text string: literal when printable ASCII, else UTF-16BE hex with BOM. */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(new Uint8Array(Buffer.from(text, 'latin1')));
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return new PdfString(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16])), true);
}

// ---------------------------------------------------------------- parser

const WS = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export function pdfSyntaxError(what: string, offset: number): AppError {
  return new AppError('FILE_UNREADABLE', `PDF rusak atau tidak terbaca: ${what} (offset ${offset}).`);
}

export class PdfLexer {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
  ) {
    this.pos = pos;
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (WS.has(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** A bare word (number, keyword, true/false/null, R, obj, stream). */
  word(): string {
    this.skipWhitespace();
    const start = this.pos;
    const b = this.bytes;
    while (this.pos < b.length && !WS.has(b[this.pos]!) && !DELIM.has(b[this.pos]!)) this.pos++;
    return Buffer.from(b.subarray(start, this.pos)).toString('latin1');
  }

  peekWord(): string {
    const save = this.pos;
    const w = this.word();
    this.pos = save;
    return w;
  }

  expectWord(expected: string): void {
    const at = this.pos;
    const w = this.word();
    if (w !== expected) throw pdfSyntaxError(`"${expected}" diharapkan, ditemukan "${w}"`, at);
  }

  value(depth = 0): PdfValue {
    if (depth > 64) throw pdfSyntaxError('struktur terlalu dalam', this.pos);
    this.skipWhitespace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) throw pdfSyntaxError('akhir berkas tak terduga', this.pos);
    if (c === 0x2f) return this.nameToken();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) {
      if (b[this.pos + 1] === 0x3c) return this.dict(depth);
      return this.hexString();
    }
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWhitespace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (this.pos >= b.length) throw pdfSyntaxError('array tidak ditutup', this.pos);
        arr.push(this.value(depth + 1));
      }
    }
    const at = this.pos;
    const w = this.word();
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      const n = Number(w);
      // "12 0 R": an indirect reference
      if (/^\d+$/.test(w)) {
        const save = this.pos;
        const g = this.word();
        if (/^\d+$/.test(g) && this.word() === 'R') return new PdfRef(n, Number(g));
        this.pos = save;
      }
      return n;
    }
    throw pdfSyntaxError(`token tak dikenal "${w}"`, at);
  }

  private nameToken(): PdfName {
    this.pos++;
    const start = this.pos;
    const b = this.bytes;
    while (this.pos < b.length && !WS.has(b[this.pos]!) && !DELIM.has(b[this.pos]!)) this.pos++;
    const raw = Buffer.from(b.subarray(start, this.pos)).toString('latin1');
    return new PdfName(raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
  }

  private dict(depth: number): PdfDict {
    this.pos += 2;
    const d = new PdfDict();
    const b = this.bytes;
    for (;;) {
      this.skipWhitespace();
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        return d;
      }
      if (this.pos >= b.length) throw pdfSyntaxError('dictionary tidak ditutup', this.pos);
      const key = this.value(depth + 1);
      if (!(key instanceof PdfName)) throw pdfSyntaxError('kunci dictionary bukan name', this.pos);
      d.set(key.name, this.value(depth + 1));
    }
  }

  private hexString(): PdfString {
    const start = ++this.pos;
    const b = this.bytes;
    while (this.pos < b.length && b[this.pos] !== 0x3e) this.pos++;
    let hex = Buffer.from(b.subarray(start, this.pos)).toString('latin1').replace(/[^0-9A-Fa-f]/g, '');
    this.pos++;
    if (hex.length % 2 === 1) hex += '0';
    return new PdfString(new Uint8Array(Buffer.from(hex, 'hex')), true);
  }

  private literalString(): PdfString {
    this.pos++;
    const b = this.bytes;
    const out: number[] = [];
    let level = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const e = b[this.pos++]!;
        const map: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (map[e] !== undefined) out.push(map[e]!);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) v = v * 8 + (b[this.pos++]! - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.pos] === 0x0a) this.pos++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        level++;
        out.push(c);
      } else if (c === 0x29) {
        if (--level === 0) return new PdfString(new Uint8Array(out));
        out.push(c);
      } else out.push(c);
    }
    throw pdfSyntaxError('string tidak ditutup', this.pos);
  }
}

// ---------------------------------------------------------------- serializer

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

function serializeName(n: string): string {
  let out = '/';
  for (const ch of n) {
    const c = ch.charCodeAt(0);
    if (c < 0x21 || c > 0x7e || c === 0x23 || DELIM.has(c)) out += `#${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

export function serialize(value: PdfValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PdfName) return serializeName(value.name);
  if (value instanceof PdfRef) return `${value.num} ${value.gen} R`;
  if (value instanceof PdfRaw) return value.text;
  if (value instanceof PdfString) {
    if (value.hex) return `<${Buffer.from(value.bytes).toString('hex').toUpperCase()}>`;
    return `(${Buffer.from(value.bytes).toString('latin1').replace(/[\\()]/g, (m) => `\\${m}`).replace(/\r/g, '\\r').replace(/\n/g, '\\n')})`;
  }
  if (Array.isArray(value)) return `[${value.map(serialize).join(' ')}]`;
  const parts: string[] = [];
  for (const [k, v] of value.entries) parts.push(`${serializeName(k)} ${serialize(v)}`);
  return `<<${parts.join(' ')}>>`;
}
