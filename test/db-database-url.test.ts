import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, providerOf, redactUrl } from '../src/db/database-url.ts';
import { AppError } from '../src/errors/app-error.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('parseDatabaseUrl', () => {
  it('reads PostgreSQL URLs in both spellings, unchanged', () => {
    expect(parseDatabaseUrl('postgresql://u:p@db:5432/naskah')).toEqual({ provider: 'postgresql', connectionString: 'postgresql://u:p@db:5432/naskah' });
    expect(parseDatabaseUrl('postgres://u@db/naskah?sslmode=require')).toEqual({ provider: 'postgresql', connectionString: 'postgres://u@db/naskah?sslmode=require' });
    expect(providerOf('postgres://x')).toBe('postgresql');
    expect(providerOf('file:/x.db')).toBe('sqlite');
  });
  it('reads SQLite file URLs, absolute, relative (to the base dir) and bare, dropping a query string', () => {
    expect(parseDatabaseUrl('file:/srv/naskah/naskah.db')).toEqual({ provider: 'sqlite', filePath: '/srv/naskah/naskah.db' });
    expect(parseDatabaseUrl('file:///srv/naskah/naskah.db')).toEqual({ provider: 'sqlite', filePath: '/srv/naskah/naskah.db' });
    expect(parseDatabaseUrl('file:./data/naskah.db?connection_limit=1', '/work')).toEqual({ provider: 'sqlite', filePath: path.resolve('/work', 'data/naskah.db') });
    expect(parseDatabaseUrl('naskah.db', '/work')).toEqual({ provider: 'sqlite', filePath: '/work/naskah.db' });
  });
  it('refuses other databases and an in-memory SQLite with CONFIG_INVALID', () => {
    expect(codeOf(() => parseDatabaseUrl('mysql://u@h/db'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseDatabaseUrl('file::memory:'))).toBe('CONFIG_INVALID');
    expect(codeOf(() => parseDatabaseUrl('file:'))).toBe('CONFIG_INVALID');
  });
  it('hides the password in messages', () => {
    expect(redactUrl('postgresql://naskah:s3cr@t@db:5432/naskah')).toBe('postgresql://naskah:***@db:5432/naskah');
    expect(redactUrl('postgresql://naskah@db/naskah')).toBe('postgresql://naskah@db/naskah');
  });
});
