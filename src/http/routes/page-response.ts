/**
 * Sending a page: the frame with the navigation counts (waiting tasks, unread notifications), the flash
 * chosen by the `?ok=` code, and the view context every view receives (who, their time zone, kind
 * labels). Imports the read models it counts with, the layout and labels.
 */
import type { Request, Response } from 'express';
import type { ZoneDisplay } from '../../format/time-zone.ts';
import type { SafeHtml } from '../html.ts';
import type { AppContext, RequestAuth, SessionUser } from '../http-deps.ts';
import { kindLabels, regionLabels, zoneOfRegion } from '../bridge/templates.ts';
import { unreadCount } from '../read-models/notifications.ts';
import { listMyTasks } from '../read-models/tasks.ts';
import { FLASH_TEXTS } from '../views/labels.ts';
import { renderPage, type NavKey } from '../views/layout.ts';

/** What every view needs besides its own view model. */
export interface ViewContext {
  readonly auth: RequestAuth;
  /** The user's time zone (their first region's profile), WIB when they have none. */
  readonly zone: ZoneDisplay;
  readonly kindLabel: (kind: string) => string;
  /** A region id's display name ("Kabupaten Kupang"), the id when it has no profile. */
  readonly regionLabel: (id: string) => string;
}

export function zoneOf(ctx: AppContext, user: SessionUser | null): ZoneDisplay {
  return zoneOfRegion(ctx, user?.regions[0]);
}

export function viewContext(ctx: AppContext, res: Response): ViewContext {
  const auth = res.locals.auth;
  return { auth, zone: zoneOf(ctx, auth.user), kindLabel: kindLabels(ctx), regionLabel: regionLabels(ctx) };
}

export interface PageBody {
  readonly title: string;
  readonly active?: NavKey;
  readonly body: SafeHtml;
  /** An error to show above the body (a form sent back with its problems). */
  readonly error?: string;
}

export async function sendPage(ctx: AppContext, req: Request, res: Response, page: PageBody, status = 200): Promise<void> {
  const code = typeof req.query.ok === 'string' ? req.query.ok : undefined;
  const flash = page.error ? { kind: 'error' as const, text: page.error } : code && FLASH_TEXTS[code] ? { kind: 'ok' as const, text: FLASH_TEXTS[code] } : undefined;
  const user = res.locals.auth.user;
  const counts = user && !user.mustChangePassword ? { tasks: (await listMyTasks(ctx.db, user, ctx.clock())).length, unread: await unreadCount(ctx.db, user.id) } : undefined;
  res
    .status(status)
    .type('html')
    .send(renderPage({ title: page.title, auth: res.locals.auth, body: page.body, ...(page.active ? { active: page.active } : {}), ...(flash ? { flash } : {}), ...(counts ? { counts } : {}) }));
}

/** Redirect after a successful form post, with a flash code. */
export function redirectOk(res: Response, path: string, code: string): void {
  res.redirect(303, `${path}${path.includes('?') ? '&' : '?'}ok=${encodeURIComponent(code)}`);
}
