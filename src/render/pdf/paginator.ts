/**
 * Pagination: places strips top-down on pages, keeps `keepWithNext` groups together, repeats a table's
 * header row on the pages it continues on, splits a tall table row (one the layout allows to split)
 * at a line rather than leaving the rest of a page blank, splits other strips only when taller than a
 * page, drops gaps at page tops, and hands each finished page on with its continuation marker — the
 * first words of the next page when it opens with running text, none when it opens with a table row,
 * a signer block or other furniture (one-page lookahead; everything else streams). Imports the model's
 * page setup and the strip types.
 */
import type { PageSetup } from '../../model/document-model.ts';
import type { ContentStream } from './content-stream.ts';
import type { DrawContext, Rect, Strip } from './strip.ts';

export interface OpenPage {
  readonly index: number;
  readonly partId: string;
  readonly content: ContentStream;
  /** First text line placed on the page that is not a repeated table header. */
  firstText?: string;
  /** Whether the first strip placed (not a repeated header) was running text, the source of a continuation marker. */
  opensWithText?: boolean;
}

export interface PaginatorHooks {
  newContent(): ContentStream;
  /** Page furniture drawn when a page opens (page number, electronic-signature footer). */
  openPage(page: OpenPage): void;
  /** A finished page; `marker` is its continuation marker or undefined on the last page of a part. */
  emitPage(page: OpenPage, marker: string | undefined): void;
  recordSignatureSlot(slot: string, page: number, rect: Rect): void;
  recordParafCell(row: number, page: number, rect: Rect): void;
}

interface Pending {
  readonly strip: Strip;
  readonly gap: number;
}

const EPSILON = 0.01;

/** "3. Peraturan ..." from "3. Peraturan Presiden Nomor …": two words (punctuation-only tokens ride along). */
export function continuationMarker(text: string): string | undefined {
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  const picked: string[] = [];
  let words = 0;
  for (const t of tokens) {
    if (words === 2) break;
    picked.push(t);
    if (/[\p{L}\p{N}]/u.test(t)) words++;
  }
  return picked.length > 0 ? `${picked.join(' ')} ...` : undefined;
}

export class Paginator {
  private readonly left: number;
  private readonly top: number;
  private readonly bottom: number;
  private current: OpenPage | undefined;
  private ctx: DrawContext | undefined;
  private waiting: OpenPage | undefined;
  private y = 0;
  private atTop = true;
  private forceBreak = false;
  private partId = '';
  private pageCount = 0;
  private pendingGap = 0;
  private group: Pending[] = [];

  constructor(
    page: PageSetup,
    private readonly hooks: PaginatorHooks,
  ) {
    this.left = page.margins.left;
    this.top = page.height - page.margins.top;
    this.bottom = page.margins.bottom;
  }

  get pages(): number {
    return this.pageCount;
  }

  /** Height available on an empty page. */
  get pageContentHeight(): number {
    return this.top - this.bottom;
  }

  beginPart(id: string): void {
    this.endPart();
    this.partId = id;
    this.forceBreak = true;
  }

  add(strip: Strip): void {
    this.group.push({ strip, gap: this.pendingGap + strip.gapBefore });
    this.pendingGap = 0;
    if (!strip.keepWithNext) this.flushGroup();
  }

  /** Makes sure at least one page exists (an empty document still has a page). */
  touch(): void {
    this.ensurePage();
  }

  gap(height: number): void {
    this.pendingGap += height;
  }

  pageBreak(): void {
    this.flushGroup();
    this.pendingGap = 0;
    if (this.current && !this.atTop) this.forceBreak = true;
  }

  /** Closes the part's last page (no continuation marker). */
  endPart(): void {
    this.flushGroup();
    this.pendingGap = 0;
    this.closePage(false);
  }

  private flushGroup(): void {
    const group = this.group;
    if (group.length === 0) return;
    this.group = [];
    this.ensurePage();
    const first = group[0] as Pending;
    const total = this.groupHeight(group, this.atTop);
    if (this.fits(total)) {
      for (const p of group) this.place(p);
      return;
    }
    if (group.length === 1 && first.strip.mayBreak && this.breakHere(first)) return;
    const header = first.strip.isHeader ? undefined : first.strip.header;
    const fresh = this.groupHeight(group, true) + (header ? header.height : 0);
    if (this.atTop || fresh > this.pageContentHeight + EPSILON) {
      // Will not fit on any page as a whole: place strip by strip (splitting only what must be split).
      for (const p of group) this.placeOne(p);
      return;
    }
    this.newPage(header);
    for (const p of group) this.place(p);
  }

