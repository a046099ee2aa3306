/**
 * Leases on a participant list while a long step works on it outside any transaction (an import
 * storing rows, an approval taking them): the list row carries a random token and a heartbeat that the
 * working process renews every few seconds. A list whose heartbeat is older than LEASE_MS is abandoned
 * (its process died): the next approval releases it, and an abandoned import can be started again.
 * May import: the Prisma facade's types, db/raw-database, Node built-ins.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/prisma-client.ts';
import { sqliteWrite, type RawDatabase } from '../db/raw-database.ts';

/** Without a heartbeat for this long, the process working on a list is taken for dead. */
export const LEASE_MS = 60_000;
const HEARTBEAT_MS = 10_000;

export function newLeaseToken(): string {
  return randomUUID();
}

export function isAbandoned(heartbeatAt: Date | null, now: Date = new Date()): boolean {
  return heartbeatAt === null || now.getTime() - heartbeatAt.getTime() > LEASE_MS;
}

export interface Heartbeat {
  stop(): void;
}

/** Renews the list's heartbeat while the holder of `token` works on it (wall clock; the timer does not keep the process alive). */
export function startHeartbeat(prisma: PrismaClient, listId: string, token: string): Heartbeat {
  const timer = setInterval(() => {
    prisma.participantList.updateMany({ where: { id: listId, leaseToken: token }, data: { heartbeatAt: new Date() } }).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Takes an approval's lease over from `oldToken` (its holder is taken for dead): afterwards the old
 * holder can claim nothing more. PostgreSQL: FOR UPDATE waits for a claim in flight (claims hold the row
 * FOR KEY SHARE, which the heartbeat's plain update does not disturb). SQLite: one writer at a time.
 * Returns false when the lease changed meanwhile.
 */
export async function takeOverApprovalLease(raw: RawDatabase, listId: string, oldToken: string | null, newToken: string): Promise<boolean> {
  const heartbeat = new Date();
  if (raw.provider === 'sqlite') {
    return sqliteWrite(raw, (db) =>
      db
        .prepare('UPDATE "ParticipantList" SET "leaseToken" = ?, "heartbeatAt" = ? WHERE "id" = ? AND "status" = \'approving\' AND "leaseToken" IS ?')
        .run(newToken, heartbeat.toISOString().replace('Z', '+00:00'), listId, oldToken).changes === 1,
    );
  }
  const client = await raw.pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query('SELECT 1 FROM "ParticipantList" WHERE "id" = $1 AND "status" = \'approving\' AND "leaseToken" IS NOT DISTINCT FROM $2 FOR UPDATE', [listId, oldToken]);
    if (locked.rowCount !== 1) {
      await client.query('ROLLBACK');
      return false;
    }
    await client.query('UPDATE "ParticipantList" SET "leaseToken" = $1, "heartbeatAt" = $2 WHERE "id" = $3', [newToken, heartbeat.toISOString().slice(0, -1), listId]);
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
