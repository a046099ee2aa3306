/**
 * Use cases of an account's way out: a user changes their own password; an admin resets one (a random
 * password shown once, to be changed at the next login), deactivates or reactivates a user, revokes
 * their sessions, and edits their name, roles, regions and e-mail. Every change is audited in the same
 * transaction as the rows it writes; password hashing happens before the transaction.
 * Imports: officials/password-hash, audit, db transaction, workflow actor resolution, errors.
 */
import type { User } from '../db/prisma-client.ts';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { generatePassword, hashPassword, verifyPassword } from '../officials/password-hash.ts';
import { TRANSACTION_OPTIONS } from '../workflow/compare-and-set.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { parseRegions, USER_ROLES, type UserRole } from '../workflow/paraf-state.ts';
import { MIN_PASSWORD_LENGTH } from './create-user.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

const MAX_PASSWORD_LENGTH = 1000;

async function requireAdmin(db: UseCaseDb, username: string): Promise<User> {
  const { user, actor } = await resolveActor(db.prisma, username);
  if (!actor.roles.includes('admin')) throw new AppError('FORBIDDEN', `Pengguna "${user.username}" bukan admin; hanya admin yang mengelola akun pengguna lain.`);
  return user;
}

async function findUser(db: UseCaseDb, idOrUsername: string): Promise<User> {
  const user = (await db.prisma.user.findUnique({ where: { id: idOrUsername } })) ?? (await db.prisma.user.findUnique({ where: { username: idOrUsername } }));
  if (!user) throw new AppError('NOT_FOUND', `Pengguna "${idOrUsername.slice(0, 64)}" tidak ada; periksa nama penggunanya.`);
  return user;
}

function checkNewPassword(password: string, username: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AppError('USAGE', `Kata sandi baru minimal ${MIN_PASSWORD_LENGTH} karakter.`, { field: 'kataSandiBaru' });
  if (password.length > MAX_PASSWORD_LENGTH) throw new AppError('USAGE', `Kata sandi baru paling panjang ${MAX_PASSWORD_LENGTH} karakter.`, { field: 'kataSandiBaru' });
  if (password.toLowerCase() === username.toLowerCase()) throw new AppError('USAGE', 'Kata sandi tidak boleh sama dengan nama pengguna.', { field: 'kataSandiBaru' });
}

export interface ChangePasswordInput {
  readonly username: string;
  readonly currentPassword: string;
  readonly newPassword: string;
  /** The session the change is made from: it stays, every other session of the user ends. */
  readonly keepSessionId?: string | null;
}

/** The user's own change: the current password must be right; other sessions end. */
export async function changePassword(db: UseCaseDb, input: ChangePasswordInput, options?: UseCaseOptions): Promise<void> {
  const user = await findUser(db, input.username);
  if (!user.active) throw new AppError('FORBIDDEN', 'Akun ini dinonaktifkan.');
  if (!(await verifyPassword(input.currentPassword.slice(0, MAX_PASSWORD_LENGTH), user.passwordHash))) {
    throw new AppError('USAGE', 'Kata sandi sekarang salah; ketik kata sandi yang Anda pakai untuk masuk.', { field: 'kataSandiSekarang' });
  }
  checkNewPassword(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) throw new AppError('USAGE', 'Kata sandi baru harus berbeda dari yang sekarang.', { field: 'kataSandiBaru' });
  const passwordHash = await hashPassword(input.newPassword);
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: at } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id, ...(input.keepSessionId ? { id: { not: input.keepSessionId } } : {}) } });
    await appendAuditEvent(tx, { actor: user.username, action: 'user.password_changed', details: { userId: user.id, endedSessions: ended.count } }, at);
  }, TRANSACTION_OPTIONS);
}

export interface AdminActionInput {
  /** The admin acting. */
  readonly actor: string;
  /** The user acted on: id or username. */
  readonly user: string;
}

/** A new random password (returned once), to be changed at the next login; all sessions end. */
export async function resetPassword(db: UseCaseDb, input: AdminActionInput, options?: UseCaseOptions): Promise<{ readonly username: string; readonly password: string }> {
  const admin = await requireAdmin(db, input.actor);
  const user = await findUser(db, input.user);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: true, passwordChangedAt: at } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await appendAuditEvent(tx, { actor: admin.username, action: 'user.password_reset', details: { userId: user.id, username: user.username, endedSessions: ended.count } }, at);
  }, TRANSACTION_OPTIONS);
  return { username: user.username, password };
}