  /**
   * Splits a tall row that does not fit at the room left on this page (when at least its minimum part
   * fits there) and continues it on the next, under the repeated header. False when it cannot split here.
   */
  private breakHere(p: Pending): boolean {
    if (this.atTop) return false;
    const room = this.y - this.bottom - p.gap;
    const parts = p.strip.split?.(room);
    if (!parts) return false;
    this.place({ strip: parts[0], gap: p.gap });
    this.newPage(p.strip.isHeader ? undefined : p.strip.header);
    this.placeOne({ strip: parts[1], gap: 0 });
    return true;
  }

  private placeOne(p: Pending): void {
    this.ensurePage();
    const need = (this.atTop ? 0 : p.gap) + p.strip.height;
    if (this.fits(need)) {
      this.place(p);
      return;
    }
    if (!this.atTop) {
      this.newPage(p.strip.isHeader ? undefined : p.strip.header);
      if (this.fits(p.strip.height)) {
        this.place(p);
        return;
      }
    }
    // Taller than the space of an empty page: split as the last resort, or let it overflow.
    const parts = p.strip.split?.(this.y - this.bottom);
    if (!parts) {
      this.place(p);
      return;
    }
    this.place({ strip: parts[0], gap: 0 });
    this.newPage(p.strip.isHeader ? undefined : p.strip.header);
    this.placeOne({ strip: parts[1], gap: 0 });
  }

  private place(p: Pending): void {
    const page = this.current as OpenPage;
    if (!this.atTop) this.y -= p.gap;
    p.strip.draw(this.ctx as DrawContext, this.left, this.y);
    this.y -= p.strip.height;
    if (p.strip.isHeader) return;
    this.atTop = false;
    if (page.opensWithText === undefined) {
      // What the page opens with decides the marker of the page before: running text announces its
      // first words; a table row, a signer block, a paraf table or a heading block announce nothing.
      const text = p.strip.text;
      if (text === '' && !p.strip.furniture) return;
      page.opensWithText = !p.strip.furniture;
      page.firstText = text;
      if (this.waiting) {
        this.hooks.emitPage(this.waiting, page.opensWithText ? continuationMarker(text) : undefined);
        this.waiting = undefined;
      }
    }
  }

  private groupHeight(group: readonly Pending[], atTop: boolean): number {
    let h = 0;
    group.forEach((p, i) => {
      h += (i === 0 && atTop ? 0 : p.gap) + p.strip.height;
    });
    return h;
  }

  private fits(height: number): boolean {
    return this.y - height >= this.bottom - EPSILON;
  }

  private ensurePage(): void {
    if (!this.current || this.forceBreak) this.newPage(undefined);
  }

  private newPage(header: Strip | undefined): void {
    this.forceBreak = false;
    this.closePage(true);
    const index = this.pageCount++;
    const content = this.hooks.newContent();
    const page: OpenPage = { index, partId: this.partId, content };
    this.current = page;
    this.ctx = {
      content,
      pageIndex: index,
      recordSignatureSlot: (slot, rect) => this.hooks.recordSignatureSlot(slot, index, rect),
      recordParafCell: (row, rect) => this.hooks.recordParafCell(row, index, rect),
    };
    this.hooks.openPage(page);
    this.y = this.top;
    this.atTop = true;
    if (header) {
      header.draw(this.ctx, this.left, this.y);
      this.y -= header.height;
    }
  }

  private closePage(continues: boolean): void {
    const page = this.current;
    if (!page) return;
    this.current = undefined;
    this.ctx = undefined;
    if (this.waiting) {
      // The page between had no text line: nothing to announce on the one before it.
      this.hooks.emitPage(this.waiting, undefined);
      this.waiting = undefined;
    }
    if (continues) this.waiting = page;
    else this.hooks.emitPage(page, undefined);
  }
}
