import { describe, expect, it } from 'vitest';
import { loadFontMetrics } from '../src/render/font-metrics.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { breakLines, lineText, wordPositions } from '../src/render/line-breaker.ts';

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

  it('hyphenates a word wider than the box at Indonesian hyphenation points, with a visible hyphen', () => {
    const box = metrics.widthOf('Kependu-', 'regular', 10) + 0.5;
    const lines = breakLines([{ text: 'Jenis Kependudukan' }], box, 10, metrics);
    for (const line of lines) expect(metrics.widthOf(lineText(line), 'regular', 10)).toBeLessThanOrEqual(box + 0.001);
    expect(lines.map(lineText)).toEqual(['Jenis Ke-', 'pendu-', 'dukan']);
    // a narrower box still breaks only at syllables while one fits
    expect(breakLines([{ text: 'Perempuan' }], metrics.widthOf('Perem-', 'regular', 9) + 0.2, 9, metrics).map(lineText)).toEqual(['Perem-', 'puan']);
  });

  it('uses the room left on a line for the first syllables of a word too wide for the box', () => {
    const box = metrics.widthOf('L Kelura-', 'regular', 10) + 0.3;
    const lines = breakLines([{ text: 'L Kelurahan' }], box, 10, metrics);
    expect(lines.map(lineText)).toEqual(['L Kelu-', 'rahan']);
  });

  it('cuts between characters, still with a hyphen, only when no syllable fits', () => {
    const box = metrics.widthOf('Xqzw-', 'regular', 10) + 0.1;
    const lines = breakLines([{ text: 'Xqzwvbnmxq' }], box, 10, metrics);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1)) expect(lineText(line).endsWith('-')).toBe(true);
    expect(lines.map((l) => lineText(l).replace(/-$/, '')).join('')).toBe('Xqzwvbnmxq');
  });

  it('never breaks a token holding a digit: it stays whole and the line reports the overflow', () => {
    const nik = '5301262509986789';
    const need = metrics.widthOf(nik, 'regular', 9);
    for (const box of [20, 40, need - 0.5]) {
      const lines = breakLines([{ text: nik }], box, 9, metrics);
      expect(lines.map(lineText)).toEqual([nik]);
      expect(lines[0]!.overflow).toEqual({ token: nik, width: need });
    }
    expect(breakLines([{ text: nik }], need, 9, metrics)[0]!.overflow).toBeUndefined();
    expect(breakLines([{ text: 'lahir 24-03-1980 di Kupang' }], 40, 9, metrics).map(lineText)).toContain('24-03-1980');
  });

  it('keeps every token of an unbreakable column whole', () => {
    const lines = breakLines([{ text: 'KAB-KUPANG' }], 20, 10, metrics, { unbreakable: true });
    expect(lines.map(lineText)).toEqual(['KAB-KUPANG']);
    expect(lines[0]!.overflow?.token).toBe('KAB-KUPANG');
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

  it('splits a too-wide word after "/" before anything else, without adding spaces', () => {
    const box = metrics.widthOf('Kabupaten/', 'bold', 10) + 1;
    const lines = breakLines([{ text: 'Kabupaten/Kota', bold: true }], box, 10, metrics);
    expect(lines.map(lineText)).toEqual(['Kabupaten/', 'Kota']);
  });

  it('breaks after the hyphen of a compound in running text, as the seed breaks "Undang-/Undang"', () => {
    const head = 'sebagaimana telah beberapa kali diubah terakhir dengan Undang-';
    const box = metrics.widthOf(head, 'regular', 12) + 1;
    const lines = breakLines([{ text: `${head}Undang Nomor 6 Tahun 2023` }], box, 12, metrics);
    expect(lineText(lines[0]!)).toBe(head);
    expect(lineText(lines[1]!)).toBe('Undang Nomor 6 Tahun 2023');
    // unbroken, the compound reads as one word with no space in it
    expect(breakLines([{ text: 'Undang-Undang Nomor 23' }], 400, 12, metrics).map(lineText)).toEqual(['Undang-Undang Nomor 23']);
    const narrow = breakLines([{ text: 'sebaik-baiknya' }], Math.max(metrics.widthOf('sebaik-', 'regular', 12), metrics.widthOf('baiknya', 'regular', 12)) + 0.5, 12, metrics);
    expect(narrow.map(lineText)).toEqual(['sebaik-', 'baiknya']);
  });

  it('balances a title: same words, the same number of lines, no line much wider than another, no stranded word', () => {
    const title =
      'TIM KERJA PENGELOLAAN KEPESERTAAN PROGRAM JAMINAN KESEHATAN NASIONAL BAGI PENDUDUK PEKERJA BUKAN PENERIMA UPAH DAN BUKAN PEKERJA PEMERINTAH PROVINSI NUSA TENGGARA TIMUR';
    const box = 467.7;
    const greedy = breakLines([{ text: title, bold: true }], box, 12, metrics);
    const balanced = breakLines([{ text: title, bold: true }], box, 12, metrics, { balance: true });
    expect(balanced.length).toBe(greedy.length);
    expect(balanced.map(lineText).join(' ')).toBe(title);
    const widths = balanced.map((l) => l.width);
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(Math.max(...greedy.map((l) => l.width)) - Math.min(...greedy.map((l) => l.width)));
    for (const line of balanced) expect(line.words.length).toBeGreaterThan(1);
    expect(Math.max(...widths)).toBeLessThanOrEqual(box);
  });

  it('sets a line ragged-right instead of opening gaps wider than 1 em', () => {
    const box = metrics.widthOf('menginventarisir data Kepesertaan', 'regular', 12) - 1;
    const lines = breakLines([{ text: 'menginventarisir data Kepesertaan Program' }], box, 12, metrics);
    expect(lineText(lines[0]!)).toBe('menginventarisir data');
    const xs = wordPositions(lines[0]!, box, 'justify');
    // stretching would add more than 12 pt per gap: the words keep their natural spacing
    expect(box - lines[0]!.width).toBeGreaterThan(12);
    expect(xs[1]).toBeCloseTo(lines[0]!.words[0]!.width + lines[0]!.words[1]!.space, 6);
  });
});
