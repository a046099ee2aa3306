/**
 * Image XObjects for the kop emblem: JPEG passed through (DCTDecode), PNG (8-bit, non-interlaced)
 * decoded enough to split an alpha channel into a soft mask. Owns image parsing; imports the PDF core
 * (objects, file writer), AppError and node:zlib.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { EmblemImage } from '../../model/document-model.ts';
import { AppError } from '../../errors/app-error.ts';
import { PdfDict, PdfRef, PdfString, name, type PdfValue } from '../../pdf/pdf-objects.ts';
import type { PdfObjectSink } from '../../pdf/pdf-file-writer.ts';

const imageDict = (width: number, height: number, entries: Array<[string, PdfValue]>): PdfDict =>
  new PdfDict([['Type', name('XObject')], ['Subtype', name('Image')], ['Width', width], ['Height', height], ['BitsPerComponent', 8], ...entries]);

export interface EmbeddedImage {
  readonly objectNumber: number;
  /** Height / width in pixels. */
  readonly aspect: number;
}

function invalid(message: string): AppError {
  return new AppError('CONFIG_INVALID', `Emblem image: ${message}`);
}

function embedJpeg(writer: PdfObjectSink, data: Uint8Array): EmbeddedImage {
  let i = 2;
  while (i + 9 < data.length) {
    if (data[i] !== 0xff) throw invalid('the JPEG is damaged; export it again as a baseline JPEG or PNG.');
    const marker = data[i + 1] ?? 0;
    const length = ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = ((data[i + 5] ?? 0) << 8) | (data[i + 6] ?? 0);
      const width = ((data[i + 7] ?? 0) << 8) | (data[i + 8] ?? 0);
      const components = data[i + 9] ?? 3;
      const space = components === 1 ? 'DeviceGray' : components === 4 ? 'DeviceCMYK' : 'DeviceRGB';
      const num = writer.alloc();
      writer.writeStream(num, imageDict(width, height, [['ColorSpace', name(space)], ['Filter', name('DCTDecode')]]), data);
      return { objectNumber: num, aspect: height / width };
    }
    i += 2 + length;
  }
  throw invalid('no image size found in the JPEG; export it again as a baseline JPEG or PNG.');
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilter(raw: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] ?? 0;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x] ?? 0;
      const a = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[prev + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (out[prev + x - bpp] ?? 0) : 0;
      let v = value;
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) v += paeth(a, b, c);
      out[row + x] = v & 0xff;
    }
  }
  return out;
}

function embedPng(writer: PdfObjectSink, data: Uint8Array): EmbeddedImage {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let depth = 0;
  let colorType = 0;
  let interlace = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos + 8 <= buf.length) {
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const body = buf.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      depth = body[8] ?? 0;
      colorType = body[9] ?? 0;
      interlace = body[12] ?? 0;
    } else if (type === 'PLTE') palette = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    pos += 12 + length;
  }
  if (width === 0 || height === 0 || idat.length === 0) throw invalid('the PNG has no image data; export it again.');
  if (depth !== 8 || interlace !== 0) throw invalid('only 8-bit, non-interlaced PNG is supported; save the emblem again as such.');
  const compressed = Buffer.concat(idat);
  const num = writer.alloc();
  const aspect = height / width;
  if (colorType === 0 || colorType === 2 || colorType === 3) {
    const colors = colorType === 2 ? 3 : 1;
    let space: PdfValue = name(colorType === 2 ? 'DeviceRGB' : 'DeviceGray');
    if (colorType === 3) {
      if (!palette) throw invalid('the palette PNG has no palette; save it again as RGB.');
      space = [name('Indexed'), name('DeviceRGB'), palette.length / 3 - 1, new PdfString(new Uint8Array(palette), true)];
    }
    const parms = new PdfDict([['Predictor', 15], ['Colors', colors], ['BitsPerComponent', 8], ['Columns', width]]);
    writer.writeStream(num, imageDict(width, height, [['ColorSpace', space], ['Filter', name('FlateDecode')], ['DecodeParms', parms]]), compressed);
    return { objectNumber: num, aspect };
  }
  if (colorType !== 4 && colorType !== 6) throw invalid(`PNG colour type ${colorType} is not supported; save it again as RGB or RGBA.`);
  const channels = colorType === 6 ? 4 : 2;
  const pixels = unfilter(inflateSync(compressed), width, height, channels);
  const colorChannels = channels - 1;
  const color = new Uint8Array(width * height * colorChannels);
  const alpha = new Uint8Array(width * height);
  for (let p = 0, c = 0; p < width * height; p++) {
    for (let k = 0; k < colorChannels; k++) color[c++] = pixels[p * channels + k] ?? 0;
    alpha[p] = pixels[p * channels + colorChannels] ?? 255;
  }
  const maskNum = writer.alloc();
  writer.writeStream(maskNum, imageDict(width, height, [['ColorSpace', name('DeviceGray')], ['Filter', name('FlateDecode')]]), deflateSync(alpha));
  writer.writeStream(
    num,
    imageDict(width, height, [['ColorSpace', name(colorChannels === 3 ? 'DeviceRGB' : 'DeviceGray')], ['SMask', new PdfRef(maskNum, 0)], ['Filter', name('FlateDecode')]]),
    deflateSync(color),
  );
  return { objectNumber: num, aspect };
}

export function embedImage(writer: PdfObjectSink, image: EmblemImage): EmbeddedImage {
  const d = image.data;
  if (image.format === 'jpeg' || (d[0] === 0xff && d[1] === 0xd8)) return embedJpeg(writer, d);
  if (d[0] === 0x89 && d[1] === 0x50 && d[2] === 0x4e && d[3] === 0x47) return embedPng(writer, d);
  throw invalid('the file is neither PNG nor JPEG; supply a PNG or JPEG emblem.');
}
