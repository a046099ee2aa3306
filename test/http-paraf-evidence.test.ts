/**
 * Paraf through the web API by an official who holds a key: without the passphrase it is refused, with
 * a wrong one too (nothing written), with the right one the paraf carries a CMS over the content hash
 * that verifies against the development CA.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyParafEvidence } from '../src/verify/paraf-evidence.ts';
import { openKeystore } from '../src/sign/keystore.ts';
import { createOfficial } from '../src/use-cases/create-official.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';

const PASSWORD = 'rahasia-sekali-123';
const KEY_PASS = 'kunci-paraf-rahasia';

describe('paraf evidence from the web API', () => {
  let h: Harness;
  let officialId = '';
  let documentId = '';
  let hash = '';

  beforeAll(async () => {
    h = await startHarness();
    const official = await createOfficial(h.db, { jabatan: 'KEPALA BIRO HUKUM', name: 'Yohanes B. Talan', region: 'prov-ntt', actor: 'test' });
    officialId = official.id;
    await createUser(h.db, { username: 'karo', displayName: 'Karo Hukum', password: PASSWORD, roles: ['paraf'], officialId, actor: 'test' });
    // the rest of the template's chain in the region: the Perancang (the drafter, who initials first) and the Asisten
    const perancang = await createOfficial(h.db, { jabatan: 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', name: 'Maria G. Ndoen', region: 'prov-ntt', actor: 'test' });
    await createOfficial(h.db, { jabatan: 'ASISTEN PEMERINTAHAN DAN KESRA', name: 'Aloysius M. Bere', region: 'prov-ntt', actor: 'test' });
    await createUser(h.db, { username: 'drafter', displayName: 'Perancang', password: PASSWORD, roles: ['drafter', 'paraf'], officialId: perancang.id, actor: 'test' });
    await createOfficial(h.db, { jabatan: 'SEKRETARIS DAERAH', name: 'Kosmas D. Lana', region: 'prov-ntt', actor: 'test' });
    openKeystore(path.join(h.dataDir, 'keys')).createOfficialKey({ officialId, name: official.name, jabatan: official.jabatan }, KEY_PASS);
    const drafter = new Client(h.baseUrl);
    await drafter.apiLogin('drafter', PASSWORD);
    const dataYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8');
    ({ documentId, contentHash: hash } = (await (await drafter.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml })).json()) as { documentId: string; contentHash: string });
    const submitted = await drafter.api('POST', `/documents/${documentId}/submit`, { contentHash: hash });
    expect(submitted.status, await submitted.clone().text()).toBe(200);
    const first = await drafter.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash });
    expect(first.status, await first.clone().text()).toBe(200);
  }, 120_000);
  afterAll(async () => h?.close());

  it('refuses a paraf without the passphrase, or with a wrong one, and writes nothing', async () => {
    const karo = new Client(h.baseUrl);
    await karo.apiLogin('karo', PASSWORD);
    const events = await h.db.prisma.auditEvent.count();
    const none = await karo.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash });
    expect(none.status).toBe(400);
    const wrong = await karo.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash, passphrase: 'bukan-ini' });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('PASSPHRASE_WRONG');
    const step = await h.db.prisma.parafStep.findFirstOrThrow({ where: { documentId, officialId } });
    expect(step.state).toBe('pending');
    expect(await h.db.prisma.auditEvent.count()).toBe(events);
  });

  it('stores a CMS over the content hash, signed with the official key, when the passphrase is right', async () => {
    const karo = new Client(h.baseUrl);
    await karo.apiLogin('karo', PASSWORD);
    const res = await karo.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash, passphrase: KEY_PASS });
    expect(res.status).toBe(200);
    const step = await h.db.prisma.parafStep.findFirstOrThrow({ where: { documentId, officialId } });
    expect(step.state).toBe('done');
    const anchors = openKeystore(path.join(h.dataDir, 'keys')).trustAnchors();
    const evidence = verifyParafEvidence(new Uint8Array(Buffer.from(step.evidenceCms!, 'base64')), hash, anchors);
    expect(evidence.valid).toBe(true);
    expect(evidence.signerName).toBe('Yohanes B. Talan');
    expect(verifyParafEvidence(new Uint8Array(Buffer.from(step.evidenceCms!, 'base64')), '0'.repeat(64), anchors).valid).toBe(false);
  });
});
