/**
 * "Tugas saya" as a page (the home page) and as the API's task list, paged. Imports the tasks read
 * model, the keystore (whether a paraf needs a passphrase) and the views.
 */
import { z } from 'zod';
import { currentUser } from '../auth.ts';
import type { AppContext } from '../http-deps.ts';
import { decodeOffset, limitOf, offsetPage, pagedSchema, PagingQuery } from '../paging.ts';
import { listMyTasks } from '../read-models/tasks.ts';
import type { ApiRegistry, PageRoutes } from '../route-kit.ts';
import { tasksView } from '../views/task-views.ts';
import { sendPage, viewContext } from './page-response.ts';

const ChainStepSchema = z.object({
  position: z.number().int(),
  jabatan: z.string(),
  officialName: z.string(),
  state: z.string(),
  actedAt: z.string().nullable(),
  actedBy: z.string().nullable(),
  note: z.string().nullable(),
});

export const TaskSchema = z.object({
  documentId: z.string(),
  tentang: z.string(),
  kindId: z.string(),
  state: z.string(),
  action: z.enum(['paraf', 'sign', 'revise']),
  position: z.number().int().nullable(),
  jabatan: z.string().nullable(),
  contentHash: z.string(),
  versionNo: z.number().int(),
  chain: z.array(ChainStepSchema),
  returned: z.object({ jabatan: z.string(), officialName: z.string(), actedBy: z.string().nullable(), at: z.string(), note: z.string() }).nullable(),
});

export function registerTaskRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  api.define(
    {
      method: 'get',
      path: '/tasks',
      summary: 'Tugas saya: dokumen yang menunggu paraf, tanda tangan, atau perbaikan saya',
      tag: 'dokumen',
      roles: 'user',
      query: PagingQuery,
      response: z.object({ ...pagedSchema(TaskSchema), tasks: z.array(TaskSchema).describe('sama dengan items (nama lama)') }),
    },
    async ({ res, query }) => {
      const all = await listMyTasks(ctx.db, currentUser(res), ctx.clock());
      const offset = decodeOffset(query.cursor);
      const limit = limitOf(query.limit);
      const page = offsetPage(all.slice(offset, offset + limit), offset, limit, all.length);
      const items = page.items.map((t) => ({
        documentId: t.documentId,
        tentang: t.tentang,
        kindId: t.kindId,
        state: t.state,
        action: t.action,
        position: t.position,
        jabatan: t.jabatan,
        contentHash: t.contentHash,
        versionNo: t.versionNo,
        chain: t.chain.map((s) => ({ ...s, actedAt: s.actedAt?.toISOString() ?? null })),
        returned: t.returned ? { ...t.returned, at: t.returned.at.toISOString() } : null,
      }));
      return { nextCursor: page.nextCursor, items, tasks: items };
    },
  );

  pages.get('/', 'user', async (req, res) => {
    const user = currentUser(res);
    const all = await listMyTasks(ctx.db, user, ctx.clock());
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const offset = decodeOffset(cursor);
    const limit = limitOf(undefined);
    const page = offsetPage(all.slice(offset, offset + limit), offset, limit, all.length);
    const keystore = ctx.services.keystore;
    const cards = page.items.map((t) => ({ ...t, parafNeedsPassphrase: user.officialId !== null && keystore.hasOfficialKey(user.officialId) }));
    await sendPage(ctx, req, res, { title: 'Tugas saya', active: 'tugas', body: tasksView(viewContext(ctx, res), cards, page.nextCursor, offset === 0) });
  });
}
