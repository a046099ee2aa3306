/**
 * Use cases: register officials, their Plt./Plh. delegations, and list them. Each write is audited in
 * the same transaction. Imports: the Prisma facade's types, audit, workflow (loading, state types), errors.
 */
import type { Delegation, Official } from '../db/prisma-client.ts';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { TRANSACTION_OPTIONS } from '../workflow/compare-and-set.ts';
import { DELEGATION_KINDS, type DelegationKind } from '../workflow/paraf-state.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface CreateOfficialInput {
  readonly jabatan: string;
  readonly name: string;
  readonly nip?: string | null;
  readonly rank?: string | null;
  readonly unit?: string | null;
  readonly region?: string | null;
  readonly nik?: string | null;
  /** Who does it, for the audit log (a username, or "system"). */
  readonly actor: string;
}

export async function createOfficial(db: UseCaseDb, input: CreateOfficialInput, options?: UseCaseOptions): Promise<Official> {
  const problems: string[] = [];
  if (input.jabatan.trim() === '') problems.push('jabatan kosong');
  if (input.name.trim() === '') problems.push('nama kosong');
  if (input.nip != null && !/^\d{18}$/.test(input.nip.replace(/\s/g, ''))) problems.push('NIP harus 18 angka');
  if (input.nik != null && !/^\d{16}$/.test(input.nik)) problems.push('NIK harus 16 angka');
  if (problems.length > 0) throw new AppError('USAGE', `Data pejabat tidak lengkap: ${problems.join('; ')}.`, { details: problems });
  const now = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const official = await tx.official.create({
      data: {
        jabatan: input.jabatan.trim(),
        name: input.name.trim(),
        nip: input.nip?.replace(/\s/g, '') ?? null,
        rank: input.rank ?? null,
        unit: input.unit ?? null,
        region: input.region ?? null,
        nik: input.nik ?? null,
      },
    });
    await appendAuditEvent(tx, { actor: input.actor, action: 'official.created', details: { officialId: official.id, jabatan: official.jabatan, name: official.name, region: official.region } }, now);
    return official;
  }, TRANSACTION_OPTIONS);
}

export interface CreateDelegationInput {
  /** The official who is replaced. */
  readonly officialId: string;
  readonly delegateOfficialId: string;
  readonly kind: DelegationKind;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly actor: string;
}

export async function createDelegation(db: UseCaseDb, input: CreateDelegationInput, options?: UseCaseOptions): Promise<Delegation> {
  const problems: string[] = [];
  if (!(DELEGATION_KINDS as readonly string[]).includes(input.kind)) problems.push(`jenis penunjukan "${input.kind}" tidak dikenal (plt atau plh)`);
  if (Number.isNaN(input.validFrom.getTime()) || Number.isNaN(input.validTo.getTime())) problems.push('tanggal berlaku tidak sah');
  else if (input.validTo.getTime() < input.validFrom.getTime()) problems.push('tanggal akhir sebelum tanggal mulai');
  if (input.officialId === input.delegateOfficialId) problems.push('pejabat tidak dapat menjadi Plt./Plh. bagi dirinya sendiri');
  const [official, delegate] = await Promise.all([
    db.prisma.official.findUnique({ where: { id: input.officialId } }),
    db.prisma.official.findUnique({ where: { id: input.delegateOfficialId } }),
  ]);
  if (!official) problems.push(`pejabat ${input.officialId} tidak terdaftar`);
  if (!delegate) problems.push(`pejabat pengganti ${input.delegateOfficialId} tidak terdaftar`);
  if (problems.length > 0) throw new AppError('USAGE', `Penunjukan tidak dapat dicatat: ${problems.join('; ')}.`, { details: problems });
  const now = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const delegation = await tx.delegation.create({
      data: { officialId: input.officialId, delegateOfficialId: input.delegateOfficialId, kind: input.kind, validFrom: input.validFrom, validTo: input.validTo },
    });
    await appendAuditEvent(
      tx,
      {
        actor: input.actor,
        action: 'delegation.created',
        details: { delegationId: delegation.id, officialId: input.officialId, delegateOfficialId: input.delegateOfficialId, kind: input.kind, validFrom: input.validFrom, validTo: input.validTo },
      },
      now,
    );
    return delegation;
  }, TRANSACTION_OPTIONS);
}

export async function listOfficials(db: UseCaseDb): Promise<Official[]> {
  return db.prisma.official.findMany({ orderBy: [{ region: 'asc' }, { createdAt: 'asc' }] });
}
