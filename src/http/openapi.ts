/**
 * The OpenAPI 3.1 document of /api/v1, built from the route declarations (their zod schemas become
 * JSON Schema with z.toJSONSchema). Imports zod and the route declaration type.
 */
import { z } from 'zod';
import { AppError, ERROR_CODES, httpStatusFor, type ErrorCode } from '../errors/app-error.ts';
import type { AnyRouteSpec } from './route-kit.ts';

export const ErrorResponseSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Kode kesalahan, mis. PARAF_OUT_OF_TURN'),
      message: z.string(),
      problems: z.array(z.object({ field: z.string(), message: z.string(), line: z.number().int().optional() })).optional().describe('setiap masalah data yang ditolak, dengan isiannya'),
    }),
  })
  .describe('Kesalahan');

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject;
  delete json.$schema;
  return json;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

function requestBodyOf(route: AnyRouteSpec): JsonObject | undefined {
  if (route.files) {
    const base = route.body ? schemaOf(route.body, 'input') : { type: 'object', properties: {} };
    const properties = { ...((base.properties ?? {}) as JsonObject) };
    for (const f of route.files) properties[f] = { type: 'string', format: 'binary' };
    const required = [...((base.required ?? []) as string[]), ...route.files];
    return { required: true, content: { 'multipart/form-data': { schema: { ...base, type: 'object', properties, required } } } };
  }
  if (!route.body) return undefined;
  return { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input') } } };
}

export function buildOpenApiDocument(routes: readonly AnyRouteSpec[], options: { readonly serverUrl: string; readonly version: string }): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const content: JsonObject = route.produces
      ? Object.fromEntries(route.produces.map((m) => [m, { schema: { type: 'string', format: 'binary' } }]))
      : { 'application/json': { schema: schemaOf(route.response, 'output') } };
    const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
    const responses: Record<string, JsonObject> = {
      [String(route.status ?? 200)]: { description: 'Berhasil', content },
      '400': { description: 'Permintaan tidak sesuai skema', content: errorContent },
    };
    if (route.roles !== 'public') {
      responses['401'] = { description: 'Belum masuk', content: errorContent };
      responses['403'] = { description: 'Peran tidak cukup atau token CSRF salah', content: errorContent };
    }
    for (const code of route.errors ?? []) {
      if (!(ERROR_CODES as readonly string[]).includes(code)) continue;
      const status = String(httpStatusFor(new AppError(code as ErrorCode, code)));
      const existing = responses[status];
      if (existing && typeof existing.description === 'string' && !existing.description.includes(code)) existing.description += `; ${code}`;
      else responses[status] ??= { description: code, content: errorContent };
    }
    const operation: JsonObject = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses,
      ...(route.roles === 'public' ? { security: [] } : { 'x-roles': route.roles }),
    };
    const body = requestBodyOf(route);
    if (body) operation.requestBody = body;
    (paths[path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'naskah API',
      version: options.version,
      description:
        'Keputusan dan Instruksi kepala daerah: dokumen, paraf hierarki, daftar peserta, arsip, verifikasi. ' +
        'Masuk dengan POST /auth/login (JSON) lalu kirim cookie sesi dan header X-CSRF-Token pada setiap permintaan yang mengubah data; ' +
        'atau pakai token API pribadi (Authorization: Bearer nsk_…, cakupan baca/tulis) tanpa CSRF. ' +
        'Setiap daftar berhalaman: limit (1–200) dan cursor (nextCursor dari halaman sebelumnya).',
    },
    servers: [{ url: options.serverUrl }],
    security: [{ sessionCookie: [], csrfHeader: [] }, { apiToken: [] }],
    paths,
    components: {
      schemas: { Error: schemaOf(ErrorResponseSchema, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'naskah_sid' },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'Token API pribadi (halaman Akun → Token API)' },
      },
    },
  };
}
