/**
 * The naskah backup file: one ZIP (ZIP64 when large) holding
 *   database/naskah.sqlite      the SQLite database (online backup API), or
 *   database/postgresql.dump    pg_dump's custom format of the PostgreSQL database,
 *   files/ab/cd/<sha256>        every stored file the database records (issued PDFs, frozen lists,
 *                               uploaded lists), named by its hash,
 *   keys/…                      the development CA and officials' PKCS#12 (unless left out),
 *   data/daftar/…               the data directory's frozen lists,
 *   naskah-backup.json          the manifest: format, provider, migrations, counts and every entry's
 *                               SHA-256 and size — written last, checked first on restore.
 * Owns the entry names and the manifest schema. May import zod and the AppError module.
 */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

export const MANIFEST_NAME = 'naskah-backup.json';
export const SQLITE_ENTRY = 'database/naskah.sqlite';
export const POSTGRES_ENTRY = 'database/postgresql.dump';
export const FILES_PREFIX = 'files/';
export const KEYS_PREFIX = 'keys/';
export const DATA_PREFIX = 'data/';
/** Folders of the data directory a backup carries under data/. */
export const DATA_FOLDERS = ['daftar'] as const;

export const ManifestSchema = z.object({
  format: z.literal('naskah-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  provider: z.enum(['sqlite', 'postgresql']),
  migrations: z.array(z.string()),
  counts: z.object({ issuedDocuments: z.number().int(), auditEvents: z.number().int(), storedFiles: z.number().int() }),
  withKeys: z.boolean(),
  entries: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().min(0) })),
});

export type BackupManifest = z.infer<typeof ManifestSchema>;
export type ManifestEntry = BackupManifest['entries'][number];

/** Refuses entry names that could escape the folder they are extracted into. */
export function safeEntryPath(name: string): string {
  const normal = path.posix.normalize(name);
  if (normal !== name || normal.startsWith('../') || path.posix.isAbsolute(normal) || normal.includes('\\') || normal.includes('\0')) {
    throw new AppError('FILE_UNREADABLE', `Berkas cadangan memuat nama entri yang tidak sah (${name.slice(0, 120)}); berkas ini bukan cadangan naskah yang utuh.`);
  }
  return normal;
}
