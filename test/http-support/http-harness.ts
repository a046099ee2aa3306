/**
 * Test harness for the HTTP tests: a fresh migrated database (SQLite, or PostgreSQL through
 * test/support/databases.ts) and data directory, the app listening in-process on port 0, and a tiny cookie-keeping client that knows how to log in through the form (with its CSRF
 * token) or the JSON API.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { openServices, type ServiceOverrides, type Services } from '../../src/app/services.ts';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import type { Database } from '../../src/db/create-database.ts';
import type { DatabaseProvider } from '../../src/db/prisma-client.ts';
import { createApp } from '../../src/http/create-app.ts';
import { openTestDatabase } from '../support/databases.ts';

export interface Harness {
  readonly baseUrl: string;
  readonly db: Database;
  readonly config: Config;
  readonly services: Services;
  readonly dataDir: string;
  close(): Promise<void>;
}

/** The app on a fresh migrated database of `provider` (SQLite file, or a new PostgreSQL database). */
export async function startHarness(
  provider: DatabaseProvider = 'sqlite',
  options: { readonly clock?: () => Date; readonly overrides?: Omit<ServiceOverrides, 'db'> | ((config: Config) => Omit<ServiceOverrides, 'db'>) } = {},
): Promise<Harness> {
  const db = await openTestDatabase(provider);
  const dataDir = db.dataDir;
  const config = loadConfig({}, { dataDir, databaseUrl: db.databaseUrl, logLevel: 'silent', port: 0 });
  const overrides = typeof options.overrides === 'function' ? options.overrides(config) : options.overrides;
  const services = await openServices(config, { ...overrides, db });
  const app = createApp(services, { logger: pino({ level: 'silent' }), ...(options.clock ? { clock: options.clock } : {}) });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    config,
    services,
    dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.dispose();
    },
  };
}

/** fetch with a cookie jar; no automatic redirects so tests see 303s. */
export class Client {
  private readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly baseUrl: string) {}

  async fetch(pathName: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(this.baseUrl + pathName, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The CSRF token of a page's form (hidden _csrf field). */
  async formToken(pathName: string): Promise<string> {
    const page = await (await this.fetch(pathName)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(page);
    if (!m) throw new Error(`no _csrf field on ${pathName}`);
    return m[1]!;
  }

  async postForm(pathName: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(pathName, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  async apiLogin(username: string, password: string): Promise<Response> {
    const res = await this.fetch('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.ok) {
      const body = (await res.clone().json()) as { csrfToken: string };
      this.csrfToken = body.csrfToken;
    }
    return res;
  }

  async api(method: string, pathName: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'x-csrf-token': this.csrfToken };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.fetch(`/api/v1${pathName}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}
