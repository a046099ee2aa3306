/**
 * What the workflow and audit use cases need of the database: the typed Prisma client and its provider
 * (structurally the `Database` that src/db/create-database.ts returns), plus an injectable clock.
 * Imports only the Prisma facade's types.
 */
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
