/**
 * Gives the markup tree its meaning: checks every element and attribute against the documented
 * vocabulary (docs/templates.md) and builds DocumentModel blocks. Generated pieces (diktum labels,
 * signature block, lampiran heading, paraf table) come from the BuildContext the composer hands in.
 * Imports the model types, the markup tree, format helpers and AppError; no I/O.
 */
import type {
  Align,
  Block,
  EmblemImage,
  KopBlock,
  KopLine,
  BlockSpacing,
  LampiranHeadingBlock,
  ParafTableBlock,
  SignatureBlock,
  TableBlock,
  TableCell,
  TableColumn,
  TextRun,
} from '../model/document-model.ts';
import { PT_PER_CM } from '../model/document-model.ts';
import { AppError } from '../errors/app-error.ts';
import { formatNumber, formatRupiah, ordinalDiktum } from '../format/indonesian.ts';
import type { MarkupElement, MarkupNode } from './parse-markup.ts';
import { listMarker } from './list-marker.ts';
import { resolveColumn, type SourceSummary } from './source-summary.ts';

export interface BuildContext {
  /** Template file the markup came from (for error messages). */
  readonly file: string;
  /** Maps a line of the rendered markup (and the offending tag) to a line of the template source. */
  readonly locate: (renderedLine: number, tag?: string) => number;
  /** Diktum counter shared by the whole part (KESATU, KEDUA, …). */
  readonly diktum: { count: number };
  readonly signature: (slot: string, withPlaceDate: boolean, column?: number) => SignatureBlock;
  /** Undefined outside a lampiran. */
  readonly lampiranHeading?: (column?: number) => LampiranHeadingBlock;
  /** Undefined when neither the template nor the data names a paraf chain. */
  readonly paraf?: (title?: string) => ParafTableBlock;
  /**
   * The row sources the document data defines, with their summary (columns, counts, sums); undefined
   * when the sources are not read (a draft's shape being checked).
   */
  readonly sources: ReadonlyMap<string, SourceSummary | undefined>;
  /** The region's lambang daerah (profile kop.lambang), for <kop lambang="kiri">. */
  readonly regionEmblem?: EmblemImage;
  /** The deployment's Garuda, for <kop lambang="atas"> (the default when there is one). */
  readonly emblem?: EmblemImage;
}

const SPACING_ATTRS = ['jarak-sebelum', 'jarak-sesudah', 'lekat'] as const;

/** Allowed attributes per element; an element missing here is unknown. */
const ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  kop: [...SPACING_ATTRS, 'garis', 'lambang'],
  judul: [...SPACING_ATTRS, 'ukuran'],
  p: [...SPACING_ATTRS, 'rata', 'tebal', 'miring', 'garis-bawah', 'indent', 'ukuran'],
  b: [],
  i: [],
  u: [],
  label: [...SPACING_ATTRS, 'teks', 'grup', 'pemisah', 'lebar', 'tebal'],
  daftar: [...SPACING_ATTRS, 'penanda', 'mulai', 'lebar-penanda'],
  butir: ['penanda', 'jarak-sebelum', 'jarak-sesudah', 'lekat'],
  diktum: [...SPACING_ATTRS, 'grup', 'lebar'],
  tabel: [...SPACING_ATTRS, 'sumber', 'ulang-judul', 'ukuran', 'garis', 'kosong', 'total'],
  kolom: ['judul', 'lebar', 'field', 'rata', 'rata-judul', 'total', 'utuh'],
  /** A kop line takes these; a table row takes none (checked where it is read). */
  baris: ['ukuran', 'tebal', 'jarak-sebelum', 'jarak-sesudah'],
  sel: ['rata'],
  ttd: [...SPACING_ATTRS, 'slot', 'tempat-tanggal', 'kolom'],
  'lampiran-kepala': [...SPACING_ATTRS, 'kolom'],
  paraf: [...SPACING_ATTRS, 'judul'],
  jarak: ['baris'],
  'halaman-baru': [],
};

