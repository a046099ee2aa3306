/**
 * Server-side role checks for every action: who is logged in, and whether they hold a role.
 * Pages redirect an anonymous visitor to the login page; the API answers 401. Imports the error type.
 */
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import { USER_ROLES, type UserRole } from '../workflow/paraf-state.ts';
import type { SessionUser } from './http-deps.ts';

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

function isApi(req: Request): boolean {
  return req.originalUrl.startsWith('/api/');
}

/** The logged-in user, or an UNAUTHENTICATED error (the caller's middleware chain stops). */
export function currentUser(res: Response): SessionUser {
  const user = res.locals.auth.user;
  if (!user) throw new AppError('UNAUTHENTICATED', 'Anda belum masuk. Masuk dengan nama pengguna dan kata sandi Anda.');
  return user;
}

/** Requires a logged-in user holding at least one of `roles` (none given: any logged-in user). */
export function requireRole(...roles: readonly UserRole[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = res.locals.auth.user;
    if (!user) {
      if (!isApi(req) && req.method === 'GET') {
        res.redirect(303, `/masuk?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      next(new AppError('UNAUTHENTICATED', 'Anda belum masuk. Masuk dengan nama pengguna dan kata sandi Anda.'));
      return;
    }
    if (roles.length > 0 && !roles.some((r) => user.roles.includes(r))) {
      const names = roles.map((r) => ROLE_LABELS[r]).join(' atau ');
      next(new AppError('FORBIDDEN', `Tindakan ini memerlukan peran ${names}; minta admin menambahkan peran itu ke akun Anda.`));
      return;
    }
    next();
  };
}

export function hasRole(user: SessionUser | null, ...roles: readonly UserRole[]): boolean {
  return user !== null && roles.some((r) => user.roles.includes(r));
}
