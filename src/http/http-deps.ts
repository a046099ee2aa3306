/**
 * What the HTTP adapter is built from: the services (openServices — the same object the CLI uses), a
 * clock, a logger, the process metrics and whether it is shutting down. Also the per-request state
 * middleware leaves in res.locals. Types only.
 */
import type { Logger } from 'pino';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/load-config.ts';
import type { Database } from '../db/create-database.ts';
import type { JobQueue } from '../jobs/job-queue-facade.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { PreviewCache } from '../storage/preview-cache.ts';
import type { UserRole } from '../workflow/paraf-state.ts';
import type { LoginThrottle } from './login-throttle.ts';

export interface HttpOptions {
  /** Injected so tests can fix the time; defaults to the wall clock. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
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
