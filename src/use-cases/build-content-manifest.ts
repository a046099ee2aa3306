/**
 * Builds a version's content manifest from the files as they are now: the data text, every file of the
 * file that shapes the template's text (compose's listTemplateFiles: the kind's folder, the region profile,
 * shared partials, kop images), and every `sumber` file of the
 * data, each hashed from its bytes (streamed). File I/O only — call it before a transaction, never
 * inside one. Imports workflow/content-manifest, compose (template files, data parsing), errors.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { listTemplateFiles } from '../compose/load-template.ts';
import { FROZEN_LISTS_FOLDER } from '../compose/row-sources.ts';
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

/** A kind without a region (a deployment's own family): every file of its folder. */
function kindFolderFiles(templatesDir: string, kind: string): ManifestFile[] {
  const dir = path.join(templatesDir, kind);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AppError('TEMPLATE_NOT_FOUND', `Templat "${kind}" tidak ada di ${templatesDir}.`);
  const out: ManifestFile[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push({ path: path.relative(templatesDir, full).split(path.sep).join('/'), sha256: createHash('sha256').update(readFileSync(full)).digest('hex') });
    }
  };
  walk(dir);
  return out;
}

/**
 * The `sumber` entries of the data that name a file: `berkas` (a path) or `daftar` (a frozen list by
 * the SHA-256 of its bytes, daftar/<sha256>.csv). Inline rows are part of the data already.
 */
function sourceFilesOf(dataYaml: string): { name: string; file: string }[] {
  const data = parseDocument(dataYaml).toJS() as { sumber?: Record<string, { berkas?: unknown; daftar?: unknown }> } | null;
  const out: { name: string; file: string }[] = [];
  for (const [name, spec] of Object.entries(data?.sumber ?? {})) {
    if (!spec || typeof spec !== 'object') continue;
    if (typeof spec.berkas === 'string') out.push({ name, file: spec.berkas });
    else if (typeof spec.daftar === 'string') out.push({ name, file: `${FROZEN_LISTS_FOLDER}/${spec.daftar}.csv` });
  }
  return out;
}

export async function buildContentManifest(input: ContentManifestInput): Promise<ContentManifest> {
  // every file that shapes the text: the kind's folder, the region profile, shared partials, kop images
  const template: ManifestFile[] =
    input.region === null
      ? kindFolderFiles(input.templatesDir, input.kind)
      : listTemplateFiles(input.templatesDir, input.kind, input.region).map((f) => ({ path: f.path, sha256: f.sha256 }));
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
