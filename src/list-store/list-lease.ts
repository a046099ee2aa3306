/**
 * Leases on a participant list while a long step works on it outside any transaction (an import
 * storing rows, an approval taking them): the list row carries a random token and a heartbeat that the
 * working process renews every few seconds. A list whose heartbeat is older than LEASE_MS is abandoned
 * (its process died): the next approval releases it, and an abandoned import can be started again.
 * May import: the Prisma facade's types, Node built-ins.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/prisma-client.ts';

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
