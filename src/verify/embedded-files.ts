/**
 * The files embedded in a PDF (the /EmbeddedFiles name tree) with their hashes, and the paraf evidence
 * they carry: the manifest names each evidence file and the version hash every paraf signed.
 * Imports the PDF core and the paraf evidence check.
 */
import { createHash } from 'node:crypto';
import type forge from 'node-forge';
import { PdfDict, PdfRef, PdfString, nameOf, type PdfValue } from '../pdf/pdf-objects.ts';
import type { PdfView } from '../pdf/pdf-reader.ts';
import { verifyParafEvidence, type ParafEvidenceOptions } from './paraf-evidence.ts';

export interface EmbeddedFileReport {
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  readonly mimeType?: string;
  /** /AFRelationship of its file specification (PDF/A-3), when given. */
  readonly relationship?: string;
  readonly bytes: Uint8Array;
}

export interface ParafEvidenceReport {
  readonly file: string;
  readonly officialId?: string;
  readonly signerName?: string;
  readonly valid: boolean;
  readonly problems: string[];
}

/** Name of the embedded JSON manifest that lists paraf evidence files and the version hash they cover. */
export const PARAF_MANIFEST_NAME = 'paraf-manifest.json';

export function embeddedFiles(pdf: PdfView): EmbeddedFileReport[] {
  const out: EmbeddedFileReport[] = [];
  const names = pdf.dict(pdf.catalog().get('Names'));
  const seen = new Set<PdfDict>();
  const walk = (node: PdfValue | undefined, depth: number) => {
    const d = pdf.dict(node);
    if (!d || depth > 32 || seen.has(d)) return;
    seen.add(d);
    const arr = pdf.resolve(d.get('Names'));
    if (Array.isArray(arr)) {
      for (let i = 0; i + 1 < arr.length; i += 2) {
        const key = arr[i];
        const spec = pdf.dict(arr[i + 1]);
        const ef = pdf.dict(spec?.get('EF'));
        const fileRef = ef?.get('UF') ?? ef?.get('F');
        if (!(key instanceof PdfString) || !(fileRef instanceof PdfRef)) continue;
        const obj = pdf.object(fileRef);
        if (!obj.stream || !(obj.value instanceof PdfDict)) continue;
        const bytes = pdf.streamData(fileRef);
        const uf = spec?.get('UF');
        out.push({
          name: uf instanceof PdfString ? uf.text() : key.text(),
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          mimeType: nameOf(obj.value.get('Subtype')),
          relationship: nameOf(spec?.get('AFRelationship')),
          bytes,
        });
      }
    }
    const kids = pdf.resolve(d.get('Kids'));
    if (Array.isArray(kids)) for (const k of kids) walk(k, depth + 1);
  };
  walk(names?.get('EmbeddedFiles'), 0);
  return out;
}

interface ParafManifest {
  contentHash: string;
  entries: Array<{ file: string; officialId?: string }>;
}

export function checkParafEvidence(
  files: readonly EmbeddedFileReport[],
  anchors: readonly forge.pki.Certificate[],
  options: ParafEvidenceOptions,
): { reports: ParafEvidenceReport[]; problems: string[] } {
  const manifestFile = files.find((f) => f.name === PARAF_MANIFEST_NAME);
  if (!manifestFile) return { reports: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(manifestFile.bytes).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const manifest = parsed as Partial<ParafManifest> | undefined;
  if (typeof manifest?.contentHash !== 'string' || !Array.isArray(manifest.entries) || !manifest.entries.every((e) => typeof e?.file === 'string')) {
    return { reports: [], problems: [`${PARAF_MANIFEST_NAME} tidak terbaca (bukan JSON dengan contentHash dan entries[].file)`] };
  }
  const contentHash = manifest.contentHash;
  const reports = manifest.entries.map((entry): ParafEvidenceReport => {
    const file = files.find((f) => f.name === entry.file);
    if (!file) return { file: entry.file, officialId: entry.officialId, valid: false, problems: ['berkas bukti paraf tidak ada di PDF'] };
    const r = verifyParafEvidence(file.bytes, contentHash, anchors, options);
    return { file: entry.file, officialId: entry.officialId, signerName: r.signerName, valid: r.valid, problems: r.problems };
  });
  return { reports, problems: reports.filter((r) => !r.valid).map((r) => `bukti paraf ${r.file} tidak sah: ${r.problems.join('; ')}`) };
}
