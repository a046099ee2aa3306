import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeDocumentFile } from '../../src/use-cases/render-document.ts';
import { modelToText, readSource } from '../../src/compose/model-text.ts';
import type { Block, DocumentPart, LabeledBlock, ListBlock } from '../../src/model/document-model.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NTT = path.join(ROOT, 'examples/keputusan-gubernur-ntt-99-2025.yaml');
const BEKASI = path.join(ROOT, 'examples/instruksi-walikota-bekasi-440-301.yaml');
const FIXTURE_TEMPLATES = path.join(ROOT, 'test/fixtures/templates');
const SURAT_EDARAN = path.join(ROOT, 'test/fixtures/documents/surat-edaran.yaml');

const labeled = (part: DocumentPart, text: string): LabeledBlock => {
  const b = part.blocks.find((x): x is LabeledBlock => x.kind === 'labeled' && x.label[0]?.text === text);
  if (!b) throw new Error(`no label ${text}`);
  return b;
};
const listIn = (b: LabeledBlock): ListBlock => {
  const l = b.body.find((x): x is ListBlock => x.kind === 'list');
  if (!l) throw new Error('no list');
  return l;
};
const firstText = (blocks: readonly Block[]): string => {
  const p = blocks[0];
  return p?.kind === 'paragraph' ? p.runs.map((r) => r.text).join('') : '';
};

