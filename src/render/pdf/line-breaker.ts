/**
 * Line breaking with real font metrics: styled runs → words → greedy lines no wider than the box;
 * words too wide for an empty line are cut between characters. Also places words on a line for an
 * alignment (justified lines spread the spaces; the last line of a paragraph stays left-aligned).
 * Pure; imports the model's run type and font metrics only.
 */
import type { Align, TextRun } from '../../model/document-model.ts';
import { styleOf, type FontMetrics, type FontStyle } from '../font-metrics.ts';

export interface Frag {
  readonly text: string;
  readonly style: FontStyle;
  readonly underline: boolean;
  readonly width: number;
}

export interface Word {
  readonly frags: readonly Frag[];
  readonly width: number;
  /** Width of the space before this word when it is not the first on its line. */
  readonly space: number;
}

export interface BrokenLine {
  readonly words: readonly Word[];
  /** Natural width: words plus the spaces between them. */
  readonly width: number;
  /** Last line of the paragraph or before a forced line break (never justified). */
  readonly last: boolean;
}

interface RawWord {
  frags: Frag[];
  width: number;
  space: number;
  breakBefore: boolean;
}

const EPSILON = 0.001;

function tokenise(runs: readonly TextRun[], size: number, metrics: FontMetrics): RawWord[] {
  const words: RawWord[] = [];
  let current: RawWord | undefined;
  let pendingSpace = 0;
  let pendingBreak = false;
  for (const run of runs) {
    const style = styleOf(run.bold, run.italic);
    const underline = run.underline === true;
    const text = run.text;
    let start = -1;
    const flush = (end: number): void => {
      if (start < 0) return;
      const piece = text.slice(start, end);
      const frag: Frag = { text: piece, style, underline, width: metrics.widthOf(piece, style, size) };
      if (!current) {
        current = { frags: [], width: 0, space: pendingSpace, breakBefore: pendingBreak };
        words.push(current);
        pendingSpace = 0;
        pendingBreak = false;
      }
      current.frags.push(frag);
      current.width += frag.width;
      start = -1;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        flush(i);
        current = undefined;
        if (c === 0x0a) {
          pendingBreak = true;
          pendingSpace = 0;
        } else if (c !== 0x0d && !pendingBreak) {
          pendingSpace = Math.max(pendingSpace, metrics.widthOf(' ', style, size));
        }
      } else if (start < 0) {
        start = i;
      }
    }
    flush(text.length);
  }
  return words;
}

/** Cuts a word wider than `max` into pieces that fit (at least one character each). */
function cutWord(word: RawWord, max: number, size: number, metrics: FontMetrics): RawWord[] {
  const pieces: RawWord[] = [];
  let frags: Frag[] = [];
  let width = 0;
  for (const frag of word.frags) {
    let buf = '';
    let bufWidth = 0;
    for (const ch of frag.text) {
      const w = metrics.widthOf(ch, frag.style, size);
      if (width + bufWidth + w > max + EPSILON && (width + bufWidth > 0)) {
        if (buf) frags.push({ text: buf, style: frag.style, underline: frag.underline, width: bufWidth });
        pieces.push({ frags, width: width + bufWidth, space: 0, breakBefore: false });
        frags = [];
        width = 0;
        buf = '';
        bufWidth = 0;
      }
      buf += ch;
      bufWidth += w;
    }
    if (buf) {
      frags.push({ text: buf, style: frag.style, underline: frag.underline, width: bufWidth });
      width += bufWidth;
    }
  }
  if (frags.length > 0) pieces.push({ frags, width, space: 0, breakBefore: false });
  const first = pieces[0];
  if (first) {
    first.space = word.space;
    first.breakBefore = word.breakBefore;
  }
  return pieces;
}

/** Greedy line breaking of `runs` into lines no wider than `maxWidth` pt at `size` pt. */
export function breakLines(runs: readonly TextRun[], maxWidth: number, size: number, metrics: FontMetrics): BrokenLine[] {
  const lines: BrokenLine[] = [];
  let words: Word[] = [];
  let width = 0;
  const push = (last: boolean): void => {
    lines.push({ words, width, last });
    words = [];
    width = 0;
  };
  for (const raw of tokenise(runs, size, metrics)) {
    if (raw.breakBefore && (words.length > 0 || lines.length > 0)) push(true);
    const parts = raw.width > maxWidth + EPSILON ? cutWord(raw, maxWidth, size, metrics) : [raw];
    for (const part of parts) {
      if (words.length > 0 && width + part.space + part.width > maxWidth + EPSILON) push(false);
      const space = words.length === 0 ? 0 : part.space;
      words.push({ frags: part.frags, width: part.width, space });
      width += space + part.width;
    }
  }
  if (words.length > 0 || lines.length === 0) push(true);
  return lines;
}

/** x offset of each word of `line` in a box `boxWidth` wide. */
export function wordPositions(line: BrokenLine, boxWidth: number, align: Align): number[] {
  const xs: number[] = [];
  let x = 0;
  let extra = 0;
  if (align === 'center') x = (boxWidth - line.width) / 2;
  else if (align === 'right') x = boxWidth - line.width;
  else if (align === 'justify' && !line.last && line.words.length > 1) extra = (boxWidth - line.width) / (line.words.length - 1);
  line.words.forEach((word, i) => {
    if (i > 0) x += word.space + extra;
    xs.push(x);
    x += word.width;
  });
  return xs;
}

export function lineText(line: BrokenLine): string {
  return line.words.map((w) => w.frags.map((f) => f.text).join('')).join(' ');
}
