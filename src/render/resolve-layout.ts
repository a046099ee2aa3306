/**
 * The layout decisions both renderers read, made once from the model and the font metrics, so the PDF
 * and the DOCX agree: label column widths per group, table column widths (whole twips, summing to the
 * table width) and cell padding, which table rows may split across pages, the lines of balanced titles,
 * and the keep rules —
 * - headings (titles, "MEMUTUSKAN :", "Menetapkan :", a one-line lead-in ending in ":") keep with what
 *   follows;
 * - the signer block keeps with the last lines (or the last table row) before it, and it, the tembusan
 *   after it and the paraf table form one closing group kept on one page: the paraf table follows the
 *   signer block on its page, never alone, never floating;
 * - blocks whose lines never split (kop, signer block, lampiran heading, paraf table).
 * Body paragraphs keep their first two and last two lines together (no widow, no orphan): a property
 * of every paragraph, applied by each renderer (PDF strips, DOCX widow control).
 * Pure; imports the model, font metrics and the line breaker.
 */
import type { Block, DocumentModel, DocumentPart, ParagraphBlock, TableBlock, TableCell, TextRun } from '../model/document-model.ts';
import { styleOf, type FontMetrics } from './font-metrics.ts';
import { breakLines, lineText } from './line-breaker.ts';

/** Gap after a label or list marker, pt: half an em. */
export function labelGap(fontSize: number): number {
  return 0.5 * fontSize;
}

/** Cell padding, pt: horizontal 0.4 em (at least 3 pt), vertical 0.25 em (at least 2 pt). */
export function cellPadding(fontSize: number): { readonly x: number; readonly y: number } {
  return { x: Math.max(3, 0.4 * fontSize), y: Math.max(2, 0.25 * fontSize) };
}

/** Rows taller than this many lines of their text may split across pages (at a line). */
export const SPLITTABLE_ROW_LINES = 4;

export interface TableLayout {
  /** Column widths, pt, each a whole number of twips (1/20 pt), summing to the table width. */
  readonly widths: readonly number[];
  /** Left edge of each column from the table's left edge, pt. */
  readonly xs: readonly number[];
  readonly padding: { readonly x: number; readonly y: number };
  readonly fontSize: number;
  /** For inline tables: whether each body row may split across pages (it is taller than SPLITTABLE_ROW_LINES). */
  readonly rowMaySplit: readonly boolean[];
}

export interface PartLayout {
  /** Label column width (label + gap) of each `group`, pt. */
  readonly groupWidths: ReadonlyMap<string, number>;
  /** The label column width of a labeled block of this part: its group's, else its own `lebar`, else its label's. */
  labelWidth(block: Extract<Block, { kind: 'labeled' }>, fontSize: number): number;
  /** Top-level blocks whose last line stays on the page of what follows them. */
  readonly keepWithNext: ReadonlySet<Block>;
  /** Top-level blocks never split across pages. */
  readonly keepTogether: ReadonlySet<Block>;
  /** The block right before the signer block: its last two lines (or its last row) go with the signer. */
  readonly beforeSigner?: Block;
}

export interface ResolvedLayout {
  part(part: DocumentPart): PartLayout;
  /** Column geometry of `table` laid out `width` pt wide. */
  table(table: TableBlock, width: number, bodySize: number): TableLayout;
  /** The lines of a balanced paragraph `width` pt wide, as runs (the DOCX writes them with line breaks). */
  balancedLines(block: ParagraphBlock, width: number, bodySize: number): readonly (readonly TextRun[])[];
}

const twips = (pt: number): number => Math.round(pt * 20);

function runsWidth(runs: readonly TextRun[], size: number, metrics: FontMetrics): number {
  let w = 0;
  for (const r of runs) w += metrics.widthOf(r.text, styleOf(r.bold, r.italic), size);
  return w;
}

/** Column widths in pt scaled from relative weights to `total`, in whole twips summing exactly to it. */
export function columnWidths(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, w) => a + Math.max(0, w), 0);
  const totalTw = twips(total);
  const raw = weights.map((w) => (sum > 0 ? (Math.max(0, w) / sum) * totalTw : totalTw / weights.length));
  const rounded = raw.map((w) => Math.floor(w));
  let rest = totalTw - rounded.reduce((a, w) => a + w, 0);
  for (let i = 0; rest > 0 && rounded.length > 0; i = (i + 1) % rounded.length, rest -= 1) rounded[i] = (rounded[i] ?? 0) + 1;
  return rounded.map((tw) => tw / 20);
}

function isContent(b: Block): boolean {
  return b.kind !== 'spacer' && b.kind !== 'page-break';
}

/** Lines of text a cell holds at `box` pt (string cells exactly; block cells by their paragraphs). */
function cellLines(cell: TableCell, box: number, size: number, metrics: FontMetrics): number {
  if (typeof cell === 'string') return cell === '' ? 0 : breakLines([{ text: cell }], box, size, metrics).length;
  let lines = 0;
  const visit = (blocks: readonly Block[], width: number): void => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') lines += breakLines(b.runs, Math.max(width - (b.indentLeft ?? 0), size), b.fontSize ?? size, metrics).length;
      else if (b.kind === 'list') {
        const marker = Math.max(0, ...b.items.map((i) => metrics.widthOf(i.marker, 'regular', size))) + labelGap(size);
        for (const item of b.items) visit(item.body, width - (b.markerWidth ?? marker));
      } else if (b.kind === 'labeled') visit(b.body, width / 2);
      else if (b.kind === 'spacer') lines += b.lines;
    }
  };
  visit(cell, box);
  return lines;
}

