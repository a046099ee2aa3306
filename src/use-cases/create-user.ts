/**
 * Use case: create a user (username, roles, optional official) with a scrypt password hash, audited in
 * the same transaction; and authenticate one. Imports: officials/password-hash, audit, workflow state
 * types, the Prisma facade's types, errors.
 */
import type { User } from '../db/prisma-client.ts';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { hashPassword, verifyPassword } from '../officials/password-hash.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { TRANSACTION_OPTIONS } from '../workflow/compare-and-set.ts';
import { USER_ROLES, type UserRole } from '../workflow/paraf-state.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface CreateUserInput {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly roles: readonly string[];
  readonly officialId?: string | null;
  /** Region ids the user may act in; defaults to the linked official's region. */
  readonly regions?: readonly string[];
  /** Where notifications are e-mailed. */
  readonly email?: string | null;
  /** The password was made for the user by someone else: they choose their own at the first login. */
  readonly mustChangePassword?: boolean;
  readonly actor: string;
}

export const MIN_PASSWORD_LENGTH = 10;

export async function createUser(db: UseCaseDb, input: CreateUserInput, options?: UseCaseOptions): Promise<User> {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(input.username)) problems.push('nama pengguna: 2–64 huruf kecil, angka, titik, garis bawah atau tanda hubung');
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.push(`kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter`);
  const unknownRoles = input.roles.filter((r) => !(USER_ROLES as readonly string[]).includes(r));
  if (unknownRoles.length > 0) problems.push(`peran tidak dikenal: ${unknownRoles.join(', ')} (pilih dari ${USER_ROLES.join(', ')})`);
  let officialRegion: string | null = null;
  if (input.officialId) {
    const official = await db.prisma.official.findUnique({ where: { id: input.officialId } });
    if (!official) problems.push(`pejabat ${input.officialId} tidak terdaftar`);
    officialRegion = official?.region ?? null;
  }
  if (await db.prisma.user.findUnique({ where: { username: input.username } })) problems.push(`nama pengguna "${input.username}" sudah dipakai`);
  if (problems.length > 0) throw new AppError('USAGE', `Pengguna tidak dapat dibuat: ${problems.join('; ')}.`, { details: problems });
  const roles = [...new Set(input.roles as UserRole[])];
  const regions = [...new Set(input.regions ?? (officialRegion ? [officialRegion] : []))];
  const passwordHash = await hashPassword(input.password);
  const now = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const user = await tx.user.create({
      data: {
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: roles.join(','),
        regions: regions.join(','),
        officialId: input.officialId ?? null,
        email: input.email?.trim() || null,
        mustChangePassword: input.mustChangePassword ?? false,
      },
    });
    await appendAuditEvent(tx, { actor: input.actor, action: 'user.created', details: { userId: user.id, username: user.username, roles, regions, officialId: user.officialId } }, now);
    return user;
  }, TRANSACTION_OPTIONS);
}

/** The active user with this username and password, or undefined (same answer for unknown user and wrong password). */
export async function authenticateUser(db: UseCaseDb, username: string, password: string): Promise<User | undefined> {
  const user = await db.prisma.user.findUnique({ where: { username } });
  if (!user || !user.active) {
    // spend the same effort as a real check so response time does not reveal which usernames exist
    await verifyPassword(password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    return undefined;
  }
  return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
}
