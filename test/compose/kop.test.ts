/**
 * The kop (Permendagri 1/2023): lines with their own size, weight and spacing; a rule under the kop
 * (single or thick-thin); the lambang daerah of the region's profile at the left. Composed from the
 * region profile through the shared partial, drawn in the PDF and laid out, not floating, in the DOCX.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listTemplateFiles } from '../../src/compose/load-template.ts';
import type { KopBlock } from '../../src/model/document-model.ts';
import { composeDocumentFile, renderDocumentFile } from '../../src/use-cases/render-document.ts';
import { unzipDocx } from '../support/docx-xml.ts';
import { rgbaPng } from '../support/png.ts';
import { requireTools, run } from '../support/tools.ts';
import { rejectionOf } from './catch-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'naskah-kop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KOP = `kop:
  baris:
    - { teks: PEMERINTAH KABUPATEN KUPANG, ukuran: 14 }
    - { teks: SEKRETARIAT DAERAH, ukuran: 16 }
    - { teks: "Jalan Timor Raya Km. 36, Oelamasi, Kode Pos 85361", ukuran: 9, tebal: false }
  garis: ganda
  lambang: lambang/kab-kupang.png
`;

/** Templates with Kabupaten Kupang's profile given a perangkat daerah kop (lambang, address, rule). */
function templates(kop = KOP, withImage = true): string {
  const dir = mkdtempSync(path.join(work, 'tpl-'));
  for (const f of ['daerah', 'partials', 'keputusan-kepala-daerah']) cpSync(path.join(ROOT, 'templates', f), path.join(dir, f), { recursive: true });
  const file = path.join(dir, 'daerah/kab-kupang.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/kop:\n  baris:\n    - BUPATI KUPANG\n/, kop));
  if (withImage) {
    mkdirSync(path.join(dir, 'daerah/lambang'));
    writeFileSync(path.join(dir, 'daerah/lambang/kab-kupang.png'), rgbaPng(40, 48));
  }
  return dir;
}

function data(): string {
  const file = path.join(work, `kop-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    'template: keputusan-kepala-daerah\ndaerah: kab-kupang\ntentang: Uji Kop\nmenimbang: [bahwa perlu diuji;]\nmengingat: [Undang-Undang Nomor 1 Tahun 2000;]\ndiktum: [Menguji kop.]\npenandatangan: {nama: Yosef Lede}\n',
  );
  return file;
}

describe('the kop of a region profile', () => {
  it('composes sized lines, a thick-thin rule and the lambang daerah at the left', async () => {
    const dir = templates();
    const { model } = await composeDocumentFile(data(), { templatesDir: dir });
    const kop = model.parts[0]!.blocks[0] as KopBlock;
    expect(kop).toMatchObject({ kind: 'kop', rule: 'double', sideEmblem: { format: 'png' } });
    expect(kop.emblem).toBeUndefined();
    expect(kop.lines.map((l) => [l.runs[0]!.text, l.fontSize, l.runs[0]!.bold === true])).toEqual([
      ['PEMERINTAH KABUPATEN KUPANG', 14, true],
      ['SEKRETARIAT DAERAH', 16, true],
      ['Jalan Timor Raya Km. 36, Oelamasi, Kode Pos 85361', 9, false],
    ]);
    // The image shapes the document: it is one of the files its content hash covers.
    expect(listTemplateFiles(dir, 'keputusan-kepala-daerah', 'kab-kupang').map((f) => f.path)).toContain('daerah/lambang/kab-kupang.png');
  });

  it('refuses a profile naming a lambang file that is not there', async () => {
    const err = await rejectionOf(composeDocumentFile(data(), { templatesDir: templates(KOP, false) }));
    expect(err).toMatchObject({ code: 'TEMPLATE_INVALID', location: { field: 'kop.lambang' } });
  });

  it('draws the lambang, the lines at their sizes and two rules the width of the text in the PDF', async () => {
    if (!requireTools('kop in the PDF', 'pdfimages', 'pdftotext', 'qpdf')) return;
    const { pdfPath } = await renderDocumentFile(data(), { templatesDir: templates(), outDir: path.join(work, 'pdf') });
    const images = run('pdfimages', ['-list', '-f', '1', '-l', '1', pdfPath]).stdout.trim().split('\n').slice(2);
    expect(images.filter((l) => l.split(/\s+/)[3] === 'image')).toHaveLength(1); // (its alpha is an smask)
    const bbox = run('pdftotext', ['-bbox', '-f', '1', '-l', '1', pdfPath, '-']).stdout;
    const height = (word: string): number => {
      const m = new RegExp(`yMin="([\\d.]+)" xMax="[\\d.]+" yMax="([\\d.]+)">${word}<`).exec(bbox);
      return Number(m![2]) - Number(m![1]);
    };
    expect(height('SEKRETARIAT')).toBeGreaterThan(height('PEMERINTAH'));
    expect(height('Timor')).toBeLessThan(height('PEMERINTAH') * 0.75);
    const qdf = path.join(work, 'kop-qdf.pdf');
    run('qpdf', ['--qdf', '--object-streams=disable', pdfPath, qdf]);
    const content = readFileSync(qdf, 'latin1');
    const textWidth = 609.45 - (72 / 2.54) * 5; // F4 minus the 3 cm and 2 cm margins
    const rules = [...content.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f/g)].filter((m) => Math.abs(Number(m[3]) - textWidth) < 0.5).map((m) => Number(m[4]));
    expect(rules).toEqual([2.25, 0.75]);
  });

  it('sets the DOCX kop in a borderless cell table with the image, and the rule as a thick-thin border', async () => {
    const { docxPath } = await renderDocumentFile(data(), { templatesDir: templates(), outDir: path.join(work, 'docx') });
    const xml = (await unzipDocx(readFileSync(docxPath))).get('word/document.xml')!.data.toString('utf8');
    const firstTable = xml.slice(xml.indexOf('<w:tbl>'), xml.indexOf('</w:tbl>'));
    expect(xml.indexOf('<w:tbl>')).toBeLessThan(xml.indexOf('KEPUTUSAN BUPATI KUPANG'));
    expect(firstTable).toContain('<w:drawing>');
    expect(firstTable).not.toContain('w:tblpPr'); // not floating
    expect(firstTable).toContain('SEKRETARIAT DAERAH');
    expect(xml).toMatch(/<w:pBdr><w:top w:val="thickThinSmallGap"/);
  });
});
