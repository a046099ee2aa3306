/**
 * A plain-text reading of a DocumentModel in reading order (one line per paragraph, label, list item,
 * table row, signature line): for tests, golden files and full-text indexing. Source-fed table rows are
 * read from the given row sources. Imports model types only.
 */
import type { Block, DocumentModel, RowSources, TableCell } from '../model/document-model.ts';

function runsText(runs: readonly { readonly text: string }[]): string {
  return runs.map((r) => r.text).join('');
}

function cellText(cell: TableCell): string {
  return typeof cell === 'string' ? cell : blocksText(cell, '').join(' ');
}

function blocksText(blocks: readonly Block[], indent: string): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
        out.push(indent + runsText(b.runs));
        break;
      case 'kop':
        for (const line of b.lines) out.push(indent + runsText(line.runs));
        break;
      case 'labeled': {
        const head = `${runsText(b.label)}${b.separator ? ` ${b.separator}` : ''}`;
        const body = blocksText(b.body, '');
        if (body.length === 0) out.push(indent + head);
        else {
          out.push(`${indent}${head} ${body[0]}`);
          for (const line of body.slice(1)) out.push(`${indent}  ${line}`);
        }
        break;
      }
      case 'list':
        for (const item of b.items) {
          const body = blocksText(item.body, '');
          out.push(`${indent}${item.marker} ${body[0] ?? ''}`.trimEnd());
          for (const line of body.slice(1)) out.push(`${indent}  ${line}`);
        }
        break;
      case 'table':
        out.push(indent + b.columns.map((c) => c.header).join(' | '));
        if (b.body.kind === 'inline') {
          for (const row of b.body.rows) out.push(indent + row.map(cellText).join(' | '));
        } else {
          out.push(`${indent}[sumber: ${b.body.source}]`);
          if (b.totalRow) out.push(indent + b.totalRow.join(' | '));
        }
        break;
      case 'signature':
        for (const l of b.placeDate) out.push(indent + [l.label, l.separator, l.value].filter((s) => s !== '').join(' '));
        for (const h of b.heading) out.push(indent + h);
        out.push(indent + b.name);
        if (b.rank) out.push(indent + b.rank);
        if (b.nip) out.push(indent + b.nip);
        break;
      case 'lampiran-heading':
        for (const l of b.lines) out.push(indent + [l.label, l.separator, l.value].filter((s) => s !== '').join(' '));
        break;
      case 'paraf-table':
        out.push(indent + b.title);
        for (const r of b.rows) out.push(indent + (r.paraf ? `${r.jabatan} | ${r.paraf}` : r.jabatan));
        break;
      case 'spacer':
      case 'page-break':
        break;
    }
  }
  return out;
}

/** The document's text, parts separated by a line "----". */
export function modelToText(model: DocumentModel): string {
  return model.parts.map((p) => blocksText(p.blocks, '').join('\n')).join('\n----\n') + '\n';
}

/** Records of every source-fed table, for tests; async because sources may stream. */
export async function readSource(sources: RowSources, name: string): Promise<Readonly<Record<string, string>>[]> {
  const src = sources.get(name);
  if (!src) return [];
  const out: Readonly<Record<string, string>>[] = [];
  for await (const r of src.records()) out.push(r);
  return out;
}
