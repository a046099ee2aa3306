import { PassThrough } from 'node:stream';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../src/model/document-model.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { renderPdf, type PdfRenderResult } from '../src/render/pdf/render-pdf.ts';
import { nttModel } from './render-pdf-models.ts';
import { hasTool, requireTools, run, toolsRequired } from './support/tools.ts';

const clock = new Date('2025-03-24T08:00:00Z');
const dir = mkdtempSync(path.join(tmpdir(), 'naskah-pdf-'));

function save(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

function signedModel(): DocumentModel {
  return {
    ...nttModel(),
    electronicSignature: {
      footerText:
        'Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara.',
      verifyUrl: 'https://naskah.example.go.id/verifikasi/5f2b9c1e',
    },
  };
}

describe('renderPdf on a model resembling the NTT decree', () => {
  let result: PdfRenderResult;
  let file: string;

  beforeAll(async () => {
    result = await renderPdf(nttModel(), { fonts: loadFonts(), clock });
    file = save('ntt.pdf', result.bytes!);
  });

  it('starts the lampiran on a new page and reports the signature and paraf rectangles', () => {
    expect(result.pageCount).toBe(4);
    expect(result.firstLines[0]).toBe('GUBERNUR NUSA TENGGARA TIMUR');
    expect(result.firstLines[2]).toBe('LAMPIRAN I');
    expect(result.signatureSlots.map((s) => [s.slot, s.page])).toEqual([
      ['penandatangan', 1],
      ['penandatangan-lampiran-1', 3],
    ]);
    for (const s of result.signatureSlots) {
      expect(s.height).toBeCloseTo(4 * 12 * 1.15, 6);
      expect(s.x + s.width).toBeCloseTo(609.45 - 56.69, 1);
      expect(s.y).toBeGreaterThan(70.8);
    }
    // three rows per paraf table, on the page of its signer block and under it, in the flow
    expect(result.parafCells.map((c) => [c.page, c.row])).toEqual([
      [1, 0], [1, 1], [1, 2], [3, 0], [3, 1], [3, 2],
    ]);
    for (const slot of result.signatureSlots) {
      const cells = result.parafCells.filter((c) => c.page === slot.page);
      for (const c of cells) expect(c.y + c.height).toBeLessThan(slot.y);
    }
  });

  it('is deterministic: the same model and clock give identical bytes, another clock does not', async () => {
    const again = await renderPdf(nttModel(), { fonts: loadFonts(), clock });
    expect(Buffer.from(again.bytes!).equals(Buffer.from(result.bytes!))).toBe(true);
    const later = await renderPdf(nttModel(), { fonts: loadFonts(), clock: new Date('2025-03-25T08:00:00Z') });
    expect(Buffer.from(later.bytes!).equals(Buffer.from(result.bytes!))).toBe(false);
  });

  it('streams to an output stream with the same bytes', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const streamed = await renderPdf(nttModel(), { fonts: loadFonts(), clock, output: out });
    expect(streamed.bytes).toBeUndefined();
    expect(streamed.pageCount).toBe(result.pageCount);
    expect(Buffer.concat(chunks).equals(Buffer.from(result.bytes!))).toBe(true);
  });

  it('writes a classic xref table, no object streams, and the info dictionary', () => {
    const text = Buffer.from(result.bytes!).toString('latin1');
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text).toMatch(/\nxref\n0 \d+\n0000000000 65535 f \n/);
    expect(text).not.toMatch(/\/ObjStm|\/XRef/);
    expect(text).toMatch(/\/Producer \(naskah\)/);
    expect(text).toMatch(/\/CreationDate \(D:20250324080000Z\)/);
    expect(text).toMatch(/\/Lang \(id\)/);
  });

  it.skipIf(!requireTools('pdfinfo page size', 'pdfinfo'))('has F4 pages and the title in the info dictionary', () => {
    const info = run('pdfinfo', ['-f', '1', '-l', String(result.pageCount), file]);
    expect(info.status).toBe(0);
    const sizes = [...info.stdout.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)];
    expect(sizes).toHaveLength(4);
    for (const [, w, h] of sizes) {
      expect(Math.abs(Number(w) - 609.45)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(Number(h) - 935.43)).toBeLessThanOrEqual(0.1);
    }
    expect(info.stdout).toMatch(/Title:\s+KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR tentang TIM KERJA PENGELOLAAN/);
    expect(info.stdout).toMatch(/Producer:\s+naskah/);
  });

  it.skipIf(!requireTools('qpdf check', 'qpdf'))('passes qpdf --check', () => {
    const check = run('qpdf', ['--check', file]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).toMatch(/No syntax or stream encoding errors found/);
  });

  it.skipIf(!requireTools('pdffonts', 'pdffonts'))('embeds and subsets every font, with ToUnicode', () => {
    const fonts = run('pdffonts', [file]);
    expect(fonts.status).toBe(0);
    const rows = fonts.stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row).toMatch(/^[A-Z]{6}\+TeXGyreBonum-\w+\s+CID Type 0C\s+Identity-H\s+yes yes yes/);
    }
    expect(rows.some((r) => r.includes('TeXGyreBonum-Bold'))).toBe(true);
  });

  it.skipIf(!requireTools('pdftotext', 'pdftotext'))('extracts the real text', () => {
    const text = run('pdftotext', [file, '-']).stdout;
    for (const needle of [
      'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR',
      'NOMOR : 99/KEP/HK/2025',
      'Menimbang',
      'Pemerintah Daerah;',
      'KEENAM',
      'Ditetapkan di Kupang',
      'KOSMAS D. LANA',
      'PARAF HIERARKI',
      'PERANCANG PERATURAN',
      'RINCIAN TUGAS',
    ]) {
      expect(text).toContain(needle);
    }
    // row 4 is tall: it fills the foot of page 3 and goes on under the repeated header on page 4
    const page3 = run('pdftotext', ['-f', '3', '-l', '3', '-raw', file, '-']).stdout;
    const page4 = run('pdftotext', ['-f', '4', '-l', '4', '-raw', file, '-']).stdout;
    expect(page3).toContain('4. Kepala Dinas Sosial');
    expect(page3).toContain('menginventarisir data');
    expect(page4.indexOf('RINCIAN TUGAS')).toBeLessThan(page4.indexOf('Nusa Tenggara Timur.'));
    expect(page4).toMatch(/RINCIAN TUGAS\s+Kesehatan Nasional yang akan/);
  });

  it.skipIf(!requireTools('pdftoppm', 'pdftoppm'))('renders with poppler without complaints', () => {
    const out = path.join(dir, 'ntt-page');
    const r = run('pdftoppm', ['-r', '40', '-png', file, out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(`${out}-1.png`).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it.skipIf(!requireTools('mutool draw', 'mutool'))('renders with MuPDF without errors', () => {
    const out = path.join(dir, 'ntt-mutool.txt');
    const r = run('mutool', ['draw', '-q', '-F', 'txt', '-o', out, file]);
    // this MuPDF build warns once that it lacks colour management; anything else is a finding
    const complaints = r.stderr.split('\n').filter((l) => l.trim() !== '' && !/ICC support is not available/.test(l));
    expect(complaints).toEqual([]);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('Menimbang');
  });
});

describe('renderPdf with an electronic signature mark', () => {
  it.skipIf(!hasTool('pdftotext') || !hasTool('pdftoppm'))('prints the footer and a vector QR code on every page', async () => {
    const result = await renderPdf(signedModel(), { fonts: loadFonts(), clock });
    const file = save('signed.pdf', result.bytes!);
    for (let page = 1; page <= result.pageCount; page++) {
      const text = run('pdftotext', ['-f', String(page), '-l', String(page), file, '-']).stdout.replace(/\s+/g, ' ');
      expect(text).toContain('Dokumen ini telah ditandatangani secara elektronik');
      expect(text).toContain('(BSrE)');
    }
    // the QR area (left of the bottom margin, 50 × 50 pt at 10 pt from the bottom): about half dark
    const root = path.join(dir, 'qr');
    const r = run('pdftoppm', ['-r', '72', '-f', '2', '-l', '2', '-singlefile', '-gray', '-x', '85', '-y', '876', '-W', '50', '-H', '50', file, root]);
    expect(r.status).toBe(0);
    const pgm = readFileSync(`${root}.pgm`);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 20))!;
    const pixels = pgm.subarray(header[0].length);
    expect(pixels.length).toBe(50 * 50);
    const dark = pixels.filter((v) => v < 128).length / pixels.length;
    expect(dark).toBeGreaterThan(0.3);
    expect(dark).toBeLessThan(0.7);
    // and nothing dark right of it before the footer text starts
    const blank = run('pdftoppm', ['-r', '72', '-f', '2', '-l', '2', '-singlefile', '-gray', '-x', '136', '-y', '876', '-W', '4', '-H', '50', file, `${root}-gap`]);
    expect(blank.status).toBe(0);
    const gap = readFileSync(`${root}-gap.pgm`);
    expect(gap.subarray(gap.length - 200).every((v) => v > 200)).toBe(true);
    // no image XObject is used for it
    expect(Buffer.from(result.bytes!).toString('latin1')).not.toMatch(/\/Subtype \/Image/);
  });
});

