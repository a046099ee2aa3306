/**
 * The DOCX renderer: turns a DocumentModel into a Word document a drafter can keep editing, with the
 * same content and structure as the PDF. One section per part (body, each lampiran) on the model's page
 * (F4), page numbers "- n -" centred at the top from page 2 on and running across sections, the
 * electronic-signature footer with its QR code when the document carries one.
 *
 * The docx package builds everything except the rows of source-fed tables; Packer zips that once, and
 * the zip is then rewritten with word/document.xml streamed (source rows generated in chunks) and fixed
 * dates everywhere, so a 100,000-row lampiran costs flat memory and the same model gives the same bytes.
 *
 * Pure: no fs, no network, no wall clock (the caller's `clock` dates the document). May import the
 * model, render/fonts, the docx, qrcode, yauzl and yazl packages and the sibling modules of render/docx.
 */
import { Readable } from 'node:stream';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ISectionOptions,
} from 'docx';
import QRCode from 'qrcode';
import { AppError } from '../../errors/app-error.ts';
import type { DocumentModel, ElectronicSignatureMark, RenderProgress, RowSources } from '../../model/document-model.ts';
import type { FontFiles } from '../fonts.ts';
import { renderPartBlocks, twips, type BuildState } from './docx-blocks.ts';
import { loadFontMetrics } from '../font-metrics.ts';
import { resolveLayout } from '../resolve-layout.ts';
import { rezip } from './rezip-docx.ts';
import { planDocumentXml, streamDocumentXml, xmlSafeText, type SourceTableSlot } from './source-table-xml.ts';
import { createTextMeasure, type TextMeasure } from './text-measure.ts';

export interface DocxRenderOptions {
  readonly fonts: FontFiles;
  readonly sources?: RowSources;
  /** Dates the document (core properties created/modified); never the wall clock. */
  readonly clock: Date;
  readonly onProgress?: (p: RenderProgress) => void;
  /** When given, the DOCX is streamed there (and the stream ended) and `bytes` is undefined. */
  readonly output?: NodeJS.WritableStream;
}

export interface DocxRenderResult {
  readonly bytes?: Uint8Array;
}

/** Distance of the header (page number) and of a plain footer from the paper edge: 1 cm. */
const HEADER_FOOTER_DISTANCE_PT = 72 / 2.54;
/**
 * The electronic-signature footer as the PDF draws it: a 50 pt QR code 10 pt above the paper edge, the
 * text in 7.5 pt italics 6 pt to its right. It fits in the bottom margin, so the body keeps its height.
 */
const QR_SIZE_PT = 50;
const QR_BOTTOM_PT = 10;
const QR_TEXT_GAP_PT = 6;
const FOOTER_FONT_PT = 7.5;

