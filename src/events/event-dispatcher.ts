/**
 * Tails the audit log and turns document events into notifications (with e-mail) and webhook
 * deliveries, then sends what is due. Each consumer keeps its place in EventCursor; a batch is taken
 * with a compare-and-set of the cursor in the same transaction that writes its rows (rows only — no I/O
 * inside), so two processes never both take one batch. Sending happens after, outside any transaction:
 * a row is claimed by a compare-and-set on its attempt count before it is sent, so it goes out once even
 * with several processes. Webhooks are retried with exponential backoff until maxAttempts, every attempt
 * kept in the delivery's history.
 * Imports: db facade types, db transaction, the config types, and this folder's modules.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/load-config.ts';
import type { AuditEvent, TransactionClient } from '../db/prisma-client.ts';
import type { Database } from '../db/create-database.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { parseRegions } from '../workflow/paraf-state.ts';
import { postWebhook } from './deliver-webhook.ts';
import { buildEventPayload, isDocumentEvent } from './document-events.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { planNotifications, type PlannedNotification } from './plan-notifications.ts';

const BATCH = 100;
const MAX_EMAIL_ATTEMPTS = 3;
const HISTORY_KEEP = 10;

export interface DispatchReport {
  readonly events: number;
  readonly notifications: number;
  readonly emailsSent: number;
  readonly deliveriesQueued: number;
  readonly deliveriesAttempted: number;
}

export interface EventDispatcherOptions {
  readonly db: Database;
  readonly config: Pick<Config, 'mail' | 'webhooks' | 'baseUrl'>;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Tests inject one; otherwise built from config.mail. */
  readonly mailer?: Mailer;
}

export class EventDispatcher {
  private readonly mailer: Mailer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<DispatchReport> | undefined;

