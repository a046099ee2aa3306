/**
 * Sessions: an opaque random token in an httpOnly, sameSite=lax cookie; the Session row is keyed by
 * the token's SHA-256 (a leaked table does not give working cookies) and carries the CSRF token.
 * Visitors without a session get a separate CSRF cookie so the login form is protected too.
 * Repeated wrong passwords are throttled (login-throttle.ts).
 * Imports the users use case (password check), the db handle and the workflow's role list.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { authenticateUser } from '../use-cases/create-user.ts';
import { parseRegions, parseRoles } from '../workflow/paraf-state.ts';
import type { AppContext, SessionUser } from './http-deps.ts';

export const SESSION_COOKIE = 'naskah_sid';
export const ANON_CSRF_COOKIE = 'naskah_csrf';
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

interface SessionData {
  readonly csrf: string;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}


function cookieOptions(ctx: AppContext, maxAge?: number) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.baseUrl.startsWith('https://'),
    path: '/',
    ...(maxAge === undefined ? {} : { maxAge }),
  };
}

function readData(text: string): SessionData | null {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && typeof (value as { csrf?: unknown }).csrf === 'string') return value as SessionData;
  } catch {
    // a broken row is treated as no session
  }
  return null;
}

/** Loads the session (if any) into res.locals.auth; hands an anonymous visitor a CSRF cookie. */
export function sessionMiddleware(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const cookies = (req.cookies ?? {}) as Record<string, string | undefined>;
    const token = cookies[SESSION_COOKIE];
    if (token) {
      const id = sessionIdOf(token);
      const row = await ctx.db.prisma.session.findUnique({ where: { id }, include: { user: true } });
      const data = row ? readData(row.data) : null;
      if (row && data && row.expiresAt > ctx.clock() && row.user.active) {
        const user: SessionUser = {
          id: row.user.id,
          username: row.user.username,
          displayName: row.user.displayName,
          roles: parseRoles(row.user.roles),
          officialId: row.user.officialId,
          regions: parseRegions(row.user.regions),
        };
        res.locals.auth = { user, sessionId: id, csrfToken: data.csrf };
        next();
        return;
      }
      if (row) await ctx.db.prisma.session.delete({ where: { id } }).catch(() => undefined);
      res.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
    }
    let anon = cookies[ANON_CSRF_COOKIE];
    if (!anon || !/^[A-Za-z0-9_-]{43}$/.test(anon)) {
      anon = newToken();
      res.cookie(ANON_CSRF_COOKIE, anon, cookieOptions(ctx));
    }
    res.locals.auth = { user: null, sessionId: null, csrfToken: anon };
    next();
  };
}

/**
 * Checks username and password; on success creates the Session row and sets the cookie.
 * Returns the user and the new CSRF token, or null for any wrong combination (no hint which part).
 */
export async function logIn(
  ctx: AppContext,
  res: Response,
  username: string,
  password: string,
  address: string,
): Promise<{ user: SessionUser; csrfToken: string } | null> {
  ctx.loginThrottle.check(username, address);
  // authenticateUser spends the same effort on unknown usernames, so timing does not reveal them.
  const row = await authenticateUser(ctx.db, username, password);
  if (!row) {
    ctx.loginThrottle.fail(username, address);
    ctx.logger.info({ username, address }, 'login failed');
    return null;
  }
  ctx.loginThrottle.succeed(username);
  const token = newToken();
  const csrf = newToken();
  const now = ctx.clock();
  await ctx.db.prisma.session.deleteMany({ where: { userId: row.id, expiresAt: { lt: now } } });
  await ctx.db.prisma.session.create({
    data: {
      id: sessionIdOf(token),
      userId: row.id,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      data: JSON.stringify({ csrf } satisfies SessionData),
    },
  });
  res.cookie(SESSION_COOKIE, token, cookieOptions(ctx, SESSION_TTL_MS));
  res.clearCookie(ANON_CSRF_COOKIE, cookieOptions(ctx));
  const user: SessionUser = {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: parseRoles(row.roles),
    officialId: row.officialId,
    regions: parseRegions(row.regions),
  };
  return { user, csrfToken: csrf };
}

export async function logOut(ctx: AppContext, res: Response): Promise<void> {
  const id = res.locals.auth.sessionId;
  if (id) await ctx.db.prisma.session.deleteMany({ where: { id } });
  res.clearCookie(SESSION_COOKIE, cookieOptions(ctx));
}

