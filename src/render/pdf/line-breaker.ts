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
  /** Part of a longer word split after "/" or "-": no space before it, not stretched when justifying. */
  readonly glued?: boolean;
}

export interface BrokenLine {
  readonly words: readonly Word[];
  /** Natural width: words plus the spaces between them. */
  readonly width: number;
  /** Last line of the paragraph or before a forced line break (never justified). */
  readonly last: boolean;
  readonly fontSize: number;
}

interface RawWord {
  frags: Frag[];
  width: number;
  space: number;
  breakBefore: boolean;
  glued?: boolean;
}

const EPSILON = 0.001;
/** Largest extra space per word gap when justifying, in ems of the line's font size. */
const MAX_JUSTIFY_STRETCH = 1.5;

/**
 * Words of the runs being tokenised. A class rather than closures: the TypeScript loader names every
 * closure at run time, and text is tokenised for every wrapped table cell.
 */
class Tokens {
  readonly words: RawWord[] = [];
  current: RawWord | undefined;
  pendingSpace = 0;
  pendingBreak = false;

  add(frag: Frag): void {
    if (!this.current) {
      this.current = { frags: [], width: 0, space: this.pendingSpace, breakBefore: this.pendingBreak };
      this.words.push(this.current);
      this.pendingSpace = 0;
      this.pendingBreak = false;
    }
    this.current.frags.push(frag);
    this.current.width += frag.width;
  }
}

function tokenise(runs: readonly TextRun[], size: number, metrics: FontMetrics): RawWord[] {
  const tokens = new Tokens();
  for (const run of runs) {
    const style = styleOf(run.bold, run.italic);
    const underline = run.underline === true;
    const text = run.text;
    let start = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        if (start >= 0) tokens.add(fragOf(text.slice(start, i), style, underline, size, metrics));
        start = -1;
        tokens.current = undefined;
        if (c === 0x0a) {
          tokens.pendingBreak = true;
          tokens.pendingSpace = 0;
        } else if (c !== 0x0d && !tokens.pendingBreak) {
          tokens.pendingSpace = Math.max(tokens.pendingSpace, metrics.widthOf(' ', style, size));
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) tokens.add(fragOf(text.slice(start), style, underline, size, metrics));
  }
  return tokens.words;
}

function fragOf(text: string, style: FontStyle, underline: boolean, size: number, metrics: FontMetrics): Frag {
  return { text, style, underline, width: metrics.widthOf(text, style, size) };
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

/** Splits a too-wide word after its inner "/" and "-" ("Kabupaten/Kota", "Undang-Undang"). */
function splitAtHyphens(word: RawWord, size: number, metrics: FontMetrics): RawWord[] {
  const out: RawWord[] = [];
  let frags: Frag[] = [];
  let width = 0;
  for (let fi = 0; fi < word.frags.length; fi++) {
    const frag = word.frags[fi]!;
    const isLastFrag = fi === word.frags.length - 1;
    const pieces = frag.text.split(/(?<=[/-])(?=.)/);
    for (let pi = 0; pi < pieces.length; pi++) {
      const piece = pieces[pi]!;
      const w = pieces.length === 1 ? frag.width : metrics.widthOf(piece, frag.style, size);
      frags.push({ text: piece, style: frag.style, underline: frag.underline, width: w });
      width += w;
      if (/[/-]$/.test(piece) && !(isLastFrag && pi === pieces.length - 1)) {
        out.push(splitPiece(frags, width, word, out.length));
        frags = [];
        width = 0;
      }
    }
  }
  if (frags.length > 0) out.push(splitPiece(frags, width, word, out.length));
  return out;
}

/** Piece `index` of a word split after "/" or "-": only the first keeps the word's space and break. */
function splitPiece(frags: Frag[], width: number, word: RawWord, index: number): RawWord {
  return { frags, width, space: index === 0 ? word.space : 0, breakBefore: index === 0 && word.breakBefore, glued: index > 0 };
}

/** Greedy line breaking of `runs` into lines no wider than `maxWidth` pt at `size` pt. */
export function breakLines(runs: readonly TextRun[], maxWidth: number, size: number, metrics: FontMetrics): BrokenLine[] {
  const lines: BrokenLine[] = [];
  let words: Word[] = [];
  let width = 0;
  for (const raw of tokenise(runs, size, metrics)) {
    if (raw.breakBefore && (words.length > 0 || lines.length > 0)) {
      lines.push({ words, width, last: true, fontSize: size });
      words = [];
      width = 0;
    }
    let parts = [raw];
    if (raw.width > maxWidth + EPSILON) {
      parts = [];
      for (const sub of splitAtHyphens(raw, size, metrics)) {
        if (sub.width > maxWidth + EPSILON) for (const piece of cutWord(sub, maxWidth, size, metrics)) parts.push(piece);
        else parts.push(sub);
      }
    }
    for (const part of parts) {
      if (words.length > 0 && width + part.space + part.width > maxWidth + EPSILON) {
        lines.push({ words, width, last: false, fontSize: size });
        words = [];
        width = 0;
      }
      const space = words.length === 0 ? 0 : part.space;
      const glued = words.length > 0 && part.glued === true;
      words.push({ frags: part.frags, width: part.width, space, glued });
      width += space + part.width;
    }
  }
  if (words.length > 0 || lines.length === 0) lines.push({ words, width, last: true, fontSize: size });
  return lines;
}

/** x offset of each word of `line` in a box `boxWidth` wide. */
export function wordPositions(line: BrokenLine, boxWidth: number, align: Align): number[] {
  const xs: number[] = [];
  let x = 0;
  let extra = 0;
  if (align === 'center') x = (boxWidth - line.width) / 2;
  else if (align === 'right') x = boxWidth - line.width;
  else if (align === 'justify' && !line.last) {
    let gaps = 0;
    for (let i = 1; i < line.words.length; i++) if (!line.words[i]?.glued) gaps++;
    if (gaps > 0) extra = (boxWidth - line.width) / gaps;
    // A line of two or three long words in a narrow cell would open holes wider than a word:
    // past that point it is set ragged-right, as a typist would.
    if (extra > MAX_JUSTIFY_STRETCH * line.fontSize) extra = 0;
  }
  line.words.forEach((word, i) => {
    if (i > 0) x += word.space + (word.glued ? 0 : extra);
    xs.push(x);
    x += word.width;
  });
  return xs;
}

export function lineText(line: BrokenLine): string {
  let text = '';
  line.words.forEach((w, i) => {
    if (i > 0 && !w.glued) text += ' ';
    for (const f of w.frags) text += f.text;
  });
  return text;
}
