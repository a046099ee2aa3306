/**
 * Pages a Biro Hukum would sign as they are, in our PDF and in LibreOffice's rendering of our DOCX:
 * no page holds only a signer block, a paraf table or page furniture; "MEMUTUSKAN :" and
 * "Menetapkan :" never end a page; the paraf table is on the page of its signer block; continuation
 * markers come from running text only; a tall table row fills the page instead of leaving its foot
 * blank. The shipped examples, rendered through the real use case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../src/model/document-model.ts';
import { composeDocumentFile, renderDocumentFile } from '../src/use-cases/render-document.ts';
import { furnitureOnlyPages, libreOfficePdf, pageTexts } from './support/page-check.ts';
import { hasTool, requireTools, run } from './support/tools.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'naskah-pages-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EXAMPLES = ['keputusan-gubernur-ntt-99-2025', 'keputusan-peserta-pbpu-ntt', 'instruksi-walikota-bekasi-440-301', 'keputusan-bupati-kupang-peserta-pbpu-2025'] as const;

interface Rendered {
  readonly model: DocumentModel;
  readonly pdf: string;
  /** LibreOffice's rendering of the DOCX; undefined where soffice is not installed (locally). */
  readonly office?: string;
}

const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  if (!requireTools('page checks', 'pdftotext', 'pdfinfo')) return;
  const office = hasTool('soffice');
  if (!office) console.warn('[skip] LibreOffice renderings of the DOCX: soffice tidak terpasang (CI memasangnya)');
  for (const name of EXAMPLES) {
    const file = path.join(ROOT, 'examples', `${name}.yaml`);
    const { model } = await composeDocumentFile(file);
    const { pdfPath, docxPath } = await renderDocumentFile(file, { outDir: work });
    rendered.set(name, { model, pdf: pdfPath, ...(office ? { office: libreOfficePdf(docxPath, path.join(work, 'office')) } : {}) });
  }
}, 300_000);

const lastLines = (page: string): string[] =>
  page
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/\.\.\.$/.test(l));

describe.each(EXAMPLES)('%s', (name) => {
  const renderings = (): [string, string][] => {
    const r = rendered.get(name);
    if (!r) return [];
    return [['PDF', r.pdf], ...(r.office ? ([['DOCX (LibreOffice)', r.office]] as [string, string][]) : [])];
  };

  it('has no page holding only a signer block, a paraf table or page furniture', () => {
    for (const [which, pdf] of renderings()) {
      expect(furnitureOnlyPages(pageTexts(pdf), rendered.get(name)!.model), which).toEqual([]);
    }
  });

  it('never ends a page with "MEMUTUSKAN :", "MENGINSTRUKSIKAN :" or "Menetapkan :"', () => {
    for (const [which, pdf] of renderings()) {
      for (const page of pageTexts(pdf).slice(0, -1)) {
        expect(lastLines(page).pop(), which).not.toMatch(/^(MEMUTUSKAN|MENGINSTRUKSIKAN|Menetapkan)\s*:$/);
      }
    }
  });

  it('puts every paraf table on the page of its signer block', () => {
    const model = rendered.get(name)?.model;
    if (!model) return;
    const sig = model.parts[0]!.blocks.find((b) => b.kind === 'signature');
    const hasParaf = model.parts.some((p) => p.blocks.some((b) => b.kind === 'paraf-table'));
    if (!sig || sig.kind !== 'signature' || !hasParaf) return;
    for (const [which, pdf] of renderings()) {
      const pages = pageTexts(pdf);
      const signerPages = pages.filter((p) => p.includes(sig.name));
      const parafPages = pages.filter((p) => p.includes('PARAF HIERARKI'));
      expect(parafPages.length, which).toBe(signerPages.length);
      for (const p of parafPages) expect(p, which).toContain(sig.name);
    }
  });

  it('takes continuation markers from running text only', () => {
    const r = rendered.get(name);
    if (!r) return;
    const furniture = new Set<string>();
    for (const part of r.model.parts) {
      for (const b of part.blocks) {
        if (b.kind === 'signature') [...b.heading, b.name].forEach((t) => furniture.add(t.split(/\s+/).slice(0, 2).join(' ')));
        if (b.kind === 'paraf-table') furniture.add(b.title.split(/\s+/).slice(0, 2).join(' '));
      }
    }
    const pages = pageTexts(r.pdf);
    pages.forEach((page, i) => {
      const marker = page.split('\n').map((l) => l.trim()).find((l) => /\.\.\.$/.test(l));
      if (!marker) return;
      const announced = marker.replace(/\s*\.\.\.$/, '');
      expect(furniture.has(announced), `page ${i + 1}: "${marker}"`).toBe(false);
      expect(announced, `page ${i + 1}: a table row`).not.toMatch(/\d{16}/);
      // the next page opens with the announced words (after its page number)
      const next = pages[i + 1]!.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^-\s*\d+\s*-$/.test(l));
      expect(next[0]!.startsWith(announced), `page ${i + 2} opens with "${announced}"`).toBe(true);
    });
  });
});

describe('tall table rows', () => {
  it('split across pages under the repeated header instead of leaving the foot of a page blank', () => {
    const r = rendered.get('keputusan-gubernur-ntt-99-2025');
    if (!r) return;
    const pages = pageTexts(r.pdf);
    const pageHeight = 935.43;
    const contentBottom = pageHeight - (2.5 * 72) / 2.54;
    let continued = 0;
    pages.forEach((page, i) => {
      const next = pages[i + 1];
      if (!next || !/NO NAMA\/JABATAN/.test(next) || /LAMPIRAN/.test(next)) return;
      continued++;
      // the lowest line of text on a page the table continues from
      const bbox = run('pdftotext', ['-bbox', '-f', String(i + 1), '-l', String(i + 1), r.pdf, '-']).stdout;
      const lowest = Math.max(...[...bbox.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1])));
      expect(lowest, `page ${i + 1}`).toBeGreaterThan(contentBottom - pageHeight / 10);
    });
    expect(continued).toBeGreaterThanOrEqual(2); // Lampiran I and II both continue on a second page
  });
});
