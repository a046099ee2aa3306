/**
 * The visible appearance of a signature widget: a thin frame with "Ditandatangani secara elektronik
 * oleh:", the signer's name (bold), jabatan and the signing date and time in the signer's time zone
 * (WIB, WITA or WIT), each line shrunk to fit the box. Set in the body font, embedded as a subset in
 * the signature's update (every font embedded, as PDF/A asks; names outside Latin-1 print). Imports the
 * renderer's font metrics, content stream and font embedder, and the PDF core.
 */
import { loadFontMetrics } from '../render/font-metrics.ts';
import type { FontFiles } from '../render/fonts.ts';
import { ContentStream } from '../render/pdf/content-stream.ts';
import { FontEmbedder } from '../render/pdf/font-embedder.ts';
import type { PdfObjectSink } from '../pdf/pdf-file-writer.ts';
import { PdfDict, name } from '../pdf/pdf-objects.ts';
import { localTime } from '../pdf/pdf-syntax.ts';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** Indonesian names of the zones by offset: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9). */
const ZONE_NAMES: Readonly<Record<number, string>> = { 420: 'WIB', 480: 'WITA', 540: 'WIT' };

/** "24 Maret 2025" in the given IANA time zone (WIB by default). */
export function indonesianDate(date: Date, timeZone = 'Asia/Jakarta'): string {
  const t = localTime(date, timeZone);
  return `${t.d} ${MONTHS[t.mo - 1]} ${t.y}`;
}

/** "24 Maret 2025 09.30 WIB": date and time in the signer's zone (Indonesian time notation). */
export function indonesianDateTime(date: Date, timeZone = 'Asia/Jakarta'): string {
  const t = localTime(date, timeZone);
  const zone = ZONE_NAMES[t.offset] ?? `UTC${t.offset >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(t.offset) / 60)).padStart(2, '0')}:${String(Math.abs(t.offset) % 60).padStart(2, '0')}`;
  return `${t.d} ${MONTHS[t.mo - 1]} ${t.y} ${String(t.h).padStart(2, '0')}.${String(t.mi).padStart(2, '0')} ${zone}`;
}

export interface AppearanceInput {
  readonly width: number;
  readonly height: number;
  readonly name: string;
  readonly jabatan: string;
  readonly dateText: string;
  readonly fonts: FontFiles;
}

/**
 * Writes the /AP /N form XObject and its font objects into `sink`; returns the XObject's number.
 */
export function writeAppearance(input: AppearanceInput, sink: PdfObjectSink): number {
  const { width, height } = input;
  const metrics = loadFontMetrics(input.fonts);
  const embedder = new FontEmbedder(metrics);
  const content = new ContentStream(embedder);
  const lines: Array<{ text: string; style: 'regular' | 'bold'; size: number }> = [
    { text: 'Ditandatangani secara elektronik oleh:', style: 'regular', size: 7 },
    { text: input.name, style: 'bold', size: 9 },
    { text: input.jabatan, style: 'regular', size: 8 },
    { text: input.dateText, style: 'regular', size: 7 },
  ].filter((l) => l.text !== '') as Array<{ text: string; style: 'regular' | 'bold'; size: number }>;
  const pad = 4;
  const natural = lines.reduce((sum, l) => sum + l.size * 1.25, 0);
  // Grow to fill a generous box (up to 1.5×), shrink to fit a small one; each line also fits the width.
  const scale = Math.min(1.5, (height - 2 * pad) / natural);
  const fitted = lines.map((l) => {
    const measured = metrics.widthOf(l.text, l.style, l.size * scale);
    const size = Math.max(3, l.size * scale * Math.min(1, (width - 2 * pad) / Math.max(1, measured)));
    return { ...l, size };
  });
  const block = fitted.reduce((sum, l) => sum + l.size * 1.25, 0);
  content.strokeRect(0.5, 0.5, width - 1, height - 1, 0.4);
  // Centred vertically; baselines sit 1.0 size below each line's top.
  let top = height / 2 + block / 2;
  for (const l of fitted) {
    content.text(l.text, pad, top - l.size, l.style, l.size);
    top -= l.size * 1.25;
  }
  const data = content.toBuffer();
  const fonts = embedder.writeFonts(sink);
  const num = sink.alloc();
  sink.writeStream(
    num,
    new PdfDict([
      ['Type', name('XObject')],
      ['Subtype', name('Form')],
      ['BBox', [0, 0, width, height]],
      ['Resources', new PdfDict([['Font', fonts]])],
    ]),
    data,
  );
  return num;
}
