/**
 * The ONE place errors become HTTP responses: AppError codes map through httpStatusFor; the API gets
 * `{ error: { code, message } }`, pages get an Indonesian error page. Unknown errors are logged and
 * shown as INTERNAL without internals. Imports the error type, the layout and html.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, httpStatusFor, isAppError } from '../errors/app-error.ts';
import { html } from './html.ts';
import { renderPage } from './views/layout.ts';

/** Errors raised by the body parsers and multer carry their own shape; turn them into AppErrors. */
function normalise(error: unknown): unknown {
  if (isAppError(error)) return error;
  if (error && typeof error === 'object') {
    const e = error as { type?: string; status?: number; code?: string; name?: string; message?: string };
    if (e.name === 'MulterError') {
      const message =
        e.code === 'LIMIT_FILE_SIZE'
          ? 'Berkas terlalu besar (batas 50 MB). Pecah daftar menjadi beberapa berkas.'
          : `Unggahan tidak dapat dibaca (${e.code ?? 'multipart'}); kirim satu berkas pada kolom yang diminta.`;
      return new AppError('USAGE', message, { cause: error });
    }
    if (e.type === 'entity.parse.failed') return new AppError('USAGE', 'Isi permintaan bukan JSON yang sah; periksa tanda kutip dan koma.', { cause: error });
    if (e.type === 'entity.too.large') return new AppError('USAGE', 'Isi permintaan terlalu besar.', { cause: error });
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new AppError('USAGE', e.message ?? 'Permintaan tidak sah.', { cause: error });
  }
  return error;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Permintaan tidak sah',
  401: 'Belum masuk',
  403: 'Tidak diizinkan',
  404: 'Tidak ditemukan',
  409: 'Keadaan dokumen sudah berubah',
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
    const message =
      isAppError(error) && (status < 500 || status === 501)
        ? error.describe()
        : 'Terjadi kesalahan internal. Coba lagi; bila berulang, hubungi admin dengan waktu kejadian ini.';
    // the request's own logger carries its request id (src/http/request-logging.ts)
    const log = (req as Request & { log?: Logger }).log ?? logger;
    if (status >= 500 && status !== 501) log.error({ err: raw, path: req.path }, 'request failed');
    else log.info({ code, path: req.path, status }, 'request refused');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (req.originalUrl.startsWith('/api/')) {
      res.status(status).json({ error: { code, message } });
      return;
    }
    const auth = res.locals.auth ?? { user: null, sessionId: null, csrfToken: '' };
    const loginHint = status === 401 ? html`<p><a class="button" href="/masuk">Masuk</a></p>` : null;
    res
      .status(status)
      .type('html')
      .send(
        renderPage({
          title: TITLES[status] ?? 'Kesalahan',
          auth,
          body: html`<h1>${TITLES[status] ?? 'Kesalahan'}</h1><div class="card"><p>${message}</p><p class="muted">Kode: ${code}</p>${loginHint}<p><a href="/">Kembali ke beranda</a></p></div>`,
        }),
      );
  };
}
