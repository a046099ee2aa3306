/**
 * What a version's content hash covers: the content manifest. Everything that makes the text of a
 * document — the exact bytes of its data (YAML), every file of its template (the kind's folder and the
 * region profile), and the bytes of every source file its lampiran streams (the frozen list) — listed by
 * SHA-256, and the content hash is the SHA-256 of the manifest's canonical JSON. A paraf and the signature
 * are bound to that hash; a change to any file makes a different hash, so the chain restarts.
 * The issued PDF embeds the data and this manifest, so a holder of the PDF alone can recompute the hash
 * every paraf evidence signed. Pure: hashing of bytes the caller has read; imports canonical JSON.
 */
import { createHash } from 'node:crypto';
import { canonicalHash } from '../audit/canonical-json.ts';

export const CONTENT_MANIFEST_FORMAT = 'naskah-content/1';
/** Names of the files the issued PDF embeds for a third party to recompute the content hash. */
export const EMBEDDED_DATA_NAME = 'naskah-data.yaml';
export const EMBEDDED_MANIFEST_NAME = 'naskah-manifest.json';

export interface ManifestFile {
  /** Path relative to the templates folder, with "/" separators. */
  readonly path: string;
  readonly sha256: string;
}

export interface ManifestSource {
  /** The `sumber` name in the data ("peserta"). */
  readonly name: string;
  /** The file as the data names it ("daftar/<hash>.csv"). */
  readonly file: string;
  readonly sha256: string;
}

export interface ContentManifest {
  readonly format: typeof CONTENT_MANIFEST_FORMAT;
  readonly kind: string;
  readonly region: string | null;
  readonly data: { readonly sha256: string; readonly size: number };
  /** Sorted by path. */
  readonly template: readonly ManifestFile[];
  /** Sorted by name. */
  readonly sources: readonly ManifestSource[];
}

export function sha256OfText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function makeContentManifest(input: {
  readonly kind: string;
  readonly region: string | null;
  readonly dataYaml: string;
  readonly template: readonly ManifestFile[];
  readonly sources: readonly ManifestSource[];
}): ContentManifest {
  return {
    format: CONTENT_MANIFEST_FORMAT,
    kind: input.kind,
    region: input.region,
    data: { sha256: sha256OfText(input.dataYaml), size: Buffer.byteLength(input.dataYaml, 'utf8') },
    template: [...input.template].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    sources: [...input.sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** The content hash: SHA-256 of the manifest's canonical JSON. */
export function contentHashOf(manifest: ContentManifest): string {
  return canonicalHash(manifest);
}

/** Reads a stored manifest (DocumentVersion.manifestJson); undefined for versions made before manifests. */
export function parseStoredManifest(json: string): ContentManifest | undefined {
  try {
    const value = JSON.parse(json) as Partial<ContentManifest>;
    return value.format === CONTENT_MANIFEST_FORMAT ? (value as ContentManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** What differs between the manifest a version was made with and the one its files give now, in Indonesian. */
export function describeManifestChanges(before: ContentManifest | undefined, after: ContentManifest): string[] {
  if (before === undefined) return ['versi ini dibuat sebelum hash isi mencakup templat dan berkas sumber'];
  const changes: string[] = [];
  if (before.kind !== after.kind || before.region !== after.region) changes.push(`jenis/daerah ${before.kind}/${before.region ?? '-'} menjadi ${after.kind}/${after.region ?? '-'}`);
  if (before.data.sha256 !== after.data.sha256) changes.push('data dokumen');
  const oldFiles = new Map(before.template.map((f) => [f.path, f.sha256]));
  const newFiles = new Map(after.template.map((f) => [f.path, f.sha256]));
  for (const [p, sha] of newFiles) {
    const old = oldFiles.get(p);
    if (old === undefined) changes.push(`berkas templat baru ${p}`);
    else if (old !== sha) changes.push(`berkas templat ${p} diubah`);
  }
  for (const p of oldFiles.keys()) if (!newFiles.has(p)) changes.push(`berkas templat ${p} dihapus`);
  const oldSources = new Map(before.sources.map((s) => [s.name, s]));
  for (const s of after.sources) {
    const old = oldSources.get(s.name);
    if (old === undefined) changes.push(`sumber ${s.name} (${s.file}) baru`);
    else if (old.sha256 !== s.sha256 || old.file !== s.file) changes.push(`isi sumber ${s.name} (${s.file}) berubah`);
  }
  for (const name of oldSources.keys()) if (!after.sources.some((s) => s.name === name)) changes.push(`sumber ${name} dihapus`);
  return changes;
}
