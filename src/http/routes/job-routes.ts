/**
 * Long work through the job queue, as pages and API: /pekerjaan/:id (state and progress; refreshes
 * itself while running), /pekerjaan (my jobs, paged; admins also see the jobs that failed on their last
 * try and can run one again); GET /jobs/:id, GET /jobs (limit/cursor; ?state=dead for admins), POST
 * /jobs/:id/retry (admin), POST /jobs (archivists and admins: the archive extension, the only kind started
 * directly; the others start from their own actions). A job is visible to who submitted it and to admins. The pages that start long
 * work (sign, import, approve, large previews) answer "pending" through job-replies.ts and land here.
 * Imports the http modules and the job types.
 */
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import type { JobView } from '../../jobs/job-queue.ts';
import { JOB_STATES, JOB_TYPES, type JobState } from '../../jobs/job-types.ts';
import { currentUser, hasRole } from '../auth.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';
import { jobJson } from '../job-replies.ts';
import { afterKeyset, decodeKeyset, keysetPage, limitOf, pagedSchema, PagingQuery, type Paged } from '../paging.ts';
import type { ApiRegistry, PageRoutes } from '../route-kit.ts';
import { isRunning, jobsView, jobView } from '../views/job-views.ts';
import { sendPage, viewContext } from './page-response.ts';

