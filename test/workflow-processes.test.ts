/**
 * Separate `naskah` processes racing for one paraf step (what two officials' terminals, or a web worker
 * and a CLI, do): exactly one wins, the others exit 1 out of turn, one audit event, chain intact.
 * On SQLite this exercises the file lock between processes; on PostgreSQL the row locks.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { verifyAuditChain } from '../src/use-cases/verify-audit-chain.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

const templatesDir = path.join(PROJECT_ROOT, 'templates');
const nttYaml = readFileSync(path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml'), 'utf8');

function naskah(db: TestDatabase, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'naskah.mjs'), ...args], {
      env: { ...process.env, DATABASE_URL: db.databaseUrl, NASKAH_DATA_DIR: db.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.each(databases)('paraf raced by separate processes on $provider', ({ provider }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(provider);
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });

  it('lets exactly one of 4 processes give the paraf', async () => {
    await seedDemo(db, { password: 'demo-password-uji' });
    const d = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.ntt' });
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    const before = await db.prisma.auditEvent.count();
    const results = await Promise.all(Array.from({ length: 4 }, () => naskah(db, ['documents', 'paraf', d.documentId, '--as', 'perancang.ntt', '--hash', d.contentHash])));
    const codes = results.map((r) => r.code).sort();
    expect(codes, results.map((r) => r.stderr).join('\n')).toEqual([0, 1, 1, 1]);
    for (const r of results.filter((x) => x.code === 1)) expect(r.stderr).toContain('menunggu paraf pada urutan 2');
    expect(await db.prisma.auditEvent.count()).toBe(before + 1);
    expect(await db.prisma.parafStep.count({ where: { documentId: d.documentId, state: 'done' } })).toBe(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  }, 300_000); // each process starts tsx and Prisma: seconds apiece on a loaded 2-core machine
});
