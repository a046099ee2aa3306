/**
 * A streaming writer of a whole PDF file: objects are written as they are finished, byte offsets are
 * tracked for a classic xref table (no object streams, no xref streams — signatures are appended as
 * incremental updates and PDF/A-1 validators read classic tables). Owns the file structure (header,
 * objects, streams, xref, trailer with /ID); the syntax of values comes from pdf-syntax.
 * Imports node crypto, the PDF object model, syntax and xref writers, and AppError.
 */
import { createHash, type Hash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { PdfDict, PdfRef, type PdfValue } from './pdf-objects.ts';
import { serialize } from './pdf-syntax.ts';
import { idArray, xrefTable } from './xref-writer.ts';

export type ByteSink = (chunk: Buffer) => void;

/** Where object writers (fonts, images, appearances) put their objects: a whole file or an update. */
export interface PdfObjectSink {
  /** Reserves an object number. */
  alloc(): number;
  writeObject(num: number, value: PdfValue): void;
  /** A stream object; /Length is set by the sink. */
  writeStream(num: number, dict: PdfDict, data: Uint8Array): void;
}

/** Header: version 1.7 and a comment line of four bytes above 127, marking the file as binary. */
const HEADER = Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1');

export class PdfFileWriter implements PdfObjectSink {
  private readonly offsets: number[] = [0];
  private position = 0;
  private readonly hash: Hash = createHash('md5');
  private finished = false;

  constructor(private readonly sink: ByteSink) {
    this.emit(HEADER);
  }

  /** Reserves an object number; the object must be written before `finish`. */
  alloc(): number {
    this.offsets.push(-1);
    return this.offsets.length - 1;
  }

  get bytesWritten(): number {
    return this.position;
  }

  writeObject(num: number, value: PdfValue): void {
    this.mark(num);
    this.emit(Buffer.from(`${num} 0 obj\n${serialize(value)}\nendobj\n`, 'latin1'));
  }

  /** Writes a stream object; /Length is set here. */
  writeStream(num: number, dict: PdfDict, data: Uint8Array): void {
    this.mark(num);
    const d = dict.clone().set('Length', data.length);
    this.emit(Buffer.from(`${num} 0 obj\n${serialize(d)}\nstream\n`, 'latin1'));
    this.emit(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.emit(Buffer.from('\nendstream\nendobj\n', 'latin1'));
  }

  /** Writes xref and trailer; both /ID elements are derived from every byte written plus `idSeed`. */
  finish(root: number, info: number, idSeed: string): void {
    const missing = this.offsets.findIndex((o, i) => i > 0 && o < 0);
    if (missing > 0) throw new AppError('INTERNAL', `PDF object ${missing} was reserved but never written (renderer bug).`);
    const id = new Uint8Array(this.hash.update(idSeed).digest());
    this.finished = true;
    const xrefAt = this.position;
    const rows = this.offsets.slice(1).map((offset, i) => ({ num: i + 1, offset, gen: 0 }));
    const trailer = new PdfDict([
      ['Size', this.offsets.length],
      ['Root', new PdfRef(root, 0)],
      ['Info', new PdfRef(info, 0)],
      ['ID', idArray(id, id)],
    ]);
    this.emit(Buffer.from(`${xrefTable(rows, true)}trailer\n${serialize(trailer)}\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
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
