/**
 * Use cases of personal API tokens, for scripts and other systems: create (the token is returned once;
 * only its SHA-256 is stored), list, revoke (audited), and look one up for a request. A token acts as
 * its user with at most its scopes: `baca` for reading, `tulis` for changes.
 * Imports: audit, db transaction, workflow actor resolution, errors.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, User } from '../db/prisma-client.ts';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { TRANSACTION_OPTIONS } from '../workflow/compare-and-set.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export const API_TOKEN_SCOPES = ['baca', 'tulis'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];
const TOKEN_PREFIX = 'nsk_';
const MAX_TOKENS_PER_USER = 50;
/** lastUsedAt is written at most this often per token (a script polling every second writes rarely). */
const TOUCH_INTERVAL_MS = 60_000;

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CreateApiTokenInput {
  readonly username: string;
  readonly name: string;
  readonly scopes: readonly string[];
  /** Days until it stops working; undefined = no expiry. */
  readonly expiresInDays?: number;
}

export interface CreatedApiToken {
  /** Shown once: the caller must copy it now. */
  readonly token: string;
  readonly row: ApiToken;
}

export async function createApiToken(db: UseCaseDb, input: CreateApiTokenInput, options?: UseCaseOptions): Promise<CreatedApiToken> {
  const { user } = await resolveActor(db.prisma, input.username);
  const problems: string[] = [];
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) problems.push('nama token: 1–100 karakter (mis. "skrip impor Dinsos")');
  const scopes = [...new Set(input.scopes)];
  const unknown = scopes.filter((s) => !(API_TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) problems.push(`cakupan tidak dikenal: ${unknown.map((s) => s.slice(0, 20)).join(', ')} (pilih baca dan/atau tulis)`);
  if (scopes.length === 0) problems.push('pilih paling sedikit satu cakupan: baca atau tulis');
  if (input.expiresInDays !== undefined && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 3650)) {
    problems.push('masa berlaku: 1–3650 hari');
  }
  const active = await db.prisma.apiToken.count({ where: { userId: user.id, revokedAt: null } });
  if (active >= MAX_TOKENS_PER_USER) problems.push(`sudah ada ${active} token aktif; cabut yang tidak dipakai`);
  if (problems.length > 0) throw new AppError('USAGE', `Token tidak dapat dibuat: ${problems.join('; ')}.`, { details: problems });
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const at = clockOf(options)();
  const expiresAt = input.expiresInDays !== undefined ? new Date(at.getTime() + input.expiresInDays * 86_400_000) : null;
  await ensureAuditHead(db.prisma);
  const row = await withTransaction(db, async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId: user.id, name, tokenHash: hashApiToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6), scopes: scopes.join(','), expiresAt },
    });
    await appendAuditEvent(tx, { actor: user.username, action: 'token.created', details: { tokenId: created.id, name, scopes, expiresAt: expiresAt?.toISOString() ?? null } }, at);
    return created;
  }, TRANSACTION_OPTIONS);
  return { token, row };
}

export async function revokeApiToken(db: UseCaseDb, input: { readonly username: string; readonly tokenId: string }, options?: UseCaseOptions): Promise<void> {
  const { user, actor } = await resolveActor(db.prisma, input.username);
  const token = await db.prisma.apiToken.findUnique({ where: { id: input.tokenId } });
  if (!token || (token.userId !== user.id && !actor.roles.includes('admin'))) throw new AppError('NOT_FOUND', 'Token itu tidak ada (atau bukan milik Anda).');
  if (token.revokedAt) throw new AppError('INVALID_STATE', `Token "${token.name}" sudah dicabut.`);
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    const updated = await tx.apiToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: at } });
    if (updated.count !== 1) throw new AppError('INVALID_STATE', `Token "${token.name}" sudah dicabut.`);
    await appendAuditEvent(tx, { actor: user.username, action: 'token.revoked', details: { tokenId: token.id, name: token.name, ownerId: token.userId } }, at);
  }, TRANSACTION_OPTIONS);
}

/** The user's tokens, newest first (revoked ones included, marked). */
export async function listApiTokens(db: UseCaseDb, userId: string): Promise<ApiToken[]> {
  return db.prisma.apiToken.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: MAX_TOKENS_PER_USER * 2 });
}

/** The token and its user when the token is known, not revoked, not expired, and the user is active. */
export async function findActiveApiToken(db: UseCaseDb, token: string, now: Date): Promise<{ readonly token: ApiToken; readonly user: User } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await db.prisma.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || !row.user.active) return undefined;
  const { user, ...bare } = row;
  return { token: bare, user };
}

export async function touchApiToken(db: UseCaseDb, token: ApiToken, now: Date): Promise<void> {
  if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < TOUCH_INTERVAL_MS) return;
  await db.prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
}
