/**
 * CSRF protection: a synchronizer token (kept in the Session row, or in an anonymous cookie before
 * login) that every state-changing request authenticated by a cookie must echo — as the X-CSRF-Token
 * header (API clients, the page script) or the `_csrf` query parameter of a form's action (pages; see
 * views/layout.ts postAction). Never from the body: the check runs before any body is read, so a
 * refused request reads nothing and writes nothing. Requests with a personal API token carry no ambient
 * credential and need no CSRF token. Two exemptions: the JSON login (JSON cannot be posted cross-site
 * without CORS, and there is no session yet to ride on) and the public PDF verification of the API
 * (reads an upload, writes nothing, needs no session). Imports only the error type.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_PARAM = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const EXEMPT_JSON_PATHS = new Set(['/api/v1/auth/login']);
const EXEMPT_READ_ONLY_PATHS = new Set(['/api/v1/verify']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token the request echoes: header first, then the query parameter. */
function sentToken(req: Request): string | undefined {
  const header = req.get(CSRF_HEADER);
  if (header) return header;
  const query = req.query[CSRF_PARAM];
  return typeof query === 'string' ? query : undefined;
}

export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method)) return next();
  if (res.locals.auth.via === 'token') return next();
  const pathName = req.originalUrl.split('?')[0]!;
  if (EXEMPT_JSON_PATHS.has(pathName) && req.is('application/json')) return next();
  if (req.method === 'POST' && EXEMPT_READ_ONLY_PATHS.has(pathName)) return next();
  const sent = sentToken(req);
  if (!sent || !same(sent, res.locals.auth.csrfToken)) {
    next(
      new AppError(
        'FORBIDDEN',
        'Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu kirim formulir lagi (klien API: kirim header X-CSRF-Token yang diterima saat masuk, atau pakai token API).',
      ),
    );
    return;
  }
  next();
}
