/**
 * Use case: submit a draft into the paraf hierarki. The chain is the template's default (jabatan
 * resolved to registered officials) or one the drafter adjusts within the allowed officials; steps are
 * created for the current version. Compare-and-set + audit in one transaction.
 * Imports: workflow, audit, the Prisma facade's types, errors.
 */
import type { Official } from '../db/prisma-client.ts';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { loadDocument, matchOfficial, normaliseJabatan, resolveActor } from '../workflow/load-workflow.ts';
import { decideSubmit, refusalError } from '../workflow/paraf-state.ts';
import { parseDocumentData } from '../workflow/document-data.ts';
import { readWorkflowTemplate } from '../workflow/template-metadata.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface SubmitDocumentInput {
  readonly templatesDir: string;
  readonly documentId: string;
  readonly username: string;
  /** Official ids in order, replacing the template's default chain. */
  readonly chainOfficialIds?: readonly string[];
}

export interface SubmitResult {
  readonly documentId: string;
  readonly contentHash: string;
  readonly chain: readonly { readonly position: number; readonly officialId: string; readonly jabatan: string; readonly name: string }[];
}

/** Resolves the chain; every problem is collected into one error. */
export function resolveParafChain(
  officials: readonly Official[],
  template: ReturnType<typeof readWorkflowTemplate>,
  signerOfficialId: string | null,
  chainOfficialIds?: readonly string[],
): Official[] {
  const problems: string[] = [];
  const chain: Official[] = [];
  if (chainOfficialIds === undefined && template.parafChain.length === 0) {
    problems.push(`jenis ${template.kind} tidak memiliki rantai paraf bawaan; sebutkan pejabat paraf secara berurutan (--chain)`);
  } else if (chainOfficialIds === undefined) {
    for (const jabatan of template.parafChain) {
      const hit = matchOfficial(officials, jabatan, template.region);
      if (hit) chain.push(hit);
      else problems.push(`tidak ada pejabat terdaftar dengan jabatan "${jabatan}"`);
    }
  } else {
    const allowed = new Set([...template.parafChain, ...template.allowedParaf].map(normaliseJabatan));
    for (const id of chainOfficialIds) {
      const hit = officials.find((o) => o.id === id);
      if (!hit) problems.push(`pejabat ${id} tidak terdaftar`);
      else if (template.allowedParaf.length > 0 && !allowed.has(normaliseJabatan(hit.jabatan))) {
        problems.push(`${hit.jabatan} (${hit.name}) tidak termasuk pejabat paraf yang diizinkan untuk jenis ${template.kind}`);
      } else chain.push(hit);
    }
  }
  if (signerOfficialId === null) {
    problems.push(`tidak ada pejabat penandatangan terdaftar${template.signerJabatan ? ` dengan jabatan "${template.signerJabatan}"` : ''}; daftarkan dahulu (naskah officials add)`);
  } else if (chain.some((o) => o.id === signerOfficialId)) problems.push('penandatangan tidak ikut memaraf dokumennya sendiri');
  if (problems.length > 0) throw new AppError('INVALID_STATE', `Rantai paraf tidak dapat disusun: ${problems.join('; ')}.`, { details: problems });
  return chain;
}

export async function submitDocument(db: UseCaseDb, input: SubmitDocumentInput, options?: UseCaseOptions): Promise<SubmitResult> {
  const now = clockOf(options)();
  return runTransition(db, async (transact) => {
    const { user, actor } = await resolveActor(db.prisma, input.username);
    const loaded = await loadDocument(db.prisma, input.documentId);
    const daerah = parseDocumentData(loaded.version.dataYaml).data.daerah;
    const template = readWorkflowTemplate(input.templatesDir, loaded.document.kindId, typeof daerah === 'string' ? daerah : undefined);
    const officials = await db.prisma.official.findMany();
    // a signer registered after drafting is picked up now
    const signerOfficialId = loaded.document.signerOfficialId ?? (template.signerJabatan ? (matchOfficial(officials, template.signerJabatan, template.region)?.id ?? null) : null);
    const chain = resolveParafChain(officials, template, signerOfficialId, input.chainOfficialIds);
    const decision = decideSubmit(loaded.workflow, actor, chain.map((o) => o.id));
    if (!decision.ok) throw refusalError(decision);
    if (loaded.steps.length > 0) throw new AppError('INVALID_STATE', 'Versi ini sudah pernah diajukan; revisi dokumen untuk memulai rantai paraf baru.');
    return transact(async (tx) => {
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
    });
  });
}
