import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/create-database.ts';
import { migrateDatabase, MIGRATIONS_TABLE, readMigrationStatus } from '../src/db/migrate.ts';
import { lastSchemaPath, listMigrationFiles, MIGRATIONS_DIR, schemaForProvider } from '../src/db/migration-files.ts';
import { AppError } from '../src/errors/app-error.ts';
import type { DatabaseProvider } from '../src/db/prisma-client.ts';
import { runWorker } from './support/run-db-worker.ts';
import { createScratchDatabase, databases, type ScratchDatabase } from './support/databases.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

const EXPECTED_TABLES = [
  'ApprovedNik',
  'AuditEvent',
  'AuditHead',
  'DataFile',
  'Delegation',
  'Document',
  'DocumentKind',
  'DocumentVersion',
  'IssuanceReservation',
  'Job',
  'IssuedDocument',
  'IssuedNik',
  'IssuedPdfVersion',
  'NumberRegister',
  'Official',
  'ParafStep',
  'Participant',
  'ParticipantList',
  'QuotaLedger',
  'PreviewCacheEntry',
  'ReleasedNumber',
  'Session',
  'StoredFile',
  'User',
  MIGRATIONS_TABLE,
].sort();

interface AppliedRow {
  name: string;
  checksum: string;
}

/** Reads the database directly with the plain driver: the test does not trust the code under test to report. */
async function inspect(scratch: ScratchDatabase): Promise<{ tables: string[]; applied: AppliedRow[] }> {
  if (scratch.provider === 'sqlite') {
    const file = scratch.databaseUrl.replace(/^file:/, '');
    if (!existsSync(file)) return { tables: [], applied: [] };
    const db = new BetterSqlite3(scratch.databaseUrl.replace(/^file:/, ''), { readonly: true });
    try {
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      const applied = tables.includes(MIGRATIONS_TABLE) ? (db.prepare(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`).all() as AppliedRow[]) : [];
      return { tables: tables.sort(), applied };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: scratch.databaseUrl });
  await client.connect();
  try {
    const tables = (await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.table_name);
    const applied = tables.includes(MIGRATIONS_TABLE) ? (await client.query<AppliedRow>(`SELECT name, checksum FROM "${MIGRATIONS_TABLE}" ORDER BY name`)).rows : [];
    return { tables: tables.sort(), applied };
  } finally {
    await client.end();
  }
}

function copyMigrations(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function migrationError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the migration to be refused');
}


describe('committed migrations', () => {
  it.each(['sqlite', 'postgresql'] as DatabaseProvider[])('for %s are up to date with prisma/schema.prisma (else run scripts/make-migration.ts)', (provider) => {
    const schema = readFileSync(path.join(ROOT, 'prisma', 'schema.prisma'), 'utf8');
    expect(readFileSync(lastSchemaPath(provider), 'utf8')).toBe(schemaForProvider(schema, provider));
    const names = listMigrationFiles(provider).map((m) => m.name);
    expect(names[0]).toBe('0001_init');
    names.forEach((name, i) => expect(name.startsWith(String(i + 1).padStart(4, '0'))).toBe(true));
  });

  it('exist under the same names for both providers', () => {
    expect(listMigrationFiles('postgresql').map((m) => m.name)).toEqual(listMigrationFiles('sqlite').map((m) => m.name));
  });
});

describe.each(databases)('migrations on $provider', ({ provider }) => {
  const scratches: ScratchDatabase[] = [];
  const tempDirs: string[] = [];
  async function scratch(): Promise<ScratchDatabase> {
    const s = await createScratchDatabase(provider);
    scratches.push(s);
    return s;
  }
  afterEach(async () => {
    for (const s of scratches.splice(0)) await s.dispose();
    for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('apply to an empty database: every table, and one bookkeeping row per file with its checksum', async () => {
    const s = await scratch();
    expect((await inspect(s)).tables.filter((t) => t !== 'sqlite_sequence')).toEqual([]);
    const report = await migrateDatabase({ databaseUrl: s.databaseUrl });
    const files = listMigrationFiles(provider);
    expect(report.applied).toEqual(files.map((f) => f.name));
    expect(report.alreadyApplied).toEqual([]);
    const state = await inspect(s);
    expect(state.tables.filter((t) => t !== 'sqlite_sequence')).toEqual(EXPECTED_TABLES);
    expect(state.applied).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
  });

  it('are idempotent: a second run applies nothing and changes no bookkeeping', async () => {
    const s = await scratch();
    await migrateDatabase({ databaseUrl: s.databaseUrl });
    const before = await inspect(s);
    const again = await migrateDatabase({ databaseUrl: s.databaseUrl });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(listMigrationFiles(provider).map((f) => f.name));
    expect(await inspect(s)).toEqual(before);
  });

  it('apply only the new migration to a database that has the earlier ones', async () => {
    const s = await scratch();
    const dir = copyMigrations();
    tempDirs.push(dir);
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    writeFileSync(path.join(dir, provider, '0099_add_note.sql'), 'CREATE TABLE "TestNote" ("id" INTEGER NOT NULL PRIMARY KEY, "text" TEXT NOT NULL);\n');
    const report = await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    expect(report.applied).toEqual(['0099_add_note']);
    expect((await inspect(s)).tables).toContain('TestNote');
  });

  it('refuse a database whose applied migration was edited afterwards, and change nothing', async () => {
    const s = await scratch();
    const dir = copyMigrations();
    tempDirs.push(dir);
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    const before = await inspect(s);
    appendFileSync(path.join(dir, provider, '0001_init.sql'), '\n-- tampered\n');
    writeFileSync(path.join(dir, provider, '0099_later.sql'), 'CREATE TABLE "Later" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    const error = await migrationError(migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toContain('0001_init');
    expect(error.message).toMatch(/diubah setelah dijalankan/);
    // the later migration was not applied either
    expect(await inspect(s)).toEqual(before);
  });

  it('show in the status what is applied, what is pending and why an edited migration blocks', async () => {
    const s = await scratch();
    const dir = copyMigrations();
    tempDirs.push(dir);
    const names = listMigrationFiles(provider).map((f) => f.name);
    expect(await readMigrationStatus({ databaseUrl: s.databaseUrl, migrationsDir: dir })).toEqual({ provider, applied: [], pending: names });
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    writeFileSync(path.join(dir, provider, '0099_later.sql'), 'CREATE TABLE "Later" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    const status = await readMigrationStatus({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    expect(status.applied.map((a) => a.name)).toEqual(names);
    for (const a of status.applied) expect(Number.isNaN(Date.parse(a.appliedAt))).toBe(false);
    expect(status.pending).toEqual(['0099_later']);
    expect(status.problem).toBeUndefined();
    appendFileSync(path.join(dir, provider, '0001_init.sql'), '\n-- tampered\n');
    expect((await readMigrationStatus({ databaseUrl: s.databaseUrl, migrationsDir: dir })).problem).toContain('0001_init');
  });

  it('refuse a database migrated by a newer version (an applied migration this version lacks)', async () => {
    const s = await scratch();
    const dir = copyMigrations();
    tempDirs.push(dir);
    writeFileSync(path.join(dir, provider, '0099_newer.sql'), 'CREATE TABLE "Newer" ("id" INTEGER NOT NULL PRIMARY KEY);\n');
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    const error = await migrationError(migrateDatabase({ databaseUrl: s.databaseUrl }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toContain('0099_newer');
  });

  it('roll a failing migration back completely and record nothing of it', async () => {
    const s = await scratch();
    const dir = copyMigrations();
    tempDirs.push(dir);
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    const before = await inspect(s);
    writeFileSync(
      path.join(dir, provider, '0099_broken.sql'),
      'CREATE TABLE "HalfDone" ("id" INTEGER NOT NULL PRIMARY KEY);\nINSERT INTO "NoSuchTable" ("x") VALUES (1);\n',
    );
    const error = await migrationError(migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toContain('0099_broken');
    expect(error.message).toMatch(/NoSuchTable/);
    const after = await inspect(s);
    expect(after).toEqual(before);
    expect(after.tables).not.toContain('HalfDone');
  });

  it('run once when four processes start migrating the same empty database at the same moment', async () => {
    const s = await scratch();
    const barrierDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-barrier-'));
    tempDirs.push(barrierDir);
    const results = await Promise.all(Array.from({ length: 4 }, () => runWorker(['migrate', s.databaseUrl, barrierDir, '4'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const reports = results.map((r) => JSON.parse(r.stdout) as { applied: string[] });
    const names = listMigrationFiles(provider).map((f) => f.name);
    // every migration applied by exactly one process
    expect(reports.flatMap((r) => r.applied).sort()).toEqual(names);
    const state = await inspect(s);
    expect(state.tables.filter((t) => t !== 'sqlite_sequence')).toEqual(EXPECTED_TABLES);
    expect(state.applied.map((r) => r.name)).toEqual(names);
  });
});

const REDEFINE_OFFICIAL = (selectFrom: string): string => `-- RedefineTables (the shape Prisma's SQLite diff writes)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Official" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jabatan" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nip" TEXT,
    "rank" TEXT,
    "unit" TEXT,
    "region" TEXT,
    "nik" TEXT,
    "certificatePem" TEXT,
    "keyRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "email" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Official" ("id", "jabatan", "name", "nip", "rank", "unit", "region", "nik", "certificatePem", "keyRef", "createdAt")
  SELECT "id", "jabatan", "name", "nip", "rank", "unit", "region", "nik", "certificatePem", "keyRef", "createdAt" FROM "Official" ${selectFrom};
DROP TABLE "Official";
ALTER TABLE "new_Official" RENAME TO "Official";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;

describe('SQLite table redefinitions', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  async function databaseWithReferencedOfficial(): Promise<{ s: ScratchDatabase; dir: string; file: string }> {
    const s = await createScratchDatabase('sqlite');
    const dir = copyMigrations();
    cleanup.push(() => s.dispose(), () => rmSync(dir, { recursive: true, force: true }));
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir });
    const file = s.databaseUrl.replace(/^file:/, '');
    const raw = new BetterSqlite3(file);
    raw.prepare(`INSERT INTO "Official" ("id", "jabatan", "name") VALUES ('o1', 'Sekretaris Daerah', 'B'), ('o2', 'Wali Kota', 'W')`).run();
    raw.prepare(`INSERT INTO "User" ("id", "username", "displayName", "passwordHash", "officialId") VALUES ('u1', 'sekda', 'Sekda', 'x', 'o1')`).run();
    raw.close();
    return { s, dir, file };
  }

  it('keeps the rows and the foreign keys that point at a redefined table', async () => {
    const { s, dir, file } = await databaseWithReferencedOfficial();
    writeFileSync(path.join(dir, 'sqlite', '0099_official_email.sql'), REDEFINE_OFFICIAL(''));
    expect((await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir })).applied).toEqual(['0099_official_email']);
    const raw = new BetterSqlite3(file);
    try {
      expect(raw.prepare(`SELECT "id", "email" FROM "Official" ORDER BY "id"`).all()).toEqual([
        { id: 'o1', email: '' },
        { id: 'o2', email: '' },
      ]);
      raw.pragma('foreign_keys = ON');
      expect(() => raw.prepare(`INSERT INTO "User" ("id", "username", "displayName", "passwordHash", "officialId") VALUES ('u2', 'x', 'x', 'x', 'nobody')`).run()).toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      raw.close();
    }
  });

  it('rolls back a redefinition that would leave rows pointing at nothing', async () => {
    const { s, dir, file } = await databaseWithReferencedOfficial();
    // drops official o1 while user u1 still refers to it
    writeFileSync(path.join(dir, 'sqlite', '0099_official_email.sql'), REDEFINE_OFFICIAL(`WHERE "id" <> 'o1'`));
    const error = await migrationError(migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: dir }));
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toMatch(/foreign key/);
    const raw = new BetterSqlite3(file, { readonly: true });
    try {
      expect(raw.prepare(`SELECT "id" FROM "Official" ORDER BY "id"`).all()).toEqual([{ id: 'o1' }, { id: 'o2' }]);
      expect(raw.prepare(`SELECT COUNT(*) AS n FROM "${MIGRATIONS_TABLE}" WHERE "name" = '0099_official_email'`).get()).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
  });
});

