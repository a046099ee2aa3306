/**
 * The layout engine: document-model blocks → strips (text lines, table rows, signature space) with
 * their draw functions, for a box of a given width. Paragraphs (aligned, justified, styled runs),
 * labeled rows with aligned label | separator | body columns, nested lists with a marker column,
 * tables (relative column widths, wrapped cells, cells holding blocks, borders, header row), kop,
 * signature block, lampiran heading and paraf table. Pure: imports the model, font metrics, the line
 * breaker and the strip and content-stream types; pagination is the paginator's job.
 */
import { KOP_SIZE_INCREASE } from '../../model/document-model.ts';
import type {
  Align,
  Block,
  EmblemImage,
  KopBlock,
  LabeledBlock,
  LampiranHeadingBlock,
  ListBlock,
  ParafTableBlock,
  ParagraphBlock,
  SignatureBlock,
  TableBlock,
  TableCell,
  TableColumn,
  TextRun,
} from '../../model/document-model.ts';
import { AppError } from '../../errors/app-error.ts';
import { styleOf, type FontMetrics, type FontStyle } from '../font-metrics.ts';
import type { ContentStream } from './content-stream.ts';
import { breakLines, lineText, wordPositions, type BrokenLine } from '../line-breaker.ts';
import { shiftStrip, stackHeight, type DrawContext, type Strip } from './strip.ts';
import { cellPadding, columnWidths, labelGap, type PartLayout, type ResolvedLayout } from '../resolve-layout.ts';
import { columnTooNarrow } from '../cell-text.ts';

export interface PlacedImage {
  /** XObject resource name ("Im1"). */
  readonly resource: string;
  /** Height / width. */
  readonly aspect: number;
}

export interface LayoutEnv {
  readonly metrics: FontMetrics;
  /** Line height as a multiple of the font size. */
  readonly lineHeight: number;
  readonly bodySize: number;
  /** The layout decisions shared with the DOCX renderer (resolve-layout.ts). */
  readonly layout: ResolvedLayout;
  /** ...and those of the part being laid out: label widths, keep rules. */
  readonly part: PartLayout;
  readonly images: ReadonlyMap<EmblemImage, PlacedImage>;
  /** Set while laying out a table cell: whose tokens must stay whole, and whose name errors give. */
  readonly cell?: CellContext;
}

export interface CellContext {
  /** The column's header, named when a value does not fit. */
  readonly column: string;
  /** The column is declared `utuh`: no token of it is ever broken. */
  readonly unbreakable: boolean;
}

/**
 * Lines of `runs` in `box`; in a table cell, a token that must stay whole (a number, or any token of an
 * `utuh` column) and does not fit is refused — never split, never drawn over the rules.
 */
function textLines(runs: readonly TextRun[], box: number, size: number, env: LayoutEnv, balance = false): BrokenLine[] {
  const cell = env.cell;
  const lines = breakLines(runs, box, size, env.metrics, { ...(cell?.unbreakable ? { unbreakable: true } : {}), ...(balance ? { balance } : {}) });
  if (cell) {
    for (const line of lines) {
      if (line.overflow) throw columnTooNarrow(cell.column, line.overflow.token, line.overflow.width, box);
    }
  }
  return lines;
}


const BORDER_WIDTH = 0.5;
const PARAF_SIZE = 9;
/** Lines of body text left empty for the signature. */
const SIGNATURE_SPACE_LINES = 4;

export function lineUnit(env: LayoutEnv): number {
  return env.bodySize * env.lineHeight;
}

/** Distance from the top of a line box to the baseline. */
export function baselineOffset(size: number, lh: number): number {
  return (lh - size) / 2 + 0.8 * size;
}

function gapFor(size: number): number {
  return labelGap(size);
}

// ---------------------------------------------------------------- text lines

/**
 * The pending text run and underline of one line being drawn. A small class instead of closures: a line
 * is drawn per table cell line, and the TypeScript loader gives every closure a name at run time.
 */
class LineRuns {
  text = '';
  style: FontStyle | undefined;
  x = 0;
  underlineFrom = -1;
  underlineTo = -1;

  constructor(
    private readonly content: ContentStream,
    private readonly baseline: number,
    private readonly size: number,
  ) {}

  flushRun(): void {
    if (this.style !== undefined && this.text) this.content.text(this.text, this.x, this.baseline, this.style, this.size);
    this.text = '';
    this.style = undefined;
  }

