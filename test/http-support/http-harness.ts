/**
 * Test harness for the HTTP tests: a fresh migrated database (SQLite, or PostgreSQL through
 * test/support/databases.ts) and data directory, the app listening in-process on port 0 with an event
 * dispatcher the test drives (runOnce), and a tiny cookie-keeping client that knows how to log in
 * through the form (its CSRF token goes in the action's query, as the pages do) or the JSON API.
 */
import type { AddressInfo } from 'node:net';
import http, { type Server } from 'node:http';
import { pino } from 'pino';
import { openServices, type ServiceOverrides, type Services } from '../../src/app/services.ts';
import { loadConfig, type Config } from '../../src/config/load-config.ts';
import { EventDispatcher } from '../../src/events/event-dispatcher.ts';
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
  readonly server: Server;
  /** Notifications, e-mail and webhooks: not polling; call events.runOnce(). */
  readonly events: EventDispatcher;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly clock?: () => Date;
  /** Config fields to set (mail, webhooks, limits, …). */
  readonly config?: Partial<Config>;
  /** Services to use instead of what openServices builds (a fake signer, …). */
  readonly overrides?: Omit<ServiceOverrides, 'db'> | ((config: Config) => Omit<ServiceOverrides, 'db'>);
}

/** The app on a fresh migrated database of `provider` (SQLite file, or a new PostgreSQL database). */
export async function startHarness(provider: DatabaseProvider = 'sqlite', options: HarnessOptions = {}): Promise<Harness> {
  const db = await openTestDatabase(provider);
  const dataDir = db.dataDir;
  // listen first, so the configured base URL (the QR codes' target) is the real one
  const server: Server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({}, { dataDir, databaseUrl: db.databaseUrl, logLevel: 'silent', port: 0, baseUrl, ...options.config });
  const overrides = typeof options.overrides === 'function' ? options.overrides(config) : options.overrides;
  const services = await openServices(config, { ...overrides, db });
  const logger = pino({ level: 'silent' });
  const clock = options.clock ?? (() => new Date());
  const events = new EventDispatcher({ db, config, clock, logger });
  server.on('request', createApp(services, { logger, events, clock }));
  return {
    baseUrl,
    db,
    config,
    services,
    dataDir,
    server,
    events,
    async close() {
      events.close();
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

  /** The CSRF token a page's forms carry (in their actions' query; also the csrf-token meta tag). */
  async formToken(pathName: string): Promise<string> {
    const page = await (await this.fetch(pathName)).text();
    const m = /<meta name="csrf-token" content="([^"]+)">/.exec(page);
    if (!m) throw new Error(`no csrf-token on ${pathName}`);
    return m[1]!;
  }

  /** Posts a urlencoded form as a page does: a `_csrf` field goes into the action's query. */
  async postForm(pathName: string, fields: Record<string, string> | [string, string][]): Promise<Response> {
    const entries = Array.isArray(fields) ? fields : Object.entries(fields);
    const token = entries.find(([k]) => k === '_csrf')?.[1];
    const body = new URLSearchParams(entries.filter(([k]) => k !== '_csrf'));
    return this.fetch(withCsrf(pathName, token), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
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

/** The path with the CSRF token in its query, as the pages' form actions carry it. */
export function withCsrf(pathName: string, token: string | undefined): string {
  if (token === undefined) return pathName;
  return `${pathName}${pathName.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(token)}`;
}
