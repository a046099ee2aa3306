import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import type { Official } from '../src/db/prisma-client.ts';
import { resolveParafChain } from '../src/workflow/resolve-chain.ts';
import { parseDocumentData } from '../src/workflow/document-data.ts';
import { matchOfficial } from '../src/workflow/load-workflow.ts';
import { readWorkflowTemplate } from '../src/workflow/template-metadata.ts';

const templatesDir = path.join(PROJECT_ROOT, 'templates');

function official(id: string, jabatan: string, region: string | null, createdAt = 0): Official {
  return { id, jabatan, name: id.toUpperCase(), region, nip: null, rank: null, unit: null, nik: null, certificatePem: null, keyRef: null, createdAt: new Date(createdAt) };
}

describe('template metadata for the workflow', () => {
  it('reads the NTT chain in paraf order (the table lists it top-down) and the signer', () => {
    const t = readWorkflowTemplate(templatesDir, 'keputusan-kepala-daerah', 'prov-ntt');
    expect(t.parafChain).toEqual(['PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', 'KEPALA BIRO HUKUM', 'ASISTEN PEMERINTAHAN DAN KESRA']);
    expect(t).toMatchObject({ family: 'keputusan', region: 'Provinsi Nusa Tenggara Timur', signerJabatan: 'SEKRETARIS DAERAH', numberingPattern: '{seq}/KEP/HK/{year}', numberingScope: 'prov-ntt-keputusan', regionId: 'prov-ntt', regionName: 'Provinsi Nusa Tenggara Timur', timeZone: 'Asia/Makassar' });
  });

  it('reads the Bekasi instruksi: its chain in paraf order (bottom-up), the Wali Kota signs', () => {
    const t = readWorkflowTemplate(templatesDir, 'instruksi-kepala-daerah', 'kota-bekasi');
    expect(t.parafChain).toEqual([
      'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA',
      'KEPALA BAGIAN HUKUM',
      'ASISTEN PEMBANGUNAN DAN KESEJAHTERAAN MASYARAKAT',
      'SEKRETARIS DAERAH KOTA BEKASI',
    ]);
    expect(t).toMatchObject({ family: 'instruksi', signerJabatan: 'WALI KOTA BEKASI', numberingPattern: '{klasifikasi}/{seq}/SETDA.Ks' });
  });

  it('refuses kind names that are not folder names, missing kinds and broken YAML', () => {
    expect(() => readWorkflowTemplate(templatesDir, '../etc', 'prov-ntt')).toThrow(expect.objectContaining({ code: 'TEMPLATE_NOT_FOUND' }));
    expect(() => readWorkflowTemplate(templatesDir, 'keputusan-bupati-tidak-ada', 'prov-ntt')).toThrow(expect.objectContaining({ code: 'TEMPLATE_NOT_FOUND' }));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-tpl-'));
    mkdirSync(path.join(dir, 'rusak'));
    writeFileSync(path.join(dir, 'rusak', 'template.yaml'), 'family: [keputusan\n');
    expect(() => readWorkflowTemplate(dir, 'rusak', 'prov-ntt')).toThrow(expect.objectContaining({ code: 'TEMPLATE_INVALID', location: expect.objectContaining({ line: 2 }) }));
    mkdirSync(path.join(dir, 'aneh'));
    writeFileSync(path.join(dir, 'aneh', 'template.yaml'), 'family: peraturan\n');
    expect(() => readWorkflowTemplate(dir, 'aneh', 'prov-ntt')).toThrow(expect.objectContaining({ code: 'TEMPLATE_INVALID' }));
  });

  it('reads a kind that exists only as a template folder, whatever its family (a Surat Edaran)', () => {
    const t = readWorkflowTemplate(path.join(PROJECT_ROOT, 'test', 'fixtures', 'templates'), 'surat-edaran-bupati-kupang', undefined);
    expect(t.family).toBe('surat-edaran');
    expect(t.numberingPattern).toContain('{seq}');
  });
});

describe('document data and its content hash', () => {
  it('hashes the data, not its spelling: key order, quoting and folding do not change it', () => {
    const a = parseDocumentData('tentang: Tim Kerja\nnomor: "99"\ndiktum:\n  - satu\n  - dua\n');
    const b = parseDocumentData('diktum: [satu, dua]\nnomor: \'99\'\ntentang: >-\n  Tim Kerja\n');
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.tentang).toBe('Tim Kerja');
    expect(parseDocumentData('tentang: Tim Kerja\nnomor: 99\n').contentHash).not.toBe(a.contentHash);
  });

  it('finds tentang and klasifikasi at the top level before nested ones', () => {
    const d = parseDocumentData('lampiran:\n  - tentang: bukan ini\nmeta:\n  tentang: ini\nklasifikasi: "440"\n');
    expect(d.tentang).toBe('ini');
    expect(d.klasifikasi).toBe('440');
  });

  it('names the line of a YAML error and refuses a top-level list', () => {
    expect(() => parseDocumentData('tentang: a\n  b: [\n', 'x.yaml')).toThrow(expect.objectContaining({ code: 'YAML_INVALID', location: expect.objectContaining({ file: 'x.yaml', line: expect.any(Number) }) }));
    expect(() => parseDocumentData('- a\n- b\n')).toThrow(expect.objectContaining({ code: 'DOCUMENT_INVALID' }));
  });
});

