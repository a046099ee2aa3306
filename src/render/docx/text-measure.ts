/**
 * Text widths for the DOCX renderer's label and marker columns, from the shared font metrics
 * (src/render/font-metrics.ts, also used by the PDF renderer), so both renderers size the same columns
 * alike. Nothing else in render/docx measures text. May import the model and render/font-metrics.
 */
import type { FontFiles } from '../fonts.ts';
import { loadFontMetrics, styleOf as metricsStyleOf, type FontStyle } from '../font-metrics.ts';
import type { TextRun } from '../../model/document-model.ts';

export type { FontStyle };

export interface TextMeasure {
  /** Advance width of `text` in pt. */
  widthOf(text: string, style: FontStyle, size: number): number;
  /**
   * The regular face's own line height (ascent + descent) in em: what Word and LibreOffice call
   * "single" line spacing. TeX Gyre Bonum: 1.337.
   */
  readonly naturalLineHeight: number;
}

export function styleOf(run: Pick<TextRun, 'bold' | 'italic'>): FontStyle {
  return metricsStyleOf(run.bold, run.italic);
}

export function widthOfRuns(measure: TextMeasure, runs: readonly TextRun[], size: number): number {
  let width = 0;
  for (const run of runs) width += measure.widthOf(run.text, styleOf(run), size);
  return width;
}

export function createTextMeasure(fonts: FontFiles): TextMeasure {
  const metrics = loadFontMetrics(fonts);
  const regular = metrics.face('regular');
  const natural = (regular.ascent - regular.descent) / 1000;
  return {
    widthOf: (text, style, size) => metrics.widthOf(text, style, size),
    naturalLineHeight: natural > 0.5 && natural < 3 ? natural : 1.2,
  };
}
