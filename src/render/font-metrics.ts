/**
 * Font metrics for layout: glyph lookup and advance widths of the four body faces, measured with
 * fontkit 2.x. Owns the per-character and per-string width caches. Imports fontkit, the font files type
 * and AppError only — no PDF library — so the DOCX renderer can size label columns with `widthOf` too.
 */
import * as fontkit from 'fontkit';
import type { FontkitFont } from 'fontkit';
import { AppError } from '../errors/app-error.ts';
import type { FontFiles } from './fonts.ts';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export const FONT_STYLES: readonly FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

export interface GlyphInfo {
  /** Glyph id in the full font (0 = .notdef when the font lacks the character, -1 = invisible, not drawn). */
  readonly gid: number;
  /** Advance width in thousandths of an em. */
  readonly advance: number;
  readonly codePoint: number;
}

export interface FaceMetrics {
  readonly style: FontStyle;
  /** The parsed font, for the PDF embedder (subsetting). */
  readonly font: FontkitFont;
  readonly postscriptName: string;
  /** Whether the outlines are CFF (OpenType/CFF) rather than TrueType. */
  readonly isCff: boolean;
  /** Vertical metrics in thousandths of an em. */
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: readonly [number, number, number, number];
  glyph(codePoint: number): GlyphInfo;
  /** Advance of a whole string in thousandths of an em (cached per distinct string). */
  advanceOf(text: string): number;
}

export interface FontMetrics {
  readonly familyName: string;
  face(style: FontStyle): FaceMetrics;
  /** Width of `text` set in `style` at `size` pt, in pt. No kerning, no ligatures. */
  widthOf(text: string, style: FontStyle, size: number): number;
}

export function styleOf(bold: boolean | undefined, italic: boolean | undefined): FontStyle {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/** Characters drawn with another character's glyph (tabs and no-break spaces become spaces). */
function normaliseCodePoint(cp: number): number {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d || cp === 0xa0 || cp === 0x202f) return 0x20;
  return cp;
}

/** Stand-ins for characters a configured font may lack (typographic variants pasted from Word). */
const FALLBACK: ReadonlyMap<number, number> = new Map([
  [0x2010, 0x2d], // hyphen
  [0x2011, 0x2d], // non-breaking hyphen
  [0x2012, 0x2d], // figure dash
  [0x2212, 0x2d], // minus
  [0x2007, 0x20], // figure space
  [0x2009, 0x20], // thin space
  [0x200a, 0x20], // hair space
  [0x2018, 0x27],
  [0x2019, 0x27],
  [0x201c, 0x22],
  [0x201d, 0x22],
  [0x2026, 0x2e], // ellipsis → "." (better than a missing-glyph box)
]);

/** Invisible format characters: no glyph, no width. */
const INVISIBLE: ReadonlySet<number> = new Set([0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);

const STRING_CACHE_LIMIT = 20_000;
const SHORT_STRING = 24;

class Face implements FaceMetrics {
  readonly postscriptName: string;
  readonly isCff: boolean;
  readonly ascent: number;
  readonly descent: number;
  readonly capHeight: number;
  readonly italicAngle: number;
  readonly bbox: readonly [number, number, number, number];
  private readonly scale: number;
  /**
   * Code points below 0x3000 in an array, the rest in a map. Allocated whole: an empty array written
   * at index 0x2026 (the "…" of every "NOMOR : …") would turn into a slow dictionary.
   */
  private readonly low: (GlyphInfo | undefined)[] = new Array<GlyphInfo | undefined>(0x3000).fill(undefined);
  private readonly glyphs = new Map<number, GlyphInfo>();
  private readonly strings = new Map<string, number>();

  constructor(
    readonly style: FontStyle,
    readonly font: FontkitFont,
  ) {
    this.scale = 1000 / font.unitsPerEm;
    this.postscriptName = font.postscriptName;
    this.isCff = font['CFF '] !== undefined;
    this.ascent = font.ascent * this.scale;
    this.descent = font.descent * this.scale;
    this.capHeight = font.capHeight * this.scale;
    this.italicAngle = font.italicAngle;
    const b = font.bbox;
    this.bbox = [b.minX * this.scale, b.minY * this.scale, b.maxX * this.scale, b.maxY * this.scale];
  }

  glyph(codePoint: number): GlyphInfo {
    const hit = codePoint < 0x3000 ? this.low[codePoint] : this.glyphs.get(codePoint);
    if (hit) return hit;
    let cp = normaliseCodePoint(codePoint);
    let info: GlyphInfo;
    if (INVISIBLE.has(cp)) {
      info = { gid: -1, advance: 0, codePoint: cp };
    } else {
      let g = this.font.glyphForCodePoint(cp);
      const fallback = FALLBACK.get(cp);
      if (g.id === 0 && fallback !== undefined) {
        cp = fallback;
        g = this.font.glyphForCodePoint(cp);
      }
      info = { gid: g.id, advance: Math.round(g.advanceWidth * this.scale * 1000) / 1000, codePoint: cp };
    }
    if (codePoint < 0x3000) this.low[codePoint] = info;
    else this.glyphs.set(codePoint, info);
    return info;
  }

  advanceOf(text: string): number {
    // Short strings are summed directly: as cheap as hashing them for a lookup, and unique ones
    // (NIK, No KK) would only churn the cache.
    const cached = text.length > SHORT_STRING;
    if (cached) {
      const hit = this.strings.get(text);
      if (hit !== undefined) return hit;
    }
    let sum = 0;
    for (let i = 0; i < text.length; i++) {
      let cp = text.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
        cp = text.codePointAt(i) ?? cp;
        i++;
      }
      sum += this.glyph(cp).advance;
    }
    if (cached) {
      if (this.strings.size >= STRING_CACHE_LIMIT) this.strings.clear();
      this.strings.set(text, sum);
    }
    return sum;
  }
}

const loaded = new WeakMap<FontFiles, FontMetrics>();

/** Parses the four faces once per FontFiles object; later calls return the same metrics and caches. */
export function loadFontMetrics(fonts: FontFiles): FontMetrics {
  const hit = loaded.get(fonts);
  if (hit) return hit;
  const faces = {} as Record<FontStyle, Face>;
  for (const style of FONT_STYLES) {
    let font: FontkitFont;
    try {
      font = fontkit.create(Buffer.from(fonts[style].buffer, fonts[style].byteOffset, fonts[style].byteLength));
    } catch (cause) {
      throw new AppError('FONT_INVALID', `The ${style} font file cannot be parsed; configure an OpenType or TrueType font.`, { cause });
    }
    if (typeof (font as Partial<FontkitFont>).glyphForCodePoint !== 'function') {
      throw new AppError('FONT_INVALID', `The ${style} font file is a collection; configure a single OpenType or TrueType font.`);
    }
    faces[style] = new Face(style, font);
  }
  const metrics: FontMetrics = {
    familyName: fonts.familyName,
    face: (style) => faces[style],
    widthOf: (text, style, size) => (faces[style].advanceOf(text) * size) / 1000,
  };
  loaded.set(fonts, metrics);
  return metrics;
}