/** Deactivates (or reactivates) a user; deactivation ends their sessions and their API tokens stop working. */
export async function setUserActive(db: UseCaseDb, input: AdminActionInput & { readonly active: boolean }, options?: UseCaseOptions): Promise<void> {
  const admin = await requireAdmin(db, input.actor);
  const user = await findUser(db, input.user);
  if (!input.active && user.id === admin.id) throw new AppError('USAGE', 'Admin tidak dapat menonaktifkan akunnya sendiri; minta admin lain.');
  if (user.active === input.active) throw new AppError('INVALID_STATE', `Akun "${user.username}" sudah ${input.active ? 'aktif' : 'nonaktif'}.`);
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { active: input.active } });
    const ended = input.active ? { count: 0 } : await tx.session.deleteMany({ where: { userId: user.id } });
    await appendAuditEvent(
      tx,
      { actor: admin.username, action: input.active ? 'user.reactivated' : 'user.deactivated', details: { userId: user.id, username: user.username, endedSessions: ended.count } },
      at,
    );
  }, TRANSACTION_OPTIONS);
}

/** Ends every session of a user (an admin for anyone; a user for themselves). Returns how many ended. */
export async function revokeUserSessions(db: UseCaseDb, input: AdminActionInput, options?: UseCaseOptions): Promise<number> {
  const { user: actor, actor: roles } = await resolveActor(db.prisma, input.actor);
  const user = await findUser(db, input.user);
  if (user.id !== actor.id && !roles.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Hanya admin yang dapat mengakhiri sesi pengguna lain.');
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await appendAuditEvent(tx, { actor: actor.username, action: 'user.sessions_revoked', details: { userId: user.id, username: user.username, endedSessions: ended.count } }, at);
    return ended.count;
  }, TRANSACTION_OPTIONS);
}

export interface UpdateUserInput extends AdminActionInput {
  readonly displayName?: string;
  readonly roles?: readonly string[];
  readonly regions?: readonly string[];
  /** '' clears it. */
  readonly email?: string;
  /** null unlinks the official. */
  readonly officialId?: string | null;
}

const EMAIL = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,190}\.[^\s@<>,;"]{2,}$/;

/** Edits what an admin assigns: name, roles, regions, e-mail, the official the user acts as. */
export async function updateUser(db: UseCaseDb, input: UpdateUserInput, options?: UseCaseOptions): Promise<User> {
  const admin = await requireAdmin(db, input.actor);
  const user = await findUser(db, input.user);
  const problems: string[] = [];
  const data: { displayName?: string; roles?: string; regions?: string; email?: string | null; officialId?: string | null } = {};
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if (name.length < 2 || name.length > 200) problems.push('nama tampilan: 2–200 karakter');
    else data.displayName = name;
  }
  if (input.roles !== undefined) {
    const unknown = input.roles.filter((r) => !(USER_ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) problems.push(`peran tidak dikenal: ${unknown.map((r) => r.slice(0, 30)).join(', ')}`);
    const roles = [...new Set(input.roles as UserRole[])];
    if (user.id === admin.id && !roles.includes('admin')) problems.push('admin tidak dapat mencabut peran admin dari akunnya sendiri');
    data.roles = roles.join(',');
  }
  if (input.regions !== undefined) {
    const regions = parseRegions(input.regions.join(','));
    if (regions.some((r) => r.length > 200)) problems.push('nama daerah terlalu panjang');
    data.regions = regions.join(',');
  }
  if (input.email !== undefined) {
    const email = input.email.trim();
    if (email !== '' && !EMAIL.test(email)) problems.push(`alamat surel "${email.slice(0, 60)}" tidak sah`);
    data.email = email === '' ? null : email;
  }
  if (input.officialId !== undefined) {
    if (input.officialId !== null && !(await db.prisma.official.findUnique({ where: { id: input.officialId } }))) problems.push('pejabat yang dipilih tidak terdaftar');
    data.officialId = input.officialId;
  }
  if (problems.length > 0) throw new AppError('USAGE', `Pengguna tidak dapat diubah: ${problems.join('; ')}.`, { details: problems });
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const updated = await tx.user.update({ where: { id: user.id }, data });
    await appendAuditEvent(tx, { actor: admin.username, action: 'user.updated', details: { userId: user.id, username: user.username, changed: data } }, at);
    return updated;
  }, TRANSACTION_OPTIONS);
}
