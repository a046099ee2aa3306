/**
 * Document kinds in the API: the list (label, title, family, region) and one kind's JSON Schema — made
 * from the same zod schema that validates the data — with its starter data, and a preview of data not
 * stored yet. Thin. Imports the http modules.
 */
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { renderUnsaved, dataToYaml } from '../bridge/documents.ts';
import { kindSchema, listKinds, listRegions } from '../bridge/templates.ts';
import type { AppContext } from '../http-deps.ts';
import { starterData, pruneEmpty } from '../kind-form.ts';
import { pagedSchema, PagingQuery, decodeOffset, limitOf, offsetPage } from '../paging.ts';
import type { ApiRegistry } from '../route-kit.ts';
import { ANY_ROLE } from '../auth.ts';

const KindSchema = z.object({ kind: z.string(), label: z.string().describe('nama jenis, mis. Keputusan Kepala Daerah'), family: z.string() });
const RegionSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });
const KindParams = z.object({ kind: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'nama jenis: huruf kecil, angka dan "-"') });

export function registerTemplateRoutes(ctx: AppContext, api: ApiRegistry): void {
  api.define(
    {
      method: 'get',
      path: '/templates',
      summary: 'Jenis dokumen yang dapat dibuat (nama, keluarga; sama untuk setiap daerah) dan daerah Anda',
      tag: 'templat',
      roles: ANY_ROLE,
      query: PagingQuery,
      response: z.object({ ...pagedSchema(KindSchema), regions: z.array(RegionSchema).describe('daerah Anda (profil daerah): sebutkan di data sebagai "daerah"') }),
    },
    async ({ query, user }) => {
      const all = listKinds(ctx);
      const offset = decodeOffset(query.cursor);
      const limit = limitOf(query.limit);
      const page = offsetPage(all.slice(offset, offset + limit), offset, limit, all.length);
      return { nextCursor: page.nextCursor, items: [...page.items], regions: listRegions(ctx).filter((r) => user!.regions.includes(r.id)) };
    },
  );

  api.define(
    {
      method: 'get',
      path: '/templates/:kind',
      summary: 'Satu jenis dokumen dan JSON Schema datanya (dari skema zod yang sama yang memvalidasinya), dengan data awal',
      tag: 'templat',
      roles: ANY_ROLE,
      params: KindParams,
      query: z.object({ daerah: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/).optional().describe('id daerah: tembusan daerah itu menjadi teks awal') }),
      response: KindSchema.extend({ schema: z.record(z.string(), z.unknown()), starter: z.record(z.string(), z.unknown()) }),
      errors: ['TEMPLATE_NOT_FOUND'],
    },
    async ({ params, query }) => {
      const { summary, schema } = kindSchema(ctx, params.kind, query.daerah);
      const starter = (pruneEmpty({ template: params.kind, ...(query.daerah ? { daerah: query.daerah } : {}), ...starterData(schema) }) as Record<string, unknown>) ?? {};
      return { ...summary, schema, starter };
    },
  );

  api.define(
    {
      method: 'post',
      path: '/templates/:kind/preview',
      summary: 'Pratinjau PDF dari data yang belum disimpan (tidak disimpan)',
      tag: 'templat',
      roles: ['drafter', 'admin'],
      params: KindParams,
      body: z.object({ data: z.record(z.string(), z.unknown()).describe('data dokumen, dengan "daerah"') }),
      response: z.unknown(),
      produces: ['application/pdf'],
      errors: ['DOCUMENT_INVALID', 'TEMPLATE_NOT_FOUND'],
    },
    async ({ params, body }) => {
      kindSchema(ctx, params.kind);
      if (typeof body.data.template === 'string' && body.data.template !== params.kind) throw new AppError('USAGE', `Data menyebut templat "${body.data.template.slice(0, 60)}", bukan ${params.kind}.`);
      const out = await renderUnsaved(ctx, dataToYaml({ ...body.data, template: params.kind }), params.kind);
      return { kind: 'binary' as const, mediaType: 'application/pdf', fileName: out.fileName, bytes: out.bytes, inline: true };
    },
  );
}
