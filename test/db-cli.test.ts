import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { listMigrationFiles } from '../src/db/migration-files.ts';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, stdout: out, stderr: err };
}

describe('naskah db (SQLite in the data directory)', () => {
  let dataDir: string;
  const saved = { dir: process.env.NASKAH_DATA_DIR, url: process.env.DATABASE_URL };
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-db-cli-'));
    process.env.NASKAH_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
  });
  afterAll(() => {
    if (saved.dir === undefined) delete process.env.NASKAH_DATA_DIR;
    else process.env.NASKAH_DATA_DIR = saved.dir;
    if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const names = listMigrationFiles('sqlite').map((f) => f.name);

  it('status on a fresh data directory lists every migration as pending and exits 1', async () => {
    const r = await run(['db', 'status', '--json']);
    expect(r.code).toBe(1);
    const status = JSON.parse(r.stdout) as { pending: string[]; applied: unknown[]; upToDate: boolean };
    expect(status).toMatchObject({ pending: names, applied: [], upToDate: false });
  });

  it('migrate applies them to output/naskah.db, then reports the database up to date', async () => {
    const first = await run(['db', 'migrate']);
    expect(first.code, first.stderr).toBe(0);
    for (const n of names) expect(first.stdout).toContain(n);
    const raw = new BetterSqlite3(path.join(dataDir, 'naskah.db'), { readonly: true });
    try {
      expect((raw.prepare('SELECT name FROM _naskah_migrations ORDER BY name').all() as { name: string }[]).map((r) => r.name)).toEqual(names);
    } finally {
      raw.close();
    }
    const second = await run(['db', 'migrate', '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ provider: 'sqlite', applied: [], alreadyApplied: names });
    const status = await run(['db', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Mutakhir.');
  });

  it('migrate against an unreachable PostgreSQL exits 2 with the password hidden', async () => {
    process.env.DATABASE_URL = 'postgresql://naskah:rahasia@127.0.0.1:1/naskah';
    try {
      const r = await run(['db', 'migrate']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('postgresql://naskah:***@127.0.0.1:1/naskah');
      expect(r.stderr).not.toContain('rahasia');
    } finally {
      delete process.env.DATABASE_URL;
    }
  });
});