  constructor(private readonly options: EventDispatcherOptions) {
    this.mailer = options.mailer ?? createMailer(options.config.mail);
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.poke(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stop();
    this.mailer?.close();
  }

  /** Runs soon (after a web action); errors are logged, never thrown at the caller. */
  poke(): void {
    void this.runOnce().catch((error: unknown) => this.options.logger.error({ err: error }, 'event dispatch failed'));
  }

  /**
   * One pass: take new events, then send due e-mail and webhooks. A call made while a pass runs waits
   * for it and then makes its own, so it sees everything written before it was called.
   */
  async runOnce(): Promise<DispatchReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<DispatchReport> {
    let events = 0;
    let notifications = 0;
    let deliveriesQueued = 0;
    for (;;) {
      const n = await this.takeNotificationBatch();
      notifications += n.created;
      const w = await this.takeWebhookBatch();
      deliveriesQueued += w.created;
      events += Math.max(n.events, w.events);
      if (n.events < BATCH && w.events < BATCH) break;
    }
    const emailsSent = await this.sendEmails();
    const deliveriesAttempted = await this.deliverWebhooks();
    return { events, notifications, emailsSent, deliveriesQueued, deliveriesAttempted };
  }

  private async cursor(name: string): Promise<number> {
    const { prisma } = this.options.db;
    const row = await prisma.eventCursor.findUnique({ where: { name } });
    if (row) return row.seq;
    // a new consumer starts at the present: it does not replay history
    const head = await prisma.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } });
    try {
      await prisma.eventCursor.create({ data: { name, seq: head?.seq ?? 0 } });
    } catch {
      // another process created it
    }
    return (await prisma.eventCursor.findUniqueOrThrow({ where: { name } })).seq;
  }

  private async nextEvents(name: string): Promise<{ from: number; events: AuditEvent[] }> {
    const from = await this.cursor(name);
    const events = await this.options.db.prisma.auditEvent.findMany({ where: { seq: { gt: from } }, orderBy: { seq: 'asc' }, take: BATCH });
    return { from, events };
  }

  /** Moves the cursor from `from` to `to` in `tx`; false when another process moved it first. */
  private async advance(tx: TransactionClient, name: string, from: number, to: number): Promise<boolean> {
    const moved = await tx.eventCursor.updateMany({ where: { name, seq: from }, data: { seq: to } });
    return moved.count === 1;
  }

  private async takeNotificationBatch(): Promise<{ events: number; created: number }> {
    const { db, config } = this.options;
    const { from, events } = await this.nextEvents('notifikasi');
    if (events.length === 0) return { events: 0, created: 0 };
    const planned: (PlannedNotification & { readonly eventSeq: number })[] = [];
    for (const e of events) for (const p of await planNotifications(db.prisma, e)) planned.push({ ...p, eventSeq: e.seq });
    const created = await withTransaction(db, async (tx) => {
      if (!(await this.advance(tx, 'notifikasi', from, events[events.length - 1]!.seq))) return 0;
      let n = 0;
      for (const p of planned) {
        const exists = await tx.notification.findUnique({ where: { userId_eventSeq_kind: { userId: p.userId, eventSeq: p.eventSeq, kind: p.kind } }, select: { id: true } });
        if (exists) continue;
        await tx.notification.create({
          data: { userId: p.userId, kind: p.kind, documentId: p.documentId, eventSeq: p.eventSeq, text: p.text, emailStatus: p.email && config.mail ? 'pending' : 'none' },
        });
        n++;
      }
      return n;
    });
    return { events: events.length, created };
  }

  private async takeWebhookBatch(): Promise<{ events: number; created: number }> {
    const { db, clock } = this.options;
    const { from, events } = await this.nextEvents('webhook');
    if (events.length === 0) return { events: 0, created: 0 };
    const hooks = await db.prisma.webhook.findMany({ where: { active: true } });
    const planned: { webhookId: string; eventSeq: number; event: string; payloadJson: string }[] = [];
    for (const e of events) {
      if (!isDocumentEvent(e.action) || hooks.length === 0) continue;
      const payload = await buildEventPayload(db.prisma, e as AuditEvent & { action: typeof e.action });
      for (const h of hooks) {
        const wanted = h.events.split(',').map((s) => s.trim());
        if (!wanted.includes('*') && !wanted.includes(e.action)) continue;
        const regions = parseRegions(h.regions);
        if (regions.length > 0 && (payload.document.region === null || !regions.includes(payload.document.region))) continue;
        planned.push({ webhookId: h.id, eventSeq: e.seq, event: e.action, payloadJson: JSON.stringify(payload) });
      }
    }
    const now = clock();
    const created = await withTransaction(db, async (tx) => {
      if (!(await this.advance(tx, 'webhook', from, events[events.length - 1]!.seq))) return 0;
      let n = 0;
      for (const p of planned) {
        const exists = await tx.webhookDelivery.findUnique({ where: { webhookId_eventSeq: { webhookId: p.webhookId, eventSeq: p.eventSeq } }, select: { id: true } });
        if (exists) continue;
        await tx.webhookDelivery.create({ data: { ...p, nextAttemptAt: now } });
        n++;
      }
      return n;
    });
    return { events: events.length, created };
  }

  private async sendEmails(): Promise<number> {
    const { db, config, logger } = this.options;
    if (!this.mailer) return 0;
    const due = await db.prisma.notification.findMany({ where: { emailStatus: 'pending' }, include: { user: true }, orderBy: { createdAt: 'asc' }, take: 50 });
    let sent = 0;
    for (const n of due) {
      const claimed = await db.prisma.notification.updateMany({ where: { id: n.id, emailStatus: 'pending', emailAttempts: n.emailAttempts }, data: { emailAttempts: n.emailAttempts + 1 } });
      if (claimed.count !== 1 || !n.user.email) continue;
      try {
        await this.mailer.send({
          to: n.user.email,
          subject: `[naskah] ${subjectOf(n.kind)}`,
          text: `${n.text}\n\nBuka: ${config.baseUrl}/dokumen/${n.documentId ?? ''}\n\nPesan ini dikirim otomatis oleh naskah; pemberitahuan yang sama ada di halaman Pemberitahuan.`,
        });
        await db.prisma.notification.update({ where: { id: n.id }, data: { emailStatus: 'sent', emailError: null } });
        sent++;
      } catch (error) {
        const failed = n.emailAttempts + 1 >= MAX_EMAIL_ATTEMPTS;
        logger.warn({ err: error, notification: n.id }, 'e-mail not sent');
        await db.prisma.notification.update({ where: { id: n.id }, data: { emailStatus: failed ? 'failed' : 'pending', emailError: String((error as Error).message ?? error).slice(0, 300) } });
      }
    }
    return sent;
  }

  private async deliverWebhooks(): Promise<number> {
    const { db, clock, config } = this.options;
    const now = clock();
    const due = await db.prisma.webhookDelivery.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, include: { webhook: true }, orderBy: { nextAttemptAt: 'asc' }, take: 50 });
    let attempted = 0;
    for (const d of due) {
      // claim: push the next attempt out by the timeout, so another process leaves it alone meanwhile
      const lease = new Date(now.getTime() + config.webhooks.timeoutMs * 2);
      const claimed = await db.prisma.webhookDelivery.updateMany({ where: { id: d.id, status: 'pending', attempts: d.attempts }, data: { attempts: d.attempts + 1, nextAttemptAt: lease } });
      if (claimed.count !== 1) continue;
      attempted++;
      const attempt = d.attempts + 1;
      const result = d.webhook.active
        ? await postWebhook(d.webhook.url, d.payloadJson, { secret: d.webhook.secret, event: d.event, deliveryId: d.id, now: clock() }, config.webhooks.timeoutMs)
        : { ok: false, status: null, error: 'webhook dinonaktifkan', ms: 0 };
      const history = [...parseHistory(d.historyJson), { at: clock().toISOString(), attempt, status: result.status, error: result.error, ms: result.ms }].slice(-HISTORY_KEEP);
      const exhausted = !result.ok && (attempt >= config.webhooks.maxAttempts || !d.webhook.active);
      await db.prisma.webhookDelivery.update({
        where: { id: d.id },
        data: {
          status: result.ok ? 'delivered' : exhausted ? 'failed' : 'pending',
          lastStatus: result.status,
          lastError: result.error,
          historyJson: JSON.stringify(history),
          deliveredAt: result.ok ? clock() : null,
          nextAttemptAt: result.ok || exhausted ? clock() : new Date(clock().getTime() + retryDelayMs(config.webhooks.retryBaseMs, attempt)),
        },
      });
    }
    return attempted;
  }
}

/** Wait after the n-th failed attempt: base, 2 × base, 4 × base, … (capped at a day). */
export function retryDelayMs(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), 86_400_000);
}

function parseHistory(text: string): unknown[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function subjectOf(kind: string): string {
  switch (kind) {
    case 'paraf':
      return 'Paraf Anda ditunggu';
    case 'tanda_tangan':
      return 'Tanda tangan Anda ditunggu';
    case 'dikembalikan':
      return 'Dokumen dikembalikan';
    case 'terbit':
      return 'Keputusan terbit';
    default:
      return 'Pemberitahuan';
  }
}
