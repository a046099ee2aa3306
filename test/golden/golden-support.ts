/**
 * Shared by the golden tests and scripts/update-golden.ts: renders the examples with the real use case
 * (fixed clock = the document's tanggal) and turns the outputs into reviewable text — pdftotext output
 * of the PDF and word/document.xml with a line break before each paragraph, table and row.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderDocumentFile } from '../../src/use-cases/render-document.ts';
import { run } from '../support/tools.ts';
import { unzipDocx } from '../support/docx-xml.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const GOLDEN_DIR = path.join(ROOT, 'test/golden');

export const GOLDEN_EXAMPLES = ['keputusan-gubernur-ntt-99-2025', 'instruksi-walikota-bekasi-440-301'] as const;

export interface GoldenOutput {
  readonly pdfText: string;
  readonly documentXml: string;
  readonly pdfPath: string;
}

export function goldenPaths(name: string): { pdfText: string; documentXml: string } {
  return {
    pdfText: path.join(GOLDEN_DIR, `${name}.pdf.txt`),
    documentXml: path.join(GOLDEN_DIR, `${name}.document.xml`),
  };
}

/** word/document.xml with a newline before each <w:p>, <w:tbl>, <w:tr> and <w:sectPr>, so diffs read per paragraph. */
export function breakDocumentXml(xml: string): string {
  return `${xml.replace(/(?=<w:(?:p|tbl|tr|sectPr)[ >])/g, '\n').trim()}\n`;
}

export async function renderGolden(name: string, outDir: string): Promise<GoldenOutput> {
  const { pdfPath, docxPath } = await renderDocumentFile(path.join(ROOT, 'examples', `${name}.yaml`), { outDir });
  const text = run('pdftotext', ['-raw', '-enc', 'UTF-8', pdfPath, '-']);
  if (text.status !== 0) throw new Error(`pdftotext failed: ${text.stderr}`);
  const entries = await unzipDocx(readFileSync(docxPath));
  const doc = entries.get('word/document.xml');
  if (!doc) throw new Error('word/document.xml missing from the DOCX');
  return { pdfText: text.stdout, documentXml: breakDocumentXml(doc.data.toString('utf8')), pdfPath };
}