const INLINE = new Set(['b', 'i', 'u']);
const ALIGN: Readonly<Record<string, Align>> = { kiri: 'left', tengah: 'center', kanan: 'right', penuh: 'justify' };

type Style = { bold?: boolean; italic?: boolean; underline?: boolean };

const KOP_RULES: Readonly<Record<string, KopBlock['rule']>> = { tidak: 'none', tunggal: 'single', ganda: 'double' };

/** What a source table's total row shows in a column: the sum, the sum in rupiah, or the row count. */
const TOTAL_KINDS = ['jumlah', 'rupiah', 'banyak'] as const;
type TotalKind = (typeof TOTAL_KINDS)[number];

export function buildBlocks(nodes: readonly MarkupNode[], ctx: BuildContext): Block[] {
  return new Builder(ctx).blocks(nodes, 'justify');
}

class Builder {
  /**
   * How running text is aligned where the markup does not say: justified in the body; inside a table
   * cell as the cell is (ragged-right by default) — one rule per kind of cell, never justified lists
   * next to ragged plain cells in one column.
   */
  private textAlign: Align = 'justify';

  constructor(private readonly ctx: BuildContext) {}

  private fail(message: string, node: MarkupNode, field?: string): never {
    const tag = node.type === 'element' ? node.tag : undefined;
    throw new AppError('MARKUP_INVALID', message, {
      file: this.ctx.file,
      line: this.ctx.locate(node.line, tag),
      field,
      details: { renderedLine: node.line, tag },
    });
  }

  private check(el: MarkupElement): void {
    const allowed = ELEMENTS[el.name];
    if (allowed === undefined) {
      this.fail(`Elemen <${el.name}> tidak dikenal; lihat daftar elemen di docs/templates.md.`, el, el.name);
    }
    for (const attr of Object.keys(el.attrs)) {
      if (!allowed.includes(attr)) {
        const list = allowed.length > 0 ? allowed.join(', ') : 'tidak ada';
        this.fail(`Atribut "${attr}" tidak dikenal pada <${el.name}>; atribut yang boleh: ${list}.`, el, `${el.name}@${attr}`);
      }
    }
  }

  private num(el: MarkupElement, attr: string, fallback?: number): number | undefined {
    const raw = el.attrs[attr];
    if (raw === undefined) return fallback;
    const v = Number(raw.replace(',', '.'));
    if (raw.trim() === '' || !Number.isFinite(v) || v < 0) {
      this.fail(`Atribut ${attr}="${raw}" pada <${el.name}> harus angka tidak negatif.`, el, `${el.name}@${attr}`);
    }
    return v;
  }

  private flag(el: MarkupElement, attr: string): boolean {
    const raw = el.attrs[attr];
    if (raw === undefined) return false;
    if (raw === '' || raw === 'ya' || raw === attr) return true;
    if (raw === 'tidak') return false;
    return this.fail(`Atribut ${attr}="${raw}" pada <${el.name}>: tulis ${attr} saja, atau "ya"/"tidak".`, el, `${el.name}@${attr}`);
  }

  private align(el: MarkupElement, attr: string, fallback: Align): Align {
    const raw = el.attrs[attr];
    if (raw === undefined) return fallback;
    const a = ALIGN[raw];
    if (a === undefined) this.fail(`Atribut ${attr}="${raw}" pada <${el.name}>: pilih kiri, tengah, kanan atau penuh.`, el, `${el.name}@${attr}`);
    return a;
  }

  private spacing(el: MarkupElement): BlockSpacing {
    const out: { spaceBefore?: number; spaceAfter?: number; keepWithNext?: boolean } = {};
    const before = this.num(el, 'jarak-sebelum');
    const after = this.num(el, 'jarak-sesudah');
    if (before !== undefined) out.spaceBefore = before;
    if (after !== undefined) out.spaceAfter = after;
    if (this.flag(el, 'lekat')) out.keepWithNext = true;
    return out;
  }

