/**
 * Databases for integration tests: every suite that touches the database runs on SQLite (a file in a
 * temp dir) and on PostgreSQL (a fresh database per call, CREATE DATABASE naskah_t_<random> on the
 * server of NASKAH_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/test, dropped afterwards;
 * (or that server's "postgres" database when the named one does not exist). When the server is
 * unreachable the PostgreSQL entry is left out with a printed reason — except when CI or
 * NASKAH_REQUIRE_PG is set (.ci/run sets it), where it stays in and fails loudly.
 *
 *   describe.each(databases)('… on $provider', ({ provider }) => {
 *     let db: TestDatabase;
 *     beforeAll(async () => { db = await openTestDatabase(provider); });
 *     afterAll(async () => { await db.dispose(); });
 *   });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactUrl } from '../../src/db/database-url.ts';
import { createDatabase, type CreateDatabaseOptions, type Database } from '../../src/db/create-database.ts';
import type { DatabaseProvider } from '../../src/db/prisma-client.ts';

const CONFIGURED_PG_URL = process.env.NASKAH_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
/** PostgreSQL tests must run (CI sets NASKAH_REQUIRE_PG=1): an unreachable server fails them instead of skipping. */
const PG_REQUIRED = Boolean(process.env.CI) || Boolean(process.env.NASKAH_REQUIRE_PG);

export interface DatabaseTarget {
  readonly provider: DatabaseProvider;
}

async function probe(url: string): Promise<{ ok: true } | { ok: false; message: string; code?: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, message: (error as Error).message || String(error), code: (error as { code?: string }).code };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The configured admin URL, or the same server's "postgres" database when the configured one does not exist. */
async function findAdminUrl(): Promise<{ url: string; problem?: string }> {
  const first = await probe(CONFIGURED_PG_URL);
  if (first.ok) return { url: CONFIGURED_PG_URL };
  if (first.code === '3D000') {
    const fallback = new URL(CONFIGURED_PG_URL);
    fallback.pathname = '/postgres';
    const second = await probe(fallback.toString());
    if (second.ok) return { url: fallback.toString() };
  }
  return { url: CONFIGURED_PG_URL, problem: first.message };
}

const admin = await findAdminUrl();
export const PG_ADMIN_URL = admin.url;
const pgProblem = admin.problem;
if (pgProblem !== undefined && !PG_REQUIRED) {
  console.warn(`[databases] PostgreSQL tests skipped: ${redactUrl(PG_ADMIN_URL)} unreachable (${pgProblem})`);
}

/** The databases this machine can test on: SQLite always, PostgreSQL when reachable (always when required). */
export const databases: readonly DatabaseTarget[] = [
  { provider: 'sqlite' },
  ...(pgProblem === undefined || PG_REQUIRED ? [{ provider: 'postgresql' as const }] : []),
];

export const postgresAvailable = pgProblem === undefined;

/** An empty database (nothing migrated) and a data dir, removed by dispose(). */
export interface ScratchDatabase {
  readonly provider: DatabaseProvider;
  readonly databaseUrl: string;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export async function createScratchDatabase(provider: DatabaseProvider): Promise<ScratchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-db-test-'));
  if (provider === 'sqlite') {
    return {
      provider,
      databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`,
      dataDir,
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `naskah_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    databaseUrl: url.toString(),
    dataDir,
    dispose: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase extends Database {
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** Closes the client and drops the database / removes the temp dir. */
  dispose(): Promise<void>;
}

/** A fresh, migrated database opened through createDatabase, as the application opens it. */
export async function openTestDatabase(provider: DatabaseProvider, options: CreateDatabaseOptions = {}): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(provider);
  try {
    const db = await createDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir }, options);
    return {
      ...db,
      prisma: db.prisma,
      provider: db.provider,
      migration: db.migration,
      close: () => db.close(),
      databaseUrl: scratch.databaseUrl,
      dataDir: scratch.dataDir,
      dispose: async () => {
        await db.close().catch(() => undefined);
        await scratch.dispose();
      },
    };
  } catch (error) {
    await scratch.dispose();
    throw error;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
