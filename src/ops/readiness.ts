/**
 * Whether this process can serve: the database answers, every migration this build ships is applied
 * (with the checksum it has), and the file store can be reached. Used by /readyz; each check is bounded
 * by a timeout so a hung dependency makes the probe fail instead of hang.
 * May import: db (types and migration files), storage types.
 */
import type { DatabaseProvider, PrismaClient } from '../db/prisma-client.ts';
import { MIGRATIONS_TABLE } from '../db/migrate.ts';
import { listMigrationFiles } from '../db/migration-files.ts';
import type { FileStore } from '../storage/file-store.ts';

export interface ReadinessDeps {
  readonly db: { readonly prisma: PrismaClient; readonly provider: DatabaseProvider };
  readonly fileStore: FileStore;
  /** Folder holding sqlite/ and postgresql/ migrations (tests); the shipped ones by default. */
  readonly migrationsDir?: string;
}

export interface CheckResult {
  readonly ok: boolean;
  /** In Indonesian, for the operator. */
  readonly detail?: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: { readonly database: CheckResult; readonly migrations: CheckResult; readonly storage: CheckResult };
}

const CHECK_TIMEOUT_MS = 3_000;

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`tidak menjawab dalam ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function check(run: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await within(CHECK_TIMEOUT_MS, run());
  } catch (error) {
    return { ok: false, detail: (error as Error).message.slice(0, 300) };
  }
}

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const { prisma, provider } = deps.db;
  const database = await check(async () => {
    await prisma.$queryRawUnsafe('SELECT 1');
    return { ok: true };
  });
  const migrations = database.ok
    ? await check(async () => {
        const files = listMigrationFiles(provider, ...(deps.migrationsDir ? [`${deps.migrationsDir}/${provider}`] : []));
        const rows = await prisma.$queryRawUnsafe<{ name: string; checksum: string }[]>(`SELECT "name", "checksum" FROM "${MIGRATIONS_TABLE}"`);
        const applied = new Map(rows.map((r) => [r.name, r.checksum]));
        const missing = files.filter((f) => applied.get(f.name) !== f.checksum).map((f) => f.name);
        return missing.length === 0 ? { ok: true } : { ok: false, detail: `migrasi belum diterapkan: ${missing.join(', ')} (jalankan "naskah db migrate")` };
      })
    : { ok: false, detail: 'basis data tidak menjawab' };
  const storage = await check(async () => {
    await deps.fileStore.ping();
    return { ok: true };
  });
  return { ready: database.ok && migrations.ok && storage.ok, checks: { database, migrations, storage } };
}
