/**
 * Maps the blocks of one document part to docx objects (paragraphs and tables). Owns the DOCX layout
 * rules: label and marker columns as tab stops with hanging indents (plain text markers, never Word
 * auto-numbering, so numbers are exactly the model's), bordered tables with a repeated header row and
 * rows that never split, the right-hand signature column, the lampiran heading, the paraf table.
 * Source-fed tables are built with one template row of placeholder tokens (see source-table-xml.ts).
 *
 * Lengths are pt (the model's unit) until they are handed to docx as twips. May import the model, the
 * docx package and the sibling modules of render/docx.
 */
import {
  AlignmentType,
  BorderStyle,
  HeightRule,
  ImageRun,
  LineRuleType,
  Paragraph,
  SoftHyphen,
  Tab,
  TabStopType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ITableBordersOptions,
} from 'docx';
import { AppError } from '../../errors/app-error.ts';
import { KOP_SIZE_INCREASE } from '../../model/document-model.ts';
import type {
  Align,
  Block,
  EmblemImage,
  KopBlock,
  LabeledBlock,
  LabeledLine,
  LampiranHeadingBlock,
  ListBlock,
  PageSetup,
  ParafTableBlock,
  ParagraphBlock,
  SignatureBlock,
  TableBlock,
  TableColumn,
  TableCell as ModelCell,
  TextRun as ModelRun,
} from '../../model/document-model.ts';
import { imageSize } from './image-size.ts';
import { cellToken, xmlSafeText, type SourceTableSlot } from './source-table-xml.ts';
import { styleOf, widthOfRuns, type TextMeasure } from './text-measure.ts';
import type { FontMetrics } from '../font-metrics.ts';
import { fitCellText, type CellColumn } from '../cell-text.ts';
import { cellPadding, columnWidths, labelGap, type PartLayout, type ResolvedLayout } from '../resolve-layout.ts';

export type DocxChild = Paragraph | Table;

/**
 * Cell margins for the PDF's padding. Word and LibreOffice add a row's horizontal border to its height
 * where the PDF draws the rule inside the padding, so a bordered table gives half the rule back on each side.
 */
function cellMargins(fontSize: number, bordered: boolean): { top: number; bottom: number; left: number; right: number } {
  const pad = cellPadding(fontSize);
  const y = Math.max(0, pad.y - (bordered ? BORDER_PT / 2 : 0));
  return { top: twips(y), bottom: twips(y), left: twips(pad.x), right: twips(pad.x) };
}

/** Lines of space left above the signer's name for the signature. */
const SIGNATURE_SPACE_LINES = 4;
/** Paraf table as the PDF draws it: 9 pt text, jabatan 7 : paraf 3, 60 % of the width. */
const PARAF_FONT_PT = 9;
const PARAF_COLUMNS = [7, 3] as const;

export const twips = (pt: number): number => Math.round(pt * 20);

/** Shared, mutable state of one render: ids and the source tables met so far. */
export interface BuildState {
  readonly page: PageSetup;
  readonly measure: TextMeasure;
  readonly metrics: FontMetrics;
  /** The layout decisions the PDF renderer reads too (resolve-layout.ts). */
  readonly layout: ResolvedLayout;
  readonly sourceSlots: SourceTableSlot[];
  nextDrawingId: number;
  /** A page-break block asked for the next block to start a page. */
  pendingBreak: boolean;
  /**
   * The top-level block being written is kept whole and with what follows (the closing group of signer
   * block, tembusan and paraf table; a kop; a lampiran heading): every paragraph keeps with the next
   * and its lines together, every table row too.
   */
  keepAll: boolean;
  /** Set while writing a table cell: its text box and column, for break points and refusals. */
  cell?: { readonly box: number; readonly column: CellColumn };
}

/** The decisions of the part being written: label widths, keep rules. */
export type PartState = PartLayout;

/** Where blocks are laid out: left edge from the text area's left edge (margin or cell), width, size. */
interface Box {
  readonly left: number;
  readonly width: number;
  readonly fontSize: number;
}

/**
 * Label/marker text that must open the first paragraph of a body ("Menimbang" → ":" → "a." → text): each
 * segment starts at `x`; the paragraph gets a hanging indent back to the first segment and a tab stop at
 * each following one.
 */
