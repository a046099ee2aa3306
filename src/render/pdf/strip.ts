/**
 * The unit the paginator places: a strip, an unbreakable horizontal band of a page (one text line, one
 * table row, the signature space), and what a strip's draw function receives. Types and tiny helpers
 * only; imports the content stream type.
 */
import type { ContentStream } from './content-stream.ts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DrawContext {
  readonly content: ContentStream;
  /** 0-based index of the page in the whole document. */
  readonly pageIndex: number;
  recordSignatureSlot(slot: string, rect: Rect): void;
  recordParafCell(row: number, rect: Rect): void;
}

export interface Strip {
  readonly height: number;
  /** Space above the strip, pt; dropped at the top of a page. */
  gapBefore: number;
  /** Keep on the same page as the strip after it. */
  keepWithNext: boolean;
  /** Plain text of the strip (list marker or label included), for continuation markers and tests. */
  readonly text: string;
  /** Draws the strip with its top-left corner at (x, top). */
  draw(ctx: DrawContext, x: number, top: number): void;
  /** The table header row to repeat above this strip when it starts a page. */
  readonly header?: Strip;
  readonly isHeader?: boolean;
  /**
   * The part that fits in `avail` pt and the rest: the last resort for strips taller than a page, and
   * for tall table rows (`mayBreak`) the way to fill a page instead of leaving its foot blank.
   */
  readonly split?: (avail: number) => readonly [Strip, Strip] | undefined;
  /** A tall table row the layout lets split across pages when it does not fit the room left. */
  readonly mayBreak?: boolean;
  /**
   * Not running text (kop, signer block, paraf table, lampiran heading, table rows): never the source
   * of a continuation marker.
   */
  readonly furniture?: boolean;
}

/** The same strip drawn `dx` further right, with its repeated header and last-resort split shifted too. */
export function shiftStrip(strip: Strip, dx: number, prefix = ''): Strip {
  const split = strip.split;
  return {
    height: strip.height,
    gapBefore: strip.gapBefore,
    keepWithNext: strip.keepWithNext,
    text: prefix ? (strip.text ? `${prefix} ${strip.text}` : prefix) : strip.text,
    draw: (ctx, x, top) => strip.draw(ctx, x + dx, top),
    header: strip.header ? shiftStrip(strip.header, dx) : undefined,
    isHeader: strip.isHeader,
    split: split
      ? (avail) => {
          const parts = split.call(strip, avail);
          return parts ? [shiftStrip(parts[0], dx), shiftStrip(parts[1], dx)] : undefined;
        }
      : undefined,
    mayBreak: strip.mayBreak,
    furniture: strip.furniture,
  };
}

/** Total height of strips laid one under the other, gaps included (the first strip's gap too). */
export function stackHeight(strips: readonly Strip[]): number {
  let h = 0;
  for (const s of strips) h += s.gapBefore + s.height;
  return h;
}
