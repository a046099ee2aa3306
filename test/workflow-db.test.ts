/**
 * The paraf hierarki on real databases (SQLite and PostgreSQL): the whole NTT chain to ready_to_sign,
 * every refusal recording nothing, a 50-way race on one step, return and revise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { AppError, isAppError } from '../src/errors/app-error.ts';
import { seedDemo, type SeedDemoResult } from '../src/seed/seed-demo.ts';
import { createDelegation } from '../src/use-cases/create-official.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { getDocumentHistory, getDocumentStatus } from '../src/use-cases/get-document-status.ts';
import { giveParaf } from '../src/use-cases/give-paraf.ts';
import { returnDocument } from '../src/use-cases/return-document.ts';
import { reviseDocument } from '../src/use-cases/revise-document.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { verifyAuditChain } from '../src/use-cases/verify-audit-chain.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

const templatesDir = path.join(PROJECT_ROOT, 'templates');
const nttYaml = readFileSync(path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml'), 'utf8');
const PASSWORD = 'demo-password-uji';
const MODELS = ['user', 'official', 'delegation', 'documentKind', 'document', 'documentVersion', 'parafStep', 'auditEvent', 'auditHead', 'session'] as const;

async function countRows(db: TestDatabase): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of MODELS) out[m] = await (db.prisma[m] as unknown as { count(): Promise<number> }).count();
  // the head and every document row's lockVersion/state, so an in-place write is noticed too
  const head = await db.prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } });
  out.headSeq = head.seq;
  for (const d of await db.prisma.document.findMany({ orderBy: { id: 'asc' } })) out[`lock:${d.id}`] = d.lockVersion;
  for (const s of await db.prisma.parafStep.findMany()) out[`step:${s.id}:${s.state}`] = 1;
  return out;
}

async function refusalCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a refusal, the action succeeded');
}

describe.each(databases)('paraf workflow on $provider', ({ provider }) => {
  let db: TestDatabase;
  let seed: SeedDemoResult;
  let documentId: string;
  let hash: string;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    seed = await seedDemo(db, { password: PASSWORD });
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });

  it('seeds idempotently: a second run creates nothing and reveals no password', async () => {
    expect(seed.newPasswords).toHaveLength(13); // 9 officials, admin, arsiparis, two list approvers
    const before = await countRows(db);
    const again = await seedDemo(db);
    expect(again.newPasswords).toEqual([]);
    expect(again.officials).toEqual(seed.officials);
    expect(await countRows(db)).toEqual(before);
    const sekda = await db.prisma.official.findUniqueOrThrow({ where: { id: seed.officials['ntt.sekda']! } });
    expect(sekda.name).toBe('KOSMAS D. LANA');
    const walikota = await db.prisma.official.findUniqueOrThrow({ where: { id: seed.officials['bekasi.walikota']! } });
    expect(walikota.name).toBe('RAHMAT EFFENDI');
  });

  it('drafts the NTT decree: version 1, content hash of the data, signer from the template, audited', async () => {
    const r = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.ntt' });
    documentId = r.documentId;
    hash = r.contentHash;
    expect(r).toMatchObject({ versionNo: 1, state: 'draft' });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const row = await db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.signerOfficialId).toBe(seed.officials['ntt.sekda']);
    expect(row.tentang).toMatch(/^Tim Kerja Pengelolaan Kepesertaan/);
    const events = await db.prisma.auditEvent.findMany({ where: { documentId } });
    expect(events.map((e) => [e.action, e.versionHash])).toEqual([['document.drafted', hash]]);
  });

  it('refuses a draft by someone who is not a drafter and records nothing', async () => {
    const before = await countRows(db);
    expect(await refusalCode(draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'karohukum.ntt' }))).toBe('FORBIDDEN');
    expect(await countRows(db)).toEqual(before);
  });

  it('refuses a draft whose data cannot be composed by its kind (a required field missing, another template named), naming file, line and field, and records nothing', async () => {
    const before = await countRows(db);
    const noMenimbang = nttYaml.replace(/^menimbang:[\s\S]*?(?=^mengingat:)/m, '');
    const missing = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: noMenimbang, dataFile: 'rancangan.yaml', username: 'perancang.ntt' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'DOCUMENT_INVALID', location: expect.objectContaining({ file: 'rancangan.yaml', field: 'menimbang' }) });
    const otherKind = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'instruksi-kepala-daerah', dataYaml: nttYaml, dataFile: 'rancangan.yaml', username: 'perancang.bekasi' }).catch((e: unknown) => e);
    expect(otherKind).toMatchObject({ code: 'DOCUMENT_INVALID', location: expect.objectContaining({ field: 'template', line: expect.any(Number) }) });
    expect(await countRows(db)).toEqual(before);
  });

  it('submits with the template chain in paraf order (Perancang → Kepala Biro Hukum → Asisten)', async () => {
    const r = await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'perancang.ntt', baseContentHash: hash });
    expect(r.chain.map((s) => s.officialId)).toEqual(seed.chains.ntt);
    const status = await getDocumentStatus(db, documentId.slice(0, 8));
    expect(status.state).toBe('in_paraf');
    expect(status.currentPosition).toBe(1);
    expect(status.steps.map((s) => s.jabatan)).toEqual(['Perancang Peraturan Perundang-undangan Ahli Muda', 'Kepala Biro Hukum', 'Asisten Pemerintahan dan Kesra']);
  });

  it('refuses a second submit (INVALID_STATE) and records nothing', async () => {
    const before = await countRows(db);
    expect(await refusalCode(submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'perancang.ntt', baseContentHash: hash }))).toBe('INVALID_STATE');
    expect(await countRows(db)).toEqual(before);
  });

  it('gives the first paraf on the exact hash', async () => {
    const r = await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'perancang.ntt', contentHash: hash });
    expect(r).toMatchObject({ position: 1, state: 'in_paraf', actingAs: { via: 'self' } });
    const step = await db.prisma.parafStep.findFirstOrThrow({ where: { documentId, position: 1 } });
    expect(step).toMatchObject({ state: 'done', contentHash: hash, actedByOfficialId: seed.officials['ntt.perancang'] });
  });

  it('refuses out of turn, wrong role, stale hash and an expired delegation, each with its code and nothing written', async () => {
    // a Plh. for the Kepala Biro Hukum whose delegation ended yesterday
    const plhOfficial = await db.prisma.official.create({ data: { jabatan: 'Kepala Bagian Perundang-undangan', name: 'PLH UJI', region: 'prov-ntt' } });
    await createUser(db, { username: 'plh.ntt', displayName: 'PLH UJI', password: PASSWORD, roles: ['paraf'], officialId: plhOfficial.id, actor: 'test' });
    // the right official, but an account without the paraf role (wrong role)
    await createUser(db, { username: 'karohukum.arsip', displayName: 'YOHANES B. TALAN', password: PASSWORD, roles: ['archivist'], officialId: seed.officials['ntt.karohukum']!, actor: 'test' });
    const now = Date.now();
    await createDelegation(db, { officialId: seed.officials['ntt.karohukum']!, delegateOfficialId: plhOfficial.id, kind: 'plh', validFrom: new Date(now - 10 * 86400_000), validTo: new Date(now - 86400_000), actor: 'admin' });
    const attempts: [string, () => Promise<unknown>][] = [
      ['PARAF_OUT_OF_TURN', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'asisten1.ntt', contentHash: hash })],
      ['PARAF_OUT_OF_TURN', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'perancang.ntt', contentHash: hash })],
      ['FORBIDDEN', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'kabaghukum.bekasi', contentHash: hash })],
      ['FORBIDDEN', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'arsiparis', contentHash: hash })],
      ['FORBIDDEN', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'karohukum.arsip', contentHash: hash })],
      ['STALE_VERSION', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'karohukum.ntt', contentHash: 'f'.repeat(64) })],
      ['DELEGATION_INVALID', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'plh.ntt', contentHash: hash })],
      ['PARAF_OUT_OF_TURN', () => returnDocument(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'asisten1.ntt', note: 'terlalu dini' })],
      ['UNAUTHENTICATED', () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'tidak.ada', contentHash: hash })],
    ];
    const before = await countRows(db);
    for (const [code, attempt] of attempts) expect(await refusalCode(attempt())).toBe(code);
    expect(await countRows(db)).toEqual(before);
  });

  it('lets only one of 50 simultaneous paraf attempts on one step through, with one audit event', async () => {
    const eventsBefore = await db.prisma.auditEvent.count();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'karohukum.ntt', contentHash: hash })));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(new Set(refused.map((r) => (isAppError(r.reason) ? r.reason.code : String(r.reason))))).toEqual(new Set(['PARAF_OUT_OF_TURN']));
    expect(await db.prisma.auditEvent.count()).toBe(eventsBefore + 1);
    expect(await db.prisma.parafStep.count({ where: { documentId, position: 2, state: 'done' } })).toBe(1);
    const doc = await db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc.state).toBe('in_paraf');
    expect((await verifyAuditChain(db)).ok).toBe(true);
  }, 120_000);

  it('reaches ready_to_sign with the last paraf and the chain verifies', async () => {
    const r = await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'asisten1.ntt', contentHash: hash });
    expect(r.state).toBe('ready_to_sign');
    const status = await getDocumentStatus(db, documentId);
    expect(status.steps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(status.currentPosition).toBeNull();
    expect(await refusalCode(giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'asisten1.ntt', contentHash: hash }))).toBe('INVALID_STATE');
    const history = await getDocumentHistory(db, documentId);
    expect(history.events.map((e) => e.action)).toEqual(['document.drafted', 'document.submitted', 'paraf.given', 'paraf.given', 'paraf.given']);
    expect(history.events.filter((e) => e.action === 'paraf.given').every((e) => e.versionHash === hash)).toBe(true);
    const v = await verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, count: await db.prisma.auditEvent.count() });
  });

  it('returns with a note, revises into version 2 and runs the chain again; the old hash is stale', async () => {
    const d = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.ntt' });
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash });
    const ret = await returnDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'karohukum.ntt', note: 'Perbaiki diktum KEDUA.' });
    expect(ret.state).toBe('returned');
    const step = await db.prisma.parafStep.findFirstOrThrow({ where: { documentId: d.documentId, position: 2 } });
    expect(step).toMatchObject({ state: 'returned', note: 'Perbaiki diktum KEDUA.' });
    // returned: submit again without revising is refused
    expect(await refusalCode(submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash }))).toBe('INVALID_STATE');
    const revised = await reviseDocument(db, {
      templatesDir,
      dataDir: db.dataDir,
      documentId: d.documentId,
      dataYaml: nttYaml.replace('perlu dibentuk Tim Kerja', 'perlu membentuk Tim Kerja'),
      username: 'perancang.ntt',
      baseContentHash: d.contentHash,
    });
    expect(revised.versionNo).toBe(2);
    const oldSteps = await db.prisma.parafStep.findMany({ where: { documentId: d.documentId }, orderBy: { position: 'asc' } });
    expect(oldSteps.map((s) => s.state)).toEqual(['done', 'returned', 'superseded']);
    expect(revised.contentHash).not.toBe(d.contentHash);
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', baseContentHash: revised.contentHash });
    const status = await getDocumentStatus(db, d.documentId);
    expect(status).toMatchObject({ versionNo: 2, state: 'in_paraf', currentPosition: 1 });
    expect(status.steps.every((s) => s.state === 'pending')).toBe(true);
    const before = await countRows(db);
    expect(await refusalCode(giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash }))).toBe('STALE_VERSION');
    expect(await countRows(db)).toEqual(before);
    await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', contentHash: revised.contentHash });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('accepts a Plh. whose delegation is valid now, recorded as acting for the official', async () => {
    const d = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.ntt' });
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash });
    const plh = await db.prisma.user.findUniqueOrThrow({ where: { username: 'plh.ntt' } });
    await createDelegation(db, { officialId: seed.officials['ntt.karohukum']!, delegateOfficialId: plh.officialId!, kind: 'plh', validFrom: new Date(Date.now() - 3600_000), validTo: new Date(Date.now() + 86400_000), actor: 'admin' });
    const r = await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'plh.ntt', contentHash: d.contentHash });
    expect(r.actingAs).toMatchObject({ officialId: seed.officials['ntt.karohukum'], actorOfficialId: plh.officialId, via: 'plh' });
    const step = await db.prisma.parafStep.findFirstOrThrow({ where: { documentId: d.documentId, position: 2 } });
    expect(step.actedByOfficialId).toBe(plh.officialId);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { documentId: d.documentId, action: 'paraf.given' }, orderBy: { seq: 'desc' } });
    expect(JSON.parse(event.detailsJson)).toMatchObject({ via: 'plh', position: 2 });
  });

  it('stores the paraf evidence the hook signs over the exact content hash; a failing signer writes nothing', async () => {
    const d = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.ntt' });
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    const calls: [string, string][] = [];
    const evidenceSigner = {
      async signContentHash(officialId: string, contentHash: string) {
        calls.push([officialId, contentHash]);
        return Buffer.from(`cms:${officialId}:${contentHash}`).toString('base64');
      },
    };
    const failing = {
      async signContentHash(): Promise<string> {
        throw new AppError('SIGNING_FAILED', 'kunci tidak dapat dibuka');
      },
    };
    const before = await countRows(db);
    expect(await refusalCode(giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash }, { evidenceSigner: failing }))).toBe('SIGNING_FAILED');
    expect(await countRows(db)).toEqual(before);
    await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', contentHash: d.contentHash }, { evidenceSigner });
    expect(calls).toEqual([[seed.officials['ntt.perancang'], d.contentHash]]);
    const step = await db.prisma.parafStep.findFirstOrThrow({ where: { documentId: d.documentId, position: 1 } });
    expect(Buffer.from(step.evidenceCms!, 'base64').toString()).toBe(`cms:${seed.officials['ntt.perancang']}:${d.contentHash}`);
    const status = await getDocumentStatus(db, d.documentId);
    expect(status.steps[0]!.hasEvidence).toBe(true);
  });

  it('routes the Bekasi instruksi along its template chain, refuses the signer inside a chain, and accepts the same chain named explicitly', async () => {
    const bekasiYaml = readFileSync(path.join(PROJECT_ROOT, 'examples', 'instruksi-walikota-bekasi-440-301.yaml'), 'utf8');
    const keys = ['bekasi.perancang', 'bekasi.kabaghukum', 'bekasi.asisten', 'bekasi.sekda'];
    const viaTemplate = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'instruksi-kepala-daerah', dataYaml: bekasiYaml, username: 'perancang.bekasi' });
    const row = await db.prisma.document.findUniqueOrThrow({ where: { id: viaTemplate.documentId } });
    expect(row.signerOfficialId).toBe(seed.officials['bekasi.walikota']);
    expect(row.klasifikasi).toBe('440');
    const submitted = await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: viaTemplate.documentId, username: 'perancang.bekasi', baseContentHash: viaTemplate.contentHash });
    expect(submitted.chain.map((s) => s.officialId)).toEqual(seed.chains.bekasi);
    let state = '';
    for (const k of keys) state = (await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: viaTemplate.documentId, username: seed.usernames[k]!, contentHash: viaTemplate.contentHash })).state;
    expect(state).toBe('ready_to_sign');

    const d = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'instruksi-kepala-daerah', dataYaml: bekasiYaml, username: 'perancang.bekasi' });
    const withSigner = [...seed.chains.bekasi, seed.officials['bekasi.walikota']!];
    expect(await refusalCode(submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.bekasi', baseContentHash: d.contentHash, chainOfficialIds: withSigner }))).toBe('CHAIN_INVALID');
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.bekasi', baseContentHash: d.contentHash, chainOfficialIds: seed.chains.bekasi });
    for (const k of keys) state = (await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: seed.usernames[k]!, contentHash: d.contentHash })).state;
    expect(state).toBe('ready_to_sign');
  });
});
