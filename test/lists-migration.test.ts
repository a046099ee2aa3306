/**
 * Migration 0007 (bulk list storage, quota ledger, register of approved NIKs) on a database that holds
 * lists stored the earlier way: the participants' other columns come out of the old JSON column, the
 * approved NIKs go to the register, and the counts and the quota used are carried over — on SQLite and
 * on PostgreSQL.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../src/db/migration-files.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { parseDatabaseUrl } from '../src/db/database-url.ts';
import { createScratchDatabase, databases } from './support/databases.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-lists-migration-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the committed migrations of `provider` up to and including `last`. */
function migrationsUpTo(provider: string, last: string): string {
  const dir = path.join(work, `${provider}-${last}`);
  mkdirSync(path.join(dir, provider), { recursive: true });
  for (const f of readdirSync(path.join(MIGRATIONS_DIR, provider)).filter((f) => /^\d{4}_.*\.sql$/.test(f) && f.slice(0, 4) <= last)) {
    cpSync(path.join(MIGRATIONS_DIR, provider, f), path.join(dir, provider, f));
  }
  return dir;
}

const OLD_ROWS = [
  // listId, rowNo, nik, approved, fields
  ['l1', 2, '5371012403800001', true, { hubunganKeluarga: 'Kepala Keluarga', alamat: 'Jl. El Tari 5', kecamatan: 'Alak', kabupatenKota: 'Kota Kupang' }],
  ['l1', 3, '5371016505850002', true, { hubunganKeluarga: 'Istri', kabupatenKota: 'Kota Kupang' }],
  ['l1', 4, '5371012503100003', false, {}],
  ['l2', 2, '5371012403800001', false, { gaji: 4500000, perangkatDaerah: 'Dinas Sosial' }],
] as const;

describe.each(databases)('migration 0007 on $provider', ({ provider }) => {
  it('carries lists stored the earlier way over: columns out of the JSON, approved NIKs registered, counts and the quota used', async () => {
    const scratch = await createScratchDatabase(provider);
    try {
      await migrateDatabase({ databaseUrl: scratch.databaseUrl, migrationsDir: migrationsUpTo(provider, '0006') });
      const statements: [string, unknown[]][] = [
        [`INSERT INTO "User" ("id", "username", "displayName", "passwordHash") VALUES ('u1', 'perancang', 'P', 'x')`, []],
        ...(['l1', 'l2'] as const).map((id): [string, unknown[]] => [
          `INSERT INTO "ParticipantList" ("id", "program", "year", "fileName", "status", "total", "accepted", "rejected", "reportJson", "createdById", "approvedAt") VALUES ('${id}', 'pbpu-pemda', 2025, '${id}.csv', '${id === 'l1' ? 'approved' : 'checked'}', 3, 3, 0, '{}', 'u1', ${id === 'l1' ? `'2025-03-01T00:00:00.000+00:00'` : 'NULL'})`,
          [],
        ]),
        ...OLD_ROWS.map(([listId, rowNo, nik, approved, fields]): [string, unknown[]] => [
          `INSERT INTO "Participant" ("id", "listId", "rowNo", "nik", "nama", "tanggalLahir", "jenisKelamin", "fields", "approved") VALUES ('${listId}-${rowNo}', '${listId}', ${rowNo}, '${nik}', 'Nama', '1980-03-24', 'L', '${JSON.stringify({ row: rowNo, nik, ...fields })}', ${provider === 'sqlite' ? (approved ? 1 : 0) : approved})`,
          [],
        ]),
      ];
      const query = await rawQuery(scratch.databaseUrl);
      try {
        for (const [sql] of statements) await query(sql);
      } finally {
        await query.close();
      }

      const report = await migrateDatabase({ databaseUrl: scratch.databaseUrl });
      expect(report.applied).toContain('0007_lists_bulk_quota');
      const after = await rawQuery(scratch.databaseUrl);
      try {
        expect(await after('SELECT "listId", "rowNo", "hubunganKeluarga", "alamat", "kabupatenKota", "perangkatDaerah", "gaji" FROM "Participant" ORDER BY "listId", "rowNo"')).toEqual([
          { listId: 'l1', rowNo: 2, hubunganKeluarga: 'Kepala Keluarga', alamat: 'Jl. El Tari 5', kabupatenKota: 'Kota Kupang', perangkatDaerah: null, gaji: null },
          { listId: 'l1', rowNo: 3, hubunganKeluarga: 'Istri', alamat: null, kabupatenKota: 'Kota Kupang', perangkatDaerah: null, gaji: null },
          { listId: 'l1', rowNo: 4, hubunganKeluarga: null, alamat: null, kabupatenKota: null, perangkatDaerah: null, gaji: null },
          { listId: 'l2', rowNo: 2, hubunganKeluarga: null, alamat: null, kabupatenKota: null, perangkatDaerah: 'Dinas Sosial', gaji: 4500000 },
        ]);
        expect(await after('SELECT "nik", "listId" FROM "ApprovedNik" ORDER BY "nik"')).toEqual([
          { nik: '5371012403800001', listId: 'l1' },
          { nik: '5371016505850002', listId: 'l1' },
        ]);
        expect(await after('SELECT "id", "approvedCount", "outsideQuota" FROM "ParticipantList" ORDER BY "id"')).toEqual([
          { id: 'l1', approvedCount: 2, outsideQuota: 1 },
          { id: 'l2', approvedCount: 0, outsideQuota: 0 },
        ]);
        expect((await after('SELECT "program", "year", "used" FROM "QuotaLedger"')).map((r) => ({ ...r, used: Number(r.used) }))).toEqual([{ program: 'pbpu-pemda', year: 2025, used: 2 }]);
      } finally {
        await after.close();
      }
    } finally {
      await scratch.dispose();
    }
  }, 60_000);
});

type Query = ((sql: string) => Promise<Record<string, unknown>[]>) & { close(): Promise<void> };

async function rawQuery(databaseUrl: string): Promise<Query> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === 'sqlite') {
    const db = new BetterSqlite3(target.filePath);
    const q = (async (sql: string) => {
      const statement = db.prepare(sql);
      return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
    }) as Query;
    q.close = async () => {
      db.close();
    };
    return q;
  }
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  const q = (async (sql: string) => (await client.query(sql)).rows as Record<string, unknown>[]) as Query;
  q.close = () => client.end();
  return q;
}