  /** Inline content: text, <b>, <i>, <u>; whitespace collapsed, trimmed at both ends. */
  runs(nodes: readonly MarkupNode[], style: Style = {}): TextRun[] {
    const raw: TextRun[] = [];
    const walk = (list: readonly MarkupNode[], s: Style): void => {
      for (const node of list) {
        if (node.type === 'text') {
          // Collapse layout whitespace; a no-break space (&nbsp;) stays as written.
          const text = node.text.replace(/[ \t\r\n\f\v]+/g, ' ');
          if (text !== '') raw.push({ text, ...s });
          continue;
        }
        this.check(node);
        if (!INLINE.has(node.name)) {
          this.fail(`Elemen <${node.name}> tidak boleh berada di dalam teks; hanya <b>, <i> dan <u>.`, node, node.name);
        }
        const next: Style = { ...s };
        if (node.name === 'b') next.bold = true;
        if (node.name === 'i') next.italic = true;
        if (node.name === 'u') next.underline = true;
        walk(node.children, next);
      }
    };
    walk(nodes, style);
    return mergeRuns(raw);
  }

  /** Block content: block elements, and runs of inline content become implicit paragraphs. */
  blocks(nodes: readonly MarkupNode[], align: Align): Block[] {
    const out: Block[] = [];
    let pending: MarkupNode[] = [];
    const flush = (): void => {
      const runs = this.runs(pending);
      pending = [];
      if (runs.length > 0) out.push({ kind: 'paragraph', runs, align });
    };
    for (const node of nodes) {
      if (node.type === 'text' || INLINE.has(node.name)) {
        pending.push(node);
        continue;
      }
      flush();
      out.push(...this.block(node));
    }
    flush();
    return out;
  }

  private block(el: MarkupElement): Block[] {
    this.check(el);
    switch (el.name) {
      case 'kop':
        return [this.kop(el)];
      case 'judul': {
        const fontSize = this.num(el, 'ukuran');
        return [
          {
            kind: 'paragraph',
            runs: this.runs(el.children, { bold: true }),
            align: 'center',
            balance: true,
            keepWithNext: true,
            ...this.spacing(el),
            ...(fontSize !== undefined ? { fontSize } : {}),
          },
        ];
      }
      case 'p': {
        const style: Style = {};
        if (this.flag(el, 'tebal')) style.bold = true;
        if (this.flag(el, 'miring')) style.italic = true;
        if (this.flag(el, 'garis-bawah')) style.underline = true;
        const indent = this.num(el, 'indent');
        const fontSize = this.num(el, 'ukuran');
        return [
          {
            kind: 'paragraph',
            runs: this.runs(el.children, style),
            align: this.align(el, 'rata', this.textAlign),
            ...this.spacing(el),
            ...(indent !== undefined ? { indentLeft: indent * PT_PER_CM } : {}),
            ...(fontSize !== undefined ? { fontSize } : {}),
          },
        ];
      }
      case 'label': {
        const teks = el.attrs.teks;
        if (teks === undefined) this.fail('<label> memerlukan atribut teks, mis. <label teks="Menimbang">.', el, 'label@teks');
        const width = this.num(el, 'lebar');
        return [
          {
            kind: 'labeled',
            label: [{ text: teks, ...(this.flag(el, 'tebal') ? { bold: true } : {}) }],
            separator: el.attrs.pemisah ?? ':',
            ...(el.attrs.grup !== undefined ? { group: el.attrs.grup } : {}),
            ...(width !== undefined ? { labelWidth: width * PT_PER_CM } : {}),
            body: this.blocks(el.children, this.textAlign),
            ...this.spacing(el),
          },
        ];
      }
      case 'diktum': {
        this.ctx.diktum.count += 1;
        const width = this.num(el, 'lebar');
        return [
          {
            kind: 'labeled',
            label: [{ text: ordinalDiktum(this.ctx.diktum.count) }],
            separator: ':',
            group: el.attrs.grup ?? 'diktum',
            ...(width !== undefined ? { labelWidth: width * PT_PER_CM } : {}),
            body: this.blocks(el.children, this.textAlign),
            ...this.spacing(el),
          },
        ];
      }
      case 'daftar':
        return [this.list(el)];
      case 'tabel':
        return [this.table(el)];
      case 'ttd': {
        const column = this.num(el, 'kolom');
        const placeDate = el.attrs['tempat-tanggal'] === undefined ? undefined : this.flag(el, 'tempat-tanggal');
        const sig = this.ctx.signature(el.attrs.slot ?? 'penandatangan', placeDate ?? true, column);
        return [{ ...sig, ...this.spacing(el) }];
      }
      case 'lampiran-kepala': {
        if (this.ctx.lampiranHeading === undefined) {
          this.fail('<lampiran-kepala/> hanya boleh dipakai di templat lampiran.', el, 'lampiran-kepala');
        }
        return [{ ...this.ctx.lampiranHeading(this.num(el, 'kolom')), ...this.spacing(el) }];
      }
      case 'paraf': {
        if (this.ctx.paraf === undefined) {
          this.fail('<paraf/> memerlukan rantai paraf: isi "paraf.rantai" di template.yaml atau di data dokumen.', el, 'paraf');
        }
        return [{ ...this.ctx.paraf(el.attrs.judul), ...this.spacing(el) }];
      }
      case 'jarak':
        return [{ kind: 'spacer', lines: this.num(el, 'baris', 1)! }];
      case 'halaman-baru':
        return [{ kind: 'page-break' }];
      default:
        return this.fail(`Elemen <${el.name}> tidak boleh berada di sini.`, el, el.name);
    }
  }

