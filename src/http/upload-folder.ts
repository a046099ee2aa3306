/**
 * Where uploads land: `<dataDir>/unggahan/<request folder>/`, one fresh folder per request, removed
 * when the response is done. At start the folder is swept of request folders older than a lease
 * (left by a crash) — never a folder another live process may still be writing. Imports node only.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A request folder older than this is abandoned (no upload request lives an hour). */
export const UPLOAD_LEASE_MS = 60 * 60 * 1000;

export interface UploadFolder {
  readonly root: string;
  /** A fresh, empty folder for one request's files. */
  newRequestDir(): Promise<string>;
  /** Removes a request folder and what is in it. */
  remove(dir: string): Promise<void>;
  /** Removes request folders whose last change is older than the lease; returns how many. */
  sweep(now: Date): Promise<number>;
}

export function openUploadFolder(dataDir: string): UploadFolder {
  const root = path.join(dataDir, 'unggahan');
  mkdirSync(root, { recursive: true });
  return {
    root,
    newRequestDir: () => mkdtemp(path.join(root, 'u-')),
    async remove(dir) {
      if (path.dirname(dir) !== root) return;
      await rm(dir, { recursive: true, force: true });
    },
    async sweep(now) {
      let removed = 0;
      for (const name of await readdir(root).catch(() => [] as string[])) {
        if (!name.startsWith('u-')) continue;
        const dir = path.join(root, name);
        const info = await stat(dir).catch(() => undefined);
        if (!info || now.getTime() - info.mtimeMs < UPLOAD_LEASE_MS) continue;
        await rm(dir, { recursive: true, force: true });
        removed++;
      }
      return removed;
    },
  };
}
