/**
 * Line breaking with real font metrics, shared by both renderers' layout decisions: styled runs →
 * words → greedy lines no wider than the box. Where a line may break:
 * - between words, and after the hyphen of a compound ("Undang-/Undang", "sebaik-/baiknya"), as the
 *   seeds break them;
 * - in a word wider than its box: after a "/" ("Kabupaten/Kota"), then at Indonesian hyphenation
 *   points with a visible hyphen ("Perem-/puan"), then — no point left — between characters, still
 *   with a hyphen;
 * - never inside a token holding a digit (NIK, No KK, dates, amounts) or, on request, inside any token
 *   (a column declared `utuh`): such a token wider than the box stays whole and the line reports its
 *   overflow, for the caller to refuse.
 * Balanced breaking (titles) keeps the fewest lines at the narrowest width that still gives that many.
 * Also places words on a line for an alignment: justified lines spread the spaces up to a cap, beyond
 * which the line is set ragged-right; the last line of a paragraph stays left-aligned.
 * Pure; imports the model's run type, font metrics and the hyphenation points.
 */
import type { Align, TextRun } from '../model/document-model.ts';
import { styleOf, type FontMetrics, type FontStyle } from './font-metrics.ts';
import { hyphenationPoints } from './hyphenate.ts';

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
  /** Part of a longer word (after a hyphen or "/", or a syllable): no space before it, not stretched. */
  readonly glued?: boolean;
}

export interface BrokenLine {
  readonly words: readonly Word[];
  /** Natural width: words plus the spaces between them. */
  readonly width: number;
  /** Last line of the paragraph or before a forced line break (never justified). */
  readonly last: boolean;
  readonly fontSize: number;
  /** Width of a token that must stay whole and is wider than the box (the caller refuses it). */
  readonly overflow?: { readonly token: string; readonly width: number };
}

export interface BreakOptions {
  /** Every token stays whole (a table column declared `utuh`). Tokens holding a digit always do. */
  readonly unbreakable?: boolean;
  /** Even lines (titles): the fewest lines at the narrowest width that keeps that count. */
  readonly balance?: boolean;
}

interface RawWord {
  frags: Frag[];
  width: number;
  space: number;
  breakBefore: boolean;
  glued?: boolean;
}

const EPSILON = 0.001;
/**
 * Largest extra space per word gap when justifying, in ems of the line's font size. A line that would
 * need more is set ragged-right, as a typist would, rather than opening holes wider than a word.
 */
export const MAX_JUSTIFY_STRETCH = 1;

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

function wordText(word: RawWord): string {
  let t = '';
  for (const f of word.frags) t += f.text;
  return t;
}

/** Holds a digit: a NIK, No KK, date, number or amount — never broken. */
function isNumeric(text: string): boolean {
  return /\p{N}/u.test(text);
}

/**
 * Splits `word` after the characters `at` (offsets into its text), each piece after the first glued to
 * the one before; `hyphen` adds a visible "-" to every piece but the last (a syllable break).
 */
function splitWord(word: RawWord, at: readonly number[], hyphen: boolean, size: number, metrics: FontMetrics): RawWord[] {
  const pieces: RawWord[] = [];
  let frags: Frag[] = [];
  let offset = 0;
  let cut = 0;
  const close = (): void => {
    if (hyphen && pieces.length < at.length) {
      const last = frags[frags.length - 1]!;
      frags[frags.length - 1] = fragOf(`${last.text}-`, last.style, last.underline, size, metrics);
    }
    const width = frags.reduce((w, f) => w + f.width, 0);
    const index = pieces.length;
    pieces.push({ frags, width, space: index === 0 ? word.space : 0, breakBefore: index === 0 && word.breakBefore, glued: index > 0 });
    frags = [];
  };
  for (const frag of word.frags) {
    let from = 0;
    while (cut < at.length && at[cut]! - offset < frag.text.length) {
      const to = at[cut]! - offset;
      if (to > from) frags.push(fragOf(frag.text.slice(from, to), frag.style, frag.underline, size, metrics));
      close();
      from = to;
      cut++;
    }
    if (from === 0) frags.push(frag);
    else if (from < frag.text.length) frags.push(fragOf(frag.text.slice(from), frag.style, frag.underline, size, metrics));
    offset += frag.text.length;
  }
  if (frags.length > 0) close();
  return pieces;
}

