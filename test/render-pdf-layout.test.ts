import { rgbaPng } from './support/png.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PAGE, type Block, type DocumentModel } from '../src/model/document-model.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { renderPdf, type PdfRenderResult } from '../src/render/pdf/render-pdf.ts';
import { nttModel } from './render-pdf-models.ts';
import { requireTools, run } from './support/tools.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'naskah-pdf-layout-'));
const hasPoppler = requireTools('render-pdf layout (pdftotext, pdfimages)', 'pdftotext', 'pdfimages');

function model(blocks: readonly Block[], more: readonly (readonly Block[])[] = []): DocumentModel {
  return {
    meta: { kind: 'test', family: 'instruksi', title: 'INSTRUKSI WALI KOTA BEKASI', tentang: 'UJI TATA LETAK', language: 'id' },
    page: DEFAULT_PAGE,
    parts: [blocks, ...more].map((b, i) => ({ kind: i === 0 ? 'body' : 'lampiran', id: `part-${i}`, blocks: b })),
  };
}

async function render(name: string, m: DocumentModel): Promise<{ file: string; result: PdfRenderResult }> {
  const result = await renderPdf(m, { fonts: loadFonts(), clock: new Date('2025-01-02T03:04:05Z') });
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, result.bytes!);
  return { file, result };
}

interface Word {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

function words(file: string, page: number): Word[] {
  const out = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']).stdout;
  return [...out.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
  }));
}

const para = (text: string, extra: Partial<Block> = {}): Block => ({ kind: 'paragraph', runs: [{ text }], align: 'justify', ...extra }) as Block;

