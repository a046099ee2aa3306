/**
 * Opens naskah's database: migrates it first (src/db/migrate.ts), then returns the Prisma client on the
 * right driver adapter. SQLite (a file in the data directory, the default) runs in WAL mode with a
 * busy timeout and foreign keys on; PostgreSQL when the URL starts with postgres.
 * The only place that constructs a PrismaClient for the application.
 * May import: db/*, the AppError module.
 */
import { mkdirSync } from 'node:fs';
import { AppError } from '../errors/app-error.ts';
import { parseDatabaseUrl, redactUrl } from './database-url.ts';
import { migrateDatabase, type MigrationReport } from './migrate.ts';
import { createPostgresPrismaClient, createSqlitePrismaClient, type DatabaseProvider, type PrismaClient } from './prisma-client.ts';
import { openPostgresRaw, openSqliteRaw, type RawDatabase } from './raw-database.ts';

export interface Database {
  readonly prisma: PrismaClient;
  readonly provider: DatabaseProvider;
  /** The drivers underneath, for bulk work (src/db/raw-database.ts). */
  readonly raw: RawDatabase;
  /** What migrating at open did (empty `applied` when the database was up to date, or migrate: false). */
  readonly migration: MigrationReport;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  readonly databaseUrl: string;
  readonly dataDir: string;
}

export interface CreateDatabaseOptions {
  /** Apply pending migrations before opening (default true). */
  readonly migrate?: boolean;
  /** SQLite: how long a write waits for another connection's lock (default 15 s). */
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: pool size (default 10). */
  readonly maxConnections?: number;
  /** Migrations folder override, for tests. */
  readonly migrationsDir?: string;
}

export async function createDatabase(config: DatabaseConfig, options: CreateDatabaseOptions = {}): Promise<Database> {
  try {
    mkdirSync(config.dataDir, { recursive: true });
  } catch (cause) {
    throw new AppError('DATABASE_ERROR', `Direktori data ${config.dataDir} tidak bisa dibuat: ${(cause as Error).message}. Atur NASKAH_DATA_DIR ke direktori yang bisa ditulisi.`, {
      cause,
    });
  }
  // relative SQLite paths resolve against the working directory, as in `naskah db migrate`
  const target = parseDatabaseUrl(config.databaseUrl);
  const migration: MigrationReport =
    options.migrate === false
      ? { provider: target.provider, applied: [], alreadyApplied: [] }
      : await migrateDatabase({ databaseUrl: target.provider === 'sqlite' ? `file:${target.filePath}` : target.connectionString, migrationsDir: options.migrationsDir });

  if (target.provider === 'sqlite') {
    const prisma = createSqlitePrismaClient({ filePath: target.filePath, busyTimeoutMs: options.busyTimeoutMs ?? 15_000 });
    try {
      // The adapter keeps one connection per client, so connection pragmas set here hold for its life.
      await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
      // FULL, not NORMAL: a committed number or paraf must survive a power cut, or it could be handed out twice
      await prisma.$executeRawUnsafe('PRAGMA synchronous = FULL');
      await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    } catch (cause) {
      await prisma.$disconnect().catch(() => undefined);
      throw new AppError('DATABASE_ERROR', `Basis data SQLite ${target.filePath} tidak bisa dibuka: ${(cause as Error).message}`, { cause });
    }
    const raw = openSqliteRaw(target.filePath);
    return {
      prisma,
      provider: 'sqlite',
      raw,
      migration,
      close: async () => {
        raw.close();
        await prisma.$disconnect();
      },
    };
  }

  // a bounded connect timeout (in the pool): an unreachable server is an error to report, not a hang
  const raw = openPostgresRaw(target.connectionString, options.maxConnections ?? 10);
  const prisma = createPostgresPrismaClient({ pool: raw.pool });
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
  } catch (cause) {
    await prisma.$disconnect().catch(() => undefined);
    await raw.close().catch(() => undefined);
    throw new AppError('DATABASE_ERROR', `Tidak bisa terhubung ke PostgreSQL di ${redactUrl(target.connectionString)}: ${(cause as Error).message}. Periksa DATABASE_URL.`, { cause });
  }
  return {
    prisma,
    provider: 'postgresql',
    raw,
    migration,
    close: async () => {
      await prisma.$disconnect();
      await raw.close();
    },
  };
}
