/**
 * Use cases of webhooks for document events (admins): subscribe a URL to events (the HMAC secret is
 * returned once), switch one on or off, list them and their delivery log. Deliveries themselves are made
 * by src/events/event-dispatcher.ts. Audited. Imports: events (the event names), audit, db transaction,
 * workflow actor resolution, errors.
 */
import { randomBytes } from 'node:crypto';
import type { Webhook } from '../db/prisma-client.ts';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { DOCUMENT_EVENTS } from '../events/document-events.ts';
import { TRANSACTION_OPTIONS } from '../workflow/compare-and-set.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

async function requireAdmin(db: UseCaseDb, username: string) {
  const resolved = await resolveActor(db.prisma, username);
  if (!resolved.actor.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Hanya admin yang mengelola webhook.');
  return resolved;
}

export interface CreateWebhookInput {
  readonly username: string;
  readonly url: string;
  /** Event names, or ["*"] for all document events. */
  readonly events: readonly string[];
}

export async function createWebhook(db: UseCaseDb, input: CreateWebhookInput, options?: UseCaseOptions): Promise<{ readonly webhook: Webhook; readonly secret: string }> {
  const { user, actor } = await requireAdmin(db, input.username);
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(input.url.trim());
  } catch {
    problems.push('alamat URL tidak sah (mis. https://sistem-lain.example.go.id/naskah)');
  }
  if (url && url.protocol !== 'https:' && url.protocol !== 'http:') problems.push('alamat harus http:// atau https://');
  if (input.url.length > 2000) problems.push('alamat URL terlalu panjang');
  const events = [...new Set(input.events.map((e) => e.trim()).filter(Boolean))];
  const unknown = events.filter((e) => e !== '*' && !(DOCUMENT_EVENTS as readonly string[]).includes(e));
  if (events.length === 0) problems.push('pilih paling sedikit satu peristiwa');
  if (unknown.length > 0) problems.push(`peristiwa tidak dikenal: ${unknown.map((e) => e.slice(0, 40)).join(', ')}`);
  if (problems.length > 0) throw new AppError('USAGE', `Webhook tidak dapat dibuat: ${problems.join('; ')}.`, { details: problems });
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  const webhook = await withTransaction(db, async (tx) => {
    const row = await tx.webhook.create({ data: { url: url!.toString(), secret, events: events.join(','), regions: actor.regions.join(','), createdById: user.id } });
    await appendAuditEvent(tx, { actor: user.username, action: 'webhook.created', details: { webhookId: row.id, url: row.url, events } }, at);
    return row;
  }, TRANSACTION_OPTIONS);
  return { webhook, secret };
}

export async function setWebhookActive(db: UseCaseDb, input: { readonly username: string; readonly webhookId: string; readonly active: boolean }, options?: UseCaseOptions): Promise<void> {
  const { user } = await requireAdmin(db, input.username);
  const hook = await db.prisma.webhook.findUnique({ where: { id: input.webhookId } });
  if (!hook) throw new AppError('NOT_FOUND', 'Webhook itu tidak ada.');
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    await tx.webhook.update({ where: { id: hook.id }, data: { active: input.active } });
    await appendAuditEvent(tx, { actor: user.username, action: 'webhook.updated', details: { webhookId: hook.id, active: input.active } }, at);
  }, TRANSACTION_OPTIONS);
}

export async function listWebhooks(db: UseCaseDb, username: string): Promise<Webhook[]> {
  await requireAdmin(db, username);
  return db.prisma.webhook.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 });
}
