/**
 * The document model: one readonly, declarative tree that both renderers (PDF and DOCX) consume, so
 * their content cannot differ. Compose (templates → model) produces it; render/pdf and render/docx read
 * it. Pure types and a few constants; imports nothing from the project.
 *
 * Units: every length is in PDF points (1 pt = 1/72 in; 1 cm = 28.3465 pt) unless a field says otherwise.
 */

export const PT_PER_CM = 72 / 2.54;
export const cm = (value: number): number => value * PT_PER_CM;

/** F4 (folio) 215 × 330 mm. */
export const F4 = { width: cm(21.5), height: cm(33) } as const;

export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly underline?: boolean;
}

export interface BlockSpacing {
  /** Extra space before the block, in lines of the body font (1 = one line height). */
  readonly spaceBefore?: number;
  /** Extra space after the block, in lines of the body font. */
  readonly spaceAfter?: number;
  /** Keep on the same page as the next block (titles, "MEMUTUSKAN :"). */
  readonly keepWithNext?: boolean;
}

export interface ParagraphBlock extends BlockSpacing {
  readonly kind: 'paragraph';
  readonly runs: readonly TextRun[];
  readonly align: Align;
  /** Left indent from the containing box, pt. */
  readonly indentLeft?: number;
  /** Font size in pt; the page's body size when absent. */
  readonly fontSize?: number;
  /** Lines of even width (titles): no stranded word, the fewest lines at the narrowest width. */
  readonly balance?: boolean;
}

/**
 * A row of label column | separator | body, e.g. "Menimbang : <list>", "KESATU : <text>",
 * "Kepada : <text>". Labels of one `group` in one part share a column width: the given `labelWidth`,
 * or when absent the widest label of the group plus a small gap (the renderer measures it).
 */
export interface LabeledBlock extends BlockSpacing {
  readonly kind: 'labeled';
  readonly label: readonly TextRun[];
  /** Usually ":"; "" for none. Drawn in its own narrow column after the label column. */
  readonly separator: string;
  readonly labelWidth?: number;
  readonly group?: string;
  readonly body: readonly Block[];
}

/** A list with a hanging marker column: "a." / "1." / "1)" followed by blocks (nested lists allowed). */
export interface ListBlock extends BlockSpacing {
  readonly kind: 'list';
  /** Width of the marker column, pt; the widest marker plus a gap when absent. */
  readonly markerWidth?: number;
  readonly items: readonly ListItem[];
}

export interface ListItem {
  readonly marker: string;
  readonly body: readonly Block[];
}

export interface TableColumn {
  readonly header: string;
  /** Relative weight; the renderer scales all columns to the content width. */
  readonly width: number;
  readonly align: Align;
  readonly headerAlign?: Align;
  /**
   * For tables fed by a row source: the record key this column shows. Two special keys:
   * "#" gives the running row number ("1"), "#." gives it with a period ("1.").
   */
  readonly field?: string;
  /**
   * Every token of the column's cells stays whole (NIK, codes): a value too wide for the column is
   * refused, naming the column and the width needed. Tokens holding a digit stay whole in any column.
   */
  readonly unbreakable?: boolean;
}

/** A cell: plain text (the fast path for large tables) or blocks (lists inside a cell). */
export type TableCell = string | readonly Block[];

export type TableBody =
  | { readonly kind: 'inline'; readonly rows: readonly (readonly TableCell[])[] }
  | { readonly kind: 'source'; readonly source: string };

export interface TableBlock extends BlockSpacing {
  readonly kind: 'table';
  readonly columns: readonly TableColumn[];
  readonly body: TableBody;
  /** The header row is repeated at the top of every page the table continues on. */
  readonly repeatHeader: boolean;
  /** Font size of the table text, pt; the page's body size when absent. */
  readonly fontSize?: number;
  readonly borders: 'all' | 'none';
  /** Shown instead of rows when the body is empty (e.g. "Tidak ada data"). */
  readonly emptyText?: string;
  /** A last row after a source's records (bold), one display string per column: "JUMLAH", sums, counts. */
  readonly totalRow?: readonly string[];
}

/**
 * Kop (letterhead) on page 1 of the body (Permendagri 1/2023): centred lines, the Garuda above them
 * (a kepala daerah's kop) or the lambang daerah at their left (a perangkat daerah's), and a rule under
 * them (single, or thick-thin double).
 */
export interface KopBlock extends BlockSpacing {
  readonly kind: 'kop';
  /** Drawn centred above the lines (the Garuda the deployment supplies). */
  readonly emblem?: EmblemImage;
  /** Drawn left of the lines, which centre in the room right of it (the region's lambang daerah). */
  readonly sideEmblem?: EmblemImage;
  readonly rule: 'none' | 'single' | 'double';
  readonly lines: readonly KopLine[];
}

export interface KopLine {
  readonly runs: readonly TextRun[];
  /** pt; the body size + 2 when absent. */
  readonly fontSize?: number;
  /** Space before / after the line, in lines of the body font. */
  readonly spaceBefore?: number;
  readonly spaceAfter?: number;
}

/** Font size of kop lines that set none: the body size plus this, pt. */
export const KOP_SIZE_INCREASE = 2;

