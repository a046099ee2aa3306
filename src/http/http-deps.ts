/**
 * What the HTTP adapter is built from: the database handle, the typed config, a clock, a logger and the
 * file stores. Also the per-request state middleware leaves in res.locals. Types only.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { Database } from '../db/create-database.ts';
import type { FileStore } from '../storage/file-store.ts';
import type { FileStores } from '../storage/open-file-store.ts';
import type { PreviewCache } from '../storage/preview-cache.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { UserRole } from '../workflow/paraf-state.ts';
import type { LoginThrottle } from './login-throttle.ts';

export interface HttpDeps {
  readonly db: Database;
  readonly config: Config;
  /** Injected so tests can fix the time; defaults to the wall clock. */
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** The stores of the configured kind (local folder or S3) by default. */
  readonly fileStores?: FileStores;
  /** This process's metrics (a new registry by default). */
  readonly metrics?: Metrics;
  /** True once shutdown began: /readyz answers 503 so balancers stop sending requests. */
  readonly isDraining?: () => boolean;
}

/** HttpDeps with the defaults filled in, as the routers receive them. */
export interface AppContext {
  readonly db: Database;
  readonly config: Config;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly loginThrottle: LoginThrottle;
  /** Issued PDFs, frozen lists, uploads (content-addressed). */
  readonly fileStore: FileStore;
  /** Rendered draft previews, bounded by bytes. */
  readonly previewCache: PreviewCache;
}

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly UserRole[];
  readonly officialId: string | null;
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
