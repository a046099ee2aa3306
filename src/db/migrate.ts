/**
 * The runtime migration runner: applies the committed SQL files of prisma/migrations/<provider>/ that a
 * database has not seen, without any Prisma engine. Bookkeeping in table _naskah_migrations (name,
 * checksum sha256, appliedAt); each migration runs in its own transaction together with its bookkeeping
 * row; an applied migration whose file changed (or vanished) stops everything with MIGRATION_FAILED.
 * Two processes starting at once cannot both migrate: PostgreSQL holds a session advisory lock,
 * SQLite takes the database write lock (BEGIN IMMEDIATE) and re-reads what is applied under it.
 * Talks to the databases through the plain drivers (better-sqlite3, pg): multi-statement scripts and
 * locks are theirs, and migrating must work before a Prisma client exists.
 * Also readMigrationStatus for `naskah db status`.
 * May import: Node built-ins, better-sqlite3, pg, the AppError module, db/migration-files, db/database-url.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { AppError } from '../errors/app-error.ts';
import { parseDatabaseUrl, redactUrl } from './database-url.ts';
import { listMigrationFiles, MIGRATIONS_DIR, type DatabaseProvider, type MigrationFile } from './migration-files.ts';

export const MIGRATIONS_TABLE = '_naskah_migrations';

/** Key of the PostgreSQL advisory lock held while migrating (any constant; "naskah" in ASCII). */
const PG_MIGRATION_LOCK_KEY = 0x6e61736b6168n;

export interface MigrateOptions {
  readonly databaseUrl: string;
  /** Folder holding sqlite/ and postgresql/; the committed prisma/migrations by default (tests use copies). */
  readonly migrationsDir?: string;
  /** How long to wait for another process's migration lock before giving up. */
  readonly lockTimeoutMs?: number;
}

export interface MigrationReport {
  readonly provider: DatabaseProvider;
  /** Migrations this call applied, in order. */
  readonly applied: readonly string[];
  /** Migrations that were applied before this call. */
  readonly alreadyApplied: readonly string[];
}

interface AppliedRow {
  readonly name: string;
  readonly checksum: string;
}

export async function migrateDatabase(options: MigrateOptions): Promise<MigrationReport> {
  const target = parseDatabaseUrl(options.databaseUrl);
  const dir = path.join(options.migrationsDir ?? MIGRATIONS_DIR, target.provider);
  const files = listMigrationFiles(target.provider, dir);
  if (files.length === 0) {
    throw new AppError('MIGRATION_FAILED', `Tidak ada berkas migrasi di ${dir}; instalasi naskah tidak lengkap (pasang ulang).`);
  }
  const lockTimeoutMs = options.lockTimeoutMs ?? 120_000;
  return target.provider === 'sqlite'
    ? migrateSqlite(target.filePath, files, lockTimeoutMs)
    : migratePostgres(target.connectionString, files, lockTimeoutMs);
}

/** Refuses a database whose history does not match the files: edited or unknown applied migrations. */
function checkHistory(provider: DatabaseProvider, applied: readonly AppliedRow[], files: readonly MigrationFile[]): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of applied) {
    const file = byName.get(row.name);
    if (file === undefined) {
      throw new AppError(
        'MIGRATION_FAILED',
        `Basis data ${provider} sudah menjalankan migrasi ${row.name} yang tidak dikenal versi naskah ini; ` +
          'basis data itu dimigrasi oleh versi yang lebih baru. Jalankan versi itu, atau pulihkan cadangan dari sebelumnya.',
      );
    }
    if (file.checksum !== row.checksum) {
      throw new AppError(
        'MIGRATION_FAILED',
        `Migrasi ${row.name} diubah setelah dijalankan pada basis data ${provider} ` +
          `(checksum ${row.checksum.slice(0, 12)}… di basis data, ${file.checksum.slice(0, 12)}… di ${file.path}). ` +
          'Migrasi yang sudah dijalankan tidak boleh diubah: kembalikan berkas itu dari git dan tuangkan perubahannya dalam migrasi baru.',
      );
    }
  }
  const appliedNames = new Set(applied.map((r) => r.name));
  return files.filter((f) => !appliedNames.has(f.name));
}

function failedMigration(provider: DatabaseProvider, file: MigrationFile, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError(
    'MIGRATION_FAILED',
    `Migrasi ${file.name} gagal pada basis data ${provider} dan dibatalkan: ${reason}. ` +
      'Basis data tetap seperti sebelum migrasi ini; perbaiki penyebabnya lalu jalankan `naskah db migrate` lagi.',
    { cause, file: file.path },
  );
}