  private kop(el: MarkupElement): KopBlock {
    const lines: KopLine[] = [];
    for (const child of el.children) {
      if (child.type === 'text') {
        if (child.text.trim() !== '') this.fail('Teks di <kop> harus berada di dalam <baris>.', child, 'kop');
        continue;
      }
      this.check(child);
      if (child.name !== 'baris') this.fail(`<kop> hanya berisi <baris>, bukan <${child.name}>.`, child, child.name);
      const fontSize = this.num(child, 'ukuran');
      const before = this.num(child, 'jarak-sebelum');
      const after = this.num(child, 'jarak-sesudah');
      const bold = child.attrs.tebal === undefined ? true : this.flag(child, 'tebal');
      lines.push({
        runs: this.runs(child.children, bold ? { bold: true } : {}),
        ...(fontSize !== undefined ? { fontSize } : {}),
        ...(before !== undefined ? { spaceBefore: before } : {}),
        ...(after !== undefined ? { spaceAfter: after } : {}),
      });
    }
    const garis = el.attrs.garis ?? 'tidak';
    const rule = KOP_RULES[garis];
    if (rule === undefined) this.fail(`garis="${garis}" pada <kop>: pilih tidak, tunggal atau ganda.`, el, 'kop@garis');
    const lambang = el.attrs.lambang ?? 'atas';
    if (lambang !== 'atas' && lambang !== 'kiri' && lambang !== 'tidak') this.fail(`lambang="${lambang}" pada <kop>: pilih atas, kiri atau tidak.`, el, 'kop@lambang');
    if (lambang === 'kiri' && this.ctx.regionEmblem === undefined) {
      this.fail('<kop lambang="kiri"> memerlukan lambang daerah: isi kop.lambang (berkas PNG/JPEG) di profil daerah.', el, 'kop@lambang');
    }
    return {
      kind: 'kop',
      lines,
      rule,
      ...(lambang === 'atas' && this.ctx.emblem ? { emblem: this.ctx.emblem } : {}),
      ...(lambang === 'kiri' && this.ctx.regionEmblem ? { sideEmblem: this.ctx.regionEmblem } : {}),
      ...this.spacing(el),
    };
  }

