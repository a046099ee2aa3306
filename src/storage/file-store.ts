/**
 * Content-addressed file storage: a file's name is its SHA-256, so an issued PDF cannot be replaced
 * without its name changing. Local folder implementation (the embedded default); the interface is what
 * an S3-compatible store would implement. Writes go to a temporary name in the same folder, are fsynced,
 * then renamed — a crash never leaves a half-written file under a real name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';

export interface StoredObject {
  readonly sha256: string;
  readonly size: number;
  /** Where the object lives, relative to the store (recorded in StoredFile.storagePath). */
  readonly storagePath: string;
}

/** A file written under a pending name: `commit` gives it its real name, `abort` removes it. */
export interface StagedObject extends StoredObject {
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export interface FileStore {
  put(bytes: Uint8Array): Promise<StoredObject>;
  /**
   * Writes under a pending name, for writes that belong to a database transaction: stage before the
   * commit, `commit()` after it. A crash in between leaves only a pending file, which
   * `sweepPending` removes (or finishes, when the database did record it).
   */
  stage(bytes: Uint8Array): Promise<StagedObject>;
  /**
   * Finishes or removes pending files left by a crash; `isRecorded(sha)` asks the database. With
   * `olderThan`, files written at or after it are left alone: they may be another live process's work
   * (its lease has not run out).
   */
  sweepPending(isRecorded: (sha256: string) => Promise<boolean>, options?: { readonly olderThan?: Date }): Promise<{ committed: number; removed: number }>;
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  /** Absolute path for streaming downloads (local store only). */
  localPath(sha256: string): string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const PENDING_SUFFIX = '.pending';

async function writeDurably(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full);
    else yield full;
  }
}

export function createLocalFileStore(root: string): FileStore {
  const relative = (sha: string): string => path.join(sha.slice(0, 2), sha.slice(2, 4), sha);
  const absolute = (sha: string): string => {
    if (!SHA256_HEX.test(sha)) throw new AppError('NOT_FOUND', `Bukan SHA-256 yang sah: ${sha}`);
    return path.join(root, relative(sha));
  };
  return {
    async put(bytes) {
      const sha = sha256Hex(bytes);
      const target = absolute(sha);
      const existing = await stat(target).catch(() => undefined);
      if (existing?.size === bytes.length) return { sha256: sha, size: bytes.length, storagePath: relative(sha) };
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeDurably(temp, bytes);
        await rename(temp, target);
      } catch (cause) {
        await rm(temp, { force: true });
        throw new AppError('INTERNAL', `Berkas tidak dapat disimpan di ${root}: periksa ruang disk dan hak akses.`, { cause });
      }
      return { sha256: sha, size: bytes.length, storagePath: relative(sha) };
    },
    async stage(bytes) {
      const sha = sha256Hex(bytes);
      const target = absolute(sha);
      await mkdir(path.dirname(target), { recursive: true });
      const pending = `${target}.${randomBytes(6).toString('hex')}${PENDING_SUFFIX}`;
      try {
        await writeDurably(pending, bytes);
      } catch (cause) {
        await rm(pending, { force: true });
        throw new AppError('INTERNAL', `Berkas tidak dapat disimpan di ${root}: periksa ruang disk dan hak akses.`, { cause });
      }
      return {
        sha256: sha,
        size: bytes.length,
        storagePath: relative(sha),
        commit: async () => {
          try {
            await rename(pending, target);
          } catch (cause) {
            // a sweep finished it already (the database recorded it): the file is there under its name
            if ((await stat(target).catch(() => undefined))?.size === bytes.length) return;
            throw new AppError('INTERNAL', `Berkas ${sha} tidak dapat diberi nama akhirnya di ${root}.`, { cause });
          }
        },
        abort: () => rm(pending, { force: true }),
      };
    },
    async sweepPending(isRecorded, options = {}) {
      let committed = 0;
      let removed = 0;
      for await (const file of walk(root)) {
        if (!file.endsWith(PENDING_SUFFIX) && !file.endsWith('.tmp')) continue;
        if (options.olderThan !== undefined) {
          const info = await stat(file).catch(() => undefined);
          if (!info || info.mtime.getTime() >= options.olderThan.getTime()) continue;
        }
        const sha = path.basename(file).slice(0, 64);
        if (file.endsWith(PENDING_SUFFIX) && SHA256_HEX.test(sha) && (await isRecorded(sha))) {
          await rename(file, absolute(sha));
          committed++;
        } else {
          await rm(file, { force: true });
          removed++;
        }
      }
      return { committed, removed };
    },
    async get(sha) {
      try {
        const bytes = new Uint8Array(await readFile(absolute(sha)));
        if (sha256Hex(bytes) !== sha) throw new AppError('VERIFICATION_FAILED', `Berkas ${sha} di penyimpanan tidak utuh (hash berbeda).`);
        return bytes;
      } catch (cause) {
        if (cause instanceof AppError) throw cause;
        throw new AppError('NOT_FOUND', `Berkas ${sha} tidak ada di penyimpanan.`, { cause });
      }
    },
    async has(sha) {
      return (await stat(absolute(sha)).catch(() => undefined)) !== undefined;
    },
    localPath: absolute,
  };
}
