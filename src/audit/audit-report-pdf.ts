/**
 * The audit report of one document as a PDF an archivist can read: identity block, the verdict on the
 * chain, and a table of events (time, actor, event, description, version and event hash prefixes),
 * header repeated on each page. Pure: report + font bytes in, PDF bytes out (dates from the report, no
 * clock). Fonts embedded as subsets. Imports: pdf-lib, fontkit, render/fonts (types), audit report types.
 */
import * as fontkit from 'fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { FontFiles } from '../render/fonts.ts';
import type { AuditReport, AuditReportEvent } from './build-audit-report.ts';

const PAGE = { width: 609.45, height: 935.43 } as const; // F4
const MARGIN = { left: 50, right: 40, top: 50, bottom: 50 } as const;
const SIZE = 8;
const LEADING = 10;

const COLUMNS = [
  { title: 'No', width: 26 },
  { title: 'Waktu (UTC)', width: 78 },
  { title: 'Pelaku', width: 66 },
  { title: 'Peristiwa', width: 74 },
  { title: 'Keterangan', width: 150 },
  { title: 'Hash versi', width: 62 },
  { title: 'Hash peristiwa', width: 62 },
] as const;

const ACTION_LABEL: Record<string, string> = {
  'document.drafted': 'Konsep dibuat',
  'document.submitted': 'Diajukan untuk paraf',
  'paraf.given': 'Paraf diberikan',
  'document.returned': 'Dikembalikan ke perancang',
  'document.revised': 'Direvisi (versi baru)',
  'document.signed': 'Ditandatangani',
  'document.issued': 'Diterbitkan',
  'document.revoked': 'Dicabut',
};

const STATE_LABEL: Record<string, string> = {
  draft: 'konsep',
  in_paraf: 'dalam paraf',
  returned: 'dikembalikan',
  ready_to_sign: 'siap ditandatangani',
  signed: 'ditandatangani',
};

export async function renderAuditReportPdf(report: AuditReport, fonts: FontFiles): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(FONTKIT_FOR_PDF_LIB);
  const regular = await pdf.embedFont(fonts.regular, { subset: true });
  const bold = await pdf.embedFont(fonts.bold, { subset: true });
  const generated = new Date(report.generatedAt);
  pdf.setTitle(`Laporan jejak audit ${report.document.id}`);
  pdf.setCreator('naskah');
  pdf.setProducer('naskah');
  pdf.setCreationDate(generated);
  pdf.setModificationDate(generated);

  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN.top;
  const width = PAGE.width - MARGIN.left - MARGIN.right;

  const line = (text: string, font: PDFFont, size: number, x = MARGIN.left): void => {
    for (const part of wrap(text, font, size, width - (x - MARGIN.left))) {
      page.drawText(part, { x, y, size, font });
      y -= size * 1.35;
    }
  };

  line('LAPORAN JEJAK AUDIT DOKUMEN', bold, 13);
  y -= 4;
  const d = report.document;
  const identity: [string, string][] = [
    ['Id dokumen', d.id],
    ['Jenis', d.kind],
    ['Tentang', d.tentang],
    ['Nomor', d.number ?? '(belum bernomor)'],
    ['Status', STATE_LABEL[d.state] ?? d.state],
    ['Hash isi terkini', d.currentContentHash ?? '-'],
    ['Dibuat pada', `${report.generatedAt.replace('T', ' ').slice(0, 19)} UTC`],
  ];
  for (const [label, value] of identity) {
    page.drawText(`${label}`, { x: MARGIN.left, y, size: 9, font: bold });
    const lines = wrap(value, regular, 9, width - 100);
    for (const l of lines) {
      page.drawText(l, { x: MARGIN.left + 100, y, size: 9, font: regular });
      y -= 12;
    }
  }
  y -= 4;
  const c = report.chain;
  const verdict = c.ok
    ? `Rantai hash audit UTUH: ${c.count} peristiwa diperiksa ulang, hash terakhir ${c.headHash.slice(0, 16)}…`
    : `Rantai hash audit RUSAK pada peristiwa ${c.brokenAt} (${c.reason}): ${c.message}`;
  line(verdict, bold, 9);
  y -= 2;
  line(`Versi: ${report.versions.map((v) => `${v.versionNo} (${v.contentHash.slice(0, 12)}…, ${v.createdBy})`).join('; ') || '-'}`, regular, 9);
  y -= 8;

  const drawHeader = (): void => {
    let x = MARGIN.left;
    const h = LEADING + 4;
    page.drawRectangle({ x: MARGIN.left, y: y - h + LEADING - 1, width, height: h, color: rgb(0.9, 0.9, 0.9) });
    for (const col of COLUMNS) {
      page.drawText(col.title, { x: x + 2, y, size: SIZE, font: bold });
      x += col.width;
    }
    y -= h;
  };
  drawHeader();

  for (const event of report.events) {
    const cells = eventCells(event).map((text, i) => wrap(text, regular, SIZE, COLUMNS[i]!.width - 4));
    const rowLines = Math.max(...cells.map((c2) => c2.length));
    const rowHeight = rowLines * LEADING + 3;
    if (y - rowHeight < MARGIN.bottom) {
      page = newPage(pdf);
      y = PAGE.height - MARGIN.top;
      drawHeader();
    }
    let x = MARGIN.left;
    cells.forEach((lines, i) => {
      lines.forEach((text, k) => page.drawText(text, { x: x + 2, y: y - k * LEADING, size: SIZE, font: regular }));
      x += COLUMNS[i]!.width;
    });
    page.drawLine({ start: { x: MARGIN.left, y: y - rowHeight + LEADING - 1 }, end: { x: MARGIN.left + width, y: y - rowHeight + LEADING - 1 }, thickness: 0.3, color: rgb(0.6, 0.6, 0.6) });
    y -= rowHeight;
  }
  if (report.events.length === 0) line('(tidak ada peristiwa tercatat untuk dokumen ini)', regular, 9);

  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const text = `Halaman ${i + 1} dari ${pages.length}`;
    p.drawText(text, { x: PAGE.width - MARGIN.right - regular.widthOfTextAtSize(text, 8), y: 25, size: 8, font: regular });
  });
  return pdf.save({ useObjectStreams: false });
}

