/**
 * The drivers underneath Prisma, for the few jobs Prisma is the wrong tool for: streaming a million
 * participant rows in and out (COPY on PostgreSQL, prepared multi-row statements on SQLite) and the
 * registers that approvals lock. PostgreSQL: the one pg.Pool that Prisma's adapter draws from too, so
 * both share the connection limit. SQLite: two more better-sqlite3 connections to the same file, opened
 * on first use — one that writes, one that reads (a streaming read keeps its statement open while the
 * writer goes on) — with busy_timeout 0: a write that meets another connection's lock fails at once and
 * sqliteWrite retries it after yielding. better-sqlite3 is synchronous, so waiting inside the driver
 * would freeze the event loop, which may be the very one whose Prisma transaction holds that lock.
 * May import: better-sqlite3, pg, Node built-ins, the AppError module.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../errors/app-error.ts';

export interface SqliteRaw {
  readonly provider: 'sqlite';
  readonly filePath: string;
  /** The writing connection (opened on first use). */
  writer(): BetterSqlite3.Database;
  /** The reading connection (opened on first use); in WAL mode it reads a snapshot while others write. */
  reader(): BetterSqlite3.Database;
  close(): void;
}

export interface PostgresRaw {
  readonly provider: 'postgresql';
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export type RawDatabase = SqliteRaw | PostgresRaw;

export function openSqliteRaw(filePath: string): SqliteRaw {
  let writer: BetterSqlite3.Database | undefined;
  let reader: BetterSqlite3.Database | undefined;
  const open = (readonly: boolean): BetterSqlite3.Database => {
    const db = new BetterSqlite3(filePath, { timeout: 0, readonly });
    db.pragma('foreign_keys = ON');
    // The writer keeps the register of approved NIKs (random inserts) in 32 MB of cache; the reader
    // scans in key order and needs little.
    db.pragma(readonly ? 'cache_size = -8192' : 'cache_size = -32768');
    if (!readonly) {
      // NORMAL in WAL mode: what this connection commits is consistent after a crash and becomes durable
      // with the next FULL commit — the Prisma connection's finalising transaction, which alone makes
      // bulk rows count (an import or approval left unfinished is abandoned and released).
      db.pragma('synchronous = NORMAL');
    }
    return db;
  };
  return {
    provider: 'sqlite',
    filePath,
    writer: () => (writer ??= open(false)),
    reader: () => (reader ??= open(true)),
    close: () => {
      writer?.close();
      reader?.close();
      writer = undefined;
      reader = undefined;
    },
  };
}

export function openPostgresRaw(connectionString: string, maxConnections: number): PostgresRaw {
  const pool = new pg.Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: 10_000 });
  // An idle connection that dies (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return { provider: 'postgresql', pool, close: () => pool.end() };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/**
 * Runs `fn` as one write transaction (BEGIN IMMEDIATE) on the SQLite writer; when another connection
 * holds the write lock, yields and tries again with a growing pause, for up to `maxWaitMs`.
 */
export async function sqliteWrite<T>(raw: SqliteRaw, fn: (db: BetterSqlite3.Database) => T, maxWaitMs = 60_000): Promise<T> {
  const db = raw.writer();
  const run = db.transaction(() => fn(db));
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return run.immediate();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() - started > maxWaitMs) {
        throw new AppError('DATABASE_ERROR', `Basis data SQLite ${raw.filePath} terus dikunci proses lain lebih dari ${Math.round(maxWaitMs / 1000)} detik; coba lagi nanti.`, { cause: error });
      }
      await sleep(Math.min(200, 2 + attempt * 5));
    }
  }
}
