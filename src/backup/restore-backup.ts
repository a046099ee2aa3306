/**
 * `naskah restore <file>`: puts a backup (backup-format.ts) into an EMPTY place — a data directory
 * without a database and keys, and for PostgreSQL an empty database; the file store configured now (the
 * local folder or an S3 bucket, which may differ from the one backed up). The manifest is read first and
 * every entry is checked against its SHA-256 while it is extracted; entry names are allow-listed by
 * prefix. Order: stored files into the store, keys and frozen lists into the data directory, the
 * database last (so a restore that fails midway leaves no database that points at missing files). Then
 * the database is opened (migrated forward when the backup is older) and, unless told otherwise,
 * verified: the audit chain recomputed and every issued PDF read back from the store and verified.
 * May import: config, db, storage, backup/*, use cases (audit and archive verification), yauzl.
 */
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import yauzl from 'yauzl';
import type { Config } from '../config/load-config.ts';
import { createDatabase } from '../db/create-database.ts';
import { parseDatabaseUrl, redactUrl } from '../db/database-url.ts';
import { AppError } from '../errors/app-error.ts';
import { hashingStream, type FileStore } from '../storage/file-store.ts';
import { verifyArchive, type ArchiveVerification } from '../use-cases/verify-archive.ts';
import { verifyAuditChain } from '../use-cases/verify-audit-chain.ts';
import { loadTrustAnchors } from '../verify/trust-anchors.ts';
import type { ChainVerification } from '../audit/hash-chain.ts';
import { DATA_FOLDERS, DATA_PREFIX, FILES_PREFIX, KEYS_PREFIX, MANIFEST_NAME, ManifestSchema, POSTGRES_ENTRY, safeEntryPath, SQLITE_ENTRY, type BackupManifest } from './backup-format.ts';
import { pgRestore } from './pg-tools.ts';

export interface RestoreDeps {
  readonly config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databaseProvider'>;
  readonly fileStore: FileStore;
}

export interface RestoreOptions {
  /** Recompute the audit chain and verify every issued PDF afterwards (default true). */
  readonly verify?: boolean;
  readonly onProgress?: (stage: 'files' | 'verify', done: number, total: number) => void;
}

export interface RestoreSummary {
  readonly manifest: Pick<BackupManifest, 'createdAt' | 'provider' | 'counts' | 'migrations' | 'withKeys'>;
  readonly storedFiles: number;
  readonly migrationsApplied: readonly string[];
  readonly audit?: ChainVerification;
  readonly archive?: ArchiveVerification;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) reject(new AppError('FILE_UNREADABLE', `Berkas cadangan ${file} tidak dapat dibuka sebagai ZIP: ${error?.message ?? 'tidak dikenal'}.`, { file, cause: error }));
      else resolve(zip);
    });
  });
}

function readEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.set(safeEntryPath(entry.fileName), entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error) : resolve(stream)));
  });
}

async function readManifest(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>, file: string): Promise<BackupManifest> {
  const entry = entries.get(MANIFEST_NAME);
  if (!entry || entry.uncompressedSize > 64 * 1024 * 1024) throw new AppError('FILE_UNREADABLE', `${file} bukan cadangan naskah: ${MANIFEST_NAME} tidak ada.`, { file });
  const chunks: Buffer[] = [];
  for await (const c of await openEntry(zip, entry)) chunks.push(c as Buffer);
  const parsed = ManifestSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  if (!parsed.success) throw new AppError('FILE_UNREADABLE', `${file}: manifes cadangan tidak dikenal (${parsed.error.issues[0]?.message}); buat cadangan dengan versi naskah ini.`, { file });
  return parsed.data;
}