/** Offsets after the hyphen of a compound: "Undang-Undang" → [7] (a letter on both sides). */
function compoundBreaks(text: string): number[] {
  const at: number[] = [];
  if (text.indexOf('-') < 0) return at;
  for (let i = 1; i < text.length - 1; i++) {
    if (text[i] === '-' && /\p{L}/u.test(text[i - 1]!) && /\p{L}/u.test(text[i + 1]!)) at.push(i + 1);
  }
  return at;
}

/** Offsets after a "/" inside the word ("Kabupaten/Kota"). */
function slashBreaks(text: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < text.length - 1; i++) if (text[i] === '/') at.push(i + 1);
  return at;
}

/**
 * Break points for a word wider than `max` (after its "/" are taken already): hyphenation points,
 * chosen greedily so each piece with its hyphen fits; where none fits, a cut between characters. The
 * first piece may fill `first` pt (the room left on the current line) instead of `max`.
 */
function syllableBreaks(word: RawWord, first: number, max: number, size: number, metrics: FontMetrics): number[] {
  const text = wordText(word);
  const style = word.frags[0]!.style;
  const hyphenW = metrics.widthOf('-', style, size);
  const points = hyphenationPoints(text);
  const widthTo = (from: number, to: number): number => {
    // Widths by style of the characters between from and to.
    let w = 0;
    let offset = 0;
    for (const f of word.frags) {
      const a = Math.max(from, offset);
      const b = Math.min(to, offset + f.text.length);
      if (b > a) w += metrics.widthOf(f.text.slice(a - offset, b - offset), f.style, size);
      offset += f.text.length;
    }
    return w;
  };
  const at: number[] = [];
  let start = 0;
  let room = first;
  while (widthTo(start, text.length) > room + EPSILON) {
    let best: number | undefined;
    for (const p of points) if (p > start && widthTo(start, p) + hyphenW <= room + EPSILON) best = p;
    if (best === undefined) {
      // No syllable fits: the largest run of characters that fits with its hyphen, at least one.
      let end = start + 1;
      while (end < text.length - 1 && widthTo(start, end + 1) + hyphenW <= room + EPSILON) end++;
      if (room < max && widthTo(start, end) + hyphenW > room + EPSILON) {
        // Not even one character fits on the current line: start the word on the next.
        room = max;
        continue;
      }
      best = end;
    }
    at.push(best);
    start = best;
    room = max;
  }
  return at;
}

interface LineState {
  words: Word[];
  width: number;
  overflow?: { token: string; width: number };
}

/** Greedy line breaking of `runs` into lines no wider than `maxWidth` pt at `size` pt. */
export function breakLines(runs: readonly TextRun[], maxWidth: number, size: number, metrics: FontMetrics, options: BreakOptions = {}): BrokenLine[] {
  const lines = greedy(tokenise(runs, size, metrics), maxWidth, size, metrics, options);
  if (!options.balance || lines.length < 2 || lines.some((l) => l.overflow)) return lines;
  // The narrowest width that still gives as many lines (binary search to a quarter point).
  const words = tokenise(runs, size, metrics);
  let lo = maxWidth / lines.length;
  let hi = maxWidth;
  let best = lines;
  while (hi - lo > 0.25) {
    const mid = (lo + hi) / 2;
    const tried = greedy(words, mid, size, metrics, { unbreakable: true });
    if (tried.length <= lines.length && !tried.some((l) => l.overflow)) {
      best = tried;
      hi = mid;
    } else lo = mid;
  }
  return best;
}

/** The lines being filled by `greedy` (a class, not closures: it runs for every cell of a long list). */
class LineFill {
  readonly lines: BrokenLine[] = [];
  line: LineState = { words: [], width: 0 };

  constructor(
    private readonly maxWidth: number,
    private readonly size: number,
  ) {}

