/**
 * The committed migration SQL files (prisma/migrations/<provider>/<NNNN>_<name>.sql): where they are,
 * their order and their checksums. Shared by the runtime runner (migrate.ts) and the dev-time script
 * (scripts/make-migration.ts). May import Node built-ins only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseProvider = 'sqlite' | 'postgresql';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

export interface MigrationFile {
  /** File name without .sql, e.g. "0001_init"; the key in _naskah_migrations. */
  readonly name: string;
  readonly path: string;
  readonly sql: string;
  /** sha256 hex of the file text (UTF-8, LF line ends). */
  readonly checksum: string;
}

const MIGRATION_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

/** The migrations of one provider in the order they apply (by their 4-digit prefix). */
export function listMigrationFiles(provider: DatabaseProvider, dir: string = path.join(MIGRATIONS_DIR, provider)): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => MIGRATION_NAME.test(f))
    .sort()
    .map((f) => {
      const file = path.join(dir, f);
      // CRLF normalised so a checkout with autocrlf does not look like a tampered migration
      const sql = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
      return {
        name: f.slice(0, -'.sql'.length),
        path: file,
        sql,
        checksum: createHash('sha256').update(sql, 'utf8').digest('hex'),
      };
    });
}

/** The schema text for one provider: prisma/schema.prisma is written for sqlite, PostgreSQL replaces the provider. */
export function schemaForProvider(text: string, provider: DatabaseProvider): string {
  return text.replace(/(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"[^"]*"/, `$1"${provider}"`);
}

/** Where make-migration keeps the datamodel it last diffed to, per provider. */
export function lastSchemaPath(provider: DatabaseProvider, migrationsDir: string = MIGRATIONS_DIR): string {
  return path.join(migrationsDir, provider, 'schema.prisma.last');
}
