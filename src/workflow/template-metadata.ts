/**
 * The part of a document kind's template metadata (templates/<kind>/template.yaml) the workflow needs:
 * family, title, region, numbering, the default paraf chain and the signer's jabatan. Read through the
 * compose layer's loadTemplate, so the workflow and the renderers judge one template.yaml by one schema
 * (docs/templates.md). `paraf.chain` is the table order, top-down; it is reversed here into paraf order.
 * Imports: compose/load-template.
 */
import { loadTemplate } from '../compose/load-template.ts';

export interface WorkflowTemplate {
  readonly kind: string;
  /** keputusan | instruksi | any family a deployment adds as a template folder (surat-edaran, …). */
  readonly family: string;
  readonly title: string;
  readonly region: string | null;
  readonly numberingPattern: string;
  readonly numberingScope: string;
  /** Jabatan of the default paraf chain in the order paraf is given (lowest first); may be empty, then
   *  the drafter names the chain at submit. */
  readonly parafChain: readonly string[];
  /** Jabatan the drafter may put into the chain besides the default ones (empty: any registered official). */
  readonly allowedParaf: readonly string[];
  /** Jabatan of the signer, e.g. "SEKRETARIS DAERAH". */
  readonly signerJabatan: string | null;
}

export function readWorkflowTemplate(templatesDir: string, kind: string): WorkflowTemplate {
  const { meta } = loadTemplate(templatesDir, kind);
  return {
    kind,
    family: meta.family,
    title: meta.title,
    region: meta.region,
    numberingPattern: meta.numbering.pattern,
    numberingScope: meta.numbering.scope,
    parafChain: [...(meta.paraf?.chain ?? [])].reverse(),
    allowedParaf: meta.paraf?.allowed ?? [],
    signerJabatan: meta.signer.jabatan,
  };
}
