/**
 * The part of a document kind's template metadata (templates/<kind>/template.yaml) the workflow needs:
 * family, title, region, numbering, the default paraf chain and the signer's jabatan. Read directly with
 * `yaml` (see docs/templates.md: `paraf.chain` is the table order, top-down; it is reversed here).
 * Imports: errors only (reads the one YAML file it is pointed at).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { AppError } from '../errors/app-error.ts';

export interface WorkflowTemplate {
  readonly kind: string;
  readonly family: 'keputusan' | 'instruksi';
  readonly title: string;
  readonly region: string | null;
  readonly numberingPattern: string;
  readonly numberingScope: string;
  /** Jabatan of the default paraf chain in the order paraf is given (lowest first); may be empty, then
   *  the drafter names the chain at submit. */
  readonly parafChain: readonly string[];
  /** Jabatan the drafter may put into the chain besides the default ones (empty: any registered official). */
  readonly allowedParaf: readonly string[];
  /** Jabatan of the signer, e.g. "Sekretaris Daerah". */
  readonly signerJabatan: string | null;
}

const KIND_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function readWorkflowTemplate(templatesDir: string, kind: string): WorkflowTemplate {
  if (!KIND_PATTERN.test(kind)) {
    throw new AppError('TEMPLATE_NOT_FOUND', `"${kind}" is not a template kind name; use the folder name under templates/, e.g. keputusan-gubernur-ntt.`);
  }
  const file = path.join(templatesDir, kind, 'template.yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError('TEMPLATE_NOT_FOUND', `Template kind "${kind}" has no metadata file; check the kind name against the folders in ${templatesDir}.`, { file, cause });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (cause) {
    throw new AppError('YAML_INVALID', `Template metadata is not valid YAML: ${(cause as Error).message}`, { file, cause });
  }
  if (typeof raw !== 'object' || raw === null) throw new AppError('TEMPLATE_INVALID', 'Template metadata must be a mapping.', { file });
  const meta = raw as Record<string, unknown>;
  const str = (...keys: string[]): string | null => {
    for (const key of keys) {
      const v = dig(meta, key);
      if (typeof v === 'string' && v.trim() !== '') return v.trim();
    }
    return null;
  };
  const family = str('family', 'jenis') ?? (kind.startsWith('instruksi') ? 'instruksi' : 'keputusan');
  if (family !== 'keputusan' && family !== 'instruksi') {
    throw new AppError('TEMPLATE_INVALID', `Template family "${family}" is unknown; use keputusan or instruksi.`, { file, field: 'family' });
  }
  // `paraf.chain` lists the table top-down (highest first, as printed); paraf is given bottom-up.
  const tableOrder = jabatanList(dig(meta, 'paraf.chain'));
  const parafChain =
    tableOrder.length > 0 ? [...tableOrder].reverse() : jabatanList(firstDefined(meta, ['paraf', 'parafChain', 'defaultParafChain', 'workflow.paraf']));
  const pattern = str('numbering.pattern', 'numberingPattern', 'numbering', 'nomor.pattern', 'nomor') ?? '{seq}';
  return {
    kind,
    family,
    title: str('title', 'judul', 'titleLine', 'name') ?? kind,
    region: str('region', 'daerah', 'wilayah'),
    numberingPattern: pattern,
    numberingScope: str('numbering.scope', 'numberingScope') ?? kind,
    parafChain,
    allowedParaf: jabatanList(firstDefined(meta, ['allowedParaf', 'paraf_allowed', 'paraf.allowed', 'workflow.allowedParaf'])),
    signerJabatan: str('signer.jabatan', 'signer.position', 'penandatangan.jabatan', 'signer.role', 'signerJabatan'),
  };
}

function dig(obj: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function firstDefined(obj: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const v = dig(obj, key);
    if (Array.isArray(v)) return v;
  }
  return undefined;
}

function jabatanList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string' && item.trim() !== '') out.push(item.trim());
    else if (typeof item === 'object' && item !== null) {
      const rec = item as Record<string, unknown>;
      const j = rec.jabatan ?? rec.position ?? rec.title ?? rec.name;
      if (typeof j === 'string' && j.trim() !== '') out.push(j.trim());
    }
  }
  return out;
}
