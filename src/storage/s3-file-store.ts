/**
 * The FileStore on an S3-compatible object store (AWS S3, MinIO, Ceph RGW, Garage, …) through
 * @aws-sdk/client-s3: objects at <prefix>ab/cd/<sha256>, staged objects at <prefix>.staging/<name>.
 * Uploads of known bytes go straight up; a stream whose hash is not known yet is first spooled to a
 * temporary file in `tempDir` (hashed on the way), so its key is known before anything is sent. Large
 * objects go up as multipart uploads (@aws-sdk/lib-storage, 5 MiB parts — the smallest S3 allows —, two in flight), so memory stays
 * bounded whatever the size. Reads are streamed and verified against the key. The SDK's own request
 * checksums are left to "when required": our SHA-256 check covers integrity, and several S3-compatible
 * servers reject the newer checksum headers.
 * May import: Node built-ins, @aws-sdk/client-s3, @aws-sdk/lib-storage, storage/file-store, AppError.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '../errors/app-error.ts';
import {
  expectedHashError,
  hashingStream,
  objectKey,
  parseStagedName,
  sha256File,
  sha256Hex,
  stagedName,
  verifyingStream,
  type FileStore,
  type ObjectSource,
  type PutOptions,
  type StagedObject,
  type StageOptions,
  type StoredObject,
  type SweepOptions,
} from './file-store.ts';

// The SDK warns on every start that releases after January 2027 will need Node 22; this package pins a
// release that supports the Node 20 naskah runs on, so the warning says nothing the operator can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface S3Settings {
  /** e.g. http://127.0.0.1:9000 for MinIO; absent for AWS itself. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** Key prefix of this store, "" or ending in "/" (e.g. "naskah/files/"). */
  readonly prefix: string;
  readonly forcePathStyle: boolean;
  /** Absent: the SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Objects up to this size go up in one PUT; larger ones as multipart uploads. */
const SINGLE_PUT_MAX = 16 * 1024 * 1024;
const PART_SIZE = 5 * 1024 * 1024;
/** S3's limit for a single CopyObject (staged → real key). */
const COPY_MAX = 5 * 1024 * 1024 * 1024;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
  });
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}

