import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeDocument, displayNumber, signerDisplayName } from '../../src/compose/compose-document.ts';
import { parseDocumentData } from '../../src/compose/document-data.ts';
import { loadTemplate, listTemplates } from '../../src/compose/load-template.ts';
import type { SignatureBlock } from '../../src/model/document-model.ts';
import { catchError, rejectionOf } from './catch-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = path.join(ROOT, 'templates');
const ntt = loadTemplate(TEMPLATES, 'keputusan-kepala-daerah', 'prov-ntt');
const bekasi = loadTemplate(TEMPLATES, 'instruksi-kepala-daerah', 'kota-bekasi');

const NTT_MIN = `template: keputusan-kepala-daerah
tanggal: 24 Maret 2025
tentang: Uji
menimbang: [bahwa satu;]
mengingat: [Undang-Undang;]
diktum: [Satu.]
`;

function doc(yaml: string) {
  return parseDocumentData(yaml, 'data.yaml', ROOT);
}

async function signature(yaml: string, template = ntt): Promise<SignatureBlock> {
  const { model } = await composeDocument(template, doc(yaml));
  const sig = model.parts[0]!.blocks.find((b): b is SignatureBlock => b.kind === 'signature');
  if (!sig) throw new Error('no signature block');
  return sig;
}


describe('signature block', () => {
  it('shows rank and NIP of a definitive official signing a.n.', async () => {
    const sig = await signature(`${NTT_MIN}penandatangan:\n  nama: Dr. Ir. Kosmas D. Lana, S.H., M.Si.\n  nip: "196501011990031001"\n  pangkat: Pembina Utama Madya\n`);
    expect(sig.heading).toEqual(['a.n. GUBERNUR NUSA TENGGARA TIMUR', 'SEKRETARIS DAERAH,']);
    expect(sig.name).toBe('KOSMAS D. LANA');
    expect(sig.rank).toBe('Pembina Utama Madya');
    expect(sig.nip).toBe('NIP. 196501011990031001');
  });

  it('prefixes Plt./Plh. and drops NIP and rank for acting officials', async () => {
    const plt = await signature(`${NTT_MIN}penandatangan:\n  nama: Budi\n  status: plt\n  nip: "1"\n  pangkat: x\n`);
    expect(plt.heading).toEqual(['a.n. GUBERNUR NUSA TENGGARA TIMUR', 'Plt. SEKRETARIS DAERAH,']);
    expect(plt.nip).toBeUndefined();
    expect(plt.rank).toBeUndefined();
    const plh = await signature(`${NTT_MIN}penandatangan:\n  nama: Budi\n  status: plh\n  jabatan: GUBERNUR NUSA TENGGARA TIMUR\n  atasNama: ""\n`);
    expect(plh.heading).toEqual(['Plh. GUBERNUR NUSA TENGGARA TIMUR,']);
  });

  it('never shows a NIP for the kepala daerah of a kepalaDaerah template', async () => {
    const sig = await signature(
      `template: instruksi-kepala-daerah\nklasifikasi: "440"\ntentang: x\nmenimbang: [a]\nmengingat: [b]\nkepada: c\ndiktum: [d]\npenandatangan:\n  nama: Rahmat Effendi\n  nip: "123"\n`,
      bekasi,
    );
    expect(sig.heading).toEqual(['WALI KOTA BEKASI,']);
    expect(sig.nip).toBeUndefined();
  });

  it.each([
    ['Kosmas D. Lana', 'KOSMAS D. LANA'],
    ['Dr. Kosmas D. Lana, S.H., M.Si.', 'KOSMAS D. LANA'],
    ['Prof. Dr. Ir. Budi Santoso, M.Eng.', 'BUDI SANTOSO'],
    ['drs. Andi', 'ANDI'],
    ['  Rahmat Effendi  ', 'RAHMAT EFFENDI'],
  ])('signerDisplayName(%j) → %s', (input, expected) => {
    expect(signerDisplayName(input)).toBe(expected);
  });
});

describe('numbering display', () => {
  it('fills {year} from tanggal and other names from the data, "…" for the sequence', () => {
    expect(displayNumber(ntt, doc(`${NTT_MIN}penandatangan: {nama: a}\n`))).toBe('…/KEP/HK/2025');
    expect(displayNumber(ntt, doc(NTT_MIN.replace('tanggal: 24 Maret 2025\n', '') + 'penandatangan: {nama: a}\n'))).toBe('…/KEP/HK/…');
    expect(displayNumber(bekasi, doc('template: instruksi-kepala-daerah\nklasifikasi: "400.7"\ntentang: x\npenandatangan: {nama: a}\n'))).toBe(
      '400.7/…/SETDA.Ks',
    );
    expect(displayNumber(ntt, doc(`${NTT_MIN}nomor: 7/KEP/HK/2025\npenandatangan: {nama: a}\n`))).toBe('7/KEP/HK/2025');
  });
});

