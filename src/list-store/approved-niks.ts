/**
 * The register of approved NIKs (table ApprovedNik, primary key program + year + NIK): which NIKs the
 * approved lists of a program year have taken. An import asks it which NIKs of a batch are taken
 * already (NIK_ALREADY_APPROVED); an approval claims NIKs batch by batch — a NIK another list holds is
 * not claimed, even when two approvals race, because the primary key decides — and an approval that
 * ends without finishing gives its claims back. Each claim checks, in its own transaction, that the
 * approval still holds its lease on the list, so an approval declared abandoned cannot write after
 * being released. Bulk SQL through the drivers (src/db/raw-database.ts).
 * May import: db/raw-database, list-store/participant-rows (the approval order), participants types, the
 * AppError module.
 */
import { sqliteWrite, type RawDatabase } from '../db/raw-database.ts';
import { AppError } from '../errors/app-error.ts';
import type { ProgramId } from '../participants/program-schemas.ts';
import type { ApprovedNikLookup } from '../participants/validate-roster.ts';
import type { ApprovalOrder } from '../participants/approve-within-quota.ts';
import { orderBy } from './participant-rows.ts';

/** Which of `niks` an approved (or approving) list of the program year holds. */
export async function findApprovedNiks(raw: RawDatabase, program: string, year: number, niks: readonly string[]): Promise<Set<string>> {
  if (niks.length === 0) return new Set();
  if (raw.provider === 'sqlite') {
    const reader = raw.reader();
    // The first list of a program year finds the register empty: one probe instead of one per NIK.
    if (reader.prepare('SELECT 1 FROM "ApprovedNik" WHERE "program" = ? AND "year" = ? LIMIT 1').get(program, year) === undefined) return new Set();
    const hits = reader
      .prepare('SELECT "nik" FROM "ApprovedNik" WHERE "program" = ? AND "year" = ? AND "nik" IN (SELECT "value" FROM json_each(?))')
      .pluck()
      .all(program, year, JSON.stringify(niks)) as string[];
    return new Set(hits);
  }
  const { rows } = await raw.pool.query<{ nik: string }>('SELECT "nik" FROM "ApprovedNik" WHERE "program" = $1 AND "year" = $2 AND "nik" = ANY($3::text[])', [program, year, niks]);
  return new Set(rows.map((r) => r.nik));
}

/** The import's lookup: one query per batch of rows, through the primary key. */
export function approvedNikLookup(raw: RawDatabase): ApprovedNikLookup {
  return {
    async has(nik: string, program: ProgramId, year: number) {
      return (await findApprovedNiks(raw, program, year, [nik])).has(nik);
    },
    findApproved: (niks: readonly string[], program: ProgramId, year: number) => findApprovedNiks(raw, program, year, niks),
  };
}

export interface Claim {
  readonly program: string;
  readonly year: number;
  readonly listId: string;
  /** The approval's lease token on the list (ParticipantList.leaseToken). */
  readonly leaseToken: string;
  readonly niks: readonly string[];
}

function leaseLost(listId: string): AppError {
  return new AppError(
    'INVALID_STATE',
    `Persetujuan daftar peserta ${listId} tidak lagi dipegang proses ini (dianggap terhenti dan sudah dilepas); setujui ulang daftar itu.`,
  );
}

/** Claims `niks` for the list; returns the ones it got (the others another list of the program year holds). */
export async function claimNiks(raw: RawDatabase, claim: Claim): Promise<Set<string>> {
  if (claim.niks.length === 0) return new Set();
  // inserted in key order: neighbouring keys land on the same index pages
  const niks = [...claim.niks].sort();
  if (raw.provider === 'sqlite') {
    return sqliteWrite(raw, (db) => {
      const held = db.prepare('SELECT 1 FROM "ParticipantList" WHERE "id" = ? AND "status" = \'approving\' AND "leaseToken" = ?').get(claim.listId, claim.leaseToken);
      if (held === undefined) throw leaseLost(claim.listId);
      const got = db
        .prepare('INSERT INTO "ApprovedNik" ("program", "year", "nik", "listId") SELECT ?, ?, "value", ? FROM json_each(?) WHERE true ON CONFLICT DO NOTHING RETURNING "nik"')
        .pluck()
        .all(claim.program, claim.year, claim.listId, JSON.stringify(niks)) as string[];
      return new Set(got);
    });
  }
  const client = await raw.pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    // A claim counts only once the approval's finishing transaction commits, and that one waits for the
    // WAL to reach the disk (which carries this claim with it): this commit need not wait itself.
    await client.query('SET LOCAL synchronous_commit = off');
    // FOR KEY SHARE: a release taking the lease over (FOR UPDATE) waits for this claim to commit, and
    // vice versa; the holder's own heartbeat (a plain update) does not
    const held = await client.query('SELECT 1 FROM "ParticipantList" WHERE "id" = $1 AND "status" = \'approving\' AND "leaseToken" = $2 FOR KEY SHARE', [claim.listId, claim.leaseToken]);
    if (held.rowCount !== 1) throw leaseLost(claim.listId);
    const { rows } = await client.query<{ nik: string }>(
      'INSERT INTO "ApprovedNik" ("program", "year", "nik", "listId") SELECT $1, $2, n, $3 FROM unnest($4::text[]) AS n ON CONFLICT DO NOTHING RETURNING "nik"',
      [claim.program, claim.year, claim.listId, niks],
    );
    await client.query('COMMIT');
    return new Set(rows.map((r) => r.nik));
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (!(error instanceof AppError)) failed = error as Error;
    throw error;
  } finally {
    client.release(failed);
  }
}