  flushUnderline(): void {
    if (this.underlineFrom >= 0) this.content.fillRect(this.underlineFrom, this.baseline - 0.12 * this.size, this.underlineTo - this.underlineFrom, 0.05 * this.size);
    this.underlineFrom = -1;
  }
}

function drawTextLine(content: ContentStream, line: BrokenLine, x: number, baseline: number, box: number, align: Align, size: number): void {
  const xs = wordPositions(line, box, align);
  const justified = align === 'justify' && !line.last && line.words.length > 1;
  const run = new LineRuns(content, baseline, size);
  for (let i = 0; i < line.words.length; i++) {
    const word = line.words[i]!;
    let fx = x + (xs[i] ?? 0);
    for (let j = 0; j < word.frags.length; j++) {
      const frag = word.frags[j]!;
      const joinsWithSpace = j === 0 && i > 0 && !word.glued;
      if (justified || run.style !== frag.style || (joinsWithSpace && word.space === 0)) {
        run.flushRun();
        run.style = frag.style;
        run.x = fx;
        run.text = frag.text;
      } else {
        run.text += (joinsWithSpace ? ' ' : '') + frag.text;
      }
      if (frag.underline) {
        // Consecutive underlined words share one rule, spaces included.
        if (run.underlineFrom < 0) run.underlineFrom = fx;
        run.underlineTo = fx + frag.width;
      } else {
        run.flushUnderline();
      }
      fx += frag.width;
    }
  }
  run.flushRun();
  run.flushUnderline();
}

/** One broken line of text (a class, so no closure per line). */
class TextLineStrip implements Strip {
  gapBefore = 0;
  keepWithNext = false;
  readonly text: string;
  private readonly offset: number;

  constructor(
    private readonly line: BrokenLine,
    private readonly box: number,
    private readonly align: Align,
    private readonly size: number,
    readonly height: number,
  ) {
    this.text = lineText(line);
    this.offset = baselineOffset(size, height);
  }

  draw(ctx: DrawContext, x: number, top: number): void {
    drawTextLine(ctx.content, this.line, x, top - this.offset, this.box, this.align, this.size);
  }
}

/** Strips for styled runs wrapped in `box` pt. */
export function runStrips(runs: readonly TextRun[], box: number, align: Align, size: number, env: LayoutEnv, balance = false): Strip[] {
  const lh = size * env.lineHeight;
  return textLines(runs, box, size, env, balance).map((line) => new TextLineStrip(line, box, align, size, lh));
}

/** A one-line plain text strip (the fast path of table cells; a class, so no closures per cell). */
class PlainTextStrip implements Strip {
  gapBefore = 0;
  keepWithNext = false;

  constructor(
    readonly text: string,
    private readonly dx: number,
    private readonly offset: number,
    private readonly style: FontStyle,
    private readonly size: number,
    readonly height: number,
  ) {}

  draw(ctx: DrawContext, x: number, top: number): void {
    ctx.content.text(this.text, x + this.dx, top - this.offset, this.style, this.size);
  }
}

function plainTextStrip(text: string, width: number, box: number, align: Align, style: FontStyle, size: number, lh: number): Strip {
  const dx = align === 'center' ? (box - width) / 2 : align === 'right' ? box - width : 0;
  return new PlainTextStrip(text, dx, baselineOffset(size, lh), style, size, lh);
}

/** Plain text in a box: one strip when it fits on a line, wrapped lines otherwise. */
export function plainTextStrips(text: string, box: number, align: Align, style: FontStyle, size: number, env: LayoutEnv): Strip[] {
  if (text === '') return [];
  const lh = size * env.lineHeight;
  if (text.indexOf('\n') < 0) {
    const width = env.metrics.widthOf(text, style, size);
    if (width <= box) return [plainTextStrip(text, width, box, align, style, size, lh)];
  }
  const bold = style === 'bold' || style === 'boldItalic';
  const italic = style === 'italic' || style === 'boldItalic';
  return textLines([{ text, bold, italic }], box, size, env).map((line) => new TextLineStrip(line, box, align, size, lh));
}

function runsWidth(runs: readonly TextRun[], size: number, metrics: FontMetrics): number {
  let w = 0;
  for (const r of runs) w += metrics.widthOf(r.text, styleOf(r.bold, r.italic), size);
  return w;
}

// ---------------------------------------------------------------- blocks

