/**
 * The content hash of a version is only as good as the files behind it: before a version is submitted,
 * initialled or signed, its manifest is rebuilt from the files as they are now. When a template file or
 * a source file changed since the version was made, the version no longer describes the text an
 * official would approve: a new version is made from the same data with the new manifest, the chain
 * starts again (state draft, pending steps superseded), the change is audited, and the action is refused
 * with CONTENT_CHANGED naming what changed.
 * Imports: build-content-manifest (file I/O, outside the transaction), workflow, audit, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { contentHashOf, describeManifestChanges, parseStoredManifest, type ContentManifest } from '../workflow/content-manifest.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { loadDocument, type LoadedDocument } from '../workflow/load-workflow.ts';
import type { DocumentState } from '../workflow/paraf-state.ts';
import { buildContentManifest } from './build-content-manifest.ts';
import type { UseCaseDb } from './use-case-db.ts';

export interface ContentLocation {
  readonly templatesDir: string;
  /** Folder that relative `sumber` files of stored drafts resolve against (the data directory). */
  readonly dataDir: string;
}

/** The manifest of `loaded`'s current version as its files are now (file I/O; call outside transactions). */
export async function currentManifestOf(loaded: LoadedDocument, where: ContentLocation): Promise<ContentManifest> {
  return buildContentManifest({
    templatesDir: where.templatesDir,
    kind: loaded.document.kindId,
    region: loaded.document.region,
    dataYaml: loaded.version.dataYaml,
    sourcesDir: where.dataDir,
  });
}

/**
 * Refuses (CONTENT_CHANGED) after restarting the chain when the files behind the current version changed.
 * Returns quietly when they did not. `actor` names who noticed, for the audit trail.
 */
export async function ensureContentCurrent(db: UseCaseDb, loaded: LoadedDocument, where: ContentLocation, actor: string, at: Date): Promise<void> {
  const manifest = await currentManifestOf(loaded, where);
  const contentHash = contentHashOf(manifest);
  if (contentHash === loaded.version.contentHash) return;
  const changes = describeManifestChanges(parseStoredManifest(loaded.version.manifestJson), manifest);
  const restartable: readonly DocumentState[] = ['draft', 'in_paraf', 'returned', 'ready_to_sign'];
  if (restartable.includes(loaded.workflow.state)) {
    await runTransition(db, (transact) =>
      transact(async (tx) => {
        const fresh = await loadDocument(tx, loaded.document.id);
        // someone else restarted it (or revised it) meanwhile: their version stands
        if (fresh.version.id !== loaded.version.id) return;
        const versionNo = fresh.version.versionNo + 1;
        await compareAndSetDocument(tx, { id: fresh.document.id, lockVersion: fresh.document.lockVersion, state: fresh.workflow.state }, { state: 'draft' });
        const version = await tx.documentVersion.create({
          data: {
            documentId: fresh.document.id,
            versionNo,
            dataYaml: fresh.version.dataYaml,
            contentHash,
            manifestJson: JSON.stringify(manifest),
            createdById: fresh.document.drafterId,
          },
        });
        await tx.document.update({ where: { id: fresh.document.id }, data: { currentVersionId: version.id } });
        const superseded = await tx.parafStep.updateMany({ where: { versionId: fresh.version.id, state: 'pending' }, data: { state: 'superseded' } });
        await appendAuditEvent(
          tx,
          {
            actor,
            action: 'document.content_changed',
            documentId: fresh.document.id,
            versionHash: contentHash,
            details: { versionNo, previousVersionHash: fresh.version.contentHash, from: fresh.workflow.state, to: 'draft', changes, supersededSteps: superseded.count },
          },
          at,
        );
      }),
    );
  }
  throw new AppError(
    'CONTENT_CHANGED',
    `Isi dokumen berubah sejak versi ini dibuat (${changes.join('; ')}); versi baru dibuat dari data yang sama dan rantai paraf dimulai ulang. Perancang perlu memeriksa pratinjau dan mengajukannya kembali.`,
    { details: { changes, previousContentHash: loaded.version.contentHash, contentHash } },
  );
}
