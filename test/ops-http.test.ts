/**
 * Operations endpoints of the app: liveness, readiness (database, migrations, storage, draining),
 * request ids in responses and logs (without query strings), and Prometheus metrics.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, type Config } from '../src/config/load-config.ts';
import { MIGRATIONS_DIR } from '../src/db/migration-files.ts';
import { createApp } from '../src/http/create-app.ts';
import type { HttpOptions } from '../src/http/http-deps.ts';
import { openServices, type ServiceOverrides } from '../src/app/services.ts';
import { createMetrics } from '../src/ops/metrics.ts';
import { checkReadiness } from '../src/ops/readiness.ts';
import { openFileStores } from '../src/storage/open-file-store.ts';
import { createS3FileStore } from '../src/storage/s3-file-store.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

interface Running {
  readonly url: string;
  readonly logs: string[];
  close(): Promise<void>;
}

async function listen(db: TestDatabase, config: Config, extra: HttpOptions & { overrides?: Omit<ServiceOverrides, 'db'> } = {}): Promise<Running> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const { overrides, ...options } = extra;
  const services = await openServices(config, { ...overrides, db });
  const app = createApp(services, { logger: pino({ level: 'info' }, sink), ...options });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(databases)('operations endpoints on $provider', ({ provider }) => {
  let db: TestDatabase;
  let config: Config;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    config = loadConfig({}, { dataDir: db.dataDir, databaseUrl: db.databaseUrl, logLevel: 'info', port: 0 });
  });
  afterAll(async () => db.dispose());

  test('/healthz answers without asking dependencies and echoes a plain request id; others get a new one', async () => {
    const app = await listen(db, config);
    try {
      const given = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'uji-123' } });
      expect(given.status).toBe(200);
      expect(await given.json()).toEqual({ status: 'ok' });
      expect(given.headers.get('x-request-id')).toBe('uji-123');
      const odd = await fetch(`${app.url}/healthz`, { headers: { 'X-Request-Id': 'bukan id\u00e9<script>' } });
      expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    } finally {
      await app.close();
    }
  });

  test('logs one line per request with its id and path, never the query string', async () => {
    const app = await listen(db, config);
    try {
      const res = await fetch(`${app.url}/api/v1/archive?nik=5301234567890001`, { headers: { 'X-Request-Id': 'cari-nik-1' } });
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 50));
      const line = app.logs.map((l) => JSON.parse(l) as { req?: { id?: string; path?: string }; res?: { status?: number }; msg: string }).find((l) => l.req?.id === 'cari-nik-1' && l.msg === 'request');
      expect(line).toMatchObject({ req: { id: 'cari-nik-1', method: 'GET', path: '/api/v1/archive' }, res: { status: 401 } });
      expect(app.logs.join('\n')).not.toContain('5301234567890001');
    } finally {
      await app.close();
    }
  });

  test('/readyz is ready with every check ok, and 503 while draining', async () => {
    let draining = false;
    const app = await listen(db, config, { isDraining: () => draining });
    try {
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true }, storage: { ok: true } } });
      draining = true;
      const drained = await fetch(`${app.url}/readyz`);
      expect(drained.status).toBe(503);
      expect(await drained.json()).toMatchObject({ status: 'draining' });
    } finally {
      await app.close();
    }
  });

  test('/readyz names an unreachable object store', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'naskah-ready-'));
    const dead = createS3FileStore({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'tidak-ada', prefix: '', forcePathStyle: true, credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, tempDir: tmp });
    const local = openFileStores(config);
    const app = await listen(db, config, { overrides: { fileStore: dead, previewStore: local.previews } });
    try {
      const res = await fetch(`${app.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: { database: { ok: boolean }; storage: { ok: boolean; detail?: string } } };
      expect(body.checks.database.ok).toBe(true);
      expect(body.checks.storage.ok).toBe(false);
      expect(body.checks.storage.detail).toContain('NASKAH_S3_ENDPOINT');
    } finally {
      await app.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('readiness fails while a migration of this build is not applied, naming it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-migrations-'));
    try {
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      writeFileSync(path.join(dir, provider, '9999_masa_depan.sql'), 'SELECT 1;\n');
      const result = await checkReadiness({ db, fileStore: openFileStores(config).files, migrationsDir: dir });
      expect(result.ready).toBe(false);
      expect(result.checks.migrations).toEqual({ ok: false, detail: expect.stringContaining('9999_masa_depan') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('/metrics reports HTTP latency by route pattern, documents issued and, with a token set, only to its holder', async () => {
    const metrics = createMetrics();
    const app = await listen(db, { ...config, metricsToken: 'token-metrik-rahasia-123' }, { metrics });
    try {
      await fetch(`${app.url}/healthz`);
      await fetch(`${app.url}/api/v1/documents/abc`);
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      const res = await fetch(`${app.url}/metrics`, { headers: { Authorization: 'Bearer token-metrik-rahasia-123' } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/naskah_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
      // the pattern, not the id: one series for every document
      expect(text).not.toContain('/api/v1/documents/abc');
      expect(text).toMatch(/naskah_documents_issued 0/);
      expect(text).toContain('naskah_process_cpu_seconds_total');
    } finally {
      await app.close();
    }
  });
});
