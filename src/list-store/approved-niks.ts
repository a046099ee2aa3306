/**
 * The register of approved NIKs (table ApprovedNik, primary key program + year + NIK): which NIKs the
 * approved lists of a program year have taken. An import asks it which NIKs of a batch are taken
 * already (NIK_ALREADY_APPROVED); an approval claims NIKs batch by batch — a NIK another list holds is
 * not claimed, even when two approvals race, because the primary key decides — and an approval that
 * ends without finishing gives its claims back. Each claim checks, in its own transaction, that the
 * approval still holds its lease on the list, so an approval declared abandoned cannot write after
 * being released. Bulk SQL through the drivers (src/db/raw-database.ts).
 * May import: db/raw-database, participants types, the AppError module.
 */
import { sqliteWrite, type RawDatabase } from '../db/raw-database.ts';
import { AppError } from '../errors/app-error.ts';
import type { ProgramId } from '../participants/program-schemas.ts';
import type { ApprovedNikLookup } from '../participants/validate-roster.ts';

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
    // FOR SHARE: a release that takes the lease over waits for this claim to commit, and vice versa
    const held = await client.query('SELECT 1 FROM "ParticipantList" WHERE "id" = $1 AND "status" = \'approving\' AND "leaseToken" = $2 FOR SHARE', [claim.listId, claim.leaseToken]);
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
