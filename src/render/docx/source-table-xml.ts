/**
 * Streaming of large source-fed tables into word/document.xml. The docx package builds each such table
 * with its header row and ONE template row whose cells hold placeholder tokens (plus, when the table has
 * an `emptyText`, a row showing it); this module cuts the serialised document.xml at those rows and
 * yields the XML around them with one copy of the template row per record, values XML-escaped, in
 * chunks — so memory stays flat however many records there are.
 *
 * Pure string work; imports the model types and the error type only.
 */
import { AppError } from '../../errors/app-error.ts';
import type { RenderProgress, RowSource, TableColumn } from '../../model/document-model.ts';

/** One source-fed table in the document, in the order the builder met them. */
export interface SourceTableSlot {
  readonly table: number;
  readonly source: string;
  readonly columns: readonly TableColumn[];
  /** The builder put a row showing the table's emptyText right after the template row. */
  readonly hasEmptyRow: boolean;
  /** The last record's row keeps with what follows the table (keep with next on its paragraphs). */
  readonly keepLastRow?: boolean;
  /** Per column: the value as Word should break it (break points, refusal of a value too wide). */
  readonly fit?: readonly ((value: string) => string)[];
}

/** Placeholder text for column `column` of source table `table`: letters, digits and hyphens only, so docx writes it verbatim. */
export function cellToken(table: number, column: number): string {
  return `NASKAH-SRC-${table}-${column}-Q7X`;
}

interface PlannedTable {
  readonly slot: SourceTableSlot;
  /** The template row cut at its tokens: columns.length + 1 pieces. */
  readonly rowPieces: readonly string[];
  /** The row shown when the source has no records, if any. */
  readonly emptyRow?: string;
}

/** document.xml as alternating static text and source tables: segments.length === tables.length + 1. */
export interface DocumentXmlPlan {
  readonly segments: readonly string[];
  readonly tables: readonly PlannedTable[];
}

function internal(message: string): AppError {
  return new AppError('INTERNAL', `Penyusunan tabel sumber DOCX gagal: ${message}. Laporkan ke pengembang naskah.`);
}

function rowStartBefore(xml: string, at: number): number {
  return Math.max(xml.lastIndexOf('<w:tr>', at), xml.lastIndexOf('<w:tr ', at));
}

export function planDocumentXml(xml: string, slots: readonly SourceTableSlot[]): DocumentXmlPlan {
  const located = slots
    .map((slot) => ({ slot, at: xml.indexOf(cellToken(slot.table, 0)) }))
    .sort((a, b) => a.at - b.at);
  const segments: string[] = [];
  const tables: PlannedTable[] = [];
  let cursor = 0;
  for (const { slot, at } of located) {
    if (at < 0) throw internal(`penanda tabel "${slot.source}" tidak ditemukan`);
    const rowStart = rowStartBefore(xml, at);
    if (rowStart < cursor) throw internal(`baris contoh tabel "${slot.source}" tidak ditemukan`);
    const rowPieces: string[] = [];
    let from = rowStart;
    for (let c = 0; c < slot.columns.length; c += 1) {
      const token = cellToken(slot.table, c);
      const hit = xml.indexOf(token, from);
      if (hit < 0) throw internal(`penanda kolom ${c + 1} tabel "${slot.source}" tidak ditemukan`);
      rowPieces.push(xml.slice(from, hit));
      from = hit + token.length;
    }
    const rowEnd = xml.indexOf('</w:tr>', from);
    if (rowEnd < 0) throw internal(`akhir baris contoh tabel "${slot.source}" tidak ditemukan`);
    rowPieces.push(xml.slice(from, rowEnd + '</w:tr>'.length));
    let next = rowEnd + '</w:tr>'.length;
    let emptyRow: string | undefined;
    if (slot.hasEmptyRow) {
      if (!xml.startsWith('<w:tr', next)) throw internal(`baris "kosong" tabel "${slot.source}" tidak ditemukan`);
      const emptyEnd = xml.indexOf('</w:tr>', next) + '</w:tr>'.length;
      emptyRow = xml.slice(next, emptyEnd);
      next = emptyEnd;
    }
    segments.push(xml.slice(cursor, rowStart));
    tables.push({ slot, rowPieces, emptyRow });
    cursor = next;
  }
  segments.push(xml.slice(cursor));
  return { segments, tables };
}

