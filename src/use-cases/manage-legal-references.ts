/**
 * Use cases of the register of legal references: a regulation stored once — nationally (admins) or for
 * one of the user's regions (drafters, admins) — found by words of its title, and cited the way the
 * drafting rules write it (src/format/legal-citation.ts), amendments included. Changes are audited in
 * the same transaction. Imports: format/legal-citation, audit, db transaction, workflow actor, errors.
 */
import type { LegalReference, Prisma } from '../db/prisma-client.ts';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { formatCitation, PROMULGATIONS, referenceTitle } from '../format/legal-citation.ts';
import { TRANSACTION_OPTIONS } from '../workflow/compare-and-set.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import type { WorkflowActor } from '../workflow/paraf-state.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface LegalReferenceInput {
  /** null: national, for every region (admins only). */
  readonly region: string | null;
  readonly jenis: string;
  readonly nomor: string;
  readonly tahun: number;
  readonly tentang: string;
  readonly lembaran: string;
  readonly lembaranDaerah?: string | null;
  readonly lembaranTahun?: number | null;
  readonly lembaranNomor?: string | null;
  readonly tambahanNomor?: string | null;
  readonly amendsId?: string | null;
}

export interface ReferenceView extends LegalReference {
  /** "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah". */
  readonly title: string;
  /** The full citation for Mengingat, amendments included, without the closing ";". */
  readonly citation: string;
  readonly amendmentCount: number;
}

function canTouch(actor: WorkflowActor, region: string | null): boolean {
  if (actor.roles.includes('admin')) return region === null || actor.regions.length === 0 || actor.regions.includes(region);
  return actor.roles.includes('drafter') && region !== null && actor.regions.includes(region);
}

function checkInput(input: LegalReferenceInput): { problems: string[]; data: Omit<Prisma.LegalReferenceUncheckedCreateInput, 'createdById'> } {
  const problems: string[] = [];
  const text = (v: string | null | undefined, name: string, max: number, required: boolean): string | null => {
    const t = (v ?? '').replace(/\s+/g, ' ').trim();
    if (required && t === '') problems.push(`${name} wajib diisi`);
    if (t.length > max) problems.push(`${name} paling panjang ${max} karakter`);
    return t === '' ? null : t;
  };
  const jenis = text(input.jenis, 'jenis', 200, true);
  const nomor = text(input.nomor, 'nomor', 50, true);
  const tentang = text(input.tentang, 'tentang', 1000, true);
  if (!Number.isInteger(input.tahun) || input.tahun < 1945 || input.tahun > 2999) problems.push('tahun: empat angka, mis. 2014');
  if (!(PROMULGATIONS as readonly string[]).includes(input.lembaran)) problems.push('lembaran: LN, BN, LD, BD atau kosong');
  const lembaranNomor = text(input.lembaranNomor, 'nomor lembaran', 50, input.lembaran !== '');
  const lembaranDaerah = text(input.lembaranDaerah, 'daerah lembaran', 200, input.lembaran === 'LD' || input.lembaran === 'BD');
  if (input.lembaranTahun !== undefined && input.lembaranTahun !== null && (!Number.isInteger(input.lembaranTahun) || input.lembaranTahun < 1945 || input.lembaranTahun > 2999)) {
    problems.push('tahun lembaran: empat angka');
  }
  return {
    problems,
    data: {
      region: input.region,
      jenis: jenis ?? '',
      nomor: nomor ?? '',
      tahun: input.tahun,
      tentang: tentang ?? '',
      lembaran: input.lembaran,
      lembaranDaerah,
      lembaranTahun: input.lembaranTahun ?? null,
      lembaranNomor,
      tambahanNomor: text(input.tambahanNomor, 'nomor tambahan lembaran', 50, false),
      amendsId: input.amendsId ?? null,
    },
  };
}

async function checkAmends(db: UseCaseDb, actor: WorkflowActor, amendsId: string | null | undefined, selfId?: string): Promise<string | undefined> {
  if (!amendsId) return undefined;
  if (amendsId === selfId) return 'sebuah peraturan tidak mengubah dirinya sendiri';
  const target = await db.prisma.legalReference.findUnique({ where: { id: amendsId } });
  if (!target || !visibleTo(actor, target.region)) return 'peraturan yang diubah tidak ada di register';
  if (target.amendsId) return 'pilih peraturan pokoknya (yang diubah), bukan peraturan perubahan';
  return undefined;
}

function visibleTo(actor: WorkflowActor, region: string | null): boolean {
  return region === null || actor.regions.includes(region) || (actor.roles.includes('admin') && actor.regions.length === 0);
}

export async function createLegalReference(db: UseCaseDb, input: LegalReferenceInput & { readonly username: string }, options?: UseCaseOptions): Promise<LegalReference> {
  const { user, actor } = await resolveActor(db.prisma, input.username);
  if (!canTouch(actor, input.region)) {
    throw new AppError('FORBIDDEN', input.region === null ? 'Hanya admin yang menambah rujukan nasional; pilih daerah Anda.' : 'Anda hanya dapat menambah rujukan untuk daerah Anda sendiri.');
  }
  const { problems, data } = checkInput(input);
  const amendsProblem = await checkAmends(db, actor, input.amendsId);
  if (amendsProblem) problems.push(amendsProblem);
  if (problems.length > 0) throw new AppError('USAGE', `Rujukan tidak dapat disimpan: ${problems.join('; ')}.`, { details: problems });
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const row = await tx.legalReference.create({ data: { ...data, createdById: user.id } });
    await appendAuditEvent(tx, { actor: user.username, action: 'reference.created', details: { referenceId: row.id, title: referenceTitle(row), region: row.region } }, at);
    return row;
  }, TRANSACTION_OPTIONS);
}

