import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatCitation, promulgationText, referenceTitle, type CitableRegulation } from '../../src/format/legal-citation.ts';

const uu23: CitableRegulation = { jenis: 'Undang-Undang', nomor: '23', tahun: 2014, tentang: 'Pemerintahan Daerah', lembaran: 'LN', lembaranNomor: '244', tambahanNomor: '5587' };
const uu9: CitableRegulation = { jenis: 'Undang-Undang', nomor: '9', tahun: 2015, tentang: 'Perubahan Kedua atas Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah', lembaran: 'LN', lembaranNomor: '58', tambahanNomor: '5679' };
const uu6: CitableRegulation = {
  jenis: 'Undang-Undang',
  nomor: '6',
  tahun: 2023,
  tentang: 'Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 Tentang Cipta Kerja Menjadi Undang-Undang',
  lembaran: 'LN',
  lembaranNomor: '41',
  tambahanNomor: '6856',
};

function seedMengingat(i: number): string {
  const data = parse(readFileSync(new URL('../../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8')) as { mengingat: string[] };
  return data.mengingat[i]!.replace(/\s+/g, ' ').trim().replace(/;$/, '');
}

describe('citations of the register of legal references', () => {
  it('cites a law amended several times as the seed decree does, naming the last amendment whatever the order given', () => {
    expect(formatCitation(uu23, [uu6, uu9])).toBe(seedMengingat(0));
    expect(formatCitation(uu23, [uu9, uu6])).toBe(seedMengingat(0));
  });

  it('cites an unamended law with its Lembaran Negara and Tambahan', () => {
    expect(formatCitation({ jenis: 'Undang-Undang', nomor: '21', tahun: 2022, tentang: 'Provinsi Nusa Tenggara Timur', lembaran: 'LN', lembaranNomor: '164', tambahanNomor: '6810' })).toBe(seedMengingat(1));
  });

  it('says "sebagaimana telah diubah dengan" for a single amendment', () => {
    expect(formatCitation(uu23, [uu9])).toBe(
      'Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587) sebagaimana telah diubah dengan Undang-Undang Nomor 9 Tahun 2015 tentang Perubahan Kedua atas Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun 2015 Nomor 58, Tambahan Lembaran Negara Republik Indonesia Nomor 5679)',
    );
  });

  it('writes regional and Berita promulgations, the year of promulgation when it differs, and nothing when there is none', () => {
    expect(promulgationText({ ...uu23, jenis: 'Peraturan Daerah', lembaran: 'LD', lembaranDaerah: 'Provinsi Nusa Tenggara Timur', lembaranTahun: 2020, lembaranNomor: '5', tambahanNomor: '0105' })).toBe(
      '(Lembaran Daerah Provinsi Nusa Tenggara Timur Tahun 2020 Nomor 5, Tambahan Lembaran Daerah Provinsi Nusa Tenggara Timur Nomor 0105)',
    );
    expect(promulgationText({ ...uu23, lembaran: 'BD', lembaranDaerah: 'Kota Bekasi', lembaranNomor: '12', tambahanNomor: null })).toBe('(Berita Daerah Kota Bekasi Tahun 2014 Nomor 12)');
    expect(promulgationText({ ...uu23, lembaran: 'BN', lembaranNomor: '1500' })).toBe('(Berita Negara Republik Indonesia Tahun 2014 Nomor 1500)');
    expect(formatCitation({ ...uu23, lembaran: '' })).toBe('Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah');
  });

  it('tidies what people type: spaces, a closing period or semicolon', () => {
    expect(referenceTitle({ jenis: ' Peraturan  Presiden ', nomor: '82', tahun: 2018, tentang: 'Jaminan Kesehatan;' })).toBe('Peraturan Presiden Nomor 82 Tahun 2018 tentang Jaminan Kesehatan');
  });
});