/** Strips of a sequence of blocks, with their spacing; page breaks are ignored here. */
export function layoutBlocks(blocks: readonly Block[], width: number, env: LayoutEnv, size = env.bodySize): Strip[] {
  const unit = lineUnit(env);
  const out: Strip[] = [];
  let pending = 0;
  for (const block of blocks) {
    if (block.kind === 'spacer') {
      pending += block.lines * unit;
      continue;
    }
    if (block.kind === 'page-break') continue;
    const strips = layoutBlock(block, width, env, size);
    const first = strips[0];
    const last = strips[strips.length - 1];
    if (!first || !last) {
      pending += ((block.spaceBefore ?? 0) + (block.spaceAfter ?? 0)) * unit;
      continue;
    }
    first.gapBefore += pending + (block.spaceBefore ?? 0) * unit;
    pending = (block.spaceAfter ?? 0) * unit;
    if (block.keepWithNext) last.keepWithNext = true;
    for (const s of strips) out.push(s);
  }
  return out;
}

/** Strips of one block without its own spacing (spaceBefore/After, keepWithNext are the caller's). */
export function layoutBlock(block: Block, width: number, env: LayoutEnv, size = env.bodySize): Strip[] {
  switch (block.kind) {
    case 'paragraph':
      return paragraphStrips(block, width, env, size);
    case 'labeled':
      return labeledStrips(block, width, env, size);
    case 'list':
      return listStrips(block, width, env, size);
    case 'table':
      return tableStrips(block, width, env, size);
    case 'kop':
      return kopStrips(block, width, env);
    case 'signature':
      return signatureStrips(block, width, env);
    case 'lampiran-heading':
      return lampiranHeadingStrips(block, width, env);
    case 'paraf-table':
      return parafTableStrips(block, width, env);
    case 'spacer':
    case 'page-break':
      return [];
  }
}

function paragraphStrips(block: ParagraphBlock, width: number, env: LayoutEnv, size: number): Strip[] {
  const fontSize = block.fontSize ?? size;
  const indent = block.indentLeft ?? 0;
  const strips = runStrips(block.runs, Math.max(width - indent, fontSize), block.align, fontSize, env, block.balance === true);
  // No orphan (first line alone at a page bottom) and no widow (last line alone at a page top).
  const first = strips[0];
  const penultimate = strips[strips.length - 2];
  if (first && penultimate) {
    first.keepWithNext = true;
    penultimate.keepWithNext = true;
  }
  // A one-line lead-in ending in ":" ("MEMUTUSKAN :", "Tembusan :") stays with what it introduces.
  if (first && strips.length === 1 && first.text.trimEnd().endsWith(':')) first.keepWithNext = true;
  return indent === 0 ? strips : strips.map((s) => shiftStrip(s, indent));
}

function labeledStrips(block: LabeledBlock, width: number, env: LayoutEnv, size: number): Strip[] {
  const m = env.metrics;
  const labelW = env.part.labelWidth(block, size);
  const sepW = block.separator ? m.widthOf(block.separator, 'regular', size) + gapFor(size) : 0;
  const bodyX = labelW + sepW;
  const body = layoutBlocks(block.body, Math.max(width - bodyX, size), env, size);
  const lh = size * env.lineHeight;
  const labelLines = breakLines(block.label, Math.max(labelW - gapFor(size) / 2, size), size, m);
  const labelText = labelLines.map(lineText).join(' ');
  const sepText = block.separator;
  const offset = baselineOffset(size, lh);
  const drawLabel = (content: ContentStream, x: number, top: number): void => {
    labelLines.forEach((line, i) => drawTextLine(content, line, x, top - offset - i * lh, labelW, 'left', size));
    if (sepText) content.text(sepText, x + labelW, top - offset, 'regular', size);
  };
  const prefix = [labelText, sepText].filter(Boolean).join(' ');
  const first = body[0];
  if (!first) {
    // A label without a body ("Menetapkan :") introduces what follows: never leave it at a page bottom.
    return [{ height: Math.max(1, labelLines.length) * lh, gapBefore: 0, keepWithNext: true, text: prefix, draw: (ctx, x, top) => drawLabel(ctx.content, x, top) }];
  }
  const out: Strip[] = body.map((s) => shiftStrip(s, bodyX));
  const firstShifted = out[0] as Strip;
  out[0] = {
    ...firstShifted,
    split: undefined, // a split would lose the label drawn with it
    text: first.text ? `${prefix} ${first.text}` : prefix,
    draw: (ctx, x, top) => {
      drawLabel(ctx.content, x, top);
      first.draw(ctx, x + bodyX, top);
    },
  };
  // A wrapped label is drawn with the first body strip: keep the lines it overlaps together.
  for (let i = 0; i < labelLines.length - 1 && i < out.length - 1; i++) (out[i] as Strip).keepWithNext = true;
  return out;
}

