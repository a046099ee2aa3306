/**
 * Subset font embedding for the streaming PDF writer. Owns the glyph-id → CID assignment (CIDs are
 * the subset's glyph ids, assigned the first time a character is drawn, so pages can be written before
 * the subset exists), the per-string code cache, and the font objects written once at the end: Type0 /
 * Identity-H over CIDFontType0 (CFF, FontFile3/CIDFontType0C) or CIDFontType2 (TrueType, FontFile2),
 * with widths and a ToUnicode CMap so text extracts. Imports font metrics, the writer and node:zlib.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { FontkitSubset } from 'fontkit';
import { FONT_STYLES, type FaceMetrics, type FontMetrics, type FontStyle } from '../font-metrics.ts';
import { num, type PdfWriter } from './pdf-writer.ts';

export const FONT_RESOURCE: Readonly<Record<FontStyle, string>> = { regular: 'F1', bold: 'F2', italic: 'F3', boldItalic: 'F4' };

const STRING_CACHE_LIMIT = 20_000;
const SHORT_STRING = 24;

/** One byte of a PDF literal string: "(", ")", "\\" and CR escaped (a bare CR would be read as LF). */
function literalByte(byte: number): string {
  if (byte === 0x28 || byte === 0x29 || byte === 0x5c) return `\\${String.fromCharCode(byte)}`;
  if (byte === 0x0d) return '\\r';
  return String.fromCharCode(byte);
}

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
  write(writer: PdfWriter): number {
    const face = this.face;
    const fontBytes = this.subset.encode();
    const cidCount = this.unicode.length;
    const tag = subsetTag(face.postscriptName, this.unicode);
    const baseFont = `/${tag}+${face.postscriptName.replace(/[^A-Za-z0-9-]/g, '')}`;

    const fileNum = writer.alloc();
    const fileDict = face.isCff ? ' /Subtype /CIDFontType0C /Filter /FlateDecode' : ` /Length1 ${fontBytes.length} /Filter /FlateDecode`;
    writer.writeStream(fileNum, fileDict, deflateSync(fontBytes));

    const descNum = writer.alloc();
    const italic = face.style === 'italic' || face.style === 'boldItalic';
    const bold = face.style === 'bold' || face.style === 'boldItalic';
    const flags = 4 | (italic ? 64 : 0);
    writer.writeObject(
      descNum,
      `<< /Type /FontDescriptor /FontName ${baseFont} /Flags ${flags} /FontBBox [${face.bbox.map((v) => num(Math.round(v))).join(' ')}]` +
        ` /ItalicAngle ${num(face.italicAngle)} /Ascent ${num(Math.round(face.ascent))} /Descent ${num(Math.round(face.descent))}` +
        ` /CapHeight ${num(Math.round(face.capHeight))} /StemV ${bold ? 120 : 80} ${face.isCff ? '/FontFile3' : '/FontFile2'} ${fileNum} 0 R >>`,
    );

    const widths: string[] = [];
    for (let cid = 0; cid < cidCount; cid++) widths.push(num(this.widths[cid] ?? 0));
    const cidNum = writer.alloc();
    writer.writeObject(
      cidNum,
      `<< /Type /Font /Subtype ${face.isCff ? '/CIDFontType0' : '/CIDFontType2'} /BaseFont ${baseFont}` +
        ` /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descNum} 0 R` +
        `${face.isCff ? '' : ' /CIDToGIDMap /Identity'} /DW 1000 /W [0 [${widths.join(' ')}]] >>`,
    );

    const cmapNum = writer.alloc();
    writer.writeStream(cmapNum, ' /Filter /FlateDecode', deflateSync(Buffer.from(toUnicodeCMap(this.unicode), 'latin1')));

    const type0Num = writer.alloc();
    writer.writeObject(
      type0Num,
      `<< /Type /Font /Subtype /Type0 /BaseFont ${baseFont} /Encoding /Identity-H /DescendantFonts [${cidNum} 0 R] /ToUnicode ${cmapNum} 0 R >>`,
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

  /** Writes the used faces; returns the /Font resource dictionary entries. */
  writeFonts(writer: PdfWriter): string {
    const entries: string[] = [];
    for (const style of FONT_STYLES) {
      const face = this.faces[style];
      if (!face.used) continue;
      entries.push(`/${FONT_RESOURCE[style]} ${face.write(writer)} 0 R`);
    }
    return entries.join(' ');
  }
}
