/**
 * Figures come from the list (issue 9 item 3): a document that attaches a list gets its row count,
 * column sums and counts computed from it at compose time; the participant decree's count, tariff and
 * total are derived and a stated figure that disagrees is refused; a frozen list is pinned by the
 * SHA-256 of its bytes. And the silent gaps of a source table are gone: a field naming no column is
 * refused, headers map to fields by spelling and synonyms, a source table can end with a total row.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { modelToText } from '../../src/compose/model-text.ts';
import { terbilang } from '../../src/format/indonesian.ts';
import type { TableBlock } from '../../src/model/document-model.ts';
import { composeDocumentFile, renderDocumentFile } from '../../src/use-cases/render-document.ts';
import { requireTools, run } from '../support/tools.ts';
import { rejectionOf } from './catch-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'naskah-figures-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DECREE = path.join(ROOT, 'examples/keputusan-peserta-pbpu-ntt.yaml');
const LIST = path.join(ROOT, 'examples/peserta-pbpu-ntt-disetujui.csv');
const LIST_ROWS = readFileSync(LIST, 'utf8').trim().split('\n').length - 1;

/** The NTT participant decree example in its own folder, with `edit` applied to its YAML text. */
function decreeCopy(name: string, edit: (yaml: string) => string = (y) => y, list = readFileSync(LIST, 'utf8')): string {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  writeFileSync(path.join(dir, 'peserta-pbpu-ntt-disetujui.csv'), list);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, edit(readFileSync(DECREE, 'utf8')));
  return file;
}

describe('the participant decree: figures derived from the list', () => {
  it('states the list’s count, the configured tariff and count × tariff × months, none of them typed', async () => {
    expect(readFileSync(DECREE, 'utf8')).not.toMatch(/^\s+(jumlahPeserta|tarifBulanan|total):/m);
    const { model } = await composeDocumentFile(DECREE);
    const text = modelToText(model);
    expect(LIST_ROWS).toBe(250);
    expect(text).toContain('sebanyak 250 (dua ratus lima puluh) orang');
    expect(text).toContain('sebesar Rp42.000 (empat puluh dua ribu rupiah) per orang per bulan');
    expect(text).toContain(`selama 12 (dua belas) bulan sebesar Rp${(250 * 42000 * 12).toLocaleString('id-ID')}`);
  });

  it('refuses a decree stating 251 participants over a 250-row list, naming the field and both values', async () => {
    const file = decreeCopy('251', (y) => y.replace('iuran:\n', 'iuran:\n  jumlahPeserta: 251\n'));
    const err = await rejectionOf(composeDocumentFile(file));
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.location).toMatchObject({ file, field: 'iuran.jumlahPeserta' });
    expect(err.location.line).toBe(readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('jumlahPeserta: 251')) + 1);
    expect(err.message).toContain('data menyebut 251');
    expect(err.message).toContain('berisi 250 baris');
  });

  it('accepts a stated figure that agrees, and refuses a wrong tariff or total with the configured and computed values', async () => {
    const agreeing = decreeCopy('setuju', (y) => y.replace('iuran:\n', 'iuran:\n  jumlahPeserta: 250\n  tarifBulanan: 42000\n  total: 126000000\n'));
    expect(modelToText((await composeDocumentFile(agreeing)).model)).toContain('Rp126.000.000');
    const tariff = await rejectionOf(composeDocumentFile(decreeCopy('tarif', (y) => y.replace('iuran:\n', 'iuran:\n  tarifBulanan: 35000\n'))));
    expect(tariff).toMatchObject({ code: 'DOCUMENT_INVALID', location: { field: 'iuran.tarifBulanan' } });
    expect(tariff.message).toMatch(/data menyebut 35000, sedangkan tarif pbpu-pemda yang berlaku pada 2025-01-01 .*Rp42\.000/);
    const total = await rejectionOf(composeDocumentFile(decreeCopy('total', (y) => y.replace('iuran:\n', 'iuran:\n  total: 125000000\n'))));
    expect(total).toMatchObject({ location: { field: 'iuran.total' } });
    expect(total.message).toContain('126000000');
  });

  it('derives from the list actually attached: a shorter list gives a smaller count and total', async () => {
    const lines = readFileSync(LIST, 'utf8').trim().split('\n');
    const shorter = `${lines.slice(0, 101).join('\n')}\n`;
    const file = decreeCopy('pendek', (y) => y.replace(/\n\s+sha256: [0-9a-f]{64}.*/, ''), shorter);
    const text = modelToText((await composeDocumentFile(file)).model);
    expect(text).toContain('sebanyak 100 (seratus) orang');
    expect(text).toContain(`Rp${(100 * 42000 * 12).toLocaleString('id-ID')}`);
  });

  it('refuses the list when one byte differs from the SHA-256 the decree pins, before rendering anything', async () => {
    const tampered = readFileSync(LIST, 'utf8').replace('Marthen Bataona', 'Marthen Bataono');
    const file = decreeCopy('ubah', (y) => y, tampered);
    const err = await rejectionOf(renderDocumentFile(file, { outDir: path.join(work, 'ubah-out') }));
    expect(err.code).toBe('SOURCE_NOT_FOUND');
    expect(err.location).toMatchObject({ field: 'sumber.peserta' });
    expect(err.message).toContain(createHash('sha256').update(tampered).digest('hex'));
    expect(() => readFileSync(path.join(work, 'ubah-out', 'ubah.pdf'))).toThrow();
  });
});