  private list(el: MarkupElement): Block {
    const pattern = el.attrs.penanda ?? 'a.';
    const start = this.num(el, 'mulai', 1)!;
    const width = this.num(el, 'lebar-penanda');
    const items: { marker: string; body: Block[] }[] = [];
    for (const child of el.children) {
      if (child.type === 'text') {
        if (child.text.trim() !== '') this.fail('Teks di <daftar> harus berada di dalam <butir>.', child, 'daftar');
        continue;
      }
      this.check(child);
      if (child.name !== 'butir') this.fail(`<daftar> hanya berisi <butir>, bukan <${child.name}>.`, child, child.name);
      const n = start + items.length;
      const marker = child.attrs.penanda ?? listMarker(pattern, n);
      if (marker === undefined) {
        this.fail(`penanda="${pattern}" tidak dikenal; pakai a. A. 1. 1) (1) a) (a) i. I. - atau •.`, el, 'daftar@penanda');
      }
      const body = this.blocks(child.children, this.textAlign);
      // Spacing of an item rides on its first and last block.
      const { spaceBefore, spaceAfter, keepWithNext } = this.spacing(child);
      if (body.length > 0 && (spaceBefore !== undefined || spaceAfter !== undefined || keepWithNext)) {
        const first = body[0]!;
        if (spaceBefore !== undefined && first.kind !== 'spacer' && first.kind !== 'page-break') body[0] = { ...first, spaceBefore: (first.spaceBefore ?? 0) + spaceBefore };
        const last = body[body.length - 1]!;
        if (last.kind !== 'spacer' && last.kind !== 'page-break') {
          body[body.length - 1] = { ...last, ...(spaceAfter !== undefined ? { spaceAfter: (last.spaceAfter ?? 0) + spaceAfter } : {}), ...(keepWithNext ? { keepWithNext } : {}) };
        }
      }
      items.push({ marker, body });
    }
    return {
      kind: 'list',
      items,
      ...(width !== undefined ? { markerWidth: width * PT_PER_CM } : {}),
      ...this.spacing(el),
    };
  }

