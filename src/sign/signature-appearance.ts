/**
 * The visible appearance of a signature widget: a thin frame with "Ditandatangani secara elektronik",
 * the signer's name (bold), jabatan and the date, in the standard Helvetica fonts (WinAnsiEncoding),
 * each line shrunk to fit the box. Pure. Imports the PDF object types.
 */
import { PdfDict, name } from '../pdf/pdf-objects.ts';

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** "24 Maret 2025" in the given IANA time zone (WIB by default). */
export function indonesianDate(date: Date, timeZone = 'Asia/Jakarta'): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return `${get('day')} ${MONTHS[get('month') - 1]} ${get('year')}`;
}

/** Text for a WinAnsi literal string: Latin-1 kept, anything else replaced by "?", ( ) \ escaped. */
function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const b = c >= 0x20 && c <= 0xff && !(c >= 0x7f && c < 0xa0) ? ch : '?';
    out += b === '(' || b === ')' || b === '\\' ? `\\${b}` : b;
  }
  return out;
}

export interface AppearanceInput {
  readonly width: number;
  readonly height: number;
  readonly name: string;
  readonly jabatan: string;
  readonly dateText: string;
}

export interface Appearance {
  readonly dict: PdfDict;
  readonly content: Uint8Array;
  /** Font dictionaries the resources refer to as /F1 (regular) and /F2 (bold). */
  readonly fonts: { readonly regular: PdfDict; readonly bold: PdfDict };
}

const fontDict = (base: string) =>
  new PdfDict([
    ['Type', name('Font')],
    ['Subtype', name('Type1')],
    ['BaseFont', name(base)],
    ['Encoding', name('WinAnsiEncoding')],
  ]);

/** Content and dictionary of the /AP /N form XObject; the caller fills in /Resources font references. */
export function buildAppearance(input: AppearanceInput): Appearance {
  const { width, height } = input;
  const lines: Array<{ text: string; font: 'F1' | 'F2'; size: number }> = [
    { text: 'Ditandatangani secara elektronik oleh:', font: 'F1', size: 7 },
    { text: input.name, font: 'F2', size: 9 },
    { text: input.jabatan, font: 'F1', size: 8 },
    { text: input.dateText, font: 'F1', size: 7 },
  ];
  const pad = 4;
  const natural = lines.reduce((sum, l) => sum + l.size * 1.25, 0);
  // Grow to fill a generous box (up to 1.5×), shrink to fit a small one; each line also fits the width.
  const scale = Math.min(1.5, (height - 2 * pad) / natural);
  // Helvetica averages ~0.5 em per character for mixed text; bold a little wider.
  const fitted = lines.map((l) => {
    const em = l.font === 'F2' ? 0.58 : 0.52;
    const size = Math.max(3, Math.min(l.size * scale, (width - 2 * pad) / Math.max(1, l.text.length * em)));
    return { ...l, size };
  });
  const block = fitted.reduce((sum, l) => sum + l.size * 1.25, 0);
  // Centred vertically; baselines sit 1.0 size below each line's top.
  let top = height / 2 + block / 2;
  let ops = `q 0.4 w 0.2 0.2 0.2 RG 0.5 0.5 ${(width - 1).toFixed(2)} ${(height - 1).toFixed(2)} re S Q\n`;
  ops += 'BT 0 0 0 rg\n';
  for (const l of fitted) {
    const y = top - l.size;
    top -= l.size * 1.25;
    ops += `/${l.font} ${l.size.toFixed(2)} Tf 1 0 0 1 ${pad} ${y.toFixed(2)} Tm (${winAnsi(l.text)}) Tj\n`;
  }
  ops += 'ET\n';
  const dict = new PdfDict([
    ['Type', name('XObject')],
    ['Subtype', name('Form')],
    ['BBox', [0, 0, width, height]],
  ]);
  return { dict, content: new Uint8Array(Buffer.from(ops, 'latin1')), fonts: { regular: fontDict('Helvetica'), bold: fontDict('Helvetica-Bold') } };
}
