/**
 * The paraf hierarki of a document comes from its template and its region, never from whoever submits
 * it: each jabatan the template names (in paraf order) resolves to the registered official holding it in
 * the document's region. A drafter may add officials only where the template's `paraf.allowed` permits,
 * only officials of the same region, and may not drop, reorder or replace the template's jabatan; the
 * signer must hold the template's signer jabatan in that region (a Plt./Plh. acts through a delegation
 * at the moment of acting, not by being named here). Every problem is collected and named.
 * Pure: decides over the officials it is given. Imports the officials' matching and errors.
 */
import type { Official } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';
import { normaliseJabatan } from './load-workflow.ts';

export interface ChainTemplate {
  readonly kind: string;
  /** Jabatan in paraf order (lowest first). */
  readonly parafChain: readonly string[];
  /** Jabatan a drafter may add besides the chain's. */
  readonly allowedParaf: readonly string[];
  readonly signerJabatan: string | null;
}

export interface ChainRequest {
  readonly template: ChainTemplate;
  /** The document's region id; officials of other regions are never taken. */
  readonly region: string | null;
  /** Every registered official (any region): foreign ones are named in refusals. */
  readonly officials: readonly Official[];
  readonly signerOfficialId: string | null;
  /** The chain the drafter asks for (official ids in paraf order): the template's jabatan with allowed extras inserted. */
  readonly requested?: readonly string[];
  /** Display names of region ids, for the messages ("prov-ntt" → "Provinsi Nusa Tenggara Timur"). */
  readonly regionNames?: ReadonlyMap<string, string>;
}

/** The registered official holding `jabatan` in `region` (earliest registered), if any. */
export function officialInRegion(officials: readonly Official[], jabatan: string, region: string | null): Official | undefined {
  const wanted = normaliseJabatan(jabatan);
  return officials
    .filter((o) => normaliseJabatan(o.jabatan) === wanted && o.region === region)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
}

export function resolveParafChain(request: ChainRequest): Official[] {
  const { template, region, officials } = request;
  const regionLabel = (id: string | null): string => (id === null ? '(tanpa daerah)' : (request.regionNames?.get(id) ?? id));
  const problems: string[] = [];
  const defaults: (Official | undefined)[] = template.parafChain.map((jabatan) => officialInRegion(officials, jabatan, region));
  template.parafChain.forEach((jabatan, i) => {
    if (defaults[i] === undefined) {
      const elsewhere = officials.find((o) => normaliseJabatan(o.jabatan) === normaliseJabatan(jabatan));
      problems.push(
        elsewhere
          ? `jabatan "${jabatan}" tidak terdaftar di ${regionLabel(region)} (yang terdaftar: ${elsewhere.name} di ${regionLabel(elsewhere.region)}, daerah lain)`
          : `jabatan "${jabatan}" tidak terdaftar di ${regionLabel(region)}; daftarkan pejabatnya (naskah officials add)`,
      );
    }
  });
  if (template.parafChain.length === 0) problems.push(`templat ${template.kind} tidak menyebut rantai paraf; rantai tidak dapat disusun dari pilihan pengaju saja`);

  let chain: Official[] = defaults.filter((o): o is Official => o !== undefined);
  if (request.requested !== undefined) {
    const allowed = new Set(template.allowedParaf.map(normaliseJabatan));
    const requested: Official[] = [];
    for (const id of request.requested) {
      const hit = officials.find((o) => o.id === id);
      if (!hit) {
        problems.push(`pejabat ${id} tidak terdaftar`);
        continue;
      }
      if (hit.region !== region) {
        problems.push(`${hit.jabatan} (${hit.name}) berasal dari ${regionLabel(hit.region)}, bukan ${regionLabel(region)}`);
        continue;
      }
      requested.push(hit);
    }
    // the template's officials must all be there, in the template's order; everyone else is an extra
    const templateIds = new Set(chain.map((o) => o.id));
    const templatePart = requested.filter((o) => templateIds.has(o.id));
    const missing = chain.filter((o) => !templatePart.some((r) => r.id === o.id));
    for (const o of missing) problems.push(`rantai harus memuat ${o.jabatan} (${o.name}) sebagaimana ditetapkan templat`);
    if (missing.length === 0 && templatePart.some((o, i) => o.id !== chain[i]?.id)) {
      problems.push(`urutan jabatan templat tidak boleh diubah: ${chain.map((o) => o.jabatan).join(' → ')}`);
    }
    for (const o of requested) {
      if (templateIds.has(o.id)) continue;
      if (!allowed.has(normaliseJabatan(o.jabatan))) {
        problems.push(
          template.allowedParaf.length === 0
            ? `templat ${template.kind} tidak mengizinkan pejabat paraf tambahan (${o.jabatan}, ${o.name})`
            : `${o.jabatan} (${o.name}) tidak termasuk jabatan paraf tambahan yang diizinkan: ${template.allowedParaf.join(', ')}`,
        );
      }
    }
    chain = requested;
  }
  if (new Set(chain.map((o) => o.id)).size !== chain.length) problems.push('seorang pejabat muncul dua kali dalam rantai paraf');

  const signer = request.signerOfficialId === null ? undefined : officials.find((o) => o.id === request.signerOfficialId);
  if (!signer) {
    problems.push(`tidak ada pejabat penandatangan terdaftar${template.signerJabatan ? ` dengan jabatan "${template.signerJabatan}" di ${regionLabel(region)}` : ''}; daftarkan dahulu (naskah officials add)`);
  } else {
    if (signer.region !== region) problems.push(`penandatangan ${signer.name} berasal dari ${regionLabel(signer.region)}, bukan ${regionLabel(region)}`);
    if (template.signerJabatan && normaliseJabatan(signer.jabatan) !== normaliseJabatan(template.signerJabatan)) {
      problems.push(`penandatangan ${signer.name} menjabat ${signer.jabatan}, bukan ${template.signerJabatan} sebagaimana ditetapkan templat`);
    }
    if (chain.some((o) => o.id === signer.id)) problems.push('penandatangan tidak ikut memaraf dokumennya sendiri');
  }
  if (problems.length > 0) throw new AppError('CHAIN_INVALID', `Rantai paraf tidak dapat disusun: ${problems.join('; ')}.`, { details: problems });
  return chain;
}