describe.each(databases)('createDatabase on $provider', ({ provider }) => {
  let s: ScratchDatabase;
  beforeAll(async () => {
    s = await createScratchDatabase(provider);
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('migrates, then serves the Prisma client: rows round-trip, foreign keys and unique keys are enforced', async () => {
    const db = await createDatabase({ databaseUrl: s.databaseUrl, dataDir: s.dataDir });
    try {
      expect(db.provider).toBe(provider);
      expect(db.migration.applied).toEqual(listMigrationFiles(provider).map((f) => f.name));
      const official = await db.prisma.official.create({ data: { jabatan: 'Kepala Biro Hukum', name: 'Dr. A, S.H.' } });
      const user = await db.prisma.user.create({ data: { username: 'perancang', displayName: 'Perancang', passwordHash: 'x', roles: 'drafter,paraf', officialId: official.id } });
      const read = await db.prisma.user.findUniqueOrThrow({ where: { username: 'perancang' }, include: { official: true } });
      expect(read.official?.jabatan).toBe('Kepala Biro Hukum');
      expect(read.id).toBe(user.id);
      await expect(db.prisma.user.create({ data: { username: 'perancang', displayName: 'dup', passwordHash: 'x' } })).rejects.toMatchObject({ code: 'P2002' });
      await expect(db.prisma.user.create({ data: { username: 'orphan', displayName: 'o', passwordHash: 'x', officialId: 'no-such-official' } })).rejects.toMatchObject({
        code: 'P2003',
      });
      const size = 5_000_000_000n;
      await db.prisma.storedFile.create({ data: { id: 'ab'.repeat(32), size, mediaType: 'application/pdf', storagePath: 'ab/abab.pdf' } });
      expect((await db.prisma.storedFile.findUniqueOrThrow({ where: { id: 'ab'.repeat(32) } })).size).toBe(size);
      const head = await db.prisma.auditHead.findUniqueOrThrow({ where: { id: 1 } });
      expect(head).toMatchObject({ seq: 0, hash: '0'.repeat(64) });
    } finally {
      await db.close();
    }
    // opening again finds everything applied
    const again = await createDatabase({ databaseUrl: s.databaseUrl, dataDir: s.dataDir });
    try {
      expect(again.migration.applied).toEqual([]);
      expect(await again.prisma.user.count()).toBe(1);
    } finally {
      await again.close();
    }
  });

  if (provider === 'sqlite') {
    it('creates the SQLite file readable by its owner only', async () => {
      await (await createDatabase({ databaseUrl: s.databaseUrl, dataDir: s.dataDir })).close();
      expect(statSync(s.databaseUrl.replace(/^file:/, '')).mode & 0o777).toBe(0o600);
    });

    it('puts the SQLite file in WAL mode', async () => {
      const db = await createDatabase({ databaseUrl: s.databaseUrl, dataDir: s.dataDir });
      await db.close();
      const raw = new BetterSqlite3(s.databaseUrl.replace(/^file:/, ''), { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        raw.close();
      }
    });
  }
});
