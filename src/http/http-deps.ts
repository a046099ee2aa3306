/**
 * What the HTTP adapter is built from (the services — the same object the CLI uses, openServices —,
 * a clock, a logger, the event dispatcher, the job queue, the process metrics and whether it is
 * shutting down) and what it builds once (AppContext: login throttle, upload folder, preview cache),
 * plus the per-request state the authentication middleware leaves in res.locals. Types only.
 */
import type { Logger } from 'pino';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/load-config.ts';
import type { Database } from '../db/create-database.ts';
import type { EventDispatcher } from '../events/event-dispatcher.ts';
import type { JobQueue } from '../jobs/job-queue-facade.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { PreviewCache } from '../storage/preview-cache.ts';
import type { UserRole } from '../workflow/paraf-state.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { UploadFolder } from './upload-folder.ts';

export interface HttpOptions {
  /** Injected so tests can fix the time; defaults to the wall clock. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /**
   * Notifications, e-mail and webhooks from the audit log. createApp builds one when none is given;
   * `naskah serve` starts its polling, tests drive it with runOnce().
   */
  readonly events?: EventDispatcher;
  /** This process's metrics (a new registry without the process defaults by default). */
  readonly metrics?: Metrics;
  /** True once shutdown began: /readyz answers 503 so balancers stop sending requests. */
  readonly isDraining?: () => boolean;
  /**
   * Where long work goes: the queue that workers take from (`naskah serve`). By default (tests) an
   * inline queue: this process runs each job it submits at once, recorded the same way.
   */
  readonly jobs?: JobQueue;
  /** How long a request waits for its job before answering "pending" (10 s by default). */
  readonly jobWaitMs?: number;
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
  readonly uploads: UploadFolder;
  readonly events: EventDispatcher;
  /** services.fileStore: issued PDFs, frozen lists, uploads (content-addressed). */
  readonly fileStore: FileStore;
  /** Rendered draft previews in services.previewStore, bounded by bytes. */
  readonly previewCache: PreviewCache;
  readonly jobs: JobQueue;
  readonly jobWaitMs: number;
}

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly UserRole[];
  readonly officialId: string | null;
  /** Region ids the user may see and act on (User.regions). */
  readonly regions: readonly string[];
  /** An admin reset the password: the user must choose a new one before anything else. */
  readonly mustChangePassword: boolean;
}

/** What a personal API token allows: reading (GET) and/or changing data. */
export const TOKEN_SCOPES = ['baca', 'tulis'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** Set on every request by the authentication middleware. */
export interface RequestAuth {
  readonly user: SessionUser | null;
  /** How the request authenticated: a session cookie, a personal API token, or not at all. */
  readonly via: 'session' | 'token' | 'anonymous';
  /** Hash of the session token (the Session row id) when logged in with a cookie. */
  readonly sessionId: string | null;
  /** The token every cookie-authenticated write must echo (header or `_csrf` query); '' for API tokens. */
  readonly csrfToken: string;
  /** Scopes of the API token, when via = 'token'. */
  readonly tokenScopes: readonly TokenScope[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      auth: RequestAuth;
    }
  }
}
