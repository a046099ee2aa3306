/**
 * Accounts, officials and delegations as the admin pages and the API list them (paged), and one user
 * with their open sessions. Reads only. Imports the db handle's types, workflow role parsing, paging.
 */
import type { Database } from '../../db/create-database.ts';
import { parseRegions, parseRoles, type UserRole } from '../../workflow/paraf-state.ts';
import { afterKeyset, decodeKeyset, keysetPage, type Paged } from '../paging.ts';

export interface UserView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly UserRole[];
  readonly regions: readonly string[];
  readonly email: string | null;
  readonly active: boolean;
  readonly mustChangePassword: boolean;
  readonly officialId: string | null;
  readonly officialLabel: string | null;
  readonly createdAt: Date;
  readonly sessions: number;
}

export async function listUsers(db: Database, page: { readonly limit: number; readonly cursor?: string | undefined }, now: Date): Promise<Paged<UserView>> {
  const rows = await db.prisma.user.findMany({
    where: afterKeyset('createdAt', decodeKeyset(page.cursor)),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: { official: { select: { jabatan: true, name: true } }, _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } },
  });
  const paged = keysetPage(rows, page.limit, (u) => ({ at: u.createdAt, id: u.id }));
  return {
    nextCursor: paged.nextCursor,
    items: paged.items.map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: parseRoles(u.roles),
      regions: parseRegions(u.regions),
      email: u.email,
      active: u.active,
      mustChangePassword: u.mustChangePassword,
      officialId: u.officialId,
      officialLabel: u.official ? `${u.official.jabatan} — ${u.official.name}` : null,
      createdAt: u.createdAt,
      sessions: u._count.sessions,
    })),
  };
}

export async function getUser(db: Database, id: string, now: Date): Promise<UserView | undefined> {
  const u = await db.prisma.user.findUnique({
    where: { id },
    include: { official: { select: { jabatan: true, name: true } }, _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } },
  });
  if (!u) return undefined;
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: parseRoles(u.roles),
    regions: parseRegions(u.regions),
    email: u.email,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    officialId: u.officialId,
    officialLabel: u.official ? `${u.official.jabatan} — ${u.official.name}` : null,
    createdAt: u.createdAt,
    sessions: u._count.sessions,
  };
}

export interface OfficialView {
  readonly id: string;
  readonly jabatan: string;
  readonly name: string;
  readonly nip: string | null;
  readonly region: string | null;
  readonly unit: string | null;
  readonly createdAt: Date;
}

export async function listOfficials(db: Database, page: { readonly limit: number; readonly cursor?: string | undefined }): Promise<Paged<OfficialView>> {
  const rows = await db.prisma.official.findMany({ where: afterKeyset('createdAt', decodeKeyset(page.cursor)), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: page.limit + 1 });
  const paged = keysetPage(rows, page.limit, (o) => ({ at: o.createdAt, id: o.id }));
  return { nextCursor: paged.nextCursor, items: paged.items.map((o) => ({ id: o.id, jabatan: o.jabatan, name: o.name, nip: o.nip, region: o.region, unit: o.unit, createdAt: o.createdAt })) };
}

/** Every official, for pickers (bounded). */
export async function allOfficials(db: Database): Promise<OfficialView[]> {
  return [...(await listOfficials(db, { limit: 200 })).items];
}

export interface DelegationView {
  readonly id: string;
  readonly kind: string;
  readonly official: string;
  readonly delegate: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly createdAt: Date;
}

export async function listDelegations(db: Database, page: { readonly limit: number; readonly cursor?: string | undefined }): Promise<Paged<DelegationView>> {
  const rows = await db.prisma.delegation.findMany({
    where: afterKeyset('createdAt', decodeKeyset(page.cursor)),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: { official: { select: { jabatan: true, name: true } }, delegateOfficial: { select: { jabatan: true, name: true } } },
  });
  const paged = keysetPage(rows, page.limit, (d) => ({ at: d.createdAt, id: d.id }));
  return {
    nextCursor: paged.nextCursor,
    items: paged.items.map((d) => ({
      id: d.id,
      kind: d.kind,
      official: `${d.official.jabatan} — ${d.official.name}`,
      delegate: `${d.delegateOfficial.jabatan} — ${d.delegateOfficial.name}`,
      validFrom: d.validFrom,
      validTo: d.validTo,
      createdAt: d.createdAt,
    })),
  };
}
