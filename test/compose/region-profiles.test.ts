/**
 * Region profiles (templates/daerah/<id>.yaml) and kinds written once for every region: the loader
 * contract the workflow builds on (loadTemplate, readWorkflowTemplate, listTemplateFiles, listKinds,
 * listRegions), the checks on a profile, and Kabupaten Kupang — added as a profile only — issuing a
 * Keputusan Bupati with a participant lampiran.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocumentData } from '../../src/compose/document-data.ts';
import { listKinds, listTemplateFiles, loadTemplate, loadTemplateOf } from '../../src/compose/load-template.ts';
import { modelToText, readSource } from '../../src/compose/model-text.ts';
import { listRegions, loadRegionProfile } from '../../src/compose/region-profile.ts';
import { composeDocumentFile, renderDocumentFile } from '../../src/use-cases/render-document.ts';
import { readWorkflowTemplate } from '../../src/workflow/template-metadata.ts';
import { requireTools, run } from '../support/tools.ts';
import { catchError } from './catch-error.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TEMPLATES = path.join(ROOT, 'templates');
const work = mkdtempSync(path.join(tmpdir(), 'naskah-daerah-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the project's templates folder (without fonts) to break on purpose. */
function templatesCopy(): string {
  const dir = mkdtempSync(path.join(work, 'templates-'));
  cpSync(TEMPLATES, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}fonts`) });
  return dir;
}

describe('the loader contract', () => {
  it('lists the regions with id, name and IANA time zone, and the kinds with title and family', () => {
    expect(listRegions(TEMPLATES)).toEqual([
      { id: 'kab-kupang', name: 'Kabupaten Kupang', timeZone: 'Asia/Makassar' },
      { id: 'kota-bekasi', name: 'Kota Bekasi', timeZone: 'Asia/Jakarta' },
      { id: 'prov-ntt', name: 'Provinsi Nusa Tenggara Timur', timeZone: 'Asia/Makassar' },
    ]);
    expect(listKinds(TEMPLATES)).toEqual([
      { kind: 'instruksi-kepala-daerah', title: 'Instruksi Kepala Daerah', family: 'instruksi' },
      { kind: 'keputusan-kepala-daerah', title: 'Keputusan Kepala Daerah', family: 'keputusan' },
      { kind: 'keputusan-peserta-pbpu', title: 'Keputusan Penetapan Peserta PBPU Pemda', family: 'keputusan' },
    ]);
  });

  it('merges one kind with each region: title, place, signer, chain, numbering scope per region', () => {
    const ntt = loadTemplate(TEMPLATES, 'keputusan-kepala-daerah', 'prov-ntt').meta;
    const kupang = loadTemplate(TEMPLATES, 'keputusan-kepala-daerah', 'kab-kupang').meta;
    const bekasi = loadTemplate(TEMPLATES, 'instruksi-kepala-daerah', 'kota-bekasi').meta;
    expect(ntt).toMatchObject({
      regionId: 'prov-ntt',
      region: 'Provinsi Nusa Tenggara Timur',
      timeZone: 'Asia/Makassar',
      title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR',
      place: 'Kupang',
      numbering: { pattern: '{seq}/KEP/HK/{year}', scope: 'prov-ntt-keputusan' },
      signer: { atasNama: 'GUBERNUR NUSA TENGGARA TIMUR', jabatan: 'SEKRETARIS DAERAH', kepalaDaerah: false },
    });
    expect(kupang).toMatchObject({
      regionId: 'kab-kupang',
      title: 'KEPUTUSAN BUPATI KUPANG',
      place: 'Oelamasi',
      numbering: { scope: 'kab-kupang-keputusan' },
      signer: { jabatan: 'BUPATI KUPANG', kepalaDaerah: true },
    });
    expect(bekasi).toMatchObject({ regionId: 'kota-bekasi', timeZone: 'Asia/Jakarta', title: 'INSTRUKSI WALI KOTA BEKASI', signer: { jabatan: 'WALI KOTA BEKASI', kepalaDaerah: true } });
    expect(ntt.paraf?.chain).toEqual(['ASISTEN PEMERINTAHAN DAN KESRA', 'KEPALA BIRO HUKUM', 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA']);
    expect(kupang.paraf?.chain).toEqual(['SEKRETARIS DAERAH', 'ASISTEN PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT', 'KEPALA BAGIAN HUKUM']);
  });

  it('lets a profile give one kind its own settings (the participant decree goes to BPJS Kesehatan too)', () => {
    const decree = loadTemplate(TEMPLATES, 'keputusan-kepala-daerah', 'prov-ntt').meta.tembusan;
    const participants = loadTemplate(TEMPLATES, 'keputusan-peserta-pbpu', 'prov-ntt').meta.tembusan;
    expect(decree).not.toContain('Kepala BPJS Kesehatan Cabang Kupang di Kupang;');
    expect(participants).toContain('Kepala BPJS Kesehatan Cabang Kupang di Kupang;');
  });

  it('gives the workflow the region id, name and time zone with the chain in paraf order', () => {
    const t = readWorkflowTemplate(TEMPLATES, 'keputusan-peserta-pbpu', 'kab-kupang');
    expect(t).toMatchObject({
      kind: 'keputusan-peserta-pbpu',
      regionId: 'kab-kupang',
      regionName: 'Kabupaten Kupang',
      region: 'Kabupaten Kupang',
      timeZone: 'Asia/Makassar',
      numberingScope: 'kab-kupang-keputusan',
      signerJabatan: 'BUPATI KUPANG',
    });
    expect(t.parafChain).toEqual(['KEPALA BAGIAN HUKUM', 'ASISTEN PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT', 'SEKRETARIS DAERAH']);
  });

  it('lists every file that shapes the text, sorted, with the SHA-256 of its bytes', () => {
    const files = listTemplateFiles(TEMPLATES, 'keputusan-kepala-daerah', 'prov-ntt');
    expect(files.map((f) => f.path)).toEqual([
      'daerah/prov-ntt.yaml',
      'keputusan-kepala-daerah/body.hbs',
      'keputusan-kepala-daerah/lampiran-peserta.hbs',
      'keputusan-kepala-daerah/lampiran.hbs',
      'keputusan-kepala-daerah/template.yaml',
      'partials/kop.hbs',
    ]);
    for (const f of files) {
      expect(f.sha256).toBe(createHash('sha256').update(readFileSync(path.join(TEMPLATES, f.path))).digest('hex'));
    }
    // Another region's profile is not part of this document; its own is.
    expect(listTemplateFiles(TEMPLATES, 'keputusan-kepala-daerah', 'kab-kupang').map((f) => f.path)).toContain('daerah/kab-kupang.yaml');
  });

  it('changes a listed hash when the profile, a source or a shared partial changes — and nothing else', () => {
    const dir = templatesCopy();
    const before = listTemplateFiles(dir, 'keputusan-kepala-daerah', 'prov-ntt');
    writeFileSync(path.join(dir, 'daerah/prov-ntt.yaml'), `${readFileSync(path.join(dir, 'daerah/prov-ntt.yaml'), 'utf8')}# catatan\n`);
    writeFileSync(path.join(dir, 'partials/kop.hbs'), `${readFileSync(path.join(dir, 'partials/kop.hbs'), 'utf8')}\n`);
    writeFileSync(path.join(dir, 'daerah/kota-bekasi.yaml'), `${readFileSync(path.join(dir, 'daerah/kota-bekasi.yaml'), 'utf8')}# lain\n`);
    const after = listTemplateFiles(dir, 'keputusan-kepala-daerah', 'prov-ntt');
    const changed = after.filter((f, i) => f.sha256 !== before[i]!.sha256).map((f) => f.path);
    expect(changed).toEqual(['daerah/prov-ntt.yaml', 'partials/kop.hbs']);
  });
});

