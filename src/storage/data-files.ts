/**
 * Files of the data directory that documents name as row sources (`sumber.<name>.berkas`, above all the
 * frozen lists `daftar/<hash>.csv` that approval writes). The data directory is one machine's disk; the
 * file store is shared by every API process and worker. So a file is published once (put in the store,
 * recorded as StoredFile + DataFile) and materialised where it is needed: before a render, each named
 * file is checked against its recorded SHA-256 and fetched from the store when it is missing or differs.
 * The database work is two short upserts; all file I/O happens outside any transaction.
 * May import: db (types), storage/file-store, yaml, the AppError module.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { DatabaseProvider, PrismaClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import { sha256File, type FileStore, type StoredObject } from './file-store.ts';

export interface DataFilesDeps {
  readonly db: { readonly prisma: PrismaClient; readonly provider: DatabaseProvider };
  readonly fileStore: FileStore;
  readonly dataDir: string;
}

/** A data-directory path as the database keeps it: relative, "/"-separated, never leaving the folder. */
export function normaliseDataPath(relPath: string): string {
  const normal = path.posix.normalize(relPath.replaceAll('\\', '/'));
  if (normal.startsWith('../') || normal === '..' || path.posix.isAbsolute(normal) || normal === '.' || normal === '') {
    throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${relPath.slice(0, 200)}" harus berada di dalam folder data; tulis jalurnya relatif, tanpa "..".`, { field: 'berkas' });
  }
  return normal;
}

/** Records a stored object (idempotent): what backups copy and what the staged-file sweep keeps. */
export async function recordStoredFile(db: DataFilesDeps['db'], stored: StoredObject, mediaType: string): Promise<void> {
  await db.prisma.storedFile.upsert({
    where: { id: stored.sha256 },
    create: { id: stored.sha256, size: BigInt(stored.size), mediaType, storagePath: stored.storagePath },
    update: {},
  });
}

/** Puts a data-directory file in the store and records where it is (idempotent). */
export async function publishDataFile(deps: DataFilesDeps, relPath: string, mediaType = 'text/csv'): Promise<StoredObject> {
  const key = normaliseDataPath(relPath);
  const stored = await deps.fileStore.put({ file: path.join(deps.dataDir, key) });
  await deps.db.prisma.$transaction([
    deps.db.prisma.storedFile.upsert({
      where: { id: stored.sha256 },
      create: { id: stored.sha256, size: BigInt(stored.size), mediaType, storagePath: stored.storagePath },
      update: {},
    }),
    deps.db.prisma.dataFile.upsert({
      where: { path: key },
      create: { path: key, sha256: stored.sha256, size: BigInt(stored.size) },
      update: { sha256: stored.sha256, size: BigInt(stored.size) },
    }),
  ]);
  return stored;
}

/**
 * Makes sure every named data-directory file is here with the bytes recorded for it; fetches those
 * missing or different from the store. Paths nobody published are left to the renderer, which reports a
 * missing one as SOURCE_NOT_FOUND.
 */
export async function ensureDataFiles(deps: DataFilesDeps, relPaths: readonly string[]): Promise<{ fetched: number }> {
  let fetched = 0;
  for (const relPath of new Set(relPaths.map(normaliseDataPath))) {
    const record = await deps.db.prisma.dataFile.findUnique({ where: { path: relPath } });
    if (!record) continue;
    const local = path.join(deps.dataDir, relPath);
    const info = await stat(local).catch(() => undefined);
    if (info && info.size === Number(record.size) && (await sha256File(local)).sha256 === record.sha256) continue;
    await deps.fileStore.copyToFile(record.sha256, local);
    fetched++;
  }
  return { fetched };
}

/** The `berkas` paths a document's data names in its `sumber` section (inline `baris` sources have none). */
export function dataFilesNamedIn(dataYaml: string): string[] {
  let sumber: unknown;
  try {
    sumber = parseDocument(dataYaml).toJS()?.sumber;
  } catch {
    return []; // the compose step reports unreadable YAML with its line
  }
  if (typeof sumber !== 'object' || sumber === null) return [];
  const files: string[] = [];
  for (const spec of Object.values(sumber as Record<string, unknown>)) {
    const berkas = (spec as { berkas?: unknown } | null)?.berkas;
    if (typeof berkas === 'string' && berkas.trim() !== '') files.push(berkas);
  }
  return files;
}

/** ensureDataFiles for the sources a document's data names; paths that leave the data folder are left to compose. */
export async function ensureDocumentSources(deps: DataFilesDeps, dataYaml: string): Promise<{ fetched: number }> {
  const safe = dataFilesNamedIn(dataYaml).filter((p) => {
    try {
      normaliseDataPath(p);
      return true;
    } catch {
      return false;
    }
  });
  return ensureDataFiles(deps, safe);
}