const JobSchema = z.object({
  id: z.string(),
  type: z.enum(JOB_TYPES),
  label: z.string(),
  state: z.enum(JOB_STATES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  progress: z.object({ done: z.number(), total: z.number().optional(), unit: z.string().optional() }).nullable(),
  result: z.unknown(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  statusUrl: z.string(),
});

const isAdmin = (user: SessionUser | null): boolean => user !== null && hasRole(user, 'admin');

function visible(view: JobView | undefined, user: SessionUser | null): view is JobView {
  return view !== undefined && (isAdmin(user) || (user !== null && view.submittedBy === user.username));
}

/**
 * Jobs newest first, paged by a keyset on (createdAt, id) over the job record (both queues keep one row
 * per job), each then read through the queue for its current view.
 */
async function pageOfJobs(ctx: AppContext, filter: { readonly submittedBy?: string; readonly state?: JobState }, limit: number, cursor: string | undefined): Promise<Paged<JobView>> {
  const rows = await ctx.db.prisma.job.findMany({
    where: { AND: [afterKeyset('createdAt', decodeKeyset(cursor)), ...(filter.submittedBy ? [{ submittedBy: filter.submittedBy }] : []), ...(filter.state ? [{ state: filter.state }] : [])] },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: { id: true, createdAt: true },
  });
  const page = keysetPage(rows, limit, (r) => ({ at: r.createdAt, id: r.id }));
  const views = await Promise.all(page.items.map((r) => ctx.jobs.get(r.id)));
  return { nextCursor: page.nextCursor, items: views.filter((v): v is JobView => v !== undefined) };
}

export function registerJobRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  // --- pages -------------------------------------------------------------------------------------
  pages.get('/pekerjaan', 'user', async (req, res) => {
    const user = currentUser(res);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const mine = await pageOfJobs(ctx, { submittedBy: user.username }, limitOf(undefined), cursor);
    const dead = isAdmin(user) ? (await pageOfJobs(ctx, { state: 'dead' }, 100, undefined)).items : null;
    await sendPage(ctx, req, res, { title: 'Pekerjaan latar', body: jobsView(viewContext(ctx, res), { mine: mine.items, nextCursor: mine.nextCursor, isFirst: !cursor, dead }) });
  });
  pages.get('/pekerjaan/:id', 'user', async (req, res) => {
    const view = await ctx.jobs.get(String(req.params.id).slice(0, 100));
    if (!visible(view, currentUser(res))) throw new AppError('NOT_FOUND', 'Pekerjaan ini tidak ada (atau bukan milik Anda).');
    if (isRunning(view)) res.setHeader('Refresh', '2');
    await sendPage(ctx, req, res, { title: 'Pekerjaan latar', body: jobView(viewContext(ctx, res), view) });
  });
  pages.post('/pekerjaan/:id/ulang', ['admin'], 'none', async (req, res) => {
    const id = String(req.params.id).slice(0, 100);
    if (!(await ctx.jobs.retry(id))) throw new AppError('INVALID_STATE', 'Hanya pekerjaan yang gagal setelah percobaan terakhir atau ditolak yang dapat dijalankan ulang.');
    res.redirect(303, `/pekerjaan/${encodeURIComponent(id)}`);
  });

  // --- API ---------------------------------------------------------------------------------------
  api.define(
    {
      method: 'get',
      path: '/jobs/:id',
      summary: 'Status pekerjaan latar: keadaan, kemajuan, hasil atau galat',
      tag: 'pekerjaan',
      roles: 'user',
      params: z.object({ id: z.string().min(1).max(100) }),
      response: JobSchema,
      errors: ['NOT_FOUND'],
    },
    async ({ params, user }) => {
      const view = await ctx.jobs.get(params.id);
      if (!visible(view, user)) throw new AppError('NOT_FOUND', `Pekerjaan ${params.id} tidak ada (atau bukan milik Anda).`);
      return jobJson(view);
    },
  );

  api.define(
    {
      method: 'get',
      path: '/jobs',
      summary: 'Pekerjaan latar Anda (berhalaman); admin: semua, dan dengan state=dead pekerjaan yang gagal setelah percobaan terakhir',
      tag: 'pekerjaan',
      roles: 'user',
      query: PagingQuery.extend({ state: z.enum(JOB_STATES).optional() }),
      response: z.object({ ...pagedSchema(JobSchema), jobs: z.array(JobSchema).describe('sama dengan items') }),
    },
    async ({ query, user }) => {
      const page = await pageOfJobs(ctx, { ...(query.state ? { state: query.state } : {}), ...(isAdmin(user) ? {} : { submittedBy: user!.username }) }, limitOf(query.limit), query.cursor);
      const items = page.items.map(jobJson);
      return { nextCursor: page.nextCursor, items, jobs: items };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/jobs',
      summary: 'Arsiparis/admin: jalankan perpanjangan arsip (DSS dan stempel waktu dokumen baru) sebagai pekerjaan latar',
      tag: 'pekerjaan',
      roles: ['archivist', 'admin'],
      body: z.object({
        type: z.literal('archive.extend'),
        withinDays: z.number().int().min(0).max(36_500).optional(),
        documentIds: z.array(z.string().min(1).max(100)).max(1000).optional(),
      }),
      response: z.object({ job: JobSchema }),
      status: 201,
    },
    async ({ body, user }) => {
      const view = await ctx.jobs.submit(
        {
          type: 'archive.extend',
          payload: { username: user!.username, withinDays: body.withinDays ?? 365, ...(body.documentIds ? { documentIds: body.documentIds } : {}) },
          submittedBy: user!.username,
          key: 'archive.extend',
        },
        { waitMs: 0 },
      );
      return { job: jobJson(view) };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/jobs/:id/retry',
      summary: 'Admin: jalankan ulang pekerjaan yang gagal setelah percobaan terakhir atau ditolak',
      tag: 'pekerjaan',
      roles: ['admin'],
      params: z.object({ id: z.string().min(1).max(100) }),
      response: JobSchema,
      errors: ['NOT_FOUND', 'INVALID_STATE'],
    },
    async ({ params }) => {
      const view = await ctx.jobs.get(params.id);
      if (!view) throw new AppError('NOT_FOUND', `Pekerjaan ${params.id} tidak ada.`);
      if (!(await ctx.jobs.retry(params.id))) {
        throw new AppError('INVALID_STATE', `Pekerjaan ${params.id} berstatus ${view.state}; hanya pekerjaan yang gagal setelah percobaan terakhir atau ditolak yang dapat diulang.`);
      }
      return jobJson((await ctx.jobs.get(params.id))!);
    },
  );
}
