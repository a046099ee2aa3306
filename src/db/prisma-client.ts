/**
 * The one typed Prisma client facade. Prisma 7 compiles a client for one provider and refuses a driver
 * adapter of another ("adapter-pg is not compatible with the provider sqlite"), so
 * scripts/prisma-generate.mjs generates two clients from the same prisma/schema.prisma:
 * src/generated/prisma-sqlite and src/generated/prisma-pg. Their model API is identical; this module
 * exposes the SQLite client's types as THE type (the portable common subset: no `mode: 'insensitive'`,
 * no `skipDuplicates`) and constructs whichever client the provider needs.
 * Import model types and `Prisma` from here, never from src/generated directly.
 * May import: the generated clients, the Prisma adapters, pg's types.
 */
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient as SqlitePrismaClient } from '../generated/prisma-sqlite/client.ts';
import { PrismaClient as PgPrismaClient } from '../generated/prisma-pg/client.ts';

export { Prisma } from '../generated/prisma-sqlite/client.ts';
export type {
  User,
  Official,
  Delegation,
  DocumentKind,
  Document,
  DocumentVersion,
  ParafStep,
  ParticipantList,
  Participant,
  NumberRegister,
  StoredFile,
  IssuedDocument,
  IssuedNik,
  AuditEvent,
  Session,
} from '../generated/prisma-sqlite/client.ts';

export type PrismaClient = SqlitePrismaClient;

/** The client handed to a `$transaction` callback (withTransaction passes one of these). */
export type TransactionClient = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export type DatabaseProvider = 'sqlite' | 'postgresql';

export interface SqliteClientOptions {
  /** Absolute path of the database file. */
  readonly filePath: string;
  /** Milliseconds a statement waits for another connection's write lock (busy_timeout). */
  readonly busyTimeoutMs: number;
}

export interface PostgresClientOptions {
  /** The pool the client draws its connections from (src/db/raw-database.ts owns and ends it). */
  readonly pool: pg.Pool;
}

export function createSqlitePrismaClient(options: SqliteClientOptions): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url: `file:${options.filePath}`, timeout: options.busyTimeoutMs });
  return new SqlitePrismaClient({ adapter });
}

export function createPostgresPrismaClient(options: PostgresClientOptions): PrismaClient {
  const adapter = new PrismaPg(options.pool);
  // Same generated model API, compiled for PostgreSQL: safe to view through the common type.
  return new PgPrismaClient({ adapter }) as unknown as PrismaClient;
}
