/**
 * Breaking on the rendered page: a 16-digit NIK is never split at any column width the engine accepts
 * (a width too small is refused, naming the column and the width needed); a word too wide for a narrow
 * cell breaks at a syllable with a visible hyphen; compounds break after their hyphen as the seed does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindRegionName } from '../src/compose/compose-document.ts';
import { AppError } from '../src/errors/app-error.ts';
import { DEFAULT_PAGE, type DocumentModel, type TableColumn } from '../src/model/document-model.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { renderPdf } from '../src/render/pdf/render-pdf.ts';
import { renderDocumentFile } from '../src/use-cases/render-document.ts';
import { arraySource } from './render-pdf-models.ts';
import { requireTools, run } from './support/tools.ts';

const work = mkdtempSync(path.join(tmpdir(), 'naskah-breaking-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TEXT_WIDTH_CM = 16.5;
const NIKS = ['5301262509986789', '5371015906620002', '5301264310944331'];

function tableModel(columns: readonly TableColumn[]): DocumentModel {
  return {
    meta: { kind: 'uji', family: 'keputusan', title: 'UJI', tentang: 'uji', language: 'id' },
    page: DEFAULT_PAGE,
    parts: [{ kind: 'lampiran', id: 'lampiran-1', blocks: [{ kind: 'table', fontSize: 9, borders: 'all', repeatHeader: true, columns, body: { kind: 'source', source: 'peserta' } }] }],
  };
}

async function renderTable(columns: readonly TableColumn[], records: readonly Record<string, string>[]): Promise<string | AppError> {
  try {
    const r = await renderPdf(tableModel(columns), { fonts: loadFonts(), clock: new Date(0), sources: new Map([['peserta', arraySource(records)]]) });
    const file = path.join(work, `t-${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, r.bytes!);
    return run('pdftotext', ['-raw', file, '-']).stdout;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

describe('a 16-digit NIK is never split', () => {
  it('at any column width from 2.0 to 4.0 cm: whole on the page, or refused naming the column and the width needed', async () => {
    if (!requireTools('NIK at every width', 'pdftotext')) return;
    const records = NIKS.map((nik, i) => ({ nik, nama: `Peserta ${i + 1}` }));
    let accepted = 0;
    let refused = 0;
    for (let mm = 20; mm <= 40; mm += 1) {
      const nik = mm / 10;
      const out = await renderTable(
        [
          { header: 'NIK', width: nik, align: 'left', field: 'nik' },
          { header: 'NAMA', width: TEXT_WIDTH_CM - nik, align: 'left', field: 'nama' },
        ],
        records,
      );
      if (out instanceof AppError) {
        refused++;
        expect(out.code).toBe('TEMPLATE_INVALID');
        expect(out.location).toMatchObject({ field: 'kolom NIK', row: 2 }); // the first record, as a spreadsheet numbers it
        expect(out.message).toMatch(/Kolom "NIK" terlalu sempit untuk "5301262509986789", yang tidak boleh dipenggal: perlu 3,15 cm teks/);
      } else {
        accepted++;
        for (const n of NIKS) expect(out).toContain(n);
      }
    }
    // both sides of the boundary were exercised: 3.5 cm is the narrowest column that holds it (3.15 cm
    // of text and 0.4 em of padding a side)
    expect(refused).toBe(15);
    expect(accepted).toBe(6);
  });
});

describe('words too wide for a narrow cell', () => {
  it('break at a syllable with a visible hyphen, never mid-word without one', async () => {
    if (!requireTools('narrow cell hyphenation', 'pdftotext')) return;
    const words = ['Perempuan', 'Laki-laki', 'KELURAHAN', 'Kependudukan'];
    const out = await renderTable(
      [
        { header: 'NO', width: 1.2, align: 'center', field: '#' },
        { header: 'JK', width: 1.3, align: 'left', field: 'jk' },
        { header: 'KETERANGAN', width: TEXT_WIDTH_CM - 2.5, align: 'left', field: 'ket' },
      ],
      words.map((jk) => ({ jk, ket: 'x' })),
    );
    expect(typeof out).toBe('string');
    // One row a line: the running number, the first piece of the word, then the next column.
    const text = (out as string).replace(/ x\n/g, '\n').replace(/^\d+ /gm, '');
    for (const word of words) {
      expect(text.replace(/-\n/g, '').replace(/\n/g, ' ')).toContain(word.replace('-', ''));
      expect(text, `${word} is hyphenated`).toMatch(new RegExp(`^${word.slice(0, 2)}[^\\n]*-\n`, 'm'));
      for (let k = 1; k < word.length; k++) {
        if (word[k - 1] === '-') continue;
        expect(text, `${word} split after ${word.slice(0, k)} without a hyphen`).not.toContain(`${word.slice(0, k)}\n${word.slice(k)}`);
      }
    }
  });
});

describe('compounds break after their hyphen in running text', () => {
  it('"sebaik-baiknya" and "JKN-KIS" in the Bekasi instruction, as the seed breaks them', async () => {
    if (!requireTools('compound breaks', 'pdftotext')) return;
    const { pdfPath } = await renderDocumentFile(path.join(import.meta.dirname, '../examples/instruksi-walikota-bekasi-440-301.yaml'), { outDir: work });
    const text = run('pdftotext', ['-raw', pdfPath, '-']).stdout;
    expect(text).toContain('sebaik-\nbaiknya');
    expect(text).not.toMatch(/sebaik\n/);
  });
});

describe('a region name stays on one line in the title', () => {
  it('binds the full name and the own name with no-break spaces, case-insensitively, and leaves one-word names alone', () => {
    const nbsp = (s: string) => s.replace(/ /g, '\u00a0');
    expect(bindRegionName('PEGAWAI PEMERINTAH PROVINSI NUSA TENGGARA TIMUR', 'Provinsi Nusa Tenggara Timur')).toBe(
      `PEGAWAI PEMERINTAH ${nbsp('PROVINSI NUSA TENGGARA TIMUR')}`,
    );
    expect(bindRegionName('DI NUSA TENGGARA TIMUR TAHUN 2025', 'Provinsi Nusa Tenggara Timur')).toBe(`DI ${nbsp('NUSA TENGGARA TIMUR')} TAHUN 2025`);
    expect(bindRegionName('PESERTA DI KABUPATEN KUPANG', 'Kabupaten Kupang')).toBe(`PESERTA DI ${nbsp('KABUPATEN KUPANG')}`);
    expect(bindRegionName('PESERTA DI KOTA BEKASI', 'Kota Bekasi')).toBe(`PESERTA DI ${nbsp('KOTA BEKASI')}`);
    expect(bindRegionName('KUPANG SAJA', 'Kabupaten Kupang')).toBe('KUPANG SAJA');
  });
});