export function createS3FileStore(settings: S3Settings & { readonly client?: S3Client; readonly tempDir: string }): FileStore {
  const client = settings.client ?? createS3Client(settings);
  const { bucket, prefix, tempDir } = settings;
  const key = (sha: string): string => `${prefix}${objectKey(sha)}`;
  const stagingPrefix = `${prefix}.staging/`;
  const where = `s3://${bucket}/${prefix}`;

  function storageError(action: string, cause: unknown): AppError {
    if (cause instanceof AppError) return cause;
    const detail = (cause as Error).name ?? String(cause);
    return new AppError(
      'STORAGE_ERROR',
      `Penyimpanan objek ${where} gagal saat ${action} (${detail}${statusOf(cause) ? `, HTTP ${statusOf(cause)}` : ''}): periksa NASKAH_S3_ENDPOINT, NASKAH_S3_BUCKET dan kredensialnya.`,
      { cause },
    );
  }

  async function headSize(objectKeyName: string): Promise<number | undefined> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKeyName }));
      return head.ContentLength;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw storageError('memeriksa objek', error);
    }
  }

  async function upload(objectKeyName: string, body: Uint8Array | { file: string }, size: number): Promise<void> {
    try {
      if (size <= SINGLE_PUT_MAX) {
        const Body = body instanceof Uint8Array ? body : createReadStream(body.file);
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKeyName, Body, ContentLength: size, ContentType: 'application/octet-stream' }));
        return;
      }
      const Body = body instanceof Uint8Array ? body : createReadStream(body.file, { highWaterMark: 1024 * 1024 });
      await new Upload({ client, params: { Bucket: bucket, Key: objectKeyName, Body, ContentType: 'application/octet-stream' }, partSize: PART_SIZE, queueSize: 2 }).done();
    } catch (error) {
      throw storageError('mengunggah objek', error);
    }
  }

  /**
   * The source's bytes and hash, ready to upload: bytes as they are, a file hashed in place, a stream
   * spooled to a temporary file (removed by `release`).
   */
  async function prepare(source: ObjectSource): Promise<{ body: Uint8Array | { file: string }; sha256: string; size: number; release(): Promise<void> }> {
    if (source instanceof Uint8Array) return { body: source, sha256: sha256Hex(source), size: source.byteLength, release: async () => undefined };
    if ('file' in source) {
      const digest = await sha256File(source.file).catch((cause: unknown) => {
        throw new AppError('FILE_UNREADABLE', `Berkas ${source.file} tidak dapat dibaca untuk disimpan.`, { file: source.file, cause });
      });
      return { body: { file: source.file }, ...digest, release: async () => undefined };
    }
    await mkdir(tempDir, { recursive: true });
    const temp = path.join(tempDir, `${Date.now()}.${randomBytes(6).toString('hex')}.s3spool`);
    const hasher = hashingStream();
    try {
      await pipeline(Readable.from(source), hasher, createWriteStream(temp, { flags: 'wx' }));
    } catch (cause) {
      await rm(temp, { force: true });
      throw cause instanceof AppError ? cause : new AppError('STORAGE_ERROR', `Berkas sementara di ${tempDir} tidak dapat ditulis: periksa ruang disk.`, { cause });
    }
    return { body: { file: temp }, ...hasher.digest(), release: () => rm(temp, { force: true }) };
  }

  const stored = (sha256: string, size: number): StoredObject => ({ sha256, size, storagePath: objectKey(sha256) });

  async function promote(from: string, sha: string, size: number): Promise<void> {
    try {
      if ((await headSize(key(sha))) !== size) {
        if (size > COPY_MAX) throw new AppError('STORAGE_ERROR', `Objek ${sha} lebih dari 5 GiB; tidak dapat dipindahkan dari staging.`);
        await client.send(new CopyObjectCommand({ Bucket: bucket, Key: key(sha), CopySource: `${bucket}/${from}` }));
      }
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: from }));
    } catch (error) {
      throw storageError('memindahkan objek dari staging', error);
    }
  }

  const store: FileStore = {
    kind: 's3',
    location: (sha) => `s3://${bucket}/${key(sha)}`,

    async put(source: ObjectSource, options: PutOptions = {}) {
      const prepared = await prepare(source);
      try {
        if (options.expectedSha256 && options.expectedSha256 !== prepared.sha256) throw expectedHashError(options.expectedSha256, prepared.sha256);
        if ((await headSize(key(prepared.sha256))) !== prepared.size) await upload(key(prepared.sha256), prepared.body, prepared.size);
        return stored(prepared.sha256, prepared.size);
      } finally {
        await prepared.release();
      }
    },

    async stage(source: ObjectSource, options: StageOptions = {}): Promise<StagedObject> {
      const prepared = await prepare(source);
      const stagedKey = `${stagingPrefix}${stagedName(prepared.sha256, new Date(), randomBytes(6).toString('hex'), options.owner)}`;
      try {
        await upload(stagedKey, prepared.body, prepared.size);
      } finally {
        await prepared.release();
      }
      return {
        ...stored(prepared.sha256, prepared.size),
        commit: () => promote(stagedKey, prepared.sha256, prepared.size),
        abort: async () => {
          await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: stagedKey })).catch((error: unknown) => {
            if (!isNotFound(error)) throw storageError('menghapus objek staging', error);
          });
        },
      };
    },

    async sweepStaged(options: SweepOptions) {
      const now = (options.now ?? new Date()).getTime();
      let committed = 0;
      let removed = 0;
      let kept = 0;
      let token: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: stagingPrefix, ContinuationToken: token }));
        } catch (error) {
          throw storageError('mendaftar objek staging', error);
        }
        for (const item of page.Contents ?? []) {
          if (!item.Key) continue;
          const entry = parseStagedName(item.Key.slice(stagingPrefix.length));
          const stagedAt = entry?.stagedAt.getTime() ?? item.LastModified?.getTime() ?? now;
          if (now - stagedAt < options.leaseMs) {
            kept++;
          } else if (entry && (await options.isRecorded(entry))) {
            await promote(item.Key, entry.sha256, item.Size ?? 0);
            committed++;
          } else {
            await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: item.Key })).catch((error: unknown) => {
              throw storageError('menghapus objek staging', error);
            });
            removed++;
          }
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      // Spool files of uploads that never finished; the name starts with the time it was begun.
      for (const name of await readdir(tempDir).catch(() => [] as string[])) {
        const begun = Number(name.split('.')[0]);
        if (!name.endsWith('.s3spool') || (Number.isFinite(begun) && now - begun < options.leaseMs)) continue;
        await rm(path.join(tempDir, name), { force: true });
        removed++;
      }
      return { committed, removed, kept };
    },

    async get(sha) {
      const reader = await store.openRead(sha);
      const chunks: Buffer[] = [];
      for await (const chunk of reader.stream) chunks.push(chunk as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    },

    async openRead(sha) {
      let response;
      try {
        response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(sha) }));
      } catch (error) {
        if (isNotFound(error)) throw new AppError('NOT_FOUND', `Berkas ${sha} tidak ada di penyimpanan objek ${where}.`, { cause: error });
        throw storageError('membaca objek', error);
      }
      const size = response.ContentLength ?? 0;
      const body = response.Body as Readable;
      return { size, stream: body.pipe(verifyingStream(sha, store.location(sha), size)) };
    },

    async copyToFile(sha, file) {
      const reader = await store.openRead(sha);
      const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      await mkdir(path.dirname(file), { recursive: true });
      try {
        await pipeline(reader.stream, createWriteStream(temp, { flags: 'wx' }));
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async has(sha) {
      return (await headSize(key(sha))) !== undefined;
    },

    async delete(sha) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key(sha) }));
      } catch (error) {
        if (!isNotFound(error)) throw storageError('menghapus objek', error);
      }
    },

    async ping() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        throw storageError('memeriksa bucket', error);
      }
    },
  };
  return store;
}
