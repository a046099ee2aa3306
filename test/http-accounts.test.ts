/**
 * Accounts have a way out (issue 9 item 10): a user changes their password; an admin resets one (shown
 * once, to be changed at the next login), deactivates a user and ends their sessions — on the web, the
 * API and the CLI, each audited; failed logins slow down per account and client instead of locking the
 * rightful user out. SQLite and PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { createDatabase } from '../src/db/create-database.ts';
import { ACCOUNT_DELAY_MS, ACCOUNT_FREE, ACCOUNT_WINDOW_MS } from '../src/http/login-throttle.ts';
import { verifyPassword } from '../src/officials/password-hash.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { databases } from './support/databases.ts';

const PASSWORD = 'rahasia-sekali-123';
const NTT = 'prov-ntt';

async function auditActions(h: Harness, action: string): Promise<Record<string, unknown>[]> {
  const rows = await h.db.prisma.auditEvent.findMany({ where: { action }, orderBy: { seq: 'asc' } });
  return rows.map((r) => ({ actor: r.actor, ...(JSON.parse(r.detailsJson) as object) }));
}

describe.each(databases)('accounts on $provider', ({ provider }) => {
  let h: Harness;
  let now = new Date('2026-03-24T02:00:00Z');

  beforeAll(async () => {
    h = await startHarness(provider, { clock: () => now });
    await createUser(h.db, { username: 'admin', displayName: 'Admin', password: PASSWORD, roles: ['admin'], regions: [NTT], actor: 'test' });
    for (const username of ['maria', 'yohanes', 'sasaran']) {
      await createUser(h.db, { username, displayName: username.toUpperCase(), password: PASSWORD, roles: ['drafter'], regions: [NTT], actor: 'test' });
    }
  }, 60_000);
  afterAll(async () => h?.close());

  async function login(username: string, password = PASSWORD, address?: string): Promise<{ client: Client; status: number }> {
    const client = new Client(h.baseUrl);
    const res = await client.fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(address ? { 'x-forwarded-for': address } : {}) },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) client.csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
    return { client, status: res.status };
  }

  it('lets a user change their password on the web: a wrong current one is refused next to its field, the change ends their other sessions', async () => {
    const other = (await login('maria')).client;
    const { client } = await login('maria');
    const token = await client.formToken('/akun/kata-sandi');
    const wrong = await client.postForm('/akun/kata-sandi', { _csrf: token, kataSandiSekarang: 'bukan-ini-sandinya', kataSandiBaru: 'sandi-baru-maria-1', ulangi: 'sandi-baru-maria-1' });
    expect(wrong.status).toBe(400);
    const page = await wrong.text();
    expect(page).toMatch(/id="kataSandiSekarang-galat"[^>]*>Kata sandi sekarang salah/);
    const mismatch = await client.postForm('/akun/kata-sandi', { _csrf: token, kataSandiSekarang: PASSWORD, kataSandiBaru: 'sandi-baru-maria-1', ulangi: 'sandi-baru-maria-2' });
    expect(await mismatch.text()).toContain('Kedua isian kata sandi baru tidak sama');

    const ok = await client.postForm('/akun/kata-sandi', { _csrf: token, kataSandiSekarang: PASSWORD, kataSandiBaru: 'sandi-baru-maria-1', ulangi: 'sandi-baru-maria-1' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/akun?ok=kata-sandi');
    expect((await client.fetch('/api/v1/me')).status).toBe(200);
    expect((await other.fetch('/api/v1/me')).status).toBe(401);
    expect((await login('maria')).status).toBe(401);
    expect((await login('maria', 'sandi-baru-maria-1')).status).toBe(200);
    expect(await auditActions(h, 'user.password_changed')).toEqual([expect.objectContaining({ actor: 'maria', endedSessions: 1 })]);
  });

  it('lets an admin reset a password: shown once, every session of the user ends, and the user must choose a new one first', async () => {
    const victim = (await login('yohanes')).client;
    const admin = (await login('admin')).client;
    const yohanes = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'yohanes' } });
    const token = await admin.formToken(`/admin/pengguna/${yohanes.id}`);
    const res = await admin.postForm(`/admin/pengguna/${yohanes.id}/atur-ulang`, { _csrf: token });
    expect(res.status).toBe(200);
    const fresh = /id="kata-sandi-baru">([^<]+)</.exec(await res.text())![1]!;
    expect(fresh).toMatch(/^\S{16}$/);
    const row = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'yohanes' } });
    expect(await verifyPassword(fresh, row.passwordHash)).toBe(true);
    expect(row.mustChangePassword).toBe(true);
    expect((await victim.fetch('/api/v1/me')).status).toBe(401);
    // the page shows the password once: opening the user again does not
    expect(await (await admin.fetch(`/admin/pengguna/${yohanes.id}`)).text()).not.toContain(fresh);

    // logging in with it leads to the password change, and nothing else works until then
    const c = new Client(h.baseUrl);
    const loginToken = await c.formToken('/masuk');
    const form = await c.postForm('/masuk', { _csrf: loginToken, username: 'yohanes', password: fresh, next: '/dokumen' });
    expect(form.headers.get('location')).toBe('/akun/kata-sandi?ok=wajib-ganti');
    expect((await c.fetch('/dokumen')).headers.get('location')).toBe('/akun/kata-sandi?ok=wajib-ganti');
    const me = (await (await c.fetch('/api/v1/me')).json()) as { user: { mustChangePassword: boolean }; csrfToken: string };
    expect(me.user.mustChangePassword).toBe(true);
    c.csrfToken = me.csrfToken;
    expect((await c.api('GET', '/documents')).status).toBe(403);
    expect((await c.api('POST', '/account/password', { currentPassword: fresh, newPassword: 'pilihan-yohanes-9' })).status).toBe(200);
    expect((await c.api('GET', '/documents')).status).toBe(200);
    expect(await auditActions(h, 'user.password_reset')).toEqual([expect.objectContaining({ actor: 'admin', username: 'yohanes', endedSessions: 1 })]);
  });

  it('lets an admin end a user\'s sessions and deactivate them: the cookie stops working, logins and API tokens are refused, reactivation restores', async () => {
    const admin = (await login('admin')).client;
    const maria = (await login('maria', 'sandi-baru-maria-1')).client;
    const token = (await (await maria.api('POST', '/tokens', { name: 'skrip', scopes: ['baca'] })).json()) as { token: string };
    const target = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'maria' } });
    const open = await h.db.prisma.session.count({ where: { userId: target.id } });
    expect(open).toBeGreaterThan(0);
    const ended = await admin.api('POST', `/users/${target.id}/revoke-sessions`);
    expect(await ended.json()).toEqual({ ended: open });
    expect(await h.db.prisma.session.count({ where: { userId: target.id } })).toBe(0);
    expect((await maria.fetch('/api/v1/me')).status).toBe(401);

    const bearer = { authorization: `Bearer ${token.token}` };
    expect((await fetch(`${h.baseUrl}/api/v1/tasks`, { headers: bearer })).status).toBe(200);
    const pageToken = await admin.formToken(`/admin/pengguna/${target.id}`);
    const off = await admin.postForm(`/admin/pengguna/${target.id}/nonaktifkan`, { _csrf: pageToken });
    expect(off.status).toBe(303);
    expect((await login('maria', 'sandi-baru-maria-1')).status).toBe(401);
    expect((await fetch(`${h.baseUrl}/api/v1/tasks`, { headers: bearer })).status).toBe(401);
    // an admin cannot lock themselves out
    const self = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    expect((await admin.api('POST', `/users/${self.id}/deactivate`)).status).toBe(400);

    expect((await admin.api('POST', `/users/${target.id}/reactivate`)).status).toBe(200);
    expect((await login('maria', 'sandi-baru-maria-1')).status).toBe(200);
    expect((await auditActions(h, 'user.deactivated')).map((e) => e.username)).toEqual(['maria']);
    expect((await auditActions(h, 'user.reactivated')).map((e) => e.username)).toEqual(['maria']);
    expect((await auditActions(h, 'user.sessions_revoked')).map((e) => e.username)).toEqual(['maria']);
  });

  it('slows failed logins down per account and client: a stranger guessing elsewhere does not lock the rightful user out', async () => {
    const start = now;
    try {
      // one address guessing: after a few failures it is slowed (1 s, 2 s, 4 s, …) ...
      for (let i = 0; i < 3; i++) expect((await login('sasaran', `tebakan-${i}-xxxxxxxx`, '192.0.2.66')).status).toBe(401);
      const slowed = await login('sasaran', 'tebakan-3-xxxxxxxx', '192.0.2.66');
      expect(slowed.status).toBe(429);
      // ... while the rightful user at their own desk gets in at once
      expect((await login('sasaran', PASSWORD, '192.0.2.10')).status).toBe(200);

      // many addresses guessing the same account: everyone waits a few seconds after a failure, nobody is locked out
      now = new Date(now.getTime() + ACCOUNT_WINDOW_MS);
      for (let i = 0; i < ACCOUNT_FREE; i++) expect((await login('sasaran', `sebar-${i}-xxxxxxxxx`, `192.0.2.${100 + i}`)).status).toBe(401);
      // the next guess, from yet another address, must wait too
      expect((await login('sasaran', 'sebar-lagi-xxxxxxxxx', '192.0.2.200')).status).toBe(429);
      const waiting = new Client(h.baseUrl);
      const res = await waiting.fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.10' }, body: JSON.stringify({ username: 'sasaran', password: PASSWORD }) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(ACCOUNT_DELAY_MS / 1000);
      now = new Date(now.getTime() + ACCOUNT_DELAY_MS);
      expect((await login('sasaran', PASSWORD, '192.0.2.10')).status).toBe(200);
    } finally {
      now = start;
    }
  }, 60_000);
});

describe('naskah users (CLI)', () => {
  let dataDir: string;
  const out = { stdout: '', stderr: '' };

  async function cli(args: string[]): Promise<number> {
    out.stdout = '';
    out.stderr = '';
    return main(args, {
      stdout: new Writable({ write: (c, _e, done) => ((out.stdout += String(c)), done()) }),
      stderr: new Writable({ write: (c, _e, done) => ((out.stderr += String(c)), done()) }),
    });
  }

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-cli-users-'));
    process.env.NASKAH_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds, resets, deactivates, reactivates, ends sessions and changes a password, each audited', async () => {
    process.env.NASKAH_UJI_SANDI = 'sandi-admin-panjang-1';
    expect(await cli(['users', 'add', 'admin', '--name', 'Admin', '--roles', 'admin', '--password-env', 'NASKAH_UJI_SANDI', '--as', 'pemasang'])).toBe(0);
    expect(await cli(['users', 'add', 'dewi', '--name', 'Dewi', '--roles', 'drafter', '--regions', 'Kota Bekasi', '--email', 'dewi@bekasi.example', '--as', 'admin'])).toBe(0);
    const initial = /Kata sandi \(hanya ditampilkan sekali ini\): (\S+)/.exec(out.stdout)![1]!;
    expect(await cli(['users', 'reset-password', 'dewi', '--as', 'admin'])).toBe(0);
    const reset = /Kata sandi baru .*: (\S+)/.exec(out.stdout)![1]!;
    expect(reset).not.toBe(initial);
    process.env.NASKAH_UJI_LAMA = reset;
    process.env.NASKAH_UJI_BARU = 'pilihan-dewi-sendiri';
    expect(await cli(['users', 'passwd', 'dewi', '--current-env', 'NASKAH_UJI_LAMA', '--new-env', 'NASKAH_UJI_BARU'])).toBe(0);
    expect(await cli(['users', 'deactivate', 'dewi', '--as', 'dewi'])).toBe(1);
    expect(out.stderr).toContain('bukan admin');
    expect(await cli(['users', 'deactivate', 'dewi', '--as', 'admin'])).toBe(0);
    expect(await cli(['users', 'activate', 'dewi', '--as', 'admin'])).toBe(0);
    expect(await cli(['users', 'revoke-sessions', 'dewi', '--as', 'admin'])).toBe(0);
    expect(out.stdout).toContain('0 sesi diakhiri');
    expect(await cli(['users', 'set', 'dewi', '--as', 'admin', '--roles', 'drafter,paraf', '--email', ''])).toBe(0);
    expect(await cli(['users', 'list', '--json'])).toBe(0);
    const users = JSON.parse(out.stdout) as { username: string; roles: string; email: string | null; active: boolean }[];
    expect(users.find((u) => u.username === 'dewi')).toMatchObject({ roles: 'drafter,paraf', email: null, active: true });

    const db = await createDatabase({ databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, dataDir });
    try {
      const dewi = await db.prisma.user.findUniqueOrThrow({ where: { username: 'dewi' } });
      expect(await verifyPassword('pilihan-dewi-sendiri', dewi.passwordHash)).toBe(true);
      expect(dewi.mustChangePassword).toBe(false);
      const actions = (await db.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } })).map((e) => e.action);
      expect(actions).toEqual(['user.created', 'user.created', 'user.password_reset', 'user.password_changed', 'user.deactivated', 'user.reactivated', 'user.sessions_revoked', 'user.updated']);
    } finally {
      await db.close();
    }
  }, 60_000);
});
