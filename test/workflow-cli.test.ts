/**
 * The paraf hierarki through the `naskah` CLI on SQLite: officials, users, draft, submit, paraf, return,
 * revise, status, history — output text and exit codes (0 ok, 1 judged bad, 2 usage/unreadable).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { createDatabase, type Database } from '../src/db/create-database.ts';

const example = path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new Writable({ write: (c, _e, done) => ((stdout += String(c)), done()) });
  const err = new Writable({ write: (c, _e, done) => ((stderr += String(c)), done()) });
  const code = await main(args, { stdout: out, stderr: err });
  return { code, stdout, stderr };
}

describe('naskah officials / users / documents (SQLite)', () => {
  let dataDir: string;
  let db: Database;
  let documentId = '';
  let hash = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-cli-wf-'));
    process.env.NASKAH_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const r = await cli(['officials', 'seed-demo']);
    expect(r.code).toBe(0);
    db = await createDatabase({ databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, dataDir });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seed-demo prints each new password once, and none on a second run', async () => {
    const again = await cli(['officials', 'seed-demo']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Pengguna baru: 0.');
    expect(again.stdout).not.toContain('Kata sandi');
  });

  it('lists the demo officials with both signers', async () => {
    const r = await cli(['officials', 'list', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { jabatan: string; name: string }[];
    expect(rows).toHaveLength(9);
    expect(rows.map((o) => o.name)).toEqual(expect.arrayContaining(['KOSMAS D. LANA', 'RAHMAT EFFENDI']));
  });

  it('adds an official and a user with a generated password that verifies', async () => {
    const o = await cli(['officials', 'add', '--jabatan', 'Kepala Bagian Perundang-undangan', '--name', 'YUSTINA LEDE', '--region', 'prov-ntt']);
    expect(o.code).toBe(0);
    const officialId = /terdaftar: (\S+)/.exec(o.stdout)![1]!;
    const u = await cli(['users', 'add', 'kabag.ntt', '--name', 'YUSTINA LEDE', '--roles', 'paraf', '--official', officialId]);
    expect(u.code).toBe(0);
    const password = /hanya ditampilkan sekali ini\): (\S+)/.exec(u.stdout)![1]!;
    const { authenticateUser } = await import('../src/use-cases/create-user.ts');
    expect((await authenticateUser(db, 'kabag.ntt', password))?.officialId).toBe(officialId);
    expect(await authenticateUser(db, 'kabag.ntt', `${password}x`)).toBeUndefined();
    const bad = await cli(['users', 'add', 'X Y', '--name', 'a', '--roles', 'raja']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nama pengguna.*peran tidak dikenal: raja/);
  });

  it('records a Plh. with its validity, and collects every problem of a bad one (exit 2)', async () => {
    const rows = JSON.parse((await cli(['officials', 'list', '--json'])).stdout) as { id: string; jabatan: string; name: string }[];
    const biro = rows.find((o) => o.jabatan === 'Kepala Biro Hukum')!;
    const kabag = rows.find((o) => o.name === 'YUSTINA LEDE')!;
    const ok = await cli(['officials', 'delegate', biro.id, '--to', kabag.id, '--kind', 'plh', '--from', '2025-03-01', '--until', '2025-03-07']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Penunjukan Plh. dicatat');
    expect(ok.stdout).toContain('2025-03-01T00:00:00.000Z s.d. 2025-03-07T23:59:59.999Z');
    const bad = await cli(['officials', 'delegate', biro.id, '--to', biro.id, '--kind', 'plt', '--from', '2025-03-07', '--until', '2025-03-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/tanggal akhir sebelum tanggal mulai; pejabat tidak dapat menjadi Plt\./);
    expect((await cli(['officials', 'delegate', biro.id, '--to', kabag.id, '--kind', 'wakil', '--from', '2025-03-01', '--until', '2025-03-02'])).code).toBe(2);
    const delegations = await db.prisma.delegation.findMany();
    expect(delegations).toHaveLength(1);
  });

  it('drafts, submits and shows the status with the hash to paraf', async () => {
    const d = await cli(['documents', 'draft', 'keputusan-kepala-daerah', example, '--as', 'perancang.ntt']);
    expect(d.code).toBe(0);
    documentId = /Konsep dibuat: (\S+)/.exec(d.stdout)![1]!;
    hash = /hash isi ([0-9a-f]{64})/.exec(d.stdout)![1]!;
    // submit names the version the drafter checked: without it, or with another, it is refused
    expect((await cli(['documents', 'submit', documentId, '--as', 'perancang.ntt'])).code).toBe(2);
    const staleSubmit = await cli(['documents', 'submit', documentId, '--as', 'perancang.ntt', '--hash', 'b'.repeat(64)]);
    expect(staleSubmit.code).toBe(1);
    expect(staleSubmit.stderr).toContain('bukan versi terkini');
    const s = await cli(['documents', 'submit', documentId, '--as', 'perancang.ntt', '--hash', hash]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/1\. Perancang Peraturan Perundang-undangan Ahli Muda — MARIA G\. NDOEN\n\s+2\. Kepala Biro Hukum/);
    const st = await cli(['documents', 'status', documentId.slice(0, 8)]);
    expect(st.stdout).toContain(`Hash isi  : ${hash}`);
    expect(st.stdout).toContain('Status    : dalam paraf');
    expect(st.stdout).toMatch(/→ 1\. Perancang/);
  });

  it('exits 1 on a paraf out of turn and on a stale hash, 2 on a malformed hash or unknown document', async () => {
    const outOfTurn = await cli(['documents', 'paraf', documentId, '--as', 'karohukum.ntt', '--hash', hash]);
    expect(outOfTurn.code).toBe(1);
    expect(outOfTurn.stderr).toContain('urutan 1');
    const stale = await cli(['documents', 'paraf', documentId, '--as', 'perancang.ntt', '--hash', 'a'.repeat(64)]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('bukan versi terkini');
    expect((await cli(['documents', 'paraf', documentId, '--as', 'perancang.ntt', '--hash', 'xyz'])).code).toBe(2);
    expect((await cli(['documents', 'status', '00000000-0000-0000-0000-000000000000'])).code).toBe(2);
    expect((await cli(['documents', 'draft', 'keputusan-kepala-daerah', '/tidak/ada.yaml', '--as', 'perancang.ntt'])).code).toBe(2);
    expect((await cli(['documents', 'draft', 'tidak-ada', example, '--as', 'perancang.ntt'])).code).toBe(2);
  });

  it('paraf, return with a note, revise and history tell the story in order', async () => {
    const p = await cli(['documents', 'paraf', documentId, '--as', 'perancang.ntt', '--hash', hash]);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('Paraf urutan 1 dicatat. Status: dalam paraf.');
    const r = await cli(['documents', 'return', documentId, '--as', 'karohukum.ntt', '--note', 'Tambahkan Perpres 59/2024 pada Mengingat.']);
    expect(r.code).toBe(0);
    const revisedFile = path.join(dataDir, 'revisi.yaml');
    writeFileSync(revisedFile, readFileSync(example, 'utf8').replace('perlu dibentuk Tim Kerja', 'perlu membentuk Tim Kerja'));
    // a revision on top of a version that is not the current one is refused (stale) and writes nothing
    const staleRevise = await cli(['documents', 'revise', documentId, revisedFile, '--as', 'perancang.ntt', '--hash', 'c'.repeat(64)]);
    expect(staleRevise.code).toBe(1);
    expect(staleRevise.stderr).toContain('bukan versi terkini');
    const v = await cli(['documents', 'revise', documentId, revisedFile, '--as', 'perancang.ntt', '--hash', hash]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^Versi 2 dibuat, hash isi [0-9a-f]{64}\. Status: konsep/);
    const h = await cli(['documents', 'history', documentId]);
    const actions = [...h.stdout.matchAll(/^\s+#\d+\s+\S+\s+\S+\s+(\S+)/gm)].map((m) => m[1]);
    expect(actions).toEqual(['document.drafted', 'document.submitted', 'paraf.given', 'document.returned', 'document.revised']);
    expect(h.stdout).toContain('"Tambahkan Perpres 59/2024 pada Mengingat."');
    const audit = await cli(['audit', 'verify']);
    expect(audit.code).toBe(0);
  });
});
