/**
 * The PDF object model shared by the renderer, the signer and the verifier: names, references, strings,
 * dictionaries and arrays as plain values, constructors for text strings, and equality by meaning (key
 * order, number spelling and string notation do not matter). Imports nothing from the project.
 */

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
  /**
   * `bytes` are the decoded string bytes; `hex` remembers how it was written. `span` is where the
   * string's token (delimiters included) lies in the bytes it was parsed from, when parsed.
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly hex = false,
    readonly span?: { readonly start: number; readonly end: number },
  ) {}
  /** Text of a PDF text string: UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding read as Latin-1. */
  text(): string {
    const b = this.bytes;
    if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }
}

/** Bytes written verbatim by the serializer (placeholders patched in place later). */
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
  has(key: string): boolean {
    return this.entries.has(key);
  }
  delete(key: string): this {
    this.entries.delete(key);
    return this;
  }
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }
}

export const name = (n: string): PdfName => new PdfName(n);

/** A text string: literal when printable ASCII, else UTF-16BE with BOM (written as hex). */
export function textString(text: string): PdfString {
  if (/^[\x20-\x7e]*$/.test(text)) return new PdfString(new Uint8Array(Buffer.from(text, 'latin1')));
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return new PdfString(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16])), true);
}

/** A byte string (e.g. a PDF date or an /ID element). */
export function byteString(bytes: Uint8Array | string, hex = false): PdfString {
  return new PdfString(typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'latin1')) : bytes, hex);
}

/** The name's text when `v` is a name, else undefined. */
export function nameOf(v: PdfValue | undefined): string | undefined {
  return v instanceof PdfName ? v.name : undefined;
}

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));

/**
 * Equality by meaning: dictionaries regardless of key order, numbers by value (1 = 1.0), strings by
 * their bytes (literal or hex alike), references by number and generation. Depth-bounded.
 */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a === 'number' || typeof b === 'number' || typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  if (a instanceof PdfName) return b instanceof PdfName && a.name === b.name;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && bytesEqual(a.bytes, b.bytes);
  if (a instanceof PdfRaw) return b instanceof PdfRaw && a.text === b.text;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i], depth + 1));
  if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
  for (const [k, v] of a.entries) if (!b.has(k) || !sameValue(v, b.get(k), depth + 1)) return false;
  return true;
}

/** The keys whose values differ by meaning between two dictionaries (added, removed or changed). */
export function changedKeys(before: PdfDict, after: PdfDict): string[] {
  const keys = new Set([...before.entries.keys(), ...after.entries.keys()]);
  return [...keys].filter((k) => !sameValue(before.get(k), after.get(k))).sort();
}
