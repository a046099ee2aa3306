/**
 * Pixel size of a PNG or JPEG, read from its header, so an image drawn at a given width keeps its aspect
 * ratio. Pure; imports the error type only.
 */
import { AppError } from '../../errors/app-error.ts';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

export function imageSize(data: Uint8Array, format: 'png' | 'jpeg'): PixelSize {
  const size = format === 'png' ? pngSize(data) : jpegSize(data);
  if (!size || size.width <= 0 || size.height <= 0) {
    throw new AppError(
      'DOCUMENT_INVALID',
      `Gambar lambang bukan berkas ${format.toUpperCase()} yang sah; periksa berkas lambang yang dikonfigurasi (NASKAH_EMBLEM).`,
      { field: 'emblem' },
    );
  }
  return size;
}

function u16(d: Uint8Array, at: number): number {
  return ((d[at] ?? 0) << 8) | (d[at + 1] ?? 0);
}

function u32(d: Uint8Array, at: number): number {
  return ((d[at] ?? 0) * 0x1000000) + (((d[at + 1] ?? 0) << 16) | ((d[at + 2] ?? 0) << 8) | (d[at + 3] ?? 0));
}

function pngSize(d: Uint8Array): PixelSize | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (d.length < 24 || signature.some((b, i) => d[i] !== b)) return undefined;
  return { width: u32(d, 16), height: u32(d, 20) };
}

function jpegSize(d: Uint8Array): PixelSize | undefined {
  if (d[0] !== 0xff || d[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 9 < d.length) {
    if (d[at] !== 0xff) return undefined;
    const marker = d[at + 1] ?? 0;
    // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16(d, at + 5), width: u16(d, at + 7) };
    }
    at += 2 + u16(d, at + 2);
  }
  return undefined;
}
