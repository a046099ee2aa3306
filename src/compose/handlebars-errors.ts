/**
 * Handlebars' own errors, complete and in Indonesian: a parse error keeps the excerpt, the caret under
 * the place and what was expected ("diharapkan {{/…}}, ditemukan akhir berkas"); a block left open is
 * reported at the line that opens it, a closing tag without its opener or with another's name at its
 * own line; a missing partial names the partials that exist. Pure string work; imports nothing.
 */

export interface HandlebarsProblem {
  readonly message: string;
  /** 1-based line in the template source, when known. */
  readonly line?: number;
}

/** Readable forms of the Handlebars grammar's token names. */
const TOKENS: Readonly<Record<string, string>> = {
  EOF: 'akhir berkas',
  CONTENT: 'teks',
  COMMENT: 'komentar',
  OPEN: '{{',
  CLOSE: '}}',
  OPEN_BLOCK: '{{#…}}',
  OPEN_ENDBLOCK: '{{/…}}',
  OPEN_INVERSE: '{{^…}}',
  OPEN_INVERSE_CHAIN: '{{else …}}',
  INVERSE: '{{else}}',
  OPEN_PARTIAL: '{{> …}}',
  OPEN_PARTIAL_BLOCK: '{{#> …}}',
  OPEN_SEXPR: '(',
  CLOSE_SEXPR: ')',
  OPEN_BLOCK_PARAMS: 'as |…|',
  ID: 'nama',
  STRING: 'teks dalam tanda kutip',
  NUMBER: 'angka',
  BOOLEAN: 'true/false',
  DATA: '@nama',
  SEP: '. atau /',
  EQUALS: '=',
  INVALID: 'tanda yang tidak sah',
};

/** Tokens a reader cares about when several are expected (the grammar lists many). */
const NOTABLE = ['CLOSE', 'OPEN_ENDBLOCK', 'EOF', 'ID', 'STRING', 'CLOSE_SEXPR', 'INVERSE'];

function readable(token: string): string {
  return TOKENS[token] ?? token;
}

interface OpenBlock {
  readonly name: string;
  readonly line: number;
}

/** Walks the `{{#name}}` / `{{/name}}` tags of `source`: the blocks left open, in order. */
function openBlocks(source: string): { open: OpenBlock[]; strayClose?: OpenBlock } {
  const stack: OpenBlock[] = [];
  const tag = /\{\{~?\s*([#^/])\s*>?\s*([A-Za-z0-9_.@-]+)|\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g;
  let line = 1;
  let last = 0;
  for (let m = tag.exec(source); m !== null; m = tag.exec(source)) {
    for (let i = last; i < m.index; i++) if (source.charCodeAt(i) === 10) line++;
    last = m.index;
    const [, kind, name] = m;
    if (kind === undefined || name === undefined) continue; // a comment
    if (kind === '/') {
      const top = stack.pop();
      if (top === undefined) return { open: stack, strayClose: { name, line } };
    } else {
      stack.push({ name, line });
    }
  }
  return { open: stack };
}

/** The problem a Handlebars compile or runtime error describes, with the line to look at. */
export function describeHandlebarsError(message: string, source: string, lineNumber?: number): HandlebarsProblem {
  const parse = /^Parse error on line (\d+):\n([^\n]*)\n([^\n]*)\n(.*)$/s.exec(message);
  if (parse) {
    const [, lineText, excerpt, caret, rest] = parse as unknown as [string, string, string, string, string];
    const line = Number(lineText);
    const expecting = /Expecting (.*), got '([^']+)'/.exec(rest);
    const got = expecting?.[2] ?? '';
    const expected = (expecting?.[1] ?? '').split(', ').map((t) => t.replace(/'/g, ''));
    if (got === 'EOF' && expected.includes('OPEN_ENDBLOCK')) {
      const open = openBlocks(source).open.pop();
      if (open) return { message: `blok {{#${open.name}}} yang dibuka di baris ini tidak ditutup; tambahkan {{/${open.name}}} di akhir bloknya`, line: open.line };
    }
    if (got === 'OPEN_ENDBLOCK') {
      const stray = openBlocks(source).strayClose;
      if (stray) return { message: `{{/${stray.name}}} menutup blok yang tidak pernah dibuka; hapus, atau tambahkan {{#${stray.name} …}} sebelumnya`, line: stray.line };
    }
    const notable = expected.filter((t) => NOTABLE.includes(t));
    const wanted = (notable.length > 0 ? notable : expected.slice(0, 4)).map(readable);
    return {
      message: `kesalahan sintaks Handlebars: diharapkan ${wanted.join(' atau ')}, ditemukan ${readable(got)}\n  ${excerpt}\n  ${caret}`,
      line,
    };
  }
  const mismatch = /^(\S+) doesn't match (\S+) - (\d+):(\d+)/.exec(message);
  if (mismatch) {
    const [, opened, closed, openedLine] = mismatch as unknown as [string, string, string, string];
    return { message: `{{/${closed}}} tidak cocok dengan {{#${opened}}} yang dibuka di baris ${openedLine}; tutup {{#${opened}}} dengan {{/${opened}}}`, line: Number(openedLine) };
  }
  const partial = /^The partial (\S+) could not be found/.exec(message);
  if (partial) return { message: `partial {{> ${partial[1]}}} tidak ditemukan; letakkan ${partial[1]}.hbs di folder partials/ jenis ini atau di templates/partials/`, ...lineOf(partial[1]!, source, '>') };
  return { message: `kesalahan Handlebars: ${message.replace(/\s+/g, ' ').trim()}`, ...(lineNumber !== undefined ? { line: lineNumber } : {}) };
}

function lineOf(name: string, source: string, sigil: string): { line?: number } {
  const at = source.search(new RegExp(`\\{\\{~?\\s*${sigil}\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
  return at < 0 ? {} : { line: source.slice(0, at).split('\n').length };
}