interface LeadSegment {
  readonly runs: readonly ModelRun[];
  readonly x: number;
}
type Lead = readonly LeadSegment[];

function gapFor(fontSize: number): number {
  return labelGap(fontSize);
}

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

function lineTwips(state: BuildState, lines: number | undefined): number | undefined {
  if (!lines) return undefined;
  return twips(lines * state.page.fontSize * state.page.lineHeight);
}

/** docx runs for model runs: a line break in the text becomes a Word line break, not a space. */
function textRuns(runs: readonly ModelRun[], fontSize: number, state: BuildState): TextRun[] {
  const size = fontSize === state.page.fontSize ? undefined : Math.round(fontSize * 2);
  return runs.flatMap((run) =>
    xmlSafeText(run.text)
      .split(/\r\n?|\n/)
      .map(
        (text, i) =>
          new TextRun({
            // A soft hyphen (a break point in a narrow cell) is Word's own <w:softHyphen/>.
            ...(text.includes('\u00ad') ? { children: text.split('\u00ad').flatMap((t, k) => (k > 0 ? [new SoftHyphen(), t] : [t])) } : { text }),
            break: i > 0 ? 1 : undefined,
            bold: run.bold || undefined,
            italics: run.italic || undefined,
            underline: run.underline ? {} : undefined,
            size,
          }),
      ),
  );
}

function tabRun(): TextRun {
  return new TextRun({ children: [new Tab()] });
}

interface ParagraphSpec {
  readonly runs: readonly ModelRun[];
  readonly align: Align;
  readonly left: number;
  readonly fontSize: number;
  readonly lead?: Lead;
  readonly spaceBefore?: number;
  readonly spaceAfter?: number;
  readonly keepNext?: boolean;
  readonly keepLines?: boolean;
  /** Line spacing of its own (Word "auto", 240 = single) instead of the document's. */
  readonly autoLine?: number;
  /** Extra tab stops (pt from the text area's left edge) and a hanging indent for label/value lines. */
  readonly tabStops?: readonly number[];
  readonly hanging?: number;
  /** Raw runs appended after `runs` (images, tabs). */
  readonly extra?: readonly (TextRun | ImageRun)[];
  /** A rule under the paragraph (the kop's). */
  readonly borderBottom?: { readonly style: (typeof BorderStyle)[keyof typeof BorderStyle]; readonly size: number; readonly color: string; readonly space: number };
}

function paragraph(spec: ParagraphSpec, state: BuildState): Paragraph {
  const children: (TextRun | ImageRun)[] = [];
  const stops = new Set<number>(spec.tabStops ?? []);
  let hanging = spec.hanging ?? 0;
  const lead = spec.lead ?? [];
  if (lead.length > 0) {
    const first = lead[0];
    hanging = spec.left - (first?.x ?? spec.left);
    for (let i = 0; i < lead.length; i += 1) {
      const segment = lead[i];
      if (!segment) continue;
      children.push(...textRuns(segment.runs, spec.fontSize, state), tabRun());
      const next = lead[i + 1];
      stops.add(next ? next.x : spec.left);
    }
  }
  const cell = state.cell;
  const runs = cell
    ? spec.runs.map((r) => ({ ...r, text: fitCellText(r.text, Math.max(1, cell.box - spec.left), spec.fontSize, styleOf(r), state.metrics, cell.column) }))
    : spec.runs;
  children.push(...textRuns(runs, spec.fontSize, state), ...(spec.extra ?? []));
  const pageBreakBefore = state.pendingBreak || undefined;
  state.pendingBreak = false;
  const before = lineTwips(state, spec.spaceBefore);
  const after = lineTwips(state, spec.spaceAfter);
  return new Paragraph({
    children,
    alignment: ALIGN[spec.align],
    indent:
      spec.left !== 0 || hanging !== 0
        ? { left: twips(spec.left), hanging: hanging > 0 ? twips(hanging) : undefined }
        : undefined,
    tabStops:
      stops.size > 0
        ? [...stops].sort((a, b) => a - b).map((x) => ({ type: TabStopType.LEFT, position: twips(x) }))
        : undefined,
    spacing:
      before !== undefined || after !== undefined || spec.autoLine !== undefined
        ? { before, after, line: spec.autoLine, lineRule: spec.autoLine !== undefined ? LineRuleType.AUTO : undefined }
        : undefined,
    keepNext: spec.keepNext || state.keepAll || undefined,
    keepLines: spec.keepLines || state.keepAll || undefined,
    // No first or last line of a paragraph alone on a page, as the PDF keeps them.
    widowControl: true,
    pageBreakBefore,
    ...(spec.borderBottom ? { border: { bottom: spec.borderBottom } } : {}),
  });
}