function listStrips(block: ListBlock, width: number, env: LayoutEnv, size: number): Strip[] {
  const m = env.metrics;
  let markerW = block.markerWidth ?? 0;
  if (block.markerWidth === undefined) {
    for (const item of block.items) markerW = Math.max(markerW, m.widthOf(item.marker, 'regular', size));
    markerW += gapFor(size);
  }
  const lh = size * env.lineHeight;
  const offset = baselineOffset(size, lh);
  const out: Strip[] = [];
  for (const item of block.items) {
    const body = layoutBlocks(item.body, Math.max(width - markerW, size), env, size);
    const marker = item.marker;
    const drawMarker = (content: ContentStream, x: number, top: number): void => content.text(marker, x, top - offset, 'regular', size);
    const first = body[0];
    if (!first) {
      out.push({ height: lh, gapBefore: 0, keepWithNext: false, text: marker, draw: (ctx, x, top) => drawMarker(ctx.content, x, top) });
      continue;
    }
    const shifted = body.map((s) => shiftStrip(s, markerW));
    shifted[0] = {
      ...(shifted[0] as Strip),
      split: undefined, // a split would lose the marker drawn with it
      text: first.text ? `${marker} ${first.text}` : marker,
      draw: (ctx, x, top) => {
        drawMarker(ctx.content, x, top);
        first.draw(ctx, x + markerW, top);
      },
    };
    for (const s of shifted) out.push(s);
  }
  return out;
}

// ---------------------------------------------------------------- tables

export interface TableGeometry {
  readonly xs: readonly number[];
  readonly widths: readonly number[];
  readonly width: number;
  readonly padX: number;
  readonly padY: number;
  readonly size: number;
  readonly lh: number;
  readonly borders: boolean;
  /** Column edges from 0 to width (xs plus the right edge), shared by every row for rule merging. */
  readonly edges: readonly number[];
}

/** Geometry of columns `widths` (pt) at `size`, the shared padding (resolve-layout's cellPadding). */
function geometry(widths: readonly number[], width: number, size: number, borders: boolean, env: LayoutEnv): TableGeometry {
  const xs: number[] = [];
  let x = 0;
  for (const w of widths) {
    xs.push(x);
    x += w;
  }
  const pad = cellPadding(size);
  return { xs, widths, width, padX: pad.x, padY: pad.y, size, lh: size * env.lineHeight, borders, edges: [...xs, width] };
}

/** A table block's geometry: the column widths resolve-layout decided (the DOCX uses the same). */
export function tableGeometryOf(block: TableBlock, width: number, env: LayoutEnv): TableGeometry {
  const resolved = env.layout.table(block, width, env.bodySize);
  return geometry(resolved.widths, width, resolved.fontSize, block.borders === 'all', env);
}

/** Geometry of relative `columns` (tables the layout builds itself: the paraf table). */
export function tableGeometry(columns: readonly TableColumn[], width: number, size: number, borders: boolean, env: LayoutEnv): TableGeometry {
  return geometry(columnWidths(columns.map((c) => c.width), width), width, size, borders, env);
}

/** A table row: cells side by side, borders; splittable between cell lines as a last resort. */
class RowStrip implements Strip {
  gapBefore = 0;
  keepWithNext: boolean;
  readonly height: number;
  /** A table row: never the source of a continuation marker. */
  readonly furniture = true;
  private textCache: string | undefined;

  constructor(
    private readonly cells: readonly (readonly Strip[])[],
    private readonly geom: TableGeometry,
    readonly header: Strip | undefined,
    readonly isHeader: boolean,
    /** The layout lets this (tall) row split across pages. */
    readonly mayBreak = false,
  ) {
    let content = geom.lh;
    for (const c of cells) content = Math.max(content, stackHeight(c));
    this.height = content + 2 * geom.padY;
    this.keepWithNext = isHeader;
  }

  get text(): string {
    if (this.textCache === undefined) {
      // The row's first visual line: the first line of each cell.
      this.textCache = this.cells
        .map((c) => c[0]?.text ?? '')
        .filter((t) => t !== '')
        .join(' ');
    }
    return this.textCache;
  }

