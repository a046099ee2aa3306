import { describe, expect, it } from 'vitest';
import type { PageSetup } from '../src/model/document-model.ts';
import type { ContentStream } from '../src/render/pdf/content-stream.ts';
import { continuationMarker, Paginator } from '../src/render/pdf/paginator.ts';
import type { Strip } from '../src/render/pdf/strip.ts';

// A 100 pt tall content box: top margin 10, bottom 10, page 120 high.
const PAGE: PageSetup = { width: 200, height: 120, margins: { top: 10, bottom: 10, left: 5, right: 5 }, fontSize: 10, lineHeight: 1 };

interface Placed {
  readonly name: string;
  readonly page: number;
  readonly top: number;
}

function setup() {
  const placed: Placed[] = [];
  const emitted: { index: number; marker: string | undefined; first: string | undefined }[] = [];
  const paginator = new Paginator(PAGE, {
    newContent: () => ({}) as ContentStream,
    openPage: () => undefined,
    emitPage: (page, marker) => emitted.push({ index: page.index, marker, first: page.firstText }),
    recordSignatureSlot: () => undefined,
    recordParafCell: () => undefined,
  });
  const strip = (name: string, height: number, extra: Partial<Strip> = {}): Strip => ({
    height,
    gapBefore: 0,
    keepWithNext: false,
    text: name,
    draw: (ctx, _x, top) => placed.push({ name, page: ctx.pageIndex, top }),
    ...extra,
  });
  return { paginator, placed, emitted, strip };
}

describe('Paginator', () => {
  it('fills pages top-down and drops a gap at the top of a page', () => {
    const { paginator, placed, strip } = setup();
    paginator.beginPart('a');
    for (let i = 0; i < 5; i++) paginator.add(strip(`s${i}`, 30, { gapBefore: 5 }));
    paginator.endPart();
    expect(placed).toEqual([
      { name: 's0', page: 0, top: 110 },
      { name: 's1', page: 0, top: 75 },
      { name: 's2', page: 0, top: 40 },
      { name: 's3', page: 1, top: 110 },
      { name: 's4', page: 1, top: 75 },
    ]);
  });

  it('moves a keepWithNext group to the next page as a whole', () => {
    const { paginator, placed, strip } = setup();
    paginator.beginPart('a');
    paginator.add(strip('body', 70));
    paginator.add(strip('title', 10, { keepWithNext: true }));
    paginator.add(strip('para', 30));
    paginator.endPart();
    expect(placed.map((p) => [p.name, p.page])).toEqual([
      ['body', 0],
      ['title', 1],
      ['para', 1],
    ]);
  });

  it('repeats the header above a row that starts a page, and announces nothing: a table row is no running text', () => {
    const { paginator, placed, emitted, strip } = setup();
    const header = strip('HEADER', 20, { isHeader: true, keepWithNext: true, furniture: true });
    paginator.beginPart('t');
    paginator.add(header);
    for (let i = 1; i <= 5; i++) paginator.add(strip(`24 5302075309651062 row ${i}`, 30, { header, furniture: true }));
    paginator.endPart();
    expect(placed.map((p) => `${p.page}:${p.name.replace(/^24 \d+ /, '')}`)).toEqual(['0:HEADER', '0:row 1', '0:row 2', '1:HEADER', '1:row 3', '1:row 4', '2:HEADER', '2:row 5']);
    expect(emitted.map((e) => e.marker)).toEqual([undefined, undefined, undefined]);
  });

  it('announces the first words of running text, never a signer block or a paraf table', () => {
    const { paginator, emitted, strip } = setup();
    paginator.beginPart('body');
    paginator.add(strip('isi', 90));
    paginator.add(strip('3. Peraturan Presiden Nomor 82', 20));
    paginator.add(strip('isi lagi', 70));
    paginator.add(strip('a.n. GUBERNUR NUSA TENGGARA TIMUR', 20, { furniture: true }));
    paginator.add(strip('isi akhir', 90));
    paginator.add(strip('PARAF HIERARKI', 20, { furniture: true }));
    paginator.endPart();
    expect(emitted.map((e) => e.marker)).toEqual(['3. Peraturan ...', undefined, 'isi akhir ...', undefined, undefined]);
  });

  it('splits a strip taller than a page only as the last resort', () => {
    const { paginator, placed, strip } = setup();
    const tall = (name: string, height: number): Strip =>
      strip(name, height, {
        split: (avail) => (height > avail ? [strip(`${name}.a`, avail), tall(`${name}.b`, height - avail)] : undefined),
      });
    paginator.beginPart('t');
    paginator.add(strip('before', 40));
    paginator.add(tall('tall', 150));
    paginator.endPart();
    // not split into the 60 pt left under "before": it moves to a fresh page first, then splits there
    expect(placed.map((p) => `${p.page}:${p.name}`)).toEqual(['0:before', '1:tall.a', '2:tall.b']);
  });

  it('splits a tall row the layout lets split into the room left, continuing under the repeated header', () => {
    const { paginator, placed, strip } = setup();
    const header = strip('HEADER', 10, { isHeader: true, keepWithNext: true, furniture: true });
    const row = (name: string, height: number): Strip =>
      strip(name, height, { header, mayBreak: true, furniture: true, split: (avail) => (avail >= 20 && height > avail ? [strip(`${name}.a`, avail), row(`${name}.b`, height - avail)] : undefined) });
    paginator.beginPart('t');
    paginator.add(header);
    paginator.add(strip('short row', 30, { header, furniture: true }));
    paginator.add(row('tall row', 80));
    paginator.endPart();
    // 60 pt left under the short row: the tall row fills it and goes on under the header on page 2
    expect(placed.map((p) => `${p.page}:${p.name}`)).toEqual(['0:HEADER', '0:short row', '0:tall row.a', '1:HEADER', '1:tall row.b']);
  });

  it('starts parts on new pages', () => {
    const { paginator, placed, emitted, strip } = setup();
    paginator.beginPart('body');
    paginator.add(strip('text', 20));
    paginator.add(strip('paraf title', 10, { keepWithNext: true, furniture: true }));
    paginator.add(strip('paraf row', 20, { furniture: true }));
    paginator.beginPart('lampiran');
    paginator.add(strip('LAMPIRAN I', 10, { furniture: true }));
    paginator.endPart();
    expect(placed).toEqual([
      { name: 'text', page: 0, top: 110 },
      { name: 'paraf title', page: 0, top: 90 },
      { name: 'paraf row', page: 0, top: 80 },
      { name: 'LAMPIRAN I', page: 1, top: 110 },
    ]);
    expect(emitted.map((e) => e.marker)).toEqual([undefined, undefined]);
  });
});

describe('continuationMarker', () => {
  it('takes two words, letting punctuation-only tokens ride along', () => {
    expect(continuationMarker('3. Peraturan Presiden Nomor 82 Tahun 2018')).toBe('3. Peraturan ...');
    expect(continuationMarker('KEDUA : Melaksanakan Instruksi')).toBe('KEDUA : Melaksanakan ...');
    expect(continuationMarker('Timur.')).toBe('Timur. ...');
    expect(continuationMarker('   ')).toBeUndefined();
  });
});
