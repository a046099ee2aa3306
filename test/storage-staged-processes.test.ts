/**
 * Issue 9 item 5: a CLI command (or a server starting) while another process has a signed PDF staged
 * must leave that file alone. Separate processes on one database and one store: SQLite with the local
 * folder, PostgreSQL with an S3-compatible object store (s3rver, started by the test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { createDatabase } from '../src/db/create-database.ts';
import { sha256Hex } from '../src/storage/file-store.ts';
import { openFileStores } from '../src/storage/open-file-store.ts';
import { createScratchDatabase, databases } from './support/databases.ts';
import { childEnv, NASKAH_BIN, runToEnd, startProcess, stopAll } from './support/processes.ts';
import { startLocalS3, type LocalS3 } from './support/s3-server.ts';

afterAll(stopAll);

describe.each(databases)('a staged file of another process on $provider', ({ provider }) => {
  const storage = provider === 'sqlite' ? 'local' : 's3';

  test(`survives CLI commands and a server start (${storage} store), and commits afterwards`, async () => {
    const scratch = await createScratchDatabase(provider);
    let s3: LocalS3 | undefined;
    const outDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-staged-out-'));
    try {
      if (storage === 's3') s3 = await startLocalS3();
      const env = childEnv({ NASKAH_DATA_DIR: scratch.dataDir, DATABASE_URL: scratch.databaseUrl, ...(s3?.env ?? {}) });
      // a user exists, so the server does not seed (and generate keys) at start
      const db = await createDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir });
      await db.prisma.user.create({ data: { username: 'admin.uji', displayName: 'Admin Uji', passwordHash: 'x', roles: 'admin' } });
      const config = loadConfig({ NASKAH_DATA_DIR: scratch.dataDir, DATABASE_URL: scratch.databaseUrl, ...(s3?.env ?? {}) });
      const { files } = openFileStores(config);

      const stager = startProcess(['test/support/stage-and-wait-child.ts'], env, { typescript: true });
      const sha = (await stager.waitFor(/staged ([0-9a-f]{64})/))[1]!;
      expect(await files.has(sha)).toBe(false); // staged, not yet under its real key

      // CLI commands that open the services (the old code swept every pending file here)
      const get = await runToEnd([NASKAH_BIN, 'archive', 'get', 'tidak-ada', '--out', path.join(outDir, 'x.pdf')], env);
      expect(get.stderr).toContain('Tidak ada dokumen terbit');
      const show = await runToEnd([NASKAH_BIN, 'lists', 'show', '00000000-0000-0000-0000-000000000000'], env);
      expect(show.code).not.toBe(0);
      // a server starting sweeps leftovers: only those older than the lease
      const server = startProcess([NASKAH_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], env);
      await server.waitFor(/naskah berjalan di/);
      expect((await server.stop('SIGTERM')).code).toBe(0);

      stager.writeLine('commit');
      await stager.waitFor(/committed/);
      expect((await stager.exited).code).toBe(0);
      const bytes = await files.get(sha); // verified against its key on read
      expect(bytes.length).toBe(200_000);
      expect(sha256Hex(bytes)).toBe(sha);
      await db.close();
    } finally {
      await stopAll();
      await s3?.close();
      await scratch.dispose();
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
