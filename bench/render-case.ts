/**
 * One rendering benchmark case, run in its own process by bench/run-bench.ts:
 *   render-case.ts <naskah-pdf|naskah-docx|pdfkit|html|decree-data|decree-pdf|decree-docx> <rows> <outFile>
 * decree-data writes the participant decree's data (YAML + frozen list CSV) next to outFile; decree-pdf
 * and decree-docx render it through the template (compose → render), as `naskah render` does.
 * Prints one JSON line: { pages?, maxRssKb, seconds }.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { loadFonts } from '../src/render/fonts.ts';
import { benchModel, benchSource } from './lib/bench-model.ts';
import { BENCH_COLUMNS, benchRows } from './lib/rows.ts';

const [tool, rowsArg, out] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!tool || !out || !Number.isFinite(rows)) {
  console.error('usage: render-case.ts <tool> <rows> <outFile>');
  process.exit(2);
}
const clock = new Date('2025-03-24T00:00:00Z');
const started = performance.now();
let pages: number | undefined;

if (tool === 'naskah-pdf') {
  const { renderPdf } = await import('../src/render/pdf/render-pdf.ts');
  const stream = createWriteStream(out);
  const result = await renderPdf(benchModel(), { fonts: loadFonts(), sources: new Map([['peserta', benchSource(rows)]]), clock, output: stream });
  stream.end();
  await finished(stream);
  pages = result.pageCount;
} else if (tool === 'naskah-docx') {
  const { renderDocx } = await import('../src/render/docx/render-docx.ts');
  const stream = createWriteStream(out);
  await renderDocx(benchModel(), { fonts: loadFonts(), sources: new Map([['peserta', benchSource(rows)]]), clock, output: stream });
  stream.end();
  await finished(stream);
} else if (tool === 'pdfkit') {
  pages = await renderWithPdfkit(rows, out);
} else if (tool === 'decree-data') {
  await writeDecreeData(rows, out);
} else if (tool === 'decree-pdf' || tool === 'decree-docx') {
  const { composeDocumentFile } = await import('../src/use-cases/render-document.ts');
  const composed = await composeDocumentFile(out.replace(/\.(pdf|docx)$/, '.yaml'));
  const stream = createWriteStream(out);
  if (tool === 'decree-pdf') {
    const { renderPdf } = await import('../src/render/pdf/render-pdf.ts');
    pages = (await renderPdf(composed.model, { fonts: loadFonts(), sources: composed.sources, clock, output: stream })).pageCount;
  } else {
    const { renderDocx } = await import('../src/render/docx/render-docx.ts');
    await renderDocx(composed.model, { fonts: loadFonts(), sources: composed.sources, clock, output: stream });
  }
  stream.end();
  await finished(stream);
} else if (tool === 'html') {
  await writeFile(out, htmlTable(rows));
} else {
  console.error(`unknown tool ${tool}`);
  process.exit(2);
}
console.log(JSON.stringify({ pages, seconds: (performance.now() - started) / 1000, maxRssKb: process.resourceUsage().maxRSS }));

/**
 * The same table drawn with pdfkit the way a pdfkit user writes it, streamed to a file: each cell's text
 * with `doc.text(…, { width })` (pdfkit's own wrapping; the row ends at the lowest `doc.y` its cells
 * left), a new page when fewer than three lines fit, and the grid of each page stroked once when the
 * page is done; header row repeated, page numbers, Bonum embedded.
 * Not measured here: pdfkit 0.20's `doc.table()` (10,000 rows took 633 s and 716 MB on this machine —
 * nobody would ship that), nor measuring every cell with heightOfString and stroking a box per cell (what
 * this case did before: it lays every cell out twice and made pdfkit look about 4× slower than it is).
 */