/**
 * fontkit 2 for pdf-lib: pdf-lib calls the fontkit-1 `subset.encodeStream()`, fontkit 2 has `encode()`
 * (and, unlike @pdf-lib/fontkit 1.1.1, writes a valid CFF subset of TeX Gyre Bonum; see
 * /work/shared/notes/performance.md). This adds the one missing method.
 */
const FONTKIT_FOR_PDF_LIB = {
  create(data: Uint8Array, postscriptName?: string) {
    const font = fontkit.create(data, postscriptName);
    const createSubset = font.createSubset.bind(font);
    Object.assign(font, {
      createSubset() {
        const subset = createSubset();
        return Object.assign(subset, {
          encodeStream() {
            const handlers: Record<string, (arg?: unknown) => void> = {};
            const emitter = {
              on(event: string, handler: (arg?: unknown) => void) {
                handlers[event] = handler;
                return emitter;
              },
            };
            setImmediate(() => {
              try {
                handlers.data?.(subset.encode());
                handlers.end?.();
              } catch (error) {
                handlers.error?.(error);
              }
            });
            return emitter;
          },
        });
      },
    });
    return font;
  },
} as unknown as Parameters<PDFDocument['registerFontkit']>[0];

function newPage(pdf: PDFDocument): PDFPage {
  return pdf.addPage([PAGE.width, PAGE.height]);
}

function eventCells(e: AuditReportEvent): string[] {
  return [String(e.seq), e.at.replace('T', ' ').slice(0, 19), e.actor, ACTION_LABEL[e.action] ?? e.action, describe(e), e.versionHash ? `${e.versionHash.slice(0, 10)}…` : '-', `${e.hash.slice(0, 10)}…`];
}

function describe(e: AuditReportEvent): string {
  const d = (typeof e.details === 'object' && e.details !== null ? e.details : {}) as Record<string, unknown>;
  const via = d.via === 'plt' ? ' (oleh Plt.)' : d.via === 'plh' ? ' (oleh Plh.)' : '';
  switch (e.action) {
    case 'document.drafted':
      return `Versi ${String(d.versionNo ?? 1)}, jenis ${String(d.kind ?? '')}`;
    case 'document.submitted': {
      const chain = Array.isArray(d.chain) ? (d.chain as { position?: number; jabatan?: string }[]) : [];
      return `Rantai paraf: ${chain.map((s) => `${s.position}. ${s.jabatan}`).join('; ')}`;
    }
    case 'paraf.given':
      return `Urutan ${String(d.position)}: ${String(d.jabatan ?? '')}${via}${d.to === 'ready_to_sign' ? '; siap ditandatangani' : ''}`;
    case 'document.returned':
      return `Urutan ${String(d.position)}: ${String(d.jabatan ?? '')}${via}. Catatan: ${String(d.note ?? '')}`;
    case 'document.revised':
      return `Versi ${String(d.versionNo)}; rantai paraf dimulai ulang`;
    default:
      return Object.keys(d).length > 0 ? JSON.stringify(d).slice(0, 200) : '';
  }
}

/** Greedy word wrap; a word wider than the column (a hash, a long id) is broken by characters. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  let current = '';
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= maxWidth;
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = '';
    let rest = word;
    while (!fits(rest)) {
      let n = rest.length - 1;
      while (n > 1 && !fits(rest.slice(0, n))) n--;
      out.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    current = rest;
  }
  if (current !== '' || out.length === 0) out.push(current);
  return out;
}
