/**
 * How a JSON API route is declared: method, path, roles and the zod schemas of its input and output
 * sit next to the handler; the same declaration registers the Express handler (validating input,
 * checking roles) and feeds the OpenAPI document. Imports zod, the error type and auth.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { ObjectReader } from '../storage/file-store.ts';
import type { UserRole } from '../workflow/paraf-state.ts';
import { requireRole } from './auth.ts';
import type { SessionUser } from './http-deps.ts';
import { contentDisposition, sendStoredFile } from './send-stored-file.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface UploadedFile {
  readonly fieldName: string;
  readonly originalName: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
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
  /** Roles of which the user needs one; [] = any logged-in user; 'public' = no login. */
  readonly roles: readonly UserRole[] | 'public';
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

  constructor(private readonly router: Router) {}

  define<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject, B extends z.ZodType = z.ZodUnknown, R extends z.ZodType = z.ZodUnknown>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R> | BinaryReply>,
  ): void {
    this.routes.push(spec);
    const guards = spec.roles === 'public' ? [] : [requireRole(...spec.roles)];
    this.router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
      const params = parse(spec.params, req.params, 'parameter path');
      const query = parse(spec.query, req.query, 'parameter query');
      const rawBody = spec.files ? { ...(req.body as object) } : req.body;
      if (spec.files && rawBody && typeof rawBody === 'object') delete (rawBody as Record<string, unknown>)._csrf;
      const body = spec.body ? parse(spec.body, rawBody ?? {}, 'isi permintaan') : undefined;
      const files = uploadedFiles(req).filter((f) => spec.files?.includes(f.fieldName));
      const result = await handler({ params, query, body, files, user: res.locals.auth.user, req, res });
      // a handler that answered itself (a job still running: 202, src/http/job-replies.ts)
      if (res.headersSent) return;
      if (isBinary(result) && result.reader) {
        await sendStoredFile(res, { mediaType: result.mediaType, fileName: result.fileName, reader: result.reader, inline: result.inline ?? false, status: spec.status ?? 200 });
        return;
      }
      if (isBinary(result)) {
        const bytes = result.bytes ?? new Uint8Array();
        res.status(spec.status ?? 200);
        res.setHeader('Content-Type', result.mediaType);
        res.setHeader('Content-Disposition', contentDisposition(result.fileName, result.inline ?? false));
        res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        return;
      }
      res.status(spec.status ?? 200).json(result);
    });
  }
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
  throw new AppError('USAGE', `${where} tidak sesuai: ${problems}. Lihat /api/v1/openapi.json untuk bentuk yang diterima.`, {
    details: result.error.issues,
  });
}

export function uploadedFiles(req: Request): UploadedFile[] {
  const files = (req as Request & { files?: unknown }).files;
  if (!Array.isArray(files)) return [];
  return files.map((f: Express.Multer.File) => ({
    fieldName: f.fieldname,
    originalName: f.originalname,
    mediaType: f.mimetype,
    bytes: new Uint8Array(f.buffer.buffer, f.buffer.byteOffset, f.buffer.byteLength),
  }));
}

/** Where the header is built (one place for every binary reply). */
export { contentDisposition } from './send-stored-file.ts';
