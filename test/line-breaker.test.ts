import { describe, expect, it } from 'vitest';
import { loadFontMetrics } from '../src/render/font-metrics.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { breakLines, lineText, wordPositions } from '../src/render/pdf/line-breaker.ts';

const metrics = loadFontMetrics(loadFonts());
const TEXT =
  'bahwa sesuai ketentuan Pasal 34 ayat (1) huruf b Peraturan Presiden Nomor 64 Tahun 2020 tentang Perubahan Kedua Atas Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan, iuran untuk peserta Pekerja Bukan Penerima Upah dan peserta Bukan Pekerja dapat dibayarkan oleh Pemerintah Daerah;';

describe('font metrics', () => {
  it('measures strings as the sum of their characters and scales with the size', () => {
    const whole = metrics.widthOf('Kupang', 'regular', 12);
    const parts = [...'Kupang'].reduce((w, ch) => w + metrics.widthOf(ch, 'regular', 12), 0);
    expect(whole).toBeCloseTo(parts, 6);
    expect(metrics.widthOf('Kupang', 'regular', 24)).toBeCloseTo(2 * whole, 6);
    expect(metrics.widthOf('KUPANG', 'bold', 12)).toBeGreaterThan(metrics.widthOf('KUPANG', 'regular', 12));
    expect(whole).toBeGreaterThan(20);
    expect(whole).toBeLessThan(60);
  });
});

describe('breakLines', () => {
  for (const box of [120, 233.5, 310, 467.7]) {
    it(`keeps every line within ${box} pt and loses or reorders no word`, () => {
      const lines = breakLines([{ text: TEXT }], box, 12, metrics);
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) {
        // measured independently of the breaker's own bookkeeping
        const measured = metrics.widthOf(lineText(line), 'regular', 12);
        expect(measured).toBeLessThanOrEqual(box + 0.001);
        expect(line.width).toBeCloseTo(measured, 3);
      }
      expect(lines.map(lineText).join(' ').split(' ')).toEqual(TEXT.split(' '));
      // greedy: the first word of each next line would not have fitted
      for (let i = 0; i + 1 < lines.length; i++) {
        const next = lineText(lines[i + 1]!).split(' ')[0]!;
        expect(metrics.widthOf(`${lineText(lines[i]!)} ${next}`, 'regular', 12)).toBeGreaterThan(box);
      }
    });
  }

  it('justifies all but the last line to the full box width', () => {
    const box = 300;
    const lines = breakLines([{ text: TEXT }], box, 12, metrics);
    lines.forEach((line, i) => {
      const xs = wordPositions(line, box, 'justify');
      const lastWord = line.words[line.words.length - 1]!;
      const end = xs[xs.length - 1]! + lastWord.width;
      if (i < lines.length - 1) expect(end).toBeCloseTo(box, 6);
      else expect(end).toBeCloseTo(line.width, 6);
      for (let k = 1; k < xs.length; k++) expect(xs[k]!).toBeGreaterThan(xs[k - 1]! + line.words[k - 1]!.width);
    });
    expect(lines[lines.length - 1]!.last).toBe(true);
  });

  it('centres and right-aligns by the natural width', () => {
    const [line] = breakLines([{ text: 'GUBERNUR NUSA TENGGARA TIMUR' }], 400, 12, metrics);
    expect(wordPositions(line!, 400, 'center')[0]).toBeCloseTo((400 - line!.width) / 2, 6);
    expect(wordPositions(line!, 400, 'right')[0]).toBeCloseTo(400 - line!.width, 6);
  });

  it('cuts a word wider than the box between characters', () => {
    const word = '3171012345678901317101234567890131710123456789013171012345678901';
    const lines = breakLines([{ text: `NIK ${word} akhir` }], 80, 10, metrics);
    for (const line of lines) expect(metrics.widthOf(lineText(line), 'regular', 10)).toBeLessThanOrEqual(80.001);
    expect(lines.map(lineText).join('').replace(/ /g, '')).toBe(`NIK${word}akhir`);
    expect(lineText(lines[0]!)).toBe('NIK'); // the long word starts its own line, then is cut
    expect(lines.length).toBeGreaterThan(3);
  });

  it('keeps run styles on word fragments and breaks at newlines', () => {
    const lines = breakLines(
      [{ text: 'Ditetapkan di ' }, { text: 'Kupang', bold: true }, { text: '\npada tanggal 24 Maret 2025' }],
      400,
      12,
      metrics,
    );
    expect(lines.map(lineText)).toEqual(['Ditetapkan di Kupang', 'pada tanggal 24 Maret 2025']);
    expect(lines[0]!.last).toBe(true);
    expect(lines[0]!.words[2]!.frags[0]!.style).toBe('bold');
    expect(lines[0]!.words[2]!.frags[0]!.width).toBeCloseTo(metrics.widthOf('Kupang', 'bold', 12), 6);
  });

  it('splits a too-wide word after "/" or "-" before cutting characters, without adding spaces', () => {
    const box = metrics.widthOf('Kabupaten/', 'bold', 10) + 1;
    const lines = breakLines([{ text: 'Kabupaten/Kota', bold: true }], box, 10, metrics);
    expect(lines.map(lineText)).toEqual(['Kabupaten/', 'Kota']);
    const wide = breakLines([{ text: 'sebagaimana telah diubah dengan Undang-Undang Nomor 6' }], 150, 12, metrics);
    expect(wide.map(lineText).join(' ')).toBe('sebagaimana telah diubah dengan Undang-Undang Nomor 6');
    const narrow = breakLines([{ text: 'Undang-Undang' }], metrics.widthOf('Undang-', 'regular', 12) + 0.5, 12, metrics);
    expect(narrow.map(lineText)).toEqual(['Undang-', 'Undang']);
  });

  it('sets a line ragged-right instead of opening gaps wider than 1.5 em', () => {
    const box = metrics.widthOf('menginventarisir data Kepesertaan', 'regular', 12) - 1;
    const lines = breakLines([{ text: 'menginventarisir data Kepesertaan Program' }], box, 12, metrics);
    expect(lineText(lines[0]!)).toBe('menginventarisir data');
    const xs = wordPositions(lines[0]!, box, 'justify');
    // stretching would add more than 18 pt per gap: the words keep their natural spacing
    expect(box - lines[0]!.width).toBeGreaterThan(18);
    expect(xs[1]).toBeCloseTo(lines[0]!.words[0]!.width + lines[0]!.words[1]!.space, 6);
  });
});