describe('region profile checks (TEMPLATE_INVALID at the line to fix)', () => {
  const profile = readFileSync(path.join(TEMPLATES, 'daerah/kab-kupang.yaml'), 'utf8');

  it.each([
    ['a Kemendagri code of another region', profile.replace('code: "53.01"', 'code: "53.71"'), 'code', /adalah Kota Kupang, bukan "Kabupaten Kupang"/],
    ['a kota called a kabupaten', profile.replace('name: Kabupaten Kupang', 'name: Kota Kupang').replace('code: "53.01"', 'code: "53.71"'), 'level', /tulis level: kota/],
    ['a numbering scope shared with other regions', profile.replace('scope: kab-kupang-keputusan', 'scope: keputusan'), 'families.keputusan.numbering.scope', /harus diawali "kab-kupang-"/],
    ['a time zone outside WIB, WITA and WIT', profile.replace('timeZone: Asia/Makassar', 'timeZone: Asia/Singapore'), 'timeZone', /Asia\/Jakarta, Asia\/Makassar, Asia\/Jayapura/],
    ['a misspelt key', profile.replace('kepalaDaerah: BUPATI KUPANG', 'kepalaDaerh: BUPATI KUPANG'), 'kepalaDaerh', /kunci tidak dikenal: kepalaDaerh/],
  ])('refuses %s', (_what, text, field, message) => {
    const dir = templatesCopy();
    writeFileSync(path.join(dir, 'daerah/kab-kupang.yaml'), text);
    const err = catchError(() => loadRegionProfile(dir, 'kab-kupang'));
    expect(err.code).toBe('TEMPLATE_INVALID');
    expect(err.location.field).toBe(field);
    expect(err.message).toMatch(message);
    const fieldKey = field.split('.').pop()!;
    const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${fieldKey}:`)) + 1;
    expect(err.location.line).toBe(line);
  });

  it('refuses region settings in a kind, saying where they belong', () => {
    const dir = templatesCopy();
    const file = path.join(dir, 'keputusan-kepala-daerah/template.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}place: Kupang\n`);
    const err = catchError(() => loadTemplate(dir, 'keputusan-kepala-daerah', 'prov-ntt'));
    expect(err.code).toBe('TEMPLATE_INVALID');
    expect(err.location).toMatchObject({ field: 'place', line: readFileSync(file, 'utf8').split('\n').length - 1 });
    expect(err.message).toContain('profil daerah');
  });

  it('refuses a region without settings for the kind’s family, naming the section to add', () => {
    const dir = templatesCopy();
    const file = path.join(dir, 'daerah/kab-kupang.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('  instruksi:')) + text.slice(text.indexOf('kinds:')));
    const err = catchError(() => loadTemplate(dir, 'instruksi-kepala-daerah', 'kab-kupang'));
    expect(err.code).toBe('TEMPLATE_INVALID');
    expect(err.location.field).toBe('families.instruksi');
    expect(err.message).toContain('daerah/kab-kupang.yaml');
  });
});