export interface EmblemImage {
  /** PNG or JPEG bytes, supplied by the deployment. */
  readonly data: Uint8Array;
  readonly format: 'png' | 'jpeg';
  /** Drawn width in pt; height follows the aspect ratio. */
  readonly width: number;
}

/**
 * The signer block, placed in the right-hand column. In the body it starts with the place/date lines
 * ("Ditetapkan di Kupang" / "pada tanggal 24 Maret 2025"); lampiran repeat it without them.
 */
export interface SignatureBlock extends BlockSpacing {
  readonly kind: 'signature';
  /** Lines above the signature space: "Ditetapkan di Kupang", "pada tanggal ...". May be empty. */
  readonly placeDate: readonly LabeledLine[];
  /** "a.n. GUBERNUR NUSA TENGGARA TIMUR", "SEKRETARIS DAERAH," */
  readonly heading: readonly string[];
  /** Name in capitals without academic titles. */
  readonly name: string;
  /** Rank line and NIP line for officials who carry them (not kepala daerah, not Plt./Plh.). */
  readonly rank?: string;
  readonly nip?: string;
  /** Identifies the space left for the signature; the PDF renderer reports its rectangle. */
  readonly slot: string;
  /** Left edge of the block as a fraction of the content width (default 0.5). */
  readonly column?: number;
}

export interface LabeledLine {
  readonly label: string;
  readonly separator: string;
  readonly value: string;
}

/** Lampiran heading at the top right: LAMPIRAN I / KEPUTUSAN ... / NOMOR : ... / TANGGAL : ... / TENTANG : ... */
export interface LampiranHeadingBlock extends BlockSpacing {
  readonly kind: 'lampiran-heading';
  readonly lines: readonly LabeledLine[];
  /** Left edge as a fraction of the content width (default 0.45). */
  readonly column?: number;
}

/** Paraf hierarki table: jabatan | paraf, top row the highest official as in the seed. */
export interface ParafTableBlock extends BlockSpacing {
  readonly kind: 'paraf-table';
  readonly title: string;
  readonly rows: readonly ParafRow[];
}

export interface ParafRow {
  readonly jabatan: string;
  /** What the paraf cell shows once given (e.g. initials and date); empty while pending. */
  readonly paraf?: string;
}

export interface SpacerBlock {
  readonly kind: 'spacer';
  /** Height in lines of the body font. */
  readonly lines: number;
}

export interface PageBreakBlock {
  readonly kind: 'page-break';
}

export type Block =
  | ParagraphBlock
  | LabeledBlock
  | ListBlock
  | TableBlock
  | KopBlock
  | SignatureBlock
  | LampiranHeadingBlock
  | ParafTableBlock
  | SpacerBlock
  | PageBreakBlock;

export type BlockKind = Block['kind'];

/** A part starts on a new page: the body, then each lampiran. Page numbers run on across parts. */
export interface DocumentPart {
  readonly kind: 'body' | 'lampiran';
  /** "batang-tubuh", "lampiran-1", ... */
  readonly id: string;
  readonly blocks: readonly Block[];
}

export interface PageSetup {
  readonly width: number;
  readonly height: number;
  readonly margins: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  /** Body font size, pt (12). */
  readonly fontSize: number;
  /** Line height as a multiple of the font size (e.g. 1.15). */
  readonly lineHeight: number;
}

export const DEFAULT_PAGE: PageSetup = {
  width: F4.width,
  height: F4.height,
  margins: { top: cm(2), bottom: cm(2.5), left: cm(3), right: cm(2) },
  fontSize: 12,
  lineHeight: 1.15,
};

/** Present on documents signed electronically: footer on every page and the verification QR code. */
export interface ElectronicSignatureMark {
  /** "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh ..." */
  readonly footerText: string;
  /** URL the QR code opens (this system's public verification page for the document). */
  readonly verifyUrl: string;
}

export interface DocumentMeta {
  /** Template kind, e.g. "keputusan-kepala-daerah". */
  readonly kind: string;
  readonly family: 'keputusan' | 'instruksi' | string;
  /** "KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR" */
  readonly title: string;
  /** Assigned at signing; drafts show a placeholder. */
  readonly number?: string;
  /** ISO date (YYYY-MM-DD) of penetapan; absent in drafts. */
  readonly date?: string;
  readonly place?: string;
  readonly tentang: string;
  /** Display name of the issuing region ("Provinsi Nusa Tenggara Timur"). */
  readonly region?: string;
  /** Region profile id ("prov-ntt"). */
  readonly regionId?: string;
  readonly signerName?: string;
  /** Document language, for PDF/DOCX metadata. */
  readonly language: 'id';
}

export interface DocumentModel {
  readonly meta: DocumentMeta;
  readonly page: PageSetup;
  readonly parts: readonly DocumentPart[];
  readonly electronicSignature?: ElectronicSignatureMark;
}

/** Records that feed a `{ kind: 'source' }` table; values are display strings already. */
export interface RowSource {
  /** Number of records when known in advance (for progress and page estimates). */
  readonly count?: number;
  records(): Iterable<Readonly<Record<string, string>>> | AsyncIterable<Readonly<Record<string, string>>>;
}

export type RowSources = ReadonlyMap<string, RowSource>;

/** Progress of a long render: rows or pages done, total when known. */
export interface RenderProgress {
  readonly unit: 'rows' | 'pages';
  readonly done: number;
  readonly total?: number;
}
