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
  return loadFontMetrics(fonts);
}