/** A paragraph holding only a lead (a label whose body starts with a table, or has no body). */
function leadParagraph(lead: Lead, box: Box, state: BuildState, keepNext: boolean): Paragraph {
  const last = lead[lead.length - 1];
  const end = last ? last.x + widthOfRuns(state.measure, last.runs, box.fontSize) : box.left;
  return paragraph(
    {
      runs: [],
      align: 'left',
      left: Math.max(box.left, end),
      fontSize: box.fontSize,
      lead,
      keepNext,
    },
    state,
  );
}

export function renderPartBlocks(blocks: readonly Block[], state: BuildState, part: PartState): DocxChild[] {
  const content = state.page.width - state.page.margins.left - state.page.margins.right;
  const box: Box = { left: 0, width: content, fontSize: state.page.fontSize };
  const out: DocxChild[] = [];
  for (const block of blocks) {
    // The resolved keep rules as Word's own: keep with next, keep lines together.
    const simple = block.kind === 'paragraph' || block.kind === 'table' || (block.kind === 'labeled' && block.body.length === 0);
    state.keepAll = part.keepTogether.has(block) || (!simple && (part.keepWithNext.has(block) || part.beforeSigner === block));
    out.push(...renderBlock(block, box, state, part, []));
    state.keepAll = false;
  }
  if (state.pendingBreak) {
    // A page break as the part's last block: an empty paragraph that starts the next page.
    out.push(paragraph({ runs: [], align: 'left', left: 0, fontSize: state.page.fontSize }, state));
  } else if (out[out.length - 1] instanceof Table) {
    // Word always keeps a paragraph after a table at the end of a section; give it a 1 pt one.
    out.push(new Paragraph({ children: [], spacing: { line: 20, lineRule: LineRuleType.EXACT } }));
  }
  return out;
}

function renderBlocks(blocks: readonly Block[], box: Box, state: BuildState, part: PartState, lead: Lead): DocxChild[] {
  const out: DocxChild[] = [];
  let pending = lead;
  for (const block of blocks) {
    out.push(...renderBlock(block, box, state, part, pending));
    pending = [];
  }
  if (pending.length > 0) out.push(leadParagraph(pending, box, state, false));
  return out;
}

function renderBlock(block: Block, box: Box, state: BuildState, part: PartState, lead: Lead): DocxChild[] {
  switch (block.kind) {
    case 'paragraph':
      return [renderParagraph(block, box, state, part, lead)];
    case 'labeled':
      return renderLabeled(block, box, state, part, lead);
    case 'list':
      return renderList(block, box, state, part, lead);
    case 'page-break':
      state.pendingBreak = true;
      return lead.length > 0 ? [leadParagraph(lead, box, state, false)] : [];
    case 'spacer': {
      const out: DocxChild[] = lead.length > 0 ? [leadParagraph(lead, box, state, false)] : [];
      if (block.lines > 0) out.push(spacer(block.lines, state));
      return out;
    }
    default: {
      // Blocks that cannot carry a lead on their first line get it on a line of its own.
      const out: DocxChild[] = lead.length > 0 ? [leadParagraph(lead, box, state, true)] : [];
      out.push(...renderStandalone(block, box, state, part));
      return out;
    }
  }
}

function renderStandalone(
  block: TableBlock | KopBlock | SignatureBlock | LampiranHeadingBlock | ParafTableBlock,
  box: Box,
  state: BuildState,
  part: PartState,
): DocxChild[] {
  switch (block.kind) {
    case 'table':
      return withSpacing(block, state, part, renderTable(block, box, state, part));
    case 'kop':
      return renderKop(block, box, state);
    case 'signature':
      return renderSignature(block, box, state);
    case 'lampiran-heading':
      return renderLampiranHeading(block, box, state);
    case 'paraf-table': {
      // In the flow after the signer block and tembusan, kept with them (never floating): where the PDF puts it.
      return withSpacing(block, state, part, renderParafTable(block, box, state));
    }
  }
}

