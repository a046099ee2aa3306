/**
 * Reading rendered pages back for layout tests: the text of each page of a PDF (ours, or LibreOffice's
 * rendering of our DOCX), and which pages hold nothing but a signer block, a paraf table or page
 * furniture (page number, continuation marker) — pages a Biro Hukum would send back.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Block, DocumentModel } from '../../src/model/document-model.ts';
import { run } from './tools.ts';

export function pageTexts(pdf: string): string[] {
  const count = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]).stdout)?.[1] ?? 0);
  const pages: string[] = [];
  for (let p = 1; p <= count; p++) pages.push(run('pdftotext', ['-f', String(p), '-l', String(p), '-raw', pdf, '-']).stdout);
  return pages;
}

const words = (text: string): string[] =>
  text
    .toLocaleUpperCase('id')
    .split(/[\s\-–/,.:;()]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));

/** Every word of the model's signer blocks and paraf tables. */
function furnitureWords(model: DocumentModel): Set<string> {
  const out = new Set<string>();
  const add = (text: string): void => {
    for (const w of words(text)) out.add(w);
  };
  const visit = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      if (b.kind === 'signature') {
        for (const l of b.placeDate) add(`${l.label} ${l.value}`);
        for (const h of b.heading) add(h);
        add(b.name);
        if (b.rank) add(b.rank);
        if (b.nip) add(b.nip);
      } else if (b.kind === 'paraf-table') {
        add(b.title);
        for (const r of b.rows) add(`${r.jabatan} ${r.paraf ?? ''}`);
      } else if (b.kind === 'labeled') visit(b.body);
      else if (b.kind === 'list') for (const i of b.items) visit(i.body);
    }
  };
  for (const part of model.parts) visit(part.blocks);
  return out;
}

/** 1-based numbers of the pages holding only a signer block, a paraf table or page furniture. */
export function furnitureOnlyPages(pages: readonly string[], model: DocumentModel): number[] {
  const furniture = furnitureWords(model);
  const bad: number[] = [];
  pages.forEach((text, i) => {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !/^-\s*\d+\s*-$/.test(l) && !/\.\.\.$/.test(l));
    const content = words(lines.join(' '));
    if (content.every((w) => furniture.has(w))) bad.push(i + 1);
  });
  return bad;
}

/** LibreOffice's rendering of a DOCX as PDF (in a temporary profile), for comparing with ours. */
export function libreOfficePdf(docx: string, outDir: string): string {
  const profile = mkdtempSync(path.join(tmpdir(), 'naskah-lo-'));
  try {
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, docx], { encoding: 'utf8', timeout: 180_000 });
    const pdf = path.join(outDir, `${path.basename(docx, '.docx')}.pdf`);
    readFileSync(pdf); // throws when LibreOffice wrote nothing
    if (r.status !== 0) throw new Error(`soffice: ${r.stderr}`);
    return pdf;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