  private table(el: MarkupElement): TableBlock {
    const columns: TableColumn[] = [];
    const totals: (TotalKind | undefined)[] = [];
    const rows: TableCell[][] = [];
    const source = el.attrs.sumber;
    if (source !== undefined && !this.ctx.sources.has(source)) {
      const known = [...this.ctx.sources.keys()].join(', ') || 'belum ada';
      throw new AppError(
        'SOURCE_NOT_FOUND',
        `Tabel memakai sumber "${source}" yang tidak didefinisikan di bagian "sumber:" data dokumen (yang ada: ${known}).`,
        { file: this.ctx.file, line: this.ctx.locate(el.line, el.tag), field: `sumber.${source}` },
      );
    }
    const summary = source !== undefined ? this.ctx.sources.get(source) : undefined;
    for (const child of el.children) {
      if (child.type === 'text') {
        if (child.text.trim() !== '') this.fail('Teks di <tabel> harus berada di dalam <baris><sel>.', child, 'tabel');
        continue;
      }
      this.check(child);
      if (child.name === 'kolom') {
        const judul = child.attrs.judul;
        if (judul === undefined) this.fail('<kolom> memerlukan atribut judul.', child, 'kolom@judul');
        if (source !== undefined && child.attrs.field === undefined) {
          this.fail(`<kolom judul="${judul}"> di tabel bersumber "${source}" memerlukan atribut field.`, child, 'kolom@field');
        }
        const total = child.attrs.total;
        if (total !== undefined && !TOTAL_KINDS.includes(total as TotalKind)) {
          this.fail(`total="${total}" pada <kolom>: pilih ${TOTAL_KINDS.join(', ')}.`, child, 'kolom@total');
        }
        if (total !== undefined && source === undefined) this.fail('total pada <kolom> hanya untuk tabel bersumber (<tabel sumber="…">).', child, 'kolom@total');
        totals.push(total as TotalKind | undefined);
        const align = this.align(child, 'rata', 'left');
        columns.push({
          header: judul,
          width: this.num(child, 'lebar', 1)!,
          align,
          headerAlign: this.align(child, 'rata-judul', 'center'),
          ...(this.flag(child, 'utuh') ? { unbreakable: true } : {}),
          ...(child.attrs.field !== undefined ? { field: this.field(child, child.attrs.field, source, summary) } : {}),
        });
      } else if (child.name === 'baris') {
        if (source !== undefined) this.fail(`Tabel bersumber "${source}" tidak boleh berisi <baris>; barisnya diambil dari data.`, child, 'baris');
        const attr = Object.keys(child.attrs)[0];
        if (attr !== undefined) this.fail(`Atribut "${attr}" tidak dikenal pada <baris> tabel; baris tabel tidak beratribut (atributnya ada di <sel> dan <kolom>).`, child, `baris@${attr}`);
        rows.push(this.row(child, columns));
      } else {
        this.fail(`<tabel> hanya berisi <kolom> dan <baris>, bukan <${child.name}>.`, child, child.name);
      }
    }
    if (columns.length === 0) this.fail('<tabel> memerlukan paling sedikit satu <kolom>.', el, 'tabel');
    for (const [i, row] of rows.entries()) {
      if (row.length !== columns.length) {
        this.fail(`Baris ke-${i + 1} tabel berisi ${row.length} <sel>, padahal ada ${columns.length} <kolom>.`, el, 'baris');
      }
    }
    const garis = el.attrs.garis ?? 'semua';
    if (garis !== 'semua' && garis !== 'tidak') this.fail(`garis="${garis}" pada <tabel>: pilih "semua" atau "tidak".`, el, 'tabel@garis');
    const totalLabel = el.attrs.total;
    if (totalLabel !== undefined && source === undefined) this.fail('total pada <tabel> hanya untuk tabel bersumber; tulis baris jumlahnya sebagai <baris>.', el, 'tabel@total');
    if (totalLabel !== undefined && !totals.some((t) => t !== undefined)) {
      this.fail('<tabel total="…"> memerlukan <kolom … total="jumlah|rupiah|banyak"> yang dijumlahkan.', el, 'tabel@total');
    }
    const fontSize = this.num(el, 'ukuran');
    const totalRow = source !== undefined && totalLabel !== undefined ? this.totalRow(el, totalLabel, columns, totals, summary) : undefined;
    return {
      kind: 'table',
      columns,
      body: source !== undefined ? { kind: 'source', source } : { kind: 'inline', rows },
      repeatHeader: this.flag(el, 'ulang-judul'),
      borders: garis === 'semua' ? 'all' : 'none',
      ...(fontSize !== undefined ? { fontSize } : {}),
      ...(el.attrs.kosong !== undefined ? { emptyText: el.attrs.kosong } : {}),
      ...(totalRow !== undefined ? { totalRow } : {}),
      ...this.spacing(el),
    };
  }

  /**
   * The record key a source table column shows: `field` matched to the source's columns (exactly,
   * ignoring case and punctuation, or by a participant header synonym). A field that names no column
   * is refused here — never a blank column in the output.
   */
  private field(el: MarkupElement, field: string, source: string | undefined, summary: SourceSummary | undefined): string {
    if (field === '#' || field === '#.' || source === undefined || summary === undefined) return field;
    if (summary.columns.length === 0) return field; // an empty list: nothing to show, nothing to check
    const key = resolveColumn(summary.columns, field);
    if (key === undefined) {
      this.fail(
        `<kolom field="${field}">: sumber "${source}" tidak punya kolom itu; kolomnya: ${summary.columns.join(', ')}. Tulis field sesuai header daftarnya (huruf besar/kecil, spasi dan tanda baca diabaikan; lihat docs/templates.md).`,
        el,
        'kolom@field',
      );
    }
    return key;
  }

