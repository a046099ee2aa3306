import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors/app-error.ts';
import {
  DEFAULT_PAGE,
  type Block,
  type DocumentModel,
  type RenderProgress,
  type RowSource,
  type TableColumn,
} from '../src/model/document-model.ts';
import { renderDocx } from '../src/render/docx/render-docx.ts';
import { loadFontMetrics } from '../src/render/font-metrics.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { bodyOf, findAll, findFirst, parseXml, textOf, unzipDocx, type XmlNode } from './support/docx-xml.ts';
import { requireTools, run } from './support/tools.ts';

const fonts = loadFonts();
const clock = new Date('2025-03-24T01:02:03.456Z');
const tmp = mkdtempSync(path.join(tmpdir(), 'naskah-docx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const para = (text: string, extra: Partial<Extract<Block, { kind: 'paragraph' }>> = {}): Block => ({
  kind: 'paragraph',
  runs: [{ text }],
  align: 'justify',
  ...extra,
});

const PARAF: Block = {
  kind: 'paraf-table',
  title: 'PARAF HIERARKI',
  rows: [
    { jabatan: 'ASISTEN PEMERINTAHAN DAN KESRA', paraf: 'R.' },
    { jabatan: 'KEPALA BIRO HUKUM' },
  ],
};

const SIGNATURE: Block = {
  kind: 'signature',
  placeDate: [
    { label: 'Ditetapkan di', separator: '', value: 'Kupang' },
    { label: 'pada tanggal', separator: '', value: '24 Maret 2025' },
  ],
  heading: ['a.n. GUBERNUR NUSA TENGGARA TIMUR', 'SEKRETARIS DAERAH,'],
  name: 'KOSMAS D. LANA',
  slot: 'ttd-1',
};

const ANGGOTA_COLUMNS: readonly TableColumn[] = [
  { header: 'NO', width: 1, align: 'center', field: '#.' },
  { header: 'NIK', width: 3, align: 'left', field: 'nik' },
  { header: 'NAMA', width: 4, align: 'left', field: 'nama' },
];

