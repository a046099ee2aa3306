/**
 * Page furniture outside the content box: the page number "- n -" at the top (not on page 1), the
 * continuation marker at the bottom right, and for electronically signed documents the footer text and
 * a vector QR code (filled module rectangles) in the bottom margin. Imports the model, font metrics,
 * the line breaker, the content stream and the qrcode package.
 */
import QRCode from 'qrcode';
import type { ElectronicSignatureMark, PageSetup } from '../../model/document-model.ts';
import type { FontMetrics } from '../font-metrics.ts';
import type { ContentStream } from './content-stream.ts';
import { breakLines, lineText } from '../line-breaker.ts';
import { contentNumber as num } from '../../pdf/pdf-syntax.ts';

const FOOTER_SIZE = 7.5;
const QR_SIZE = 50;
const QR_BOTTOM = 10;

export function drawPageNumber(content: ContentStream, pageIndex: number, page: PageSetup, metrics: FontMetrics): void {
  if (pageIndex === 0) return;
  const text = `- ${pageIndex + 1} -`;
  const size = page.fontSize;
  const w = metrics.widthOf(text, 'regular', size);
  const baseline = page.height - page.margins.top / 2 - 0.3 * size;
  content.text(text, (page.width - w) / 2, baseline, 'regular', size);
}

export function drawContinuationMarker(content: ContentStream, marker: string, page: PageSetup, metrics: FontMetrics): void {
  const size = page.fontSize;
  const w = metrics.widthOf(marker, 'regular', size);
  const baseline = page.margins.bottom - size * page.lineHeight * 0.9;
  content.text(marker, page.width - page.margins.right - w, baseline, 'regular', size);
}

/** Prepares the footer once; the returned function draws it on a page. */
export function signatureFooter(mark: ElectronicSignatureMark, page: PageSetup, metrics: FontMetrics): (content: ContentStream) => void {
  const qr = QRCode.create(mark.verifyUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 1;
  const module = QR_SIZE / (n + 2 * quiet);
  const x0 = page.margins.left;
  const y0 = QR_BOTTOM;
  let ops = '0 g\n';
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.get(row, col)) col++;
      const x = x0 + (quiet + start) * module;
      const y = y0 + QR_SIZE - (quiet + row + 1) * module;
      ops += `${num(x)} ${num(y)} ${num((col - start) * module)} ${num(module)} re\n`;
    }
  }
  ops += 'f\n';
  const textX = x0 + QR_SIZE + 6;
  const box = page.width - page.margins.right - textX;
  const lines = breakLines([{ text: mark.footerText, italic: true }], box, FOOTER_SIZE, metrics).map(lineText);
  const lh = FOOTER_SIZE * 1.2;
  const firstBaseline = y0 + QR_SIZE - 14 - FOOTER_SIZE;
  return (content) => {
    content.rawGraphics(ops);
    lines.forEach((text, i) => content.text(text, textX, firstBaseline - i * lh, 'italic', FOOTER_SIZE));
  };
}
