import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FAILURES } from '../src/http/login-throttle.ts';
import { SESSION_TTL_MS } from '../src/http/session.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';

const PASSWORD = 'rahasia-sekali-123';
let now = new Date('2026-03-24T02:00:00Z');
let h: Harness;

beforeAll(async () => {
  h = await startHarness('sqlite', { clock: () => now });
  for (const username of ['pengguna', 'sasaran', 'lain']) {
    await createUser(h.db, { username, displayName: username, password: PASSWORD, roles: ['drafter'], regions: ['prov-ntt'], actor: 'test' });
  }
}, 60_000);
afterAll(async () => h?.close());

describe('sessions', () => {
  it('logs out: the Session row is deleted and the old cookie no longer opens pages', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('pengguna', PASSWORD);
    const cookie = c.cookie('naskah_sid')!;
    expect(await h.db.prisma.session.count({ where: { user: { username: 'pengguna' } } })).toBe(1);
    const out = await c.postForm('/keluar', { _csrf: c.csrfToken });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/masuk?ok=keluar');
    expect(await h.db.prisma.session.count({ where: { user: { username: 'pengguna' } } })).toBe(0);
    const replay = await fetch(`${h.baseUrl}/api/v1/me`, { headers: { cookie: `naskah_sid=${cookie}` } });
    expect(replay.status).toBe(401);
  });

  it('expires a session after its lifetime and removes the row', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('pengguna', PASSWORD);
    expect((await c.fetch('/api/v1/me')).status).toBe(200);
    const saved = now;
    now = new Date(saved.getTime() + SESSION_TTL_MS + 1000);
    try {
      const page = await c.fetch('/');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/masuk?next=%2F');
      expect(await h.db.prisma.session.count({ where: { user: { username: 'pengguna' } } })).toBe(0);
    } finally {
      now = saved;
    }
  });

  it('follows only same-site paths after login (no open redirect)', async () => {
    for (const [next, expected] of [
      ['/dokumen?keadaan=draft', '/dokumen?keadaan=draft'],
      ['//contoh.example/jebakan', '/'],
      ['https://contoh.example/', '/'],
      ['/\\contoh.example', '/'],
    ] as const) {
      const c = new Client(h.baseUrl);
      const token = await c.formToken('/masuk');
      const res = await c.postForm('/masuk', { _csrf: token, username: 'lain', password: PASSWORD, next });
      expect(res.status, next).toBe(303);
      expect(res.headers.get('location'), next).toBe(expected);
    }
  });

  it(`refuses further logins for a username after ${MAX_FAILURES} wrong passwords, even with the right one`, async () => {
    const c = new Client(h.baseUrl);
    for (let i = 0; i < MAX_FAILURES; i++) expect((await c.apiLogin('sasaran', `salah-${i}-xxxxxxxx`)).status).toBe(401);
    const blocked = await c.apiLogin('sasaran', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const token = await c.formToken('/masuk');
    const form = await c.postForm('/masuk', { _csrf: token, username: 'sasaran', password: PASSWORD });
    expect(form.status).toBe(429);
    expect(await form.text()).toContain('Terlalu banyak percobaan masuk yang gagal');
    expect(c.cookie('naskah_sid')).toBeUndefined();
    const saved = now;
    now = new Date(saved.getTime() + 16 * 60 * 1000);
    try {
      expect((await c.apiLogin('sasaran', PASSWORD)).status).toBe(200);
    } finally {
      now = saved;
    }
  });
});
