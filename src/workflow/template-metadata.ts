/**
 * The part of a document kind's template metadata the workflow needs, for the region the document is
 * issued by: family, title, region (id, name, time zone), numbering, the default paraf chain and the
 * signer's jabatan. Read through the compose layer's loadTemplate, so the workflow and the renderers
 * judge one kind and one region profile by one schema (docs/templates.md). The profile's `paraf.chain`
 * is the table order, top-down; it is reversed here into paraf order.
 * Imports: compose/load-template.
 */
import { loadTemplate } from '../compose/load-template.ts';
import type { RegionTimeZone } from '../compose/region-profile.ts';

export interface WorkflowTemplate {
  readonly kind: string;
  /** keputusan | instruksi | any family a deployment adds as a template folder (surat-edaran, …). */
  readonly family: string;
  readonly title: string;
  /** Display name of the region ("Provinsi Nusa Tenggara Timur"); the same as regionName. */
  readonly region: string | null;
  /** Region profile id ("prov-ntt"): what the database stores for documents, officials and users. */
  readonly regionId: string;
  readonly regionName: string;
  /** IANA time zone of the region (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT). */
  readonly timeZone: RegionTimeZone;
  readonly numberingPattern: string;
  /** Sequence scope, per region ("prov-ntt-keputusan"). */
  readonly numberingScope: string;
  /** Jabatan of the default paraf chain in the order paraf is given (lowest first); may be empty, then
   *  the drafter names the chain at submit. */
  readonly parafChain: readonly string[];
  /** Jabatan the drafter may put into the chain besides the default ones (empty: any registered official). */
  readonly allowedParaf: readonly string[];
  /** Jabatan of the signer, e.g. "SEKRETARIS DAERAH". */
  readonly signerJabatan: string | null;
}

export function readWorkflowTemplate(templatesDir: string, kind: string, regionId: string | undefined): WorkflowTemplate {
  const { meta } = loadTemplate(templatesDir, kind, regionId);
  return {
    kind,
    family: meta.family,
    title: meta.title,
    region: meta.region,
    regionId: meta.regionId,
    regionName: meta.region,
    timeZone: meta.timeZone,
    numberingPattern: meta.numbering.pattern,
    numberingScope: meta.numbering.scope,
    parafChain: [...(meta.paraf?.chain ?? [])].reverse(),
    allowedParaf: meta.paraf?.allowed ?? [],
    signerJabatan: meta.signer.jabatan,
  };
}