/**
 * Vertical space as an empty paragraph of that height. Space before a block keeps with it; space
 * after a block keeps with what follows when the block does (a heading, the closing group), so Word's
 * keep-with-next chain is never broken by the space between two kept blocks.
 */
function spacer(lines: number, state: BuildState, keepNext = false): Paragraph {
  const pageBreakBefore = state.pendingBreak || undefined;
  state.pendingBreak = false;
  return new Paragraph({
    children: [],
    spacing: { line: Math.max(20, lineTwips(state, lines) ?? 0), lineRule: LineRuleType.EXACT },
    keepNext: keepNext || state.keepAll || undefined,
    pageBreakBefore,
  });
}

/** Tables have no spacing of their own: space before/after becomes spacer paragraphs. */
function withSpacing(block: TableBlock | ParafTableBlock, state: BuildState, part: PartState, build: () => Table): DocxChild[] {
  const out: DocxChild[] = [];
  if (block.spaceBefore) out.push(spacer(block.spaceBefore, state, true));
  else if (state.pendingBreak) out.push(spacer(0.05, state, true));
  out.push(build());
  if (block.spaceAfter) out.push(spacer(block.spaceAfter, state, part.keepWithNext.has(block) || part.beforeSigner === block));
  return out;
}

function renderParagraph(block: ParagraphBlock, box: Box, state: BuildState, part: PartState, lead: Lead): Paragraph {
  // A balanced title is written as the lines the layout chose, with line breaks (Word has no balancing).
  const runs = block.balance
    ? state.layout.balancedLines(block, box.width, state.page.fontSize).flatMap((line, i) => [...(i > 0 ? [{ text: '\n' }] : []), ...line])
    : block.runs;
  return paragraph(
    {
      runs,
      align: block.align,
      left: box.left + (block.indentLeft ?? 0),
      fontSize: block.fontSize ?? box.fontSize,
      lead,
      spaceBefore: block.spaceBefore,
      spaceAfter: block.spaceAfter,
      keepNext: block.keepWithNext === true || part.keepWithNext.has(block) || part.beforeSigner === block,
    },
    state,
  );
}

function renderLabeled(block: LabeledBlock, box: Box, state: BuildState, part: PartState, lead: Lead): DocxChild[] {
  const gap = gapFor(box.fontSize);
  const labelWidth = part.labelWidth(block, box.fontSize);
  const separatorWidth = block.separator === '' ? 0 : state.measure.widthOf(block.separator, 'regular', box.fontSize) + gap;
  const segments: LeadSegment[] = [...lead, { runs: block.label, x: box.left }];
  if (block.separator !== '') segments.push({ runs: [{ text: block.separator }], x: box.left + labelWidth });
  const bodyBox: Box = { ...box, left: box.left + labelWidth + separatorWidth, width: box.width - labelWidth - separatorWidth };
  if (block.body.length === 0) {
    // A label without a body ("Menetapkan :") introduces what follows: kept with it.
    return spaced(block, state, part, () => [leadParagraph(segments, bodyBox, state, part.keepWithNext.has(block))]);
  }
  return spaced(block, state, part, () => renderBlocks(block.body, bodyBox, state, part, segments));
}

function renderList(block: ListBlock, box: Box, state: BuildState, part: PartState, lead: Lead): DocxChild[] {
  const gap = gapFor(box.fontSize);
  const markerWidth =
    block.markerWidth ??
    Math.max(0, ...block.items.map((item) => state.measure.widthOf(item.marker, 'regular', box.fontSize))) + gap;
  const bodyBox: Box = { ...box, left: box.left + markerWidth, width: box.width - markerWidth };
  return spaced(block, state, part, () =>
    block.items.flatMap((item, i) => {
      const segments: LeadSegment[] = [...(i === 0 ? lead : []), { runs: [{ text: item.marker }], x: box.left }];
      return renderBlocks(item.body, bodyBox, state, part, segments);
    }),
  );
}

