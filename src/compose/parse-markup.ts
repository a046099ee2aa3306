/**
 * Tokenizes the small XML-like markup that templates render (see docs/templates.md) into a generic
 * element tree with 1-based line numbers. Knows syntax only (tags, attributes, entities, comments), not
 * which elements exist: build-blocks.ts gives the tree its meaning. Imports only AppError.
 */
import { AppError } from '../errors/app-error.ts';

export interface MarkupElement {
  readonly type: 'element';
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly MarkupNode[];
  readonly line: number;
  /** The opening tag as written (used to find it again in the template source). */
  readonly tag: string;
}

export interface MarkupText {
  readonly type: 'text';
  readonly text: string;
  readonly line: number;
}

export type MarkupNode = MarkupElement | MarkupText;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes the entities Handlebars writes (&amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;) and numeric ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const cp = Number.parseInt(body.slice(2), 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    if (body.startsWith('#')) {
      const cp = Number.parseInt(body.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

interface OpenElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  line: number;
  tag: string;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9-]*/;
const TAG_END = /<[^<>"']*(?:(?:"[^"]*"|'[^']*')[^<>"']*)*>/y;

/**
 * Parses markup into a list of top-level nodes. Throws AppError MARKUP_INVALID with the line of the
 * problem (in `source`) for unclosed or mismatched tags, bad attributes and a stray "<".
 */
export function parseMarkup(source: string, file?: string): MarkupNode[] {
  const root: OpenElement = { name: '#root', attrs: {}, children: [], line: 1, tag: '' };
  const stack: OpenElement[] = [root];
  let pos = 0;
  let line = 1;
  const fail = (message: string, at: number, tag?: string): never => {
    throw new AppError('MARKUP_INVALID', message, { file, line: at, details: { tag } });
  };
  const advance = (to: number): void => {
    for (let i = pos; i < to; i++) if (source.charCodeAt(i) === 10) line++;
    pos = to;
  };
  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const top = stack[stack.length - 1]!;
    if (lt !== pos) {
      const end = lt === -1 ? source.length : lt;
      const raw = source.slice(pos, end);
      top.children.push({ type: 'text', text: decodeEntities(raw), line });
      advance(end);
      continue;
    }
    if (source.startsWith('<!--', pos)) {
      const close = source.indexOf('-->', pos + 4);
      if (close === -1) fail('Komentar "<!--" tidak ditutup dengan "-->".', line);
      advance(close + 3);
      continue;
    }
    // The tag ends at the first ">" outside quotes; a "<" before it means this was no tag.
    TAG_END.lastIndex = pos;
    const m = TAG_END.exec(source);
    if (!m || m.index !== pos) {
      fail('Tanda "<" tanpa tag yang lengkap; tulis teks "<" sebagai &lt; atau tutup tag dengan ">".', line, source.slice(pos, pos + 20));
    }
    const gt = pos + m![0].length - 1;
    const tag = m![0];
    const tagLine = line;
    if (tag.startsWith('</')) {
      const name = tag.slice(2, -1).trim();
      if (!NAME.test(name) || NAME.exec(name)![0] !== name) fail(`Tag penutup tidak valid: ${tag}`, tagLine, tag);
      if (top === root) fail(`Tag penutup </${name}> tanpa tag pembuka.`, tagLine, tag);
      if (top.name !== name) {
        fail(`Tag penutup </${name}> tidak cocok dengan <${top.name}> yang dibuka pada baris ${top.line}.`, tagLine, tag);
      }
      stack.pop();
      const parent = stack[stack.length - 1]!;
      parent.children.push({ type: 'element', name: top.name, attrs: top.attrs, children: top.children, line: top.line, tag: top.tag });
      advance(gt + 1);
      continue;
    }
    const selfClosing = tag.endsWith('/>');
    const inner = tag.slice(1, selfClosing ? -2 : -1);
    const nameMatch = NAME.exec(inner);
    if (!nameMatch) fail(`Nama tag tidak valid: ${tag}`, tagLine, tag);
    const name = nameMatch![0];
    const attrs: Record<string, string> = {};
    let rest = inner.slice(name.length);
    if (rest.length > 0 && !/^\s/.test(rest)) fail(`Nama tag tidak valid: ${tag}`, tagLine, tag);
    const attrRe = /^\s+([a-zA-Z][a-zA-Z0-9-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?/;
    rest = rest.replace(/\s+$/, '');
    while (rest.length > 0) {
      const m = attrRe.exec(rest);
      if (!m) fail(`Atribut tidak valid pada ${tag}; tulis atribut sebagai nama="nilai".`, tagLine, tag);
      const attrName = m![1]!;
      if (attrName in attrs) fail(`Atribut "${attrName}" ditulis dua kali pada ${tag}.`, tagLine, tag);
      attrs[attrName] = decodeEntities(m![2] ?? m![3] ?? '');
      rest = rest.slice(m![0].length);
    }
    advance(gt + 1);
    if (selfClosing) {
      top.children.push({ type: 'element', name, attrs, children: [], line: tagLine, tag });
    } else {
      stack.push({ name, attrs, children: [], line: tagLine, tag });
    }
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    fail(`Tag <${open.name}> yang dibuka pada baris ${open.line} tidak ditutup.`, open.line, open.tag);
  }
  return root.children;
}
