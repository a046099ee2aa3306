/**
 * What the HTTP adapter is built from: the services (openServices — the same object the CLI uses), a
 * clock and a logger. Also the per-request state middleware leaves in res.locals. Types only.
 */
import type { Logger } from 'pino';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/load-config.ts';
import type { Database } from '../db/create-database.ts';
import type { UserRole } from '../workflow/paraf-state.ts';
import type { LoginThrottle } from './login-throttle.ts';

export interface HttpOptions {
  /** Injected so tests can fix the time; defaults to the wall clock. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

/** The services and options with the defaults filled in, as the routers receive them. */
export interface AppContext {
  readonly services: Services;
  /** services.db and services.config, for brevity. */
  readonly db: Database;
  readonly config: Config;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly loginThrottle: LoginThrottle;
}

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly UserRole[];
  readonly officialId: string | null;
  /** Region ids the user may see and act in; every read is scoped to them. */
  readonly regions: readonly string[];
}

/** Set on every request by the session middleware. */
export interface RequestAuth {
  readonly user: SessionUser | null;
  /** Hash of the session token (the Session row id) when logged in. */
  readonly sessionId: string | null;
  /** The token every form and every cookie-authenticated API write must echo. */
  readonly csrfToken: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      auth: RequestAuth;
    }
  }
}