/** Space before/after a container (labeled, list): spacer paragraphs around its children. */
function spaced(block: LabeledBlock | ListBlock, state: BuildState, part: PartState, render: () => DocxChild[]): DocxChild[] {
  const out: DocxChild[] = [];
  if (block.spaceBefore) out.push(spacer(block.spaceBefore, state, true));
  out.push(...render());
  if (block.spaceAfter) out.push(spacer(block.spaceAfter, state, part.keepWithNext.has(block) || part.beforeSigner === block));
  return out;
}

// ---------------------------------------------------------------------------------------------- tables

/** Rules 0.5 pt wide, as the PDF draws them (w:sz is in eighths of a point). */
const BORDER_PT = 0.5;
const SINGLE = { style: BorderStyle.SINGLE, size: BORDER_PT * 8, color: '000000' } as const;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

function tableBorders(kind: 'all' | 'none'): ITableBordersOptions {
  const b = kind === 'all' ? SINGLE : NONE;
  return { top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b };
}

function cellParagraph(text: string, align: Align, fontSize: number, state: BuildState, bold = false, keepNext = false): Paragraph {
  return paragraph({ runs: [{ text, bold }], align, left: 0, fontSize, keepNext }, state);
}

/** Writes the paragraphs of one cell with the cell's break points and refusals (cell-text.ts). */
function inCell<T>(state: BuildState, box: number, column: TableColumn, write: () => T): T {
  const outer = state.cell;
  state.cell = { box, column: { header: column.header, unbreakable: column.unbreakable === true } };
  try {
    return write();
  } finally {
    state.cell = outer;
  }
}

function cellChildren(cell: ModelCell, column: TableColumn, width: number, fontSize: number, state: BuildState, part: PartState): DocxChild[] {
  const inner = Math.max(1, width - 2 * cellPadding(fontSize).x);
  if (typeof cell === 'string') return [inCell(state, inner, column, () => cellParagraph(cell, column.align, fontSize, state))];
  const children = inCell(state, inner, column, () => renderBlocks(cell, { left: 0, width: inner, fontSize }, state, part, []));
  // Word requires every cell to end with a paragraph.
  if (children.length === 0 || !(children[children.length - 1] instanceof Paragraph)) {
    children.push(new Paragraph({ children: [] }));
  }
  return children;
}

