/**
 * The register of legal references as pages and API: search (paged), add, change, delete, and each
 * regulation's citation (what the drafting form's Mengingat inserts). Drafters for their regions,
 * admins also nationally. Thin. Imports the http modules and the references use cases.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { PROMULGATIONS } from '../../format/legal-citation.ts';
import {
  createLegalReference,
  deleteLegalReference,
  getLegalReference,
  searchLegalReferences,
  updateLegalReference,
  type LegalReferenceInput,
  type ReferenceView,
} from '../../use-cases/manage-legal-references.ts';
import { ANY_ROLE, currentUser, hasRole } from '../auth.ts';
import type { AppContext } from '../http-deps.ts';
import { decodeOffset, limitOf, offsetPage, pagedSchema, PagingQuery } from '../paging.ts';
import { formField, type ApiRegistry, type PageRoutes } from '../route-kit.ts';
import { referencesView } from '../views/reference-views.ts';
import { redirectOk, sendPage, viewContext } from './page-response.ts';

const EDITORS = ['drafter', 'admin'] as const;

const ReferenceSchema = z.object({
  id: z.string(),
  region: z.string().nullable(),
  jenis: z.string(),
  nomor: z.string(),
  tahun: z.number().int(),
  tentang: z.string(),
  lembaran: z.string(),
  lembaranDaerah: z.string().nullable(),
  lembaranTahun: z.number().int().nullable(),
  lembaranNomor: z.string().nullable(),
  tambahanNomor: z.string().nullable(),
  amendsId: z.string().nullable(),
  title: z.string(),
  citation: z.string().describe('kutipan untuk Mengingat, tanpa ";" penutup'),
  amendmentCount: z.number().int(),
});

const ReferenceBody = z.object({
  region: z.string().max(200).nullable(),
  jenis: z.string().max(200),
  nomor: z.string().max(50),
  tahun: z.number().int(),
  tentang: z.string().max(1000),
  lembaran: z.enum(PROMULGATIONS).default(''),
  lembaranDaerah: z.string().max(200).nullable().optional(),
  lembaranTahun: z.number().int().nullable().optional(),
  lembaranNomor: z.string().max(50).nullable().optional(),
  tambahanNomor: z.string().max(50).nullable().optional(),
  amendsId: z.string().max(100).nullable().optional(),
});

function referenceJson(r: ReferenceView): z.input<typeof ReferenceSchema> {
  return {
    id: r.id,
    region: r.region,
    jenis: r.jenis,
    nomor: r.nomor,
    tahun: r.tahun,
    tentang: r.tentang,
    lembaran: r.lembaran,
    lembaranDaerah: r.lembaranDaerah,
    lembaranTahun: r.lembaranTahun,
    lembaranNomor: r.lembaranNomor,
    tambahanNomor: r.tambahanNomor,
    amendsId: r.amendsId,
    title: r.title,
    citation: r.citation,
    amendmentCount: r.amendmentCount,
  };
}

function formInput(req: Request): LegalReferenceInput {
  const num = (name: string): number | null => {
    const v = formField(req, name, 10).trim();
    return v === '' ? null : Number(v);
  };
  const lembaran = formField(req, 'lembaran', 5);
  return {
    region: formField(req, 'daerah', 200) || null,
    jenis: formField(req, 'jenis', 300),
    nomor: formField(req, 'nomor', 100),
    tahun: num('tahun') ?? Number.NaN,
    tentang: formField(req, 'tentang', 1500),
    lembaran,
    lembaranDaerah: formField(req, 'lembaranDaerah', 300) || null,
    lembaranTahun: num('lembaranTahun'),
    lembaranNomor: formField(req, 'lembaranNomor', 100) || null,
    tambahanNomor: formField(req, 'tambahanNomor', 100) || null,
    amendsId: formField(req, 'mengubah', 100) || null,
  };
}

export function registerReferenceRoutes(ctx: AppContext, api: ApiRegistry, pages: PageRoutes): void {
  const page = async (req: Request, res: Response, extra: { editing?: ReferenceView; error?: string } = {}, status = 200) => {
    const user = currentUser(res);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const offset = decodeOffset(cursor);
    const limit = limitOf(undefined);
    const found = await searchLegalReferences(ctx.db, { username: user.username, q, limit, offset });
    const paged = offsetPage(found.items, offset, limit, found.total);
    const bases = (await searchLegalReferences(ctx.db, { username: user.username, limit: 200, offset: 0 })).items.filter((r) => r.amendsId === null);
    await sendPage(
      ctx,
      req,
      res,
      {
        title: 'Rujukan hukum',
        active: 'rujukan',
        body: referencesView(viewContext(ctx, res), { q, items: paged.items, total: found.total, nextCursor: paged.nextCursor, isFirst: offset === 0, regions: user.regions, canNational: hasRole(user, 'admin'), bases, ...extra }),
      },
      status,
    );
  };
  const saving = async (req: Request, res: Response, save: () => Promise<unknown>, editing?: ReferenceView) => {
    try {
      await save();
    } catch (error) {
      if (error instanceof AppError && (error.code === 'USAGE' || error.code === 'FORBIDDEN')) return page(req, res, { error: error.message, ...(editing ? { editing } : {}) }, 400);
      throw error;
    }
    redirectOk(res, '/rujukan', 'rujukan');
  };

  pages.get('/rujukan', EDITORS, (req, res) => page(req, res));
  pages.post('/rujukan', EDITORS, 'form', (req, res) => saving(req, res, () => createLegalReference(ctx.db, { ...formInput(req), username: currentUser(res).username }, { now: ctx.clock })));
  pages.get('/rujukan/:id', EDITORS, async (req, res) => page(req, res, { editing: await getLegalReference(ctx.db, currentUser(res).username, String(req.params.id)) }));
  pages.post('/rujukan/:id', EDITORS, 'form', async (req, res) => {
    const editing = await getLegalReference(ctx.db, currentUser(res).username, String(req.params.id));
    await saving(req, res, () => updateLegalReference(ctx.db, { ...formInput(req), id: editing.id, username: currentUser(res).username }, { now: ctx.clock }), editing);
  });
  pages.post('/rujukan/:id/hapus', EDITORS, 'none', async (req, res) => {
    await deleteLegalReference(ctx.db, { username: currentUser(res).username, id: String(req.params.id) }, { now: ctx.clock });
    redirectOk(res, '/rujukan', 'rujukan-hapus');
  });

  api.define(
    {
      method: 'get',
      path: '/legal-references',
      summary: 'Register rujukan hukum: cari menurut jenis, nomor, tahun, judul (berhalaman); setiap butir dengan kutipannya',
      tag: 'rujukan',
      roles: ANY_ROLE,
      query: PagingQuery.extend({ q: z.string().max(200).optional() }),
      response: z.object({ ...pagedSchema(ReferenceSchema), total: z.number().int() }),
    },
    async ({ query, res }) => {
      const offset = decodeOffset(query.cursor);
      const limit = limitOf(query.limit);
      const found = await searchLegalReferences(ctx.db, { username: currentUser(res).username, q: query.q, limit, offset });
      const paged = offsetPage(found.items, offset, limit, found.total);
      return { nextCursor: paged.nextCursor, total: found.total, items: paged.items.map(referenceJson) };
    },
  );
  api.define(
    { method: 'get', path: '/legal-references/:id', summary: 'Satu rujukan hukum dengan kutipannya', tag: 'rujukan', roles: ANY_ROLE, params: z.object({ id: z.string().max(100) }), response: ReferenceSchema, errors: ['NOT_FOUND'] },
    async ({ params, res }) => referenceJson(await getLegalReference(ctx.db, currentUser(res).username, params.id)),
  );
  api.define(
    { method: 'post', path: '/legal-references', summary: 'Menambah rujukan hukum ke register', tag: 'rujukan', roles: EDITORS, body: ReferenceBody, response: ReferenceSchema, status: 201 },
    async ({ body, res }) => {
      const row = await createLegalReference(ctx.db, { ...body, username: currentUser(res).username }, { now: ctx.clock });
      return referenceJson(await getLegalReference(ctx.db, currentUser(res).username, row.id));
    },
  );
  api.define(
    { method: 'put', path: '/legal-references/:id', summary: 'Mengubah rujukan hukum', tag: 'rujukan', roles: EDITORS, params: z.object({ id: z.string().max(100) }), body: ReferenceBody, response: ReferenceSchema, errors: ['NOT_FOUND'] },
    async ({ params, body, res }) => {
      await updateLegalReference(ctx.db, { ...body, id: params.id, username: currentUser(res).username }, { now: ctx.clock });
      return referenceJson(await getLegalReference(ctx.db, currentUser(res).username, params.id));
    },
  );
  api.define(
    { method: 'delete', path: '/legal-references/:id', summary: 'Menghapus rujukan hukum (bukan yang sudah diubah peraturan lain)', tag: 'rujukan', roles: EDITORS, params: z.object({ id: z.string().max(100) }), response: z.object({ ok: z.literal(true) }), errors: ['NOT_FOUND', 'INVALID_STATE'] },
    async ({ params, res }) => {
      await deleteLegalReference(ctx.db, { username: currentUser(res).username, id: params.id }, { now: ctx.clock });
      return { ok: true as const };
    },
  );
}