describe('a document names its kind and its region', () => {
  const data = (extra: string): string => `template: keputusan-kepala-daerah\ntentang: x\npenandatangan: {nama: a}\n${extra}`;

  it('without `daerah:` for a kind every region uses: DOCUMENT_INVALID listing the regions', () => {
    const err = catchError(() => loadTemplateOf(TEMPLATES, parseDocumentData(data(''), 'd.yaml', work)));
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.location).toMatchObject({ file: 'd.yaml', field: 'daerah' });
    expect(err.message).toContain('kab-kupang, kota-bekasi, prov-ntt');
  });

  it('with an unknown region: TEMPLATE_NOT_FOUND at the daerah line', () => {
    const err = catchError(() => loadTemplateOf(TEMPLATES, parseDocumentData(data('daerah: kab-kupnag\n'), 'd.yaml', work)));
    expect(err.code).toBe('TEMPLATE_NOT_FOUND');
    expect(err.location).toMatchObject({ file: 'd.yaml', line: 4, field: 'daerah' });
  });

  it('a kind made for one region may name it, so its data leaves `daerah:` out', () => {
    const t = loadTemplate(path.join(ROOT, 'test/fixtures/templates'), 'surat-edaran-bupati-kupang');
    expect(t.meta).toMatchObject({ regionId: 'kab-kupang', title: 'SURAT EDARAN BUPATI KUPANG', placeLabel: 'Dikeluarkan di' });
  });
});

describe('Kabupaten Kupang, added as a profile only', () => {
  const example = path.join(ROOT, 'examples/keputusan-bupati-kupang-peserta-pbpu-2025.yaml');

  it('composes a Keputusan Bupati Kupang from the participant decree kind', async () => {
    const { model, sources } = await composeDocumentFile(example);
    const text = modelToText(model);
    expect(model.meta).toMatchObject({ kind: 'keputusan-peserta-pbpu', regionId: 'kab-kupang', region: 'Kabupaten Kupang', title: 'KEPUTUSAN BUPATI KUPANG', place: 'Oelamasi' });
    expect(text.split('\n').slice(0, 3)).toEqual(['BUPATI KUPANG', 'KEPUTUSAN BUPATI KUPANG', 'NOMOR : …/KEP/HK/2025']);
    expect(text).toContain('\nBUPATI KUPANG,\n');
    expect(text).toContain('Ditetapkan di Oelamasi');
    expect(text).toContain('perlu menetapkan Keputusan Bupati tentang');
    expect(text).toContain('Anggaran Pendapatan dan Belanja Daerah Kabupaten Kupang Tahun Anggaran 2025');
    expect(text).toContain('KELIMA : Keputusan Bupati ini mulai berlaku pada tanggal ditetapkan.');
    // Nothing of the province's own text leaks into the Bupati's decree.
    expect(text).not.toMatch(/GUBERNUR NUSA TENGGARA TIMUR|Keputusan Gubernur|Provinsi Nusa Tenggara Timur/);
    const rows = await readSource(sources, 'peserta');
    expect(rows).toHaveLength(21);
    expect(rows.every((r) => r.nik!.startsWith('5301') && r.kabupaten_kota === 'Kabupaten Kupang')).toBe(true);
  });

  it('renders it to PDF with the participants in the lampiran and the Bupati signing', async () => {
    if (!requireTools('Keputusan Bupati Kupang PDF', 'pdftotext')) return;
    const { pdfPath } = await renderDocumentFile(example, { outDir: path.join(work, 'kupang') });
    const text = run('pdftotext', ['-raw', pdfPath, '-']).stdout;
    expect(text).toContain('KEPUTUSAN BUPATI KUPANG');
    expect(text).toContain('BUPATI KUPANG,');
    expect(text).toContain('LAMPIRAN');
    const csv = readFileSync(path.join(ROOT, 'examples/peserta-pbpu-kupang-disetujui.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of csv) expect(text).toContain(line.split(',')[0]);
  });
});