function renderTable(block: TableBlock, box: Box, state: BuildState, part: PartState): () => Table {
  return () => {
    if (block.columns.length === 0) {
      throw new AppError('DOCUMENT_INVALID', 'Tabel tanpa kolom tidak dapat dibuat; tambahkan sedikitnya satu kolom pada tabel di templat.');
    }
    const resolved = state.layout.table(block, box.width, state.page.fontSize);
    const fontSize = resolved.fontSize;
    const widths = resolved.widths;
    const pad = cellPadding(fontSize).x;
    // The last row keeps with what follows when the layout says so (before the signer block, `lekat`).
    const keepLast = state.keepAll || block.keepWithNext === true || part.keepWithNext.has(block) || part.beforeSigner === block;
    const cell = (children: DocxChild[], i: number, extra: { columnSpan?: number; width?: number } = {}): TableCell =>
      new TableCell({
        children,
        width: { size: twips(extra.width ?? widths[i] ?? 0), type: WidthType.DXA },
        columnSpan: extra.columnSpan,
        // Top alignment is the default: not written, 25 bytes less per cell in large tables.
      });
    const header = new TableRow({
      tableHeader: block.repeatHeader || undefined,
      cantSplit: true,
      // Never a header alone at the foot of a page.
      keepNext: true,
      children: block.columns.map((column, i) =>
        cell([inCell(state, (widths[i] ?? 0) - 2 * pad, { ...column, unbreakable: false }, () => cellParagraph(column.header, column.headerAlign ?? 'center', fontSize, state, true))], i),
      ),
    });
    const emptyRow = (): TableRow =>
      new TableRow({
        cantSplit: true,
        keepNext: (keepLast && block.totalRow === undefined) || undefined,
        children: [
          cell([paragraph({ runs: [{ text: block.emptyText ?? '', italic: true }], align: 'center', left: 0, fontSize }, state)], 0, {
            columnSpan: block.columns.length,
            width: box.width,
          }),
        ],
      });
    const rows: TableRow[] = [header];
    if (block.body.kind === 'source') {
      const table = state.sourceSlots.length;
      rows.push(
        new TableRow({
          cantSplit: true,
          children: block.columns.map((column, i) => cell([cellParagraph(cellToken(table, i), column.align, fontSize, state)], i)),
        }),
      );
      if (block.emptyText !== undefined) rows.push(emptyRow());
      if (block.totalRow) {
        rows.push(
          new TableRow({
            cantSplit: true,
            keepNext: keepLast || undefined,
            children: block.columns.map((column, i) => cell([cellParagraph(block.totalRow?.[i] ?? '', column.align, fontSize, state, true)], i)),
          }),
        );
      }
      state.sourceSlots.push({
        table,
        source: block.body.source,
        columns: block.columns,
        hasEmptyRow: block.emptyText !== undefined,
        keepLastRow: keepLast && block.totalRow === undefined,
        // Each value gets the break points and refusals of its column (cell-text.ts), as the PDF.
        fit: block.columns.map((column, i) => {
          const cellBox = (widths[i] ?? 0) - 2 * pad;
          const col = { header: column.header, unbreakable: column.unbreakable === true };
          return (value: string) => fitCellText(value, cellBox, fontSize, 'regular', state.metrics, col);
        }),
      });
    } else {
      block.body.rows.forEach((row, r, all) => {
        rows.push(
          new TableRow({
            // A tall row may split across pages, as the PDF splits it (resolve-layout's decision).
            cantSplit: resolved.rowMaySplit[r] !== true,
            keepNext: ((keepLast && r === all.length - 1) || state.keepAll) || undefined,
            children: block.columns.map((column, i) =>
              cell(cellChildren(row[i] ?? '', column, widths[i] ?? 0, fontSize, state, part), i),
            ),
          }),
        );
      });
      if (block.body.rows.length === 0 && block.emptyText !== undefined) rows.push(emptyRow());
    }
    return new Table({
      rows,
      width: { size: twips(box.width), type: WidthType.DXA },
      columnWidths: widths.map(twips),
      layout: TableLayoutType.FIXED,
      indent: box.left > 0 ? { size: twips(box.left), type: WidthType.DXA } : undefined,
      borders: tableBorders(block.borders),
      margins: cellMargins(fontSize, block.borders === 'all'),
    });
  };
}

function renderParafTable(block: ParafTableBlock, box: Box, state: BuildState): () => Table {
  return () => {
    const fontSize = PARAF_FONT_PT;
    const width = box.width * 0.6;
    const widths = columnWidths(PARAF_COLUMNS, width);
    const pad = cellPadding(fontSize);
    // Room for a handwritten paraf: at least two lines of the table text per official.
    const minHeight = 2 * fontSize * state.page.lineHeight + 2 * pad.y;
    const total = block.rows.length + 1;
    const row = (cells: { runs: readonly ModelRun[]; span?: number; align: Align }[], index: number): TableRow =>
      new TableRow({
        cantSplit: true,
        // Kept together: every row but the last keeps with the next (all of them in the closing group).
        keepNext: index < total - 1 || state.keepAll || undefined,
        height: index > 0 ? { value: twips(minHeight), rule: HeightRule.ATLEAST } : undefined,
        children: cells.map(
          (c, i) =>
            new TableCell({
              children: [paragraph({ runs: c.runs, align: c.align, left: 0, fontSize }, state)],
              width: { size: twips(c.span ? width : (widths[i] ?? 0)), type: WidthType.DXA },
              columnSpan: c.span,
              verticalAlign: index > 0 ? undefined : VerticalAlignTable.CENTER,
            }),
        ),
      });
    const rows = [
      row([{ runs: [{ text: block.title, bold: true }], span: 2, align: 'center' }], 0),
      ...block.rows.map((r, i) =>
        row(
          [
            { runs: [{ text: r.jabatan }], align: 'left' },
            { runs: [{ text: r.paraf ?? '' }], align: 'center' },
          ],
          i + 1,
        ),
      ),
    ];
    return new Table({
      rows,
      width: { size: twips(width), type: WidthType.DXA },
      columnWidths: widths.map(twips),
      layout: TableLayoutType.FIXED,
      indent: box.left > 0 ? { size: twips(box.left), type: WidthType.DXA } : undefined,
      borders: tableBorders('all'),
      margins: cellMargins(fontSize, true),
    });
  };
}

