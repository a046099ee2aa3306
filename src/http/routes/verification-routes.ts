/**
 * Public verification as pages and API: an issued document's status by id (the QR target; the
 * revocation reason only when marked public) and the check of an uploaded PDF (streamed, bounded).
 * No login. Imports the http modules.
 */
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { regionName, zoneOfRegion } from '../bridge/templates.ts';
import { verifyUploadedPdf } from '../bridge/verification.ts';
import type { AppContext } from '../http-deps.ts';
import { getPublicIssuedView } from '../read-models/archive.ts';
import type { ApiRegistry, PageRoutes } from '../route-kit.ts';
import { uploadedFilesOf } from '../upload-body.ts';
import { publicVerificationView, verifyUploadView } from '../views/archive-views.ts';
import { IssuedSchema } from './archive-routes.ts';
import { sendPage, viewContext } from './page-response.ts';

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

export function registerVerificationRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  const maxMb = Math.round(ctx.config.limits.uploadBytes / (1024 * 1024));

  pages.get('/verifikasi/:id', 'public', async (req, res) => {
    const d = await getPublicIssuedView(ctx.db, String(req.params.id).slice(0, 100));
    const view = d ? { ...d, regionName: regionName(ctx, d.region), zone: zoneOfRegion(ctx, d.region) } : undefined;
    await sendPage(ctx, req, res, { title: d ? `Verifikasi ${d.number}` : 'Verifikasi', active: 'verifikasi', body: publicVerificationView(view) }, d ? 200 : 404);
  });
  pages.get('/verifikasi', 'public', async (req, res) => {
    await sendPage(ctx, req, res, { title: 'Verifikasi', active: 'verifikasi', body: verifyUploadView(viewContext(ctx, res), undefined, maxMb) });
  });
  pages.post('/verifikasi', 'public', { upload: ['file'] }, async (req, res) => {
    const file = uploadedFilesOf(req).find((f) => f.fieldName === 'file');
    if (!file || file.size === 0) throw new AppError('USAGE', 'Pilih berkas PDF yang akan diverifikasi.', { field: 'file' });
    const result = await verifyUploadedPdf(ctx, file);
    await sendPage(ctx, req, res, { title: 'Verifikasi', active: 'verifikasi', body: verifyUploadView(viewContext(ctx, res), result, maxMb) });
  });

  api.define(
    { method: 'get', path: '/verify/:id', summary: 'Status publik dokumen terbit (tujuan kode QR)', tag: 'verifikasi', roles: 'public', params: z.object({ id: z.string().min(1).max(100) }), response: IssuedSchema, errors: ['NOT_FOUND'] },
    async ({ params }) => {
      const d = await getPublicIssuedView(ctx.db, params.id);
      if (!d) throw new AppError('NOT_FOUND', 'Dokumen ini tidak terdaftar sebagai dokumen terbit di sistem ini.');
      const { kindTitle: _k, ...record } = d;
      return { ...record, status: record.status === 'dicabut' ? ('dicabut' as const) : ('berlaku' as const) };
    },
  );

  api.define(
    { method: 'post', path: '/verify', summary: 'Memverifikasi PDF yang diunggah: utuh? siapa penanda tangan? nomor? dicabut?', tag: 'verifikasi', roles: 'public', files: ['file'], response: VerificationSchema, errors: ['INPUT_TOO_LARGE', 'FILE_UNREADABLE'] },
    async ({ req }) => {
      const file = uploadedFilesOf(req).find((f) => f.fieldName === 'file');
      if (!file) throw new AppError('USAGE', 'Lampirkan berkas PDF pada kolom "file".');
      return verifyUploadedPdf(ctx, file);
    },
  );
}
