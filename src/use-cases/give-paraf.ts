/**
 * Use case: give paraf at the current step, bound to the exact content hash the official saw (the
 * return use case shares the step logic). Load → decide (paraf-state) → one transaction:
 * compare-and-set of the document, of the step (where state = pending), and the audit event.
 * Imports: workflow, audit, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { loadDelegations, loadDocument, resolveActor } from '../workflow/load-workflow.ts';
import type { ParafEvidenceSigner } from '../workflow/paraf-evidence.ts';
import { decideStepAction, refusalError, type ActingAs, type DocumentState } from '../workflow/paraf-state.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface GiveParafInput {
  readonly documentId: string;
  readonly username: string;
  /** The content hash of the version the official reviewed. */
  readonly contentHash: string;
}

export interface StepActionResult {
  readonly documentId: string;
  readonly position: number;
  readonly state: DocumentState;
  readonly actingAs: ActingAs;
  readonly contentHash: string;
}

export interface GiveParafOptions extends UseCaseOptions {
  readonly evidenceSigner?: ParafEvidenceSigner;
}

export async function giveParaf(db: UseCaseDb, input: GiveParafInput, options?: GiveParafOptions): Promise<StepActionResult> {
  if (!/^[0-9a-f]{64}$/.test(input.contentHash)) {
    throw new AppError('USAGE', 'Hash isi harus 64 digit heksadesimal (lihat "naskah documents status <dokumen>").');
  }
  return actOnCurrentStep(db, 'paraf', input.documentId, input.username, input.contentHash, undefined, options);
}

/** Paraf or return at the current step; shared with return-document. */
export async function actOnCurrentStep(
  db: UseCaseDb,
  action: 'paraf' | 'return',
  documentId: string,
  username: string,
  contentHash: string | undefined,
  note: string | undefined,
  options: GiveParafOptions | undefined,
): Promise<StepActionResult> {
  const clock = clockOf(options);
  return runTransition(db, async (transact) => {
    const { user, actor } = await resolveActor(db.prisma, username);
    const loaded = await loadDocument(db.prisma, documentId);
    const delegations = await loadDelegations(db.prisma, loaded.steps.map((s) => s.officialId));
    const at = clock();
    const decision = decideStepAction(action, loaded.workflow, actor, { contentHash, at, delegations });
    if (!decision.ok) throw refusalError(decision);
    const step = loaded.steps.find((s) => s.position === decision.step.position)!;
    const evidenceCms =
      action === 'paraf' && options?.evidenceSigner ? await options.evidenceSigner.signContentHash(decision.actingAs.actorOfficialId, loaded.version.contentHash) : null;
    return transact(async (tx) => {
      await compareAndSetDocument(tx, { id: loaded.document.id, lockVersion: loaded.document.lockVersion, state: decision.from }, { state: decision.to });
      const updated = await tx.parafStep.updateMany({
        where: { id: step.id, state: 'pending' },
        data: {
          state: action === 'paraf' ? 'done' : 'returned',
          actedByOfficialId: decision.actingAs.actorOfficialId,
          actedAt: at,
          contentHash: loaded.version.contentHash,
          note: note ?? null,
          evidenceCms,
        },
      });
      if (updated.count !== 1) throw new AppError('DATABASE_ERROR', `Langkah paraf ${step.position} berubah di luar kunci dokumen; jalankan "naskah audit verify".`);
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: action === 'paraf' ? 'paraf.given' : 'document.returned',
          documentId: loaded.document.id,
          versionHash: loaded.version.contentHash,
          details: {
            position: step.position,
            jabatan: step.jabatan,
            officialId: step.officialId,
            actorOfficialId: decision.actingAs.actorOfficialId,
            via: decision.actingAs.via,
            delegationId: decision.actingAs.delegationId,
            from: decision.from,
            to: decision.to,
            ...(note !== undefined ? { note } : {}),
            ...(evidenceCms !== null ? { evidence: true } : {}),
          },
        },
        at,
      );
      return { documentId: loaded.document.id, position: step.position, state: decision.to, actingAs: decision.actingAs, contentHash: loaded.version.contentHash };
    });
  });
}
