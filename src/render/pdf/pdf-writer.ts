/**
 * A streaming PDF object writer: objects are written as they are finished, byte offsets are tracked
 * for a classic xref table (no object streams, no xref streams — the signer appends incremental
 * updates). Owns the file syntax (header, objects, streams, xref, trailer) and PDF string encoding.
 * Imports node built-ins and AppError.
 */
import { createHash, type Hash } from 'node:crypto';
import { AppError } from '../../errors/app-error.ts';

export type ByteSink = (chunk: Buffer) => void;

export class PdfWriter {
  private readonly offsets: number[] = [0];
  private position = 0;
  private readonly hash: Hash = createHash('md5');
  private finished = false;

  constructor(private readonly sink: ByteSink) {
    this.emit(Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'));
  }

  /** Reserves an object number; the object must be written before `finish`. */
  alloc(): number {
    this.offsets.push(-1);
    return this.offsets.length - 1;
  }

  get bytesWritten(): number {
    return this.position;
  }

  writeObject(num: number, body: string): void {
    this.mark(num);
    this.emit(Buffer.from(`${num} 0 obj\n${body}\nendobj\n`, 'latin1'));
  }

  /** `dict` is the inside of the stream dictionary without /Length. */
  writeStream(num: number, dict: string, data: Uint8Array): void {
    this.mark(num);
    this.emit(Buffer.from(`${num} 0 obj\n<<${dict} /Length ${data.length}>>\nstream\n`, 'latin1'));
    this.emit(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.emit(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }

  /** Writes xref and trailer; the /ID is derived from every byte written plus `idSeed`. */
  finish(root: number, info: number, idSeed: string): void {
    const missing = this.offsets.findIndex((o, i) => i > 0 && o < 0);
    if (missing > 0) throw new AppError('INTERNAL', `PDF object ${missing} was reserved but never written (renderer bug).`);
    const id = this.hash.update(idSeed).digest('hex');
    this.finished = true;
    const xrefAt = this.position;
    const lines = [`xref\n0 ${this.offsets.length}\n`, '0000000000 65535 f \n'];
    for (let i = 1; i < this.offsets.length; i++) lines.push(`${String(this.offsets[i]).padStart(10, '0')} 00000 n \n`);
    lines.push(`trailer\n<< /Size ${this.offsets.length} /Root ${root} 0 R /Info ${info} 0 R /ID [<${id}> <${id}>] >>\n`);
    lines.push(`startxref\n${xrefAt}\n%%EOF\n`);
    this.emit(Buffer.from(lines.join(''), 'latin1'));
  }

  private mark(num: number): void {
    if (this.offsets[num] !== -1) throw new AppError('INTERNAL', `PDF object ${num} is not reserved or already written (renderer bug).`);
    this.offsets[num] = this.position;
  }

  private emit(chunk: Buffer): void {
    this.position += chunk.length;
    if (!this.finished) this.hash.update(chunk);
    this.sink(chunk);
  }
}

/** A PDF text string: literal for printable ASCII, UTF-16BE hex with BOM otherwise. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** D:YYYYMMDDHHmmSSZ in UTC. */
export function pdfDate(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `(D:${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z)`;
}

/** A number for content streams and dictionaries: at most 2 decimals, no exponent, no "-0". */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return r === 0 ? '0' : String(r);
}
