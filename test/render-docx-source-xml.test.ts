import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors/app-error.ts';
import type { RenderProgress, RowSource, TableColumn } from '../src/model/document-model.ts';
import {
  cellToken,
  escapeRunText,
  planDocumentXml,
  streamDocumentXml,
  type SourceTableSlot,
} from '../src/render/docx/source-table-xml.ts';

const columns: TableColumn[] = [
  { header: 'NO', width: 1, align: 'center', field: '#.' },
  { header: 'NAMA', width: 3, align: 'left', field: 'nama' },
];

function row(table: number, n: number): string {
  return `<w:tr><w:tc>${Array.from({ length: n }, (_, c) => `<w:p><w:r><w:t xml:space="preserve">${cellToken(table, c)}</w:t></w:r></w:p>`).join('</w:tc><w:tc>')}</w:tc></w:tr>`;
}

const slot = (table: number, source: string, hasEmptyRow = false): SourceTableSlot => ({ table, source, columns, hasEmptyRow });

async function collect(gen: AsyncGenerator<string>): Promise<string> {
  let s = '';
  for await (const chunk of gen) s += chunk;
  return s;
}

describe('escapeRunText', () => {
  it('escapes markup and quotes, keeps other text as it is', () => {
    expect(escapeRunText(`a & b <c> "d" 'e'`)).toBe('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(escapeRunText('Désa Ñusa 😀')).toBe('Désa Ñusa 😀');
  });

  it('turns CR LF, LF and tabs into Word breaks and tabs, drops control characters, replaces lone surrogates', () => {
    expect(escapeRunText('a\r\nb\nc\td')).toBe(
      'a</w:t><w:br/><w:t xml:space="preserve">b</w:t><w:br/><w:t xml:space="preserve">c</w:t><w:tab/><w:t xml:space="preserve">d',
    );
    expect(escapeRunText('x\u0000\u0007\u001Fy')).toBe('xy');
    expect(escapeRunText('lone \uD800 high, lone \uDC00 low')).toBe('lone \uFFFD high, lone \uFFFD low');
  });
});

describe('planDocumentXml and streamDocumentXml', () => {
  it('repeats the template row once per record between the text before and after each table, in document order', async () => {
    const xml = `<body><p>A</p><w:tbl><w:tr><w:tc>H</w:tc></w:tr>${row(1, 2)}</w:tbl><p>B</p><w:tbl>${row(0, 2)}</w:tbl><p>C</p></body>`;
    // Slots listed out of document order: the plan follows the XML.
    const plan = planDocumentXml(xml, [slot(0, 'kedua'), slot(1, 'pertama')]);
    expect(plan.tables.map((t) => t.slot.source)).toEqual(['pertama', 'kedua']);
    const sources = new Map<string, RowSource>([
      ['pertama', { count: 2, records: () => [{ nama: 'Ani' }, { nama: 'B&B' }] }],
      ['kedua', { records: () => [{ nama: 'Cici' }] }],
    ]);
    const progress: RenderProgress[] = [];
    const out = await collect(streamDocumentXml(plan, { sources, onProgress: (p) => progress.push(p) }));
    const texts = [...out.matchAll(/<w:t xml:space="preserve">([^<]*)<\/w:t>/g)].map((m) => m[1]);
    expect(texts).toEqual(['1.', 'Ani', '2.', 'B&amp;B', '1.', 'Cici']);
    expect(out.startsWith('<body><p>A</p><w:tbl><w:tr><w:tc>H</w:tc></w:tr><w:tr>')).toBe(true);
    expect(out).toContain('</w:tbl><p>B</p><w:tbl><w:tr>');
    expect(out.endsWith('</w:tr></w:tbl><p>C</p></body>')).toBe(true);
    // One source without a count: no total to report.
    expect(progress.at(-1)).toEqual({ unit: 'rows', done: 3, total: undefined });
  });

  it('uses the row after the template for a source without records when the table has an empty text', async () => {
    const empty = '<w:tr><w:tc><w:p><w:r><w:t>Tidak ada data</w:t></w:r></w:p></w:tc></w:tr>';
    const xml = `<w:tbl>${row(0, 2)}${empty}</w:tbl>`;
    const plan = planDocumentXml(xml, [slot(0, 'p', true)]);
    const none = await collect(streamDocumentXml(plan, { sources: new Map([['p', { records: () => [] }]]) }));
    expect(none).toBe(`<w:tbl>${empty}</w:tbl>`);
    const some = await collect(streamDocumentXml(plan, { sources: new Map([['p', { records: () => [{ nama: 'x' }] }]]) }));
    expect(some).not.toContain('Tidak ada data');
    expect(some).toContain('>x</w:t>');
  });

  it('reports a missing placeholder as an internal error rather than writing a broken document', () => {
    const error = (() => {
      try {
        planDocumentXml('<w:tbl><w:tr></w:tr></w:tbl>', [slot(0, 'p')]);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('INTERNAL');
    expect((error as AppError).message).toContain('"p"');
  });
});
