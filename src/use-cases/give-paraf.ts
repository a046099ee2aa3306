/**
 * Use case: give paraf at the current step, bound to the exact content hash the official saw (the
 * return use case shares the step logic). Load → decide (paraf-state) → one transaction:
 * compare-and-set of the document, of the step (where state = pending), and the audit event.
 * Imports: workflow, audit, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { loadDelegations, loadDocument, resolveActor, type LoadedDocument } from '../workflow/load-workflow.ts';
import type { ParafEvidenceSigner } from '../workflow/paraf-evidence.ts';
import { decideStepAction, refusalError, type ActingAs, type DocumentState } from '../workflow/paraf-state.ts';
import { ensureContentCurrent } from './content-currency.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface GiveParafInput {
  readonly templatesDir: string;
  /** Folder that relative `sumber` files resolve against (the data directory). */
  readonly dataDir: string;
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
  return actOnCurrentStep(db, 'paraf', input, undefined, options);
}

/**
 * Paraf or return at the current step; shared with return-document. Outside the transaction: a first
 * decision on the state as read (so a refused actor changes nothing), the check that the version's files
 * are unchanged (a paraf binds the whole content), and the paraf evidence (a CMS over the hash the
 * official saw). Inside one transaction: load, decide again on what is committed, write, audit.
 */
export async function actOnCurrentStep(
  db: UseCaseDb,
  action: 'paraf' | 'return',
  input: { readonly templatesDir: string; readonly dataDir: string; readonly documentId: string; readonly username: string; readonly contentHash?: string | undefined },
  note: string | undefined,
  options: GiveParafOptions | undefined,
): Promise<StepActionResult> {
  const clock = clockOf(options);
  const at = clock();
  const before = await loadDocument(db.prisma, input.documentId);
  {
    const { actor } = await resolveActor(db.prisma, input.username);
    const delegations = await loadDelegations(db.prisma, before.steps.map((s) => s.officialId));
    const pre = decideStepAction(action, before.workflow, actor, { contentHash: input.contentHash, at, delegations });
    if (!pre.ok) throw refusalError(pre);
    if (action === 'paraf') await ensureContentCurrent(db, before, { templatesDir: input.templatesDir, dataDir: input.dataDir }, input.username, at);
  }
  // the evidence signs the hash the official saw; the transaction refuses it unless that is still current
  const signEvidence = action === 'paraf' && options?.evidenceSigner !== undefined && input.contentHash !== undefined;
  const evidenceOfficialId = signEvidence ? await actingOfficialId(db, before, input.username, at) : null;
  const evidenceCms = signEvidence && evidenceOfficialId !== null ? await options!.evidenceSigner!.signContentHash(evidenceOfficialId, input.contentHash!) : null;
  return runTransition(db, (transact) =>
    transact(async (tx) => {
      const { user, actor } = await resolveActor(tx, input.username);
      const loaded = await loadDocument(tx, input.documentId);
      const delegations = await loadDelegations(tx, loaded.steps.map((s) => s.officialId));
      const decision = decideStepAction(action, loaded.workflow, actor, { contentHash: input.contentHash, at, delegations });
      if (!decision.ok) throw refusalError(decision);
      if (evidenceCms !== null && decision.actingAs.actorOfficialId !== evidenceOfficialId) {
        throw new AppError('INVALID_STATE', 'Giliran paraf berubah sejak bukti paraf ditandatangani; muat ulang dan ulangi.');
      }
      const step = loaded.steps.find((s) => s.position === decision.step.position)!;
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
    }),
  );
}

/** The official who acts (themself or as Plt./Plh.) at the current step, as read before the transaction. */
async function actingOfficialId(db: UseCaseDb, loaded: LoadedDocument, username: string, at: Date): Promise<string> {
  const { actor } = await resolveActor(db.prisma, username);
  const delegations = await loadDelegations(db.prisma, loaded.steps.map((s) => s.officialId));
  const decision = decideStepAction('paraf', loaded.workflow, actor, { contentHash: undefined, at, delegations });
  if (!decision.ok) throw refusalError(decision);
  return decision.actingAs.actorOfficialId;
}