/** A templates folder with one kind `rekap` (and the shipped profiles), for template-language cases. */
function kindWith(body: string): { dir: string; data: (extra?: string) => string } {
  const dir = mkdtempSync(path.join(work, 'tpl-'));
  cpSync(path.join(ROOT, 'templates/daerah'), path.join(dir, 'daerah'), { recursive: true });
  mkdirSync(path.join(dir, 'rekap'));
  writeFileSync(path.join(dir, 'rekap/template.yaml'), 'family: instruksi\nname: Rekap\ntitle: REKAP {kepalaDaerah}\n');
  writeFileSync(path.join(dir, 'rekap/body.hbs'), body);
  cpSync(path.join(ROOT, 'examples/peserta-tkk-bekasi.csv'), path.join(dir, 'tkk.csv'));
  return {
    dir,
    data: (extra = '') => {
      const file = path.join(dir, `data-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, `template: rekap\ndaerah: kota-bekasi\ntentang: Rekap TKK\npenandatangan: {nama: Tri Adhianto}\nsumber:\n  tkk: {berkas: tkk.csv}\n${extra}`);
      return file;
    },
  };
}

const tkk = readFileSync(path.join(ROOT, 'examples/peserta-tkk-bekasi.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const TKK_ROWS = tkk.length;
const TKK_WAGES = tkk.reduce((sum, cells) => sum + Number(cells[5] || 0), 0);
const TKK_WOMEN = tkk.filter((cells) => cells[3] === 'P').length;

describe('templates read a list’s figures', () => {
  it('a template reading the row count, a column sum and a count by value', async () => {
    const kind = kindWith('<p>{{angkaTerbilang (jumlahBaris "tkk")}} orang, {{hitungKolom "tkk" "jenis_kelamin" "P"}} perempuan, gaji {{rupiah (jumlahKolom "tkk" "Gaji")}}.</p>\n');
    const { model } = await composeDocumentFile(kind.data(), { templatesDir: kind.dir });
    expect(TKK_ROWS).toBeGreaterThan(100);
    expect(modelToText(model).trim()).toBe(`${TKK_ROWS} (${terbilang(TKK_ROWS)}) orang, ${TKK_WOMEN} perempuan, gaji Rp${TKK_WAGES.toLocaleString('id-ID')}.`);
  });

  it('refuses a sum of a column that is not whole numbers, and a source that does not exist, at the template line', async () => {
    const kind = kindWith('<p>a</p>\n<p>{{jumlahKolom "tkk" "Nama"}}</p>\n');
    const err = await rejectionOf(composeDocumentFile(kind.data(), { templatesDir: kind.dir }));
    expect(err).toMatchObject({ code: 'TEMPLATE_ERROR', location: { line: 2, file: path.join(kind.dir, 'rekap/body.hbs') } });
    expect(err.message).toContain('tidak dapat dijumlahkan');
    const missing = kindWith('<p>{{jumlahBaris "peserta"}}</p>\n');
    expect((await rejectionOf(composeDocumentFile(missing.data(), { templatesDir: missing.dir }))).message).toContain('sumber "peserta" tidak ada');
  });

  it('ends a source table with a total row: a label, the column sum, the row count', async () => {
    const kind = kindWith(
      '<tabel sumber="tkk" total="JUMLAH">\n  <kolom judul="NO" field="#" lebar="1"/>\n  <kolom judul="NAMA" field="nama" lebar="4"/>\n  <kolom judul="GAJI" field="gaji" total="rupiah" rata="kanan" lebar="3"/>\n  <kolom judul="ORANG" field="nik" total="banyak" lebar="5"/>\n</tabel>\n',
    );
    const { model } = await composeDocumentFile(kind.data(), { templatesDir: kind.dir });
    const table = model.parts[0]!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    expect(table.totalRow).toEqual(['', 'JUMLAH', `Rp${TKK_WAGES.toLocaleString('id-ID')}`, String(TKK_ROWS)]);
    if (!requireTools('total row in the PDF', 'pdftotext')) return;
    const { pdfPath } = await renderDocumentFile(kind.data(), { templatesDir: kind.dir, outDir: path.join(work, 'total') });
    const text = run('pdftotext', ['-raw', pdfPath, '-']).stdout;
    expect(text).toMatch(new RegExp(`JUMLAH Rp${TKK_WAGES.toLocaleString('id-ID').replace(/\./g, '\\.')} ${TKK_ROWS}\\s`));
  });
});

describe('a source table never shows a blank column', () => {
  it('maps a field to the header by spelling and synonyms: "Jenis Kelamin", jenis_kelamin, "L/P"', async () => {
    const kind = kindWith('<tabel sumber="tkk">\n  <kolom judul="NAMA" field="nama"/>\n  <kolom judul="L/P" field="jenis_kelamin"/>\n  <kolom judul="KK" field="nomor kk"/>\n</tabel>\n');
    const { model } = await composeDocumentFile(kind.data(), { templatesDir: kind.dir });
    const table = model.parts[0]!.blocks.find((b): b is TableBlock => b.kind === 'table')!;
    expect(table.columns.map((c) => c.field)).toEqual(['Nama', 'Jenis Kelamin', 'No KK']);
  });

  it('refuses a field that names no column of the list, at the line of its <kolom>, listing the columns', async () => {
    const kind = kindWith('<tabel sumber="tkk">\n  <kolom judul="NAMA" field="nama"/>\n  <kolom judul="UNIT" field="unit_kerja_x"/>\n</tabel>\n');
    const err = await rejectionOf(composeDocumentFile(kind.data(), { templatesDir: kind.dir }));
    expect(err).toMatchObject({ code: 'MARKUP_INVALID', location: { file: path.join(kind.dir, 'rekap/body.hbs'), line: 3, field: 'kolom@field' } });
    expect(err.message).toContain('NIK, Nama, Tanggal Lahir, Jenis Kelamin');
  });
});
