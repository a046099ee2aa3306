/**
 * Databases for integration tests: every suite that touches the database runs on SQLite (a file in a
 * temp dir) and on PostgreSQL (a fresh database per call, CREATE DATABASE naskah_t_<random> on the
 * server of NASKAH_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/test, dropped afterwards).
 * When that server is unreachable the PostgreSQL entry is left out with a printed reason — except when
 * CI is set, where it stays in and fails loudly, since CI has the server.
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

export const PG_ADMIN_URL = process.env.NASKAH_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export interface DatabaseTarget {
  readonly provider: DatabaseProvider;
}

async function probePostgres(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres();
if (pgProblem !== undefined && !process.env.CI) {
  console.warn(`[databases] PostgreSQL tests skipped: ${redactUrl(PG_ADMIN_URL)} unreachable (${pgProblem})`);
}

/** The databases this machine can test on: SQLite always, PostgreSQL when reachable (always under CI). */
export const databases: readonly DatabaseTarget[] = [
  { provider: 'sqlite' },
  ...(pgProblem === undefined || process.env.CI ? [{ provider: 'postgresql' as const }] : []),
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
