import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../src/render/fonts.ts';
import { renderPdf, type PdfRenderResult } from '../src/render/pdf/render-pdf.ts';
import { arraySource, participantModel, participantRecords } from './render-pdf-models.ts';
import { requireTools, run } from './support/tools.ts';

const ROWS = 500;
const records = participantRecords(ROWS);
const hasPoppler = requireTools('render-pdf table (pdftotext, pdfinfo)', 'pdftotext', 'pdfinfo');

describe.skipIf(!hasPoppler)('a 500-row source table', () => {
  let result: PdfRenderResult;
  let pages: string[];
  let file: string;

  beforeAll(async () => {
    result = await renderPdf(participantModel(), {
      fonts: loadFonts(),
      clock: new Date('2025-03-24T08:00:00Z'),
      sources: new Map([['peserta', arraySource(records)]]),
    });
    file = path.join(mkdtempSync(path.join(tmpdir(), 'naskah-pdf-')), 'peserta.pdf');
    writeFileSync(file, result.bytes!);
    const text = run('pdftotext', ['-layout', file, '-']);
    expect(text.status).toBe(0);
    pages = text.stdout.split('\f').slice(0, result.pageCount);
  });

  it('spreads over several pages, all F4', () => {
    expect(result.pageCount).toBeGreaterThan(8);
    expect(pages).toHaveLength(result.pageCount);
    const info = run('pdfinfo', ['-f', '1', '-l', String(result.pageCount), file]);
    const sizes = [...info.stdout.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)];
    expect(sizes).toHaveLength(result.pageCount);
    for (const [, w, h] of sizes) {
      expect(Math.abs(Number(w) - 609.45)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(Number(h) - 935.43)).toBeLessThanOrEqual(0.1);
    }
  });

  it('repeats the header row on every lampiran page', () => {
    for (const page of pages.slice(1)) expect(page).toMatch(/No\s+NIK\s+Nama\s+Tanggal\s+L\/P\s+Kabupaten\/Kota/);
    expect(pages[0]).not.toMatch(/NIK/);
  });

  it('puts every row on exactly one page, in order, with its number on the same line', () => {
    const seen: string[] = [];
    for (const page of pages) {
      for (const m of page.matchAll(/^\s*(\d+)\.\s+(53710\d{11})\s+\S.*$/gm)) {
        if (m[0].trimEnd().endsWith('...')) continue; // the continuation marker
        expect(records[Number(m[1]) - 1]!.nik).toBe(m[2]);
        seen.push(m[2]!);
      }
    }
    expect(seen).toEqual(records.map((r) => r.nik));
  });

  it('numbers pages "- n -" from page 2 on, not on page 1', () => {
    expect(pages[0]).not.toMatch(/-\s*1\s*-/);
    pages.forEach((page, i) => {
      // poppler drops the spaces of "- 2 -" in layout mode; the digits and dashes are what count
      if (i > 0) expect(page.split('\n').find((l) => l.trim() !== '')!.trim().replace(/\s/g, '')).toBe(`-${i + 1}-`);
    });
  });

  it('takes no continuation marker from table rows (no row number glued to a NIK): the repeated header carries on', () => {
    const lastLine = (page: string): string => page.split('\n').filter((l) => l.trim() !== '').pop()!.trim();
    const firstRow = (page: string): string => {
      const m = /^\s*(\d+\.)\s+(\d{16})/m.exec(page);
      return `${m![1]} ${m![2]}`;
    };
    for (let i = 0; i < pages.length; i++) expect(lastLine(pages[i]!)).not.toMatch(/\.\.\.$/);
    for (let i = 1; i < pages.length - 1; i++) {
      // the next page opens with the header, then the row that continues the list
      expect(pages[i + 1]!).toMatch(/No\s+NIK\s+Nama/);
      expect(result.firstLines[i + 1]!.startsWith(firstRow(pages[i + 1]!))).toBe(true);
    }
  });

  it('reports the first line of each page', () => {
    expect(result.firstLines).toHaveLength(result.pageCount);
    expect(result.firstLines[0]).toBe('Daftar peserta sebagaimana tercantum dalam Lampiran.');
    expect(result.firstLines[1]).toBe('DAFTAR PESERTA PBPU PEMDA');
  });

  it('accepts an async row source and gives the same bytes', async () => {
    const asyncSource = {
      count: records.length,
      async *records() {
        for (const r of records) yield r;
      },
    };
    const again = await renderPdf(participantModel(), {
      fonts: loadFonts(),
      clock: new Date('2025-03-24T08:00:00Z'),
      sources: new Map([['peserta', asyncSource]]),
    });
    expect(Buffer.from(again.bytes!).equals(Buffer.from(result.bytes!))).toBe(true);
  });
});

describe('source table errors and edge cases', () => {
  it('reports progress in rows (with the known total) and in pages', async () => {
    const seen: { unit: string; done: number; total?: number }[] = [];
    const r = await renderPdf(participantModel(), {
      fonts: loadFonts(),
      clock: new Date(0),
      sources: new Map([['peserta', arraySource(participantRecords(2500))]]),
      onProgress: (p) => seen.push({ ...p }),
    });
    const rows = seen.filter((p) => p.unit === 'rows');
    expect(rows.map((p) => p.done)).toEqual([1000, 2000, 2500]);
    expect(rows.every((p) => p.total === 2500)).toBe(true);
    const pages = seen.filter((p) => p.unit === 'pages').map((p) => p.done);
    expect(pages).toEqual(Array.from({ length: r.pageCount }, (_, i) => i + 1));
  });

  it.skipIf(!hasPoppler)('prints non-string record values instead of failing', async () => {
    const loose = [{ nik: 5371000000000001, nama: 'YOSEF KASE', lahir: null, jk: 'L', kab: 'Belu' }] as unknown as Record<string, string>[];
    const r = await renderPdf(participantModel(), { fonts: loadFonts(), clock: new Date(0), sources: new Map([['peserta', arraySource(loose)]]) });
    const out = run('pdftotext', ['-layout', '-', '-'], r.bytes);
    expect(out.stdout).toMatch(/1\.\s+5371000000000001\s+YOSEF KASE\s+L\s+Belu/);
  });

  it('names the missing source in a SOURCE_NOT_FOUND error', async () => {
    await expect(renderPdf(participantModel('tidak-ada'), { fonts: loadFonts(), clock: new Date(0) })).rejects.toMatchObject({
      code: 'SOURCE_NOT_FOUND',
      message: expect.stringContaining('tidak-ada'),
    });
  });

  it.skipIf(!hasPoppler)('shows the empty text when the source has no rows', async () => {
    const model = participantModel();
    const lampiran = model.parts[1]!;
    const table = lampiran.blocks[1]!;
    const withEmpty = { ...model, parts: [model.parts[0]!, { ...lampiran, blocks: [lampiran.blocks[0]!, { ...table, emptyText: 'Tidak ada data' }] }] };
    const r = await renderPdf(withEmpty, { fonts: loadFonts(), clock: new Date(0), sources: new Map([['peserta', arraySource([])]]) });
    const out = run('pdftotext', ['-layout', '-', '-'], r.bytes);
    expect(r.pageCount).toBe(2);
    expect(out.stdout).toMatch(/Tidak ada data/);
  });
});
