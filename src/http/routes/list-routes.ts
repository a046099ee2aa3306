/**
 * Participant lists as pages and API: upload (streamed, bounded) to check or import, the stored lists
 * (paged), one list with its report and rows (paged), approval within the quota. Thin: parse, call the
 * bridge or a read model, render. Imports the http modules.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { currentUser, hasRole } from '../auth.ts';
import * as lists from '../bridge/lists.ts';
import { answeredPending, isPending, sendPending } from '../job-replies.ts';
import type { AppContext, SessionUser } from '../http-deps.ts';
import { limitOf, pagedSchema, PagingQuery } from '../paging.ts';
import { getParticipantList, listParticipantLists, listParticipantRows } from '../read-models/lists.ts';
import { formField, type ApiRegistry, type PageRoutes } from '../route-kit.ts';
import { uploadedFilesOf } from '../upload-body.ts';
import { approvedView, listsView, listView, rowsView } from '../views/list-views.ts';
import { sendPage, viewContext } from './page-response.ts';

const Program = z.enum(['pbpu-pemda', 'ppu-tkk']);
const ListSchema = z.object({
  id: z.string(),
  program: z.string(),
  year: z.number().int(),
  region: z.string().nullable(),
  fileName: z.string(),
  status: z.enum(['checked', 'approving', 'approved']).describe('diperiksa, sedang disetujui, disetujui'),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  approved: z.number().int().nullable().describe('baris yang disetujui (null sebelum persetujuan)'),
  outsideQuota: z.number().int().describe('baris diterima yang berada di luar kuota saat persetujuan'),
  alreadyApproved: z.number().int().describe('baris yang NIK-nya sudah disetujui di daftar lain pada program-tahun yang sama'),
  contentHash: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  approvedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
});
const IMPORTERS = ['drafter', 'admin'] as const;
/** Approval is a duty of its own (src/workflow/list-duties.ts): never the importer, admin does not stand in. */
const APPROVERS = ['approver'] as const;
const LIST_READERS = ['drafter', 'approver', 'admin'] as const;

function listJson(l: Awaited<ReturnType<typeof listParticipantLists>>['items'][number]) {
  const status: 'checked' | 'approving' | 'approved' = l.status === 'approved' || l.status === 'approving' ? l.status : 'checked';
  return { ...l, status, createdAt: l.createdAt.toISOString(), approvedAt: l.approvedAt?.toISOString() ?? null };
}

