import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDelegation, createOfficial } from '../src/use-cases/create-official.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { databases } from './support/databases.ts';

const PASSWORD = 'rahasia-sekali-123';
const REGION = 'prov-ntt';
// bottom-up order of paraf (the template lists the chain highest first)
const CHAIN = [
  { username: 'perancang-ahli', jabatan: 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', name: 'Perancang Ahli Muda' },
  { username: 'karo-hukum', jabatan: 'KEPALA BIRO HUKUM', name: 'Kepala Biro Hukum' },
  { username: 'asisten-1', jabatan: 'ASISTEN PEMERINTAHAN DAN KESRA', name: 'Asisten Pemerintahan' },
] as const;

describe.each(databases)('the paraf chain through the JSON API on $provider', ({ provider }) => {
  let h: Harness;
  const clients = new Map<string, Client>();

  async function login(username: string): Promise<Client> {
    const c = new Client(h.baseUrl);
    const res = await c.apiLogin(username, PASSWORD);
    expect(res.status).toBe(200);
    clients.set(username, c);
    return c;
  }

  beforeAll(async () => {
    h = await startHarness(provider);
    for (const step of CHAIN) {
      const official = await createOfficial(h.db, { jabatan: step.jabatan, name: step.name, region: REGION, actor: 'test' });
      await createUser(h.db, { username: step.username, displayName: step.name, password: PASSWORD, roles: ['paraf'], officialId: official.id, actor: 'test' });
    }
    const sekda = await createOfficial(h.db, { jabatan: 'SEKRETARIS DAERAH', name: 'Kosmas D. Lana', region: REGION, actor: 'test' });
    await createUser(h.db, { username: 'sekda', displayName: 'Sekretaris Daerah', password: PASSWORD, roles: ['signer'], officialId: sekda.id, actor: 'test' });
    await createUser(h.db, { username: 'drafter', displayName: 'Perancang', password: PASSWORD, roles: ['drafter'], regions: ['prov-ntt'], actor: 'test' });
  }, 60_000);
  afterAll(async () => h?.close());

  let documentId = '';
  let hash = '';

  it('drafts a document from the NTT example and submits it', async () => {
    const drafter = await login('drafter');
    const dataYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8');
    const created = await drafter.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml });
    expect(created.status).toBe(201);
    ({ documentId, contentHash: hash } = (await created.json()) as { documentId: string; contentHash: string });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const row = await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId }, include: { currentVersion: true } });
    expect(row.state).toBe('draft');
    expect(row.currentVersion?.contentHash).toBe(hash);

    const submitted = await drafter.api('POST', `/documents/${documentId}/submit`, { contentHash: hash });
    expect(submitted.status).toBe(200);
    expect(((await submitted.json()) as { state: string }).state).toBe('in_paraf');
  });

  it('refuses a paraf out of turn with 409 and records nothing', async () => {
    const karo = await login('karo-hukum');
    const auditBefore = await h.db.prisma.auditEvent.count();
    const res = await karo.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PARAF_OUT_OF_TURN');
    const steps = await h.db.prisma.parafStep.findMany({ where: { documentId } });
    expect(steps.every((s) => s.state === 'pending')).toBe(true);
    expect(await h.db.prisma.auditEvent.count()).toBe(auditBefore);
  });

  it('refuses a paraf on a stale content hash with 409', async () => {
    const first = await login(CHAIN[0].username);
    const res = await first.api('POST', `/documents/${documentId}/paraf`, { contentHash: 'b'.repeat(64) });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('STALE_VERSION');
  });

  it('shows each official the document in Tugas saya when it is their turn, and takes paraf in order', async () => {
    for (const [i, step] of CHAIN.entries()) {
      const c = clients.get(step.username) ?? (await login(step.username));
      const tasks = (await (await c.api('GET', '/tasks')).json()) as { tasks: { documentId: string; action: string; contentHash: string; position: number }[] };
      expect(tasks.tasks).toEqual([expect.objectContaining({ documentId, action: 'paraf', contentHash: hash })]);
      // the page shows the same task with a form bound to the hash
      const page = await (await c.fetch('/')).text();
      expect(page).toContain(`action="/dokumen/${documentId}/paraf"`);
      expect(page).toContain(`name="contentHash" value="${hash}"`);

      const res = await c.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { state: string };
      expect(body.state).toBe(i === CHAIN.length - 1 ? 'ready_to_sign' : 'in_paraf');

      // a second click changes nothing
      const again = await c.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash });
      expect(again.status).toBe(409);
    }
    const steps = await h.db.prisma.parafStep.findMany({ where: { documentId }, orderBy: { actedAt: 'asc' }, include: { official: true } });
    expect(steps.map((s) => [s.official.name, s.state, s.contentHash])).toEqual(CHAIN.map((s) => [s.name, 'done', hash]));
    const doc = (await (await clients.get('drafter')!.api('GET', `/documents/${documentId}`)).json()) as { state: string; parafDone: number; parafTotal: number };
    expect(doc).toMatchObject({ state: 'ready_to_sign', parafDone: 3, parafTotal: 3 });
    const audit = (await (await clients.get('drafter')!.api('GET', `/documents/${documentId}/audit`)).json()) as { events: { action: string; versionHash: string | null }[] };
    expect(audit.events.filter((e) => /paraf/i.test(e.action) && !/submit/i.test(e.action)).length).toBeGreaterThanOrEqual(3);
  });

  it('shows the signer the document to sign, without a return form', async () => {
    const sekda = await login('sekda');
    const tasks = (await (await sekda.api('GET', '/tasks')).json()) as { tasks: { documentId: string; action: string; contentHash: string }[] };
    expect(tasks.tasks).toEqual([expect.objectContaining({ documentId, action: 'sign', contentHash: hash })]);
    const page = await (await sekda.fetch('/')).text();
    expect(page).toContain(`action="/dokumen/${documentId}/tandatangani"`);
    expect(page).not.toContain(`action="/dokumen/${documentId}/kembalikan"`);
  });

  it('restarts the chain on a revision, refuses an edit on a stale hash, and lets an official return it with a note through the form', async () => {
    const drafter = clients.get('drafter')!;
    const current = (await (await drafter.api('GET', `/documents/${documentId}`)).json()) as { dataYaml: string };
    const edited = current.dataYaml.replace('tanggal: 2025-03-24', 'tanggal: 2025-03-25');
    expect(edited).not.toBe(current.dataYaml);
    const stale = await drafter.api('PUT', `/documents/${documentId}/data`, { dataYaml: edited, baseContentHash: 'c'.repeat(64) });
    expect(stale.status).toBe(409);
    const revised = await drafter.api('PUT', `/documents/${documentId}/data`, { dataYaml: edited, baseContentHash: hash });
    expect(revised.status).toBe(200);
    const v2 = (await revised.json()) as { contentHash: string; versionNo: number };
    expect(v2.versionNo).toBe(2);
    const row = await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(row.state).toBe('draft');
    // the old paraf is bound to the old hash: the signer no longer sees it
    const sekdaTasks = (await (await clients.get('sekda')!.api('GET', '/tasks')).json()) as { tasks: unknown[] };
    expect(sekdaTasks.tasks).toEqual([]);

    expect((await drafter.api('POST', `/documents/${documentId}/submit`, { contentHash: v2.contentHash })).status).toBe(200);
    const first = clients.get(CHAIN[0].username)!;
    const res = await first.postForm(`/dokumen/${documentId}/kembalikan`, { _csrf: first.csrfToken, contentHash: v2.contentHash, note: 'Perbaiki Mengingat angka 3.' });
    expect(res.status).toBe(303);
    const after = await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(after.state).toBe('returned');
    const step = await h.db.prisma.parafStep.findFirstOrThrow({ where: { documentId, state: 'returned' } });
    expect(step.note).toBe('Perbaiki Mengingat angka 3.');
    const drafterTasks = (await (await drafter.api('GET', '/tasks')).json()) as { tasks: { documentId: string; action: string }[] };
    expect(drafterTasks.tasks).toEqual([expect.objectContaining({ documentId, action: 'revise' })]);
  });

  it('shows the task to a registered Plh. and takes the paraf from them, recording who acted', async () => {
    const drafter = clients.get('drafter')!;
    const dataYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8').replace('tanggal: 2025-03-24', 'tanggal: 2025-03-26');
    const created = (await (await drafter.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml })).json()) as { documentId: string; contentHash: string };
    expect((await drafter.api('POST', `/documents/${created.documentId}/submit`, { contentHash: created.contentHash })).status).toBe(200);
    const first = clients.get(CHAIN[0].username)!;
    expect((await first.api('POST', `/documents/${created.documentId}/paraf`, { contentHash: created.contentHash })).status).toBe(200);

    // the Kepala Biro Hukum is away: a Plh. is registered for today
    const karo = await h.db.prisma.official.findFirstOrThrow({ where: { jabatan: CHAIN[1].jabatan } });
    const plh = await createOfficial(h.db, { jabatan: 'KEPALA BAGIAN PERUNDANG-UNDANGAN', name: 'Plh Kabag', region: REGION, actor: 'test' });
    await createUser(h.db, { username: 'plh-karo', displayName: 'Plh Kabag', password: PASSWORD, roles: ['paraf'], officialId: plh.id, actor: 'test' });
    const now = Date.now();
    await createDelegation(h.db, { officialId: karo.id, delegateOfficialId: plh.id, kind: 'plh', validFrom: new Date(now - 86_400_000), validTo: new Date(now + 86_400_000), actor: 'test' });

    const c = await login('plh-karo');
    const tasks = (await (await c.api('GET', '/tasks')).json()) as { tasks: { documentId: string; action: string; jabatan: string }[] };
    expect(tasks.tasks).toEqual([expect.objectContaining({ documentId: created.documentId, action: 'paraf', jabatan: CHAIN[1].jabatan })]);
    expect((await c.api('POST', `/documents/${created.documentId}/paraf`, { contentHash: created.contentHash })).status).toBe(200);
    const step = await h.db.prisma.parafStep.findFirstOrThrow({ where: { documentId: created.documentId, position: 2 } });
    expect(step).toMatchObject({ state: 'done', officialId: karo.id, actedByOfficialId: plh.id });
  });
});
