/**
 * Server-side access checks for every route, run before any body is read: who is asking, whether
 * they hold a role the route needs, whether their API token's scope covers the method, and whether
 * they must first change a password an admin reset. Pages redirect an anonymous visitor to the login
 * page; the API answers 401. Imports the error type and the workflow's roles.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import { USER_ROLES, type UserRole } from '../workflow/paraf-state.ts';
import type { SessionUser } from './http-deps.ts';

/** Roles as the pages name them. */
export const ROLE_LABELS: Readonly<Record<UserRole, string>> = {
  drafter: 'perancang',
  paraf: 'pemaraf',
  signer: 'penanda tangan',
  approver: 'penyetuju daftar peserta',
  archivist: 'arsiparis',
  admin: 'admin',
};

/** Reading documents, previews and the archive needs some role: an account without one sees only its (empty) tasks. */
export const ANY_ROLE: readonly UserRole[] = USER_ROLES;

/**
 * Who may use a route: 'public' (anyone), 'user' (anyone logged in), or a list of roles of which the
 * user needs one.
 */
export type Access = 'public' | 'user' | readonly UserRole[];

/** Paths a user who must change their password may still use. */
const PASSWORD_CHANGE_PATHS = new Set(['/akun/kata-sandi', '/keluar', '/api/v1/account/password', '/api/v1/auth/logout', '/api/v1/me']);

function isApi(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}

/** The logged-in user, or an UNAUTHENTICATED error. */
export function currentUser(res: Response): SessionUser {
  const user = res.locals.auth.user;
  if (!user) throw new AppError('UNAUTHENTICATED', 'Anda belum masuk. Masuk dengan nama pengguna dan kata sandi Anda.');
  return user;
}

export function hasRole(user: SessionUser | null, ...roles: readonly UserRole[]): boolean {
  return user !== null && roles.some((r) => user.roles.includes(r));
}

/** The access check of a route; the first middleware after authentication. */
export function guard(access: Access) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (access === 'public') return next();
    const { user, via, tokenScopes } = res.locals.auth;
    if (!user) {
      if (!isApi(req) && req.method === 'GET') {
        res.redirect(303, `/masuk?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      next(new AppError('UNAUTHENTICATED', 'Anda belum masuk. Masuk dengan nama pengguna dan kata sandi Anda.'));
      return;
    }
    if (via === 'token') {
      const needed = req.method === 'GET' || req.method === 'HEAD' ? 'baca' : 'tulis';
      if (!tokenScopes.includes(needed)) {
        next(new AppError('FORBIDDEN', `Token API ini tidak bercakupan "${needed}"; buat token dengan cakupan itu di halaman Akun → Token API.`));
        return;
      }
    }
    if (user.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(req.originalUrl.split('?')[0]!)) {
      if (!isApi(req) && req.method === 'GET') {
        res.redirect(303, '/akun/kata-sandi?ok=wajib-ganti');
        return;
      }
      next(new AppError('FORBIDDEN', 'Admin telah mengatur ulang kata sandi Anda; buat kata sandi baru dahulu (halaman Akun → Kata sandi).'));
      return;
    }
    if (access !== 'user' && !access.some((r) => user.roles.includes(r))) {
      const names = access.map((r) => ROLE_LABELS[r]).join(' atau ');
      next(new AppError('FORBIDDEN', `Tindakan ini memerlukan peran ${names}; minta admin menambahkan peran itu ke akun Anda.`));
      return;
    }
    next();
  };
}
