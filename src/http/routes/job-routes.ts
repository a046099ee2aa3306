/**
 * The jobs of the JSON API: GET /jobs/:id (state, progress, result or error of a job you submitted;
 * admins see every job), GET /jobs (yours, or with ?state=dead the dead-letter view — admins), and
 * POST /jobs/:id/retry (admin: a dead or refused job gets a new round of tries). Declared on the API
 * registry so they are in the OpenAPI document. Imports the API registry, auth, the job views.
 */
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { JOB_STATES, JOB_TYPES } from '../../jobs/job-types.ts';
import type { JobView } from '../../jobs/job-queue.ts';
import type { ApiRegistry } from '../api-route.ts';
import { ANY_ROLE } from '../auth.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';
import { jobJson } from '../job-replies.ts';

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

const isAdmin = (user: SessionUser | null): boolean => user?.roles.includes('admin') === true;

function visible(view: JobView | undefined, user: SessionUser | null): view is JobView {
  return view !== undefined && (isAdmin(user) || (user !== null && view.submittedBy === user.username));
}

export function defineJobRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.define(
    {
      method: 'get',
      path: '/jobs/:id',
      summary: 'Status pekerjaan latar: keadaan, kemajuan, hasil atau galat',
      tag: 'pekerjaan',
      roles: ANY_ROLE,
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
      summary: 'Pekerjaan latar Anda; admin: semua, dan dengan state=dead daftar pekerjaan yang gagal setelah percobaan terakhir',
      tag: 'pekerjaan',
      roles: ANY_ROLE,
      query: z.object({ state: z.enum(JOB_STATES).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
      response: z.object({ jobs: z.array(JobSchema) }),
    },
    async ({ query, user }) => {
      const jobs = await ctx.jobs.list({ ...(query.state ? { state: query.state } : {}), limit: query.limit ?? 50, ...(isAdmin(user) ? {} : { submittedBy: user!.username }) });
      return { jobs: jobs.map(jobJson) };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/jobs/:id/retry',
      summary: 'Admin: jalankan ulang pekerjaan yang mati (dead) atau ditolak',
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
        throw new AppError('INVALID_STATE', `Pekerjaan ${params.id} berstatus ${view.state}; hanya pekerjaan yang mati atau ditolak yang dapat diulang.`);
      }
      return jobJson((await ctx.jobs.get(params.id))!);
    },
  );
}
