/**
 * Text widths for the DOCX renderer's label and marker columns. Owns the bridge to the shared font
 * metrics (`loadFontMetrics(fonts).widthOf(text, style, size)` in src/render/font-metrics.ts, written
 * for the PDF renderer) so both renderers size the same columns alike.
 *
 * TEMPORARY: until src/render/font-metrics.ts lands, widths come from a per-character estimate of
 * Bookman-like proportions below. Switch `createTextMeasure` to the shared metrics then; nothing else in
 * render/docx measures text. May import the model and render/fonts only.
 */
import type { FontFiles } from '../fonts.ts';
import type { TextRun } from '../../model/document-model.ts';

export type FontStyle = 'regular' | 'bold' | 'italic' | 'boldItalic';

export interface TextMeasure {
  /** Advance width of `text` in pt. */
  widthOf(text: string, style: FontStyle, size: number): number;
}

export function styleOf(run: Pick<TextRun, 'bold' | 'italic'>): FontStyle {
  if (run.bold && run.italic) return 'boldItalic';
  if (run.bold) return 'bold';
  if (run.italic) return 'italic';
  return 'regular';
}

export function widthOfRuns(measure: TextMeasure, runs: readonly TextRun[], size: number): number {
  let width = 0;
  for (const run of runs) width += measure.widthOf(run.text, styleOf(run), size);
  return width;
}

// Approximate advance widths in em for TeX Gyre Bonum / Bookman (a wide face).
const NARROW = new Set([...'iljtfrI.,:;\'!|()[]-']);
const WIDE = new Set([...'mwMWÆŒ']);

function estimateEm(ch: string, bold: boolean): number {
  let em: number;
  if (ch === ' ') em = 0.25;
  else if (NARROW.has(ch)) em = 0.32;
  else if (WIDE.has(ch)) em = 0.9;
  else if (ch >= 'A' && ch <= 'Z') em = 0.72;
  else if (ch >= '0' && ch <= '9') em = 0.62;
  else em = 0.56;
  return bold ? em * 1.06 : em;
}

export function createTextMeasure(_fonts: FontFiles): TextMeasure {
  return {
    widthOf(text, style, size) {
      const bold = style === 'bold' || style === 'boldItalic';
      let em = 0;
      for (const ch of text) em += estimateEm(ch, bold);
      return em * size;
    },
  };
}