export function registerListRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  const requireFile = (req: Request) => {
    const file = uploadedFilesOf(req).find((f) => f.fieldName === 'file');
    if (!file || file.size === 0) throw new AppError('USAGE', 'Pilih berkas CSV atau XLSX yang akan diperiksa (kolom "file").', { field: 'file' });
    return file;
  };

  // --- pages -------------------------------------------------------------------------------------
  const listsPage = async (req: Request, res: Response, extra: { report?: lists.ParticipantReport; listId?: string } = {}) => {
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await listParticipantLists(ctx.db, currentUser(res), { limit: limitOf(undefined), cursor });
    await sendPage(ctx, req, res, {
      title: 'Daftar peserta',
      active: 'peserta',
      body: listsView(viewContext(ctx, res), {
        program: formField(req, 'program', 20),
        year: formField(req, 'tahun', 4) || String(ctx.clock().getUTCFullYear()),
        canImport: hasRole(currentUser(res), ...IMPORTERS),
        lists: page.items,
        nextCursor: page.nextCursor,
        isFirst: !cursor,
        report: extra.report,
        listId: extra.listId,
        maxUploadMb: Math.round(ctx.config.limits.uploadBytes / (1024 * 1024)),
        regions: currentUser(res).regions,
      }),
    });
  };
  pages.get('/peserta', LIST_READERS, (req, res) => listsPage(req, res));
  pages.post('/peserta', IMPORTERS, { upload: ['file'] }, async (req, res) => {
    const program = Program.safeParse(formField(req, 'program', 20));
    if (!program.success) throw new AppError('USAGE', 'Pilih program: pbpu-pemda atau ppu-tkk.', { field: 'program' });
    const file = requireFile(req);
    if (formField(req, 'aksi', 20) === 'periksa') {
      await listsPage(req, res, { report: await lists.checkParticipants(ctx, currentUser(res), { program: program.data, file }) });
      return;
    }
    const year = Number(formField(req, 'tahun', 4));
    if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new AppError('USAGE', 'Isi tahun program (mis. 2025).', { field: 'tahun' });
    const imported = await lists.importParticipantList(ctx, currentUser(res), { program: program.data, year, file, region: formField(req, 'wilayah', 100) || undefined });
    if (isPending(imported)) return sendPending(req, res, imported);
    await listsPage(req, res, { report: imported.report, listId: imported.listId });
  });

  const readList = async (user: SessionUser, id: string) => {
    const list = await getParticipantList(ctx.db, user, id);
    if (!list) throw new AppError('NOT_FOUND', 'Daftar peserta tidak ada.');
    return list;
  };

  pages.get('/peserta/:id', LIST_READERS, async (req, res) => {
    const user = currentUser(res);
    const list = await readList(currentUser(res), String(req.params.id));
    const stored = lists.ParticipantReportSchema.safeParse(list.report);
    const ownImport = list.createdById === user.id;
    const pending = list.status === 'checked' && list.accepted > 0;
    await sendPage(ctx, req, res, {
      title: `Daftar ${list.fileName}`,
      active: 'peserta',
      body: listView(viewContext(ctx, res), {
        list,
        report: stored.success ? { ...stored.data, file: list.fileName } : null,
        canApprove: pending && hasRole(user, ...APPROVERS) && !ownImport,
        approveBlocked: pending && ownImport && hasRole(user, ...APPROVERS) ? 'Daftar ini Anda impor sendiri; daftar harus disetujui petugas lain (pemisahan tugas).' : undefined,
      }),
    });
  });
  pages.get('/peserta/:id/baris', LIST_READERS, async (req, res) => {
    const list = await readList(currentUser(res), String(req.params.id));
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const page = await listParticipantRows(ctx.db, list, 100, cursor);
    await sendPage(ctx, req, res, { title: `Baris ${list.fileName}`, active: 'peserta', body: rowsView(viewContext(ctx, res), list, page.items, page.nextCursor, !cursor) });
  });
  pages.post('/peserta/:id/setujui', APPROVERS, 'form', async (req, res) => {
    const order = z.enum(['file', 'nama', 'nik', 'tanggal-lahir']).safeParse(formField(req, 'urutan', 20) || 'file');
    if (!order.success) throw new AppError('USAGE', 'Pilih urutan pengambilan: urutan berkas, nama, NIK atau tanggal lahir.', { field: 'urutan' });
    const r = await lists.approveParticipantList(ctx, currentUser(res), { listId: String(req.params.id), order: order.data });
    if (isPending(r)) return sendPending(req, res, r);
    await sendPage(ctx, req, res, { title: 'Daftar disetujui', active: 'peserta', body: approvedView(viewContext(ctx, res), r) });
  });

  // --- API ---------------------------------------------------------------------------------------
  api.define(
    {
      method: 'post',
      path: '/participants/check',
      summary: 'Memeriksa daftar peserta (CSV/XLSX) terhadap program; laporan per baris',
      tag: 'peserta',
      roles: IMPORTERS,
      body: z.object({ program: Program }),
      files: ['file'],
      response: lists.ParticipantReportSchema,
      errors: ['LIST_UNREADABLE', 'COLUMNS_MISSING', 'INPUT_TOO_LARGE'],
    },
    async ({ body, req, user }) => {
      const report = await lists.checkParticipants(ctx, user!, { program: body.program, file: requireFile(req) });
      return { ...report, issues: [...report.issues] };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/participant-lists',
      summary: 'Mengimpor daftar peserta: setiap baris dinilai, daftar dan laporannya disimpan',
      tag: 'peserta',
      roles: IMPORTERS,
      body: z.object({
        program: Program,
        year: z.coerce.number().int().min(2000).max(2999).describe('tahun program'),
        region: z.string().min(1).max(100).optional().describe('wilayah daftar; wajib bila pengguna bertugas di beberapa wilayah'),
      }),
      files: ['file'],
      response: z.object({ listId: z.string(), report: lists.ParticipantReportSchema }),
      status: 201,
      errors: ['LIST_UNREADABLE', 'COLUMNS_MISSING', 'INPUT_TOO_LARGE'],
    },
    async ({ body, req, res, user }) => {
      const out = await lists.importParticipantList(ctx, user!, { program: body.program, year: body.year, region: body.region, file: requireFile(req) });
      if (isPending(out)) return answeredPending(req, res, out);
      return { listId: out.listId, report: { ...out.report, issues: [...out.report.issues] } };
    },
  );

  api.define(
    {
      method: 'get',
      path: '/participant-lists',
      summary: 'Daftar peserta yang sudah diimpor (berhalaman)',
      tag: 'peserta',
      roles: LIST_READERS,
      query: PagingQuery.extend({ status: z.enum(['checked', 'approving', 'approved']).optional(), program: Program.optional() }),
      response: z.object({ ...pagedSchema(ListSchema), lists: z.array(ListSchema).describe('sama dengan items (nama lama)') }),
    },
    async ({ query, user }) => {
      const page = await listParticipantLists(ctx.db, user!, { limit: limitOf(query.limit), cursor: query.cursor, status: query.status, program: query.program });
      const items = page.items.map(listJson);
      return { nextCursor: page.nextCursor, items, lists: items };
    },
  );

  api.define(
    { method: 'get', path: '/participant-lists/:id', summary: 'Satu daftar peserta dengan laporannya', tag: 'peserta', roles: LIST_READERS, params: z.object({ id: z.string().min(1).max(100) }), response: ListSchema.extend({ report: z.unknown() }), errors: ['NOT_FOUND'] },
    async ({ params, user }) => {
      const { report, createdById: _c, ...l } = await readList(user!, params.id);
      return { ...listJson(l), report };
    },
  );

  api.define(
    {
      method: 'get',
      path: '/participant-lists/:id/rows',
      summary: 'Baris daftar peserta yang diterima (berhalaman)',
      tag: 'peserta',
      roles: LIST_READERS,
      params: z.object({ id: z.string().min(1).max(100) }),
      query: PagingQuery,
      response: z.object(pagedSchema(z.object({ rowNo: z.number().int(), nik: z.string(), nama: z.string(), tanggalLahir: z.string().nullable(), jenisKelamin: z.string().nullable(), approved: z.boolean() }))),
      errors: ['NOT_FOUND'],
    },
    async ({ params, query, user }) => {
      const list = await readList(user!, params.id);
      const page = await listParticipantRows(ctx.db, list, limitOf(query.limit), query.cursor);
      return { nextCursor: page.nextCursor, items: [...page.items] };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/participant-lists/:id/approve',
      summary: 'Menyetujui daftar dalam kuota program-tahun; daftar dibekukan (hash) untuk lampiran keputusan',
      tag: 'peserta',
      roles: APPROVERS,
      params: z.object({ id: z.string().min(1).max(100) }),
      body: z.object({ order: z.enum(['file', 'nama', 'nik', 'tanggal-lahir']).default('file') }),
      response: z.object({ listId: z.string(), capacity: z.number().int(), quotaLeft: z.number().int(), approved: z.number().int(), outsideQuota: z.number().int(), alreadyApproved: z.number().int(), contentHash: z.string(), listFile: z.string(), iuran: z.record(z.string(), z.unknown()) }),
      errors: ['NOT_FOUND', 'INVALID_STATE', 'QUOTA_EXCEEDED', 'FORBIDDEN'],
    },
    async ({ params, body, user, req, res }) => {
      const r = await lists.approveParticipantList(ctx, user!, { listId: params.id, order: body.order });
      if (isPending(r)) return answeredPending(req, res, r);
      return { listId: r.listId, capacity: r.capacity, quotaLeft: r.quotaLeft, approved: r.approved, outsideQuota: r.outsideQuota, alreadyApproved: r.alreadyApproved, contentHash: r.contentHash, listFile: r.listFile, iuran: { ...r.iuran } };
    },
  );
}
