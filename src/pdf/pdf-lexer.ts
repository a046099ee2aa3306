/**
 * Parses PDF object syntax from raw bytes: words, numbers, names (with #xx escapes), literal and hex
 * strings (with the span they occupy), arrays, dictionaries and indirect references. Nesting is bounded;
 * damaged input is AppError FILE_UNREADABLE naming the offset. Imports the object model and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import { PdfDict, PdfName, PdfRef, PdfString, type PdfValue } from './pdf-objects.ts';

const WS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) DELIM[c] = 1;

/** Whitespace (PDF 7.2.3). */
export const isPdfWhitespace = (c: number): boolean => WS[c] === 1;
/** Delimiter (PDF 7.2.3). */
export const isPdfDelimiter = (c: number): boolean => DELIM[c] === 1;

export function pdfSyntaxError(what: string, offset: number): AppError {
  return new AppError('FILE_UNREADABLE', `PDF rusak atau tidak terbaca: ${what} (offset ${offset}).`);
}

const MAX_DEPTH = 64;
const ESCAPES: Readonly<Record<number, number>> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };

export class PdfLexer {
  pos: number;
  /** `offset` is added to string spans (the position of `bytes` within the file). */
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    private readonly offset = 0,
  ) {
    this.pos = pos;
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < b.length) {
      const c = b[this.pos]!;
      if (WS[c] === 1) this.pos++;
      else if (c === 0x25) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
  }

  /** A bare word (number, keyword, true/false/null, R, obj, stream); '' at a delimiter or the end. */
  word(): string {
    this.skipWhitespace();
    const start = this.pos;
    const b = this.bytes;
    while (this.pos < b.length && WS[b[this.pos]!] !== 1 && DELIM[b[this.pos]!] !== 1) this.pos++;
    return Buffer.from(b.buffer, b.byteOffset + start, this.pos - start).toString('latin1');
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
    if (w !== expected) throw pdfSyntaxError(`"${expected}" diharapkan, ditemukan "${w}"`, this.offset + at);
  }

  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw pdfSyntaxError('struktur terlalu dalam', this.offset + this.pos);
    this.skipWhitespace();
    const b = this.bytes;
    const c = b[this.pos];
    if (c === undefined) throw pdfSyntaxError('akhir data tak terduga', this.offset + this.pos);
    if (c === 0x2f) return this.nameToken();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) return b[this.pos + 1] === 0x3c ? this.dict(depth) : this.hexString();
    if (c === 0x5b) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWhitespace();
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        if (this.pos >= b.length) throw pdfSyntaxError('array tidak ditutup', this.offset + this.pos);
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
      if (/^\d+$/.test(w)) {
        // "12 0 R": an indirect reference
        const save = this.pos;
        const g = this.word();
        if (/^\d+$/.test(g) && this.word() === 'R') return new PdfRef(n, Number(g));
        this.pos = save;
      }
      return n;
    }
    throw pdfSyntaxError(`token tak dikenal "${w.slice(0, 32)}"`, this.offset + at);
  }

  private nameToken(): PdfName {
    this.pos++;
    const start = this.pos;
    const b = this.bytes;
    while (this.pos < b.length && WS[b[this.pos]!] !== 1 && DELIM[b[this.pos]!] !== 1) this.pos++;
    const raw = Buffer.from(b.buffer, b.byteOffset + start, this.pos - start).toString('latin1');
    return new PdfName(raw.includes('#') ? raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : raw);
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
      if (this.pos >= b.length) throw pdfSyntaxError('dictionary tidak ditutup', this.offset + this.pos);
      const key = this.value(depth + 1);
      if (!(key instanceof PdfName)) throw pdfSyntaxError('kunci dictionary bukan name', this.offset + this.pos);
      d.set(key.name, this.value(depth + 1));
    }
  }

  private hexString(): PdfString {
    const open = this.pos++;
    const b = this.bytes;
    const digits: number[] = [];
    while (this.pos < b.length && b[this.pos] !== 0x3e) {
      const c = b[this.pos++]!;
      const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : WS[c] === 1 ? -1 : -2;
      if (v === -2) throw pdfSyntaxError('karakter bukan heksadesimal dalam string <…>', this.offset + this.pos - 1);
      if (v >= 0) digits.push(v);
    }
    if (this.pos >= b.length) throw pdfSyntaxError('string heksadesimal tidak ditutup', this.offset + open);
    this.pos++;
    if (digits.length % 2 === 1) digits.push(0);
    const out = new Uint8Array(digits.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = digits[2 * i]! * 16 + digits[2 * i + 1]!;
    return new PdfString(out, true, { start: this.offset + open, end: this.offset + this.pos });
  }

  private literalString(): PdfString {
    const open = this.pos++;
    const b = this.bytes;
    const out: number[] = [];
    let level = 1;
    while (this.pos < b.length) {
      const c = b[this.pos++]!;
      if (c === 0x5c) {
        const e = b[this.pos++]!;
        const mapped = ESCAPES[e];
        if (mapped !== undefined) out.push(mapped);
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
        if (--level === 0) return new PdfString(new Uint8Array(out), false, { start: this.offset + open, end: this.offset + this.pos });
        out.push(c);
      } else out.push(c);
    }
    throw pdfSyntaxError('string tidak ditutup', this.offset + open);
  }
}