describe('data problems found while composing', () => {
  it('collects every missing required field and an unknown paraf jabatan, each with its line', async () => {
    const data = doc(
      'template: keputusan-kepala-daerah\ntentang: Uji\nmenimbang: []\npenandatangan:\n  nama: a\nparaf:\n  diberikan:\n    KEPALA DINAS: Q\n',
    );
    const err = await rejectionOf(composeDocument(ntt, data));
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.location).toMatchObject({ file: 'data.yaml', line: 3, field: 'menimbang' });
    const problems = err.details as { field: string; line?: number }[];
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['menimbang', 3],
      ['mengingat', 1],
      ['diktum', 1],
      ['paraf.diberikan.KEPALA DINAS', 8],
    ]);
    expect(err.message).toMatch(/jabatan "KEPALA DINAS" tidak ada dalam rantai paraf/);
  });

  it('names a lampiran entry whose source file is not in the kind folder', async () => {
    const data = doc(`${NTT_MIN}penandatangan: {nama: a}\nlampiran:\n  - templat: tidak-ada.hbs\n    judul: x\n`);
    const err = await rejectionOf(composeDocument(ntt, data));
    expect(err.location).toMatchObject({ field: 'lampiran[0].templat', line: 9 });
    expect(err.message).toMatch(/berkas lampiran "tidak-ada.hbs" tidak ada/);
  });

  it('refuses a lampiran for a kind without a lampiran source', async () => {
    const data = doc(
      'template: instruksi-kepala-daerah\nklasifikasi: "440"\ntentang: x\nmenimbang: [a]\nmengingat: [b]\nkepada: c\ndiktum: [d]\npenandatangan: {nama: a}\nlampiran:\n  - judul: x\n',
    );
    const err = await rejectionOf(composeDocument(bekasi, data));
    expect(err.message).toMatch(/tidak punya sumber lampiran/);
  });

  it('reports duplicate YAML keys as YAML_INVALID with the line', () => {
    const err = catchError(() => doc('template: a\ntentang: x\ntentang: y\n'));
    expect(err.code).toBe('YAML_INVALID');
    expect(err.location.line).toBe(3);
  });

  it('refuses a data file that is not a mapping', () => {
    const err = catchError(() => doc('- a\n- b\n'));
    expect(err.code).toBe('DOCUMENT_INVALID');
  });
});

describe('template loading', () => {
  it('lists the kinds of a templates folder', () => {
    expect(listTemplates(TEMPLATES)).toEqual(['instruksi-kepala-daerah', 'keputusan-kepala-daerah', 'keputusan-peserta-pbpu']);
    expect(listTemplates(path.join(ROOT, 'test/fixtures/templates'))).toEqual(['surat-edaran-bupati-kupang']);
  });

  it('refuses kind names that could leave the templates folder', () => {
    const err = catchError(() => loadTemplate(TEMPLATES, '../templates/keputusan-kepala-daerah', 'prov-ntt'));
    expect(err.code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('exposes the metadata the workflow needs (numbering, chain top-down, signer)', () => {
    expect(ntt.meta.numbering).toEqual({ pattern: '{seq}/KEP/HK/{year}', scope: 'prov-ntt-keputusan' });
    expect(ntt.meta.paraf?.chain[0]).toBe('ASISTEN PEMERINTAHAN DAN KESRA');
    expect(ntt.meta.signer).toEqual({ atasNama: 'GUBERNUR NUSA TENGGARA TIMUR', jabatan: 'SEKRETARIS DAERAH', kepalaDaerah: false });
    expect([...ntt.lampiran.keys()].sort()).toEqual(['lampiran-peserta.hbs', 'lampiran.hbs']);
  });
});

describe('drafting warnings', () => {
  it('flags Menimbang without "bahwa" or ";", Mengingat without ";", a title with a final period — and renders anyway', async () => {
    const data = doc(
      'template: keputusan-kepala-daerah\ntentang: Uji Coba.\nmenimbang:\n  - bahwa benar;\n  - perlu diuji.\nmengingat:\n  - UU 1\n  - UU 2.\ndiktum: [x]\npenandatangan: {nama: a}\n',
    );
    const { warnings, model } = await composeDocument(ntt, data);
    expect(model.parts).toHaveLength(1);
    expect(warnings.map((w) => [w.field, w.line, w.message])).toEqual([
      ['menimbang[1]', 5, 'butir Menimbang biasanya diawali "bahwa"'],
      ['menimbang[1]', 5, 'butir Menimbang biasanya diakhiri ";"'],
      ['mengingat[0]', 7, 'butir Mengingat biasanya diakhiri ";"'],
      ['tentang', 2, 'judul (tentang) ditulis tanpa titik di akhir'],
    ]);
  });

  it('finds nothing to flag in the NTT seed', async () => {
    const { readFileSync } = await import('node:fs');
    const file = path.join(ROOT, 'examples/keputusan-gubernur-ntt-99-2025.yaml');
    const { warnings } = await composeDocument(ntt, parseDocumentData(readFileSync(file, 'utf8'), file, path.dirname(file)));
    expect(warnings).toEqual([]);
  });
});

describe('data validation messages', () => {
  it.each([
    ['penandatangan:\n  nama: 42\n', 'penandatangan.nama', 4, 'harus berupa teks, bukan angka 42'],
    ['penandatangan: {nama: a}\nmenimbang: bahwa satu\n', 'menimbang', 4, 'harus berupa daftar (baris berawalan "- "), bukan teks "bahwa satu"'],
    ['penandatangan: {nama: a, status: pjs}\n', 'penandatangan.status', 3, 'harus salah satu dari: definitif, plt, plh'],
    ['penandatangan: {nama: a}\nparaf: {rantai: []}\n', 'paraf.rantai', 4, 'paling sedikit 1 butir'],
    ['penandatangan: {nama: a}\ndiktum:\n  - {teks: a, label: KESATU}\n', 'diktum[0].label', 5, 'kunci tidak dikenal: label'],
    [
      'penandatangan: {nama: a}\ndiktum:\n  - teks: a\n    daftar:\n      penanda: x.\n      butir: [b]\n',
      'diktum[0].daftar.penanda',
      7,
      'penanda tidak dikenal; pakai a. A. 1. 1) (1) a) (a) i. I. - atau •',
    ],
  ])('%j → %s: %s', (extra, field, line, message) => {
    const err = catchError(() => doc(`template: keputusan-kepala-daerah\ntentang: x\n${extra}`));
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.location).toMatchObject({ field, line });
    expect(err.message).toBe(message);
  });
});
