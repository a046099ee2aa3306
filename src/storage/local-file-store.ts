/**
 * The local-folder FileStore (the embedded default): objects at <root>/ab/cd/<sha256>, staged objects in
 * <root>/.staging/, writes in progress in <root>/.tmp/. Every write goes to a temporary name in the same
 * file system, is fsynced, then renamed, so a crash never leaves a half-written file under a real name.
 * Streams, files and bytes are written without holding more than a chunk in memory (bytes excepted).
 * May import: Node built-ins, storage/file-store, the AppError module.
 */
import { randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors/app-error.ts';
import {
  expectedHashError,
  hashingStream,
  objectKey,
  parseStagedName,
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

const STAGING_DIR = '.staging';
const TEMP_DIR = '.tmp';

function storageError(root: string, cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
  return new AppError('STORAGE_ERROR', `Berkas tidak dapat disimpan di ${root} (${code}): periksa ruang disk dan hak akses folder itu.`, { cause });
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function createLocalFileStore(root: string): FileStore {
  const absolute = (sha: string): string => path.join(root, objectKey(sha));
  const stagingDir = path.join(root, STAGING_DIR);
  const tempDir = path.join(root, TEMP_DIR);
  const tempName = (): string => path.join(tempDir, `${Date.now()}.${randomBytes(6).toString('hex')}.tmp`);

  /** Writes the source to a new temporary file (fsynced) and returns its name, hash and size. */
  async function writeTemp(source: ObjectSource): Promise<{ temp: string; sha256: string; size: number }> {
    await mkdir(tempDir, { recursive: true });
    const temp = tempName();
    try {
      if (source instanceof Uint8Array) {
        const handle = await open(temp, 'wx');
        try {
          await handle.writeFile(source);
          await handle.sync();
        } finally {
          await handle.close();
        }
        return { temp, sha256: sha256Hex(source), size: source.byteLength };
      }
      const input = 'file' in source ? createReadStream(source.file) : Readable.from(source);
      const hasher = hashingStream();
      await pipeline(input, hasher, createWriteStream(temp, { flags: 'wx' }));
      await fsyncFile(temp);
      return { temp, ...hasher.digest() };
    } catch (cause) {
      await rm(temp, { force: true });
      if (typeof source === 'object' && 'file' in source && (cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('FILE_UNREADABLE', `Berkas ${source.file} tidak dapat dibaca untuk disimpan.`, { file: source.file, cause });
      }
      throw storageError(root, cause);
    }
  }

  /** Gives a finished temporary (or staged) file its real name; drops it when the object is already there. */
  async function promote(from: string, sha: string, size: number): Promise<void> {
    const target = absolute(sha);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.size === size) {
      await rm(from, { force: true });
      return;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(from, target);
  }

  const stored = (sha256: string, size: number): StoredObject => ({ sha256, size, storagePath: objectKey(sha256) });

  const store: FileStore = {
    kind: 'local',
    location: absolute,

    async put(source: ObjectSource, options: PutOptions = {}) {
      if (source instanceof Uint8Array) {
        // Already stored: nothing to write (content-addressed, so same name = same bytes).
        const sha = sha256Hex(source);
        if (options.expectedSha256 && options.expectedSha256 !== sha) throw expectedHashError(options.expectedSha256, sha);
        const existing = await stat(absolute(sha)).catch(() => undefined);
        if (existing?.size === source.byteLength) return stored(sha, source.byteLength);
      }
      const written = await writeTemp(source);
      if (options.expectedSha256 && options.expectedSha256 !== written.sha256) {
        await rm(written.temp, { force: true });
        throw expectedHashError(options.expectedSha256, written.sha256);
      }
      try {
        await promote(written.temp, written.sha256, written.size);
      } catch (cause) {
        await rm(written.temp, { force: true });
        throw storageError(root, cause);
      }
      return stored(written.sha256, written.size);
    },

    async stage(source: ObjectSource, options: StageOptions = {}): Promise<StagedObject> {
      const written = await writeTemp(source);
      const staged = path.join(stagingDir, stagedName(written.sha256, new Date(), randomBytes(6).toString('hex'), options.owner));
      try {
        await mkdir(stagingDir, { recursive: true });
        await rename(written.temp, staged);
      } catch (cause) {
        await rm(written.temp, { force: true });
        throw storageError(root, cause);
      }
      return {
        ...stored(written.sha256, written.size),
        commit: () => promote(staged, written.sha256, written.size).catch((cause) => Promise.reject(storageError(root, cause))),
        abort: () => rm(staged, { force: true }),
      };
    },

    async sweepStaged(options: SweepOptions) {
      const now = (options.now ?? new Date()).getTime();
      let committed = 0;
      let removed = 0;
      let kept = 0;
      for (const name of await readdir(stagingDir).catch(() => [] as string[])) {
        const file = path.join(stagingDir, name);
        const entry = parseStagedName(name);
        const stagedAt = entry?.stagedAt.getTime() ?? (await stat(file).catch(() => undefined))?.mtimeMs ?? now;
        if (now - stagedAt < options.leaseMs) {
          kept++;
          continue;
        }
        if (entry && (await options.isRecorded(entry))) {
          const size = (await stat(file)).size;
          await promote(file, entry.sha256, size);
          committed++;
        } else {
          await rm(file, { force: true });
          removed++;
        }
      }
      // Temporary files of writes that never finished; the name starts with the time it was begun.
      for (const name of await readdir(tempDir).catch(() => [] as string[])) {
        const begun = Number(name.split('.')[0]);
        if (Number.isFinite(begun) && now - begun < options.leaseMs) continue;
        await rm(path.join(tempDir, name), { force: true });
        removed++;
      }
      return { committed, removed, kept };
    },

    async get(sha) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(absolute(sha)));
      } catch (cause) {
        if (cause instanceof AppError) throw cause;
        throw new AppError('NOT_FOUND', `Berkas ${sha} tidak ada di penyimpanan (${root}).`, { cause });
      }
      if (sha256Hex(bytes) !== sha) throw new AppError('VERIFICATION_FAILED', `Berkas ${sha} di penyimpanan tidak utuh (hash berbeda) di ${absolute(sha)}; pulihkan dari cadangan.`);
      return bytes;
    },

    async openRead(sha) {
      const file = absolute(sha);
      const info = await stat(file).catch((cause: unknown) => {
        throw new AppError('NOT_FOUND', `Berkas ${sha} tidak ada di penyimpanan (${root}).`, { cause });
      });
      const stream = createReadStream(file).pipe(verifyingStream(sha, file, info.size));
      return { size: info.size, stream };
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
      return (await stat(absolute(sha)).catch(() => undefined)) !== undefined;
    },

    async delete(sha) {
      await rm(absolute(sha), { force: true });
    },

    async ping() {
      try {
        await mkdir(root, { recursive: true });
        await access(root, constants.W_OK);
      } catch (cause) {
        throw storageError(root, cause);
      }
    },
  };
  return store;
}
