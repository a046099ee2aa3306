/**
 * Use case: submit a draft into the paraf hierarki. The chain is the template's, resolved to the
 * registered officials of the document's region (workflow/resolve-chain: extras only where the template
 * allows, never from another region); the drafter names the version they submit (baseContentHash).
 * Before the transaction the version's files are checked for change (content-currency); then load,
 * decide, compare-and-set, the steps and the audit event in one transaction.
 * Imports: workflow, audit, content currency, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { loadDocument, resolveActor } from '../workflow/load-workflow.ts';
import { decideSubmit, refusalError } from '../workflow/paraf-state.ts';
import { officialInRegion, resolveParafChain } from '../workflow/resolve-chain.ts';
import { listRegions } from '../compose/region-profile.ts';
import { readWorkflowTemplate } from '../workflow/template-metadata.ts';
import { ensureContentCurrent } from './content-currency.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface SubmitDocumentInput {
  readonly templatesDir: string;
  /** Folder that relative `sumber` files resolve against (the data directory). */
  readonly dataDir: string;
  readonly documentId: string;
  readonly username: string;
  /** The content hash of the version the drafter submits (what they previewed). */
  readonly baseContentHash: string;
  /**
   * The chain in paraf order (official ids): the template's officials, in its order, with extra
   * officials inserted where the template's `paraf.allowed` permits. Absent: the template's chain.
   */
  readonly chainOfficialIds?: readonly string[];
}

export interface SubmitResult {
  readonly documentId: string;
  readonly contentHash: string;
  readonly chain: readonly { readonly position: number; readonly officialId: string; readonly jabatan: string; readonly name: string }[];
}

export async function submitDocument(db: UseCaseDb, input: SubmitDocumentInput, options?: UseCaseOptions): Promise<SubmitResult> {
  const now = clockOf(options)();
  const before = await loadDocument(db.prisma, input.documentId);
  const template = readWorkflowTemplate(input.templatesDir, before.document.kindId, before.document.region ?? undefined);
  {
    // refuse what is refused anyway before looking at files (an outsider must not trigger a restart)
    const { actor } = await resolveActor(db.prisma, input.username);
    const pre = decideSubmit(before.workflow, actor, ['-'], input.baseContentHash);
    if (!pre.ok) throw refusalError(pre);
  }
  await ensureContentCurrent(db, before, { templatesDir: input.templatesDir, dataDir: input.dataDir }, input.username, now);
  const regionNames = new Map(listRegions(input.templatesDir).map((r) => [r.id, r.name]));
  return runTransition(db, (transact) =>
    transact(async (tx) => {
      const { user, actor } = await resolveActor(tx, input.username);
      const loaded = await loadDocument(tx, input.documentId);
      const officials = await tx.official.findMany();
      const region = loaded.document.region;
      // a signer registered after drafting is picked up now
      const signerOfficialId = loaded.document.signerOfficialId ?? (template.signerJabatan ? (officialInRegion(officials, template.signerJabatan, region)?.id ?? null) : null);
      const chain = resolveParafChain({
        template,
        region,
        officials,
        signerOfficialId,
        regionNames,
        ...(input.chainOfficialIds ? { requested: input.chainOfficialIds } : {}),
      });
      const decision = decideSubmit(loaded.workflow, actor, chain.map((o) => o.id), input.baseContentHash);
      if (!decision.ok) throw refusalError(decision);
      if (loaded.steps.length > 0) throw new AppError('INVALID_STATE', 'Versi ini sudah pernah diajukan; revisi dokumen untuk memulai rantai paraf baru.');
      await compareAndSetDocument(tx, { id: loaded.document.id, lockVersion: loaded.document.lockVersion, state: decision.from }, { state: 'in_paraf', signerOfficialId });
      await tx.parafStep.createMany({
        data: chain.map((o, i) => ({ documentId: loaded.document.id, versionId: loaded.version.id, position: i + 1, officialId: o.id, jabatan: o.jabatan, state: 'pending' })),
      });
      const summary = chain.map((o, i) => ({ position: i + 1, officialId: o.id, jabatan: o.jabatan, name: o.name }));
      await appendAuditEvent(
        tx,
        { actor: user.username, action: 'document.submitted', documentId: loaded.document.id, versionHash: loaded.version.contentHash, details: { versionNo: loaded.version.versionNo, chain: summary } },
        now,
      );
      return { documentId: loaded.document.id, contentHash: loaded.version.contentHash, chain: summary };
    }),
  );
}
