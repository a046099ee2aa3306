/**
 * The rendered examples carry the seed documents' whole text in reading order. The seeds are OCR output:
 * the corrections below are the only differences allowed, each one named.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDocumentFile } from '../../src/use-cases/render-document.ts';
import { requireTools, run } from '../support/tools.ts';
import { unzipDocx } from '../support/docx-xml.ts';
import { ROOT } from './golden-support.ts';

/** The seeds live in the project's shared folder beside the repository (CI gets a copy there too). */
function findSeeds(): string {
  const beside = path.join(ROOT, '..', 'shared', 'seeds');
  const found = [beside, '/work/shared/seeds'].find((dir) => existsSync(path.join(dir, '000_72f891fa649b5efe.txt')));
  if (found === undefined) throw new Error(`seed-text: the seed documents are not in ${beside}; this test compares the rendered examples with them`);
  return found;
}
const SEEDS = findSeeds();
const out = mkdtempSync(path.join(tmpdir(), 'naskah-seed-text-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** OCR noise and seed formatting the rendered document does not reproduce, by seed. */
const NTT_CORRECTIONS: readonly [string | RegExp, string][] = [
  ['<ol style="list-style-type: none">', ''], // HTML left in the OCR
  ['**', ''], // markdown bold
  [/^\s*- /gm, ''], // markdown bullets
  [/^3\. Peraturan \.\.\.$/m, ''], // the seed's own continuation marker (page furniture)
  ['99 /KEP/HK/2025', '99/KEP/HK/2025'], // hand-filled number
  ['LAMPIRAN 1', 'LAMPIRAN I'], // OCR: Roman I read as 1
  ['TENTANG TIM KERJA', 'TENTANG : TIM KERJA'], // lampiran heading with its colon, as DESIGN §3 asks
  ['Lembar Negara Republik Indonesai', 'Lembaran Negara Republik Indonesia'], // typo in the original
  ['Dinas Sosial Sosial', 'Dinas Sosial'], // doubled word
  ['padan ,peserta', 'padan, peserta'],
];

const BEKASI_CORRECTIONS: readonly [string | RegExp, string][] = [
  [/^(\]|X|pd)$/gm, ''], // stamp and signature marks read as text
  [/^\. /gm, ''], // list numbers the OCR lost to "."
  [/^: /gm, ''], // separators of the two-column layout
  ['Dacrah sec-Kota', 'Daerah se-Kota'],
  ['Nomor 1.57', 'Nomor 157'],
  ['0% MageT 202', '8 Maret 2021'], // illegible date: the example's stated guess
  [/^Kepada\nUntuk\nKESATU$/m, ''], // labels of the left column, checked in order below
];

function correct(text: string, corrections: readonly [string | RegExp, string][]): string {
  let s = text;
  for (const [from, to] of corrections) s = typeof from === 'string' ? s.split(from).join(to) : s.replace(from, to);
  return s;
}

/** Joins lines (a line ending in "-" continues the word), collapses whitespace. */
function normalise(text: string): string {
  return text
    .replace(/-\n(?=\p{L})/gu, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** pdftotext -raw output without page furniture: "- n -" page numbers and "… ..." continuation markers. */
function pdfReadingText(pdf: string): string {
  const pages = run('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-']).stdout.split('\f');
  return pages
    .map((page) => {
      const lines = page.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 0 && /^- \d+ -$/.test(lines[0]!.trim())) lines.shift();
      if (lines.length > 0 && /\.\.\.$/.test(lines[lines.length - 1]!.trim())) lines.pop();
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * Checks that `expected` words occur in `actual` in order, each within a few words of the previous
 * match; returns the words of `actual` that were skipped (for the caller to judge).
 */
function inOrder(expected: readonly string[], actual: readonly string[]): string[] {
  const extras: string[] = [];
  let at = 0;
  for (const [i, word] of expected.entries()) {
    let found = -1;
    for (let j = at; j < Math.min(actual.length, at + 10); j++) {
      if (actual[j] === word) {
        found = j;
        break;
      }
    }
    if (found === -1) {
      const context = `seed: …${expected.slice(Math.max(0, i - 8), i + 4).join(' ')}…\nout:  …${actual.slice(Math.max(0, at - 8), at + 8).join(' ')}…`;
      expect.fail(`seed word ${i} "${word}" not found in reading order\n${context}`);
    }
    extras.push(...actual.slice(at, found));
    at = found + 1;
  }
  extras.push(...actual.slice(at));
  return extras;
}

/** The text of word/document.xml: paragraphs on lines, tabs as spaces, entities decoded. */
async function docxText(docx: string): Promise<string> {
  const entries = await unzipDocx(readFileSync(docx));
  const xml = entries.get('word/document.xml')?.data.toString('utf8') ?? '';
  return xml
    .replace(/<w:tab\/>/g, ' ')
    .replace(/<w:br\/>/g, ' ')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The Bekasi seed as pieces that must each appear contiguously: the OCR read a two-column scan column by
 * column, so only runs within a paragraph keep their order (lines ending in "-" join the next).
 */
function bekasiSeedLines(): string[] {
  const seed = correct(readFileSync(path.join(SEEDS, '004_fea2a48986495bd2.txt'), 'utf8'), BEKASI_CORRECTIONS);
  return normalise(seed.replace(/\n\n+/g, '\n¶\n'))
    .split(' ¶ ')
    .flatMap((chunk) => chunk.split(/(?<=[;:.,)])\s(?=\p{Lu})|^/u))
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '¶');
}

describe('rendered examples contain the seed text', () => {
  it('Keputusan Gubernur NTT 99/KEP/HK/2025: every word of the seed, in order', async () => {
    if (!requireTools('seed text NTT', 'pdftotext')) return;
    const { pdfPath } = await renderDocumentFile(path.join(ROOT, 'examples/keputusan-gubernur-ntt-99-2025.yaml'), { outDir: out });
    const expected = normalise(correct(readFileSync(path.join(SEEDS, '000_72f891fa649b5efe.txt'), 'utf8'), NTT_CORRECTIONS)).split(' ');
    const actual = normalise(pdfReadingText(pdfPath)).split(' ');
    const extras = inOrder(expected, actual);
    const allowed = new Set(['R.', 'Q', 'I', 'NO', 'NAMA/JABATAN', 'KEDUDUKAN', 'DALAM', 'TIM', 'RINCIAN', 'TUGAS']);
    expect(extras.filter((w) => !allowed.has(w))).toEqual([]);
    expect(extras.filter((w) => w === 'R.')).toHaveLength(2);
    expect(expected.length).toBeGreaterThan(1200);
  });

  it('Keputusan Gubernur NTT 99/KEP/HK/2025: the DOCX carries the same words in the same order', async () => {
    const { docxPath } = await renderDocumentFile(path.join(ROOT, 'examples/keputusan-gubernur-ntt-99-2025.yaml'), { outDir: out });
    const expected = normalise(correct(readFileSync(path.join(SEEDS, '000_72f891fa649b5efe.txt'), 'utf8'), NTT_CORRECTIONS)).split(' ');
    const extras = inOrder(expected, normalise(await docxText(docxPath)).split(' '));
    expect(extras.sort()).toEqual(['I', 'I', 'Q', 'Q', 'R.', 'R.']);
  });

  it('Instruksi Wali Kota Bekasi 440/301: every OCR line of the seed, and the structure in order', async () => {
    if (!requireTools('seed text Bekasi', 'pdftotext')) return;
    const { pdfPath } = await renderDocumentFile(path.join(ROOT, 'examples/instruksi-walikota-bekasi-440-301.yaml'), { outDir: out });
    const actual = normalise(pdfReadingText(pdfPath));
    const lines = bekasiSeedLines();
    const missing = lines.filter((l) => !actual.includes(l));
    expect(missing).toEqual([]);
    expect(lines.join(' ').split(' ').length).toBeGreaterThan(500);
    const order = [
      'INSTRUKSI WALI KOTA BEKASI',
      'Menimbang : a. bahwa',
      'Mengingat : 1. Undang-Undang Nomor 9 Tahun 1996',
      '2. Undang-Undang Nomor 23 Tahun 2014',
      '3. Peraturan Menteri Dalam Negeri Nomor 80 Tahun 2015',
      '4. Peraturan Pemerintah Nomor 28 Tahun 2018',
      '5. Peraturan Menteri Dalam Negeri Nomor 22 Tahun 2020',
      '6. Peraturan Daerah Kota Bekasi Nomor 06 Tahun 2016',
      '7. Peraturan Daerah Kota Bekasi Nomor 12 Tahun 2020',
      '8. Peraturan Wali Kota Bekasi Nomor 46 Tahun 2015',
      '9. Peraturan Wali Kota Bekasi Nomor 108 Tahun 2019',
      'MENGINSTRUKSIKAN :',
      'Kepada : Kepala Perangkat Daerah se-Kota Bekasi.',
      'Untuk :',
      'KESATU : Kepala Perangkat Daerah se-Kota Bekasi a. Melakukan sosialisasi',
      'b. Melakukan registrasi / pendaftaran PPNPN (TKK) sebagai berikut: 1) Mengisi formulir',
      '7) Melampirkan bukti pembayaran',
      'KEDUA : Melaksanakan Instruksi',
      'KETIGA : Instruksi ini mulai berlaku pada tanggal ditetapkan.',
      'Ditetapkan di Bekasi pada tanggal 8 Maret 2021 WALI KOTA BEKASI, RAHMAT EFFENDI',
      'Tembusan : Yth. 1. Wakil Wali Kota Bekasi; 2. Sekretaris Daerah Kota Bekasi;',
    ];
    const positions = order.map((s) => actual.indexOf(s));
    expect(positions.filter((p) => p === -1)).toEqual([]);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('Instruksi Wali Kota Bekasi 440/301: the DOCX carries every OCR line too', async () => {
    const { docxPath } = await renderDocumentFile(path.join(ROOT, 'examples/instruksi-walikota-bekasi-440-301.yaml'), { outDir: out });
    const actual = normalise(await docxText(docxPath));
    expect(bekasiSeedLines().filter((l) => !actual.includes(l))).toEqual([]);
  });
});