export function resolveLayout(model: DocumentModel, metrics: FontMetrics): ResolvedLayout {
  const parts = new Map<DocumentPart, PartLayout>();
  const tables = new Map<TableBlock, TableLayout>();
  const balanced = new Map<ParagraphBlock, readonly (readonly TextRun[])[]>();
  const bodySize = model.page.fontSize;

  const resolvePart = (part: DocumentPart): PartLayout => {
    // Label widths: each group's widest label (its own `lebar` counts as its width) plus the gap.
    const groupWidths = new Map<string, number>();
    const visit = (blocks: readonly Block[], size: number): void => {
      for (const b of blocks) {
        if (b.kind === 'labeled') {
          if (b.group !== undefined) {
            const w = b.labelWidth ?? runsWidth(b.label, size, metrics) + labelGap(size);
            groupWidths.set(b.group, Math.max(groupWidths.get(b.group) ?? 0, w));
          }
          visit(b.body, size);
        } else if (b.kind === 'list') {
          for (const item of b.items) visit(item.body, size);
        } else if (b.kind === 'table' && b.body.kind === 'inline') {
          for (const row of b.body.rows) for (const cell of row) if (typeof cell !== 'string') visit(cell, b.fontSize ?? size);
        }
      }
    };
    visit(part.blocks, bodySize);

    const keep = new Set<Block>();
    const together = new Set<Block>();
    const content = part.blocks.filter(isContent);
    const signerAt = content.findIndex((b) => b.kind === 'signature');
    content.forEach((b, i) => {
      if ('keepWithNext' in b && b.keepWithNext) keep.add(b);
      if (b.kind === 'kop' || b.kind === 'lampiran-heading') {
        keep.add(b);
        together.add(b);
      }
      if (b.kind === 'signature' || b.kind === 'paraf-table') together.add(b);
      // A label without a body introduces what follows ("Menetapkan :").
      if (b.kind === 'labeled' && b.body.length === 0) keep.add(b);
      // A one-line lead-in ending in ":" ("MEMUTUSKAN :", "Tembusan :").
      if (b.kind === 'paragraph' && runsWidth(b.runs, b.fontSize ?? bodySize, metrics) < model.page.width / 2 && /:\s*$/.test(b.runs.map((r) => r.text).join(''))) keep.add(b);
      // The closing group — the signer block and everything after it in the part (tembusan, paraf
      // table) — on one page, the paraf table never alone.
      if (signerAt >= 0 && i >= signerAt) {
        together.add(b);
        if (i < content.length - 1) keep.add(b);
      }
    });
    const beforeSigner = signerAt > 0 ? content[signerAt - 1] : undefined;
    return {
      groupWidths,
      labelWidth(block, fontSize) {
        if (block.group !== undefined) {
          const w = groupWidths.get(block.group);
          if (w !== undefined) return w;
        }
        return block.labelWidth ?? runsWidth(block.label, fontSize, metrics) + labelGap(fontSize);
      },
      keepWithNext: keep,
      keepTogether: together,
      ...(beforeSigner ? { beforeSigner } : {}),
    };
  };

  return {
    part(part) {
      let hit = parts.get(part);
      if (!hit) {
        hit = resolvePart(part);
        parts.set(part, hit);
      }
      return hit;
    },
    table(table, width, size) {
      const hit = tables.get(table);
      if (hit && Math.abs(hit.widths.reduce((a, w) => a + w, 0) - width) < 0.05) return hit;
      const fontSize = table.fontSize ?? size;
      const widths = columnWidths(
        table.columns.map((c) => c.width),
        width,
      );
      const xs: number[] = [];
      let x = 0;
      for (const w of widths) {
        xs.push(x);
        x += w;
      }
      const padding = cellPadding(fontSize);
      const rowMaySplit =
        table.body.kind === 'inline'
          ? table.body.rows.map((row) => {
              let tallest = 0;
              row.forEach((cell, i) => {
                tallest = Math.max(tallest, cellLines(cell, Math.max((widths[i] ?? 0) - 2 * padding.x, fontSize), fontSize, metrics));
              });
              return tallest > SPLITTABLE_ROW_LINES;
            })
          : [];
      const layout: TableLayout = { widths, xs, padding, fontSize, rowMaySplit };
      tables.set(table, layout);
      return layout;
    },
    balancedLines(block, width, size) {
      let hit = balanced.get(block);
      if (!hit) {
        const fontSize = block.fontSize ?? size;
        const lines = breakLines(block.runs, Math.max(width - (block.indentLeft ?? 0), fontSize), fontSize, metrics, { balance: true });
        hit = lines.map((line) => runsOfLine(line));
        balanced.set(block, hit);
      }
      return hit;
    },
  };
}

/** The runs of one broken line, spaces restored between words, neighbours of one style merged. */
function runsOfLine(line: ReturnType<typeof breakLines>[number]): TextRun[] {
  const out: TextRun[] = [];
  line.words.forEach((w, i) => {
    w.frags.forEach((f, j) => {
      const text = (i > 0 && j === 0 && !w.glued ? ' ' : '') + f.text;
      const bold = f.style === 'bold' || f.style === 'boldItalic';
      const italic = f.style === 'italic' || f.style === 'boldItalic';
      const prev = out[out.length - 1];
      if (prev && !!prev.bold === bold && !!prev.italic === italic && !!prev.underline === f.underline) {
        out[out.length - 1] = { ...prev, text: prev.text + text };
      } else {
        out.push({ text, ...(bold ? { bold } : {}), ...(italic ? { italic } : {}), ...(f.underline ? { underline: true } : {}) });
      }
    });
  });
  return out.length > 0 ? out : [{ text: lineText(line) }];
}
