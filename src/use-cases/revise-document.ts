/**
 * Use case: revise a document — any edit is a new version, the paraf chain starts again and the state
 * goes back to draft. Compare-and-set + audit in one transaction. Imports: workflow, audit, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { checkDocumentData } from '../compose/check-document-data.ts';
import { parseDocumentData } from '../workflow/document-data.ts';
import { loadDocument, resolveActor } from '../workflow/load-workflow.ts';
import { decideRevise, refusalError } from '../workflow/paraf-state.ts';
import type { DraftResult } from './draft-document.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface ReviseDocumentInput {
  readonly documentId: string;
  readonly dataYaml: string;
  readonly dataFile?: string;
  readonly username: string;
  /** When given, the new data is checked against the document's kind before anything is written. */
  readonly templatesDir?: string;
  /** The drafter's answer to a return note (kept in the audit event, shown with the document). */
  readonly note?: string;
}

export async function reviseDocument(db: UseCaseDb, input: ReviseDocumentInput, options?: UseCaseOptions): Promise<DraftResult> {
  const parsed = parseDocumentData(input.dataYaml, input.dataFile);
  const now = clockOf(options)();
  return runTransition(db, async (transact) => {
    const { user, actor } = await resolveActor(db.prisma, input.username);
    const loaded = await loadDocument(db.prisma, input.documentId);
    const decision = decideRevise(loaded.workflow, actor);
    if (!decision.ok) throw refusalError(decision);
    if (input.templatesDir !== undefined) {
      checkDocumentData(input.templatesDir, loaded.document.kindId, input.dataYaml, input.dataFile ?? `${loaded.document.kindId}.yaml`);
    }
    if (parsed.contentHash === loaded.version.contentHash) {
      throw new AppError('INVALID_STATE', 'Data revisi sama persis dengan versi terkini; tidak ada yang diubah.');
    }
    const versionNo = loaded.version.versionNo + 1;
    return transact(async (tx) => {
      const version = await tx.documentVersion.create({
        data: { documentId: loaded.document.id, versionNo, dataYaml: input.dataYaml, contentHash: parsed.contentHash, createdById: user.id },
      });
      await compareAndSetDocument(tx, { id: loaded.document.id, lockVersion: loaded.document.lockVersion, state: decision.from }, { state: 'draft', currentVersionId: version.id });
      // steps still waiting on the old version can never be acted on: say so, so no task list shows them
      const superseded = await tx.parafStep.updateMany({ where: { versionId: loaded.version.id, state: 'pending' }, data: { state: 'superseded' } });
      if (parsed.tentang && parsed.tentang !== loaded.document.tentang) {
        await tx.document.update({ where: { id: loaded.document.id }, data: { tentang: parsed.tentang } });
      }
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'document.revised',
          documentId: loaded.document.id,
          versionHash: parsed.contentHash,
          details: {
            versionNo,
            previousVersionHash: loaded.version.contentHash,
            from: decision.from,
            to: 'draft',
            supersededSteps: superseded.count,
            ...(input.note?.trim() ? { note: input.note.trim().slice(0, 4000) } : {}),
          },
        },
        now,
      );
      return { documentId: loaded.document.id, versionNo, contentHash: parsed.contentHash, state: 'draft' as const };
    });
  });
}