/** Gives back every NIK the list claimed (in slices on SQLite). */
export async function releaseNiks(raw: RawDatabase, listId: string): Promise<void> {
  if (raw.provider === 'postgresql') {
    await raw.pool.query('DELETE FROM "ApprovedNik" WHERE "listId" = $1', [listId]);
    return;
  }
  for (;;) {
    // (no index on listId in SQLite — a release is rare, a scan is cheap, an index would slow every claim)
    const changes = await sqliteWrite(raw, (db) =>
      db.prepare('DELETE FROM "ApprovedNik" WHERE ("program", "year", "nik") IN (SELECT "program", "year", "nik" FROM "ApprovedNik" WHERE "listId" = ? LIMIT 20000)').run(listId).changes,
    );
    if (changes === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * PostgreSQL: claims a whole reservation in one statement — the first `reserved` rows of the list in
 * the approval order whose NIK no list of the program year holds, inserted in NIK order. Claiming batch
 * by batch landed each batch all over the register's B-tree and wrote every touched page to the WAL
 * again after each checkpoint (54 MB of WAL for 20,000 NIKs); in key order each page is written once.
 * PostgreSQL does not lock other writers out meanwhile (only a racing claim of the same NIK waits, then
 * finds it taken). Repeats while a race took some of the chosen NIKs and candidates are left. Whether a
 * NIK is held is a probe of the register's key per row, written as a subquery so that the plan does not
 * depend on statistics a list stored a moment ago does not have yet.
 * Returns how many NIKs the list holds now.
 */
export async function claimReservation(raw: RawDatabase, claim: Omit<Claim, 'niks'>, order: ApprovalOrder, reserved: number): Promise<number> {
  if (raw.provider !== 'postgresql') throw new AppError('INTERNAL', 'claimReservation is for PostgreSQL; SQLite claims batch by batch (claimNiks).');
  let taken = 0;
  while (taken < reserved) {
    const client = await raw.pool.connect();
    let failed: Error | undefined;
    let chosen = 0;
    try {
      await client.query('BEGIN');
      const held = await client.query('SELECT 1 FROM "ParticipantList" WHERE "id" = $1 AND "status" = \'approving\' AND "leaseToken" = $2 FOR KEY SHARE', [claim.listId, claim.leaseToken]);
      if (held.rowCount !== 1) throw leaseLost(claim.listId);
      const { rows } = await client.query<{ chosen: string; inserted: string }>(
        `WITH chosen AS (
           SELECT "nik" FROM "Participant" p
           WHERE p."listId" = $3 AND (SELECT 1 FROM "ApprovedNik" a WHERE a."program" = $1 AND a."year" = $2 AND a."nik" = p."nik") IS NULL
           ORDER BY ${orderBy(order, ' COLLATE "C"', 'p')} LIMIT $4),
         ins AS (
           INSERT INTO "ApprovedNik" ("program", "year", "nik", "listId") SELECT $1, $2, "nik", $3 FROM chosen ORDER BY "nik" ON CONFLICT DO NOTHING RETURNING 1)
         SELECT (SELECT count(*) FROM chosen) AS chosen, (SELECT count(*) FROM ins) AS inserted`,
        [claim.program, claim.year, claim.listId, reserved - taken],
      );
      await client.query('COMMIT');
      chosen = Number(rows[0]?.chosen ?? 0);
      taken += Number(rows[0]?.inserted ?? 0);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (!(error instanceof AppError)) failed = error as Error;
      throw error;
    } finally {
      client.release(failed);
    }
    if (chosen === 0) break;
  }
  return taken;
}
