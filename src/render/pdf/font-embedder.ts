/**
 * Subset font embedding for the streaming PDF writer. Owns the glyph-id → CID assignment (CIDs are
 * the subset's glyph ids, assigned the first time a character is drawn, so pages can be written before
 * the subset exists), the per-string code cache, and the font objects written once at the end: Type0 /
 * Identity-H over CIDFontType0 (CFF, FontFile3/CIDFontType0C) or CIDFontType2 (TrueType, FontFile2),
 * with widths, a CIDSet and a ToUnicode CMap so text extracts. Writes into any PdfObjectSink (the whole
 * file, or a signature's incremental update). Imports font metrics, the PDF core and node:zlib.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FontkitSubset } from 'fontkit';
import { FONT_STYLES, type FaceMetrics, type FontMetrics, type FontStyle } from '../font-metrics.ts';
import type { PdfObjectSink } from '../../pdf/pdf-file-writer.ts';
import { PdfDict, PdfRef, byteString, name } from '../../pdf/pdf-objects.ts';
import { literalByte } from '../../pdf/pdf-syntax.ts';

export const FONT_RESOURCE: Readonly<Record<FontStyle, string>> = { regular: 'F1', bold: 'F2', italic: 'F3', boldItalic: 'F4' };

const STRING_CACHE_LIMIT = 20_000;
const SHORT_STRING = 24;

class EmbeddedFace {
  used = false;
  private readonly subset: FontkitSubset;
  /** cid → Unicode code point (0 when unknown). */
  private readonly unicode: number[] = [0];
  /** cid → advance in thousandths of an em. */
  private readonly widths: number[] = [];
  /**
   * Code point → its CID as two literal-string bytes (escaped where PDF needs it): below 0x3000 in an
   * array allocated whole (written sparsely, a growing array would become a slow dictionary), above
   * in a map.
   */
  private readonly wideCode = new Map<number, string>();
  private readonly charCode: (string | undefined)[] = new Array<string | undefined>(0x3000).fill(undefined);
  private readonly strings = new Map<string, string>();

  constructor(readonly face: FaceMetrics) {
    this.subset = face.font.createSubset();
    this.widths.push(face.glyph(0).gid === 0 ? face.glyph(0).advance : 0);
  }

  private codeOf(cp: number): string {
    const hit = cp < 0x3000 ? this.charCode[cp] : this.wideCode.get(cp);
    if (hit !== undefined) return hit;
    const g = this.face.glyph(cp);
    if (g.gid < 0) {
      if (cp < 0x3000) this.charCode[cp] = '';
      else this.wideCode.set(cp, '');
      return '';
    }
    const cid = this.subset.includeGlyph(g.gid);
    if (this.unicode[cid] === undefined || this.unicode[cid] === 0) {
      this.unicode[cid] = g.gid === 0 ? 0 : g.codePoint;
      this.widths[cid] = g.advance;
    }
    const code = literalByte(cid >> 8) + literalByte(cid & 0xff);
    if (cp < 0x3000) this.charCode[cp] = code;
    else this.wideCode.set(cp, code);
    return code;
  }

  /** `text` as 2-byte CIDs inside a PDF literal string (without the parentheses). */
  encode(text: string): string {
    // Only long strings are cached: short ones encode as fast as they hash, and unique ones (NIK)
    // would only churn the cache.
    const cached = text.length > SHORT_STRING;
    if (cached) {
      const hit = this.strings.get(text);
      if (hit !== undefined) return hit;
    }
    this.used = true;
    let code = '';
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        cp = text.codePointAt(i) ?? cp;
        i++;
      }
      code += this.codeOf(cp);
    }
    if (cached) {
      if (this.strings.size >= STRING_CACHE_LIMIT) this.strings.clear();
      this.strings.set(text, code);
    }
    return code;
  }

  /** Writes the font objects; returns the Type0 font's object number. */
  write(sink: PdfObjectSink): number {
    const face = this.face;
    const fontBytes = this.subset.encode();
    const cidCount = this.unicode.length;
    const tag = subsetTag(face.postscriptName, this.unicode);
    const baseFont = name(`${tag}+${face.postscriptName.replace(/[^A-Za-z0-9-]/g, '')}`);

    const fileNum = sink.alloc();
    const fileDict = face.isCff
      ? new PdfDict([['Subtype', name('CIDFontType0C')], ['Filter', name('FlateDecode')]])
      : new PdfDict([['Length1', fontBytes.length], ['Filter', name('FlateDecode')]]);
    sink.writeStream(fileNum, fileDict, deflateSync(fontBytes));

    // CIDSet: every CID of the subset is present (PDF/A-1 requires it for subset CIDFonts).
    const cidSet = new Uint8Array(Math.ceil(cidCount / 8));
    for (let cid = 0; cid < cidCount; cid++) cidSet[cid >> 3]! |= 0x80 >> (cid & 7);
    const cidSetNum = sink.alloc();
    sink.writeStream(cidSetNum, new PdfDict([['Filter', name('FlateDecode')]]), deflateSync(cidSet));

    const descNum = sink.alloc();
    const italic = face.style === 'italic' || face.style === 'boldItalic';
    const bold = face.style === 'bold' || face.style === 'boldItalic';
    sink.writeObject(
      descNum,
      new PdfDict([
        ['Type', name('FontDescriptor')],
        ['FontName', baseFont],
        ['Flags', 4 | (italic ? 64 : 0)],
        ['FontBBox', face.bbox.map((v) => Math.round(v))],
        ['ItalicAngle', face.italicAngle],
        ['Ascent', Math.round(face.ascent)],
        ['Descent', Math.round(face.descent)],
        ['CapHeight', Math.round(face.capHeight)],
        ['StemV', bold ? 120 : 80],
        [face.isCff ? 'FontFile3' : 'FontFile2', new PdfRef(fileNum, 0)],
        ['CIDSet', new PdfRef(cidSetNum, 0)],
      ]),
    );

    const widths: number[] = [];
    for (let cid = 0; cid < cidCount; cid++) widths.push(Math.round((this.widths[cid] ?? 0) * 100) / 100);
    const cidNum = sink.alloc();
    const cidFont = new PdfDict([
      ['Type', name('Font')],
      ['Subtype', name(face.isCff ? 'CIDFontType0' : 'CIDFontType2')],
      ['BaseFont', baseFont],
      ['CIDSystemInfo', new PdfDict([['Registry', byteString('Adobe')], ['Ordering', byteString('Identity')], ['Supplement', 0]])],
      ['FontDescriptor', new PdfRef(descNum, 0)],
    ]);
    if (!face.isCff) cidFont.set('CIDToGIDMap', name('Identity'));
    cidFont.set('DW', 1000).set('W', [0, widths]);
    sink.writeObject(cidNum, cidFont);

    const cmapNum = sink.alloc();
    sink.writeStream(cmapNum, new PdfDict([['Filter', name('FlateDecode')]]), deflateSync(Buffer.from(toUnicodeCMap(this.unicode), 'latin1')));

    const type0Num = sink.alloc();
    sink.writeObject(
      type0Num,
      new PdfDict([
        ['Type', name('Font')],
        ['Subtype', name('Type0')],
        ['BaseFont', baseFont],
        ['Encoding', name('Identity-H')],
        ['DescendantFonts', [new PdfRef(cidNum, 0)]],
        ['ToUnicode', new PdfRef(cmapNum, 0)],
      ]),
    );
    return type0Num;
  }
}

