/**
 * `naskah backup` / `naskah restore`: the demo's installation (three signed decrees, paraf evidence,
 * a frozen list, the audit chain) backed up and restored into an empty place, then every archived PDF
 * verified from the restored store and the audit chain recomputed — the embedded default (SQLite +
 * data directory) and PostgreSQL + an S3-compatible store (restored into a new database and another
 * bucket prefix). Also: a non-empty target and a tampered backup are refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, describe, expect, test } from 'vitest';
import { openServices } from '../src/app/services.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { createDatabase } from '../src/db/create-database.ts';
import { openFileStores } from '../src/storage/open-file-store.ts';
import { runDemo } from '../src/use-cases/run-demo.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { loadTrustAnchors } from '../src/verify/trust-anchors.ts';
import { createScratchDatabase, databases, type ScratchDatabase } from './support/databases.ts';
import { childEnv, NASKAH_BIN, runToEnd, stopAll } from './support/processes.ts';
import { startLocalS3, type LocalS3 } from './support/s3-server.ts';
import { requireTools } from './support/tools.ts';

afterAll(stopAll);

function zipEntryNames(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

describe.each(databases)('backup and restore on $provider', ({ provider }) => {
  const storage = provider === 'sqlite' ? 'local' : 's3';

  test(`restores the demo into an empty place (${storage} store) and every archived PDF and the audit chain verify`, async () => {
    if (provider === 'postgresql' && !requireTools('backup and restore on PostgreSQL', 'pg_dump', 'pg_restore')) return;
    const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-backup-'));
    const cleanups: (() => Promise<void>)[] = [];
    try {
      let s3: LocalS3 | undefined;
      if (storage === 's3') {
        s3 = await startLocalS3({ prefix: 'asal/' });
        cleanups.push(() => s3!.close());
      }
      const source: ScratchDatabase = await createScratchDatabase(provider);
      cleanups.push(() => source.dispose());
      const sourceEnv = { NASKAH_DATA_DIR: source.dataDir, DATABASE_URL: source.databaseUrl, ...(s3?.env ?? {}) };
      const services = await openServices(loadConfig(sourceEnv));
      const demo = await runDemo(services, { outDir: path.join(work, 'demo'), participants: 40 });
      const issued = await services.db.prisma.issuedDocument.findMany({ orderBy: { number: 'asc' } });
      const auditCount = await services.db.prisma.auditEvent.count();
      await services.close();
      expect(issued).toHaveLength(3);

      const backupFile = path.join(work, 'cadangan.zip');
      const backup = await runToEnd([NASKAH_BIN, 'backup', backupFile, '--quiet'], childEnv(sourceEnv));
      expect(backup.stderr).toBe('');
      expect(backup.code).toBe(0);
      expect(backup.stdout).toContain('3 dokumen terbit');
      const names = await zipEntryNames(backupFile);
      expect(names).toContain(provider === 'sqlite' ? 'database/naskah.sqlite' : 'database/postgresql.dump');
      for (const d of demo.documents) expect(names).toContain(`files/${d.pdfSha256.slice(0, 2)}/${d.pdfSha256.slice(2, 4)}/${d.pdfSha256}`);
      expect(names.some((n) => n.startsWith('keys/officials/'))).toBe(true);
      expect(names.some((n) => /^data\/daftar\/.+\.csv$/.test(n))).toBe(true);
      expect(names[names.length - 1]).toBe('naskah-backup.json');

      // the empty place: a new data directory, a new database, another prefix of the bucket
      const target = await createScratchDatabase(provider);
      cleanups.push(() => target.dispose());
      const targetEnv = { NASKAH_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, ...(s3 ? { ...s3.env, NASKAH_S3_PREFIX: 'pulih/' } : {}) };
      const restore = await runToEnd([NASKAH_BIN, 'restore', backupFile, '--quiet'], childEnv(targetEnv));
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain(`Rantai audit utuh: ${auditCount} peristiwa.`);
      expect(restore.stdout).toContain('PDF terbit diverifikasi: 3 dari 3 sah.');

      // and independently of restore's own report: the restored archive, store and keys
      const config = loadConfig(targetEnv);
      const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const restored = await db.prisma.issuedDocument.findMany({ orderBy: { number: 'asc' } });
        expect(restored.map((r) => [r.number, r.pdfSha256])).toEqual(issued.map((r) => [r.number, r.pdfSha256]));
        const { files } = openFileStores(config);
        const anchors = loadTrustAnchors(path.join(config.dataDir, 'keys'));
        for (const d of demo.documents) {
          const bytes = await files.get(d.pdfSha256);
          expect(Buffer.from(bytes).equals(readFileSync(d.pdfPath))).toBe(true);
          const verified = await verifyPdf(bytes, { trustAnchors: anchors });
          expect(verified.valid).toBe(true);
          expect(verified.signatures.length).toBeGreaterThan(0);
        }
      } finally {
        await db.close();
      }

      // restoring again into the same (no longer empty) place is refused and changes nothing
      const again = await runToEnd([NASKAH_BIN, 'restore', backupFile, '--quiet'], childEnv(targetEnv));
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/tempat kosong|tidak kosong/);
    } finally {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
      rmSync(work, { recursive: true, force: true });
    }
  });
});

test('a backup whose stored file was altered is refused on restore, naming the entry', async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-backup-'));
  const source = await createScratchDatabase('sqlite');
  const target = await createScratchDatabase('sqlite');
  try {
    const env = { NASKAH_DATA_DIR: source.dataDir, DATABASE_URL: source.databaseUrl };
    const services = await openServices(loadConfig(env));
    const stored = await services.fileStore.put(Buffer.from('%PDF-1.7 isi yang dicadangkan '.repeat(200)));
    await services.db.prisma.storedFile.create({ data: { id: stored.sha256, size: BigInt(stored.size), mediaType: 'application/pdf', storagePath: stored.storagePath } });
    await services.close();
    const backupFile = path.join(work, 'cadangan.zip');
    expect((await runToEnd([NASKAH_BIN, 'backup', backupFile, '--quiet'], childEnv(env))).code).toBe(0);
    // stored files are kept uncompressed: the bytes are in the ZIP as they are; change one of them
    const zip = readFileSync(backupFile);
    const at = zip.indexOf(Buffer.from('isi yang dicadangkan'));
    expect(at).toBeGreaterThan(0);
    zip[at] = 'I'.charCodeAt(0);
    writeFileSync(backupFile, zip);
    const restore = await runToEnd([NASKAH_BIN, 'restore', backupFile, '--quiet'], childEnv({ NASKAH_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl }));
    expect(restore.code).not.toBe(0);
    expect(restore.stderr).toMatch(/hash|CRC|rusak|tidak cocok|tidak utuh/i);
    // nothing half-restored: no database was written
    expect(() => readFileSync(path.join(target.dataDir, 'naskah.db'))).toThrow();
  } finally {
    await source.dispose();
    await target.dispose();
    rmSync(work, { recursive: true, force: true });
  }
});
