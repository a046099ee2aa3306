/**
 * How routes are declared, so that every route runs the same pipeline in the same order:
 *   guard (session or token, role, token scope) → CSRF (header or query) → body (form, JSON or a
 *   streamed upload, each bounded) → handler.
 * Nothing of the body is read before the first two pass. JSON API routes are declared with their zod
 * schemas next to the handler (ApiRegistry): the same declaration validates input and feeds the OpenAPI
 * document. Page routes use PageRoutes. Imports express, zod, the error type and the http guards.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { ObjectReader } from '../storage/file-store.ts';
import { guard, type Access } from './auth.ts';
import { requireCsrf } from './csrf.ts';
import { contentDisposition, sendStoredFile } from './send-stored-file.ts';
import type { AppContext, SessionUser } from './http-deps.ts';
import { uploadBody, uploadedFilesOf, type UploadedFile } from './upload-body.ts';
import { cutText } from './views/format.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** What a route reads from the body: nothing, a form, JSON, or files streamed to disk (named fields). */
export type BodyKind = 'none' | 'form' | 'json' | { readonly upload: readonly string[] };

/** The middleware chain of a route, in the one order every route uses. */
export function routeChain(ctx: AppContext, access: Access, body: BodyKind): RequestHandler[] {
  const chain: RequestHandler[] = [guard(access), requireCsrf];
  const limit = ctx.config.limits.formBytes;
  if (body === 'form') chain.push(express.urlencoded({ extended: false, limit, parameterLimit: 2000 }));
  else if (body === 'json') chain.push(express.json({ limit }));
  else if (body !== 'none') chain.push(uploadBody(ctx, body.upload));
  return chain;
}

/** A non-JSON reply (PDF, DOCX): bytes in memory, or a stored object streamed from the file store. */
export interface BinaryReply {
  readonly kind: 'binary';
  readonly mediaType: string;
  readonly fileName: string;
  readonly bytes?: Uint8Array;
  readonly reader?: ObjectReader;
  readonly inline?: boolean;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  readonly method: HttpMethod;
  /** Express path under /api/v1, e.g. "/documents/:id". */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  /** 'public' = no login; 'user' = any logged-in user; roles = one of them. */
  readonly roles: Access;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Multipart form with these file fields (the other fields are validated by `body`). */
  readonly files?: readonly string[];
  readonly response: R;
  /** For binary replies: the media types it may return (response schema then unused). */
  readonly produces?: readonly string[];
  readonly status?: 200 | 201;
  /** Error codes this route may answer with, for the document. */
  readonly errors?: readonly string[];
}

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly files: readonly UploadedFile[];
  /** Null only on public routes. */
  readonly user: SessionUser | null;
  readonly req: Request;
  readonly res: Response;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteSpec = RouteSpec<any, any, any, any>;

export class ApiRegistry {
  readonly routes: AnyRouteSpec[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly router: Router,
  ) {}

  define<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R> | BinaryReply>,
  ): void {
    this.routes.push(spec);
    const body: BodyKind = spec.files ? { upload: spec.files } : spec.body ? 'json' : 'none';
    this.router[spec.method](spec.path, ...routeChain(this.ctx, spec.roles, body), async (req: Request, res: Response) => {
      const params = parse(spec.params, req.params, 'parameter path');
      const query = parse(spec.query, req.query, 'parameter query');
      const parsedBody = spec.body ? parse(spec.body, req.body ?? {}, 'isi permintaan') : undefined;
      const files = uploadedFilesOf(req);
      const result = await handler({ params, query, body: parsedBody, files, user: res.locals.auth.user, req, res });
      // a handler that answered itself (a job still running: 202, src/http/job-replies.ts)
      if (res.headersSent) return;
      if (isBinary(result)) {
        await sendBinary(res, result, spec.status ?? 200, this.ctx.logger);
        return;
      }
      res.status(spec.status ?? 200).json(result);
    });
  }
}

/** Sends a binary reply: a stored object streamed (verified on the way, src/http/send-stored-file.ts), or bytes. */
export async function sendBinary(res: Response, reply: BinaryReply, status = 200, logger?: Logger): Promise<void> {
  if (reply.reader) {
    await sendStoredFile(res, { mediaType: reply.mediaType, fileName: reply.fileName, reader: reply.reader, inline: reply.inline ?? false, status }, logger);
    return;
  }
  const bytes = reply.bytes ?? new Uint8Array();
  res.status(status);
  res.setHeader('Content-Type', reply.mediaType);
  res.setHeader('Content-Disposition', contentDisposition(reply.fileName, reply.inline ?? false));
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

function isBinary(value: unknown): value is BinaryReply {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'binary';
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function parse(schema: z.ZodType | undefined, value: unknown, where: string): any {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(isi)'}: ${i.message}`).join('; ');
  throw new AppError('USAGE', `${where} tidak sesuai: ${cutText(problems, 1000)}. Lihat /api/v1/openapi.json untuk bentuk yang diterima.`, {
    details: result.error.issues.slice(0, 20).map((i) => ({ path: i.path, code: i.code, message: cutText(i.message, 200) })),
  });
}

/** Where the header is built (one place for every binary reply). */
export { contentDisposition } from './send-stored-file.ts';

export type PageHandler = (req: Request, res: Response) => Promise<void> | void;

/** Page routes (HTML and form posts) with the same pipeline as the API. */
export class PageRoutes {
  constructor(
    private readonly ctx: AppContext,
    readonly router: Router,
  ) {}

  get(path: string, access: Access, handler: PageHandler): void {
    this.router.get(path, ...routeChain(this.ctx, access, 'none'), handler);
  }

  post(path: string, access: Access, body: BodyKind, handler: PageHandler): void {
    this.router.post(path, ...routeChain(this.ctx, access, body), handler);
  }
}

/** A text field of a parsed form ('' when absent), cut to `max` characters. */
export function formField(req: Request, name: string, max = 100_000): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const v = body[name];
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** Every value of a repeated form field (checkboxes, multi-selects). */
export function formFields(req: Request, name: string): string[] {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const v = body[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
