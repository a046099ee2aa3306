/**
 * Who is told what about a document event: the official whose paraf now awaits (and their Plt./Plh.
 * valid at that moment), the signer when the chain is complete, the drafter when a document comes back
 * or is issued (and the officials who initialled it, when it is issued). Decided from the event itself
 * (its position and new state), not from today's state, so a late run tells the same people. Reads
 * only. Imports the Prisma facade's types and the workflow's role parsing.
 */
import type { AuditEvent, PrismaClient } from '../db/prisma-client.ts';
import { parseRoles, type UserRole } from '../workflow/paraf-state.ts';
import { detailsOf } from './document-events.ts';

export const NOTIFICATION_KINDS = ['paraf', 'tanda_tangan', 'dikembalikan', 'terbit'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface PlannedNotification {
  readonly userId: string;
  readonly kind: NotificationKind;
  readonly documentId: string;
  readonly text: string;
  readonly email: string | null;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** Active users acting as `officialId` at `at` (themselves, or as a valid Plt./Plh.) who hold `role`. */
async function usersActingFor(prisma: PrismaClient, officialId: string, at: Date, role: UserRole) {
  const delegations = await prisma.delegation.findMany({ where: { officialId, validFrom: { lte: at }, validTo: { gte: at } }, select: { delegateOfficialId: true } });
  const officials = [officialId, ...delegations.map((d) => d.delegateOfficialId)];
  const users = await prisma.user.findMany({ where: { officialId: { in: officials }, active: true } });
  return users.filter((u) => parseRoles(u.roles).includes(role));
}

export async function planNotifications(prisma: PrismaClient, event: AuditEvent): Promise<PlannedNotification[]> {
  if (!event.documentId) return [];
  const doc = await prisma.document.findUnique({ where: { id: event.documentId }, include: { drafter: true } });
  if (!doc) return [];
  const details = detailsOf(event);
  const tentang = cut(doc.tentang, 120);
  const out: PlannedNotification[] = [];
  const version = event.versionHash ? await prisma.documentVersion.findFirst({ where: { documentId: doc.id, contentHash: event.versionHash }, orderBy: { versionNo: 'desc' } }) : null;

  const parafAwaits = async (afterPosition: number) => {
    if (!version) return;
    const next = await prisma.parafStep.findFirst({ where: { versionId: version.id, position: { gt: afterPosition } }, orderBy: { position: 'asc' } });
    if (!next) return;
    for (const u of await usersActingFor(prisma, next.officialId, event.at, 'paraf')) {
      out.push({ userId: u.id, kind: 'paraf', documentId: doc.id, email: u.email, text: `Paraf Anda ditunggu (urutan ${next.position}, ${next.jabatan}): ${tentang}` });
    }
  };

  switch (event.action) {
    case 'document.submitted':
      await parafAwaits(0);
      break;
    case 'paraf.given': {
      const position = typeof details.position === 'number' ? details.position : 0;
      if (details.to === 'ready_to_sign') {
        if (doc.signerOfficialId) {
          for (const u of await usersActingFor(prisma, doc.signerOfficialId, event.at, 'signer')) {
            out.push({ userId: u.id, kind: 'tanda_tangan', documentId: doc.id, email: u.email, text: `Tanda tangan Anda ditunggu: ${tentang}` });
          }
        }
      } else await parafAwaits(position);
      break;
    }
    case 'document.returned': {
      const note = typeof details.note === 'string' ? cut(details.note, 300) : '';
      const jabatan = typeof details.jabatan === 'string' ? details.jabatan : 'pejabat paraf';
      if (doc.drafter.active) {
        out.push({ userId: doc.drafter.id, kind: 'dikembalikan', documentId: doc.id, email: doc.drafter.email, text: `Dikembalikan oleh ${jabatan} (${event.actor}): ${tentang}${note ? ` — catatan: ${note}` : ''}` });
      }
      break;
    }
    case 'document.signed': {
      const number = typeof details.number === 'string' ? details.number : (doc.number ?? '');
      const text = `Terbit dengan nomor ${number}: ${tentang}`;
      const told = new Set<string>();
      if (doc.drafter.active) {
        out.push({ userId: doc.drafter.id, kind: 'terbit', documentId: doc.id, email: doc.drafter.email, text });
        told.add(doc.drafter.id);
      }
      if (version) {
        const steps = await prisma.parafStep.findMany({ where: { versionId: version.id, state: 'done' }, select: { actedByOfficialId: true, officialId: true } });
        const officials = [...new Set(steps.map((s) => s.actedByOfficialId ?? s.officialId))];
        const users = await prisma.user.findMany({ where: { officialId: { in: officials }, active: true } });
        for (const u of users) {
          if (told.has(u.id)) continue;
          told.add(u.id);
          out.push({ userId: u.id, kind: 'terbit', documentId: doc.id, email: u.email, text });
        }
      }
      break;
    }
    default:
      break;
  }
  return out;
}
