/**
 * The one storage interface of naskah's stored files: content-addressed (an object's key is the
 * SHA-256 of its bytes, so an issued PDF cannot be replaced without its name changing), verified on
 * every read, streamed both ways. Two implementations: the local folder (local-file-store.ts, the
 * embedded default) and an S3-compatible object store (s3-file-store.ts); open-file-store.ts picks one
 * from the config. Also the helpers both share: hashing, the key layout, the staging names and the
 * verifying read stream.
 * May import: Node built-ins and the AppError module.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { AppError } from '../errors/app-error.ts';

export interface StoredObject {
  readonly sha256: string;
  readonly size: number;
  /** Where the object lives, relative to the store (recorded in StoredFile.storagePath): "ab/cd/<sha256>". */
  readonly storagePath: string;
}

/** An object written under a staging name: `commit` gives it its real key, `abort` removes it. */
export interface StagedObject extends StoredObject {
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Bytes in memory, a file on disk, or a stream (a Node Readable is an AsyncIterable of chunks). */
export type ObjectSource = Uint8Array | { readonly file: string } | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Refuse (and store nothing) when the bytes do not hash to this. */
  readonly expectedSha256?: string;
}

export interface StageOptions {
  /** Who staged it (e.g. "doc-<id>"), kept in the staging name and handed to the sweep's judge. */
  readonly owner?: string;
}

/** A staged object as the sweep sees it. */
export interface StagedEntry {
  readonly sha256: string;
  readonly stagedAt: Date;
  readonly owner?: string;
}

export interface SweepOptions {
  /**
   * Only staged objects (and temporary files) older than this are touched: younger ones may be another
   * live process's work between its signing and its commit.
   */
  readonly leaseMs: number;
  /** Whether the records (the database) hold the object: then the sweep finishes the commit, else removes it. */
  readonly isRecorded: (entry: StagedEntry) => Promise<boolean>;
  readonly now?: Date;
}

export interface SweepReport {
  /** Staged objects the records hold, given their real key. */
  readonly committed: number;
  /** Abandoned staged objects and temporary files older than the lease, removed. */
  readonly removed: number;
  /** Staged objects younger than the lease, left alone. */
  readonly kept: number;
}

export interface ObjectReader {
  readonly size: number;
  /** The object's bytes; the stream fails (VERIFICATION_FAILED) at its end if they do not hash to the key. */
  readonly stream: Readable;
}

export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Where an object lives, for messages and the CLI (a path, or s3://bucket/key). */
  location(sha256: string): string;
  /** Stores the bytes under their SHA-256 (a no-op when the object is already there). Streams files and streams. */
  put(source: ObjectSource, options?: PutOptions): Promise<StoredObject>;
  /**
   * Writes under a staging name, for writes that a database transaction records: stage before the
   * transaction, `commit()` after it, `abort()` when it fails. A crash in between leaves a staged object
   * that `sweepStaged` finishes (recorded) or removes (abandoned) once it is older than the lease.
   */
  stage(source: ObjectSource, options?: StageOptions): Promise<StagedObject>;
  sweepStaged(options: SweepOptions): Promise<SweepReport>;
  /** The whole object in memory, verified: for objects known to be small (use openRead for the rest). */
  get(sha256: string): Promise<Uint8Array>;
  openRead(sha256: string): Promise<ObjectReader>;
  /** Writes a verified copy of the object to `file` (temporary name, then rename). */
  copyToFile(sha256: string, file: string): Promise<void>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** Throws STORAGE_ERROR when the store cannot be reached or written (readiness check). */
  ping(): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Refuses anything but 64 lower-case hex digits: keys are built from it. */
export function checkSha256(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new AppError('NOT_FOUND', `Bukan SHA-256 yang sah: ${sha256.slice(0, 80)}`);
  return sha256;
}

/** "ab/cd/<sha256>": the object's key relative to the store, the same in every implementation. */
export function objectKey(sha256: string): string {
  checkSha256(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

const STAGED_SUFFIX = '.pending';
const OWNER = /^[A-Za-z0-9-]{1,64}$/;

/** "<sha256>.<stagedAtMs>.<random>[.<owner>].pending": everything the sweep needs is in the name. */
export function stagedName(sha256: string, stagedAt: Date, random: string, owner?: string): string {
  checkSha256(sha256);
  if (owner !== undefined && !OWNER.test(owner)) throw new AppError('INTERNAL', `Penanda pemilik berkas sementara tidak sah: ${owner.slice(0, 80)}`);
  return `${sha256}.${stagedAt.getTime()}.${random}${owner ? `.${owner}` : ''}${STAGED_SUFFIX}`;
}

export function parseStagedName(name: string): StagedEntry | undefined {
  if (!name.endsWith(STAGED_SUFFIX)) return undefined;
  const parts = name.slice(0, -STAGED_SUFFIX.length).split('.');
  const [sha256, ms, random, owner] = parts;
  if (parts.length < 3 || parts.length > 4 || !sha256 || !SHA256_HEX.test(sha256) || !/^\d{1,15}$/.test(ms ?? '') || !random) return undefined;
  if (owner !== undefined && !OWNER.test(owner)) return undefined;
  return { sha256, stagedAt: new Date(Number(ms)), ...(owner ? { owner } : {}) };
}

/** Passes bytes through while hashing them; fails at the end when they are not the object `sha256` names. */
export function verifyingStream(sha256: string, location: string, expectedSize?: number): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = hash.digest('hex');
      if (actual !== sha256 || (expectedSize !== undefined && size !== expectedSize)) {
        callback(
          new AppError('VERIFICATION_FAILED', `Berkas ${sha256} di penyimpanan tidak utuh (hash ${actual.slice(0, 12)}…, ${size} byte) di ${location}; pulihkan dari cadangan.`),
        );
        return;
      }
      callback();
    },
  });
}

/** A hashing pass-through for writers: the digest and size are read once the stream has ended. */
export function hashingStream(): Transform & { digest(): { sha256: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  let digest: { sha256: string; size: number } | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return Object.assign(stream, {
    digest() {
      digest ??= { sha256: hash.digest('hex'), size };
      return digest;
    },
  });
}

export function expectedHashError(expected: string, actual: string): AppError {
  return new AppError('VERIFICATION_FAILED', `Isi berkas tidak sesuai hash yang diharapkan (${expected.slice(0, 12)}…, didapat ${actual.slice(0, 12)}…); kirim ulang berkasnya.`);
}