export async function renderDocx(model: DocumentModel, options: DocxRenderOptions): Promise<DocxRenderResult> {
  checkModel(model, options.sources);
  const qr = model.electronicSignature ? await qrPng(model.electronicSignature.verifyUrl) : undefined;
  const metrics = loadFontMetrics(options.fonts);
  const state: BuildState = {
    page: model.page,
    measure: createTextMeasure(options.fonts),
    metrics,
    // The layout decisions the PDF renderer reads too: label and column widths, keep rules, titles.
    layout: resolveLayout(model, metrics),
    sourceSlots: [],
    nextDrawingId: 0,
    pendingBreak: false,
    keepAll: false,
  };

  const sections: ISectionOptions[] = model.parts.map((part, index) => {
    state.pendingBreak = false;
    const children = renderPartBlocks(part.blocks, state, state.layout.part(part));
    const titlePage = part.kind === 'body';
    const footer = (): Footer | undefined =>
      model.electronicSignature && qr ? signatureFooter(model.electronicSignature, qr, model, state) : undefined;
    const defaultFooter = footer();
    const firstFooter = titlePage ? footer() : undefined;
    return {
      properties: {
        type: index === 0 ? undefined : SectionType.NEXT_PAGE,
        titlePage: titlePage || undefined,
        page: {
          size: { width: twips(model.page.width), height: twips(model.page.height), orientation: PageOrientation.PORTRAIT },
          margin: {
            top: twips(model.page.margins.top),
            bottom: twips(model.page.margins.bottom),
            left: twips(model.page.margins.left),
            right: twips(model.page.margins.right),
            header: twips(HEADER_FOOTER_DISTANCE_PT),
            footer: twips(model.electronicSignature ? QR_BOTTOM_PT : HEADER_FOOTER_DISTANCE_PT),
          },
        },
      },
      headers: {
        default: pageNumberHeader(),
        ...(titlePage ? { first: new Header({ children: [new Paragraph({ children: [] })] }) } : {}),
      },
      footers: defaultFooter
        ? { default: defaultFooter, ...(firstFooter ? { first: firstFooter } : {}) }
        : undefined,
      children: children.length > 0 ? children : [new Paragraph({ children: [] })],
    };
  });

  const family = options.fonts.familyName;
  const document = new Document({
    creator: 'naskah',
    lastModifiedBy: 'naskah',
    title: model.meta.number ? `${model.meta.title} NOMOR ${model.meta.number}` : model.meta.title,
    subject: model.meta.tentang,
    description: model.meta.kind,
    revision: 1,
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: family, hAnsi: family, eastAsia: family, cs: family },
            size: Math.round(model.page.fontSize * 2),
            language: { value: 'id-ID', eastAsia: 'id-ID', bidirectional: 'ar-SA' },
          },
          paragraph: {
            alignment: AlignmentType.JUSTIFIED,
            // The PDF sets lines `lineHeight` × the font size apart; Word's "auto" spacing multiplies the
            // font's own (taller) line height instead, so divide it out to get the same line pitch.
            spacing: { before: 0, after: 0, line: autoLine(model.page.lineHeight, state.measure), lineRule: LineRuleType.AUTO },
          },
        },
      },
    },
    sections,
  });

  const packed = await Packer.toBuffer(document);
  const slots: readonly SourceTableSlot[] = state.sourceSlots;
  const created = isoSeconds(options.clock);
  const bytes = await rezip(
    packed,
    (name, data) => {
      if (name === 'docProps/core.xml') return Buffer.from(fixCoreDates(data.toString('utf8'), created), 'utf8');
      if (name === 'word/fontTable.xml') return Buffer.from(withFontEntry(data.toString('utf8'), family), 'utf8');
      if (name === 'word/document.xml' && slots.length > 0) {
        const plan = planDocumentXml(data.toString('utf8'), slots);
        return Readable.from(streamDocumentXml(plan, { sources: options.sources ?? new Map(), onProgress: options.onProgress }), {
          objectMode: false,
        });
      }
      return undefined;
    },
    options.output,
  );
  return { bytes };
}

/** Every problem with the model's source references at once, before any work is done. */
function checkModel(model: DocumentModel, sources: RowSources | undefined): void {
  if (model.parts.length === 0) {
    throw new AppError('DOCUMENT_INVALID', 'Dokumen tidak memiliki bagian (batang tubuh atau lampiran); periksa templat dokumen.');
  }
  const missing = new Set<string>();
  const visit = (blocks: readonly import('../../model/document-model.ts').Block[]): void => {
    for (const block of blocks) {
      if (block.kind === 'table') {
        if (block.body.kind === 'source' && !sources?.has(block.body.source)) missing.add(block.body.source);
        if (block.body.kind === 'inline') {
          for (const row of block.body.rows) for (const cell of row) if (typeof cell !== 'string') visit(cell);
        }
      } else if (block.kind === 'labeled') visit(block.body);
      else if (block.kind === 'list') for (const item of block.items) visit(item.body);
    }
  };
  for (const part of model.parts) visit(part.blocks);
  if (missing.size > 0) {
    const names = [...missing].map((n) => `"${n}"`).join(', ');
    throw new AppError(
      'SOURCE_NOT_FOUND',
      `Data tabel ${names} tidak diberikan; sertakan sumber dengan nama itu (mis. daftar peserta yang disetujui) atau perbaiki atribut sumber pada <tabel> di templat.`,
      { details: { missing: [...missing] } },
    );
  }
}

