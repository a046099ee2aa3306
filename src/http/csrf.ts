/**
 * CSRF protection: a synchronizer token (kept in the Session row, or in an anonymous cookie before
 * login) that every state-changing request must echo as the `_csrf` form field or the X-CSRF-Token
 * header. Runs after body parsing (multipart included), before any route, so a refused request writes
 * nothing. Two exemptions: the JSON login (JSON cannot be posted cross-site without CORS, and there is
 * no session yet to ride on) and the public PDF verification of the API (reads an upload, writes
 * nothing, needs no session; API clients without a browser have no token to send). Imports only the
 * error type.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const EXEMPT_JSON_PATHS = new Set(['/api/v1/auth/login']);
const EXEMPT_READ_ONLY_PATHS = new Set(['/api/v1/verify']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function csrfMiddleware() {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    if (EXEMPT_JSON_PATHS.has(req.path) && req.is('application/json')) return next();
    if (req.method === 'POST' && EXEMPT_READ_ONLY_PATHS.has(req.path)) return next();
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined;
    const sent = req.get(CSRF_HEADER) ?? fromBody;
    if (!sent || !same(sent, res.locals.auth.csrfToken)) {
      next(
        new AppError(
          'FORBIDDEN',
          'Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu kirim formulir lagi (klien API: kirim header X-CSRF-Token dari respons login).',
        ),
      );
      return;
    }
    next();
  };
}
