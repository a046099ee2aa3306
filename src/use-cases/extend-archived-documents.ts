/**
 * Use case "archive extend": keeps issued documents verifiable for ever. For each archived PDF whose
 * newest time stamp's TSA certificate expires before the horizon (or has no time stamp), append the
 * validation data of everything signed so far (DSS) and a new document time stamp — appending, never
 * rewriting: the stored file's bytes stay the prefix of the new one. The new file is stored
 * (content-addressed) before the transaction; the transaction moves the archive record to it with a
 * compare-and-set on the old hash, remembers the old hash (IssuedPdfVersion, so a copy someone holds
 * still finds its record) and writes the audit event. Archivists and admins may run it.
 * Imports: db, audit, storage, sign (long-term validation), workflow actor resolution.
 */
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { extendForLongTerm, newestTimestampExpiry } from '../sign/long-term-validation.ts';
import type { TimestampAuthority } from '../sign/timestamp-authority.ts';
import type { ValidationDataSource } from '../sign/validation-data.ts';
import type { FileStore } from '../storage/file-store.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface ExtendArchiveDeps {
  readonly db: UseCaseDb;
  readonly fileStore: FileStore;
  readonly tsa: TimestampAuthority;
  readonly validationData?: ValidationDataSource;
}

export interface ExtendArchiveInput {
  readonly username: string;
  /** Extend documents whose newest time stamp expires before this moment. */
  readonly horizon: Date;
  /** Only these documents (ids); all issued documents when absent. */
  readonly documentIds?: readonly string[];
}

export interface ExtendedDocument {
  readonly documentId: string;
  readonly number: string;
  /** "diperpanjang" (a time stamp appended), "tidak perlu" (still good past the horizon). */
  readonly outcome: 'diperpanjang' | 'tidak perlu';
  readonly previousSha256: string;
  readonly pdfSha256: string;
  /** When the newest time stamp's TSA certificate expires (before / after). */
  readonly expiresBefore?: string;
  readonly expiresAfter?: string;
}

export async function extendArchivedDocuments(deps: ExtendArchiveDeps, input: ExtendArchiveInput, options?: UseCaseOptions): Promise<ExtendedDocument[]> {
  const clock = clockOf(options);
  const { user, actor } = await resolveActor(deps.db.prisma, input.username);
  if (!actor.roles.includes('admin') && !actor.roles.includes('archivist')) {
    throw new AppError('FORBIDDEN', `Pengguna "${user.username}" bukan arsiparis atau admin; hanya mereka yang memperpanjang arsip.`);
  }
  const rows = await deps.db.prisma.issuedDocument.findMany({
    where: input.documentIds ? { documentId: { in: [...input.documentIds] } } : {},
    orderBy: { documentId: 'asc' },
  });
  if (input.documentIds && rows.length !== input.documentIds.length) {
    const missing = input.documentIds.filter((id) => !rows.some((r) => r.documentId === id));
    throw new AppError('NOT_FOUND', `Tidak ada dokumen terbit dengan id ${missing.join(', ')}.`);
  }
  await ensureAuditHead(deps.db.prisma);
  const results: ExtendedDocument[] = [];
  for (const row of rows) {
    const bytes = await deps.fileStore.get(row.pdfSha256);
    const before = newestTimestampExpiry(bytes);
    if (before && before.expires > input.horizon) {
      results.push({ documentId: row.documentId, number: row.number, outcome: 'tidak perlu', previousSha256: row.pdfSha256, pdfSha256: row.pdfSha256, expiresBefore: before.expires.toISOString() });
      continue;
    }
    // Network and signing happen outside any transaction; the file is stored before the record moves.
    const extended = await extendForLongTerm(bytes, { tsa: deps.tsa, validationData: deps.validationData, clock: clock(), now: clock });
    if (!Buffer.from(extended.subarray(0, bytes.length)).equals(Buffer.from(bytes))) {
      throw new AppError('INTERNAL', `Perpanjangan ${row.number} mengubah byte yang sudah ada; dibatalkan.`);
    }
    const stored = await deps.fileStore.put(extended);
    const after = newestTimestampExpiry(extended);
    const at = clock();
    await withTransaction(deps.db, async (tx) => {
      await tx.storedFile.upsert({
        where: { id: stored.sha256 },
        create: { id: stored.sha256, size: BigInt(stored.size), mediaType: 'application/pdf', storagePath: stored.storagePath },
        update: {},
      });
      const moved = await tx.issuedDocument.updateMany({ where: { documentId: row.documentId, pdfSha256: row.pdfSha256 }, data: { pdfSha256: stored.sha256 } });
      if (moved.count !== 1) throw new AppError('INVALID_STATE', `Arsip ${row.number} berubah selama diperpanjang; jalankan lagi.`);
      await tx.issuedPdfVersion.upsert({
        where: { sha256: row.pdfSha256 },
        create: { sha256: row.pdfSha256, documentId: row.documentId, replacedAt: at },
        update: { replacedAt: at },
      });
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'document.archive-extended',
          documentId: row.documentId,
          versionHash: null,
          details: { number: row.number, previousSha256: row.pdfSha256, pdfSha256: stored.sha256, timestampExpiresAfter: after?.expires.toISOString() ?? null },
        },
        at,
      );
    });
    results.push({
      documentId: row.documentId,
      number: row.number,
      outcome: 'diperpanjang',
      previousSha256: row.pdfSha256,
      pdfSha256: stored.sha256,
      expiresBefore: before?.expires.toISOString(),
      expiresAfter: after?.expires.toISOString(),
    });
  }
  return results;
}