describe('compose: Keputusan Gubernur NTT 99/KEP/HK/2025', async () => {
  const { model, sources } = await composeDocumentFile(NTT);
  const [body, lamp1, lamp2] = model.parts;

  it('has the body and two lampiran parts', () => {
    expect(model.parts.map((p) => [p.kind, p.id])).toEqual([
      ['body', 'batang-tubuh'],
      ['lampiran', 'lampiran-1'],
      ['lampiran', 'lampiran-2'],
    ]);
    expect(sources.size).toBe(0);
    expect(model.meta).toMatchObject({
      kind: 'keputusan-kepala-daerah',
      family: 'keputusan',
      number: '99/KEP/HK/2025',
      date: '2025-03-24',
      place: 'Kupang',
      signerName: 'KOSMAS D. LANA',
      language: 'id',
    });
  });

  it('opens with the kop and the capitalised title block', () => {
    expect(body!.blocks[0]).toMatchObject({ kind: 'kop', rule: 'none', lines: [{ runs: [{ text: 'GUBERNUR NUSA TENGGARA TIMUR', bold: true }] }] });
    const centred = body!.blocks
      .filter((b) => b.kind === 'paragraph' && b.align === 'center')
      .map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : ''));
    expect(centred.slice(0, 5)).toEqual([
      'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR',
      'NOMOR : 99/KEP/HK/2025',
      'TENTANG',
      // the region's own name bound by no-break spaces: no line of the title splits it
      'TIM KERJA PENGELOLAAN KEPESERTAAN PROGRAM JAMINAN KESEHATAN NASIONAL BAGI PENDUDUK PEKERJA BUKAN PENERIMA UPAH DAN BUKAN PEKERJA PEMERINTAH PROVINSI\u00a0NUSA\u00a0TENGGARA\u00a0TIMUR',
      'GUBERNUR NUSA TENGGARA TIMUR,',
    ]);
    expect(centred).toContain('MEMUTUSKAN :');
  });

  it('letters Menimbang a.–c., the last one generated from the count', () => {
    const items = listIn(labeled(body!, 'Menimbang')).items;
    expect(items.map((i) => i.marker)).toEqual(['a.', 'b.', 'c.']);
    for (const i of items) {
      expect(firstText(i.body)).toMatch(/^bahwa /);
      expect(firstText(i.body)).toMatch(/;$/);
    }
    expect(firstText(items[2]!.body)).toBe(
      'bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, dan huruf b, perlu menetapkan Keputusan Gubernur tentang Tim Kerja Pengelolaan Kepesertaan Program Jaminan Kesehatan Nasional Bagi Penduduk Pekerja Bukan Penerima Upah dan Bukan Pekerja Pemerintah Provinsi Nusa Tenggara Timur;',
    );
  });

  it('numbers Mengingat 1.–3. with full citations', () => {
    const items = listIn(labeled(body!, 'Mengingat')).items;
    expect(items.map((i) => i.marker)).toEqual(['1.', '2.', '3.']);
    expect(firstText(items[2]!.body)).toMatch(/^Peraturan Presiden Nomor 82 Tahun 2018 .*Tahun 2024 Nomor 82\);$/);
  });

  it('generates the diktum labels KESATU…KEENAM, the last on entry into force', () => {
    const diktum = body!.blocks.filter((b): b is LabeledBlock => b.kind === 'labeled' && /^KE[A-Z]+$/.test(b.label[0]?.text ?? ''));
    expect(diktum.map((d) => d.label[0]!.text)).toEqual(['KESATU', 'KEDUA', 'KETIGA', 'KEEMPAT', 'KELIMA', 'KEENAM']);
    expect(firstText(diktum[5]!.body)).toBe('Keputusan Gubernur ini mulai berlaku pada tanggal ditetapkan.');
  });

  it('closes with place, date, a.n. signer block, tembusan and the paraf table with given parafs', () => {
    const sig = body!.blocks.find((b) => b.kind === 'signature');
    expect(sig).toMatchObject({
      placeDate: [
        { label: 'Ditetapkan di', value: 'Kupang' },
        { label: 'pada tanggal', value: '24 Maret 2025' },
      ],
      heading: ['a.n. GUBERNUR NUSA TENGGARA TIMUR', 'SEKRETARIS DAERAH,'],
      name: 'KOSMAS D. LANA',
      slot: 'penandatangan',
    });
    expect(sig).not.toHaveProperty('nip');
    const paraf = body!.blocks.find((b) => b.kind === 'paraf-table');
    expect(paraf).toEqual({
      kind: 'paraf-table',
      title: 'PARAF HIERARKI',
      rows: [
        { jabatan: 'ASISTEN PEMERINTAHAN DAN KESRA', paraf: 'R.' },
        { jabatan: 'KEPALA BIRO HUKUM', paraf: 'Q' },
        { jabatan: 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', paraf: 'I' },
      ],
      spaceBefore: 1,
    });
    const text = modelToText(model);
    expect(text).toContain('Tembusan :\n1. Gubernur Nusa Tenggara Timur di Kupang;\n2. Wakil Gubernur');
  });

  it('heads each lampiran with its Roman number, nomor, tanggal and tentang, then title, table, signer, paraf', () => {
    for (const [part, roman, rows] of [
      [lamp1!, 'I', 7],
      [lamp2!, 'II', 4],
    ] as const) {
      const kinds = part.blocks.map((b) => b.kind);
      expect(kinds).toEqual(['lampiran-heading', 'paragraph', 'table', 'signature', 'paraf-table']);
      expect(part.blocks[0]).toMatchObject({
        lines: [
          { label: `LAMPIRAN ${roman}` },
          { label: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR' },
          { label: 'NOMOR', separator: ':', value: '99/KEP/HK/2025' },
          { label: 'TANGGAL', separator: ':', value: '24 Maret 2025' },
          { label: 'TENTANG', separator: ':', value: expect.stringMatching(/^TIM KERJA .* PROVINSI\u00a0NUSA\u00a0TENGGARA\u00a0TIMUR$/) },
        ],
      });
      const table = part.blocks[2]!;
      if (table.kind !== 'table' || table.body.kind !== 'inline') throw new Error('inline table expected');
      expect(table.columns.map((c) => c.header)).toEqual(['NO', 'NAMA/JABATAN', 'KEDUDUKAN DALAM TIM', 'RINCIAN TUGAS']);
      expect(table.repeatHeader).toBe(true);
      expect(table.body.rows).toHaveLength(rows);
      expect(table.body.rows.map((r) => r[0])).toEqual(Array.from({ length: rows }, (_, i) => `${i + 1}.`));
      expect(part.blocks[3]).toMatchObject({ placeDate: [], heading: ['a.n. GUBERNUR NUSA TENGGARA TIMUR', 'SEKRETARIS DAERAH,'] });
    }
    const t1 = lamp1!.blocks[2]!;
    if (t1.kind !== 'table' || t1.body.kind !== 'inline') throw new Error('table');
    const cell = t1.body.rows[3]![3]!;
    expect(Array.isArray(cell)).toBe(true);
    const list = (cell as readonly Block[])[0]!;
    expect(list.kind === 'list' && list.items.map((i) => i.marker)).toEqual(['1.', '2.']);
  });
});

