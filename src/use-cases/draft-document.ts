/**
 * Use case: draft a document from a template kind and a data YAML (version 1, state draft), audited in
 * the same transaction. The drafter must hold the drafter role and belong to the document's region; the
 * version's content hash is that of its content manifest (data, template files, source files), built
 * before the transaction. Imports: workflow, audit, compose (data check), content manifest, errors.
 */
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { AppError } from '../errors/app-error.ts';
import { runTransition } from '../workflow/compare-and-set.ts';
import { checkDocumentData } from '../compose/check-document-data.ts';
import { contentHashOf } from '../workflow/content-manifest.ts';
import { parseDocumentData } from '../workflow/document-data.ts';
import { resolveActor } from '../workflow/load-workflow.ts';
import { officialInRegion } from '../workflow/resolve-chain.ts';
import { actorInRegion, type DocumentState } from '../workflow/paraf-state.ts';
import { readWorkflowTemplate } from '../workflow/template-metadata.ts';
import { buildContentManifest } from './build-content-manifest.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface DraftDocumentInput {
  readonly templatesDir: string;
  /** Folder that relative `sumber` files resolve against (the data directory). */
  readonly dataDir: string;
  readonly kind: string;
  readonly dataYaml: string;
  /** Shown in errors about the data file. */
  readonly dataFile?: string;
  readonly username: string;
}

export interface DraftResult {
  readonly documentId: string;
  readonly versionNo: number;
  readonly contentHash: string;
  readonly state: DocumentState;
}

export async function draftDocument(db: UseCaseDb, input: DraftDocumentInput, options?: UseCaseOptions): Promise<DraftResult> {
  const { user, actor } = await resolveActor(db.prisma, input.username);
  if (!actor.roles.includes('drafter') && !actor.roles.includes('admin')) {
    throw new AppError('FORBIDDEN', `Pengguna "${user.username}" tidak berperan sebagai perancang (drafter); minta admin menambahkan peran itu.`);
  }
  checkDocumentData(input.templatesDir, input.kind, input.dataYaml, input.dataFile ?? `${input.kind}.yaml`);
  const parsed = parseDocumentData(input.dataYaml, input.dataFile);
  // the region is the data's `daerah` (a region profile id): what the document, its officials and its
  // numbering belong to
  const template = readWorkflowTemplate(input.templatesDir, input.kind, typeof parsed.data.daerah === 'string' ? parsed.data.daerah : undefined);
  const region = template.regionId;
  if (!actorInRegion(actor, region)) {
    throw new AppError('FORBIDDEN', `Dokumen untuk ${template.regionName} (daerah ${region}) bukan daerah akun Anda; Anda hanya dapat merancang dokumen daerah Anda.`, { field: 'daerah' });
  }
  const manifest = await buildContentManifest({ templatesDir: input.templatesDir, kind: input.kind, region, dataYaml: input.dataYaml, sourcesDir: input.dataDir });
  const contentHash = contentHashOf(manifest);
  const officials = await db.prisma.official.findMany();
  const signer = template.signerJabatan ? officialInRegion(officials, template.signerJabatan, region) : undefined;
  const now = clockOf(options)();
  return runTransition(db, (transact) =>
    transact(async (tx) => {
      await tx.documentKind.upsert({
        where: { id: template.kind },
        create: {
          id: template.kind,
          family: template.family,
          title: template.title,
          numberingPattern: template.numberingPattern,
          numberingScope: template.numberingScope,
          // a kind is shared by every region; numbering is the region's (read from its profile at signing)
          region: null,
        },
        update: {},
      });
      const document = await tx.document.create({
        data: {
          kindId: template.kind,
          state: 'draft',
          tentang: parsed.tentang ?? template.title,
          drafterId: user.id,
          klasifikasi: parsed.klasifikasi,
          region,
          signerOfficialId: signer?.id ?? null,
        },
      });
      const version = await tx.documentVersion.create({
        data: { documentId: document.id, versionNo: 1, dataYaml: input.dataYaml, contentHash, manifestJson: JSON.stringify(manifest), createdById: user.id },
      });
      await tx.document.update({ where: { id: document.id }, data: { currentVersionId: version.id } });
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'document.drafted',
          documentId: document.id,
          versionHash: contentHash,
          details: { kind: template.kind, region, versionNo: 1, tentang: document.tentang, signerOfficialId: document.signerOfficialId },
        },
        now,
      );
      return { documentId: document.id, versionNo: 1, contentHash, state: 'draft' as const };
    }),
  );
}
