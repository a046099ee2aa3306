/**
 * The embedded default (`npm start`: SQLite, nothing configured): `naskah serve` runs jobs in its own
 * child worker process, never on the server's event loop. An import through the API is done by the
 * child (the job records the child's pid, not the server's), its metrics reach the server's /metrics,
 * and stopping the server stops the worker too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createDatabase } from '../src/db/create-database.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client } from './http-support/http-harness.ts';
import { childEnv, NASKAH_BIN, startProcess, stopAll } from './support/processes.ts';

afterAll(stopAll);

const PASSWORD = 'rahasia-sekali-123';
const CSV = [
  'NIK,No KK,Nama,Tanggal Lahir,Jenis Kelamin,Hubungan Keluarga,Alamat,Kecamatan,Kabupaten/Kota',
  '5371012403800001,5371010101100001,Yohanes Ndun,24-03-1980,L,Kepala Keluarga,Jl. El Tari 5,Alak,Kota Kupang',
].join('\n');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('naskah serve on the embedded default', () => {
  test('runs an import in its child worker process, reports it in /metrics, and stops the worker with itself', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-embedded-'));
    try {
      const db = await createDatabase({ databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, dataDir });
      await createUser(db, { username: 'perancang', displayName: 'Perancang', password: PASSWORD, roles: ['drafter'], regions: ['Provinsi Nusa Tenggara Timur'], actor: 'test' });
      await db.close();
      const server = startProcess([NASKAH_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], childEnv({ NASKAH_DATA_DIR: dataDir, LOG_LEVEL: 'info' }));
      const url = (await server.waitFor(/naskah berjalan di (http:\/\/[^\s]+)\//))[1]!.replace('localhost', '127.0.0.1');
      const workerPid = Number((await server.waitFor(/"workerPid":(\d+)/))[1]);

      const c = new Client(url);
      expect((await c.apiLogin('perancang', PASSWORD)).status).toBe(200);
      const form = new FormData();
      form.set('program', 'pbpu-pemda');
      form.set('year', '2025');
      form.set('file', new Blob([CSV], { type: 'text/csv' }), 'kupang.csv');
      const res = await c.fetch('/api/v1/participant-lists', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: form });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { report: { accepted: number } }).report.accepted).toBe(1);

      const check = await createDatabase({ databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, dataDir }, { migrate: false });
      const job = await check.prisma.job.findFirstOrThrow({ where: { type: 'list.import' } });
      await check.close();
      expect(job.state).toBe('completed');
      const [, jobPid] = job.workerId!.split(':');
      expect(Number(jobPid)).not.toBe(server.pid);
      expect(Number(jobPid)).toBe(workerPid);

      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/naskah_job_duration_seconds_count\{type="list.import",outcome="completed"\} 1/);
      expect(metrics).toMatch(/naskah_jobs\{state="completed"\} 1/);

      expect((await server.stop('SIGTERM')).code).toBe(0);
      expect(server.stdout()).toContain('naskah berhenti.');
      expect(alive(Number(jobPid))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
