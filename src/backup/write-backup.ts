/**
 * `naskah backup <file>`: a consistent copy of everything a naskah installation holds, into one file
 * (backup-format.ts). The database first — SQLite through its online backup API (writers may go on),
 * PostgreSQL through pg_dump — then every stored file the database records, streamed from the file
 * store (local folder or S3) and verified on the way: stored files are content-addressed and never
 * rewritten, so listing them after the snapshot covers everything the snapshot points at. Then the keys
 * and the frozen lists of the data directory; the manifest last, with every entry's SHA-256. Written to
 * a temporary name and renamed when complete. Entries are read one at a time (ZIP streamed), so memory
 * stays small whatever the archive's size.
 * May import: config, db, storage, backup/*, yazl, better-sqlite3.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import BetterSqlite3 from 'better-sqlite3';
import yazl from 'yazl';
import type { Config } from '../config/load-config.ts';
import type { Database } from '../db/create-database.ts';
import { parseDatabaseUrl } from '../db/database-url.ts';
import { MIGRATIONS_TABLE } from '../db/migrate.ts';
import { AppError } from '../errors/app-error.ts';
import { hashingStream, objectKey, type FileStore } from '../storage/file-store.ts';
import { DATA_FOLDERS, DATA_PREFIX, FILES_PREFIX, KEYS_PREFIX, MANIFEST_NAME, POSTGRES_ENTRY, SQLITE_ENTRY, type BackupManifest, type ManifestEntry } from './backup-format.ts';
import { pgDump } from './pg-tools.ts';

export interface BackupDeps {
  readonly config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseProvider'>;
  readonly db: Database;
  readonly fileStore: FileStore;
}

export interface BackupOptions {
  /** Include the keys folder (development CA, officials' PKCS#12): default true. */
  readonly withKeys?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface BackupSummary {
  readonly file: string;
  readonly provider: 'sqlite' | 'postgresql';
  readonly entries: number;
  readonly storedFiles: number;
  readonly bytes: number;
  readonly counts: BackupManifest['counts'];
}

async function* walk(dir: string, base = dir): AsyncGenerator<{ file: string; rel: string }> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(full, base);
    else if (e.isFile() && !e.name.endsWith('.tmp')) yield { file: full, rel: path.relative(base, full).split(path.sep).join('/') };
  }
}

export async function writeBackup(deps: BackupDeps, outFile: string, options: BackupOptions = {}): Promise<BackupSummary> {
  const { config, db } = deps;
  const withKeys = options.withKeys ?? true;
  const workDir = path.join(config.dataDir, 'tmp', `backup-${Date.now()}-${randomBytes(4).toString('hex')}`);
  await mkdir(workDir, { recursive: true });
  const target = path.resolve(outFile);
  const partial = `${target}.${randomBytes(4).toString('hex')}.partial`;
  try {
    // 1. the database snapshot
    const dbFile = path.join(workDir, config.databaseProvider === 'sqlite' ? 'naskah.sqlite' : 'postgresql.dump');
    if (config.databaseProvider === 'sqlite') {
      const source = parseDatabaseUrl(config.databaseUrl, config.dataDir);
      if (source.provider !== 'sqlite') throw new AppError('INTERNAL', 'Penyedia basis data tidak cocok dengan DATABASE_URL.');
      const sqlite = new BetterSqlite3(source.filePath, { readonly: true, fileMustExist: true });
      try {
        await sqlite.backup(dbFile);
      } finally {
        sqlite.close();
      }
    } else {
      await pgDump(config.databaseUrl, dbFile);
    }
    const migrations = (await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`)).map((r) => r.name);
    const counts = {
      issuedDocuments: await db.prisma.issuedDocument.count(),
      auditEvents: await db.prisma.auditEvent.count(),
      storedFiles: await db.prisma.storedFile.count(),
    };

    // 2. the ZIP, entries streamed one at a time, each hashed as yazl reads it
    const zip = new yazl.ZipFile();
    const entries: ManifestEntry[] = [];
    let added = 0;
    const add = (name: string, open: () => Promise<Readable>, compress: boolean): void => {
      added++;
      zip.addReadStreamLazy(name, { compress }, (callback) => {
        open().then(
          (source) => {
            const hasher = hashingStream();
            hasher.on('end', () => entries.push({ path: name, ...hasher.digest() }));
            source.on('error', (error) => hasher.destroy(error));
            callback(null, source.pipe(hasher));
          },
          (error: unknown) => callback(error, new PassThrough()),
        );
      });
    };
    add(config.databaseProvider === 'sqlite' ? SQLITE_ENTRY : POSTGRES_ENTRY, async () => createReadStream(dbFile), true);
    const stored = await db.prisma.storedFile.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    let done = 0;
    for (const { id } of stored) {
      add(
        `${FILES_PREFIX}${objectKey(id)}`,
        async () => {
          const reader = await deps.fileStore.openRead(id);
          reader.stream.on('end', () => options.onProgress?.(++done, stored.length));
          return reader.stream;
        },
        false,
      );
    }
    if (withKeys) for await (const f of walk(path.join(config.dataDir, 'keys'))) add(`${KEYS_PREFIX}${f.rel}`, async () => createReadStream(f.file), true);
    for (const folder of DATA_FOLDERS) {
      for await (const f of walk(path.join(config.dataDir, folder))) add(`${DATA_PREFIX}${folder}/${f.rel}`, async () => createReadStream(f.file), true);
    }
    // The manifest is read when yazl reaches it, i.e. once every entry above has been hashed.
    zip.addReadStreamLazy(MANIFEST_NAME, { compress: true }, (callback) => {
      const manifest: BackupManifest = {
        format: 'naskah-backup',
        version: 1,
        createdAt: new Date().toISOString(),
        provider: config.databaseProvider,
        migrations,
        counts,
        withKeys,
        entries,
      };
      const out = new PassThrough();
      out.end(`${JSON.stringify(manifest, null, 2)}\n`);
      callback(null, out);
    });
    zip.end();
    await mkdir(path.dirname(target), { recursive: true });
    await pipeline(zip.outputStream as Readable, createWriteStream(partial, { flags: 'wx' }));
    if (entries.length !== added) throw new AppError('INTERNAL', 'Cadangan tidak lengkap: jumlah entri tidak cocok; ulangi pencadangan.');
    await rename(partial, target);
    return { file: target, provider: config.databaseProvider, entries: entries.length, storedFiles: stored.length, bytes: (await stat(target)).size, counts };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
