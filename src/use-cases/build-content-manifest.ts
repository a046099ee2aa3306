/**
 * Builds a version's content manifest from the files as they are now: the data text, every file of the
 * template folder of its kind (and region profile, when there is one), and every `sumber` file of the
 * data, each hashed from its bytes (streamed). File I/O only — call it before a transaction, never
 * inside one. Imports workflow/content-manifest, compose (template files, data parsing), errors.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { AppError } from '../errors/app-error.ts';
import { makeContentManifest, type ContentManifest, type ManifestFile, type ManifestSource } from '../workflow/content-manifest.ts';

export interface ContentManifestInput {
  readonly templatesDir: string;
  readonly kind: string;
  readonly region: string | null;
  readonly dataYaml: string;
  /** Folder that relative `sumber` files resolve against (the data directory for stored drafts). */
  readonly sourcesDir: string;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function walk(dir: string, root: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, root, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** Every file of the kind's template folder, relative to templatesDir. */
export function templateFilesOf(templatesDir: string, kind: string): string[] {
  const dir = path.join(templatesDir, kind);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('TEMPLATE_NOT_FOUND', `Templat "${kind}" tidak ada di ${templatesDir}.`);
  }
  const files: string[] = [];
  walk(dir, templatesDir, files);
  return files.map((f) => path.relative(templatesDir, f).split(path.sep).join('/')).sort();
}

/** The `sumber` entries of the data that name a file: { name, file }. Inline rows are part of the data. */
function sourceFilesOf(dataYaml: string): { name: string; file: string }[] {
  const data = parseDocument(dataYaml).toJS() as { sumber?: Record<string, { berkas?: unknown }> } | null;
  const out: { name: string; file: string }[] = [];
  for (const [name, spec] of Object.entries(data?.sumber ?? {})) {
    if (spec && typeof spec === 'object' && typeof spec.berkas === 'string') out.push({ name, file: spec.berkas });
  }
  return out;
}

export async function buildContentManifest(input: ContentManifestInput): Promise<ContentManifest> {
  const template: ManifestFile[] = [];
  for (const rel of templateFilesOf(input.templatesDir, input.kind)) {
    template.push({ path: rel, sha256: await sha256File(path.join(input.templatesDir, rel)) });
  }
  const sources: ManifestSource[] = [];
  for (const s of sourceFilesOf(input.dataYaml)) {
    const file = path.resolve(input.sourcesDir, s.file);
    const inside = path.relative(path.resolve(input.sourcesDir), file);
    if (path.isAbsolute(s.file) || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${s.file}" (sumber.${s.name}) harus berada di folder data; tulis jalurnya relatif, tanpa "..".`, {
        field: `sumber.${s.name}.berkas`,
      });
    }
    if (!existsSync(file)) {
      throw new AppError('SOURCE_NOT_FOUND', `Berkas sumber "${s.file}" (sumber.${s.name}) tidak ditemukan.`, { field: `sumber.${s.name}.berkas` });
    }
    sources.push({ name: s.name, file: s.file, sha256: await sha256File(file) });
  }
  return makeContentManifest({ kind: input.kind, region: input.region, dataYaml: input.dataYaml, template, sources });
}