function decree(extra: Partial<DocumentModel> = {}): DocumentModel {
  return {
    meta: {
      kind: 'keputusan-kepala-daerah',
      family: 'keputusan',
      title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR',
      number: '99/KEP/HK/2025',
      tentang: 'TIM KERJA PENGELOLAAN KEPESERTAAN',
      language: 'id',
    },
    page: DEFAULT_PAGE,
    parts: [
      {
        kind: 'body',
        id: 'batang-tubuh',
        blocks: [
          { kind: 'kop', rule: 'none', lines: [{ runs: [{ text: 'GUBERNUR NUSA TENGGARA TIMUR', bold: true }] }] },
          para('KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', { align: 'center', keepWithNext: true }),
          para('NOMOR : 99/KEP/HK/2025', { align: 'center' }),
          {
            kind: 'labeled',
            label: [{ text: 'Menimbang' }],
            separator: ':',
            group: 'konsiderans',
            body: [
              {
                kind: 'list',
                items: [
                  { marker: 'a.', body: [para('bahwa iuran dapat dibayarkan oleh Pemerintah Daerah;')] },
                  {
                    marker: 'b.',
                    body: [
                      {
                        kind: 'list',
                        items: [
                          { marker: '1)', body: [para('bahwa pertama;')] },
                          { marker: '2)', body: [para('bahwa kedua;')] },
                        ],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          {
            kind: 'labeled',
            label: [{ text: 'Mengingat' }],
            separator: ':',
            group: 'konsiderans',
            body: [{ kind: 'list', items: [{ marker: '1.', body: [para('Undang-Undang Nomor 23 Tahun 2014;')] }] }],
          },
          para('MEMUTUSKAN :', { align: 'center', keepWithNext: true, spaceBefore: 1 }),
          { kind: 'labeled', label: [{ text: 'KESATU' }], separator: ':', group: 'diktum', body: [para('Tim Kerja.')] },
          { kind: 'labeled', label: [{ text: 'KEDUA PULUH' }], separator: ':', group: 'diktum', body: [para('Berlaku.')] },
          SIGNATURE,
          PARAF,
        ],
      },
      {
        kind: 'lampiran',
        id: 'lampiran-1',
        blocks: [
          {
            kind: 'lampiran-heading',
            lines: [
              { label: 'LAMPIRAN I', separator: '', value: '' },
              { label: 'NOMOR', separator: ':', value: '99/KEP/HK/2025' },
              { label: 'TANGGAL', separator: ':', value: '24 Maret 2025' },
            ],
          },
          para('SUSUNAN KEANGGOTAAN', { align: 'center', keepWithNext: true }),
          {
            kind: 'table',
            columns: [
              { header: 'NO', width: 1, align: 'center' },
              { header: 'NAMA/JABATAN', width: 4, align: 'left' },
              { header: 'RINCIAN TUGAS', width: 5, align: 'justify' },
            ],
            body: {
              kind: 'inline',
              rows: [
                ['1.', 'Gubernur', 'Melakukan pembinaan.'],
                [
                  '2.',
                  'Kepala Dinas Sosial',
                  [{ kind: 'list', items: [{ marker: '1.', body: [para('menginventarisir data;')] }, { marker: '2.', body: [para('menyampaikan usulan.')] }] }],
                ],
              ],
            },
            repeatHeader: true,
            borders: 'all',
          },
          SIGNATURE,
        ],
      },
      {
        kind: 'lampiran',
        id: 'lampiran-2',
        blocks: [
          { kind: 'lampiran-heading', lines: [{ label: 'LAMPIRAN II', separator: '', value: '' }] },
          { kind: 'table', columns: ANGGOTA_COLUMNS, body: { kind: 'source', source: 'peserta' }, repeatHeader: true, borders: 'all', emptyText: 'Tidak ada data' },
          { kind: 'page-break' },
          para('Halaman baru.'),
        ],
      },
    ],
    ...extra,
  };
}

function records(n: number): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 1; i <= n; i += 1) {
    const special = i % 97 === 0 ? ` <b>&"x'` : '';
    out.push({ nik: String(5300000000000000 + i), nama: `Peserta ${i}${special}` });
  }
  return out;
}

function sourceOf(rows: readonly Record<string, string>[], asAsync = false): RowSource {
  return {
    count: rows.length,
    records: () =>
      asAsync
        ? (async function* () {
            for (const r of rows) yield r;
          })()
        : rows,
  };
}

async function render(model: DocumentModel, rows: readonly Record<string, string>[] = records(3), onProgress?: (p: RenderProgress) => void) {
  const result = await renderDocx(model, { fonts, clock, sources: new Map([['peserta', sourceOf(rows)]]), onProgress });
  if (!result.bytes) throw new Error('no bytes');
  const entries = await unzipDocx(result.bytes);
  const xml = (name: string): string => {
    const e = entries.get(name);
    if (!e) throw new Error(`missing ${name}`);
    return e.data.toString('utf8');
  };
  return { bytes: result.bytes, entries, xml, body: bodyOf(xml('word/document.xml')) };
}

function paragraphTexts(body: XmlNode): string[] {
  return findAll(body, 'w:p').map(textOf).filter((t) => t !== '');
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  return node?.attrs[name];
}

describe('renderDocx: pages and sections', () => {
  it('gives every part its own F4 section with the model margins and the page number header from page 2', async () => {
    const { body, xml, entries } = await render(decree());
    const sections = findAll(body, 'w:sectPr');
    expect(sections).toHaveLength(3);
    const m = DEFAULT_PAGE.margins;
    for (const s of sections) {
      const size = findFirst(s, 'w:pgSz');
      expect([attr(size, 'w:w'), attr(size, 'w:h')]).toEqual(['12189', '18709']);
      const mar = findFirst(s, 'w:pgMar');
      expect(Number(attr(mar, 'w:top'))).toBe(Math.round(m.top * 20));
      expect(Number(attr(mar, 'w:bottom'))).toBe(Math.round(m.bottom * 20));
      expect(Number(attr(mar, 'w:left'))).toBe(Math.round(m.left * 20));
      expect(Number(attr(mar, 'w:right'))).toBe(Math.round(m.right * 20));
      // Numbering runs on across parts: no restart.
      expect(attr(findFirst(s, 'w:pgNumType'), 'w:start')).toBeUndefined();
    }
    // Body: different first page (kop, no number); lampiran sections: no title page.
    expect(findFirst(sections[0]!, 'w:titlePg')).toBeDefined();
    expect(findFirst(sections[1]!, 'w:titlePg')).toBeUndefined();
    expect(findAll(sections[1]!, 'w:type').map((t) => attr(t, 'w:val'))).toEqual(['nextPage']);

    const rels = parseXml(xml('word/_rels/document.xml.rels'));
    const target = new Map(findAll(rels, 'Relationship').map((r) => [r.attrs.Id, r.attrs.Target]));
    for (const s of sections) {
      const refs = findAll(s, 'w:headerReference');
      const def = refs.find((r) => r.attrs['w:type'] === 'default');
      const header = xml(`word/${target.get(def?.attrs['r:id'])}`);
      expect(header).toMatch(/- <\/w:t>.*PAGE.*<w:t xml:space="preserve"> -/s);
    }
    const first = findAll(sections[0]!, 'w:headerReference').find((r) => r.attrs['w:type'] === 'first');
    const firstHeader = xml(`word/${target.get(first?.attrs['r:id'])}`);
    expect(firstHeader).not.toContain('PAGE');
    expect(entries.has('word/media/image1.png')).toBe(false);
  });

  it('sets the body font for every script at the page font size, justified by default', async () => {
    const { xml } = await render(decree());
    const styles = parseXml(xml('word/styles.xml'));
    const defaults = findFirst(styles, 'w:docDefaults');
    const fontsNode = findFirst(defaults!, 'w:rFonts');
    for (const k of ['w:ascii', 'w:hAnsi', 'w:eastAsia', 'w:cs']) expect(attr(fontsNode, k)).toBe('TeX Gyre Bonum');
    expect(attr(findFirst(defaults!, 'w:sz'), 'w:val')).toBe('24');
    // A drafter without TeX Gyre Bonum gets Bookman Old Style, the face it clones.
    const fontTable = findAll(parseXml(xml('word/fontTable.xml')), 'w:font');
    expect(fontTable.map((f) => [f.attrs['w:name'], attr(findFirst(f, 'w:altName'), 'w:val')])).toEqual([['TeX Gyre Bonum', 'Bookman Old Style']]);
    const pPr = findFirst(defaults!, 'w:pPrDefault')!;
    expect(attr(findFirst(pPr, 'w:jc'), 'w:val')).toBe('both');
    // The PDF's line pitch (lineHeight × size): Word's "auto" multiplies the font's own line height
    // (ascent + descent), so the factor is divided by it. An explicit "auto" rule: without it
    // LibreOffice clips inline images (the kop emblem, the QR code) to one line.
    const face = loadFontMetrics(fonts).face('regular');
    const natural = (face.ascent - face.descent) / 1000;
    const spacing = findFirst(pPr, 'w:spacing');
    expect(Number(attr(spacing, 'w:line'))).toBe(Math.round((240 * DEFAULT_PAGE.lineHeight) / natural));
    expect(attr(spacing, 'w:lineRule')).toBe('auto');
  });

  it('writes [Content_Types].xml first and every entry with the same fixed date', async () => {
    const result = await renderDocx(decree(), { fonts, clock, sources: new Map([['peserta', sourceOf(records(5))]]) });
    const entries = [...(await unzipDocx(result.bytes!)).values()];
    expect(entries[0]!.name).toBe('[Content_Types].xml');
    expect(entries[1]!.name).toBe('_rels/.rels');
    // DOS date 1980-01-01 00:00:00: (0 << 9) | (1 << 5) | 1 and time 0.
    expect(new Set(entries.map((e) => `${e.lastModDate}/${e.lastModTime}`))).toEqual(new Set(['33/0']));
  });
});

describe('renderDocx: content and structure', () => {
  it('writes the paragraphs in model order with label, separator and markers as tab-separated columns', async () => {
    const { body } = await render(decree());
    const texts = paragraphTexts(body);
    const expected = [
      'GUBERNUR NUSA TENGGARA TIMUR',
      'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR',
      'NOMOR : 99/KEP/HK/2025',
      'Menimbang\t:\ta.\tbahwa iuran dapat dibayarkan oleh Pemerintah Daerah;',
      'b.\t1)\tbahwa pertama;',
      '2)\tbahwa kedua;',
      'Mengingat\t:\t1.\tUndang-Undang Nomor 23 Tahun 2014;',
      'MEMUTUSKAN :',
      'KESATU\t:\tTim Kerja.',
      'KEDUA PULUH\t:\tBerlaku.',
      'Ditetapkan di Kupang',
      'pada tanggal 24 Maret 2025',
      'a.n. GUBERNUR NUSA TENGGARA TIMUR',
      'SEKRETARIS DAERAH,',
      'KOSMAS D. LANA',
      'PARAF HIERARKI',
      'ASISTEN PEMERINTAHAN DAN KESRA',
      'R.',
      'KEPALA BIRO HUKUM',
      'LAMPIRAN I',
      'NOMOR\t:\t99/KEP/HK/2025',
      'TANGGAL\t:\t24 Maret 2025',
      'SUSUNAN KEANGGOTAAN',
    ];
    expect(texts.slice(0, expected.length)).toEqual(expected);
    expect(texts.at(-1)).toBe('Halaman baru.');
  });

  it('aligns the labels of one group on the same column, measured with the shared font metrics', async () => {
    const { body } = await render(decree());
    const paragraphs = findAll(body, 'w:p');
    const byStart = (start: string) => paragraphs.find((p) => textOf(p).startsWith(start))!;
    const tabsOf = (p: XmlNode) => findAll(findFirst(p, 'w:tabs')!, 'w:tab').map((t) => Number(t.attrs['w:pos']));
    const metrics = loadFontMetrics(fonts);
    const gap = DEFAULT_PAGE.fontSize * 0.5;
    const diktumColumn = Math.round((metrics.widthOf('KEDUA PULUH', 'regular', 12) + gap) * 20);
    expect(tabsOf(byStart('KESATU'))[0]).toBe(diktumColumn);
    expect(tabsOf(byStart('KEDUA PULUH'))[0]).toBe(diktumColumn);
    const konsiderans = Math.round((metrics.widthOf('Menimbang', 'regular', 12) + gap) * 20);
    expect(tabsOf(byStart('Menimbang'))[0]).toBe(konsiderans);
    expect(tabsOf(byStart('Mengingat'))[0]).toBe(konsiderans);
    // The text hangs back to the label: left indent minus hanging is the box's left edge.
    const ind = findFirst(byStart('Menimbang'), 'w:ind')!;
    expect(Number(ind.attrs['w:left']) - Number(ind.attrs['w:hanging'])).toBe(0);
    expect(Number(ind.attrs['w:left'])).toBe(tabsOf(byStart('Menimbang')).at(-1));
    // Nested item "2)" starts at the inner marker column, under "1)".
    const inner = findFirst(byStart('2)'), 'w:ind')!;
    const outer = findFirst(byStart('b.'), 'w:ind')!;
    expect(Number(inner.attrs['w:left'])).toBe(Number(outer.attrs['w:left']));
  });

  it('builds real tables: repeated header row, rows that never split, relative column widths', async () => {
    const { body } = await render(decree());
    const table = findAll(body, 'w:tbl').find((t) => textOf(t).includes('RINCIAN TUGAS'))!;
    const rows = findAll(table, 'w:tr');
    expect(rows).toHaveLength(3);
    expect(findFirst(rows[0]!, 'w:tblHeader')).toBeDefined();
    expect(findFirst(rows[1]!, 'w:tblHeader')).toBeUndefined();
    for (const r of rows) expect(findFirst(r, 'w:cantSplit')).toBeDefined();
    const grid = findAll(table, 'w:gridCol').map((g) => Number(g.attrs['w:w']));
    const content = Math.round((DEFAULT_PAGE.width - DEFAULT_PAGE.margins.left - DEFAULT_PAGE.margins.right) * 20);
    expect(grid.reduce((a, b) => a + b, 0)).toBe(content);
    expect(Math.abs(grid[1]! / grid[0]! - 4)).toBeLessThan(0.01);
    expect(findAll(findFirst(table, 'w:tblBorders')!, 'w:top').map((b) => b.attrs['w:val'])).toEqual(['single']);
    // A list inside a cell keeps its markers.
    const cellTexts = findAll(rows[2]!, 'w:tc').map((c) => findAll(c, 'w:p').map(textOf));
    expect(cellTexts[2]).toEqual(['1.\tmenginventarisir data;', '2.\tmenyampaikan usulan.']);
  });

  it('sets the signer block in the right-hand column with room for the signature above the name', async () => {
    const { body } = await render(decree());
    const paragraphs = findAll(body, 'w:p');
    const content = DEFAULT_PAGE.width - DEFAULT_PAGE.margins.left - DEFAULT_PAGE.margins.right;
    const column = Math.round((content / 2) * 20);
    for (const text of ['Ditetapkan di Kupang', 'a.n. GUBERNUR NUSA TENGGARA TIMUR', 'KOSMAS D. LANA']) {
      const p = paragraphs.find((x) => textOf(x) === text)!;
      expect(Number(findFirst(p, 'w:ind')?.attrs['w:left'])).toBe(column);
    }
    const name = paragraphs.find((x) => textOf(x) === 'KOSMAS D. LANA')!;
    expect(Number(findFirst(name, 'w:spacing')?.attrs['w:before'])).toBeGreaterThanOrEqual(3 * 240);
    expect(findFirst(name, 'w:b')).toBeDefined();
    // The block stays together: every line before the name keeps with the next.
    const heading = paragraphs.find((x) => textOf(x) === 'SEKRETARIS DAERAH,')!;
    expect(findFirst(heading, 'w:keepNext')).toBeDefined();
  });

  it('draws the paraf table at 9 pt with room for each paraf, in the flow (never floating), kept with what precedes it', async () => {
    const { body } = await render(decree());
    const table = findAll(body, 'w:tbl').find((t) => textOf(t).startsWith('PARAF HIERARKI'))!;
    const rows = findAll(table, 'w:tr');
    expect(rows.map((r) => findAll(r, 'w:tc').map(textOf))).toEqual([
      ['PARAF HIERARKI'],
      ['ASISTEN PEMERINTAHAN DAN KESRA', 'R.'],
      ['KEPALA BIRO HUKUM', ''],
    ]);
    expect(new Set(findAll(table, 'w:sz').map((n) => n.attrs['w:val']))).toEqual(new Set(['18']));
    for (const r of rows.slice(1)) {
      const h = findFirst(r, 'w:trHeight')!;
      expect(h.attrs['w:hRule']).toBe('atLeast');
      expect(Number(h.attrs['w:val'])).toBeGreaterThanOrEqual(Math.round(2 * 9 * DEFAULT_PAGE.lineHeight * 20));
    }
    expect(findFirst(table, 'w:tblpPr')).toBeUndefined();
    // every row keeps with the next: the table stays on one page with the closing group
    for (const r of rows.slice(0, -1)) expect(findAll(r, 'w:keepNext').length).toBeGreaterThan(0);
  });

  it('turns line breaks in model text into Word breaks and drops characters XML forbids', async () => {
    const model = decree();
    const m: DocumentModel = {
      ...model,
      parts: [{ ...model.parts[0]!, blocks: [para('baris satu\nbaris dua\u0007 & <tiga>')] }],
    };
    const { body } = await render(m);
    const p = findAll(body, 'w:p').find((x) => textOf(x).startsWith('baris'))!;
    expect(textOf(p)).toBe('baris satu\nbaris dua & <tiga>');
  });

  it('starts the block after a page-break on a new page', async () => {
    const { body } = await render(decree());
    const p = findAll(body, 'w:p').find((x) => textOf(x) === 'Halaman baru.')!;
    expect(findFirst(p, 'w:pageBreakBefore')).toBeDefined();
  });

  it('draws the emblem above the kop lines at the model width, keeping its aspect ratio', async () => {
    const png = tinyPng(40, 20);
    const model = decree();
    const withEmblem: DocumentModel = {
      ...model,
      parts: [
        {
          ...model.parts[0]!,
          blocks: [{ kind: 'kop', rule: 'none', emblem: { data: png, format: 'png', width: 60 }, lines: [{ runs: [{ text: 'GUBERNUR' }] }] }],
        },
      ],
    };
    const { body, entries } = await render(withEmblem);
    const extent = findFirst(body, 'wp:extent')!;
    // 60 pt wide = 80 px at 96 dpi = 762000 EMU; half as high.
    expect(Number(extent.attrs.cx)).toBe(80 * 9525);
    expect(Number(extent.attrs.cy)).toBe(40 * 9525);
    const picturePara = findAll(body, 'w:p').find((p) => findFirst(p, 'w:drawing'))!;
    expect(findFirst(picturePara, 'w:spacing')?.attrs['w:line']).toBe('240');
    // Kop lines 2 pt larger than the body, as the PDF sets them.
    const kopLine = findAll(body, 'w:p').find((p) => textOf(p) === 'GUBERNUR')!;
    expect(findFirst(kopLine, 'w:sz')?.attrs['w:val']).toBe(String((DEFAULT_PAGE.fontSize + 2) * 2));
    const media = [...entries.keys()].filter((k) => k.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(entries.get(media[0]!)!.data.equals(Buffer.from(png))).toBe(true);
  });

  it('puts the electronic-signature text and a QR code in the footer of every page, first page included', async () => {
    const model = decree({
      electronicSignature: {
        footerText: 'Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik',
        verifyUrl: 'https://naskah.example.go.id/verifikasi/abc123',
      },
    });
    const { body, xml, entries } = await render(model);
    const rels = parseXml(xml('word/_rels/document.xml.rels'));
    const target = new Map(findAll(rels, 'Relationship').map((r) => [r.attrs.Id, r.attrs.Target]));
    const sections = findAll(body, 'w:sectPr');
    const types = sections.map((s) => findAll(s, 'w:footerReference').map((f) => f.attrs['w:type']).sort());
    expect(types).toEqual([['default', 'first'], ['default'], ['default']]);
    for (const s of sections) {
      for (const ref of findAll(s, 'w:footerReference')) {
        const name = target.get(ref.attrs['r:id'])!;
        const footer = parseXml(xml(`word/${name}`));
        expect(textOf(footer)).toContain('Dokumen ini telah ditandatangani secara elektronik');
        expect(findFirst(footer, 'a:blip')).toBeDefined();
        const footerRels = parseXml(xml(`word/_rels/${name}.rels`));
        const image = findAll(footerRels, 'Relationship').find((r) => (r.attrs.Target ?? '').includes('media/'))!;
        const png = entries.get(`word/${image.attrs.Target}`)!.data;
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.readUInt32BE(16)).toBe(png.readUInt32BE(20)); // square
        // The footer fits in the bottom margin, so signed and unsigned drafts break pages alike; the
        // picture's line has single spacing (a multiple under 1 clips pictures in Word).
        const qrHeightPt = Number(findFirst(footer, 'wp:extent')!.attrs.cy) / 12700;
        const footerDistancePt = Number(findFirst(s, 'w:pgMar')!.attrs['w:footer']) / 20;
        expect(footerDistancePt + qrHeightPt).toBeLessThan(DEFAULT_PAGE.margins.bottom);
        const picturePara = findAll(footer, 'w:p').find((p) => findFirst(p, 'w:drawing'))!;
        expect(findFirst(picturePara, 'w:spacing')?.attrs['w:line']).toBe('240');
      }
    }
  });
});

describe('renderDocx: source tables streamed into document.xml', () => {
  it('writes exactly 2,000 data rows with the right cells and escaped special characters', async () => {
    const rows = records(2000);
    const progress: RenderProgress[] = [];
    const { body } = await render(decree(), rows, (p) => progress.push(p));
    const table = findAll(body, 'w:tbl').find((t) => textOf(findAll(t, 'w:tr')[0]!).startsWith('NONIK'))!;
    const trs = findAll(table, 'w:tr');
    expect(trs).toHaveLength(2001);
    expect(findFirst(trs[0]!, 'w:tblHeader')).toBeDefined();
    const data = trs.slice(1);
    expect(data.every((r) => findFirst(r, 'w:cantSplit') !== undefined)).toBe(true);
    expect(data.some((r) => findFirst(r, 'w:tblHeader') !== undefined)).toBe(false);
    data.forEach((tr, i) => {
      const cells = findAll(tr, 'w:tc').map(textOf);
      expect(cells).toEqual([`${i + 1}.`, rows[i]!.nik, rows[i]!.nama]);
    });
    expect(rows[96]!.nama).toBe(`Peserta 97 <b>&"x'`);
    expect(progress.at(-1)).toEqual({ unit: 'rows', done: 2000, total: 2000 });
    // Rows are copies of the docx-built template row: same alignment per column as the header's grid.
    const jc = findAll(data[0]!, 'w:jc').map((j) => j.attrs['w:val']);
    expect(jc).toEqual(['center', 'left', 'left']);
  });

  it('reads async iterables, uses "#" for bare running numbers and turns line breaks and tabs into Word breaks', async () => {
    const model = decree();
    const lampiran = model.parts[2]!;
    const columns: TableColumn[] = [
      { header: 'NO', width: 1, align: 'center', field: '#' },
      { header: 'ALAMAT', width: 4, align: 'left', field: 'alamat' },
      { header: 'KOSONG', width: 1, align: 'left' },
    ];
    const m: DocumentModel = {
      ...model,
      parts: [{ ...lampiran, blocks: [{ kind: 'table', columns, body: { kind: 'source', source: 'peserta' }, repeatHeader: true, borders: 'all' }] }],
    };
    const rows = [{ alamat: 'Jl. A\nRT 01\tRW 02' }, { alamat: 'ctrl\u0001char' }, { alamat: 'Désa Ñusa – “Ü” 😀' }];
    const result = await renderDocx(m, { fonts, clock, sources: new Map([['peserta', sourceOf(rows, true)]]) });
    const entries = await unzipDocx(result.bytes!);
    const body = bodyOf(entries.get('word/document.xml')!.data.toString('utf8'));
    const data = findAll(body, 'w:tr').slice(1).map((tr) => findAll(tr, 'w:tc').map(textOf));
    expect(data).toEqual([
      ['1', 'Jl. A\nRT 01\tRW 02', ''],
      ['2', 'ctrlchar', ''],
      ['3', 'Désa Ñusa – “Ü” 😀', ''],
    ]);
  });

  it('shows the empty text when the source has no records', async () => {
    const { body } = await render(decree(), []);
    const table = findAll(body, 'w:tbl').find((t) => textOf(t).startsWith('NONIKNAMA'))!;
    const trs = findAll(table, 'w:tr');
    expect(trs).toHaveLength(2);
    expect(textOf(trs[1]!)).toBe('Tidak ada data');
    expect(findFirst(trs[1]!, 'w:gridSpan')?.attrs['w:val']).toBe('3');
  });

  it('names every missing source at once instead of rendering', async () => {
    const model = decree();
    const extraPart = { ...model.parts[2]!, id: 'lampiran-3', blocks: [{ kind: 'table', columns: ANGGOTA_COLUMNS, body: { kind: 'source', source: 'cadangan' }, repeatHeader: true, borders: 'all' } as Block] };
    const error = await renderDocx({ ...model, parts: [...model.parts, extraPart] }, { fonts, clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('SOURCE_NOT_FOUND');
    expect((error as AppError).message).toContain('"peserta"');
    expect((error as AppError).message).toContain('"cadangan"');
  });

  it('refuses a model without parts with an input error', async () => {
    const error = await renderDocx({ ...decree(), parts: [] }, { fonts, clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DOCUMENT_INVALID');
  });

  it('fails (and does not hang) when the row source throws midway', async () => {
    const failing: RowSource = {
      records: () =>
        (function* () {
          yield { nik: '1', nama: 'a' };
          throw new AppError('LIST_UNREADABLE', 'daftar rusak');
        })(),
    };
    const error = await renderDocx(decree(), { fonts, clock, sources: new Map([['peserta', failing]]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('LIST_UNREADABLE');
  });
});

describe('renderDocx: determinism and output', () => {
  it('gives byte-identical files for the same model and clock, dated by the clock', async () => {
    const signed = decree({ electronicSignature: { footerText: 'Dokumen ini telah ditandatangani secara elektronik', verifyUrl: 'https://x.go.id/v/1' } });
    const a = await render(signed, records(700));
    const b = await render(signed, records(700));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const core = a.xml('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-24T01:02:03Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-24T01:02:03Z</dcterms:modified>');
    const stamps = new Set([...a.entries.values()].map((e) => `${e.lastModDate}/${e.lastModTime}`));
    expect(stamps.size).toBe(1);
    const later = await renderDocx(signed, { fonts, clock: new Date('2026-01-01T00:00:00Z'), sources: new Map([['peserta', sourceOf(records(700))]]) });
    expect(Buffer.from(later.bytes!).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it('gives the same bytes in another process and another time zone', async () => {
    const script = path.join(tmp, 'render-in-child.mts');
    const root = path.resolve(import.meta.dirname, '..');
    writeFileSync(
      script,
      [
        `import { createHash } from 'node:crypto';`,
        `import { renderDocx } from ${JSON.stringify(path.join(root, 'src/render/docx/render-docx.ts'))};`,
        `import { loadFonts } from ${JSON.stringify(path.join(root, 'src/render/fonts.ts'))};`,
        `import { DEFAULT_PAGE } from ${JSON.stringify(path.join(root, 'src/model/document-model.ts'))};`,
        `const model = JSON.parse(process.argv[2]);`,
        `model.page = DEFAULT_PAGE;`,
        `const rows = Array.from({ length: 300 }, (_, i) => ({ nik: String(i), nama: 'Nama ' + i }));`,
        `const r = await renderDocx(model, { fonts: loadFonts(), clock: new Date(${JSON.stringify(clock.toISOString())}), sources: new Map([['peserta', { records: () => rows }]]) });`,
        `console.log(createHash('sha256').update(r.bytes).digest('hex'));`,
      ].join('\n'),
    );
    const model = decree({ electronicSignature: { footerText: 'Dokumen ini telah ditandatangani secara elektronik', verifyUrl: 'https://x.go.id/v/2' } });
    const rows = Array.from({ length: 300 }, (_, i) => ({ nik: String(i), nama: `Nama ${i}` }));
    const here = await renderDocx(model, { fonts, clock, sources: new Map([['peserta', { records: () => rows }]]) });
    const expected = createHash('sha256').update(here.bytes!).digest('hex');
    const { page: _page, ...serialisable } = model;
    for (const tz of ['Asia/Jayapura', 'America/Los_Angeles']) {
      const child = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.mjs'), script, JSON.stringify(serialisable)], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe(expected);
    }
  }, 60_000);

  it('streams to the given output and returns no bytes; the file equals the in-memory render', async () => {
    const file = path.join(tmp, 'stream.docx');
    const out = createWriteStream(file);
    const result = await renderDocx(decree(), { fonts, clock, sources: new Map([['peserta', sourceOf(records(50))]]), output: out });
    expect(result.bytes).toBeUndefined();
    const inMemory = await render(decree(), records(50));
    expect(readFileSync(file).equals(Buffer.from(inMemory.bytes))).toBe(true);
  });
});

describe('renderDocx: opened by an office suite', () => {
  it('converts with LibreOffice to F4 pages in the body font, numbered "- n -" from page 2 on', async () => {
    if (!requireTools('DOCX → PDF dengan LibreOffice', 'soffice', 'pdftotext', 'pdfinfo', 'pdffonts')) return;
    const dir = mkdtempSync(path.join(tmp, 'soffice-'));
    const file = path.join(dir, 'keputusan.docx');
    const { bytes } = await render(decree(), records(400));
    writeFileSync(file, bytes);
    // A private profile: a second soffice run by someone else on this machine must not block this one.
    const profile = `file://${path.join(dir, 'profile')}`;
    const conv = run('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file]);
    expect(conv.status).toBe(0);
    const pdf = path.join(dir, 'keputusan.pdf');
    const info = run('pdfinfo', [pdf]).stdout;
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    // LibreOffice keeps page sizes in 1/100 mm and rounds: within 1 pt of 609.45 × 935.43.
    expect(Math.abs(Number(size?.[1]) - 609.45)).toBeLessThan(1);
    expect(Math.abs(Number(size?.[2]) - 935.43)).toBeLessThan(1);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const pageText = (n: number) => run('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-']).stdout;
    const first = pageText(1);
    expect(first).toContain('KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR');
    expect(first).not.toMatch(/-\s*1\s*-/);
    for (let n = 2; n <= pages; n += 1) expect(pageText(n)).toMatch(new RegExp(`-\\s*${n}\\s*-`));
    const all = run('pdftotext', ['-layout', pdf, '-']).stdout;
    expect(all).toContain('Peserta 400');
    expect(all).toContain('Peserta 97 <b>&"x\'');
    const fontsUsed = run('pdffonts', [pdf]).stdout;
    expect(fontsUsed).toMatch(/TeXGyreBonum-Regular/);
  }, 180_000);
});

/** A valid grey PNG of the given size (8-bit greyscale, no filter). */
function tinyPng(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer): number => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y += 1) raw[y * (width + 1)] = 0;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