// Characters that need work: markup, line breaks and tabs (become <w:br/>/<w:tab/>), and those XML 1.0
// forbids (control characters, lone surrogates, U+FFFE/U+FFFF), which Word refuses to open.
const NEEDS_WORK = /[&<>"'\t\n\r\u00AD\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const RUN_BREAK = '</w:t><w:br/><w:t xml:space="preserve">';
const RUN_TAB = '</w:t><w:tab/><w:t xml:space="preserve">';
/** A soft hyphen as Word writes it: a break point shown as a hyphen only where the line breaks. */
const RUN_SOFT_HYPHEN = '</w:t><w:softHyphen/><w:t xml:space="preserve">';

const dropForbidden = (ch: string): string => (ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff ? '\uFFFD' : '');

/** Removes characters XML 1.0 forbids (a lone surrogate becomes U+FFFD); the docx package does not. */
export function xmlSafeText(value: string): string {
  return value.replace(FORBIDDEN, dropForbidden);
}

/** Escapes a value for the inside of `<w:t xml:space="preserve">…</w:t>` in a run. */
export function escapeRunText(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  return xmlSafeText(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r\n?|\n/g, RUN_BREAK)
    .replace(/\t/g, RUN_TAB)
    .replace(/\u00ad/g, RUN_SOFT_HYPHEN);
}

function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

const ROWS_PER_CHUNK = 512;

export interface StreamOptions {
  readonly sources: ReadonlyMap<string, RowSource>;
  readonly onProgress?: (p: RenderProgress) => void;
}

/** Yields document.xml in chunks: static segments and the rows of every source table. */
export async function* streamDocumentXml(plan: DocumentXmlPlan, options: StreamOptions): AsyncGenerator<string> {
  const total = sumCounts(plan, options.sources);
  let done = 0;
  for (let t = 0; t < plan.tables.length; t += 1) {
    yield plan.segments[t] ?? '';
    const table = plan.tables[t];
    if (!table) continue;
    const source = options.sources.get(table.slot.source);
    if (!source) throw internal(`sumber "${table.slot.source}" hilang`);
    const fields = table.slot.columns.map((column) => column.field);
    const fit = table.slot.fit;
    const pieces = table.rowPieces;
    let chunk: string[] = [];
    let rows = 0;
    const keepLast = table.slot.keepLastRow === true;
    for await (const record of source.records()) {
      rows += 1;
      let xml = pieces[0] ?? '';
      for (let c = 0; c < fields.length; c += 1) {
        const field = fields[c];
        let value: string;
        if (field === '#') value = String(rows);
        else if (field === '#.') value = `${rows}.`;
        else {
          const raw = field === undefined ? '' : displayValue(record[field]);
          const fitted = fit?.[c];
          value = escapeRunText(fitted ? fitRow(fitted, raw, rows, table.slot.source) : raw);
        }
        xml += value + (pieces[c + 1] ?? '');
      }
      chunk.push(xml);
      // With keepLast, the newest row stays in the chunk: it may be the last.
      if (chunk.length >= ROWS_PER_CHUNK + (keepLast ? 1 : 0)) {
        const held = keepLast ? chunk.pop() : undefined;
        yield chunk.join('');
        done += chunk.length;
        chunk = held !== undefined ? [held] : [];
        options.onProgress?.({ unit: 'rows', done, total });
      }
    }
    if (keepLast && chunk.length > 0) chunk[chunk.length - 1] = keepWithNextRow(chunk[chunk.length - 1]!);
    if (chunk.length > 0) {
      yield chunk.join('');
      done += chunk.length;
      options.onProgress?.({ unit: 'rows', done, total });
    }
    if (rows === 0 && table.emptyRow !== undefined) yield table.emptyRow;
  }
  yield plan.segments[plan.tables.length] ?? '';
}

/** A value fitted to its column; a refusal names the record (as a spreadsheet shows it, header = 1). */
function fitRow(fit: (value: string) => string, value: string, row: number, source: string): string {
  try {
    return fit(value);
  } catch (error) {
    if (error instanceof AppError && error.location.row === undefined) {
      throw new AppError(error.code, `${error.message} (data sumber "${source}" baris ${row + 1})`, { ...error.location, row: row + 1, cause: error, details: error.details });
    }
    throw error;
  }
}

/** A row whose paragraphs keep with the next paragraph (Word keeps the row with what follows). */
function keepWithNextRow(rowXml: string): string {
  return rowXml.replace(/<w:p>/g, '<w:p><w:pPr></w:pPr>').replace(/<w:pPr>/g, '<w:pPr><w:keepNext/>');
}

function sumCounts(plan: DocumentXmlPlan, sources: ReadonlyMap<string, RowSource>): number | undefined {
  let total = 0;
  for (const table of plan.tables) {
    const count = sources.get(table.slot.source)?.count;
    if (count === undefined) return undefined;
    total += count;
  }
  return total;
}
