import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/naskah.mjs', import.meta.url));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-serve-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('naskah serve', () => {
  it('migrates, seeds the demo users and keys, listens on --port 0, answers /healthz and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NASKAH_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'PORT', 'HOST', 'NASKAH_BASE_URL']) delete env[name];
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /naskah berjalan di (http:\/\/[^\s]+\/)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]!);
          }
        }, 100);
        void exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`serve exited ${code}: ${out}\n${err}`));
        });
      });
      expect(out).toContain('Migrasi basis data diterapkan');
      // every demo user gets a printed password; the demo signers a passphrase
      const passwords = [...out.matchAll(/^ {2}(\S+)\s+(\S{16})$/gm)].map((m) => m[1]);
      expect(passwords).toEqual(expect.arrayContaining(['perancang.ntt', 'sekda.ntt', 'admin', 'arsiparis']));
      expect(out).toContain('bukan sertifikat BSrE');
      const health = await fetch(`${url}healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const login = await fetch(`${url}masuk`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('<h1>Masuk</h1>');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('naskah berhenti.');
  }, 120_000);
});
