/**
 * The user's notifications as a page and API: the list (paged), the unread count, marking all read.
 * Imports the http modules and the notifications read model.
 */
import { z } from 'zod';
import { currentUser } from '../auth.ts';
import type { AppContext } from '../http-deps.ts';
import { limitOf, pagedSchema, PagingQuery } from '../paging.ts';
import { listNotifications, markAllRead, unreadCount } from '../read-models/notifications.ts';
import type { ApiRegistry, PageRoutes } from '../route-kit.ts';
import { notificationsView } from '../views/notification-views.ts';
import { redirectOk, sendPage, viewContext } from './page-response.ts';

const NotificationSchema = z.object({ id: z.string(), kind: z.string(), documentId: z.string().nullable(), text: z.string(), createdAt: z.string(), read: z.boolean(), emailStatus: z.string() });

export function registerNotificationRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  pages.get('/pemberitahuan', 'user', async (req, res) => {
    const user = currentUser(res);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await listNotifications(ctx.db, user.id, { limit: limitOf(undefined), cursor });
    await sendPage(ctx, req, res, { title: 'Pemberitahuan', active: 'pemberitahuan', body: notificationsView(viewContext(ctx, res), page.items, page.nextCursor, !cursor, await unreadCount(ctx.db, user.id)) });
  });
  pages.post('/pemberitahuan/dibaca', 'user', 'none', async (_req, res) => {
    await markAllRead(ctx.db, currentUser(res).id, ctx.clock());
    redirectOk(res, '/pemberitahuan', 'dibaca');
  });

  api.define(
    { method: 'get', path: '/notifications', summary: 'Pemberitahuan saya (berhalaman) dan jumlah yang belum dibaca', tag: 'akun', roles: 'user', query: PagingQuery, response: z.object({ ...pagedSchema(NotificationSchema), unread: z.number().int() }) },
    async ({ res, query }) => {
      const user = currentUser(res);
      const page = await listNotifications(ctx.db, user.id, { limit: limitOf(query.limit), cursor: query.cursor });
      return { nextCursor: page.nextCursor, unread: await unreadCount(ctx.db, user.id), items: page.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })) };
    },
  );
  api.define({ method: 'post', path: '/notifications/read', summary: 'Menandai semua pemberitahuan sudah dibaca', tag: 'akun', roles: 'user', response: z.object({ marked: z.number().int() }) }, async ({ res }) => ({
    marked: await markAllRead(ctx.db, currentUser(res).id, ctx.clock()),
  }));
}
