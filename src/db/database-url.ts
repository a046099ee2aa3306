/**
 * Reads a database URL into what the drivers need: a SQLite file path ("file:/abs/naskah.db",
 * "file:./rel.db", a bare path) or a PostgreSQL connection string ("postgres://…", "postgresql://…").
 * May import Node built-ins and the AppError module.
 */
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';
import type { DatabaseProvider } from './migration-files.ts';

export type DatabaseTarget =
  | { readonly provider: 'sqlite'; readonly filePath: string }
  | { readonly provider: 'postgresql'; readonly connectionString: string };

export function parseDatabaseUrl(databaseUrl: string, baseDir: string = process.cwd()): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return { provider: 'postgresql', connectionString: databaseUrl };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(databaseUrl) && !databaseUrl.startsWith('file:')) {
    throw new AppError(
      'CONFIG_INVALID',
      `DATABASE_URL "${redactUrl(databaseUrl)}" tidak didukung: gunakan postgresql://user:password@host:5432/db atau file:/path/naskah.db (SQLite).`,
      { field: 'DATABASE_URL' },
    );
  }
  const withoutScheme = databaseUrl.replace(/^file:(\/\/(?=\/))?/, '').replace(/\?.*$/, '');
  if (withoutScheme === '' || withoutScheme === ':memory:') {
    throw new AppError('CONFIG_INVALID', 'DATABASE_URL harus menunjuk berkas SQLite (file:/path/naskah.db); basis data di memori tidak bisa dipakai bersama atau disimpan.', {
      field: 'DATABASE_URL',
    });
  }
  return { provider: 'sqlite', filePath: path.resolve(baseDir, withoutScheme) };
}

export function providerOf(databaseUrl: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgresql' : 'sqlite';
}

/** The URL without its password, for messages. */
export function redactUrl(databaseUrl: string): string {
  // greedy up to the last @ before the path: an unencoded @ in the password stays hidden too
  return databaseUrl.replace(/(\/\/[^:/@]+:)[^/]*@/, '$1***@');
}