describe('paraf chain resolution', () => {
  const officials = [
    official('p-ntt', 'Perancang Peraturan Perundang-undangan Ahli Muda', 'prov-ntt'),
    official('p-bks', 'Perancang Peraturan Perundang-undangan Ahli Muda', 'kota-bekasi'),
    official('biro', 'Kepala Biro Hukum', 'prov-ntt'),
    official('asisten', 'Asisten Pemerintahan dan Kesra', 'prov-ntt'),
    official('sekda', 'Sekretaris Daerah', 'prov-ntt'),
  ];
  const ntt = readWorkflowTemplate(templatesDir, 'keputusan-kepala-daerah', 'prov-ntt');

  it('matches jabatan ignoring case and punctuation, preferring the template region', () => {
    expect(matchOfficial(officials, 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', 'kota-bekasi')?.id).toBe('p-bks');
    expect(matchOfficial(officials, 'perancang peraturan perundang undangan ahli muda', 'prov-ntt')?.id).toBe('p-ntt');
    expect(matchOfficial(officials, 'Wali Kota', null)).toBeUndefined();
  });

  const NTT = 'prov-ntt';
  const chainOf = (requested?: string[], signer: string | null = 'sekda', list = officials) =>
    resolveParafChain({ template: ntt, region: NTT, officials: list, signerOfficialId: signer, ...(requested ? { requested } : {}) }).map((o) => o.id);
  const problemsOf = (requested?: string[], signer: string | null = 'sekda', list = officials): string[] => {
    try {
      chainOf(requested, signer, list);
    } catch (error) {
      expect(error).toMatchObject({ code: 'CHAIN_INVALID' });
      return (error as { details: string[] }).details;
    }
    throw new Error('expected CHAIN_INVALID');
  };

  it('resolves the template chain to the officials of the document region, in paraf order', () => {
    expect(chainOf()).toEqual(['p-ntt', 'biro', 'asisten']);
    expect(chainOf(['p-ntt', 'biro', 'asisten'])).toEqual(['p-ntt', 'biro', 'asisten']);
  });

  it('refuses a chain that drops, reorders or replaces the template jabatan, naming each problem', () => {
    // a drafter naming only herself
    expect(problemsOf(['p-ntt']).join('; ')).toMatch(/rantai harus memuat Kepala Biro Hukum/);
    expect(problemsOf(['biro', 'p-ntt', 'asisten']).join('; ')).toMatch(/urutan jabatan templat tidak boleh diubah/);
    expect(problemsOf(['tidak-ada', 'p-ntt', 'biro', 'asisten', 'sekda'])).toEqual([
      'pejabat tidak-ada tidak terdaftar',
      'templat keputusan-kepala-daerah tidak mengizinkan pejabat paraf tambahan (Sekretaris Daerah, SEKDA)',
      'penandatangan tidak ikut memaraf dokumennya sendiri',
    ]);
  });

  it('never takes an official of another region, and names the foreign one', () => {
    const bekasiBiro = official('biro-bks', 'Kepala Biro Hukum', 'kota-bekasi');
    expect(problemsOf(['p-ntt', 'biro-bks', 'asisten'], 'sekda', [...officials, bekasiBiro]).join('; ')).toMatch(/Kepala Biro Hukum \(BIRO-BKS\) berasal dari kota-bekasi, bukan prov-ntt/);
    // the template's jabatan is registered only in another region: the chain cannot be formed
    const withoutNttBiro = [...officials.filter((o) => o.id !== 'biro'), bekasiBiro];
    expect(problemsOf(undefined, 'sekda', withoutNttBiro).join('; ')).toMatch(/jabatan "KEPALA BIRO HUKUM" tidak terdaftar di prov-ntt \(yang terdaftar: BIRO-BKS di kota-bekasi, daerah lain\)/);
    expect(problemsOf(undefined, null).join('; ')).toMatch(/penandatangan terdaftar dengan jabatan "SEKRETARIS DAERAH" di prov-ntt/);
  });
});
