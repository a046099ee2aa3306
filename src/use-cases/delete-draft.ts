/**
 * Use case: delete a draft that was never issued — a document in state draft or returned, with its
 * versions and paraf steps — by its drafter or an admin. The audit trail keeps what happened to it
 * (its events stay; a document.deleted event is added in the same transaction as the deletes).
 * Imports: audit, workflow (loading, compare-and-set transaction), errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { runTransition } from '../workflow/compare-and-set.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

const DELETABLE = new Set(['draft', 'returned']);

export interface DeleteDraftInput {
  readonly documentId: string;
  readonly username: string;
  /** The content hash the user saw (refuses a delete made on a stale page). */
  readonly contentHash?: string;
}

export async function deleteDraft(db: UseCaseDb, input: DeleteDraftInput, options?: UseCaseOptions): Promise<{ readonly tentang: string }> {
  const at = clockOf(options)();
  return runTransition(db, async (transact) => {
    const { user, actor } = await resolveActor(db.prisma, input.username);
    const doc = await db.prisma.document.findUnique({ where: { id: input.documentId }, include: { currentVersion: true, issued: true } });
    if (!doc) throw new AppError('NOT_FOUND', 'Dokumen itu tidak ada (mungkin sudah dihapus).');
    if (doc.drafterId !== user.id && !actor.roles.includes('admin')) throw new AppError('FORBIDDEN', 'Hanya perancang dokumen ini atau admin yang dapat menghapus konsepnya.');
    if (!DELETABLE.has(doc.state) || doc.issued) {
      throw new AppError('INVALID_STATE', 'Hanya konsep (belum diajukan, atau dikembalikan) yang dapat dihapus; dokumen dalam paraf atau terbit tetap tercatat.');
    }
    if (input.contentHash !== undefined && doc.currentVersion?.contentHash !== input.contentHash) {
      throw new AppError('STALE_VERSION', 'Dokumen sudah diubah sejak halaman ini dibuka; muat ulang lalu putuskan lagi.');
    }
    return transact(async (tx) => {
      const gone = await tx.document.updateMany({ where: { id: doc.id, lockVersion: doc.lockVersion, state: doc.state }, data: { currentVersionId: null, lockVersion: { increment: 1 } } });
      if (gone.count !== 1) throw new AppError('INVALID_STATE', 'Dokumen diubah oleh pihak lain pada saat yang sama; muat ulang dan coba lagi.', { details: { reason: 'concurrent-change' } });
      const steps = await tx.parafStep.deleteMany({ where: { documentId: doc.id } });
      const versions = await tx.documentVersion.deleteMany({ where: { documentId: doc.id } });
      await tx.document.delete({ where: { id: doc.id } });
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'document.deleted',
          documentId: doc.id,
          versionHash: doc.currentVersion?.contentHash ?? null,
          details: { kind: doc.kindId, tentang: doc.tentang, state: doc.state, versions: versions.count, parafSteps: steps.count, region: doc.region },
        },
        at,
      );
      return { tentang: doc.tentang };
    });
  });
}
