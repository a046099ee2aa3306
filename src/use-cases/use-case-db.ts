/**
 * What the workflow and audit use cases need of the database: the typed Prisma client and its provider
 * (structurally the `Database` that src/db/create-database.ts returns), plus an injectable clock.
 * Imports the Prisma facade's types and createDatabase (for adapters that open one per command).
 */
import { createDatabase, type Database, type DatabaseConfig } from '../db/create-database.ts';
import type { DatabaseProvider, PrismaClient } from '../db/prisma-client.ts';

export interface UseCaseDb {
  readonly prisma: PrismaClient;
  readonly provider: DatabaseProvider;
}

export interface UseCaseOptions {
  /** The moment the action happens; tests fix it. Defaults to the wall clock. */
  readonly now?: () => Date;
}

export function clockOf(options: UseCaseOptions | undefined): () => Date {
  return options?.now ?? (() => new Date());
}

/** Opens (and migrates) the configured database for one adapter call and always closes it. */
export async function withDatabase<T>(config: DatabaseConfig, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
