/**
 * One page's content stream as raw operator strings: graphics (rules, borders, QR modules, images)
 * and one text object (BT … ET) holding every text run of the page, positioned with relative Td moves.
 * Owns the operator syntax, the text state (font, size, position) within a page and the merging of
 * table rules across adjacent rows. Imports the font embedder and number formatting.
 */
import type { FontStyle } from '../font-metrics.ts';
import { FONT_RESOURCE, type FontEmbedder } from './font-embedder.ts';
import { contentNumber as num } from '../../pdf/pdf-syntax.ts';

interface RowRun {
  readonly edges: readonly number[];
  readonly x: number;
  readonly top: number;
  readonly width: number;
  bottom: number;
  horizontals: string;
}

export class ContentStream {
  private readonly graphics: string[] = [];
  private readonly texts: string[] = [];
  private font = '';
  private size = -1;
  private lineWidth = -1;
  private rowRun: RowRun | undefined;
  private textX = 0;
  private textY = 0;

  constructor(private readonly fonts: FontEmbedder) {}

  /** Draws `text` with its left end of the baseline at (x, y). */
  text(text: string, x: number, y: number, style: FontStyle, size: number): void {
    if (text === '') return;
    const res = FONT_RESOURCE[style];
    if (res !== this.font || size !== this.size) {
      this.texts.push(`/${res} ${num(size)} Tf\n`);
      this.font = res;
      this.size = size;
    }
    // Td moves relative to the previous line origin: shorter than a Tm per run. Coordinates are
    // rounded first so the sum of the moves is exactly the rounded position (no drift).
    const rx = Math.round(x * 100) / 100;
    const ry = Math.round(y * 100) / 100;
    this.texts.push(`${num(rx - this.textX)} ${num(ry - this.textY)} Td (${this.fonts.encode(text, style)}) Tj\n`);
    this.textX = rx;
    this.textY = ry;
  }

  /** A rectangle outline. */
  strokeRect(x: number, y: number, w: number, h: number, width: number): void {
    this.flushRowRun();
    this.setLineWidth(width);
    this.graphics.push(`${num(x)} ${num(y)} ${num(w)} ${num(h)} re S\n`);
  }

  /** A horizontal or vertical rule (or any segment), stroked with `width`. */
  line(x1: number, y1: number, x2: number, y2: number, width: number): void {
    this.flushRowRun();
    this.setLineWidth(width);
    this.graphics.push(`${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S\n`);
  }

  /** Several segments as one path: [x1, y1, x2, y2, x1', …]. */
  segments(coords: readonly number[], width: number): void {
    if (coords.length < 4) return;
    this.flushRowRun();
    this.setLineWidth(width);
    let path = '';
    for (let i = 0; i + 3 < coords.length; i += 4) {
      path += `${num(coords[i] ?? 0)} ${num(coords[i + 1] ?? 0)} m ${num(coords[i + 2] ?? 0)} ${num(coords[i + 3] ?? 0)} l `;
    }
    this.graphics.push(`${path}S\n`);
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    this.graphics.push(`${num(x)} ${num(y)} ${num(w)} ${num(h)} re f\n`);
  }

  /** Pre-built graphics operators (e.g. the QR code, identical on every page). */
  rawGraphics(ops: string): void {
    this.graphics.push(ops);
  }

  image(resource: string, x: number, y: number, w: number, h: number): void {
    this.graphics.push(`q ${num(w)} 0 0 ${num(h)} ${num(x)} ${num(y)} cm /${resource} Do Q\n`);
  }

  /**
   * The rules of one bordered table row between `top` and `bottom` at column `edges` (relative to x,
   * first 0, last the table width). Rows that continue the previous one (same edges array, touching)
   * only add their bottom rule; the column rules are drawn once per run of rows.
   */
  tableRow(edges: readonly number[], x: number, top: number, bottom: number, width: number): void {
    const run = this.rowRun;
    if (run && run.edges === edges && run.x === x && run.width === width && Math.abs(run.bottom - top) < 0.001) {
      run.bottom = bottom;
    } else {
      this.flushRowRun();
      this.rowRun = { edges, x, top, bottom, width, horizontals: `${num(x)} ${num(top)} m ${num(x + (edges[edges.length - 1] ?? 0))} ${num(top)} l ` };
    }
    const r = this.rowRun as RowRun;
    r.horizontals += `${num(x)} ${num(bottom)} m ${num(x + (edges[edges.length - 1] ?? 0))} ${num(bottom)} l `;
  }

  private flushRowRun(): void {
    const run = this.rowRun;
    if (!run) return;
    this.rowRun = undefined;
    this.setLineWidth(run.width);
    let path = run.horizontals;
    const top = num(run.top);
    const bottom = num(run.bottom);
    for (const e of run.edges) {
      const ex = num(run.x + e);
      path += `${ex} ${top} m ${ex} ${bottom} l `;
    }
    this.graphics.push(`${path}S\n`);
  }

  toBuffer(): Buffer {
    this.flushRowRun();
    const text = this.texts.length > 0 ? `BT\n${this.texts.join('')}ET\n` : '';
    const bytes = Buffer.from(`q\n${this.graphics.join('')}Q\n${text}`, 'latin1');
    // The page waits for compression a little longer; its operator strings are no longer needed.
    this.graphics.length = 0;
    this.texts.length = 0;
    return bytes;
  }

  private setLineWidth(width: number): void {
    if (width !== this.lineWidth) {
      this.graphics.push(`${num(width)} w\n`);
      this.lineWidth = width;
    }
  }
}
