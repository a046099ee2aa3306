/**
 * Development-time: writes the SQL of the next migration for each provider, without Prisma's native
 * schema engine. Uses the WebAssembly build of the engine (@prisma/schema-engine-wasm, a dev
 * dependency) to `diff` the datamodel this script last diffed to (prisma/migrations/<provider>/
 * schema.prisma.last) against the current prisma/schema.prisma, and writes
 * prisma/migrations/<provider>/<NNNN>_<name>.sql. Commit the SQL files and the .last files; the
 * runtime runner (src/db/migrate.ts) applies them.
 *
 * Usage: node bin/run-ts.mjs scripts/make-migration.ts <name> [--provider sqlite|postgresql]
 * The PostgreSQL diff needs a reachable database (the engine connects first, it does not introspect):
 * MIGRATION_PG_URL, default postgresql://postgres@127.0.0.1:5432/test.
 * May import: Node built-ins, Prisma packages, src/db/migration-files.ts.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { listMigrationFiles, MIGRATIONS_DIR, schemaForProvider, type DatabaseProvider } from '../src/db/migration-files.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA_PATH = path.join(ROOT, 'prisma', 'schema.prisma');

interface SchemaEngineModule {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (options: { datamodels: [string, string][] | undefined }, log: (line: string) => void, adapter: unknown) => Promise<SchemaEngineInstance>;
  };
}
interface SchemaEngineInstance {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

/** Loads the wasm engine by hand: its ESM entry imports a .wasm file, which plain Node 20 refuses. */
async function loadSchemaEngine(): Promise<SchemaEngineModule> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as SchemaEngineModule;
  const bytes = readFileSync(path.join(pkgDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

async function diffForProvider(engineModule: SchemaEngineModule, provider: DatabaseProvider, from: string | undefined, to: string): Promise<string> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'naskah-migration-'));
  let factory: SqlMigrationAwareDriverAdapterFactory;
  if (provider === 'sqlite') {
    factory = new PrismaBetterSqlite3({ url: `file:${path.join(tmp, 'diff.db')}` });
  } else {
    factory = new PrismaPg({ connectionString: process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test' });
  }
  const logs: string[] = [];
  const engine = await engineModule.SchemaEngine.new(
    { datamodels: [['schema.prisma', to]] },
    (line) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const result = await engine.diff({
      from: from === undefined ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? '';
  } finally {
    engine.free();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Drops what the runner must not execute: the engine's empty-migration marker and CREATE SCHEMA "public" (needs database-level CREATE rights). */
function cleanScript(sql: string): string {
  return sql
    .replace(/^-- This is an empty migration\.\s*$/m, '')
    .replace(/^CREATE SCHEMA IF NOT EXISTS "public";\s*$/m, '')
    .trim();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--'));
  const providerArg = args.includes('--provider') ? args[args.indexOf('--provider') + 1] : undefined;
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: make-migration.ts <name: lower-case letters, digits, _> [--provider sqlite|postgresql]');
    process.exit(2);
  }
  const providers: DatabaseProvider[] = providerArg === undefined ? ['sqlite', 'postgresql'] : [providerArg as DatabaseProvider];
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const engineModule = await loadSchemaEngine();
  for (const provider of providers) {
    const dir = path.join(MIGRATIONS_DIR, provider);
    mkdirSync(dir, { recursive: true });
    const lastPath = path.join(dir, 'schema.prisma.last');
    const from = existsSync(lastPath) ? readFileSync(lastPath, 'utf8') : undefined;
    const to = schemaForProvider(schemaText, provider);
    let sql: string;
    try {
      sql = cleanScript(await diffForProvider(engineModule, provider, from, to));
    } catch (error) {
      const hint = provider === 'postgresql' ? ' (the engine needs a reachable PostgreSQL: set MIGRATION_PG_URL)' : '';
      console.error(`${provider}: diff failed${hint}: ${(error as Error).message ?? String(error)}`);
      process.exit(1);
    }
    if (sql === '') {
      console.log(`${provider}: no changes since the last migration`);
      continue;
    }
    const existing = listMigrationFiles(provider);
    const next = String(existing.length + 1).padStart(4, '0');
    const file = path.join(dir, `${next}_${name}.sql`);
    writeFileSync(file, `-- naskah migration ${next}_${name} (${provider}), generated by scripts/make-migration.ts\n${sql}\n`);
    writeFileSync(lastPath, to);
    console.log(`${provider}: wrote ${path.relative(ROOT, file)}`);
  }
}

await main();
// the engine keeps the adapter's connection pool open; nothing else is pending
process.exit(0);
