/**
 * Issue 9 reproductions on SQLite and PostgreSQL, each of which held before the fix:
 * a paraf chain replaced by officials of another region (or by the drafter alone), a template or a
 * source list edited between paraf and signature, two revisions racing on the same base, and reads
 * across regions.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { isAppError } from '../src/errors/app-error.ts';
import { seedDemo, type SeedDemoResult } from '../src/seed/seed-demo.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { giveParaf } from '../src/use-cases/give-paraf.ts';
import { reviseDocument } from '../src/use-cases/revise-document.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { verifyAuditChain } from '../src/use-cases/verify-audit-chain.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

const nttYaml = readFileSync(path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml'), 'utf8');

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal, the action succeeded');
}

async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  return {
    documents: await db.prisma.document.count(),
    versions: await db.prisma.documentVersion.count(),
    steps: await db.prisma.parafStep.count(),
    audit: await db.prisma.auditEvent.count(),
    locks: (await db.prisma.document.findMany({ select: { lockVersion: true } })).reduce((a, d) => a + d.lockVersion, 0),
  };
}

describe.each(databases)('integrity of the paraf hierarki on $provider', ({ provider }) => {
  let db: TestDatabase;
  let seeded: SeedDemoResult;
  let templatesDir: string;
  const where = () => ({ templatesDir, dataDir: db.dataDir });

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    seeded = await seedDemo(db, { password: 'kata-sandi-uji-123' });
    // a private copy of the templates, so a test can edit one the way an admin would
    templatesDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-templates-'));
    cpSync(path.join(PROJECT_ROOT, 'templates'), templatesDir, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
    rmSync(templatesDir, { recursive: true, force: true });
  });

  async function draftNtt(yaml = nttYaml): Promise<{ documentId: string; contentHash: string }> {
    return draftDocument(db, { ...where(), kind: 'keputusan-kepala-daerah', dataYaml: yaml, username: 'perancang.ntt' });
  }

  it('refuses a Keputusan Gubernur NTT routed to the Kabag Hukum of Kota Bekasi, naming the foreign official and the missing jabatan; nothing written', async () => {
    const d = await draftNtt();
    const before = await rowCounts(db);
    const foreign = await refusal(submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash, chainOfficialIds: [seeded.officials['bekasi.kabaghukum']!] }));
    expect(foreign.code).toBe('CHAIN_INVALID');
    expect(foreign.message).toContain('Kepala Bagian Hukum (ARIF HIDAYAT) berasal dari Kota Bekasi, bukan Provinsi Nusa Tenggara Timur');
    expect(foreign.message).toContain('rantai harus memuat Kepala Biro Hukum');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('refuses a chain of the drafter alone; the template chain is the one that routes', async () => {
    const d = await draftNtt();
    const before = await rowCounts(db);
    const alone = await refusal(submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash, chainOfficialIds: [seeded.officials['ntt.perancang']!] }));
    expect(alone.code).toBe('CHAIN_INVALID');
    expect(alone.details).toEqual([
      'rantai harus memuat Kepala Biro Hukum (YOHANES B. TALAN) sebagaimana ditetapkan templat',
      'rantai harus memuat Asisten Pemerintahan dan Kesra (ALOYSIUS M. BERE) sebagaimana ditetapkan templat',
    ]);
    expect(await rowCounts(db)).toEqual(before);
    const ok = await submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    expect(ok.chain.map((s) => s.officialId)).toEqual(seeded.chains.ntt);
  });

  it('keeps an account of another region out of the document: no paraf, no revise, no draft of its kind', async () => {
    const d = await draftNtt();
    await submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    const before = await rowCounts(db);
    expect((await refusal(giveParaf(db, { ...where(), documentId: d.documentId, username: 'perancang.bekasi', contentHash: d.contentHash }))).code).toBe('FORBIDDEN');
    expect((await refusal(reviseDocument(db, { ...where(), documentId: d.documentId, dataYaml: `${nttYaml}\n# x\n`, username: 'perancang.bekasi', baseContentHash: d.contentHash }))).code).toBe('FORBIDDEN');
    expect((await refusal(draftDocument(db, { ...where(), kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.bekasi' }))).code).toBe('FORBIDDEN');
    expect(await rowCounts(db)).toEqual(before);
  });

  it('restarts the chain when a template file changes after a paraf, naming the file; the old hash no longer counts', async () => {
    const d = await draftNtt();
    await submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    await giveParaf(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash });
    const body = path.join(templatesDir, 'keputusan-kepala-daerah', 'body.hbs');
    const original = readFileSync(body, 'utf8');
    try {
      // an admin changes the legal wording of the template between paraf and signature
      writeFileSync(body, original.replace('MEMUTUSKAN', 'MEMUTUSKAN DENGAN TEGAS'));
      const changed = await refusal(giveParaf(db, { ...where(), documentId: d.documentId, username: 'karohukum.ntt', contentHash: d.contentHash }));
      expect(changed.code).toBe('CONTENT_CHANGED');
      expect(changed.message).toContain('berkas templat keputusan-kepala-daerah/body.hbs diubah');
      const doc = await db.prisma.document.findUniqueOrThrow({ where: { id: d.documentId }, include: { currentVersion: true } });
      expect(doc.state).toBe('draft');
      expect(doc.currentVersion!.versionNo).toBe(2);
      expect(doc.currentVersion!.contentHash).not.toBe(d.contentHash);
      expect(doc.currentVersion!.dataYaml).toBe(nttYaml);
      const steps = await db.prisma.parafStep.findMany({ where: { documentId: d.documentId }, orderBy: { position: 'asc' } });
      expect(steps.map((s) => s.state)).toEqual(['done', 'superseded', 'superseded']);
      const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { documentId: d.documentId, action: 'document.content_changed' } });
      expect(JSON.parse(event.detailsJson)).toMatchObject({ changes: ['berkas templat keputusan-kepala-daerah/body.hbs diubah'], versionNo: 2 });
      // the paraf given on the old text does not carry over: the old hash is stale, the new chain starts at 1
      expect((await refusal(giveParaf(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash }))).code).toBe('INVALID_STATE');
      const resubmitted = await submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: doc.currentVersion!.contentHash });
      expect(resubmitted.contentHash).toBe(doc.currentVersion!.contentHash);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      writeFileSync(body, original);
    }
  });

  it('restarts the chain when the list file its lampiran streams changes after a paraf', async () => {
    const listFile = path.join(db.dataDir, 'daftar', 'uji-peserta.csv');
    const csv = readFileSync(path.join(PROJECT_ROOT, 'examples', 'peserta-pbpu-ntt-disetujui.csv'), 'utf8');
    cpSync(path.join(PROJECT_ROOT, 'examples', 'peserta-pbpu-ntt-disetujui.csv'), listFile);
    const yaml = readFileSync(path.join(PROJECT_ROOT, 'examples', 'keputusan-peserta-pbpu-ntt.yaml'), 'utf8').replace(/berkas: .*$/m, 'berkas: daftar/uji-peserta.csv');
    const d = await draftDocument(db, { ...where(), kind: 'keputusan-peserta-pbpu', dataYaml: yaml, username: 'perancang.ntt' });
    const manifest = JSON.parse((await db.prisma.documentVersion.findFirstOrThrow({ where: { documentId: d.documentId } })).manifestJson) as { sources: { name: string; file: string }[] };
    expect(manifest.sources).toEqual([expect.objectContaining({ name: 'peserta', file: 'daftar/uji-peserta.csv' })]);
    await submitDocument(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    await giveParaf(db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash });
    // one participant's name changed in the file after the first paraf
    const lines = csv.split('\n');
    expect(lines[1]).toContain('Marthen Bataona');
    lines[1] = lines[1]!.replace('Marthen Bataona', 'Marthen Lain');
    writeFileSync(listFile, lines.join('\n'));
    const changed = await refusal(giveParaf(db, { ...where(), documentId: d.documentId, username: 'karohukum.ntt', contentHash: d.contentHash }));
    expect(changed.code).toBe('CONTENT_CHANGED');
    expect(changed.message).toContain('isi sumber peserta (daftar/uji-peserta.csv) berubah');
    expect((await db.prisma.document.findUniqueOrThrow({ where: { id: d.documentId } })).state).toBe('draft');
  });

  it('lets only one of two revisions made on the same version through; the other is stale and writes nothing', async () => {
    const d = await draftNtt();
    const a = nttYaml.replace('perlu dibentuk Tim Kerja', 'perlu membentuk Tim Kerja');
    const b = nttYaml.replace('perlu dibentuk Tim Kerja', 'perlu ditetapkan Tim Kerja');
    const results = await Promise.allSettled([
      reviseDocument(db, { ...where(), documentId: d.documentId, dataYaml: a, username: 'perancang.ntt', baseContentHash: d.contentHash }),
      reviseDocument(db, { ...where(), documentId: d.documentId, dataYaml: b, username: 'perancang.ntt', baseContentHash: d.contentHash }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused.map((r) => (isAppError(r.reason) ? r.reason.code : String(r.reason)))).toEqual(['STALE_VERSION']);
    const versions = await db.prisma.documentVersion.findMany({ where: { documentId: d.documentId }, orderBy: { versionNo: 'asc' } });
    expect(versions.map((v) => v.versionNo)).toEqual([1, 2]);
    const winner = (ok[0] as PromiseFulfilledResult<{ contentHash: string }>).value;
    expect(versions[1]!.contentHash).toBe(winner.contentHash);
    // the loser can still apply its edit on top of the winner's version
    const next = await reviseDocument(db, { ...where(), documentId: d.documentId, dataYaml: versions[1]!.dataYaml === a ? b : a, username: 'perancang.ntt', baseContentHash: winner.contentHash });
    expect(next.versionNo).toBe(3);
  });
});

describe('the content hash', () => {
  it('covers the data bytes, every template file and every source file', async () => {
    const { buildContentManifest } = await import('../src/use-cases/build-content-manifest.ts');
    const { contentHashOf } = await import('../src/workflow/content-manifest.ts');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-manifest-'));
    try {
      cpSync(path.join(PROJECT_ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
      const input = { templatesDir: path.join(dir, 'templates'), kind: 'keputusan-kepala-daerah', region: 'prov-ntt', dataYaml: nttYaml, sourcesDir: dir };
      const base = contentHashOf(await buildContentManifest(input));
      expect(contentHashOf(await buildContentManifest(input))).toBe(base);
      expect(contentHashOf(await buildContentManifest({ ...input, dataYaml: `${nttYaml} ` }))).not.toBe(base);
      appendFileSync(path.join(dir, 'templates', 'keputusan-kepala-daerah', 'lampiran.hbs'), '\n');
      const afterKind = contentHashOf(await buildContentManifest(input));
      expect(afterKind).not.toBe(base);
      // the region profile shapes the text too (kop, signer, tembusan)
      appendFileSync(path.join(dir, 'templates', 'daerah', 'prov-ntt.yaml'), '\n');
      expect(contentHashOf(await buildContentManifest(input))).not.toBe(afterKind);
      const manifest = await buildContentManifest(input);
      expect(manifest.template.map((f) => f.path)).toEqual(expect.arrayContaining(['keputusan-kepala-daerah/body.hbs', 'keputusan-kepala-daerah/lampiran.hbs', 'keputusan-kepala-daerah/template.yaml', 'daerah/prov-ntt.yaml']));
      // a source outside the data folder is refused before it is read
      const outside = nttYaml.replace(/^tentang:/m, 'sumber:\n  x:\n    berkas: ../../etc/passwd\ntentang:');
      await expect(buildContentManifest({ ...input, dataYaml: outside })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