// ------------------------------------------------------------------------------- kop, signature, heading

const PX_PER_PT = 96 / 72;
/** Gap between a side emblem and the kop lines, pt (as the PDF: 0.3 cm). */
const KOP_SIDE_GAP_PT = 8.5;
/** The kop's rule as a paragraph border: Word's single 1 pt, or thick-thin (2.25 / 0.75 pt). */
const KOP_RULE_BORDER = {
  single: { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 },
  double: { style: BorderStyle.THICK_THIN_SMALL_GAP, size: 24, color: '000000', space: 1 },
} as const;

function imageRun(emblem: EmblemImage, width: number, state: BuildState): ImageRun {
  const size = imageSize(emblem.data, emblem.format);
  const height = (width * size.height) / size.width;
  state.nextDrawingId += 1;
  return new ImageRun({
    type: emblem.format === 'png' ? 'png' : 'jpg',
    data: emblem.data,
    transformation: { width: Math.round(width * PX_PER_PT), height: Math.round(height * PX_PER_PT) },
    altText: { id: String(state.nextDrawingId), name: 'Lambang', description: 'Lambang', title: 'Lambang' },
  });
}

/**
 * The kop as the PDF sets it: the emblem centred above, or the lambang daerah in a borderless cell left
 * of the lines (not floating); the lines centred, each at its size (body + 2 pt by default) and
 * spacing; the rule as the bottom border of the last line (or of a paragraph under the cell table).
 */
function renderKop(block: KopBlock, box: Box, state: BuildState): DocxChild[] {
  const out: DocxChild[] = [];
  if (block.emblem) {
    out.push(
      paragraph(
        {
          runs: [],
          align: 'center',
          left: box.left,
          fontSize: box.fontSize,
          extra: [imageRun(block.emblem, Math.min(block.emblem.width, box.width), state)],
          // Single spacing: a line-spacing multiple under 1 clips pictures in Word.
          autoLine: 240,
          keepNext: true,
          spaceBefore: block.spaceBefore,
          spaceAfter: 0.25,
        },
        state,
      ),
    );
  }
  const rule = block.rule === 'none' ? undefined : KOP_RULE_BORDER[block.rule];
  const lineParagraphs = (left: number, withRule: boolean): Paragraph[] =>
    block.lines.map((line, i) => {
      const last = i === block.lines.length - 1;
      return paragraph(
        {
          runs: line.runs,
          align: 'center',
          left,
          fontSize: line.fontSize ?? box.fontSize + KOP_SIZE_INCREASE,
          keepNext: true,
          spaceBefore: (line.spaceBefore ?? 0) + (i === 0 && !block.emblem && !block.sideEmblem ? (block.spaceBefore ?? 0) : 0) || undefined,
          spaceAfter: (line.spaceAfter ?? 0) + (last && !block.sideEmblem ? (block.spaceAfter ?? 0) : 0) || undefined,
          ...(last && withRule && rule ? { borderBottom: rule } : {}),
        },
        state,
      );
    });
  if (!block.sideEmblem) {
    out.push(...lineParagraphs(box.left, true));
    return out;
  }
  const sideW = Math.min(block.sideEmblem.width, box.width / 3) + KOP_SIDE_GAP_PT;
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
  out.push(
    new Table({
      width: { size: twips(box.width), type: WidthType.DXA },
      columnWidths: [twips(sideW), twips(box.width - sideW)],
      layout: TableLayoutType.FIXED,
      indent: box.left > 0 ? { size: twips(box.left), type: WidthType.DXA } : undefined,
      borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: twips(sideW), type: WidthType.DXA },
              verticalAlign: VerticalAlignTable.CENTER,
              children: [paragraph({ runs: [], align: 'left', left: 0, fontSize: box.fontSize, autoLine: 240, extra: [imageRun(block.sideEmblem, sideW - KOP_SIDE_GAP_PT, state)] }, state)],
            }),
            new TableCell({ width: { size: twips(box.width - sideW), type: WidthType.DXA }, verticalAlign: VerticalAlignTable.CENTER, children: lineParagraphs(0, false) }),
          ],
        }),
      ],
    }),
  );
  // Under the cell table: the rule (or nothing but the kop's space after), kept with what follows.
  out.push(
    new Paragraph({
      children: [],
      keepNext: true,
      spacing: { line: 20, lineRule: LineRuleType.EXACT, after: lineTwips(state, block.spaceAfter) },
      ...(rule ? { border: { top: rule } } : {}),
    }),
  );
  return out;
}

