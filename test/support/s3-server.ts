/**
 * A local S3-compatible server for tests and the bench: s3rver (an npm package, no binary download) in
 * its own process (test/support/s3-server-main.mjs), listening on 127.0.0.1 at a free port, keeping its
 * objects in a temporary folder, with one bucket. Its own process, so the memory and the event loop of
 * the code under test are not the server's. Returns the naskah storage config that points at it and the
 * environment variables a child process needs (NASKAH_STORAGE=s3, …).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StorageConfig } from '../../src/config/load-config.ts';

export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly storage: Extract<StorageConfig, { kind: 's3' }>;
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./s3-server-main.mjs', import.meta.url));

export async function startLocalS3(options: { bucket?: string; prefix?: string } = {}): Promise<LocalS3> {
  const bucket = options.bucket ?? 'naskah-uji';
  const prefix = options.prefix ?? '';
  const directory = mkdtempSync(path.join(os.tmpdir(), 'naskah-s3-'));
  const child = spawn(process.execPath, [MAIN, directory, bucket], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening`)));
    child.once('error', reject);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  return {
    endpoint,
    bucket,
    storage: { kind: 's3', endpoint, region: 'us-east-1', bucket, prefix, forcePathStyle: true, credentials },
    env: {
      NASKAH_STORAGE: 's3',
      NASKAH_S3_ENDPOINT: endpoint,
      NASKAH_S3_BUCKET: bucket,
      NASKAH_S3_PREFIX: prefix,
      NASKAH_S3_ACCESS_KEY_ID: credentials.accessKeyId,
      NASKAH_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