  draw(ctx: DrawContext, x: number, top: number): void {
    const geom = this.geom;
    if (geom.borders) drawRowBorders(ctx.content, geom, x, top, this.height);
    for (let i = 0; i < this.cells.length; i++) {
      const cx = x + (geom.xs[i] ?? 0) + geom.padX;
      let y = top - geom.padY;
      for (const s of this.cells[i] as readonly Strip[]) {
        y -= s.gapBefore;
        s.draw(ctx, cx, y);
        y -= s.height;
      }
    }
  }

  /**
   * The row cut between lines so the first part fits `avail` pt: each cell keeps the lines that fit.
   * A tall row (mayBreak) leaves at least two lines of its tallest cell on each side, else it does not
   * split here; any row taller than a page splits wherever it must.
   */
  split(avail: number): readonly [Strip, Strip] | undefined {
    const tallest = this.cells.reduce((best, c, i) => (stackHeight(c) > stackHeight(this.cells[best] ?? []) ? i : best), 0);
    let limit = avail - 2 * this.geom.padY;
    for (let attempt = 0; attempt < 3; attempt++) {
      const cut = this.cut(limit);
      if (!cut) return undefined;
      const [heads, tails] = cut;
      const head = heads[tallest]?.length ?? 0;
      const tail = tails[tallest]?.length ?? 0;
      if (!this.mayBreak || (head >= 2 && tail >= 2) || (tail === 0 && head >= 2)) {
        return [new RowStrip(heads, this.geom, this.header, this.isHeader, this.mayBreak), new RowStrip(tails, this.geom, this.header, this.isHeader, this.mayBreak)];
      }
      if (head < 2) return undefined;
      // One line alone at the top of the next page: take one line fewer here.
      limit = stackHeight(heads[tallest]!.slice(0, -1)) + 0.01;
    }
    return undefined;
  }

  private cut(limit: number): [Strip[][], Strip[][]] | undefined {
    const heads: Strip[][] = [];
    const tails: Strip[][] = [];
    let anyHead = false;
    let anyTail = false;
    for (const cell of this.cells) {
      let h = 0;
      let k = 0;
      while (k < cell.length) {
        const s = cell[k] as Strip;
        if (h + s.gapBefore + s.height > limit) break;
        h += s.gapBefore + s.height;
        k++;
      }
      heads.push(cell.slice(0, k));
      const rest = cell.slice(k);
      if (rest[0]) rest[0] = { ...shiftStrip(rest[0], 0), gapBefore: 0 };
      tails.push(rest);
      anyHead ||= k > 0;
      anyTail ||= k < cell.length;
    }
    return anyHead && anyTail ? [heads, tails] : undefined;
  }
}

export function rowStrip(cells: readonly (readonly Strip[])[], geom: TableGeometry, header?: Strip, isHeader = false, mayBreak = false): Strip {
  return new RowStrip(cells, geom, header, isHeader, mayBreak);
}

function cellStrips(cell: TableCell, geom: TableGeometry, col: number, align: Align, style: FontStyle, env: LayoutEnv): Strip[] {
  const box = Math.max((geom.widths[col] ?? 0) - 2 * geom.padX, geom.size);
  if (typeof cell === 'string') return plainTextStrips(cell, box, align, style, geom.size, env);
  return layoutBlocks(cell, box, env, geom.size);
}

const cellEnvs = new WeakMap<LayoutEnv, WeakMap<TableColumn, LayoutEnv>>();

/** The layout environment of a body cell of `column` (made once per table column, not per row). */
function cellEnv(env: LayoutEnv, column: TableColumn): LayoutEnv {
  let byColumn = cellEnvs.get(env);
  if (byColumn === undefined) cellEnvs.set(env, (byColumn = new WeakMap()));
  let out = byColumn.get(column);
  if (out === undefined) byColumn.set(column, (out = { ...env, cell: { column: column.header, unbreakable: column.unbreakable === true } }));
  return out;
}

export function headerStrip(columns: readonly TableColumn[], geom: TableGeometry, env: LayoutEnv): Strip {
  // Header cells hyphenate and may overflow: they are the template's own text, checked by its author.
  const cells = columns.map((c, i) => cellStrips(c.header, geom, i, c.headerAlign ?? 'center', 'bold', env));
  return rowStrip(cells, geom, undefined, true);
}

