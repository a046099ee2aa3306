/**
 * The JSON API under /api/v1: the same use cases as the pages, JSON in and out, each route declared
 * with its zod schemas (which also make /api/v1/openapi.json). Thin: validate, call, answer.
 * Imports the http modules (api-route, session, read models, bridge, openapi).
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../config/load-config.ts';
import type { ArchiveRecord } from '../../archive/search-archive.ts';
import { AppError } from '../../errors/app-error.ts';
import { USER_ROLES } from '../../workflow/paraf-state.ts';
import { ApiRegistry } from '../api-route.ts';
import { ANY_ROLE, currentUser } from '../auth.ts';
import type { AppContext } from '../http-deps.ts';
import { buildOpenApiDocument } from '../openapi.ts';
import { getDocumentDetail, getIssuedDocument, getPublicIssuedDocument, listDocuments, listMyTasks, listParticipantLists, searchArchive } from '../read-models.ts';
import { logIn, logOut } from '../session.ts';
import * as bridge from '../use-case-bridge.ts';
import { answeredPending, isPending } from '../job-replies.ts';
import { defineJobRoutes } from './job-routes.ts';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'harus sha256 heksadesimal 64 karakter');
const IdParams = z.object({ id: z.string().min(1).max(100).describe('id dokumen') });
const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  officialId: z.string().nullable(),
});
const StateResult = z.object({ documentId: z.string(), state: z.string() });
const DocumentSummarySchema = z.object({
  id: z.string(),
  kindId: z.string(),
  tentang: z.string(),
  state: z.enum(['draft', 'in_paraf', 'returned', 'ready_to_sign', 'signed']),
  number: z.string().nullable(),
  versionNo: z.number().int().nullable(),
  contentHash: z.string().nullable(),
  parafDone: z.number().int(),
  parafTotal: z.number().int(),
  updatedAt: z.string(),
});
const TaskSchema = z.object({
  documentId: z.string(),
  tentang: z.string(),
  kindId: z.string(),
  state: z.string(),
  action: z.enum(['paraf', 'sign', 'revise']),
  position: z.number().int().nullable(),
  jabatan: z.string().nullable(),
  contentHash: z.string(),
  versionNo: z.number().int(),
});
const ParafStepSchema = z.object({
  position: z.number().int(),
  jabatan: z.string(),
  officialName: z.string(),
  state: z.enum(['pending', 'done', 'returned']),
  actedAt: z.string().nullable(),
  actedBy: z.string().nullable(),
  note: z.string().nullable(),
  contentHash: z.string().nullable(),
});
const DocumentDetailSchema = DocumentSummarySchema.extend({
  drafter: z.string(),
  dataYaml: z.string().nullable(),
  parafSteps: z.array(ParafStepSchema),
  versions: z.array(z.object({ versionNo: z.number().int(), contentHash: z.string(), createdAt: z.string(), createdBy: z.string() })),
});
const AuditSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  versionHash: z.string().nullable(),
  details: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
const IssuedSchema = z.object({
  documentId: z.string(),
  kind: z.string(),
  number: z.string(),
  year: z.number().int(),
  date: z.string(),
  tentang: z.string(),
  signerName: z.string(),
  region: z.string().nullable(),
  pdfSha256: z.string(),
  status: z.enum(['berlaku', 'dicabut']),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
const ReportSchema = bridge.ParticipantReportSchema;
const ListSchema = z.object({
  id: z.string(),
  program: z.string(),
  year: z.number().int(),
  fileName: z.string(),
  status: z.enum(['checked', 'approved']),
  total: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  contentHash: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
});
const VerificationSchema = z.object({
  intact: z.boolean(),
  summary: z.string(),
  documentId: z.string().nullable(),
  number: z.string().nullable(),
  signerName: z.string().nullable(),
  status: z.string().nullable(),
  sha256: z.string(),
  details: z.unknown(),
});

function version(): string {
  try {
    return (JSON.parse(readFileSync(`${PROJECT_ROOT}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

function issuedView(d: ArchiveRecord): z.input<typeof IssuedSchema> {
  return { ...d, status: d.status === 'dicabut' ? 'dicabut' : 'berlaku' };
}

export function createApiRouter(ctx: AppContext): express.Router {
  const router = express.Router();
  const api = new ApiRegistry(router);

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
      const result = await logIn(ctx, res, body.username, body.password, req.ip ?? 'unknown');
      if (!result) throw new AppError('UNAUTHENTICATED', 'Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi.');
      return { user: { ...result.user, roles: [...result.user.roles] }, csrfToken: result.csrfToken };
    },
  );

  api.define(
    { method: 'post', path: '/auth/logout', summary: 'Keluar: menghapus sesi', tag: 'sesi', roles: [], response: z.object({ ok: z.literal(true) }) },
    async ({ res }) => {
      await logOut(ctx, res);
      return { ok: true as const };
    },
  );

  api.define(
    { method: 'get', path: '/me', summary: 'Pengguna yang sedang masuk dan token CSRF-nya', tag: 'sesi', roles: [], response: z.object({ user: UserSchema, csrfToken: z.string() }) },
    async ({ res }) => {
      const user = currentUser(res);
      return { user: { ...user, roles: [...user.roles] }, csrfToken: res.locals.auth.csrfToken };
    },
  );

  api.define(
    { method: 'get', path: '/tasks', summary: 'Tugas saya: dokumen yang menunggu paraf, tanda tangan, atau perbaikan saya', tag: 'dokumen', roles: [], response: z.object({ tasks: z.array(TaskSchema) }) },
    async ({ res }) => {
      const tasks = await listMyTasks(ctx.db, currentUser(res), ctx.clock());
      return { tasks: tasks.map(({ updatedAt: _u, ...t }) => t) };
    },
  );

  api.define(
    {
      method: 'get',
      path: '/documents',
      summary: 'Daftar dokumen dengan keadaan paraf',
      tag: 'dokumen',
      roles: ANY_ROLE,
      query: z.object({ state: z.enum(['draft', 'in_paraf', 'returned', 'ready_to_sign', 'signed']).optional() }),
      response: z.object({ documents: z.array(DocumentSummarySchema) }),
    },
    async ({ query, user }) => {
      const docs = await listDocuments(ctx.db, user!, { state: query.state });
      return { documents: docs.map((d) => ({ ...d, state: d.state as z.input<typeof DocumentSummarySchema>['state'], updatedAt: d.updatedAt.toISOString() })) };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/documents',
      summary: 'Membuat konsep dokumen dari data YAML',
      tag: 'dokumen',
      roles: ['drafter'],
      body: z.object({ kind: z.string().min(1).describe('jenis templat, mis. keputusan-kepala-daerah'), dataYaml: z.string().min(1).max(5_000_000) }),
      response: z.object({ documentId: z.string(), contentHash: z.string() }),
      status: 201,
    },
    async ({ body, user }) => bridge.draftDocument(ctx, user!, body),
  );

  api.define(
    { method: 'get', path: '/documents/:id', summary: 'Satu dokumen: versi kini, langkah paraf, riwayat versi', tag: 'dokumen', roles: ANY_ROLE, params: IdParams, response: DocumentDetailSchema, errors: ['NOT_FOUND'] },
    async ({ params, user }) => {
      const d = await getDocumentDetail(ctx.db, user!, params.id);
      if (!d) throw new AppError('NOT_FOUND', `Dokumen ${params.id} tidak ada.`);
      const steps = d.currentVersion?.parafSteps ?? [];
      return {
        id: d.id,
        kindId: d.kindId,
        tentang: d.tentang,
        state: d.state as z.input<typeof DocumentSummarySchema>['state'],
        number: d.number,
        versionNo: d.currentVersion?.versionNo ?? null,
        contentHash: d.currentVersion?.contentHash ?? null,
        parafDone: steps.filter((s) => s.state === 'done').length,
        parafTotal: steps.length,
        updatedAt: d.updatedAt.toISOString(),
        drafter: d.drafter.displayName,
        dataYaml: d.currentVersion?.dataYaml ?? null,
        parafSteps: steps.map((s) => ({
          position: s.position,
          jabatan: s.jabatan,
          officialName: s.official.name,
          state: s.state as 'pending' | 'done' | 'returned',
          actedAt: s.actedAt?.toISOString() ?? null,
          actedBy: s.actedByOfficial?.name ?? null,
          note: s.note,
          contentHash: s.contentHash,
        })),
        versions: d.versions.map((v) => ({ versionNo: v.versionNo, contentHash: v.contentHash, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy.displayName })),
      };
    },
  );

  api.define(
    {
      method: 'put',
      path: '/documents/:id/data',
      summary: 'Menyimpan data YAML baru: versi baru, rantai paraf dimulai lagi',
      tag: 'dokumen',
      roles: ['drafter'],
      params: IdParams,
      body: z.object({ dataYaml: z.string().min(1).max(5_000_000), baseContentHash: Sha256.describe('hash versi yang diubah (menolak perubahan di atas versi usang)') }),
      response: z.object({ contentHash: z.string(), versionNo: z.number().int() }),
      errors: ['NOT_FOUND', 'STALE_VERSION', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => bridge.reviseDocument(ctx, user!, { documentId: params.id, ...body }),
  );

  const ActionBody = z.object({ contentHash: Sha256.describe('hash isi versi yang ditampilkan kepada pengguna') });
  api.define(
    {
      method: 'post',
      path: '/documents/:id/submit',
      summary: 'Mengajukan konsep untuk paraf hierarki (rantai bawaan templat, atau chainOfficialIds berurutan)',
      tag: 'paraf',
      roles: ['drafter'],
      params: IdParams,
      body: ActionBody.extend({
        chainOfficialIds: z.array(z.string().min(1)).max(20).optional().describe('id pejabat dalam urutan paraf (yang pertama memaraf lebih dulu); wajib bila templat tidak menyebut rantai'),
      }),
      response: StateResult,
      errors: ['NOT_FOUND', 'STALE_VERSION', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => ({ documentId: params.id, ...(await bridge.submitDocument(ctx, user!, { documentId: params.id, ...body })) }),
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/paraf',
      summary: 'Memberi paraf pada versi dengan hash ini (hanya pejabat yang gilirannya); dengan passphrase, paraf ditandatangani kunci pejabat sebagai bukti',
      tag: 'paraf',
      roles: ['paraf'],
      params: IdParams,
      body: ActionBody.extend({ passphrase: z.string().max(1000).optional() }),
      response: StateResult, errors: ['NOT_FOUND', 'PARAF_OUT_OF_TURN', 'STALE_VERSION', 'INVALID_STATE'] },
    async ({ params, body, user }) => ({ documentId: params.id, ...(await bridge.giveParaf(ctx, user!, { documentId: params.id, ...body })) }),
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/return',
      summary: 'Mengembalikan dokumen kepada perancang dengan catatan (pejabat yang gilirannya paraf)',
      tag: 'paraf',
      roles: ['paraf'],
      params: IdParams,
      body: ActionBody.extend({ note: z.string().trim().min(1, 'catatan wajib diisi').max(4000) }),
      response: StateResult,
      errors: ['NOT_FOUND', 'PARAF_OUT_OF_TURN', 'STALE_VERSION', 'INVALID_STATE'],
    },
    async ({ params, body, user }) => ({ documentId: params.id, ...(await bridge.returnDocument(ctx, user!, { documentId: params.id, ...body })) }),
  );
  api.define(
    {
      method: 'post',
      path: '/documents/:id/sign',
      summary: 'Menandatangani: nomor dan tanggal ditetapkan, PDF ditandatangani (PAdES) dan diarsipkan',
      tag: 'paraf',
      roles: ['signer'],
      params: IdParams,
      body: ActionBody.extend({ passphrase: z.string().max(1000).optional() }),
      response: StateResult.extend({ number: z.string() }),
      errors: ['NOT_FOUND', 'STALE_VERSION', 'INVALID_STATE', 'NUMBER_CONFLICT'],
    },
    async ({ params, body, user, req, res }) => {
      const out = await bridge.signDocument(ctx, user!, { documentId: params.id, ...body });
      if (isPending(out)) return answeredPending(req, res, out);
      return { documentId: params.id, ...out };
    },
  );

  for (const format of ['pdf', 'docx'] as const) {
    api.define(
      {
        method: 'get',
        path: `/documents/:id/preview.${format}`,
        summary: `Pratinjau ${format.toUpperCase()} versi kini`,
        tag: 'dokumen',
        roles: ANY_ROLE,
        params: IdParams,
        response: z.unknown(),
        produces: [format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
        errors: ['NOT_FOUND'],
      },
      async ({ params, user, req, res }) => {
        const out = await bridge.renderCurrentVersion(ctx, user!, params.id, format);
        if (isPending(out)) return answeredPending(req, res, out);
        return {
          kind: 'binary' as const,
          mediaType: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          fileName: out.fileName,
          reader: out.reader,
          inline: format === 'pdf',
        };
      },
    );
  }

  api.define(
    { method: 'get', path: '/documents/:id/audit', summary: 'Jejak audit dokumen (rantai hash)', tag: 'dokumen', roles: ANY_ROLE, params: IdParams, response: z.object({ events: z.array(AuditSchema) }), errors: ['NOT_FOUND'] },
    async ({ params }) => {
      const events = await ctx.db.prisma.auditEvent.findMany({ where: { documentId: params.id }, orderBy: { seq: 'asc' } });
      return {
        events: events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), actor: e.actor, action: e.action, versionHash: e.versionHash, details: safeJson(e.detailsJson), prevHash: e.prevHash, hash: e.hash })),
      };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/participants/check',
      summary: 'Memeriksa daftar peserta (CSV/XLSX) terhadap program; laporan per baris',
      tag: 'peserta',
      roles: ['drafter', 'admin'],
      body: z.object({ program: z.enum(['pbpu-pemda', 'ppu-tkk']) }),
      files: ['file'],
      response: ReportSchema,
      errors: ['LIST_UNREADABLE', 'COLUMNS_MISSING'],
    },
    async ({ body, files, user }) => {
      const file = files[0];
      if (!file) throw new AppError('USAGE', 'Lampirkan berkas CSV atau XLSX pada kolom "file".');
      const report = await bridge.checkParticipants(ctx, user!, { program: body.program, fileName: file.originalName, bytes: file.bytes });
      return { ...report, issues: [...report.issues] };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/participant-lists',
      summary: 'Mengimpor daftar peserta: setiap baris dinilai, daftar dan laporannya disimpan',
      tag: 'peserta',
      roles: ['drafter', 'admin'],
      body: z.object({ program: z.enum(['pbpu-pemda', 'ppu-tkk']), year: z.coerce.number().int().min(2000).max(2999).describe('tahun program') }),
      files: ['file'],
      response: z.object({ listId: z.string(), report: ReportSchema }),
      status: 201,
      errors: ['LIST_UNREADABLE', 'COLUMNS_MISSING'],
    },
    async ({ body, files, user, req, res }) => {
      const file = files[0];
      if (!file) throw new AppError('USAGE', 'Lampirkan berkas CSV atau XLSX pada kolom "file".');
      const out = await bridge.importParticipantList(ctx, user!, { program: body.program, year: body.year, fileName: file.originalName, bytes: file.bytes });
      if (isPending(out)) return answeredPending(req, res, out);
      return { listId: out.listId, report: { ...out.report, issues: [...out.report.issues] } };
    },
  );

  api.define(
    { method: 'get', path: '/participant-lists', summary: 'Daftar peserta yang sudah diimpor', tag: 'peserta', roles: ['drafter', 'admin'], response: z.object({ lists: z.array(ListSchema) }) },
    async ({ user }) => ({
      lists: (await listParticipantLists(ctx.db, user!)).map((l) => ({ ...l, status: l.status === 'approved' ? ('approved' as const) : ('checked' as const), createdAt: l.createdAt.toISOString() })),
    }),
  );

  api.define(
    {
      method: 'get',
      path: '/archive',
      summary: 'Cari dokumen terbit: nomor, tahun, NIK di lampiran, kata dalam judul',
      tag: 'arsip',
      roles: ANY_ROLE,
      query: z.object({
        number: z.string().max(100).optional(),
        year: z.coerce.number().int().min(1945).max(2999).optional(),
        nik: z.string().regex(/^\d{16}$/, 'NIK 16 digit').optional(),
        text: z.string().max(200).optional(),
      }),
      response: z.object({ results: z.array(IssuedSchema) }),
    },
    async ({ query, user }) => ({ results: (await searchArchive(ctx.db, user!, query)).map(issuedView) }),
  );

  api.define(
    {
      method: 'get',
      path: '/archive/:id/pdf',
      summary: 'Unduh PDF bertanda tangan dokumen terbit',
      tag: 'arsip',
      roles: ANY_ROLE,
      params: IdParams,
      response: z.unknown(),
      produces: ['application/pdf'],
      errors: ['NOT_FOUND'],
    },
    async ({ params, user }) => {
      const out = await bridge.downloadIssuedPdf(ctx, user!, params.id);
      return { kind: 'binary' as const, mediaType: 'application/pdf', fileName: out.fileName, reader: out.reader };
    },
  );

  api.define(
    { method: 'get', path: '/verify/:id', summary: 'Status publik dokumen terbit (tujuan kode QR)', tag: 'verifikasi', roles: 'public', params: IdParams, response: IssuedSchema, errors: ['NOT_FOUND'] },
    async ({ params }) => {
      const d = await getPublicIssuedDocument(ctx.db, params.id);
      if (!d) throw new AppError('NOT_FOUND', 'Dokumen ini tidak terdaftar sebagai dokumen terbit di sistem ini.');
      return issuedView(d);
    },
  );

  api.define(
    { method: 'post', path: '/verify', summary: 'Memverifikasi PDF yang diunggah: utuh? siapa penanda tangan? nomor? dicabut?', tag: 'verifikasi', roles: 'public', files: ['file'], response: VerificationSchema },
    async ({ files }) => {
      const file = files[0];
      if (!file) throw new AppError('USAGE', 'Lampirkan berkas PDF pada kolom "file".');
      return bridge.verifyUploadedPdf(ctx, { fileName: file.originalName, bytes: file.bytes });
    },
  );

  defineJobRoutes(api, ctx);

  const doc = () => buildOpenApiDocument(api.routes, { serverUrl: `${ctx.config.baseUrl}/api/v1`, version: version() });
  let cached: ReturnType<typeof doc> | undefined;
  router.get('/openapi.json', (_req, res) => {
    cached ??= doc();
    res.json(cached);
  });
  router.use((req, _res, next) => next(new AppError('NOT_FOUND', `Rute API ${req.method} ${req.path} tidak ada; lihat /api/v1/openapi.json.`)));
  return router;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