async function renderWithPdfkit(count: number, file: string): Promise<number> {
  const { default: PDFDocument } = await import('pdfkit');
  const fonts = loadFonts();
  const pt = 72 / 2.54;
  const size = 9;
  const pad = 2;
  const top = 2 * pt;
  const left = 3 * pt;
  const bottom = 33 * pt - 2.5 * pt;
  const width = 21.5 * pt - 5 * pt;
  const total = BENCH_COLUMNS.reduce((s, c) => s + c.width, 0);
  const widths = BENCH_COLUMNS.map((c) => (c.width / total) * width);
  const doc = new PDFDocument({ size: [21.5 * pt, 33 * pt], margins: { top, bottom: 2.5 * pt, left, right: 2 * pt }, autoFirstPage: false, bufferPages: false });
  doc.registerFont('body', Buffer.from(fonts.regular));
  doc.registerFont('bold', Buffer.from(fonts.bold));
  const stream = createWriteStream(file);
  doc.pipe(stream);
  const lineHeight = size * 1.2;
  let page = 0;
  let y = top;
  let lines: number[] = [];

  const row = (cells: readonly string[], font: string): void => {
    doc.font(font).fontSize(size);
    let x = left;
    let end = y;
    cells.forEach((t, i) => {
      doc.text(t, x + pad, y + pad, { width: widths[i]! - 2 * pad });
      end = Math.max(end, doc.y);
      x += widths[i]!;
    });
    y = end + pad;
    lines.push(y);
  };
  const grid = (): void => {
    for (const ly of lines) doc.moveTo(left, ly).lineTo(left + width, ly);
    let x = left;
    for (const w of [0, ...widths]) {
      x += w;
      doc.moveTo(x, top).lineTo(x, y);
    }
    doc.lineWidth(0.5).stroke();
  };
  const newPage = (): void => {
    if (page > 0) grid();
    doc.addPage();
    page++;
    if (page > 1) doc.font('body').fontSize(12).text(`- ${page} -`, left, 1.2 * pt, { width, align: 'center' });
    y = top;
    lines = [top];
    row(BENCH_COLUMNS.map((c) => c.header), 'bold');
  };

  newPage();
  let n = 0;
  for (const r of benchRows(count)) {
    n++;
    if (y + 3 * lineHeight + 2 * pad > bottom) newPage();
    const rec = r as unknown as Record<string, string>;
    row(BENCH_COLUMNS.map((c) => (c.field === '#.' ? `${n}.` : rec[c.field] ?? '')), 'body');
  }
  grid();
  doc.end();
  await finished(stream);
  return page;
}

/** The participant decree's data for N rows: the example YAML with its figures, and the frozen list. */
async function writeDecreeData(count: number, file: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const { parseDocument } = await import('yaml');
  const base = file.replace(/\.(pdf|docx|yaml)$/, '');
  const csv = createWriteStream(`${base}.csv`);
  csv.write('nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kabupaten_kota\n');
  let chunk = '';
  let n = 0;
  for (const r of benchRows(count)) {
    chunk += `${r.nik},${r.noKk},${r.nama},${r.tanggalLahir},${r.jenisKelamin},${r.kabupatenKota}\n`;
    if (++n % 5000 === 0) {
      if (!csv.write(chunk)) await new Promise<void>((resolve) => csv.once('drain', () => resolve()));
      chunk = '';
    }
  }
  csv.end(chunk);
  await finished(csv);
  const doc = parseDocument(await readFile(new URL('../examples/keputusan-peserta-pbpu-ntt.yaml', import.meta.url), 'utf8'));
  // The frozen list pinned by the SHA-256 of its bytes, as approval hands it over; the count, tariff
  // and total are derived from it at compose time.
  const { createHash } = await import('node:crypto');
  const sha256 = createHash('sha256').update(await readFile(`${base}.csv`)).digest('hex');
  doc.setIn(['sumber', 'peserta'], { berkas: `${base.split('/').pop()}.csv`, sha256 });
  await writeFile(`${base}.yaml`, doc.toString());
}

function htmlTable(count: number): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts: string[] = [
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><style>',
    '@page { size: 215mm 330mm; margin: 20mm 20mm 25mm 30mm; } body { font-family: "TeX Gyre Bonum", serif; font-size: 9pt; }',
    'table { border-collapse: collapse; width: 100%; } th, td { border: 0.5pt solid #000; padding: 2pt; } thead { display: table-header-group; } tr { break-inside: avoid; }',
    '</style></head><body><table><thead><tr>',
    ...BENCH_COLUMNS.map((c) => `<th>${c.header}</th>`),
    '</tr></thead><tbody>',
  ];
  let n = 0;
  for (const r of benchRows(count)) {
    n++;
    const rec = r as unknown as Record<string, string>;
    parts.push(`<tr>${BENCH_COLUMNS.map((c) => `<td>${esc(c.field === '#.' ? `${n}.` : rec[c.field] ?? '')}</td>`).join('')}</tr>`);
  }
  parts.push('</tbody></table></body></html>');
  return parts.join('\n');
}