/** Word "auto" line spacing (240 = single) that gives a baseline-to-baseline distance of lineHeight em. */
export function autoLine(lineHeight: number, measure: TextMeasure): number {
  return Math.round((240 * lineHeight) / measure.naturalLineHeight);
}

function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'] })],
      }),
    ],
  });
}

function signatureFooter(mark: ElectronicSignatureMark, qr: Buffer, model: DocumentModel, state: BuildState): Footer {
  const content = model.page.width - model.page.margins.left - model.page.margins.right;
  const qrColumn = QR_SIZE_PT + QR_TEXT_GAP_PT;
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
  state.nextDrawingId += 1;
  const px = Math.round(QR_SIZE_PT * (96 / 72));
  const image = new ImageRun({
    type: 'png',
    data: qr,
    transformation: { width: px, height: px },
    altText: { id: String(state.nextDrawingId), name: 'QR verifikasi', description: mark.verifyUrl, title: 'QR verifikasi' },
  });
  return new Footer({
    children: [
      new Table({
        width: { size: twips(content), type: WidthType.DXA },
        columnWidths: [twips(qrColumn), twips(content - qrColumn)],
        layout: TableLayoutType.FIXED,
        borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
        rows: [
          new TableRow({
            cantSplit: true,
            children: [
              new TableCell({
                width: { size: twips(qrColumn), type: WidthType.DXA },
                verticalAlign: VerticalAlignTable.CENTER,
                // Single spacing: a line-spacing multiple under 1 clips pictures in Word.
                children: [
                  new Paragraph({ alignment: AlignmentType.LEFT, spacing: { line: 240, lineRule: LineRuleType.AUTO }, children: [image] }),
                ],
              }),
              new TableCell({
                width: { size: twips(content - qrColumn), type: WidthType.DXA },
                verticalAlign: VerticalAlignTable.CENTER,
                children: [
                  new Paragraph({
                    alignment: AlignmentType.LEFT,
                    children: [new TextRun({ text: xmlSafeText(mark.footerText), size: Math.round(FOOTER_FONT_PT * 2), italics: true })],
                  }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

async function qrPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
}

function isoSeconds(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new AppError('USAGE', 'Waktu dokumen (clock) tidak sah; berikan tanggal yang valid.');
  }
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * TeX Gyre Bonum is the libre clone of Bookman Old Style, which most Word installations have: the font
 * table names it as the alternative, so a drafter without Bonum sees Bookman rather than a default serif.
 */
const ALTERNATIVE_FONTS: Readonly<Record<string, string>> = { 'TeX Gyre Bonum': 'Bookman Old Style' };

function escapeAttribute(value: string): string {
  return xmlSafeText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function withFontEntry(xml: string, family: string): string {
  const alt = ALTERNATIVE_FONTS[family];
  const entry =
    `<w:font w:name="${escapeAttribute(family)}">` +
    (alt ? `<w:altName w:val="${escapeAttribute(alt)}"/>` : '') +
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>';
  if (/<w:fonts\b[^>]*\/>/.test(xml)) return xml.replace(/<w:fonts\b([^>]*)\/>/, (_m, attrs: string) => `<w:fonts${attrs}>${entry}</w:fonts>`);
  return xml.replace('</w:fonts>', `${entry}</w:fonts>`);
}

function fixCoreDates(xml: string, iso: string): string {
  return xml.replace(
    /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
    (_m, open: string, _name: string, close: string) => `${open}${iso}${close}`,
  );
}
