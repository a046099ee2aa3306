/**
 * The ONE place errors become HTTP responses: AppError codes map through httpStatusFor; the API gets
 * `{ error: { code, message } }`, pages get an Indonesian error page. Unknown errors are logged and
 * shown as INTERNAL without internals; errors of Express and the body parsers (in English) become
 * Indonesian ones. Messages are cut to a bounded length, so no reply echoes a huge value. A refusal of a
 * request whose body was not read closes the connection, so the rest is never read. Imports the error
 * type, the layout, html and format.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, httpStatusFor, isAppError } from '../errors/app-error.ts';
import { html } from './html.ts';
import { cutText } from './views/format.ts';
import { renderPage } from './views/layout.ts';

/** Longest message a reply carries. */
const MAX_MESSAGE = 2000;

/** Errors raised by the body parsers and multer carry their own shape; turn them into AppErrors. */
function normalise(error: unknown): unknown {
  if (isAppError(error)) return error;
  if (error && typeof error === 'object') {
    const e = error as { type?: string; status?: number; code?: string; name?: string; message?: string };
    if (e.type === 'entity.parse.failed') return new AppError('USAGE', 'Isi permintaan bukan JSON yang sah; periksa tanda kutip dan koma.', { cause: error });
    if (e.type === 'entity.too.large') return new AppError('INPUT_TOO_LARGE', 'Isi permintaan terlalu besar; kirim data yang lebih kecil atau unggah berkas.', { cause: error });
    if (e.type === 'parameters.too.many') return new AppError('INPUT_TOO_LARGE', 'Formulir memuat terlalu banyak isian.', { cause: error });
    if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') return new AppError('USAGE', 'Kirim isi permintaan dalam UTF-8.', { cause: error });
    if (error instanceof URIError) return new AppError('NOT_FOUND', 'Alamat itu memuat karakter yang tidak sah; periksa tautannya.', { cause: error });
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new AppError('USAGE', 'Permintaan tidak sah; periksa isian yang dikirim.', { cause: error });
  }
  return error;
}

/** Every problem of refused data ({ field, message }), bounded, for API clients to show beside their fields. */
function problemsOf(details: unknown): { field: string; message: string; line?: number }[] {
  if (!Array.isArray(details)) return [];
  const out: { field: string; message: string; line?: number }[] = [];
  for (const d of details.slice(0, 100)) {
    if (!d || typeof d !== 'object') continue;
    const p = d as { field?: unknown; message?: unknown; line?: unknown };
    if (typeof p.field !== 'string' || typeof p.message !== 'string') continue;
    out.push({ field: cutText(p.field, 200), message: cutText(p.message, 500), ...(typeof p.line === 'number' ? { line: p.line } : {}) });
  }
  return out;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Permintaan tidak sah',
  401: 'Belum masuk',
  403: 'Tidak diizinkan',
  404: 'Tidak ditemukan',
  409: 'Keadaan dokumen sudah berubah',
  413: 'Terlalu besar',
  422: 'Data ditolak',
  429: 'Terlalu banyak percobaan',
  501: 'Belum tersedia',
};

export function errorMiddleware(logger: Logger) {
  return (raw: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const error = normalise(raw);
    const status = httpStatusFor(error);
    const code = isAppError(error) ? error.code : 'INTERNAL';
    // 5xx AppErrors may carry paths or driver text: show their code, not their message (501 is safe).
    const message = cutText(
      isAppError(error) && (status < 500 || status === 501) ? error.describe() : 'Terjadi kesalahan internal. Coba lagi; bila berulang, hubungi admin dengan waktu kejadian ini.',
      MAX_MESSAGE,
    );
    // the request's own logger carries its request id (src/http/request-logging.ts)
    const log = (req as Request & { log?: Logger }).log ?? logger;
    if (status >= 500 && status !== 501) log.error({ err: raw, path: req.path }, 'request failed');
    else log.info({ code, path: req.path, status }, 'request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    // A body left unread stays unread: the connection closes after this reply.
    if (!req.complete) res.setHeader('Connection', 'close');
    const retryAfter = isAppError(error) ? (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    if (req.originalUrl.startsWith('/api/')) {
      const problems = isAppError(error) && status < 500 ? problemsOf(error.details) : [];
      res.status(status).json({ error: { code, message, ...(problems.length > 0 ? { problems } : {}) } });
      return;
    }
    const auth = res.locals.auth ?? { user: null, via: 'anonymous' as const, sessionId: null, csrfToken: '', tokenScopes: [] };
    const loginHint = status === 401 ? html`<p><a class="button" href="/masuk">Masuk</a></p>` : null;
    res
      .status(status)
      .type('html')
      .send(
        renderPage({
          title: TITLES[status] ?? 'Kesalahan',
          auth,
          body: html`<h1>${TITLES[status] ?? 'Kesalahan'}</h1><div class="card"><p>${message}</p><p class="muted">Kode: <code>${code}</code></p>${loginHint}<p><a href="/">Kembali ke beranda</a></p></div>`,
        }),
      );
  };
}