describe('renderPdf with a configured TrueType font (as a licensed Bookman Old Style would be)', () => {
  const ttfDir = '/usr/share/fonts/truetype/liberation';
  const present = existsSync(path.join(ttfDir, 'LiberationSerif-Regular.ttf'));
  if (!present) {
    if (toolsRequired()) throw new Error(`TrueType font test: ${ttfDir} missing (fonts-liberation) and tools are required here`);
    console.warn(`[skip] TrueType font test: ${ttfDir} not installed (fonts-liberation)`);
  }

  it.skipIf(!present || !hasTool('pdffonts') || !hasTool('pdftotext') || !hasTool('qpdf'))(
    'embeds CID TrueType subsets with ToUnicode that extract and check clean',
    async () => {
      const fonts = loadFonts(
        ttfDir,
        { regular: 'LiberationSerif-Regular.ttf', bold: 'LiberationSerif-Bold.ttf', italic: 'LiberationSerif-Italic.ttf', boldItalic: 'LiberationSerif-BoldItalic.ttf' },
        'Liberation Serif',
      );
      const result = await renderPdf(nttModel(), { fonts, clock });
      const file = save('ttf.pdf', result.bytes!);
      const rows = run('pdffonts', [file]).stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
      expect(rows.length).toBeGreaterThanOrEqual(2);
      for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+LiberationSerif\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(run('qpdf', ['--check', file]).status).toBe(0);
      const text = run('pdftotext', [file, '-']).stdout;
      expect(text).toContain('KOSMAS D. LANA');
      expect(text).toContain('bahwa sesuai ketentuan Pasal 34 ayat (1) huruf b');
    },
  );
});

describe('renderPdf input checks', () => {
  it('rejects a page whose margins leave no room for text, naming the page setup', async () => {
    const model = { ...nttModel(), page: { ...nttModel().page, margins: { top: 500, bottom: 500, left: 30, right: 30 } } };
    await expect(renderPdf(model, { fonts: loadFonts(), clock })).rejects.toMatchObject({ code: 'DOCUMENT_INVALID', location: { field: 'page' } });
  });

  it('rejects an invalid clock', async () => {
    await expect(renderPdf(nttModel(), { fonts: loadFonts(), clock: new Date('bukan tanggal') })).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('still writes one valid page for a document without parts', async () => {
    const result = await renderPdf({ ...nttModel(), parts: [] }, { fonts: loadFonts(), clock });
    expect(result.pageCount).toBe(1);
    if (hasTool('qpdf')) expect(run('qpdf', ['--check', save('empty.pdf', result.bytes!)]).status).toBe(0);
  });
});
