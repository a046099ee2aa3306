/**
 * The rule both renderers apply to the text of a table cell, from the line breaker's rules
 * (line-breaker.ts): a token that must stay whole (holding a digit, or any token of an `utuh` column)
 * and is wider than the cell is refused, naming the column and the width needed; a word too wide for
 * the cell may break after "/" or at an Indonesian hyphenation point. The PDF breaks lines itself; for
 * Word and LibreOffice, `fitCellText` marks those points in the text (a zero-width space after "/", a
 * soft hyphen at a syllable), which they honour with a visible hyphen, only where a word does not fit.
 * Pure; imports the font metrics, the hyphenation points and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import type { FontMetrics, FontStyle } from './font-metrics.ts';
import { hyphenationPoints } from './hyphenate.ts';

export interface CellColumn {
  /** The column's header, named when a value does not fit. */
  readonly header: string;
  /** Declared `utuh`: no token of the column is ever broken. */
  readonly unbreakable: boolean;
}

const cmText = (pt: number): string => ((pt * 2.54) / 72).toFixed(2).replace('.', ',');

/** The error for a value that must stay whole and is wider than its column's text box. */
export function columnTooNarrow(column: string, token: string, needed: number, box: number): AppError {
  return new AppError(
    'TEMPLATE_INVALID',
    `Kolom "${column}" terlalu sempit untuk "${token.slice(0, 40)}", yang tidak boleh dipenggal: perlu ${cmText(needed)} cm teks, kolomnya ${cmText(box)} cm. Perbesar lebar kolom itu (<kolom lebar="…">, lihat docs/templates.md §4) atau perkecil ukuran huruf tabel.`,
    { field: `kolom ${column}`, details: { column, token: token.slice(0, 40), needed, available: box } },
  );
}

/** Holds a digit: never broken (NIK, No KK, dates, amounts). */
export function mustStayWhole(token: string, column: CellColumn): boolean {
  return column.unbreakable || /\p{N}/u.test(token);
}

const SOFT_HYPHEN = '\u00ad';
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * `text` for a cell `box` pt wide as Word should break it: unchanged when every word fits; a word too
 * wide gets break points (after "/", and soft hyphens at its syllables); a token that must stay whole
 * and does not fit is refused.
 */
export function fitCellText(text: string, box: number, size: number, style: FontStyle, metrics: FontMetrics, column: CellColumn): string {
  if (text === '' || metrics.widthOf(text, style, size) <= box) return text;
  let changed = false;
  const out = text.split(/( +)/).map((token) => {
    if (token.trim() === '' || metrics.widthOf(token, style, size) <= box) return token;
    if (mustStayWhole(token, column)) throw columnTooNarrow(column.header, token, metrics.widthOf(token, style, size), box);
    changed = true;
    return token
      .split(/(?<=\/)/)
      .map((piece) => {
        if (metrics.widthOf(piece, style, size) <= box) return piece;
        const points = hyphenationPoints(piece.replace(/\/$/, ''));
        let marked = '';
        let from = 0;
        for (const p of points) {
          marked += piece.slice(from, p) + SOFT_HYPHEN;
          from = p;
        }
        return marked + piece.slice(from);
      })
      .join(ZERO_WIDTH_SPACE);
  });
  return changed ? out.join('') : text;
}
