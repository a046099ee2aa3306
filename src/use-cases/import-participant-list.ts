/**
 * Use case "import a participant list": check every row (NIKs already taken by an approved list of the
 * same program and year are refused) and store the list, its report and its accepted rows.
 *   1. decide who may import and the list's region (workflow/list-duties);
 *   2. create the list row as "importing", holding a lease (short write, nothing else);
 *   3. stream: the check judges a batch, the accepted rows go to the database in bulk
 *      (list-store/participant-rows: COPY on PostgreSQL, short prepared-insert transactions on SQLite),
 *      and only then is the next batch read — never the whole list in memory, no transaction held;
 *   4. one short transaction: the list becomes "checked" with its totals and report, audited.
 * A failure removes the partial rows and the list. Idempotent when the caller names the list
 * (`listId`, e.g. a job's key): a finished import is returned as it was, an abandoned one (its process
 * died) is started again from nothing — rows are never stored twice.
 * A plain async function with a progress callback, so the CLI, the web app and a job worker run it alike.
 * Imports: check-participants, list-store, workflow (actor, duties), audit, db.
 */
import path from 'node:path';
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import type { RawDatabase } from '../db/raw-database.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { approvedNikLookup } from '../list-store/approved-niks.ts';
import { isAbandoned, newLeaseToken, startHeartbeat } from '../list-store/list-lease.ts';
import { deleteParticipantRows, openParticipantRowWriter } from '../list-store/participant-rows.ts';
import type { ProgramId } from '../participants/program-schemas.ts';
import { importRegion } from '../workflow/list-duties.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { checkParticipants, type CheckReport } from './check-participants.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

/** The database as the list use cases need it: Prisma for the model, the drivers for bulk rows. */
export interface ListDb extends UseCaseDb {
  readonly raw: RawDatabase;
}

export interface ImportListInput {
  readonly file: string;
  readonly program: ProgramId;
  readonly year: number;
  readonly username: string;
  /** The list's region, needed when the importer belongs to several. */
  readonly region?: string;
  /** Name to record for the file (an upload's original name); the file's own name by default. */
  readonly fileName?: string;
  /** A caller-chosen id (uuid) that makes the import idempotent. */
  readonly listId?: string;
  readonly onProgress?: (rows: number, bytesRead: number, totalBytes: number) => void;
}

export interface ImportListResult {
  readonly listId: string;
  readonly region: string;
  /** The report; its issues are cut to the first MAX_STORED_ISSUES (issueCount says how many). */
  readonly report: CheckReport;
  readonly issueCount: number;
}

/** Issues kept in the stored report; a list of a million bad rows still stores a bounded report. */
export const MAX_STORED_ISSUES = 5000;

export async function importParticipantList(db: ListDb, input: ImportListInput, options?: UseCaseOptions): Promise<ImportListResult> {
  const now = clockOf(options);
  const { user, actor } = await resolveActor(db.prisma, input.username);
  const region = importRegion(actor, user.username, input.region);
  const fileName = input.fileName ?? path.basename(input.file);
  await ensureAuditHead(db.prisma);

  const token = newLeaseToken();
  let listId: string;
  const earlier = input.listId !== undefined ? await db.prisma.participantList.findUnique({ where: { id: input.listId } }) : null;
  if (earlier) {
    if (earlier.program !== input.program || earlier.year !== input.year || earlier.createdById !== user.id) {
      throw new AppError('INVALID_STATE', `Id daftar ${earlier.id} sudah dipakai untuk impor lain (${earlier.program} ${earlier.year}); gunakan id baru.`);
    }
    if (earlier.status !== 'importing') return storedResult(earlier);
    if (!isAbandoned(earlier.heartbeatAt)) throw new AppError('INVALID_STATE', `Daftar ${earlier.id} sedang diimpor oleh proses lain; tunggu sampai selesai.`);
    // The earlier attempt died: take its lease over, drop what it stored, start again.
    const taken = await db.prisma.participantList.updateMany({ where: { id: earlier.id, status: 'importing', leaseToken: earlier.leaseToken }, data: { leaseToken: token, heartbeatAt: new Date() } });
    if (taken.count !== 1) throw new AppError('INVALID_STATE', `Daftar ${earlier.id} sedang diimpor oleh proses lain; tunggu sampai selesai.`);
    await deleteParticipantRows(db.raw, earlier.id);
    listId = earlier.id;
  } else {
    const created = await db.prisma.participantList.create({
      data: {
        ...(input.listId !== undefined ? { id: input.listId } : {}),
        program: input.program,
        year: input.year,
        region,
        fileName,
        status: 'importing',
        total: 0,
        accepted: 0,
        rejected: 0,
        reportJson: '{}',
        createdById: user.id,
        leaseToken: token,
        heartbeatAt: new Date(),
      },
    });
    listId = created.id;
  }

  const heartbeat = startHeartbeat(db.prisma, listId, token);
  const writer = openParticipantRowWriter(db.raw, listId);
  try {
    const at = now();
    const checked = await checkParticipants({
      file: input.file,
      program: input.program,
      year: input.year,
      lookup: approvedNikLookup(db.raw),
      today: { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() },
      maxIssuesInMemory: MAX_STORED_ISSUES,
      onAccepted: (rows) => writer.write(rows),
      onProgress: input.onProgress,
    });
    await writer.finish();
    const report: CheckReport = { ...checked.report, file: fileName };
    await withTransaction(db, async (tx) => {
      const done = await tx.participantList.updateMany({
        where: { id: listId, status: 'importing', leaseToken: token },
        data: {
          status: 'checked',
          total: report.total,
          accepted: report.accepted,
          rejected: report.rejected,
          reportJson: JSON.stringify({ ...report, issueCount: checked.issueCount }),
          leaseToken: null,
          heartbeatAt: null,
        },
      });
      if (done.count !== 1) throw new AppError('INVALID_STATE', `Impor daftar ${listId} diambil alih proses lain karena dianggap terhenti; impor ulang berkasnya.`);
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'list.imported',
          details: { listId, program: input.program, year: input.year, region, file: fileName, total: report.total, accepted: report.accepted, rejected: report.rejected },
        },
        at,
      );
    });
    return { listId, region, report, issueCount: checked.issueCount };
  } catch (error) {
    await writer.abort(error as Error).catch(() => undefined);
    await discardImport(db, listId, token).catch(() => undefined);
    throw error;
  } finally {
    heartbeat.stop();
  }
}

/** Removes an import that did not finish: its rows in slices, then the list (only while this attempt holds it). */
async function discardImport(db: ListDb, listId: string, token: string): Promise<void> {
  const still = await db.prisma.participantList.findFirst({ where: { id: listId, status: 'importing', leaseToken: token }, select: { id: true } });
  if (!still) return;
  await deleteParticipantRows(db.raw, listId);
  await db.prisma.participantList.deleteMany({ where: { id: listId, status: 'importing', leaseToken: token } });
}

function storedResult(list: { id: string; region: string | null; reportJson: string }): ImportListResult {
  const stored = JSON.parse(list.reportJson) as CheckReport & { issueCount?: number };
  const { issueCount, ...report } = stored;
  return { listId: list.id, region: list.region ?? '', report, issueCount: issueCount ?? report.issues.length };
}