describe.skipIf(!hasPoppler)('PDF layout', () => {
  it('extracts every printable ASCII character and Indonesian punctuation exactly (escaped CID strings)', async () => {
    const ascii = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
    const chunks = ascii.match(/.{1,12}/g)!;
    const extra = ['“Kupang”', '‘a.n.’', 'Rp42.000,–', 'é', 'ü', '…', '§', '°C'];
    const { file } = await render('ascii', model([para([...chunks, ...extra].join(' '), { align: 'left' })]));
    const text = run('pdftotext', ['-raw', file, '-']).stdout.replace(/\s+/g, ' ').trim();
    expect(text).toBe([...chunks, ...extra].join(' '));
  });

  it('draws stand-ins for characters the font lacks and drops invisible ones', async () => {
    // TeX Gyre Bonum has no figure dash (U+2012) or thin space (U+2009); soft hyphens are invisible
    const { file } = await render('fallback', model([para('Nomor 440\u2012301 tanggal 8\u2009Maret Kabu\u00ADpaten', { align: 'left' })]));
    const text = run('pdftotext', ['-raw', file, '-']).stdout.trim();
    expect(text).toBe('Nomor 440-301 tanggal 8 Maret Kabupaten');
    const fonts = run('pdftotext', ['-bbox', file, '-']).stdout;
    expect(fonts).not.toContain('\ufffd');
  });

  it('aligns label columns per group and the markers of nested lists', async () => {
    const { file } = await render('ntt', { ...nttModel(), parts: [nttModel().parts[0]!] });
    const p1 = words(file, 1);
    const p2 = words(file, 2);
    // the word right of the label's colon on the same line (by geometry: poppler may read columns apart)
    const after = (ws: Word[], label: string): Word => {
      const l = ws.find((w) => w.text === label)!;
      expect(l).toBeDefined();
      const sameLine = ws.filter((w) => Math.abs(w.yMin - l.yMin) < 2 && w.xMin > l.xMax).sort((x, y) => x.xMin - y.xMin);
      expect(sameLine[0]!.text).toBe(':');
      return sameLine[1]!;
    };
    // Menimbang, Mengingat and the diktum labels share one group: colons and bodies line up
    const bodies = [after(p1, 'Menimbang'), after(p1, 'Mengingat'), after(p1, 'KESATU'), after(p2, 'KEDUA'), after(p2, 'KEEMPAT')];
    for (const b of bodies) expect(b.xMin).toBeCloseTo(bodies[0]!.xMin, 0);
    expect(after(p1, 'Menimbang').text).toBe('a.');
    expect(after(p1, 'Mengingat').text).toBe('1.');
    // list item text starts right of the marker column, wrapped lines hang under it
    const a = after(p1, 'Menimbang');
    const bahwa = p1.filter((w) => Math.abs(w.yMin - a.yMin) < 2 && w.xMin > a.xMax).sort((x, y) => x.xMin - y.xMin)[0]!;
    expect(bahwa.text).toBe('bahwa');
    const b = p1.find((w) => w.text === 'b.')!;
    expect(b.xMin).toBeCloseTo(a.xMin, 0);
    const secondLine = p1.filter((w) => w.yMin > bahwa.yMin + 5 && w.yMin < bahwa.yMin + 20);
    expect(Math.min(...secondLine.map((w) => w.xMin))).toBeCloseTo(bahwa.xMin, 0);
  });

  it('nests lists: a. → 1) … with each level indented further', async () => {
    const sub = Array.from({ length: 7 }, (_, i) => ({ marker: `${i + 1})`, body: [para(`Langkah pendaftaran nomor ${i + 1} bagi TKK.`)] }));
    const { file } = await render(
      'nested',
      model([
        {
          kind: 'list',
          items: [
            { marker: 'a.', body: [para('Melakukan sosialisasi kepada TKK tentang kepesertaan program BPJS Kesehatan;')] },
            { marker: 'b.', body: [para('Melakukan registrasi / pendaftaran PPNPN (TKK) sebagai berikut:'), { kind: 'list', items: sub }] },
          ],
        },
      ]),
    );
    const ws = words(file, 1);
    const a = ws.find((w) => w.text === 'a.')!;
    const one = ws.find((w) => w.text === '1)')!;
    const seven = ws.find((w) => w.text === '7)')!;
    const melakukan = ws.find((w) => w.text === 'Melakukan')!;
    expect(one.xMin).toBeCloseTo(melakukan.xMin, 0);
    expect(seven.xMin).toBeCloseTo(one.xMin, 0);
    expect(one.xMin).toBeGreaterThan(a.xMin + 10);
  });

  it('keeps a keepWithNext title with the paragraph after it', async () => {
    const { file, result } = await render(
      'keep',
      model([
        para('Awal halaman.'),
        { kind: 'spacer', lines: 56 },
        para('MENGINSTRUKSIKAN :', { align: 'center', keepWithNext: true }),
        para('Kepada seluruh Kepala Perangkat Daerah se-Kota Bekasi untuk melaksanakan pendaftaran tenaga kontrak kerja sebagai peserta Program Jaminan Kesehatan Nasional segmen Pekerja Penerima Upah dengan sebaik-baiknya.'),
      ]),
    );
    expect(result.pageCount).toBe(2);
    expect(result.firstLines[1]).toBe('MENGINSTRUKSIKAN :');
    const p1 = run('pdftotext', ['-f', '1', '-l', '1', file, '-']).stdout;
    const lines = p1.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    expect(lines.pop()).toBe('MENGINSTRUKSIKAN : ...'); // the continuation marker names it
    expect(lines.join('\n')).not.toContain('MENGINSTRUKSIKAN');
  });

  it('keeps a label without body ("Menetapkan :") and a lead-in ending in ":" with what follows', async () => {
    const diktum = (label: string, text: string): Block => ({ kind: 'labeled', label: [{ text: label }], separator: ':', group: 'd', body: [para(text)] });
    const { result } = await render(
      'lead-in',
      model([
        para('Awal halaman.'),
        { kind: 'spacer', lines: 56 },
        { kind: 'labeled', label: [{ text: 'Menetapkan' }], separator: ':', group: 'd', body: [] },
        diktum('KESATU', 'Tim Kerja Pengelolaan Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah.'),
      ]),
    );
    expect(result.pageCount).toBe(2);
    expect(result.firstLines[1]).toBe('Menetapkan :');
    const tembusan = await render(
      'tembusan',
      model([
        para('Awal halaman.'),
        { kind: 'spacer', lines: 56.5 },
        para('Tembusan :', { align: 'left' }),
        { kind: 'list', items: [{ marker: '1.', body: [para('Gubernur Nusa Tenggara Timur di Kupang;')] }, { marker: '2.', body: [para('Inspektur.')] }] },
      ]),
    );
    expect(tembusan.result.firstLines[1]).toBe('Tembusan :');
  });

  it('honours page-break and starts each part on a new page', async () => {
    const { result } = await render('breaks', model([para('Satu.'), { kind: 'page-break' }, para('Dua.')], [[para('Lampiran.')]]));
    expect(result.pageCount).toBe(3);
    expect(result.firstLines).toEqual(['Satu.', 'Dua.', 'Lampiran.']);
  });

  it('splits a row taller than a page only as the last resort, losing no word', async () => {
    const long = Array.from({ length: 900 }, (_, i) => `kata${i + 1}`).join(' ');
    const { file, result } = await render(
      'tall-row',
      model([
        {
          kind: 'table',
          columns: [
            { header: 'NO', width: 1, align: 'center' },
            { header: 'URAIAN', width: 6, align: 'justify' },
          ],
          repeatHeader: true,
          borders: 'all',
          body: { kind: 'inline', rows: [['1.', 'pendek'], ['2.', long], ['3.', 'akhir']] },
        },
      ]),
    );
    expect(result.pageCount).toBeGreaterThanOrEqual(2);
    const text = run('pdftotext', ['-raw', file, '-']).stdout;
    const body = text
      .split('\n')
      .filter((l) => !l.trimEnd().endsWith('...')) // continuation markers repeat the next page's words
      .join('\n');
    const found = [...body.matchAll(/kata(\d+)/g)].map((m) => Number(m[1]));
    expect(found).toEqual(Array.from({ length: 900 }, (_, i) => i + 1));
    for (let p = 2; p <= result.pageCount; p++) {
      expect(run('pdftotext', ['-f', String(p), '-l', String(p), file, '-']).stdout).toMatch(/NO\s+URAIAN/);
    }
  });

  it('embeds an RGBA PNG emblem with a soft mask above the kop lines', async () => {
    const png = rgbaPng(24, 30);
    const { file, result } = await render(
      'emblem',
      model([{ kind: 'kop', rule: 'none', emblem: { data: png, format: 'png', width: 60 }, lines: [{ runs: [{ text: 'WALI KOTA BEKASI', bold: true }] }] }, para('Isi.')]),
    );
    expect(result.pageCount).toBe(1);
    const list = run('pdfimages', ['-list', file]).stdout;
    expect(list).toMatch(/\s1\s+0\s+image\s+24\s+30\s+rgb\s+3\s+8/);
    expect(list).toMatch(/\s1\s+1\s+smask\s+24\s+30\s+gray\s+1\s+8/);
    const ws = words(file, 1);
    const kop = ws.find((w) => w.text === 'WALI')!;
    expect(kop.yMax).toBeGreaterThan(56.69 + 60 * (30 / 24) + 10); // the kop line sits below the emblem
    expect(kop.yMin).toBeGreaterThan(56.69 + 60 * (30 / 24) - 3);
  });
});

