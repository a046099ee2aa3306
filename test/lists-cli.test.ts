/**
 * `naskah lists import | approve | show` on SQLite and PostgreSQL, with the demo users: the importer's
 * region recorded, the importer refused as approver (nothing written), the approver of the region
 * approves, and `lists show --json` reports `approved`.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { writeFileSync } from 'node:fs';
import { createScratchDatabase, databases, type ScratchDatabase } from './support/databases.ts';
import { programsYamlWithCapacity } from './support/programs.ts';

const example = path.join(PROJECT_ROOT, 'examples', 'peserta-pbpu-ntt.csv');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write: (c, _e, done) => ((stdout += String(c)), done()) });
  const err = new Writable({ write: (c, _e, done) => ((stderr += String(c)), done()) });
  const code = await main(args, { stdout: out, stderr: err });
  return { code, stdout, stderr };
}

describe.each(databases)('naskah lists on $provider', ({ provider }) => {
  let scratch: ScratchDatabase;
  let listId = '';

  beforeAll(async () => {
    scratch = await createScratchDatabase(provider);
    process.env.NASKAH_DATA_DIR = scratch.dataDir;
    process.env.DATABASE_URL = scratch.databaseUrl;
    expect((await cli(['officials', 'seed-demo'])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.NASKAH_PROGRAMS;
    await scratch?.dispose();
  });

  it('imports the example list into the importer\'s region', async () => {
    const r = await cli(['lists', 'import', example, '--program', 'pbpu-pemda', '--year', '2025', '--as', 'perancang.ntt', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const m = /^Daftar (\S+) \(prov-ntt\): 250 baris, 250 diterima, 0 ditolak\.$/m.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    listId = m![1]!;
  });

  it('refuses the importer as approver and an approver of another region (exit 1), writing nothing', async () => {
    const own = await cli(['lists', 'approve', listId, '--as', 'perancang.ntt', '--quiet']);
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/tidak berperan sebagai penyetuju|pemisahan tugas/);
    const foreign = await cli(['lists', 'approve', listId, '--as', 'penyetuju.bekasi', '--quiet']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('hanya penyetuju wilayah itu');
    const shown = JSON.parse((await cli(['lists', 'show', listId, '--json'])).stdout) as { status: string; approved: number };
    expect(shown).toMatchObject({ status: 'checked', approved: 0 });
  });

  it('approves with the region\'s approver within the quota of NASKAH_PROGRAMS, and lists show --json reports approved', async () => {
    const programs = path.join(scratch.dataDir, 'programs.yaml');
    writeFileSync(programs, programsYamlWithCapacity(200));
    process.env.NASKAH_PROGRAMS = programs;
    const r = await cli(['lists', 'approve', listId, '--as', 'penyetuju.ntt', '--order', 'nama', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Kuota tahun program 200 orang, tersisa 200; disetujui 200; di luar kuota 50.');
    expect(r.stdout).toContain('Iuran: 200 × Rp42.000 × 12 bulan = Rp100.800.000');
    expect(r.stdout.match(/^ {2}di luar kuota: baris \d+ \d{16} /gm)).toHaveLength(20);
    const shown = JSON.parse((await cli(['lists', 'show', listId, '--json'])).stdout) as Record<string, unknown> & { report: { total: number } };
    expect(shown).toMatchObject({ id: listId, status: 'approved', approved: 200, outsideQuota: 50, importedBy: 'perancang.ntt', approvedBy: 'penyetuju.ntt', region: 'prov-ntt' });
    expect(shown.report.total).toBe(250);
    expect(shown.listFile).toBe(`daftar/${shown.contentHash as string}.csv`);
    const line = await cli(['lists', 'show', listId]);
    expect(line.stdout).toContain('approved; 250 baris, 250 diterima, 0 ditolak; disetujui 200, di luar kuota 50');
  });
});
