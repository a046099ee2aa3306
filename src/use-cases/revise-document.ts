/**
 * Use case: revise a document — any edit is a new version, the paraf chain starts again and the state
 * goes back to draft. The reviser names the version they edited (baseContentHash): an edit on top of a
 * version that is no longer current is refused (STALE_VERSION), also when two revisions race. The new
 * data is checked and its manifest built before the transaction; load, decide, compare-and-set and audit
 * happen in one transaction. Imports: workflow, audit, compose (data check), content manifest, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { checkDocumentData } from '../compose/check-document-data.ts';
import { contentHashOf } from '../workflow/content-manifest.ts';
import { parseDocumentData } from '../workflow/document-data.ts';
import { loadDocument, resolveActor } from '../workflow/load-workflow.ts';
import { decideRevise, refusalError } from '../workflow/paraf-state.ts';
import { buildContentManifest } from './build-content-manifest.ts';
import type { DraftResult } from './draft-document.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface ReviseDocumentInput {
  readonly templatesDir: string;
  /** Folder that relative `sumber` files resolve against (the data directory). */
  readonly dataDir: string;
  readonly documentId: string;
  readonly dataYaml: string;
  readonly dataFile?: string;
  readonly username: string;
  /** The content hash of the version the reviser edited. */
  readonly baseContentHash: string;
}

export async function reviseDocument(db: UseCaseDb, input: ReviseDocumentInput, options?: UseCaseOptions): Promise<DraftResult> {
  const parsed = parseDocumentData(input.dataYaml, input.dataFile);
  const now = clockOf(options)();
  // what the document is (kind, region) never changes: read it once to check and hash the new data
  const before = await loadDocument(db.prisma, input.documentId);
  checkDocumentData(input.templatesDir, before.document.kindId, input.dataYaml, input.dataFile ?? `${before.document.kindId}.yaml`);
  const manifest = await buildContentManifest({
    templatesDir: input.templatesDir,
    kind: before.document.kindId,
    region: before.document.region,
    dataYaml: input.dataYaml,
    sourcesDir: input.dataDir,
  });
  const contentHash = contentHashOf(manifest);
  return runTransition(db, (transact) =>
    transact(async (tx) => {
      const { user, actor } = await resolveActor(tx, input.username);
      const loaded = await loadDocument(tx, input.documentId);
      const decision = decideRevise(loaded.workflow, actor, input.baseContentHash);
      if (!decision.ok) throw refusalError(decision);
      if (contentHash === loaded.version.contentHash) {
        throw new AppError('INVALID_STATE', 'Data revisi sama persis dengan versi terkini; tidak ada yang diubah.');
      }
      const versionNo = loaded.version.versionNo + 1;
      // the compare-and-set first: it takes the document row, so a racing revision waits here and then
      // finds the row changed (and is decided again, as stale), instead of colliding on version numbers
      await compareAndSetDocument(tx, { id: loaded.document.id, lockVersion: loaded.document.lockVersion, state: decision.from }, { state: 'draft' });
      const version = await tx.documentVersion.create({
        data: { documentId: loaded.document.id, versionNo, dataYaml: input.dataYaml, contentHash, manifestJson: JSON.stringify(manifest), createdById: user.id },
      });
      await tx.document.update({ where: { id: loaded.document.id }, data: { currentVersionId: version.id } });
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
          versionHash: contentHash,
          details: { versionNo, previousVersionHash: loaded.version.contentHash, from: decision.from, to: 'draft', supersededSteps: superseded.count },
        },
        now,
      );
      return { documentId: loaded.document.id, versionNo, contentHash, state: 'draft' as const };
    }),
  );
}
