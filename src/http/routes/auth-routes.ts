/**
 * Sessions and the user's own account, as pages and API: log in and out, who am I, change my password,
 * end all my sessions, my personal API tokens (create, list, revoke). Thin: parse, call, render.
 * Imports the http modules and the account use cases.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { revokeUserSessions, changePassword } from '../../use-cases/manage-user-account.ts';
import { API_TOKEN_SCOPES, createApiToken, listApiTokens, revokeApiToken } from '../../use-cases/manage-api-tokens.ts';
import { USER_ROLES } from '../../workflow/paraf-state.ts';
import { currentUser } from '../auth.ts';
import type { AppContext } from '../http-deps.ts';
import { limitOf, pagedSchema, PagingQuery } from '../paging.ts';
import { formField, formFields, type ApiRegistry, type PageRoutes } from '../route-kit.ts';
import { logIn, logOut } from '../session.ts';
import { accountView, loginView, passwordView, tokensView } from '../views/account-views.ts';
import { redirectOk, sendPage, viewContext } from './page-response.ts';

export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  regions: z.array(z.string()),
  officialId: z.string().nullable(),
  mustChangePassword: z.boolean(),
});

const TokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

/** Only same-site paths after login (no open redirect). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) && value.length < 500 ? value : '/';
}

function clientAddress(req: { ip?: string | undefined }): string {
  return req.ip ?? 'tidak diketahui';
}

export function registerAuthRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  // --- API ---------------------------------------------------------------------------------------
  api.define(
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Masuk: membuat sesi (cookie naskah_sid) dan memberi token CSRF',
      tag: 'sesi',
      roles: 'public',
      body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1000) }),
      response: z.object({ user: UserSchema, csrfToken: z.string() }),
      errors: ['UNAUTHENTICATED', 'RATE_LIMITED'],
    },
    async ({ body, req, res }) => {
      const result = await logIn(ctx, res, body.username, body.password, clientAddress(req));
      if (!result) throw new AppError('UNAUTHENTICATED', 'Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi.');
      return { user: { ...result.user, roles: [...result.user.roles], regions: [...result.user.regions] }, csrfToken: result.csrfToken };
    },
  );

  api.define({ method: 'post', path: '/auth/logout', summary: 'Keluar: menghapus sesi', tag: 'sesi', roles: 'user', response: z.object({ ok: z.literal(true) }) }, async ({ res }) => {
    await logOut(ctx, res);
    return { ok: true as const };
  });

  api.define(
    { method: 'get', path: '/me', summary: 'Pengguna yang sedang masuk dan token CSRF-nya', tag: 'sesi', roles: 'user', response: z.object({ user: UserSchema, csrfToken: z.string() }) },
    async ({ res }) => {
      const user = currentUser(res);
      return { user: { ...user, roles: [...user.roles], regions: [...user.regions] }, csrfToken: res.locals.auth.csrfToken };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/account/password',
      summary: 'Mengganti kata sandi sendiri (sesi lain diakhiri)',
      tag: 'akun',
      roles: 'user',
      body: z.object({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(1).max(1000) }),
      response: z.object({ ok: z.literal(true) }),
      errors: ['USAGE'],
    },
    async ({ body, res }) => {
      const user = currentUser(res);
      await changePassword(ctx.db, { username: user.username, currentPassword: body.currentPassword, newPassword: body.newPassword, keepSessionId: res.locals.auth.sessionId }, { now: ctx.clock });
      return { ok: true as const };
    },
  );

  api.define(
    { method: 'get', path: '/tokens', summary: 'Token API milik saya', tag: 'akun', roles: 'user', query: PagingQuery, response: z.object(pagedSchema(TokenSchema)) },
    async ({ res, query }) => {
      const all = await listApiTokens(ctx.db, currentUser(res).id);
      const limit = limitOf(query.limit);
      const start = query.cursor ? Math.max(0, all.findIndex((t) => t.id === query.cursor) + 1) : 0;
      const slice = all.slice(start, start + limit);
      return {
        nextCursor: start + limit < all.length ? (slice[slice.length - 1]?.id ?? null) : null,
        items: slice.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          scopes: t.scopes.split(','),
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          expiresAt: t.expiresAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/tokens',
      summary: 'Membuat token API pribadi (ditampilkan sekali)',
      tag: 'akun',
      roles: 'user',
      body: z.object({ name: z.string().min(1).max(100), scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1), expiresInDays: z.number().int().min(1).max(3650).optional() }),
      response: z.object({ token: z.string(), id: z.string(), prefix: z.string(), scopes: z.array(z.string()), expiresAt: z.string().nullable() }),
      status: 201,
    },
    async ({ body, res }) => {
      if (res.locals.auth.via === 'token') throw new AppError('FORBIDDEN', 'Token API tidak dapat membuat token lain; buat token dari halaman Akun setelah masuk.');
      const created = await createApiToken(ctx.db, { username: currentUser(res).username, name: body.name, scopes: body.scopes, ...(body.expiresInDays ? { expiresInDays: body.expiresInDays } : {}) }, { now: ctx.clock });
      return { token: created.token, id: created.row.id, prefix: created.row.prefix, scopes: created.row.scopes.split(','), expiresAt: created.row.expiresAt?.toISOString() ?? null };
    },
  );

  api.define(
    { method: 'delete', path: '/tokens/:id', summary: 'Mencabut token API', tag: 'akun', roles: 'user', params: z.object({ id: z.string().min(1).max(100) }), response: z.object({ ok: z.literal(true) }), errors: ['NOT_FOUND', 'INVALID_STATE'] },
    async ({ params, res }) => {
      await revokeApiToken(ctx.db, { username: currentUser(res).username, tokenId: params.id }, { now: ctx.clock });
      return { ok: true as const };
    },
  );

  // --- pages -------------------------------------------------------------------------------------
  const loginPage = async (req: Request, res: Response, error?: string, status = 200) =>
    sendPage(ctx, req, res, {
      title: 'Masuk',
      active: 'masuk',
      body: loginView(viewContext(ctx, res), { next: safeNext(req.query.next ?? formField(req, 'next')), username: formField(req, 'username', 100), error }),
    }, status);

  pages.get('/masuk', 'public', (req, res) => loginPage(req, res));
  pages.post('/masuk', 'public', 'form', async (req, res) => {
    let result;
    try {
      result = await logIn(ctx, res, formField(req, 'username', 100), formField(req, 'password', 1000), clientAddress(req));
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') {
        const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (seconds) res.setHeader('Retry-After', String(seconds));
        return loginPage(req, res, error.message, 429);
      }
      throw error;
    }
    if (!result) return loginPage(req, res, 'Nama pengguna atau kata sandi salah.', 401);
    res.redirect(303, result.user.mustChangePassword ? '/akun/kata-sandi?ok=wajib-ganti' : safeNext(formField(req, 'next')));
  });
  pages.post('/keluar', 'user', 'none', async (_req, res) => {
    await logOut(ctx, res);
    res.redirect(303, '/masuk?ok=keluar');
  });

  pages.get('/akun', 'user', async (req, res) => {
    const user = currentUser(res);
    const row = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } });
    await sendPage(ctx, req, res, { title: 'Akun saya', active: 'akun', body: accountView(viewContext(ctx, res), user, row.email) });
  });

  pages.get('/akun/kata-sandi', 'user', async (req, res) => {
    await sendPage(ctx, req, res, { title: 'Ganti kata sandi', active: 'akun', body: passwordView(viewContext(ctx, res), { forced: currentUser(res).mustChangePassword }) });
  });
  pages.post('/akun/kata-sandi', 'user', 'form', async (req, res) => {
    const user = currentUser(res);
    const again = (error: string, field?: string) =>
      sendPage(ctx, req, res, { title: 'Ganti kata sandi', active: 'akun', body: passwordView(viewContext(ctx, res), { error, field, forced: user.mustChangePassword }) }, 400);
    const next = formField(req, 'kataSandiBaru', 1000);
    if (next !== formField(req, 'ulangi', 1000)) return again('Kedua isian kata sandi baru tidak sama; ketik ulang.', 'ulangi');
    try {
      await changePassword(ctx.db, { username: user.username, currentPassword: formField(req, 'kataSandiSekarang', 1000), newPassword: next, keepSessionId: res.locals.auth.sessionId }, { now: ctx.clock });
    } catch (error) {
      if (error instanceof AppError && error.code === 'USAGE') return again(error.message, error.location.field);
      throw error;
    }
    redirectOk(res, '/akun', 'kata-sandi');
  });

  pages.post('/akun/sesi', 'user', 'none', async (_req, res) => {
    const user = currentUser(res);
    await revokeUserSessions(ctx.db, { actor: user.username, user: user.id }, { now: ctx.clock });
    await logOut(ctx, res);
    res.redirect(303, '/masuk?ok=keluar');
  });

  const tokensPage = async (req: Request, res: Response, created?: { token: string; name: string }, error?: string) => {
    const tokens = await listApiTokens(ctx.db, currentUser(res).id);
    await sendPage(ctx, req, res, { title: 'Token API', active: 'akun', body: tokensView(viewContext(ctx, res), tokens, created, error) }, error ? 400 : created ? 201 : 200);
  };
  pages.get('/akun/token', 'user', (req, res) => tokensPage(req, res));
  pages.post('/akun/token', 'user', 'form', async (req, res) => {
    const days = formField(req, 'masa', 10).trim();
    try {
      const created = await createApiToken(
        ctx.db,
        { username: currentUser(res).username, name: formField(req, 'nama', 200), scopes: formFields(req, 'cakupan'), ...(days ? { expiresInDays: Number(days) } : {}) },
        { now: ctx.clock },
      );
      await tokensPage(req, res, { token: created.token, name: created.row.name });
    } catch (error) {
      if (error instanceof AppError && error.code === 'USAGE') return tokensPage(req, res, undefined, error.message);
      throw error;
    }
  });
  pages.post('/akun/token/:id/cabut', 'user', 'none', async (req, res) => {
    await revokeApiToken(ctx.db, { username: currentUser(res).username, tokenId: String(req.params.id) }, { now: ctx.clock });
    redirectOk(res, '/akun/token', 'token-dicabut');
  });
}