/** Builds the row strip of one record (or inline row) of a table. */
/** Borders of one row; the content stream merges the column rules of adjacent rows into long lines. */
function drawRowBorders(content: ContentStream, geom: TableGeometry, x: number, top: number, height: number): void {
  content.tableRow(geom.edges, x, top, top - height, BORDER_WIDTH);
}

/**
 * The fast path of large tables: a row whose cells are plain strings that each fit on one line.
 * No strip object per cell; drawn straight from the strings and their offsets.
 */
class SingleLineRowStrip implements Strip {
  gapBefore = 0;
  keepWithNext = false;
  /** A table row: never the source of a continuation marker. */
  readonly furniture = true;
  readonly height: number;
  private readonly offset: number;

  constructor(
    private readonly texts: readonly string[],
    private readonly dxs: readonly number[],
    private readonly geom: TableGeometry,
    readonly header: Strip | undefined,
  ) {
    this.height = geom.lh + 2 * geom.padY;
    this.offset = baselineOffset(geom.size, geom.lh);
  }

  get text(): string {
    return this.texts.filter((t) => t !== '').join(' ');
  }

  draw(ctx: DrawContext, x: number, top: number): void {
    const geom = this.geom;
    if (geom.borders) drawRowBorders(ctx.content, geom, x, top, this.height);
    const baseline = top - geom.padY - this.offset;
    for (let i = 0; i < this.texts.length; i++) {
      ctx.content.text(this.texts[i] as string, x + (geom.xs[i] ?? 0) + geom.padX + (this.dxs[i] ?? 0), baseline, 'regular', geom.size);
    }
  }
}

export function bodyRowStrip(row: readonly TableCell[], columns: readonly TableColumn[], geom: TableGeometry, header: Strip | undefined, env: LayoutEnv, mayBreak = false): Strip {
  const simple = singleLineRow(row, columns, geom, header, env);
  if (simple) return simple;
  const cells: Strip[][] = [];
  for (let i = 0; i < columns.length; i++) {
    const col = columns[i] as TableColumn;
    cells.push(cellStrips(row[i] ?? '', geom, i, col.align, 'regular', cellEnv(env, col)));
  }
  return rowStrip(cells, geom, header, false, mayBreak);
}

function singleLineRow(row: readonly TableCell[], columns: readonly TableColumn[], geom: TableGeometry, header: Strip | undefined, env: LayoutEnv): Strip | undefined {
  const texts: string[] = [];
  const dxs: number[] = [];
  for (let i = 0; i < columns.length; i++) {
    const cell = row[i] ?? '';
    if (typeof cell !== 'string' || cell.indexOf('\n') >= 0) return undefined;
    const box = (geom.widths[i] ?? 0) - 2 * geom.padX;
    const width = cell === '' ? 0 : env.metrics.widthOf(cell, 'regular', geom.size);
    if (width > box) return undefined;
    const align = (columns[i] as TableColumn).align;
    texts.push(cell);
    dxs.push(align === 'center' ? (box - width) / 2 : align === 'right' ? box - width : 0);
  }
  return new SingleLineRowStrip(texts, dxs, geom, header);
}

/** A full-width row showing `text` (the table's emptyText). */
export function emptyRowStrip(text: string, geom: TableGeometry, header: Strip | undefined, env: LayoutEnv): Strip {
  const spanning: TableGeometry = { ...geom, xs: [0], widths: [geom.width], edges: [0, geom.width] };
  return rowStrip([plainTextStrips(text, geom.width - 2 * geom.padX, 'center', 'italic', geom.size, env)], spanning, header);
}

function tableStrips(block: TableBlock, width: number, env: LayoutEnv, size: number): Strip[] {
  if (block.body.kind !== 'inline') {
    throw new AppError('DOCUMENT_INVALID', `Table source "${block.body.source}" can only be used at the top level of a document part, not nested in a list, label or cell.`);
  }
  const geom = tableGeometryOf(block, width, env);
  const header = headerStrip(block.columns, geom, env);
  const repeat = block.repeatHeader ? header : undefined;
  const mayBreak = env.layout.table(block, width, env.bodySize).rowMaySplit;
  const rows = block.body.rows.map((row, i) => bodyRowStrip(row, block.columns, geom, repeat, env, mayBreak[i] === true));
  if (rows.length === 0) rows.push(emptyRowStrip(block.emptyText ?? '', geom, repeat, env));
  return [header, ...rows];
}

// ---------------------------------------------------------------- furniture-like blocks

