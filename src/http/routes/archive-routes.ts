/**
 * The archive as pages and API: search issued documents (number, year, NIK, words, signer, kind;
 * paged) and download a signed PDF. Thin: parse, call the read model or the bridge, render.
 * Imports the http modules.
 */
import { z } from 'zod';
import type { ArchiveRecord } from '../../archive/search-archive.ts';
import { ANY_ROLE, currentUser } from '../auth.ts';
import { downloadIssuedPdf } from '../bridge/documents.ts';
import { listKinds } from '../bridge/templates.ts';
import type { AppContext } from '../http-deps.ts';
import { decodeOffset, limitOf, pagedSchema, PagingQuery } from '../paging.ts';
import { searchArchive } from '../read-models/archive.ts';
import { sendBinary, type ApiRegistry, type PageRoutes } from '../route-kit.ts';
import { archiveView } from '../views/archive-views.ts';
import { sendPage, viewContext } from './page-response.ts';

export const IssuedSchema = z.object({
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

export function issuedJson(d: ArchiveRecord): z.input<typeof IssuedSchema> {
  return { ...d, status: d.status === 'dicabut' ? 'dicabut' : 'berlaku' };
}

export function registerArchiveRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  pages.get('/arsip', ANY_ROLE, async (req, res) => {
    const q = (name: string, max = 200) => (typeof req.query[name] === 'string' ? (req.query[name] as string).trim().slice(0, max) : '');
    const query = { nomor: q('nomor', 100), tahun: q('tahun', 4), nik: q('nik', 16), teks: q('teks'), penandatangan: q('penandatangan'), jenis: q('jenis', 100) };
    const year = /^\d{4}$/.test(query.tahun) ? Number(query.tahun) : undefined;
    const nik = /^\d{16}$/.test(query.nik) ? query.nik : undefined;
    const asked = Boolean(query.nomor || year || nik || query.teks || query.penandatangan || query.jenis);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const result = asked
      ? await searchArchive(ctx.db, currentUser(res), { number: query.nomor || undefined, year, nik, text: query.teks || undefined, signer: query.penandatangan || undefined, kind: query.jenis || undefined, limit: limitOf(undefined), cursor })
      : { items: [], nextCursor: null, total: 0 };
    await sendPage(ctx, req, res, {
      title: 'Arsip',
      active: 'arsip',
      body: archiveView(viewContext(ctx, res), {
        query,
        asked,
        nikInvalid: query.nik !== '' && !nik,
        kinds: listKinds(ctx),
        results: result.items,
        total: result.total,
        nextCursor: result.nextCursor,
        isFirst: cursor === undefined,
      }),
    });
  });

  pages.get('/arsip/:id/unduh.pdf', ANY_ROLE, async (req, res) => {
    const out = await downloadIssuedPdf(ctx, currentUser(res), String(req.params.id));
    await sendBinary(res, { kind: 'binary', mediaType: 'application/pdf', fileName: out.fileName, reader: out.reader }, 200, ctx.logger);
  });

  api.define(
    {
      method: 'get',
      path: '/archive',
      summary: 'Cari dokumen terbit: nomor, tahun, NIK di lampiran, kata dalam judul, penanda tangan, jenis (berhalaman)',
      tag: 'arsip',
      roles: ANY_ROLE,
      query: PagingQuery.extend({
        number: z.string().max(100).optional(),
        year: z.coerce.number().int().min(1945).max(2999).optional(),
        nik: z.string().regex(/^\d{16}$/, 'NIK 16 digit').optional(),
        text: z.string().max(200).optional(),
        signer: z.string().max(200).optional(),
        kind: z.string().max(100).optional(),
      }),
      response: z.object({ ...pagedSchema(IssuedSchema), total: z.number().int().nullable().describe('jumlah semua hasil (hanya di halaman pertama; null di halaman berikutnya)'), results: z.array(IssuedSchema).describe('sama dengan items (nama lama)') }),
    },
    async ({ query, user }) => {
      const r = await searchArchive(ctx.db, user!, { ...query, limit: limitOf(query.limit) });
      const items = r.items.map(issuedJson);
      return { nextCursor: r.nextCursor, total: r.total, items, results: items };
    },
  );

  api.define(
    { method: 'get', path: '/archive/:id/pdf', summary: 'Unduh PDF bertanda tangan dokumen terbit', tag: 'arsip', roles: ANY_ROLE, params: z.object({ id: z.string().min(1).max(100) }), response: z.unknown(), produces: ['application/pdf'], errors: ['NOT_FOUND'] },
    async ({ params, user }) => {
      const out = await downloadIssuedPdf(ctx, user!, params.id);
      return { kind: 'binary' as const, mediaType: 'application/pdf', fileName: out.fileName, reader: out.reader };
    },
  );
}
