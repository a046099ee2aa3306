/**
 * Opens the file stores the config names: the stored files (issued PDFs, frozen lists, uploads) and the
 * preview cache, each in the data directory (<dataDir>/files, <dataDir>/cache/previews) or under the
 * configured prefix of one S3 bucket (<prefix>files/, <prefix>cache/previews/). The only place that
 * chooses an implementation.
 * May import: config types, storage/*.
 */
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { FileStore } from './file-store.ts';
import { createLocalFileStore } from './local-file-store.ts';
import { createS3Client, createS3FileStore } from './s3-file-store.ts';

export interface FileStores {
  /** Issued PDFs, frozen lists, uploads: everything the records point at. */
  readonly files: FileStore;
  /** Rendered draft previews; entries come and go (src/storage/preview-cache.ts). */
  readonly previews: FileStore;
}

export type StoreConfig = Pick<Config, 'dataDir' | 'storage'>;

export function filesDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'files');
}

/** Local scratch space (spooled uploads, materialised copies): always on this machine's disk. */
export function tempDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'tmp');
}

export function openFileStores(config: StoreConfig): FileStores {
  const storage = config.storage;
  if (storage.kind === 'local') {
    return { files: createLocalFileStore(filesDir(config)), previews: createLocalFileStore(path.join(config.dataDir, 'cache', 'previews')) };
  }
  const client = createS3Client(storage);
  const settings = { ...storage, client, tempDir: tempDir(config) };
  return {
    files: createS3FileStore({ ...settings, prefix: `${storage.prefix}files/` }),
    previews: createS3FileStore({ ...settings, prefix: `${storage.prefix}cache/previews/` }),
  };
}
