/**
 * Use case: record that an issued document was revoked (dicabut), e.g. by a later decree. The signed
 * PDF stays as it was (it is still authentic); the archive status changes to "dicabut" with the reason,
 * as a compare-and-set with its audit event in one transaction. Admins only: archivists read, they do
 * not change issued documents.
 * Imports: db, audit, workflow actor resolution.
 */
import { appendAuditEvent, ensureAuditHead } from '../audit/append-audit-event.ts';
import { withTransaction } from '../db/with-transaction.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface RevokeDocumentInput {
  readonly documentId: string;
  readonly username: string;
  /** Why, typically the revoking decree: "dicabut dengan Keputusan Gubernur Nomor …". */
  readonly reason: string;
  /** Whether the reason may be shown on the public verification page (default: kept off it). */
  readonly reasonPublic?: boolean;
}

export async function revokeDocument(db: UseCaseDb, input: RevokeDocumentInput, options?: UseCaseOptions): Promise<{ readonly number: string; readonly revokedAt: Date }> {
  const { user, actor } = await resolveActor(db.prisma, input.username);
  if (!actor.roles.includes('admin')) throw new AppError('FORBIDDEN', `Pengguna "${user.username}" bukan admin; hanya admin yang mencatat pencabutan dokumen.`);
  if (input.reason.trim().length < 5) throw new AppError('USAGE', 'Sebutkan alasan pencabutan (mis. nomor keputusan yang mencabutnya).');
  const issued = await db.prisma.issuedDocument.findUnique({ where: { documentId: input.documentId } });
  if (!issued) throw new AppError('NOT_FOUND', `Dokumen ${input.documentId} belum ditetapkan; hanya dokumen terbit yang dapat dicabut.`);
  const at = clockOf(options)();
  await ensureAuditHead(db.prisma);
  await withTransaction(db, async (tx) => {
    const updated = await tx.issuedDocument.updateMany({
      where: { documentId: input.documentId, status: 'berlaku' },
      data: { status: 'dicabut', revokedAt: at, revokeReason: input.reason.trim(), revokeReasonPublic: input.reasonPublic ?? false },
    });
    if (updated.count !== 1) throw new AppError('INVALID_STATE', `Dokumen ${issued.number} sudah berstatus dicabut.`);
    await appendAuditEvent(
      tx,
      { actor: user.username, action: 'document.revoked', documentId: input.documentId, versionHash: null, details: { number: issued.number, pdfSha256: issued.pdfSha256, reason: input.reason.trim(), reasonPublic: input.reasonPublic ?? false } },
      at,
    );
  });
  return { number: issued.number, revokedAt: at };
}