describe('compose: Instruksi Wali Kota Bekasi 440/301/SETDA.Ks', async () => {
  const { model } = await composeDocumentFile(BEKASI);
  const body = model.parts[0]!;

  it('is one body part with the instruksi structure', () => {
    expect(model.parts).toHaveLength(1);
    expect(model.meta).toMatchObject({ family: 'instruksi', number: '440/301/SETDA.Ks', signerName: 'RAHMAT EFFENDI' });
    const labels = body.blocks.filter((b): b is LabeledBlock => b.kind === 'labeled').map((b) => b.label[0]!.text);
    expect(labels).toEqual(['Menimbang', 'Mengingat', 'Kepada', 'Untuk', 'KESATU', 'KEDUA', 'KETIGA', 'Yth.']);
    expect(listIn(labeled(body, 'Menimbang')).items).toHaveLength(1);
    expect(listIn(labeled(body, 'Mengingat')).items.map((i) => i.marker)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    expect(firstText(labeled(body, 'Kepada').body)).toBe('Kepala Perangkat Daerah se-Kota Bekasi.');
  });

  it('nests a.–b. and 1)–7) under KESATU and generates KETIGA', () => {
    const kesatu = labeled(body, 'KESATU');
    expect(firstText(kesatu.body)).toBe('Kepala Perangkat Daerah se-Kota Bekasi');
    const ab = listIn(kesatu);
    expect(ab.items.map((i) => i.marker)).toEqual(['a.', 'b.']);
    const nested = ab.items[1]!.body.find((b): b is ListBlock => b.kind === 'list');
    expect(nested?.items.map((i) => i.marker)).toEqual(['1)', '2)', '3)', '4)', '5)', '6)', '7)']);
    expect(firstText(labeled(body, 'KETIGA').body)).toBe('Instruksi ini mulai berlaku pada tanggal ditetapkan.');
  });

  it('signs as kepala daerah without a.n., and lists tembusan under "Yth."', () => {
    expect(body.blocks.find((b) => b.kind === 'signature')).toMatchObject({
      placeDate: [
        { label: 'Ditetapkan di', value: 'Bekasi' },
        { label: 'pada tanggal', value: '8 Maret 2021' },
      ],
      heading: ['WALI KOTA BEKASI,'],
      name: 'RAHMAT EFFENDI',
    });
    const yth = labeled(body, 'Yth.');
    expect(yth.separator).toBe('');
    expect(listIn(yth).items).toHaveLength(4);
    expect(body.blocks.some((b) => b.kind === 'paraf-table')).toBe(false);
  });
});

describe('a new kind defined only as a folder (Surat Edaran Bupati Kupang)', async () => {
  const { model, sources } = await composeDocumentFile(SURAT_EDARAN, { templatesDir: FIXTURE_TEMPLATES });

  it('composes with its own place label, partial, helpers and draft placeholders', () => {
    expect(model.meta).toMatchObject({ kind: 'surat-edaran-bupati-kupang', family: 'surat-edaran', title: 'SURAT EDARAN BUPATI KUPANG' });
    expect(model.meta.number).toBeUndefined();
    const text = modelToText(model);
    expect(text).toContain('Oelamasi, …');
    expect(text).toContain('Yth. Camat se-Kabupaten Kupang\n  Lurah/Kepala Desa se-Kabupaten Kupang');
    expect(text).toContain('NOMOR …/SE/…');
    expect(text).toContain('Iuran per peserta Rp42.000 per bulan, untuk 12 (dua belas) bulan.');
    expect(text).toContain('Dikeluarkan di Oelamasi\npada tanggal …\nBUPATI KUPANG,\nKORINUS MASNENO\n');
    // kepala daerah: no NIP even though the data has one
    expect(text).not.toContain('NIP');
    expect(text).toContain('LAMPIRAN\nSURAT EDARAN BUPATI KUPANG\nNOMOR : …/SE/…\nTANGGAL : …');
  });

  it('streams the lampiran table from the CSV beside the data file, markup in data kept as text', async () => {
    const table = model.parts[1]!.blocks.find((b) => b.kind === 'table');
    expect(table).toMatchObject({ body: { kind: 'source', source: 'penerima' }, fontSize: 10, emptyText: 'Tidak ada data' });
    expect(await readSource(sources, 'penerima')).toEqual([
      { nik: '5301014101800001', nama: 'Maria <b>Goreti</b>' },
      { nik: '5301010202850002', nama: 'Yohanes "Jo" Bili' },
    ]);
  });
});

describe('compose: participant decree draft (examples/keputusan-gubernur-ntt-peserta-pbpu-2025.yaml)', async () => {
  const { model, sources } = await composeDocumentFile(path.join(ROOT, 'examples/keputusan-gubernur-ntt-peserta-pbpu-2025.yaml'));

  it('is a draft: no number or date in the meta, "…" where they will go', () => {
    expect(model.meta.number).toBeUndefined();
    expect(model.meta.date).toBeUndefined();
    const text = modelToText(model);
    expect(text).toContain('NOMOR : …/KEP/HK/…');
    expect(text).toContain('pada tanggal …');
    // a single lampiran has no Roman numeral
    expect(text).toContain('----\nLAMPIRAN\nKEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR\nNOMOR : …/KEP/HK/…\nTANGGAL : …');
  });

  it('picks the participant lampiran source per entry and streams its rows from the CSV', async () => {
    const table = model.parts[1]!.blocks.find((b) => b.kind === 'table');
    if (table?.kind !== 'table') throw new Error('table expected');
    expect(table.body).toEqual({ kind: 'source', source: 'peserta' });
    expect(table.columns.map((c) => c.field)).toEqual(['#.', 'nik', 'nama', 'tanggal_lahir', 'jenis_kelamin', 'kabupaten']);
    const rows = await readSource(sources, 'peserta');
    expect(rows).toHaveLength(25);
    for (const r of rows) expect(r.nik).toMatch(/^53\d{14}$/);
  });
});