/** Gap between a side emblem and the kop lines, pt (0.3 cm). */
const KOP_SIDE_GAP = 8.5;
/** The rule under a kop: gap above it, and the strokes (width, then gap) top down. */
const KOP_RULE_GAP = 3;
const KOP_RULES: Readonly<Record<KopBlock['rule'], readonly number[]>> = { none: [], single: [1], double: [2.25, 1.5, 0.75] };

/**
 * The kop as one strip (it never splits and opens page 1): the emblem centred above, or the lambang
 * daerah at the left with the lines centred in the room right of it, then the rule.
 */
function kopStrips(block: KopBlock, width: number, env: LayoutEnv): Strip[] {
  const unit = lineUnit(env);
  const top = block.emblem ? env.images.get(block.emblem) : undefined;
  const side = block.sideEmblem ? env.images.get(block.sideEmblem) : undefined;
  const topW = top && block.emblem ? Math.min(block.emblem.width, width) : 0;
  const topH = top ? topW * top.aspect + 0.25 * unit : 0;
  const sideW = side && block.sideEmblem ? Math.min(block.sideEmblem.width, width / 3) : 0;
  const sideH = side ? sideW * side.aspect : 0;
  const x0 = side ? sideW + KOP_SIDE_GAP : 0;
  const box = width - x0;
  const lines: { strip: Strip; dy: number }[] = [];
  let y = 0;
  for (const line of block.lines) {
    y += (line.spaceBefore ?? 0) * unit;
    for (const s of runStrips(line.runs, box, 'center', line.fontSize ?? env.bodySize + KOP_SIZE_INCREASE, env)) {
      lines.push({ strip: s, dy: y });
      y += s.height;
    }
    y += (line.spaceAfter ?? 0) * unit;
  }
  const bandH = Math.max(y, sideH);
  const strokes = KOP_RULES[block.rule];
  const ruleH = strokes.length > 0 ? KOP_RULE_GAP + strokes.reduce((a, b) => a + b, 0) : 0;
  const height = topH + bandH + ruleH;
  return [
    {
      height,
      gapBefore: 0,
      keepWithNext: block.keepWithNext === true,
      text: lines.map((l) => l.strip.text).join(' '),
      furniture: true,
      draw: (ctx, x, yTop) => {
        if (top && block.emblem) ctx.content.image(top.resource, x + (width - topW) / 2, yTop - topW * top.aspect, topW, topW * top.aspect);
        const bandTop = yTop - topH;
        if (side) ctx.content.image(side.resource, x, bandTop - (bandH + sideH) / 2, sideW, sideH);
        const linesTop = bandTop - (bandH - y) / 2;
        for (const l of lines) l.strip.draw(ctx, x + x0, linesTop - l.dy);
        let ry = bandTop - bandH - KOP_RULE_GAP;
        strokes.forEach((w, i) => {
          if (i % 2 === 0) ctx.content.fillRect(x, ry - w, width, w);
          ry -= w;
        });
      },
    },
  ];
}

/** Strips of a block drawn as one unit that is not running text (signer block, lampiran heading, paraf table). */
function keepTogether(strips: Strip[]): Strip[] {
  return strips.map((s, i) => ({ ...shiftStrip(s, 0), keepWithNext: i < strips.length - 1, furniture: true }));
}

/** Label | separator | wrapped value lines in a column `box` wide; plain wrapped text when no separator. */
function labeledLineStrips(
  lines: readonly { label: string; separator: string; value: string }[],
  box: number,
  size: number,
  env: LayoutEnv,
): Strip[] {
  const m = env.metrics;
  const withSep = lines.filter((l) => l.separator !== '');
  const labelW = withSep.reduce((w, l) => Math.max(w, m.widthOf(l.label, 'regular', size)), 0) + gapFor(size) / 2;
  const sepW = withSep.reduce((w, l) => Math.max(w, m.widthOf(l.separator, 'regular', size)), 0) + gapFor(size) / 2;
  const lh = size * env.lineHeight;
  const offset = baselineOffset(size, lh);
  const out: Strip[] = [];
  for (const l of lines) {
    if (l.separator === '') {
      const text = l.value ? `${l.label} ${l.value}` : l.label;
      for (const s of runStrips([{ text }], box, 'left', size, env)) out.push(s);
      continue;
    }
    const valueX = labelW + sepW;
    const values = runStrips([{ text: l.value }], Math.max(box - valueX, size), 'left', size, env).map((s) => shiftStrip(s, valueX));
    const first = values[0] as Strip;
    values[0] = {
      ...first,
      text: `${l.label} ${l.separator} ${first.text}`.trim(),
      draw: (ctx, x, top) => {
        ctx.content.text(l.label, x, top - offset, 'regular', size);
        ctx.content.text(l.separator, x + labelW, top - offset, 'regular', size);
        first.draw(ctx, x, top);
      },
    };
    for (const s of values) out.push(s);
  }
  return out;
}

