/**
 * Migration 0005: a database written before region profiles (regions stored as display names, kinds of
 * one region, number scopes per kind) is carried over — officials, users, documents, archive records and
 * lists get profile ids, documents the shared kinds, and the number registers continue under the
 * region's scope, so no number of the year is issued twice.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../src/db/migration-files.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { createScratchDatabase, databases, type ScratchDatabase } from './support/databases.ts';

function migrationsUpTo(provider: string, last: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-mig-'));
  mkdirSync(path.join(dir, provider));
  for (const f of readdirSync(path.join(MIGRATIONS_DIR, provider)).filter((n) => n.endsWith('.sql') && n <= last)) {
    cpSync(path.join(MIGRATIONS_DIR, provider, f), path.join(dir, provider, f));
  }
  return dir;
}

async function exec(s: ScratchDatabase, sql: string): Promise<Record<string, unknown>[]> {
  if (s.provider === 'sqlite') {
    const db = new Database(s.databaseUrl.replace(/^file:/, ''));
    try {
      return /^\s*select/i.test(sql) ? (db.prepare(sql).all() as Record<string, unknown>[]) : (db.exec(sql), []);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: s.databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe.each(databases)('carrying a database over to region profiles on $provider', ({ provider }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('converts region names to ids, kinds to the shared kinds and number scopes to the region scope', async () => {
    const s = await createScratchDatabase(provider);
    cleanup.push(() => s.dispose());
    const before = migrationsUpTo(provider, '0004_zzz');
    cleanup.push(async () => rmSync(before, { recursive: true, force: true }));
    await migrateDatabase({ databaseUrl: s.databaseUrl, migrationsDir: before });
    const now = provider === 'sqlite' ? String(Date.now()) : 'now()';
    await exec(
      s,
      `INSERT INTO "Official" ("id","jabatan","name","region","createdAt") VALUES ('o1','Sekretaris Daerah','KOSMAS D. LANA','Provinsi Nusa Tenggara Timur',${now});
       INSERT INTO "User" ("id","username","displayName","passwordHash","roles","regions","officialId","active","createdAt") VALUES ('u1','sekda','S','x','signer','Provinsi Nusa Tenggara Timur,Kota Bekasi','o1',true,${now});
       INSERT INTO "DocumentKind" ("id","family","title","numberingPattern","numberingScope","region") VALUES ('keputusan-gubernur-ntt','keputusan','KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR','{seq}/KEP/HK/{year}','ntt-keputusan-gubernur','Provinsi Nusa Tenggara Timur');
       INSERT INTO "Document" ("id","kindId","state","tentang","drafterId","region","createdAt","updatedAt","lockVersion") VALUES ('d1','keputusan-gubernur-ntt','signed','Tim Kerja','u1','Provinsi Nusa Tenggara Timur',${now},${now},0);
       INSERT INTO "IssuedDocument" ("documentId","kind","number","year","date","tentang","signerName","region","pdfSha256","status","jdihJson") VALUES ('d1','keputusan-gubernur-ntt','7/KEP/HK/2025',2025,${now},'Tim Kerja','KOSMAS D. LANA','Provinsi Nusa Tenggara Timur','${'a'.repeat(64)}','berlaku','{}');
       INSERT INTO "NumberRegister" ("scope","year","lastSeq") VALUES ('ntt-keputusan-gubernur',2025,7);`,
    );
    await migrateDatabase({ databaseUrl: s.databaseUrl });
    expect(await exec(s, `SELECT "region" FROM "Official"`)).toEqual([{ region: 'prov-ntt' }]);
    expect(await exec(s, `SELECT "regions" FROM "User"`)).toEqual([{ regions: 'prov-ntt,kota-bekasi' }]);
    expect(await exec(s, `SELECT "kindId", "region" FROM "Document"`)).toEqual([{ kindId: 'keputusan-kepala-daerah', region: 'prov-ntt' }]);
    expect(await exec(s, `SELECT "kind", "region" FROM "IssuedDocument"`)).toEqual([{ kind: 'keputusan-kepala-daerah', region: 'prov-ntt' }]);
    expect(await exec(s, `SELECT "id" FROM "DocumentKind"`)).toEqual([{ id: 'keputusan-kepala-daerah' }]);
    expect(await exec(s, `SELECT "scope", "lastSeq" FROM "NumberRegister"`)).toEqual([{ scope: 'prov-ntt-keputusan', lastSeq: 7 }]);
  });
});