export async function updateLegalReference(db: UseCaseDb, input: LegalReferenceInput & { readonly username: string; readonly id: string }, options?: UseCaseOptions): Promise<LegalReference> {
  const { user, actor } = await resolveActor(db.prisma, input.username);
  const existing = await db.prisma.legalReference.findUnique({ where: { id: input.id } });
  if (!existing || !visibleTo(actor, existing.region)) throw new AppError('NOT_FOUND', 'Rujukan itu tidak ada di register Anda.');
  if (!canTouch(actor, existing.region) || !canTouch(actor, input.region)) throw new AppError('FORBIDDEN', 'Anda tidak dapat mengubah rujukan daerah lain atau rujukan nasional.');
  const { problems, data } = checkInput(input);
  const amendsProblem = await checkAmends(db, actor, input.amendsId, existing.id);
  if (amendsProblem) problems.push(amendsProblem);
  if (input.amendsId && (await db.prisma.legalReference.count({ where: { amendsId: existing.id } })) > 0) problems.push('peraturan ini sudah diubah oleh peraturan lain, jadi ia peraturan pokok');
  if (problems.length > 0) throw new AppError('USAGE', `Rujukan tidak dapat disimpan: ${problems.join('; ')}.`, { details: problems });
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  return withTransaction(db, async (tx) => {
    const row = await tx.legalReference.update({ where: { id: existing.id }, data });
    await appendAuditEvent(tx, { actor: user.username, action: 'reference.updated', details: { referenceId: row.id, title: referenceTitle(row), region: row.region } }, at);
    return row;
  }, TRANSACTION_OPTIONS);
}

export async function deleteLegalReference(db: UseCaseDb, input: { readonly username: string; readonly id: string }, options?: UseCaseOptions): Promise<void> {
  const { user, actor } = await resolveActor(db.prisma, input.username);
  const existing = await db.prisma.legalReference.findUnique({ where: { id: input.id } });
  if (!existing || !visibleTo(actor, existing.region)) throw new AppError('NOT_FOUND', 'Rujukan itu tidak ada di register Anda.');
  if (!canTouch(actor, existing.region)) throw new AppError('FORBIDDEN', 'Anda tidak dapat menghapus rujukan daerah lain atau rujukan nasional.');
  if ((await db.prisma.legalReference.count({ where: { amendsId: existing.id } })) > 0) {
    throw new AppError('INVALID_STATE', 'Rujukan ini diubah oleh rujukan lain di register; hapus atau lepaskan perubahannya dahulu.');
  }
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    await tx.legalReference.delete({ where: { id: existing.id } });
    await appendAuditEvent(tx, { actor: user.username, action: 'reference.deleted', details: { referenceId: existing.id, title: referenceTitle(existing), region: existing.region } }, at);
  }, TRANSACTION_OPTIONS);
}

const TITLE_WORDS = new Set(['nomor', 'no.', 'tahun', 'tentang']);

export interface ReferenceSearch {
  readonly username: string;
  /** Words that must all occur in jenis, nomor, tahun or tentang. */
  readonly q?: string;
  readonly limit: number;
  /** Rows to skip (the caller's cursor). */
  readonly offset: number;
}

/** The references the user's regions may cite (national and their regions'), newest first, with citations. */
export async function searchLegalReferences(db: UseCaseDb, search: ReferenceSearch): Promise<{ readonly total: number; readonly items: ReferenceView[] }> {
  const { actor } = await resolveActor(db.prisma, search.username);
  const insensitive = db.provider === 'postgresql' ? ({ mode: 'insensitive' } as const) : {};
  const and: Prisma.LegalReferenceWhereInput[] = [
    actor.roles.includes('admin') && actor.regions.length === 0 ? {} : { OR: [{ region: null }, { region: { in: [...actor.regions] } }] },
  ];
  // the words a title is built with ("Nomor 23 Tahun 2014 tentang …") are not in the fields themselves
  const words = (search.q ?? '').split(/\s+/).filter((w) => w.length > 0 && !TITLE_WORDS.has(w.toLowerCase()));
  for (const word of words.slice(0, 12)) {
    const contains = { contains: word.slice(0, 100), ...insensitive };
    const year = /^\d{4}$/.test(word) ? [{ tahun: Number(word) }] : [];
    and.push({ OR: [{ jenis: contains }, { nomor: contains }, { tentang: contains }, ...year] });
  }
  const where: Prisma.LegalReferenceWhereInput = { AND: and };
  const [total, rows] = await Promise.all([
    db.prisma.legalReference.count({ where }),
    db.prisma.legalReference.findMany({ where, orderBy: [{ tahun: 'desc' }, { jenis: 'asc' }, { nomor: 'asc' }, { id: 'asc' }], skip: search.offset, take: search.limit }),
  ]);
  return { total, items: await withCitations(db, rows) };
}

export async function getLegalReference(db: UseCaseDb, username: string, id: string): Promise<ReferenceView> {
  const { actor } = await resolveActor(db.prisma, username);
  const row = await db.prisma.legalReference.findUnique({ where: { id } });
  if (!row || !visibleTo(actor, row.region)) throw new AppError('NOT_FOUND', 'Rujukan itu tidak ada di register Anda.');
  return (await withCitations(db, [row]))[0]!;
}

async function withCitations(db: UseCaseDb, rows: readonly LegalReference[]): Promise<ReferenceView[]> {
  if (rows.length === 0) return [];
  const amendments = await db.prisma.legalReference.findMany({ where: { amendsId: { in: rows.map((r) => r.id) } } });
  return rows.map((r) => {
    const own = amendments.filter((a) => a.amendsId === r.id);
    return { ...r, title: referenceTitle(r), citation: formatCitation(r, own), amendmentCount: own.length };
  });
}