function migrateSqlite(filePath: string, files: readonly MigrationFile[], lockTimeoutMs: number): MigrationReport {
  mkdirSync(path.dirname(filePath), { recursive: true });
  const isNew = !existsSync(filePath);
  let db: BetterSqlite3.Database;
  try {
    db = new BetterSqlite3(filePath, { timeout: lockTimeoutMs });
    // it holds password hashes and session data: owner only (SQLite gives its -wal/-shm files the same mode)
    if (isNew) chmodSync(filePath, 0o600);
  } catch (cause) {
    throw new AppError('DATABASE_ERROR', `Basis data SQLite ${filePath} tidak bisa dibuka: ${(cause as Error).message}. Periksa apakah direktori data bisa ditulisi.`, {
      cause,
    });
  }
  const applied: string[] = [];
  let before: string[] | undefined;
  try {
    db.pragma('journal_mode = WAL');
    // Prisma's SQLite migrations redefine tables by copy-and-rename; foreign keys are checked explicitly below instead.
    db.pragma('foreign_keys = OFF');
    for (;;) {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`);
        const rows = db.prepare(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`).all() as AppliedRow[];
        before ??= rows.map((r) => r.name);
        const pending = checkHistory('sqlite', rows, files);
        const next = pending[0];
        if (next === undefined) {
          db.exec('COMMIT');
          break;
        }
        try {
          db.exec(next.sql);
          const violations = db.pragma('foreign_key_check') as unknown[];
          if (violations.length > 0) throw new Error(`${violations.length} pelanggaran foreign key setelah migrasi`);
        } catch (cause) {
          throw failedMigration('sqlite', next, cause);
        }
        db.prepare(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`).run(next.name, next.checksum, new Date().toISOString());
        db.exec('COMMIT');
        applied.push(next.name);
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as Error).message;
    if (/SQLITE_BUSY|database is locked/i.test(`${(error as { code?: string }).code ?? ''} ${message}`)) {
      throw new AppError('MIGRATION_FAILED', `Basis data SQLite ${filePath} dikunci proses lain lebih dari ${lockTimeoutMs} ms; hentikan proses itu lalu coba lagi.`, {
        cause: error,
      });
    }
    throw new AppError('DATABASE_ERROR', `Migrasi basis data SQLite ${filePath} gagal: ${message}`, { cause: error });
  } finally {
    db.close();
  }
  return { provider: 'sqlite', applied, alreadyApplied: before ?? [] };
}

async function migratePostgres(connectionString: string, files: readonly MigrationFile[], lockTimeoutMs: number): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (cause) {
    throw new AppError(
      'DATABASE_ERROR',
      `Tidak bisa terhubung ke PostgreSQL di ${redactUrl(connectionString)}: ${(cause as Error).message}. Periksa DATABASE_URL dan pastikan servernya berjalan.`,
      { cause },
    );
  }
  const applied: string[] = [];
  let before: string[] = [];
  let locked = false;
  try {
    await client.query("SET client_min_messages = 'warning'");
    locked = await acquireAdvisoryLock(client, lockTimeoutMs);
    if (!locked) {
      throw new AppError('MIGRATION_FAILED', `Proses lain memegang kunci migrasi lebih dari ${lockTimeoutMs} ms; tunggu sampai selesai lalu coba lagi.`);
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const rows = (await client.query<AppliedRow>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`)).rows;
    before = rows.map((r) => r.name);
    const pending = checkHistory('postgresql', rows, files);
    for (const file of pending) {
      await client.query('BEGIN');
      try {
        // no parameters: the simple query protocol runs the whole multi-statement script
        await client.query(file.sql);
        await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum") VALUES ($1, $2)`, [file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (cause) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw failedMigration('postgresql', file, cause);
      }
      applied.push(file.name);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('DATABASE_ERROR', `Migrasi basis data PostgreSQL gagal: ${(error as Error).message}`, { cause: error });
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1)', [PG_MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
  return { provider: 'postgresql', applied, alreadyApplied: before };
}

/** Polls pg_try_advisory_lock so a stuck peer ends in a clear error instead of a hang. */
async function acquireAdvisoryLock(client: pg.Client, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PG_MIGRATION_LOCK_KEY.toString()]);
    if (result.rows[0]?.locked === true) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface MigrationStatus {
  readonly provider: DatabaseProvider;
  /** Applied migrations with when, oldest first. */
  readonly applied: readonly { readonly name: string; readonly appliedAt: string }[];
  /** Files not yet applied, in the order they would apply. */
  readonly pending: readonly string[];
  /** Why migrating would be refused (an edited or unknown applied migration), if it would. */
  readonly problem?: string;
}

/** What migrateDatabase would do, without doing it or taking any lock (and without creating a SQLite file). */
export async function readMigrationStatus(options: Pick<MigrateOptions, 'databaseUrl' | 'migrationsDir'>): Promise<MigrationStatus> {
  const target = parseDatabaseUrl(options.databaseUrl);
  const files = listMigrationFiles(target.provider, path.join(options.migrationsDir ?? MIGRATIONS_DIR, target.provider));
  let rows: (AppliedRow & { appliedAt: string })[];
  if (target.provider === 'sqlite') {
    rows = [];
    if (existsSync(target.filePath)) {
      const db = new BetterSqlite3(target.filePath, { readonly: true, fileMustExist: true });
      try {
        const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) !== undefined;
        if (hasTable) rows = db.prepare(`SELECT "name", "checksum", "appliedAt" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`).all() as typeof rows;
      } finally {
        db.close();
      }
    }
  } else {
    const client = new pg.Client({ connectionString: target.connectionString, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
    } catch (cause) {
      throw new AppError('DATABASE_ERROR', `Tidak bisa terhubung ke PostgreSQL di ${redactUrl(target.connectionString)}: ${(cause as Error).message}. Periksa DATABASE_URL.`, {
        cause,
      });
    }
    try {
      const exists = (await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [`"${MIGRATIONS_TABLE}"`])).rows[0]?.t;
      rows = exists
        ? (await client.query<{ name: string; checksum: string; appliedAt: Date }>(`SELECT "name", "checksum", "appliedAt" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`)).rows.map(
            (r) => ({ ...r, appliedAt: r.appliedAt.toISOString() }),
          )
        : [];
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  const applied = rows.map((r) => ({ name: r.name, appliedAt: r.appliedAt }));
  try {
    const pending = checkHistory(target.provider, rows, files).map((f) => f.name);
    return { provider: target.provider, applied, pending };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const appliedNames = new Set(rows.map((r) => r.name));
    return { provider: target.provider, applied, pending: files.filter((f) => !appliedNames.has(f.name)).map((f) => f.name), problem: error.message };
  }
}
