/** A small RGBA PNG (a filled circle) made in memory, for emblem tests: no image file in the repository. */
import zlib, { deflateSync } from 'node:zlib';

function crc32(data: Buffer): number {
  return (zlib as unknown as { crc32(d: Buffer): number }).crc32(data);
}

function chunk(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([len, typed, crc]);
}

/** A small RGBA PNG: a red disc on transparent ground, filter type 1 (Sub) on odd rows to exercise unfiltering. */
export function rgbaPng(w: number, h: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  const raw: number[] = [];
  for (let y = 0; y < h; y++) {
    const row: number[] = [];
    for (let x = 0; x < w; x++) {
      const inside = (x - w / 2) ** 2 + (y - h / 2) ** 2 < (w / 2.2) ** 2;
      row.push(200, 20, 20, inside ? 255 : 0);
    }
    if (y % 2 === 1) {
      raw.push(1);
      row.forEach((v, i) => raw.push((v - (i >= 4 ? row[i - 4]! : 0)) & 0xff));
    } else {
      raw.push(0, ...row);
    }
  }
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.from(raw))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