/**
 * Lines of "label separator value" in a column, as the PDF sets them: labels that have a separator
 * share a label column (widest such label + half a gap), then a separator column (widest separator +
 * half a gap), then the value, which hangs under its first word when it wraps. Lines without a
 * separator are "label value" as plain text.
 */
function labeledLines(lines: readonly LabeledLine[], left: number, box: Box, state: BuildState, keepLast: boolean): Paragraph[] {
  const half = gapFor(box.fontSize) / 2;
  const withSeparator = lines.filter((l) => l.separator !== '');
  const widest = (texts: string[]): number => Math.max(0, ...texts.map((t) => state.measure.widthOf(t, 'regular', box.fontSize)));
  const labelColumn = widest(withSeparator.map((l) => l.label)) + half;
  const separatorColumn = widest(withSeparator.map((l) => l.separator)) + half;
  return lines.map((line, i) => {
    const keepNext = i < lines.length - 1 || keepLast;
    if (line.separator === '') {
      const text = line.value === '' ? line.label : `${line.label} ${line.value}`;
      return paragraph({ runs: [{ text }], align: 'left', left, fontSize: box.fontSize, keepNext }, state);
    }
    return paragraph(
      {
        runs: [{ text: line.value }],
        lead: [
          { runs: [{ text: line.label }], x: left },
          { runs: [{ text: line.separator }], x: left + labelColumn },
        ],
        align: 'left',
        left: left + labelColumn + separatorColumn,
        fontSize: box.fontSize,
        keepNext,
      },
      state,
    );
  });
}

function renderSignature(block: SignatureBlock, box: Box, state: BuildState): DocxChild[] {
  const column = block.column ?? 0.5;
  const left = box.left + box.width * column;
  const out: Paragraph[] = [];
  if (block.spaceBefore) out.push(spacer(block.spaceBefore, state));
  out.push(...labeledLines(block.placeDate, left, box, state, true));
  // Heading, name, rank and NIP are centred in the column (as the PDF draws them); place/date at its left.
  const centred = (runs: readonly ModelRun[], extra: Partial<ParagraphSpec> = {}): Paragraph =>
    paragraph({ runs, align: 'center', left, fontSize: box.fontSize, keepNext: true, ...extra }, state);
  for (const heading of block.heading) out.push(centred([{ text: heading }]));
  const tail: string[] = [];
  if (block.rank) tail.push(block.rank);
  if (block.nip) tail.push(/^NIP/i.test(block.nip) ? block.nip : `NIP. ${block.nip}`);
  out.push(
    centred([{ text: block.name, bold: true, underline: true }], {
      spaceBefore: SIGNATURE_SPACE_LINES,
      keepNext: tail.length > 0 || block.keepWithNext,
    }),
  );
  tail.forEach((text, i) => out.push(centred([{ text }], { keepNext: i < tail.length - 1 || block.keepWithNext })));
  if (block.spaceAfter) out.push(spacer(block.spaceAfter, state));
  return out;
}

function renderLampiranHeading(block: LampiranHeadingBlock, box: Box, state: BuildState): DocxChild[] {
  const left = box.left + box.width * (block.column ?? 0.45);
  const out: Paragraph[] = [];
  if (block.spaceBefore) out.push(spacer(block.spaceBefore, state));
  out.push(...labeledLines(block.lines, left, box, state, block.keepWithNext ?? false));
  if (block.spaceAfter) out.push(spacer(block.spaceAfter, state));
  return out;
}