/** Extracts one entry to `target` (temporary name, then rename), refusing bytes that differ from the manifest. */
async function extractVerified(zip: yauzl.ZipFile, entry: yauzl.Entry, expected: { sha256: string; size: number }, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  const hasher = hashingStream();
  try {
    await pipeline(await openEntry(zip, entry), hasher, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    const digest = hasher.digest();
    if (digest.sha256 !== expected.sha256 || digest.size !== expected.size) {
      throw new AppError('VERIFICATION_FAILED', `Entri ${entry.fileName} di cadangan rusak (hash tidak cocok dengan manifes); pakai cadangan lain.`);
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

async function assertEmptyTarget(config: RestoreDeps['config'], manifest: BackupManifest): Promise<void> {
  if (manifest.provider !== config.databaseProvider) {
    throw new AppError(
      'USAGE',
      `Cadangan ini berisi basis data ${manifest.provider}, tetapi konfigurasi sekarang memakai ${config.databaseProvider}. Pulihkan ke penyedia yang sama (atur DATABASE_URL).`,
    );
  }
  if (!isEmptyDir(path.join(config.dataDir, 'keys'))) {
    throw new AppError('USAGE', `Folder kunci ${path.join(config.dataDir, 'keys')} tidak kosong: pemulihan hanya ke tempat kosong (NASKAH_DATA_DIR baru).`);
  }
  const target = parseDatabaseUrl(config.databaseUrl, config.dataDir);
  if (target.provider === 'sqlite') {
    if (existsSync(target.filePath) && statSync(target.filePath).size > 0) {
      throw new AppError('USAGE', `Basis data ${target.filePath} sudah ada: pemulihan hanya ke tempat kosong (NASKAH_DATA_DIR baru).`);
    }
    return;
  }
  const client = new pg.Client({ connectionString: target.connectionString, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const tables = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
    if (Number(tables.rows[0]?.n ?? 0) > 0) {
      throw new AppError('USAGE', `Basis data ${redactUrl(target.connectionString)} tidak kosong: pulihkan ke basis data baru (CREATE DATABASE …) lalu atur DATABASE_URL ke sana.`);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('DATABASE_ERROR', `Tidak bisa terhubung ke ${redactUrl(target.connectionString)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function restoreBackup(deps: RestoreDeps, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const { config } = deps;
  const zip = await openZip(file);
  const workDir = path.join(config.dataDir, 'tmp', `restore-${Date.now()}-${randomBytes(4).toString('hex')}`);
  try {
    const entries = await readEntries(zip);
    const manifest = await readManifest(zip, entries, file);
    await assertEmptyTarget(config, manifest);
    await mkdir(workDir, { recursive: true });
    const listed = new Map(manifest.entries.map((e) => [e.path, e]));
    for (const name of entries.keys()) {
      if (name !== MANIFEST_NAME && !listed.has(name)) throw new AppError('VERIFICATION_FAILED', `Entri ${name} di cadangan tidak tercatat di manifes; berkas ini telah diubah.`);
    }
    const entryOf = (name: string): yauzl.Entry => {
      const entry = entries.get(name);
      if (!entry) throw new AppError('VERIFICATION_FAILED', `Entri ${name} tercatat di manifes tetapi tidak ada di cadangan; berkas tidak lengkap.`);
      return entry;
    };

    // stored files first: the database restored last never points at files that are not there
    const files = manifest.entries.filter((e) => e.path.startsWith(FILES_PREFIX));
    let done = 0;
    for (const e of files) {
      const sha = path.posix.basename(e.path);
      const stored = await deps.fileStore.put(await openEntry(zip, entryOf(e.path)), { expectedSha256: sha });
      if (stored.size !== e.size) throw new AppError('VERIFICATION_FAILED', `Berkas ${sha} di cadangan berukuran lain dari manifes.`);
      options.onProgress?.('files', ++done, files.length);
    }
    for (const e of manifest.entries) {
      if (e.path.startsWith(KEYS_PREFIX)) {
        await extractVerified(zip, entryOf(e.path), e, path.join(config.dataDir, 'keys', ...e.path.slice(KEYS_PREFIX.length).split('/')));
      } else if (e.path.startsWith(DATA_PREFIX)) {
        const rel = e.path.slice(DATA_PREFIX.length);
        if (!DATA_FOLDERS.some((f) => rel.startsWith(`${f}/`))) throw new AppError('VERIFICATION_FAILED', `Entri ${e.path} di cadangan tidak dikenal.`);
        await extractVerified(zip, entryOf(e.path), e, path.join(config.dataDir, ...rel.split('/')));
      } else if (e.path !== SQLITE_ENTRY && e.path !== POSTGRES_ENTRY && !e.path.startsWith(FILES_PREFIX)) {
        throw new AppError('VERIFICATION_FAILED', `Entri ${e.path} di cadangan tidak dikenal.`);
      }
    }

    // the database last
    const dbEntry = manifest.provider === 'sqlite' ? SQLITE_ENTRY : POSTGRES_ENTRY;
    const dbManifestEntry = listed.get(dbEntry);
    if (!dbManifestEntry) throw new AppError('VERIFICATION_FAILED', `Cadangan tidak memuat ${dbEntry}.`);
    if (manifest.provider === 'sqlite') {
      const target = parseDatabaseUrl(config.databaseUrl, config.dataDir);
      if (target.provider !== 'sqlite') throw new AppError('INTERNAL', 'Penyedia basis data tidak cocok.');
      await extractVerified(zip, entryOf(dbEntry), dbManifestEntry, target.filePath);
    } else {
      const dump = path.join(workDir, 'postgresql.dump');
      await extractVerified(zip, entryOf(dbEntry), dbManifestEntry, dump);
      await pgRestore(config.databaseUrl, dump);
    }

    const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const summary = {
        manifest: { createdAt: manifest.createdAt, provider: manifest.provider, counts: manifest.counts, migrations: manifest.migrations, withKeys: manifest.withKeys },
        storedFiles: files.length,
        migrationsApplied: db.migration.applied,
      };
      if (options.verify === false) return summary;
      const audit = await verifyAuditChain(db);
      const archive = await verifyArchive({ db, fileStore: deps.fileStore, trustAnchors: loadTrustAnchors(path.join(config.dataDir, 'keys')) }, (d, t) =>
        options.onProgress?.('verify', d, t),
      );
      return { ...summary, audit, archive };
    } finally {
      await db.close();
    }
  } finally {
    zip.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
