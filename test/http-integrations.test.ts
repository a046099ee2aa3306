/**
 * Integrations (issue 12): personal API tokens (hashed, scoped, revocable), paging of every API list
 * (limit and cursor), and webhooks for document events (HMAC-signed, retried with backoff, with a
 * delivery log). SQLite and PostgreSQL.
 */
import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfficial } from '../src/use-cases/create-official.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { databases } from './support/databases.ts';

const PASSWORD = 'rahasia-sekali-123';
const NTT = 'prov-ntt';
const KIND = 'keputusan-kepala-daerah';
const exampleYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8');

interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A receiver on loopback that answers the first `failures` requests with 500, then 200. */
async function startReceiver(failures: number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = received.length <= failures ? 500 : 200;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/naskah`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe.each(databases)('tokens, paging and webhooks on $provider', ({ provider }) => {
  let h: Harness;
  let now = new Date('2026-04-01T01:00:00Z');
  let drafter: Client;
  let admin: Client;

  beforeAll(async () => {
    h = await startHarness(provider, { clock: () => now, config: { webhooks: { retryBaseMs: 1000, maxAttempts: 4, timeoutMs: 2000 } } });
    await createUser(h.db, { username: 'perancang', displayName: 'Perancang', password: PASSWORD, roles: ['drafter'], regions: [NTT], actor: 'test' });
    await createUser(h.db, { username: 'admin', displayName: 'Admin', password: PASSWORD, roles: ['admin'], regions: [NTT], actor: 'test' });
    for (const [jabatan, name] of [
      ['PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', 'Perancang Ahli'],
      ['KEPALA BIRO HUKUM', 'Karo Hukum'],
      ['ASISTEN PEMERINTAHAN DAN KESRA', 'Asisten'],
      ['SEKRETARIS DAERAH', 'Sekda'],
    ] as const) {
      await createOfficial(h.db, { jabatan, name, region: NTT, actor: 'test' });
    }
    drafter = new Client(h.baseUrl);
    await drafter.apiLogin('perancang', PASSWORD);
    admin = new Client(h.baseUrl);
    await admin.apiLogin('admin', PASSWORD);
  }, 60_000);
  afterAll(async () => h?.close());

  it('issues a personal API token once, stores only its hash, and lets it act within its scopes without CSRF', async () => {
    const res = await drafter.api('POST', '/tokens', { name: 'skrip impor', scopes: ['baca'], expiresInDays: 30 });
    expect(res.status).toBe(201);
    const read = (await res.json()) as { token: string; id: string; prefix: string };
    expect(read.token).toMatch(/^nsk_[A-Za-z0-9_-]{43}$/);
    const row = await h.db.prisma.apiToken.findUniqueOrThrow({ where: { id: read.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(read.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(read.token);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    expect((await fetch(`${h.baseUrl}/api/v1/documents`, { headers: bearer(read.token) })).status).toBe(200);
    const refused = await fetch(`${h.baseUrl}/api/v1/documents`, { method: 'POST', headers: { ...bearer(read.token), 'content-type': 'application/json' }, body: JSON.stringify({ kind: KIND, dataYaml: exampleYaml }) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('tulis');

    const write = (await (await drafter.api('POST', '/tokens', { name: 'sistem dinsos', scopes: ['baca', 'tulis'] })).json()) as { token: string; id: string };
    const created = await fetch(`${h.baseUrl}/api/v1/documents`, { method: 'POST', headers: { ...bearer(write.token), 'content-type': 'application/json' }, body: JSON.stringify({ kind: KIND, dataYaml: exampleYaml }) });
    expect(created.status).toBe(201);
    const audit = await h.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'document.drafted' }, orderBy: { seq: 'desc' } });
    expect(audit.actor).toBe('perancang');
    // a token cannot mint tokens
    expect((await fetch(`${h.baseUrl}/api/v1/tokens`, { method: 'POST', headers: { ...bearer(write.token), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', scopes: ['baca'] }) })).status).toBe(403);
    expect((await h.db.prisma.apiToken.findUniqueOrThrow({ where: { id: write.id } })).lastUsedAt).not.toBeNull();

    // revoked and expired tokens stop working at once
    expect((await drafter.api('DELETE', `/tokens/${write.id}`)).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/api/v1/documents`, { headers: bearer(write.token) })).status).toBe(401);
    const saved = now;
    now = new Date(saved.getTime() + 31 * 86_400_000);
    try {
      expect((await fetch(`${h.baseUrl}/api/v1/documents`, { headers: bearer(read.token) })).status).toBe(401);
    } finally {
      now = saved;
    }
    expect((await fetch(`${h.baseUrl}/api/v1/documents`, { headers: bearer('nsk_tebakan') })).status).toBe(401);
    const list = (await (await drafter.api('GET', '/tokens')).json()) as { items: { id: string; revokedAt: string | null; prefix: string }[] };
    expect(list.items.find((t) => t.id === write.id)?.revokedAt).not.toBeNull();
    expect(list.items.every((t) => !('token' in t))).toBe(true);
    const actions = (await h.db.prisma.auditEvent.findMany({ where: { action: { startsWith: 'token.' } }, orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['token.created', 'token.created', 'token.revoked']);
  });

  it('pages every list with limit and cursor: each row once, in order, until nextCursor is null', async () => {
    for (let i = 0; i < 6; i++) {
      const yaml = exampleYaml.replace('tanggal: 2025-03-24', `tanggal: 2025-03-${10 + i}`);
      expect((await drafter.api('POST', '/documents', { kind: KIND, dataYaml: yaml })).status).toBe(201);
    }
    const collect = async (client: Client, pathName: string, key = 'id'): Promise<string[]> => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const sep = pathName.includes('?') ? '&' : '?';
        const res = await client.api('GET', `${pathName}${sep}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status, pathName).toBe(200);
        const body = (await res.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((x) => String(x[key])));
        cursor = body.nextCursor;
        if (!cursor) return seen;
      }
      throw new Error('paging did not end');
    };
    const docs = await collect(drafter, '/documents');
    const all = await h.db.prisma.document.findMany({ orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] });
    expect(docs).toEqual(all.map((d) => d.id));
    expect(await collect(drafter, `/documents/${all[0]!.id}/audit`, 'seq')).toHaveLength(await h.db.prisma.auditEvent.count({ where: { documentId: all[0]!.id } }));
    expect(new Set(await collect(admin, '/users')).size).toBe(await h.db.prisma.user.count());
    expect(new Set(await collect(admin, '/officials')).size).toBe(4);
    expect(new Set(await collect(drafter, '/templates', 'kind')).size).toBe(3);
    expect(await collect(drafter, '/tokens')).toHaveLength(2);
    const bad = await drafter.api('GET', '/documents?cursor=bukan-kursor');
    expect(bad.status).toBe(400);
    expect((await drafter.api('GET', '/documents?limit=1000')).status).toBe(400);
  });

  it('delivers document events to webhooks, HMAC-signed, retrying with doubling delays until one succeeds, with a delivery log', async () => {
    const receiver = await startReceiver(2);
    const dead = await startReceiver(1000);
    try {
      const created = await admin.api('POST', '/webhooks', { url: receiver.url, events: ['document.submitted'] });
      expect(created.status).toBe(201);
      const hook = (await created.json()) as { id: string; secret: string };
      const failing = (await (await admin.api('POST', '/webhooks', { url: dead.url, events: ['*'] })).json()) as { id: string };
      const other = (await (await admin.api('POST', '/webhooks', { url: receiver.url, events: ['document.signed'] })).json()) as { id: string };
      await h.events.runOnce(); // the cursors start at the present: history is not replayed

      const d = (await (await drafter.api('POST', '/documents', { kind: KIND, dataYaml: exampleYaml.replace('tanggal: 2025-03-24', 'tanggal: 2025-04-01') })).json()) as { documentId: string; contentHash: string };
      expect((await drafter.api('POST', `/documents/${d.documentId}/submit`, { contentHash: d.contentHash })).status).toBe(200);

      const start = now;
      try {
        await h.events.runOnce();
        expect(receiver.received).toHaveLength(1);
        let row = await h.db.prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
        expect(row).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, event: 'document.submitted' });
        expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(1000);
        await h.events.runOnce(); // not due yet: nothing sent
        expect(receiver.received).toHaveLength(1);
        now = new Date(now.getTime() + 1000);
        await h.events.runOnce();
        row = await h.db.prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
        expect(row).toMatchObject({ status: 'pending', attempts: 2 });
        expect(row.nextAttemptAt.getTime() - now.getTime()).toBe(2000);
        now = new Date(now.getTime() + 2000);
        await h.events.runOnce();
        expect(receiver.received).toHaveLength(3);
        row = await h.db.prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
        expect(row).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
        for (let i = 0; i < 4; i++) {
          now = new Date(now.getTime() + 8000);
          await h.events.runOnce();
        }
      } finally {
        now = start;
      }

      // each delivery is signed over "<t>.<body>" with the webhook's secret
      const last = receiver.received[2]!;
      const [t, mac] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(last.headers['x-naskah-signature']))!.slice(1) as [string, string];
      expect(createHmac('sha256', hook.secret).update(`${t}.${last.body}`).digest('hex')).toBe(mac);
      expect(createHmac('sha256', 'rahasia-lain').update(`${t}.${last.body}`).digest('hex')).not.toBe(mac);
      expect(last.headers['x-naskah-event']).toBe('document.submitted');
      const payload = JSON.parse(last.body) as { event: string; document: { id: string; kind: string; tentang: string; state: string }; actor: string; versionHash: string };
      expect(payload).toMatchObject({ event: 'document.submitted', actor: 'perancang', versionHash: d.contentHash, document: { id: d.documentId, kind: KIND, state: 'in_paraf' } });
      // the same delivery id on every retry, so a receiver can recognise repeats
      expect(new Set(receiver.received.map((r) => r.headers['x-naskah-delivery'])).size).toBe(1);

      const log = (await (await admin.api('GET', `/webhooks/${hook.id}/deliveries`)).json()) as { items: { status: string; attempts: number; history: { status: number | null }[] }[] };
      expect(log.items).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3 })]);
      expect(log.items[0]!.history.map((x) => x.status)).toEqual([500, 500, 200]);
      const failed = (await (await admin.api('GET', `/webhooks/${failing.id}/deliveries`)).json()) as { items: { event: string; status: string; attempts: number }[] };
      expect(failed.items.map((x) => [x.event, x.status, x.attempts])).toEqual(expect.arrayContaining([['document.submitted', 'failed', 4], ['document.drafted', 'failed', 4]]));
      expect(await h.db.prisma.webhookDelivery.count({ where: { webhookId: other.id } })).toBe(0);
      const page = await (await admin.fetch(`/admin/webhook/${hook.id}`)).text();
      expect(page).toContain('terkirim');
      expect(page).toContain('HTTP 200');
    } finally {
      await receiver.close();
      await dead.close();
    }
  }, 60_000);
});
