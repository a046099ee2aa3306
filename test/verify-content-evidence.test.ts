import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkContentEvidence } from '../src/verify/content-evidence.ts';
import type { EmbeddedFileReport } from '../src/verify/embedded-files.ts';
import { contentHashOf, makeContentManifest } from '../src/workflow/content-manifest.ts';

const DATA = 'template: keputusan-kepala-daerah\ndaerah: prov-ntt\ntentang: Tim Kerja\n';

function file(name: string, text: string): EmbeddedFileReport {
  const bytes = Buffer.from(text, 'utf8');
  return { name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
}

function embedded(data: string, manifestData = data, parafHash?: string): EmbeddedFileReport[] {
  const manifest = makeContentManifest({ kind: 'keputusan-kepala-daerah', region: 'prov-ntt', dataYaml: manifestData, template: [{ path: 'keputusan-kepala-daerah/body.hbs', sha256: 'a'.repeat(64) }], sources: [] });
  const hash = parafHash ?? contentHashOf(manifest);
  return [file('naskah-data.yaml', data), file('naskah-manifest.json', JSON.stringify(manifest)), file('paraf-manifest.json', JSON.stringify({ contentHash: hash, entries: [] }))];
}

describe('the content hash recomputed from a PDF alone', () => {
  it('finds the hash the paraf signed from the embedded data and manifest', () => {
    const files = embedded(DATA);
    const r = checkContentEvidence(files)!;
    expect(r).toMatchObject({ dataMatches: true, parafHashMatches: true, problems: [], templateFiles: 1, sourceFiles: 0 });
    expect(r.contentHash).toBe(JSON.parse(Buffer.from(files[2]!.bytes).toString()).contentHash);
  });

  it('names embedded data that is not the data the manifest hashes', () => {
    const r = checkContentEvidence(embedded(DATA.replace('Tim Kerja', 'Tim Lain'), DATA))!;
    expect(r.dataMatches).toBe(false);
    expect(r.problems.join('; ')).toContain('bukan data yang disebut manifes isi');
  });

  it('names a paraf manifest whose hash is not the recomputed one', () => {
    const r = checkContentEvidence(embedded(DATA, DATA, 'b'.repeat(64)))!;
    expect(r.parafHashMatches).toBe(false);
    expect(r.problems.join('; ')).toMatch(/bukan hash yang diparaf/);
  });

  it('says nothing for a PDF without a content manifest', () => {
    expect(checkContentEvidence([file('lain.txt', 'x')])).toBeUndefined();
  });
});
