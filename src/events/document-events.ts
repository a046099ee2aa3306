/**
 * Document events as the outside world sees them, read from the audit log (the outbox: every state
 * change already writes its audit event in its own transaction, whichever adapter made it — web, API
 * or CLI). Names the events a webhook may subscribe to and builds the payload of one. Imports the
 * Prisma facade's types only.
 */
import type { AuditEvent, PrismaClient } from '../db/prisma-client.ts';

export const DOCUMENT_EVENTS = [
  'document.drafted',
  'document.revised',
  'document.submitted',
  'paraf.given',
  'document.returned',
  'document.signed',
  'document.revoked',
  'document.deleted',
] as const;
export type DocumentEventName = (typeof DOCUMENT_EVENTS)[number];

export const EVENT_LABELS: Readonly<Record<DocumentEventName, string>> = {
  'document.drafted': 'konsep dibuat',
  'document.revised': 'konsep direvisi',
  'document.submitted': 'diajukan untuk paraf',
  'paraf.given': 'paraf diberikan',
  'document.returned': 'dikembalikan kepada perancang',
  'document.signed': 'ditandatangani dan terbit',
  'document.revoked': 'dicabut',
  'document.deleted': 'konsep dihapus',
};

export function isDocumentEvent(action: string): action is DocumentEventName {
  return (DOCUMENT_EVENTS as readonly string[]).includes(action);
}

export interface DocumentEventPayload {
  readonly event: DocumentEventName;
  /** The audit event's sequence number: increasing, unique per event. */
  readonly seq: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly versionHash: string | null;
  readonly document: {
    readonly id: string;
    readonly kind: string | null;
    readonly tentang: string | null;
    readonly state: string | null;
    readonly number: string | null;
    readonly region: string | null;
  };
  readonly details: Readonly<Record<string, unknown>>;
}

/** What of an audit event's details goes out (no internal ids of keys, no evidence blobs). */
const PUBLIC_DETAILS = ['versionNo', 'position', 'jabatan', 'note', 'from', 'to', 'number', 'date', 'pdfSha256', 'reason', 'via', 'kind'] as const;

export function detailsOf(event: AuditEvent): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(event.detailsJson);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function buildEventPayload(prisma: PrismaClient, event: AuditEvent & { action: DocumentEventName }): Promise<DocumentEventPayload> {
  const doc = event.documentId ? await prisma.document.findUnique({ where: { id: event.documentId } }) : null;
  const details = detailsOf(event);
  const publicDetails = Object.fromEntries(PUBLIC_DETAILS.filter((k) => details[k] !== undefined).map((k) => [k, details[k]]));
  return {
    event: event.action,
    seq: event.seq,
    occurredAt: event.at.toISOString(),
    actor: event.actor,
    versionHash: event.versionHash,
    document: {
      id: event.documentId ?? '',
      kind: doc?.kindId ?? (typeof details.kind === 'string' ? details.kind : null),
      tentang: doc?.tentang ?? (typeof details.tentang === 'string' ? details.tentang : null),
      state: doc?.state ?? null,
      number: doc?.number ?? (typeof details.number === 'string' ? details.number : null),
      region: doc?.region ?? (typeof details.region === 'string' ? details.region : null),
    },
    details: publicDetails,
  };
}