  push(last: boolean): void {
    const line = this.line;
    this.lines.push({ words: line.words, width: line.width, last, fontSize: this.size, ...(line.overflow ? { overflow: line.overflow } : {}) });
    this.line = { words: [], width: 0 };
  }

  place(part: RawWord): void {
    if (this.line.words.length > 0 && this.line.width + part.space + part.width > this.maxWidth + EPSILON) this.push(false);
    const line = this.line;
    const space = line.words.length === 0 ? 0 : part.space;
    const glued = line.words.length > 0 && part.glued === true;
    line.words.push({ frags: part.frags, width: part.width, space, glued });
    line.width += space + part.width;
  }
}

function greedy(raws: readonly RawWord[], maxWidth: number, size: number, metrics: FontMetrics, options: BreakOptions): BrokenLine[] {
  const fill = new LineFill(maxWidth, size);
  for (const raw of raws) {
    if (raw.breakBefore && (fill.line.words.length > 0 || fill.lines.length > 0)) fill.push(true);
    const text = raw.frags.length === 1 ? (raw.frags[0] as Frag).text : wordText(raw);
    const whole = options.unbreakable === true || isNumeric(text);
    // Compound hyphens are break opportunities wherever the word stands.
    const compounds = whole ? [] : compoundBreaks(text);
    const parts = compounds.length > 0 ? splitWord(raw, compounds, false, size, metrics) : [raw];
    for (const part of parts) {
      if (part.width <= maxWidth + EPSILON) {
        fill.place(part);
        continue;
      }
      if (whole) {
        fill.place(part);
        const overflow = { token: wordText(part), width: part.width };
        if (!fill.line.overflow || overflow.width > fill.line.overflow.width) fill.line.overflow = overflow;
        continue;
      }
      const slashes = slashBreaks(wordText(part));
      const subs = slashes.length > 0 ? splitWord(part, slashes, false, size, metrics) : [part];
      for (const sub of subs) {
        if (sub.width <= maxWidth + EPSILON) {
          fill.place(sub);
          continue;
        }
        const room = fill.line.words.length > 0 ? maxWidth - fill.line.width - sub.space : maxWidth;
        const breaks = syllableBreaks(sub, Math.max(room, 0), maxWidth, size, metrics);
        const syllables = splitWord(sub, breaks, true, size, metrics);
        for (let i = 0; i < syllables.length; i++) {
          if (i > 0) fill.push(false);
          fill.place(syllables[i] as RawWord);
        }
      }
    }
  }
  if (fill.line.words.length > 0 || fill.lines.length === 0) fill.push(true);
  return fill.lines;
}

/** x offset of each word of `line` in a box `boxWidth` wide. */
export function wordPositions(line: BrokenLine, boxWidth: number, align: Align): number[] {
  const xs: number[] = [];
  let x = 0;
  let extra = 0;
  if (align === 'center') x = (boxWidth - line.width) / 2;
  else if (align === 'right') x = boxWidth - line.width;
  else if (align === 'justify' && !line.last) extra = justifyExtra(line, boxWidth);
  line.words.forEach((word, i) => {
    if (i > 0) x += word.space + (word.glued ? 0 : extra);
    xs.push(x);
    x += word.width;
  });
  return xs;
}

/**
 * The extra space per word gap that justifies `line` to `boxWidth`; 0 when it would exceed the cap
 * (the line is then set ragged-right) or there is no gap.
 */
export function justifyExtra(line: BrokenLine, boxWidth: number): number {
  let gaps = 0;
  for (let i = 1; i < line.words.length; i++) if (!line.words[i]?.glued) gaps++;
  if (gaps === 0) return 0;
  const extra = (boxWidth - line.width) / gaps;
  return extra > MAX_JUSTIFY_STRETCH * line.fontSize ? 0 : extra;
}

export function lineText(line: BrokenLine): string {
  let text = '';
  line.words.forEach((w, i) => {
    if (i > 0 && !w.glued) text += ' ';
    for (const f of w.frags) text += f.text;
  });
  return text;
}
