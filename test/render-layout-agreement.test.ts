/**
 * One layout decision, read by both renderers: the widths resolveLayout decides are the widths the PDF
 * draws and the widths the DOCX writes — a label column given an explicit width, a label group, table
 * columns and cell padding — and the keep rules appear as Word's own in the DOCX.
 */
import { describe, expect, it } from 'vitest';
import { cm, DEFAULT_PAGE, type Block, type DocumentModel } from '../src/model/document-model.ts';
import { loadFontMetrics } from '../src/render/font-metrics.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { renderDocx } from '../src/render/docx/render-docx.ts';
import { resolveLayout } from '../src/render/resolve-layout.ts';
import { bodyOf, findAll, textOf, unzipDocx, type XmlNode } from './support/docx-xml.ts';

const fonts = loadFonts();
const metrics = loadFontMetrics(fonts);
const para = (text: string, extra: Partial<Extract<Block, { kind: 'paragraph' }>> = {}): Block => ({ kind: 'paragraph', runs: [{ text }], align: 'justify', ...extra });

function model(): DocumentModel {
  return {
    meta: { kind: 'uji', family: 'keputusan', title: 'UJI', tentang: 'uji', language: 'id' },
    page: DEFAULT_PAGE,
    parts: [
      {
        kind: 'body',
        id: 'batang-tubuh',
        blocks: [
          { kind: 'labeled', label: [{ text: 'Kepada' }], separator: ':', labelWidth: cm(2.37), body: [para('Kepala Perangkat Daerah se-Kota Bekasi.')] },
          { kind: 'labeled', label: [{ text: 'Menimbang' }], separator: ':', group: 'g', body: [para('bahwa satu;')] },
          { kind: 'labeled', label: [{ text: 'Untuk' }], separator: ':', group: 'g', labelWidth: cm(4), body: [para('dua.')] },
          {
            kind: 'table',
            borders: 'all',
            repeatHeader: true,
            fontSize: 11,
            columns: [
              { header: 'NO', width: 0.7, align: 'center' },
              { header: 'NAMA', width: 2.3, align: 'left' },
              { header: 'TUGAS', width: 4, align: 'left' },
            ],
            body: { kind: 'inline', rows: [['1.', 'Gubernur', 'Pembina']] },
          },
          para('MEMUTUSKAN :', { align: 'center', keepWithNext: true }),
          { kind: 'labeled', label: [{ text: 'Menetapkan' }], separator: ':', body: [] },
          para('Isi keputusan.'),
        ],
      },
    ],
  };
}

async function documentBody(m: DocumentModel): Promise<XmlNode> {
  const { bytes } = await renderDocx(m, { fonts, clock: new Date(0) });
  return bodyOf((await unzipDocx(bytes!)).get('word/document.xml')!.data.toString('utf8'));
}

const twips = (pt: number): number => Math.round(pt * 20);

describe('both renderers read one layout decision', () => {
  it('writes a label column given an explicit width at that width, and a group at its widest', async () => {
    const m = model();
    const part = resolveLayout(m, metrics).part(m.parts[0]!);
    const [kepada, menimbang, untuk] = m.parts[0]!.blocks as Extract<Block, { kind: 'labeled' }>[];
    expect(part.labelWidth(kepada!, 12)).toBeCloseTo(cm(2.37), 6); // 67.2 pt
    expect(part.labelWidth(menimbang!, 12)).toBeCloseTo(cm(4), 6); // the group's widest: Untuk's 4 cm
    expect(part.labelWidth(untuk!, 12)).toBeCloseTo(cm(4), 6);
    const body = await documentBody(m);
    const paragraphs = findAll(body, 'w:p');
    const separatorTab = (startsWith: string): number => {
      const p = paragraphs.find((x) => textOf(x).startsWith(startsWith))!;
      return Number(findAll(p, 'w:tab').find((t) => t.attrs['w:pos'] !== undefined)!.attrs['w:pos']);
    };
    // the separator ":" stands at the label width, as the PDF draws it
    expect(separatorTab('Kepada')).toBe(twips(cm(2.37)));
    expect(separatorTab('Menimbang')).toBe(twips(cm(4)));
  });

  it('writes the table columns the PDF draws, and its padding', async () => {
    const m = model();
    const table = m.parts[0]!.blocks[3] as Extract<Block, { kind: 'table' }>;
    const width = DEFAULT_PAGE.width - DEFAULT_PAGE.margins.left - DEFAULT_PAGE.margins.right;
    const resolved = resolveLayout(m, metrics).table(table, width, 12);
    expect(resolved.widths.reduce((a, w) => a + w, 0)).toBeCloseTo(width, 1);
    const body = await documentBody(m);
    const grid = findAll(findAll(body, 'w:tbl')[0]!, 'w:gridCol').map((c) => Number(c.attrs['w:w']));
    expect(grid).toEqual(resolved.widths.map(twips));
    const margin = findAll(findAll(body, 'w:tbl')[0]!, 'w:tblCellMar')[0]!;
    expect(Number(findAll(margin, 'w:left')[0]!.attrs['w:w'])).toBe(twips(resolved.padding.x));
  });

  it('writes the keep rules as Word keep-with-next: "MEMUTUSKAN :" and "Menetapkan :" stay with what follows', async () => {
    const body = await documentBody(model());
    const paragraphs = findAll(body, 'w:p');
    for (const start of ['MEMUTUSKAN', 'Menetapkan']) {
      const p = paragraphs.find((x) => textOf(x).startsWith(start))!;
      expect(findAll(p, 'w:keepNext').length, start).toBe(1);
    }
    const isi = paragraphs.find((x) => textOf(x).startsWith('Isi keputusan'))!;
    expect(findAll(isi, 'w:keepNext')).toHaveLength(0);
    expect(findAll(isi, 'w:widowControl')).toHaveLength(1);
  });
});
