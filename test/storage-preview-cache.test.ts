/**
 * The preview cache (bounded by bytes, in storage, indexed in the database) and the data files that
 * documents name as sources (published once, fetched by any machine that lacks them), on SQLite with
 * the local folder and on PostgreSQL with an S3-compatible store.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { dataFilesNamedIn, ensureDataFiles, ensureDocumentSources, publishDataFile } from '../src/storage/data-files.ts';
import { sha256Hex } from '../src/storage/file-store.ts';
import { openFileStores, type FileStores } from '../src/storage/open-file-store.ts';
import { createPreviewCache } from '../src/storage/preview-cache.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';
import { startLocalS3, type LocalS3 } from './support/s3-server.ts';

function tempFile(dir: string, bytes: Buffer): string {
  const file = path.join(dir, `${randomBytes(4).toString('hex')}.bin`);
  writeFileSync(file, bytes);
  return file;
}

describe.each(databases)('preview cache and data files on $provider', ({ provider }) => {
  let db: TestDatabase;
  let s3: LocalS3 | undefined;
  let stores: FileStores;
  let scratch: string;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    if (provider === 'postgresql') s3 = await startLocalS3();
    const config = loadConfig({ NASKAH_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, ...(s3?.env ?? {}) });
    stores = openFileStores(config);
    scratch = mkdtempSync(path.join(os.tmpdir(), 'naskah-preview-'));
  });
  afterAll(async () => {
    await db.dispose();
    await s3?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('keeps at most its byte budget, evicting the least recently used entries and their objects', async () => {
    let clock = new Date('2026-01-01T00:00:00Z');
    const cache = createPreviewCache({ db, previewStore: stores.previews, maxBytes: 3 * 10_000, now: () => clock });
    const tick = (): void => {
      clock = new Date(clock.getTime() + 5 * 60_000);
    };
    const contents = ['a', 'b', 'c', 'd'].map(() => randomBytes(10_000));
    for (const [i, key] of ['a', 'b', 'c'].entries()) {
      await cache.store(`v-${key}.pdf`, tempFile(scratch, contents[i]!));
      tick();
    }
    expect(await cache.totalBytes()).toBe(30_000);
    // a read of "a" makes it the most recently used
    const hit = await cache.open('v-a.pdf');
    expect(hit?.size).toBe(10_000);
    hit!.stream.destroy();
    tick();
    await cache.store('v-d.pdf', tempFile(scratch, contents[3]!));
    expect(await cache.totalBytes()).toBeLessThanOrEqual(30_000);
    const keys = (await db.prisma.previewCacheEntry.findMany({ orderBy: { key: 'asc' } })).map((e) => e.key);
    expect(keys).toEqual(['v-a.pdf', 'v-c.pdf', 'v-d.pdf']);
    expect(await cache.open('v-b.pdf')).toBeUndefined();
    expect(await stores.previews.has(sha256Hex(contents[1]!))).toBe(false); // object removed with its entry
    const d = await cache.open('v-d.pdf');
    const chunks: Buffer[] = [];
    for await (const c of d!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(contents[3]!)).toBe(true);
  });

  test('an entry whose object is gone counts as a miss and is dropped', async () => {
    const cache = createPreviewCache({ db, previewStore: stores.previews, maxBytes: 1_000_000 });
    const bytes = randomBytes(2000);
    await cache.store('v-gone.docx', tempFile(scratch, bytes));
    await stores.previews.delete(sha256Hex(bytes));
    expect(await cache.open('v-gone.docx')).toBeUndefined();
    expect(await db.prisma.previewCacheEntry.findUnique({ where: { key: 'v-gone.docx' } })).toBeNull();
  });

  test('a data file published on one machine is fetched by another, and a changed local copy is replaced', async () => {
    const machineA = path.join(scratch, 'mesin-a');
    const machineB = path.join(scratch, 'mesin-b');
    const list = 'nik,nama\n5300000000000001,Ana\n5300000000000002,Budi\n';
    mkdirSync(path.join(machineA, 'daftar'), { recursive: true });
    writeFileSync(path.join(machineA, 'daftar', 'beku.csv'), list);
    const published = await publishDataFile({ db, fileStore: stores.files, dataDir: machineA }, 'daftar/beku.csv');
    expect(published.sha256).toBe(sha256Hex(Buffer.from(list)));
    expect(await db.prisma.storedFile.findUnique({ where: { id: published.sha256 } })).toMatchObject({ mediaType: 'text/csv' });

    const yaml = 'template: keputusan-peserta-pbpu-ntt\nsumber:\n  peserta:\n    berkas: daftar/beku.csv\n  lain:\n    baris: []\n';
    expect(dataFilesNamedIn(yaml)).toEqual(['daftar/beku.csv']);
    expect(await ensureDocumentSources({ db, fileStore: stores.files, dataDir: machineB }, yaml)).toEqual({ fetched: 1 });
    expect(readFileSync(path.join(machineB, 'daftar', 'beku.csv'), 'utf8')).toBe(list);
    // already there with the right bytes: nothing fetched
    expect(await ensureDataFiles({ db, fileStore: stores.files, dataDir: machineB }, ['daftar/beku.csv'])).toEqual({ fetched: 0 });
    // edited by hand on machine B: replaced by the recorded bytes
    writeFileSync(path.join(machineB, 'daftar', 'beku.csv'), list.replace('Budi', 'Badu'));
    expect(await ensureDataFiles({ db, fileStore: stores.files, dataDir: machineB }, ['daftar/beku.csv'])).toEqual({ fetched: 1 });
    expect(readFileSync(path.join(machineB, 'daftar', 'beku.csv'), 'utf8')).toBe(list);
    // a path nobody published is left alone (the renderer reports it), one leaving the folder is refused
    expect(await ensureDataFiles({ db, fileStore: stores.files, dataDir: machineB }, ['daftar/lain.csv'])).toEqual({ fetched: 0 });
    expect(existsSync(path.join(machineB, 'daftar', 'lain.csv'))).toBe(false);
    await expect(ensureDataFiles({ db, fileStore: stores.files, dataDir: machineB }, ['../luar.csv'])).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
  });
});
