/**
 * Decoding of the stream data the reader, signer and verifier need: FlateDecode with the PNG and TIFF
 * predictors (cross-reference and object streams, embedded files, compared content). Other filters are
 * refused with PDF_UNSUPPORTED. Output is bounded (a "zip bomb" is refused). Imports Node zlib and the
 * PDF object types.
 */
import { inflateSync } from 'node:zlib';
import { AppError } from '../errors/app-error.ts';
import { PdfDict, PdfName, type PdfValue } from './pdf-objects.ts';

/** Largest decoded stream the reader accepts (a decree's biggest stream is a few MB). */
export const MAX_DECODED_STREAM = 256 * 1024 * 1024;

function unpredict(data: Uint8Array, params: PdfDict | undefined): Uint8Array {
  const predictor = Number(params?.get('Predictor') ?? 1);
  if (predictor < 2) return data;
  const colors = Number(params?.get('Colors') ?? 1);
  const bpc = Number(params?.get('BitsPerComponent') ?? 8);
  const columns = Number(params?.get('Columns') ?? 1);
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLength = Math.ceil((colors * bpc * columns) / 8);
  if (predictor === 2) {
    const out = new Uint8Array(data);
    for (let r = 0; r < out.length; r += rowLength) for (let i = bpp; i < rowLength && r + i < out.length; i++) out[r + i] = (out[r + i]! + out[r + i - bpp]!) & 0xff;
    return out;
  }
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (rowLength + 1)]!;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i]!;
      const left = i >= bpp ? out[dst + i - bpp]! : 0;
      const up = r > 0 ? out[dst - rowLength + i]! : 0;
      const upLeft = r > 0 && i >= bpp ? out[dst - rowLength + i - bpp]! : 0;
      let v: number;
      if (filter === 0) v = raw;
      else if (filter === 1) v = raw + left;
      else if (filter === 2) v = raw + up;
      else if (filter === 3) v = raw + Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        v = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new AppError('PDF_UNSUPPORTED', `Prediktor PNG ${filter} tidak dikenal dalam stream PDF.`);
      out[dst + i] = v & 0xff;
    }
  }
  return out;
}

/** The decoded data of a stream with dictionary `dict`; `resolve` follows indirect /Filter values. */
export function decodeStream(
  dict: PdfDict,
  raw: Uint8Array,
  resolve: (v: PdfValue | undefined) => PdfValue | undefined = (v) => v,
  maxOutput = MAX_DECODED_STREAM,
): Uint8Array {
  const filterValue = resolve(dict.get('Filter'));
  const filters = (Array.isArray(filterValue) ? filterValue : filterValue === undefined || filterValue === null ? [] : [filterValue]).map((f) => resolve(f));
  const parmsValue = resolve(dict.get('DecodeParms'));
  const parms = Array.isArray(parmsValue) ? parmsValue.map((p) => resolve(p)) : [parmsValue];
  let data = raw;
  filters.forEach((f, i) => {
    if (!(f instanceof PdfName) || f.name !== 'FlateDecode') {
      throw new AppError('PDF_UNSUPPORTED', `Filter stream ${f instanceof PdfName ? f.name : '?'} tidak didukung untuk dibaca.`);
    }
    try {
      data = new Uint8Array(inflateSync(data, { maxOutputLength: maxOutput }));
    } catch (cause) {
      throw new AppError('FILE_UNREADABLE', `PDF rusak: stream FlateDecode tidak dapat dibuka (${cause instanceof RangeError ? 'terlalu besar' : 'data zlib rusak'}).`, { cause });
    }
    const p = parms[i];
    data = unpredict(data, p instanceof PdfDict ? p : undefined);
  });
  return data;
}
