import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';

let h: Harness;
const PASSWORD = 'rahasia-sekali-123';

beforeAll(async () => {
  h = await startHarness();
  await createUser(h.db, { username: 'perancang', displayName: 'Perancang Uji', password: PASSWORD, roles: ['drafter'], regions: ['prov-ntt'], actor: 'test' });
  await createUser(h.db, { username: 'tamu', displayName: 'Tanpa Peran', password: PASSWORD, roles: [], regions: ['prov-ntt'], actor: 'test' });
}, 60_000);
afterAll(async () => h?.close());

describe('health and documents of the API', () => {
  it('answers /healthz (liveness) with status ok', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document that lists the routes with their schemas', async () => {
    const res = await fetch(`${h.baseUrl}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const [p, m] of [
      ['/auth/login', 'post'],
      ['/tasks', 'get'],
      ['/documents', 'get'],
      ['/documents', 'post'],
      ['/documents/{id}', 'get'],
      ['/documents/{id}/paraf', 'post'],
      ['/documents/{id}/return', 'post'],
      ['/documents/{id}/sign', 'post'],
      ['/participants/check', 'post'],
      ['/archive', 'get'],
      ['/verify/{id}', 'get'],
      ['/verify', 'post'],
    ] as const) {
      expect(doc.paths[p]?.[m], `${m.toUpperCase()} ${p}`).toBeDefined();
    }
    expect(doc.paths['/documents/{id}/paraf']!.post!.requestBody!.content['application/json']!.schema.required).toContain('contentHash');
    // every {param} of a path is declared as a path parameter of each of its operations
    for (const [p, ops] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops as Record<string, { parameters?: { name: string; in: string }[]; responses?: object }>)) {
        const declared = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
        expect(declared, `${method} ${p}`).toEqual(names);
        expect(Object.keys(op.responses ?? {}), `${method} ${p}`).not.toHaveLength(0);
      }
    }
    expect(doc.paths['/participants/check']!.post!.requestBody!.content['multipart/form-data']!.schema.required).toEqual(['program', 'file']);
  });

  it('sends security headers on every response', async () => {
    const res = await fetch(`${h.baseUrl}/masuk`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('login', () => {
  it('logs in through the form with the CSRF token and shows Tugas saya with an httpOnly, sameSite=lax cookie', async () => {
    const c = new Client(h.baseUrl);
    const token = await c.formToken('/masuk');
    const res = await c.postForm('/masuk', { _csrf: token, username: 'perancang', password: PASSWORD, next: '/' });
    expect(res.status).toBe(303);
    const setCookie = res.headers.getSetCookie().find((l) => l.startsWith('naskah_sid='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const sessions = await h.db.prisma.session.findMany({ include: { user: true } });
    expect(sessions.map((s) => s.user.username)).toContain('perancang');
    // the cookie carries the token; the row is keyed by its hash
    expect(sessions.map((s) => s.id)).not.toContain(c.cookie('naskah_sid'));
    const home = await c.fetch('/');
    expect(home.status).toBe(200);
    const page = await home.text();
    expect(page).toContain('<h1>Tugas saya</h1>');
    expect(page).toContain('Perancang Uji');
  });

  it('refuses a wrong password with 401, sets no session and says what is wrong', async () => {
    const c = new Client(h.baseUrl);
    const before = await h.db.prisma.session.count();
    const token = await c.formToken('/masuk');
    const res = await c.postForm('/masuk', { _csrf: token, username: 'perancang', password: 'salah-salah-salah' });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('Nama pengguna atau kata sandi salah.');
    expect(c.cookie('naskah_sid')).toBeUndefined();
    expect(await h.db.prisma.session.count()).toBe(before);
    const api = await c.apiLogin('perancang', 'salah-salah-salah');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('redirects an anonymous visitor of a page to the login page and answers 401 on the API', async () => {
    const c = new Client(h.baseUrl);
    const page = await c.fetch('/dokumen');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/masuk?next=%2Fdokumen');
    const api = await c.fetch('/api/v1/tasks');
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('CSRF', () => {
  it('refuses a form POST without the CSRF token with 403 and writes nothing', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const docsBefore = await h.db.prisma.document.count();
    const auditBefore = await h.db.prisma.auditEvent.count();
    const res = await c.postForm('/dokumen', { kind: 'keputusan-kepala-daerah', dataYaml: 'judul: uji' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Token CSRF');
    expect(await h.db.prisma.document.count()).toBe(docsBefore);
    expect(await h.db.prisma.auditEvent.count()).toBe(auditBefore);
  });

  it('refuses a login form POST whose token belongs to another visitor', async () => {
    const a = new Client(h.baseUrl);
    const b = new Client(h.baseUrl);
    const tokenOfA = await a.formToken('/masuk');
    await b.formToken('/masuk');
    const res = await b.postForm('/masuk', { _csrf: tokenOfA, username: 'perancang', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(b.cookie('naskah_sid')).toBeUndefined();
  });

  it('refuses a cookie-authenticated API write without the X-CSRF-Token header', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const res = await c.fetch('/api/v1/documents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'x', dataYaml: 'a: 1' }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });
});

describe('roles', () => {
  it('refuses paraf to a user without the paraf role with 403, through the API and the form', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('tamu', PASSWORD);
    const hash = 'a'.repeat(64);
    const api = await c.api('POST', '/documents/nope/paraf', { contentHash: hash });
    expect(api.status).toBe(403);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('FORBIDDEN');
    expect(body.error.message).toContain('pemaraf');
    const form = await c.postForm('/dokumen/nope/paraf', { _csrf: c.csrfToken, contentHash: hash });
    expect(form.status).toBe(403);
  });

  it('refuses documents, previews and the archive to a user without any role', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('tamu', PASSWORD);
    for (const p of ['/api/v1/documents', '/api/v1/documents/x', '/api/v1/archive?text=tim', '/api/v1/documents/x/preview.pdf']) {
      const res = await c.fetch(p);
      expect(res.status, p).toBe(403);
    }
    for (const p of ['/dokumen', '/arsip']) expect((await c.fetch(p)).status, p).toBe(403);
    const home = await c.fetch('/');
    expect(home.status).toBe(200);
    expect(await home.text()).not.toContain('href="/arsip"');
  });

  it('escapes user text in pages', async () => {
    await createUser(h.db, { username: 'jahil', displayName: '<script>alert(1)</script>', password: PASSWORD, roles: [], regions: ['prov-ntt'], actor: 'test' });
    const c = new Client(h.baseUrl);
    await c.apiLogin('jahil', PASSWORD);
    const page = await (await c.fetch('/')).text();
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
