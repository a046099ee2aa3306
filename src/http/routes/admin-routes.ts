/**
 * Admin pages and API: users (create, edit roles, regions and e-mail, reset a password, deactivate or
 * reactivate, end sessions), officials and Plt./Plh. delegations, webhooks and their delivery log.
 * Admins only. Thin: parse, call the use case, render. Imports the http modules and the use cases.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { ZoneDisplay } from '../../format/time-zone.ts';
import { DOCUMENT_EVENTS } from '../../events/document-events.ts';
import { generatePassword } from '../../officials/password-hash.ts';
import { createDelegation, createOfficial } from '../../use-cases/create-official.ts';
import { createUser } from '../../use-cases/create-user.ts';
import { resetPassword, revokeUserSessions, setUserActive, updateUser } from '../../use-cases/manage-user-account.ts';
import { createWebhook, listWebhooks, setWebhookActive } from '../../use-cases/manage-webhooks.ts';
import { USER_ROLES, type DelegationKind } from '../../workflow/paraf-state.ts';
import { currentUser } from '../auth.ts';
import { listRegions, zoneOfRegion } from '../bridge/templates.ts';
import type { AppContext } from '../http-deps.ts';
import { afterKeyset, decodeKeyset, keysetPage, limitOf, pagedSchema, PagingQuery } from '../paging.ts';
import { allOfficials, getUser, listDelegations, listOfficials, listUsers, type UserView } from '../read-models/users.ts';
import { formField, formFields, type ApiRegistry, type PageRoutes } from '../route-kit.ts';
import { adminHomeView, deliveriesView, officialsView, userView, usersView, webhooksView } from '../views/admin-views.ts';
import { redirectOk, sendPage, viewContext } from './page-response.ts';

const ADMIN = ['admin'] as const;

const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  regions: z.array(z.string()),
  email: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  officialId: z.string().nullable(),
  createdAt: z.string(),
  sessions: z.number().int(),
});

function userJson(u: UserView): z.input<typeof UserSchema> {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: [...u.roles], regions: [...u.regions], email: u.email, active: u.active, mustChangePassword: u.mustChangePassword, officialId: u.officialId, createdAt: u.createdAt.toISOString(), sessions: u.sessions };
}

/** A date picked in a form (YYYY-MM-DD) as the start or the end of that day in the region's zone. */
function dayInZone(text: string, zone: ZoneDisplay, end: boolean): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new AppError('USAGE', 'Isi tanggal mulai dan sampai (penanda tanggal).', { field: end ? 'sampai' : 'mulai' });
  const offset = { WIB: 7, WITA: 8, WIT: 9 }[zone.label];
  const utc = new Date(`${text}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);
  return new Date(utc.getTime() - offset * 3_600_000);
}

export function registerAdminRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  /** Regions an admin can assign: the region profiles (templates/daerah/), and any the admin already has. */
  const knownRegions = async (res: Response): Promise<string[]> => [...new Set([...listRegions(ctx).map((r) => r.id), ...currentUser(res).regions])].sort();
  const readUser = async (id: string) => {
    const u = await getUser(ctx.db, id, ctx.clock());
    if (!u) throw new AppError('NOT_FOUND', 'Pengguna itu tidak ada.');
    return u;
  };

  pages.get('/admin', ADMIN, async (req, res) => sendPage(ctx, req, res, { title: 'Admin', active: 'admin', body: adminHomeView() }));

  // --- users -------------------------------------------------------------------------------------
  const usersPage = async (req: Request, res: Response, extra: { created?: { username: string; password: string }; error?: string } = {}, status = 200) => {
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await listUsers(ctx.db, { limit: limitOf(undefined), cursor }, ctx.clock());
    await sendPage(
      ctx,
      req,
      res,
      { title: 'Pengguna', active: 'admin', body: usersView(viewContext(ctx, res), { users: page.items, nextCursor: page.nextCursor, isFirst: !cursor, regions: await knownRegions(res), officials: await allOfficials(ctx.db), ...extra }) },
      status,
    );
  };
  pages.get('/admin/pengguna', ADMIN, (req, res) => usersPage(req, res));
  pages.post('/admin/pengguna', ADMIN, 'form', async (req, res) => {
    const password = generatePassword();
    try {
      const user = await createUser(
        ctx.db,
        {
          username: formField(req, 'namaPengguna', 64).trim(),
          displayName: formField(req, 'namaTampilan', 200).trim(),
          password,
          roles: formFields(req, 'peran'),
          regions: formFields(req, 'daerah'),
          email: formField(req, 'surel', 254).trim() || null,
          officialId: formField(req, 'pejabat', 100) || null,
          mustChangePassword: true,
          actor: currentUser(res).username,
        },
        { now: ctx.clock },
      );
      await usersPage(req, res, { created: { username: user.username, password } }, 201);
    } catch (error) {
      if (error instanceof AppError && error.code === 'USAGE') return usersPage(req, res, { error: error.message }, 400);
      throw error;
    }
  });

  const userPage = async (req: Request, res: Response, extra: { newPassword?: string; error?: string } = {}, status = 200) => {
    const u = await readUser(String(req.params.id));
    await sendPage(
      ctx,
      req,
      res,
      { title: `Pengguna ${u.username}`, active: 'admin', body: userView(viewContext(ctx, res), { user: u, regions: await knownRegions(res), officials: await allOfficials(ctx.db), isSelf: u.id === currentUser(res).id, ...extra }) },
      status,
    );
  };
  pages.get('/admin/pengguna/:id', ADMIN, (req, res) => userPage(req, res));
  pages.post('/admin/pengguna/:id', ADMIN, 'form', async (req, res) => {
    try {
      await updateUser(
        ctx.db,
        {
          actor: currentUser(res).username,
          user: String(req.params.id),
          displayName: formField(req, 'namaTampilan', 200),
          roles: formFields(req, 'peran'),
          regions: formFields(req, 'daerah'),
          email: formField(req, 'surel', 254),
          officialId: formField(req, 'pejabat', 100) || null,
        },
        { now: ctx.clock },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'USAGE') return userPage(req, res, { error: error.message }, 400);
      throw error;
    }
    redirectOk(res, `/admin/pengguna/${encodeURIComponent(String(req.params.id))}`, 'pengguna-diubah');
  });
  pages.post('/admin/pengguna/:id/atur-ulang', ADMIN, 'none', async (req, res) => {
    const r = await resetPassword(ctx.db, { actor: currentUser(res).username, user: String(req.params.id) }, { now: ctx.clock });
    await userPage(req, res, { newPassword: r.password });
  });
  pages.post('/admin/pengguna/:id/nonaktifkan', ADMIN, 'none', async (req, res) => {
    await setUserActive(ctx.db, { actor: currentUser(res).username, user: String(req.params.id), active: false }, { now: ctx.clock });
    redirectOk(res, `/admin/pengguna/${encodeURIComponent(String(req.params.id))}`, 'nonaktif');
  });
  pages.post('/admin/pengguna/:id/aktifkan', ADMIN, 'none', async (req, res) => {
    await setUserActive(ctx.db, { actor: currentUser(res).username, user: String(req.params.id), active: true }, { now: ctx.clock });
    redirectOk(res, `/admin/pengguna/${encodeURIComponent(String(req.params.id))}`, 'aktif');
  });
  pages.post('/admin/pengguna/:id/akhiri-sesi', ADMIN, 'none', async (req, res) => {
    await revokeUserSessions(ctx.db, { actor: currentUser(res).username, user: String(req.params.id) }, { now: ctx.clock });
    redirectOk(res, `/admin/pengguna/${encodeURIComponent(String(req.params.id))}`, 'sesi');
  });

  // --- officials and delegations -------------------------------------------------------------------
  const officialsPage = async (req: Request, res: Response, error?: string) => {
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await listOfficials(ctx.db, { limit: limitOf(undefined), cursor });
    const delegations = await listDelegations(ctx.db, { limit: 100 });
    await sendPage(
      ctx,
      req,
      res,
      {
        title: 'Pejabat dan penunjukan',
        active: 'admin',
        body: officialsView(viewContext(ctx, res), { officials: page.items, allOfficials: await allOfficials(ctx.db), delegations: delegations.items, nextCursor: page.nextCursor, isFirst: !cursor, regions: await knownRegions(res), error }),
      },
      error ? 400 : 200,
    );
  };
  pages.get('/admin/pejabat', ADMIN, (req, res) => officialsPage(req, res));
  pages.post('/admin/pejabat', ADMIN, 'form', async (req, res) => {
    const jabatan = formField(req, 'jabatan', 200).trim();
    const name = formField(req, 'nama', 200).trim();
    if (!jabatan || !name) return officialsPage(req, res, 'Isi jabatan dan nama pejabat.');
    await createOfficial(
      ctx.db,
      { jabatan, name, nip: formField(req, 'nip', 30).trim() || null, rank: formField(req, 'pangkat', 100).trim() || null, unit: formField(req, 'unit', 200).trim() || null, region: formField(req, 'daerah', 200) || null, actor: currentUser(res).username },
      { now: ctx.clock },
    );
    redirectOk(res, '/admin/pejabat', 'pejabat');
  });
  pages.post('/admin/penunjukan', ADMIN, 'form', async (req, res) => {
    const kind = formField(req, 'jenis', 5);
    if (kind !== 'plt' && kind !== 'plh') return officialsPage(req, res, 'Pilih jenis penunjukan: Plt. atau Plh.');
    const officialId = formField(req, 'pejabat', 100);
    const official = await ctx.db.prisma.official.findUnique({ where: { id: officialId } });
    try {
      await createDelegation(
        ctx.db,
        {
          officialId,
          delegateOfficialId: formField(req, 'pengganti', 100),
          kind: kind as DelegationKind,
          validFrom: dayInZone(formField(req, 'mulai', 10), zoneOfRegion(ctx, official?.region), false),
          validTo: dayInZone(formField(req, 'sampai', 10), zoneOfRegion(ctx, official?.region), true),
          actor: currentUser(res).username,
        },
        { now: ctx.clock },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === 'USAGE') return officialsPage(req, res, error.message);
      throw error;
    }
    redirectOk(res, '/admin/pejabat', 'penunjukan');
  });

  // --- webhooks ----------------------------------------------------------------------------------
  const webhookRows = async (username: string) => {
    const hooks = await listWebhooks(ctx.db, username);
    return Promise.all(
      hooks.map(async (h) => ({
        ...h,
        pending: await ctx.db.prisma.webhookDelivery.count({ where: { webhookId: h.id, status: 'pending' } }),
        failed: await ctx.db.prisma.webhookDelivery.count({ where: { webhookId: h.id, status: 'failed' } }),
      })),
    );
  };
  const webhooksPage = async (req: Request, res: Response, created?: { url: string; secret: string }, error?: string) =>
    sendPage(ctx, req, res, { title: 'Webhook', active: 'admin', body: webhooksView(viewContext(ctx, res), await webhookRows(currentUser(res).username), created, error) }, error ? 400 : created ? 201 : 200);
  pages.get('/admin/webhook', ADMIN, (req, res) => webhooksPage(req, res));
  pages.post('/admin/webhook', ADMIN, 'form', async (req, res) => {
    try {
      const r = await createWebhook(ctx.db, { username: currentUser(res).username, url: formField(req, 'url', 2100), events: formFields(req, 'peristiwa') }, { now: ctx.clock });
      await webhooksPage(req, res, { url: r.webhook.url, secret: r.secret });
    } catch (error) {
      if (error instanceof AppError && error.code === 'USAGE') return webhooksPage(req, res, undefined, error.message);
      throw error;
    }
  });
  for (const [suffix, active] of [
    ['aktifkan', true],
    ['nonaktifkan', false],
  ] as const) {
    pages.post(`/admin/webhook/:id/${suffix}`, ADMIN, 'none', async (req, res) => {
      await setWebhookActive(ctx.db, { username: currentUser(res).username, webhookId: String(req.params.id), active }, { now: ctx.clock });
      redirectOk(res, '/admin/webhook', 'webhook');
    });
  }
  const deliveriesPage = async (webhookId: string, limit: number, cursor: string | undefined) => {
    const hook = await ctx.db.prisma.webhook.findUnique({ where: { id: webhookId } });
    if (!hook) throw new AppError('NOT_FOUND', 'Webhook itu tidak ada.');
    const rows = await ctx.db.prisma.webhookDelivery.findMany({
      where: { webhookId, ...afterKeyset('createdAt', decodeKeyset(cursor)) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit + 1,
    });
    return { hook, page: keysetPage(rows, limit, (d) => ({ at: d.createdAt, id: d.id })) };
  };
  pages.get('/admin/webhook/:id', ADMIN, async (req, res) => {
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const { hook, page } = await deliveriesPage(String(req.params.id), limitOf(undefined), cursor);
    await sendPage(ctx, req, res, { title: 'Log webhook', active: 'admin', body: deliveriesView(viewContext(ctx, res), hook, page.items, page.nextCursor, !cursor) });
  });

  // --- API ---------------------------------------------------------------------------------------
  const UserId = z.object({ id: z.string().min(1).max(100) });
  api.define(
    { method: 'get', path: '/users', summary: 'Pengguna (berhalaman)', tag: 'admin', roles: ADMIN, query: PagingQuery, response: z.object(pagedSchema(UserSchema)) },
    async ({ query }) => {
      const page = await listUsers(ctx.db, { limit: limitOf(query.limit), cursor: query.cursor }, ctx.clock());
      return { nextCursor: page.nextCursor, items: page.items.map(userJson) };
    },
  );
  api.define(
    {
      method: 'post',
      path: '/users',
      summary: 'Membuat pengguna (kata sandi awal acak, ditampilkan sekali, wajib diganti saat masuk)',
      tag: 'admin',
      roles: ADMIN,
      body: z.object({
        username: z.string().min(2).max(64),
        displayName: z.string().min(2).max(200),
        roles: z.array(z.enum(USER_ROLES)).max(6),
        regions: z.array(z.string().min(1).max(200)).max(50).default([]),
        email: z.string().max(254).optional(),
        officialId: z.string().max(100).nullable().optional(),
      }),
      response: z.object({ user: UserSchema, password: z.string() }),
      status: 201,
    },
    async ({ body, res }) => {
      const password = generatePassword();
      const created = await createUser(ctx.db, { ...body, password, mustChangePassword: true, officialId: body.officialId ?? null, email: body.email ?? null, actor: currentUser(res).username }, { now: ctx.clock });
      return { user: userJson((await getUser(ctx.db, created.id, ctx.clock()))!), password };
    },
  );
  api.define(
    { method: 'get', path: '/users/:id', summary: 'Satu pengguna', tag: 'admin', roles: ADMIN, params: UserId, response: UserSchema, errors: ['NOT_FOUND'] },
    async ({ params }) => userJson(await readUser(params.id)),
  );
  api.define(
    {
      method: 'put',
      path: '/users/:id',
      summary: 'Mengubah nama, peran, daerah, surel atau pejabat seorang pengguna',
      tag: 'admin',
      roles: ADMIN,
      params: UserId,
      body: z.object({
        displayName: z.string().max(200).optional(),
        roles: z.array(z.enum(USER_ROLES)).max(6).optional(),
        regions: z.array(z.string().min(1).max(200)).max(50).optional(),
        email: z.string().max(254).optional(),
        officialId: z.string().max(100).nullable().optional(),
      }),
      response: UserSchema,
      errors: ['NOT_FOUND'],
    },
    async ({ params, body, res }) => {
      const updated = await updateUser(ctx.db, { actor: currentUser(res).username, user: params.id, ...body }, { now: ctx.clock });
      return userJson(await readUser(updated.id));
    },
  );
  api.define(
    { method: 'post', path: '/users/:id/reset-password', summary: 'Mengatur ulang kata sandi (baru, acak, ditampilkan sekali); semua sesinya diakhiri', tag: 'admin', roles: ADMIN, params: UserId, response: z.object({ username: z.string(), password: z.string() }), errors: ['NOT_FOUND'] },
    async ({ params, res }) => resetPassword(ctx.db, { actor: currentUser(res).username, user: params.id }, { now: ctx.clock }),
  );
  for (const [suffix, active, summary] of [
    ['deactivate', false, 'Menonaktifkan pengguna: sesinya diakhiri, token API-nya berhenti bekerja'],
    ['reactivate', true, 'Mengaktifkan kembali pengguna'],
  ] as const) {
    api.define({ method: 'post', path: `/users/:id/${suffix}`, summary, tag: 'admin', roles: ADMIN, params: UserId, response: UserSchema, errors: ['NOT_FOUND', 'INVALID_STATE'] }, async ({ params, res }) => {
      await setUserActive(ctx.db, { actor: currentUser(res).username, user: params.id, active }, { now: ctx.clock });
      return userJson(await readUser(params.id));
    });
  }
  api.define(
    { method: 'post', path: '/users/:id/revoke-sessions', summary: 'Mengakhiri semua sesi pengguna', tag: 'admin', roles: ADMIN, params: UserId, response: z.object({ ended: z.number().int() }), errors: ['NOT_FOUND'] },
    async ({ params, res }) => ({ ended: await revokeUserSessions(ctx.db, { actor: currentUser(res).username, user: params.id }, { now: ctx.clock }) }),
  );

  const OfficialSchema = z.object({ id: z.string(), jabatan: z.string(), name: z.string(), nip: z.string().nullable(), region: z.string().nullable(), unit: z.string().nullable(), createdAt: z.string() });
  api.define(
    { method: 'get', path: '/officials', summary: 'Pejabat (berhalaman)', tag: 'admin', roles: ADMIN, query: PagingQuery, response: z.object(pagedSchema(OfficialSchema)) },
    async ({ query }) => {
      const page = await listOfficials(ctx.db, { limit: limitOf(query.limit), cursor: query.cursor });
      return { nextCursor: page.nextCursor, items: page.items.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })) };
    },
  );
  api.define(
    {
      method: 'post',
      path: '/officials',
      summary: 'Mendaftarkan pejabat',
      tag: 'admin',
      roles: ADMIN,
      body: z.object({ jabatan: z.string().min(2).max(200), name: z.string().min(2).max(200), nip: z.string().max(30).optional(), rank: z.string().max(100).optional(), unit: z.string().max(200).optional(), region: z.string().max(200).optional() }),
      response: OfficialSchema,
      status: 201,
    },
    async ({ body, res }) => {
      const o = await createOfficial(ctx.db, { ...body, actor: currentUser(res).username }, { now: ctx.clock });
      return { id: o.id, jabatan: o.jabatan, name: o.name, nip: o.nip, region: o.region, unit: o.unit, createdAt: o.createdAt.toISOString() };
    },
  );
  const DelegationSchema = z.object({ id: z.string(), kind: z.string(), official: z.string(), delegate: z.string(), validFrom: z.string(), validTo: z.string(), createdAt: z.string() });
  api.define(
    { method: 'get', path: '/delegations', summary: 'Penunjukan Plt./Plh. (berhalaman)', tag: 'admin', roles: ADMIN, query: PagingQuery, response: z.object(pagedSchema(DelegationSchema)) },
    async ({ query }) => {
      const page = await listDelegations(ctx.db, { limit: limitOf(query.limit), cursor: query.cursor });
      return { nextCursor: page.nextCursor, items: page.items.map((d) => ({ ...d, validFrom: d.validFrom.toISOString(), validTo: d.validTo.toISOString(), createdAt: d.createdAt.toISOString() })) };
    },
  );
  api.define(
    {
      method: 'post',
      path: '/delegations',
      summary: 'Mencatat penunjukan Plt./Plh.',
      tag: 'admin',
      roles: ADMIN,
      body: z.object({ officialId: z.string().max(100), delegateOfficialId: z.string().max(100), kind: z.enum(['plt', 'plh']), validFrom: z.string().datetime(), validTo: z.string().datetime() }),
      response: z.object({ id: z.string() }),
      status: 201,
    },
    async ({ body, res }) => {
      const d = await createDelegation(ctx.db, { ...body, validFrom: new Date(body.validFrom), validTo: new Date(body.validTo), actor: currentUser(res).username }, { now: ctx.clock });
      return { id: d.id };
    },
  );

  const WebhookSchema = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), regions: z.array(z.string()), active: z.boolean(), createdAt: z.string() });
  const hookJson = (h: { id: string; url: string; events: string; regions: string; active: boolean; createdAt: Date }) => ({
    id: h.id,
    url: h.url,
    events: h.events.split(','),
    regions: h.regions ? h.regions.split(',') : [],
    active: h.active,
    createdAt: h.createdAt.toISOString(),
  });
  api.define(
    { method: 'get', path: '/webhooks', summary: 'Webhook peristiwa dokumen', tag: 'integrasi', roles: ADMIN, query: PagingQuery, response: z.object(pagedSchema(WebhookSchema)) },
    async ({ res, query }) => {
      const all = await listWebhooks(ctx.db, currentUser(res).username);
      const limit = limitOf(query.limit);
      const start = query.cursor ? Math.max(0, all.findIndex((h) => h.id === query.cursor) + 1) : 0;
      const slice = all.slice(start, start + limit);
      return { nextCursor: start + limit < all.length ? (slice[slice.length - 1]?.id ?? null) : null, items: slice.map(hookJson) };
    },
  );
  api.define(
    {
      method: 'post',
      path: '/webhooks',
      summary: 'Membuat webhook; rahasia HMAC-nya ditampilkan sekali',
      tag: 'integrasi',
      roles: ADMIN,
      body: z.object({ url: z.string().min(8).max(2000), events: z.array(z.union([z.enum(DOCUMENT_EVENTS), z.literal('*')])).min(1) }),
      response: WebhookSchema.extend({ secret: z.string() }),
      status: 201,
    },
    async ({ body, res }) => {
      const r = await createWebhook(ctx.db, { username: currentUser(res).username, url: body.url, events: body.events }, { now: ctx.clock });
      return { ...hookJson(r.webhook), secret: r.secret };
    },
  );
  api.define(
    { method: 'post', path: '/webhooks/:id/active', summary: 'Menyalakan atau mematikan webhook', tag: 'integrasi', roles: ADMIN, params: z.object({ id: z.string().max(100) }), body: z.object({ active: z.boolean() }), response: z.object({ ok: z.literal(true) }), errors: ['NOT_FOUND'] },
    async ({ params, body, res }) => {
      await setWebhookActive(ctx.db, { username: currentUser(res).username, webhookId: params.id, active: body.active }, { now: ctx.clock });
      return { ok: true as const };
    },
  );
  const DeliverySchema = z.object({
    id: z.string(),
    event: z.string(),
    eventSeq: z.number().int(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    history: z.unknown(),
  });
  api.define(
    { method: 'get', path: '/webhooks/:id/deliveries', summary: 'Log pengiriman webhook (berhalaman, terbaru dahulu)', tag: 'integrasi', roles: ADMIN, params: z.object({ id: z.string().max(100) }), query: PagingQuery, response: z.object(pagedSchema(DeliverySchema)), errors: ['NOT_FOUND'] },
    async ({ params, query }) => {
      const { page } = await deliveriesPage(params.id, limitOf(query.limit), query.cursor);
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((d) => ({
          id: d.id,
          event: d.event,
          eventSeq: d.eventSeq,
          status: d.status as 'pending' | 'delivered' | 'failed',
          attempts: d.attempts,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          nextAttemptAt: d.nextAttemptAt.toISOString(),
          deliveredAt: d.deliveredAt?.toISOString() ?? null,
          createdAt: d.createdAt.toISOString(),
          history: JSON.parse(d.historyJson) as unknown,
        })),
      };
    },
  );
}