/** Six capital letters derived from the face and its glyph set, so equal inputs give equal tags. */
function subsetTag(name: string, unicode: readonly number[]): string {
  const digest = createHash('sha256').update(name).update(unicode.join(',')).digest();
  let tag = '';
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + ((digest[i] ?? 0) % 26));
  return tag;
}

function utf16Hex(cp: number): string {
  if (cp <= 0xffff) return cp.toString(16).padStart(4, '0').toUpperCase();
  const v = cp - 0x10000;
  return ((0xd800 + (v >> 10)).toString(16) + (0xdc00 + (v & 0x3ff)).toString(16)).toUpperCase();
}

function toUnicodeCMap(unicode: readonly number[]): string {
  const entries: string[] = [];
  unicode.forEach((cp, cid) => {
    if (cp > 0) entries.push(`<${cid.toString(16).padStart(4, '0').toUpperCase()}> <${utf16Hex(cp)}>`);
  });
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...chunks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** The four faces of one document: hex glyph strings for content streams, font objects at the end. */
export class FontEmbedder {
  private readonly faces: Record<FontStyle, EmbeddedFace>;

  constructor(metrics: FontMetrics) {
    this.faces = {
      regular: new EmbeddedFace(metrics.face('regular')),
      bold: new EmbeddedFace(metrics.face('bold')),
      italic: new EmbeddedFace(metrics.face('italic')),
      boldItalic: new EmbeddedFace(metrics.face('boldItalic')),
    };
  }

  /** `text` as 2-byte CIDs for a `(…) Tj` operand (Identity-H), escaped, without the parentheses. */
  encode(text: string, style: FontStyle): string {
    return this.faces[style].encode(text);
  }

  /** Writes the used faces; returns the /Font resource dictionary. */
  writeFonts(sink: PdfObjectSink): PdfDict {
    const fonts = new PdfDict();
    for (const style of FONT_STYLES) {
      const face = this.faces[style];
      if (!face.used) continue;
      fonts.set(FONT_RESOURCE[style], new PdfRef(face.write(sink), 0));
    }
    return fonts;
  }
}