  /** The cells of a source table's total row, from the source's summary (placeholders when unread). */
  private totalRow(el: MarkupElement, label: string, columns: readonly TableColumn[], totals: readonly (TotalKind | undefined)[], summary: SourceSummary | undefined): string[] {
    // The label sits in the first column without a total that is not the running number (too narrow).
    const free = columns.map((c, i) => (totals[i] === undefined ? i : -1)).filter((i) => i >= 0);
    const labelAt = free.find((i) => columns[i]!.field !== '#' && columns[i]!.field !== '#.') ?? free[0];
    return columns.map((column, i) => {
      const kind = totals[i];
      if (kind === undefined) return i === labelAt ? label : '';
      if (kind === 'banyak') return formatNumber(summary?.count ?? 0);
      if (summary === undefined) return kind === 'rupiah' ? formatRupiah(0) : '0';
      const sum = summary.sum(column.field ?? '');
      if ('error' in sum) this.fail(`total="${kind}" pada <kolom field="${column.field}">: ${sum.error}.`, el, 'kolom@total');
      return kind === 'rupiah' ? formatRupiah(sum.value) : formatNumber(sum.value);
    });
  }

  /** One `<baris>`: a cell without `rata` takes its column's alignment, formatted or not. */
  private row(el: MarkupElement, columns: readonly TableColumn[]): TableCell[] {
    const cells: TableCell[] = [];
    for (const child of el.children) {
      if (child.type === 'text') {
        if (child.text.trim() !== '') this.fail('Teks di <baris> harus berada di dalam <sel>.', child, 'baris');
        continue;
      }
      this.check(child);
      if (child.name !== 'sel') this.fail(`<baris> hanya berisi <sel>, bukan <${child.name}>.`, child, child.name);
      const align = this.align(child, 'rata', columns[cells.length]?.align ?? 'left');
      const outer = this.textAlign;
      this.textAlign = align;
      const blocks = this.blocks(child.children, align);
      this.textAlign = outer;
      const only = blocks[0];
      // Plain unformatted text stays a string: the fast path for renderers.
      if (
        blocks.length === 1 &&
        only?.kind === 'paragraph' &&
        child.attrs.rata === undefined &&
        only.runs.length === 1 &&
        !only.runs[0]!.bold &&
        !only.runs[0]!.italic &&
        !only.runs[0]!.underline
      ) {
        cells.push(only.runs[0]!.text);
      } else if (blocks.length === 0) {
        cells.push('');
      } else {
        cells.push(blocks);
      }
    }
    return cells;
  }
}

/** Trims the ends of a run list and merges neighbours of the same style. */
function mergeRuns(raw: readonly TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  for (const run of raw) {
    const prev = out[out.length - 1];
    if (prev && !!prev.bold === !!run.bold && !!prev.italic === !!run.italic && !!prev.underline === !!run.underline) {
      out[out.length - 1] = { ...prev, text: prev.text + run.text };
    } else {
      out.push(run);
    }
  }
  // Collapse a space at a style boundary ("a <b> b</b>" → one space).
  for (let i = 1; i < out.length; i++) {
    if (out[i - 1]!.text.endsWith(' ') && out[i]!.text.startsWith(' ')) out[i] = { ...out[i]!, text: out[i]!.text.slice(1) };
  }
  if (out.length > 0) {
    out[0] = { ...out[0]!, text: out[0]!.text.replace(/^ +/, '') };
    const last = out.length - 1;
    out[last] = { ...out[last]!, text: out[last]!.text.replace(/ +$/, '') };
  }
  return out.filter((r) => r.text !== '');
}
