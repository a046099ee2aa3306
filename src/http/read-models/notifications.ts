/**
 * A user's notifications (paged, newest first), how many are unread (the count in the navigation), and
 * marking them read. Imports the db handle's types and paging.
 */
import type { Database } from '../../db/create-database.ts';
import { afterKeyset, decodeKeyset, keysetPage, type Paged } from '../paging.ts';

export interface NotificationView {
  readonly id: string;
  readonly kind: string;
  readonly documentId: string | null;
  readonly text: string;
  readonly createdAt: Date;
  readonly read: boolean;
  readonly emailStatus: string;
}

export async function listNotifications(db: Database, userId: string, page: { readonly limit: number; readonly cursor?: string | undefined }): Promise<Paged<NotificationView>> {
  const rows = await db.prisma.notification.findMany({
    where: { userId, ...afterKeyset('createdAt', decodeKeyset(page.cursor)) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
  });
  const paged = keysetPage(rows, page.limit, (n) => ({ at: n.createdAt, id: n.id }));
  return {
    nextCursor: paged.nextCursor,
    items: paged.items.map((n) => ({ id: n.id, kind: n.kind, documentId: n.documentId, text: n.text, createdAt: n.createdAt, read: n.readAt !== null, emailStatus: n.emailStatus })),
  };
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  return db.prisma.notification.count({ where: { userId, readAt: null } });
}

export async function markAllRead(db: Database, userId: string, now: Date): Promise<number> {
  return (await db.prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: now } })).count;
}
