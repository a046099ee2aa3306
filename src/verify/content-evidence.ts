/**
 * What each paraf signed, recomputed from the PDF alone. An issued decree embeds the data the officials
 * initialled (naskah-data.yaml) and the content manifest (naskah-manifest.json: the SHA-256 of that
 * data, of every template file and of every source file). The content hash is the SHA-256 of the
 * manifest's canonical JSON; each paraf evidence is a CMS over that hash. So a third party holding only
 * the PDF checks: the embedded data is the data the manifest names, the hash recomputed from the manifest
 * is the hash the paraf manifest says every paraf signed — and the evidence check (embedded-files.ts)
 * already verified every CMS over that hash. Pure over the embedded files; imports the manifest's hash.
 */
import { createHash } from 'node:crypto';
import { contentHashOf, CONTENT_MANIFEST_FORMAT, EMBEDDED_DATA_NAME, EMBEDDED_MANIFEST_NAME, type ContentManifest } from '../workflow/content-manifest.ts';
import { PARAF_MANIFEST_NAME, type EmbeddedFileReport } from './embedded-files.ts';

export interface ContentEvidenceReport {
  /** The content hash recomputed from the embedded manifest. */
  readonly contentHash: string;
  /** The embedded data is the data the manifest names (its SHA-256). */
  readonly dataMatches: boolean;
  /** The recomputed hash is the one the paraf manifest says every paraf evidence signs. */
  readonly parafHashMatches: boolean;
  readonly templateFiles: number;
  readonly sourceFiles: number;
  readonly problems: readonly string[];
}

function text(file: EmbeddedFileReport | undefined): string | undefined {
  return file ? Buffer.from(file.bytes).toString('utf8') : undefined;
}

/** Undefined when the PDF embeds no content manifest (documents issued before it, or by a remote signer). */
export function checkContentEvidence(files: readonly EmbeddedFileReport[]): ContentEvidenceReport | undefined {
  const manifestText = text(files.find((f) => f.name === EMBEDDED_MANIFEST_NAME));
  if (manifestText === undefined) return undefined;
  const problems: string[] = [];
  let manifest: ContentManifest | undefined;
  try {
    const parsed = JSON.parse(manifestText) as Partial<ContentManifest>;
    if (parsed.format === CONTENT_MANIFEST_FORMAT && parsed.data && Array.isArray(parsed.template) && Array.isArray(parsed.sources)) manifest = parsed as ContentManifest;
  } catch {
    manifest = undefined;
  }
  if (!manifest) {
    return { contentHash: '', dataMatches: false, parafHashMatches: false, templateFiles: 0, sourceFiles: 0, problems: [`${EMBEDDED_MANIFEST_NAME} tidak terbaca sebagai manifes isi (${CONTENT_MANIFEST_FORMAT})`] };
  }
  const contentHash = contentHashOf(manifest);
  const data = files.find((f) => f.name === EMBEDDED_DATA_NAME);
  const dataMatches = data !== undefined && createHash('sha256').update(data.bytes).digest('hex') === manifest.data.sha256;
  if (!data) problems.push(`data dokumen (${EMBEDDED_DATA_NAME}) tidak tersemat, padahal manifes isinya ada`);
  else if (!dataMatches) problems.push(`data dokumen tersemat bukan data yang disebut manifes isi (SHA-256 berbeda)`);
  let parafHash: string | undefined;
  try {
    parafHash = (JSON.parse(text(files.find((f) => f.name === PARAF_MANIFEST_NAME)) ?? 'null') as { contentHash?: unknown } | null)?.contentHash as string | undefined;
  } catch {
    parafHash = undefined;
  }
  const parafHashMatches = parafHash === contentHash;
  if (parafHash !== undefined && !parafHashMatches) {
    problems.push(`hash isi yang dihitung ulang dari data dan manifes (${contentHash.slice(0, 12)}…) bukan hash yang diparaf (${String(parafHash).slice(0, 12)}…)`);
  }
  return { contentHash, dataMatches, parafHashMatches, templateFiles: manifest.template.length, sourceFiles: manifest.sources.length, problems };
}
