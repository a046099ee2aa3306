/**
 * The FileStore contract, run on both implementations: the local folder and an S3-compatible object
 * store (s3rver, started by the test on 127.0.0.1). Content addressing, verification on read, streaming
 * both ways with bounded memory, staging and the lease-aware sweep.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AppError } from '../src/errors/app-error.ts';
import { objectKey, sha256Hex, type FileStore } from '../src/storage/file-store.ts';
import { createLocalFileStore } from '../src/storage/local-file-store.ts';
import { createS3Client, createS3FileStore } from '../src/storage/s3-file-store.ts';
import { startLocalS3, type LocalS3 } from './support/s3-server.ts';

interface Target {
  readonly kind: 'local' | 's3';
}

/** Deterministic pseudo-random chunks, generated as they are read (never all in memory). */
function* chunks(total: number, seed: number): Generator<Buffer> {
  const block = createHash('sha256').update(String(seed)).digest();
  const chunk = Buffer.alloc(256 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = block[i % 32]! ^ (i & 0xff);
  let left = total;
  let n = 0;
  while (left > 0) {
    const size = Math.min(left, chunk.length);
    const out = Buffer.from(chunk.subarray(0, size));
    out.writeUInt32BE(n++ >>> 0, 0); // every chunk differs
    left -= size;
    yield out;
  }
}

function hashOf(total: number, seed: number): string {
  const hash = createHash('sha256');
  for (const c of chunks(total, seed)) hash.update(c);
  return hash.digest('hex');
}

v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The most memory (heap + buffers) still referenced while `run` runs, sampled after a collection every 25 ms. */
async function peakLiveBytes(run: () => Promise<void>): Promise<number> {
  collectGarbage();
  const live = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseline = live();
  let peak = 0;
  const sample = setInterval(() => {
    collectGarbage();
    peak = Math.max(peak, live() - baseline);
  }, 25);
  try {
    await run();
  } finally {
    clearInterval(sample);
  }
  return peak;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe.each<Target>([{ kind: 'local' }, { kind: 's3' }])('FileStore on $kind', ({ kind }) => {
  let dir: string;
  let s3: LocalS3 | undefined;
  let store: FileStore;
  /** Overwrites an object's stored bytes behind the store's back. */
  let tamper: (sha: string, bytes: Buffer) => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-store-'));
    if (kind === 'local') {
      store = createLocalFileStore(path.join(dir, 'files'));
      tamper = async (sha, bytes) => writeFileSync(path.join(dir, 'files', objectKey(sha)), bytes);
    } else {
      s3 = await startLocalS3({ prefix: 'naskah/' });
      const client = createS3Client(s3.storage);
      store = createS3FileStore({ ...s3.storage, prefix: 'naskah/files/', client, tempDir: path.join(dir, 'tmp') });
      tamper = async (sha, bytes) => {
        await client.send(new PutObjectCommand({ Bucket: s3!.bucket, Key: `naskah/files/${objectKey(sha)}`, Body: bytes, ContentLength: bytes.length }));
      };
    }
  });
  afterAll(async () => {
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('bytes, a file and a stream of the same content land under one SHA-256 key and read back whole', async () => {
    const bytes = randomBytes(100_000);
    const sha = sha256Hex(bytes);
    const file = path.join(dir, 'source.bin');
    writeFileSync(file, bytes);
    const a = await store.put(bytes);
    const b = await store.put({ file });
    const c = await store.put(Readable.from([bytes.subarray(0, 4096), bytes.subarray(4096)]));
    for (const o of [a, b, c]) expect(o).toEqual({ sha256: sha, size: bytes.length, storagePath: `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}` });
    expect(await store.has(sha)).toBe(true);
    expect(Buffer.from(await store.get(sha)).equals(bytes)).toBe(true);
    const reader = await store.openRead(sha);
    expect(reader.size).toBe(bytes.length);
    expect((await readAll(reader.stream)).equals(bytes)).toBe(true);
    const copy = path.join(dir, 'copy', 'out.bin');
    await store.copyToFile(sha, copy);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
    expect(store.location(sha)).toContain(sha);
    await store.delete(sha);
    expect(await store.has(sha)).toBe(false);
    expect((await caught(store.get(sha))).code).toBe('NOT_FOUND');
  });

  test('refuses bytes that do not match the expected hash and stores nothing', async () => {
    const bytes = randomBytes(1000);
    const wrong = sha256Hex(Buffer.from('something else'));
    const error = await caught(store.put(Readable.from([bytes]), { expectedSha256: wrong }));
    expect(error.code).toBe('VERIFICATION_FAILED');
    expect(await store.has(sha256Hex(bytes))).toBe(false);
  });

  test('an object changed behind the store is refused on read: get throws, a stream fails at its end, no copy is left', async () => {
    const bytes = Buffer.from('isi asli dokumen '.repeat(1000));
    const { sha256 } = await store.put(bytes);
    await tamper(sha256, Buffer.from('isi palsu dokumen'.repeat(1000)));
    expect((await caught(store.get(sha256))).code).toBe('VERIFICATION_FAILED');
    const reader = await store.openRead(sha256);
    expect((await caught(readAll(reader.stream))).code).toBe('VERIFICATION_FAILED');
    const copy = path.join(dir, 'tampered-copy.bin');
    expect((await caught(store.copyToFile(sha256, copy))).code).toBe('VERIFICATION_FAILED');
    expect(readdirSync(dir).filter((f) => f.startsWith('tampered-copy'))).toEqual([]);
  });

  test('a 96 MB object goes in from a stream and comes out as a stream without being held in memory', async () => {
    const total = 96 * 1024 * 1024;
    const expected = hashOf(total, 7);
    const peak = await peakLiveBytes(async () => {
      const stored = await store.put(Readable.from(chunks(total, 7)));
      expect(stored).toMatchObject({ sha256: expected, size: total });
      const reader = await store.openRead(expected);
      const hash = createHash('sha256');
      let size = 0;
      for await (const c of reader.stream) {
        hash.update(c as Buffer);
        size += (c as Buffer).length;
      }
      expect({ sha: hash.digest('hex'), size }).toEqual({ sha: expected, size: total });
    });
    // Holding the object would take 96 MB; streaming holds a few 5 MB parts and socket buffers
    // (measured 10–20 MB locally, 30–45 MB through the S3 client).
    expect(peak).toBeLessThan(64 * 1024 * 1024);
    await store.delete(expected);
  });

  test('staged objects get their real key on commit and vanish on abort', async () => {
    const kept = randomBytes(5000);
    const dropped = randomBytes(5000);
    const a = await store.stage(kept, { owner: 'doc-1' });
    const b = await store.stage(Readable.from([dropped]));
    expect(await store.has(a.sha256)).toBe(false);
    await a.commit();
    await b.abort();
    expect(Buffer.from(await store.get(a.sha256)).equals(kept)).toBe(true);
    expect(await store.has(b.sha256)).toBe(false);
    expect(await store.sweepStaged({ leaseMs: 0, isRecorded: async () => false })).toMatchObject({ committed: 0, kept: 0 });
  });

  test('the sweep leaves staged objects younger than the lease alone, finishes recorded ones and removes abandoned ones', async () => {
    const live = await store.stage(randomBytes(3000), { owner: 'doc-live' });
    const recorded = await store.stage(randomBytes(3000), { owner: 'doc-recorded' });
    const abandoned = await store.stage(randomBytes(3000), { owner: 'doc-abandoned' });
    const asked: string[] = [];
    const isRecorded = async (entry: { sha256: string; owner?: string }): Promise<boolean> => {
      asked.push(entry.owner ?? '');
      return entry.sha256 === recorded.sha256;
    };
    // Within the lease (an hour) nothing is touched, whatever the records say.
    expect(await store.sweepStaged({ leaseMs: 3_600_000, isRecorded })).toEqual({ committed: 0, removed: 0, kept: 3 });
    expect(asked).toEqual([]);
    // Two hours on: the recorded one is finished, the abandoned one removed; the live one is judged too.
    const later = new Date(Date.now() + 2 * 3_600_000);
    const report = await store.sweepStaged({ leaseMs: 3_600_000, isRecorded, now: later });
    expect(report.committed).toBe(1);
    expect(report.kept).toBe(0);
    expect(asked.sort()).toEqual(['doc-abandoned', 'doc-live', 'doc-recorded']);
    expect(await store.has(recorded.sha256)).toBe(true);
    expect(await store.has(abandoned.sha256)).toBe(false);
    expect(await store.has(live.sha256)).toBe(false);
    // committing after the sweep removed it fails loudly rather than recording a missing file
    await expect(live.commit()).rejects.toThrow();
  });

  test('ping succeeds on a reachable store', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('FileStore on an unreachable S3 endpoint', () => {
  test('ping and reads fail with STORAGE_ERROR naming the settings to check', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-store-'));
    try {
      const store = createS3FileStore({
        endpoint: 'http://127.0.0.1:9',
        region: 'us-east-1',
        bucket: 'tidak-ada',
        prefix: '',
        forcePathStyle: true,
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
        tempDir: dir,
      });
      const error = await caught(store.ping());
      expect(error.code).toBe('STORAGE_ERROR');
      expect(error.message).toContain('NASKAH_S3_ENDPOINT');
      expect((await caught(store.has(sha256Hex(Buffer.from('x'))))).code).toBe('STORAGE_ERROR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