function signatureStrips(block: SignatureBlock, width: number, env: LayoutEnv): Strip[] {
  const size = env.bodySize;
  const colX = width * (block.column ?? 0.5);
  const box = width - colX;
  const lh = size * env.lineHeight;
  const strips: Strip[] = [];
  const anySep = block.placeDate.some((l) => l.separator !== '');
  const placeLines = anySep ? block.placeDate : block.placeDate.map((l) => ({ label: l.label, separator: '', value: l.value }));
  for (const s of labeledLineStrips(placeLines, box, size, env)) strips.push(s);
  for (const h of block.heading) for (const s of runStrips([{ text: h }], box, 'center', size, env)) strips.push(s);
  const spaceH = SIGNATURE_SPACE_LINES * lh;
  const slot = block.slot;
  strips.push({
    height: spaceH,
    gapBefore: 0,
    keepWithNext: false,
    text: '',
    draw: (ctx, x, top) => ctx.recordSignatureSlot(slot, { x, y: top - spaceH, width: box, height: spaceH }),
  });
  for (const s of runStrips([{ text: block.name, bold: true, underline: true }], box, 'center', size, env)) strips.push(s);
  if (block.rank) for (const s of runStrips([{ text: block.rank }], box, 'center', size, env)) strips.push(s);
  if (block.nip) {
    const nip = /^NIP/i.test(block.nip) ? block.nip : `NIP. ${block.nip}`;
    for (const s of runStrips([{ text: nip }], box, 'center', size, env)) strips.push(s);
  }
  return keepTogether(strips.map((s) => shiftStrip(s, colX)));
}

function lampiranHeadingStrips(block: LampiranHeadingBlock, width: number, env: LayoutEnv): Strip[] {
  const colX = width * (block.column ?? 0.45);
  const strips = labeledLineStrips(block.lines, width - colX, env.bodySize, env);
  return keepTogether(strips.map((s) => shiftStrip(s, colX)));
}

function parafTableStrips(block: ParafTableBlock, width: number, env: LayoutEnv): Strip[] {
  const size = PARAF_SIZE;
  const tableW = Math.min(width, width * 0.6);
  const columns: TableColumn[] = [
    { header: '', width: 7, align: 'left' },
    { header: '', width: 3, align: 'center' },
  ];
  const geom = tableGeometry(columns, tableW, size, true, env);
  const titleGeom: TableGeometry = { ...geom, xs: [0], widths: [tableW], edges: [0, tableW] };
  const title = rowStrip([plainTextStrips(block.title, tableW - 2 * geom.padX, 'center', 'bold', size, env)], titleGeom);
  const strips: Strip[] = [title];
  block.rows.forEach((row, index) => {
    const cells = [
      plainTextStrips(row.jabatan, (geom.widths[0] ?? 0) - 2 * geom.padX, 'left', 'regular', size, env),
      plainTextStrips(row.paraf ?? '', (geom.widths[1] ?? 0) - 2 * geom.padX, 'center', 'regular', size, env),
    ];
    const minH = 2 * geom.lh;
    const base = rowStrip(cells, geom);
    const height = Math.max(base.height, minH + 2 * geom.padY);
    const parafX = geom.xs[1] ?? 0;
    const parafW = geom.widths[1] ?? 0;
    strips.push({
      height,
      gapBefore: 0,
      keepWithNext: false,
      text: base.text,
      draw: (ctx, x, top) => {
        const bottom = top - height;
        const coords = [x, top, x + tableW, top, x, bottom, x + tableW, bottom, x, top, x, bottom, x + parafX, top, x + parafX, bottom, x + tableW, top, x + tableW, bottom];
        ctx.content.segments(coords, BORDER_WIDTH);
        const rowGeomDraw = rowStrip(cells, { ...geom, borders: false });
        rowGeomDraw.draw(ctx, x, top);
        ctx.recordParafCell(index, { x: x + parafX, y: bottom, width: parafW, height });
      },
    });
  });
  return keepTogether(strips);
}
