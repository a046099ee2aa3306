/**
 * Builds a version's content manifest from the files as they are now: the data text, every file that
 * shapes the text (the kind's folder, the region profile, shared partials, kop images: compose's
 * listTemplateFiles), and every `sumber` file of the data, each hashed from its bytes (streamed). File I/O only — call it before a transaction, never
 * inside one. Imports workflow/content-manifest, compose (template files, data parsing), errors.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { listTemplateFiles } from '../compose/load-template.ts';
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
  // Every file that shapes the text: the kind's folder, the region profile the data names, the shared
  // partials and the kop's images (compose's listTemplateFiles).
  const daerah = parseDocument(input.dataYaml).get('daerah');
  const template: ManifestFile[] = listTemplateFiles(input.templatesDir, input.kind, typeof daerah === 'string' ? daerah : undefined);
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
