/**
 * Reading a rendered DOCX back in tests: unzip every entry (yauzl, independently of the renderer's own
 * re-zip code) and walk word/*.xml parsed with fast-xml-parser (document order preserved).
 */
import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';

export interface ZipEntryInfo {
  readonly name: string;
  readonly data: Buffer;
  /** DOS date/time fields as stored, to check they are fixed. */
  readonly lastModDate: number;
  readonly lastModTime: number;
}

export async function unzipDocx(bytes: Uint8Array): Promise<Map<string, ZipEntryInfo>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (err, file) => (err || !file ? reject(err) : resolve(file))),
  );
  const out = new Map<string, ZipEntryInfo>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('error', reject);
        stream.on('end', () => {
          out.set(entry.fileName, {
            name: entry.fileName,
            data: Buffer.concat(chunks),
            lastModDate: entry.lastModFileDate,
            lastModTime: entry.lastModFileTime,
          });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  return out;
}

/** A parsed element: its tag, attributes and children in document order; text nodes have tag '#text'. */
export interface XmlNode {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  readonly text?: string;
}

type Raw = Record<string, unknown>;

function convert(raw: Raw): XmlNode {
  const attrs = (raw[':@'] ?? {}) as Record<string, string>;
  const tag = Object.keys(raw).find((k) => k !== ':@') ?? '';
  if (tag === '#text') return { tag, attrs: {}, children: [], text: String(raw[tag]) };
  const kids = (raw[tag] ?? []) as Raw[];
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) cleaned[k.replace(/^@_/, '')] = String(v);
  return { tag, attrs: cleaned, children: kids.map(convert) };
}

export function parseXml(xml: string): XmlNode {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
  });
  const top = parser.parse(xml) as Raw[];
  return { tag: '#root', attrs: {}, children: top.map(convert) };
}

/** All descendants with `tag`, in document order (not descending into matches). */
export function findAll(node: XmlNode, tag: string, out: XmlNode[] = []): XmlNode[] {
  for (const child of node.children) {
    if (child.tag === tag) out.push(child);
    else findAll(child, tag, out);
  }
  return out;
}

export function findFirst(node: XmlNode, tag: string): XmlNode | undefined {
  for (const child of node.children) {
    if (child.tag === tag) return child;
    const hit = findFirst(child, tag);
    if (hit) return hit;
  }
  return undefined;
}

/** Text of a paragraph (or any element): w:t text, w:tab as "\t", w:br as "\n". */
export function textOf(node: XmlNode): string {
  let s = '';
  for (const child of node.children) {
    if (child.tag === 'w:t') s += child.children.map((c) => c.text ?? '').join('');
    else if (child.tag === 'w:tab' && node.tag === 'w:r') s += '\t';
    else if (child.tag === 'w:br') s += '\n';
    else if (child.tag !== 'w:pPr' && child.tag !== 'w:rPr') s += textOf(child);
  }
  return s;
}

/** The body's children (paragraphs and tables) of word/document.xml. */
export function bodyOf(documentXml: string): XmlNode {
  const root = parseXml(documentXml);
  const body = findFirst(root, 'w:body');
  if (!body) throw new Error('no w:body');
  return body;
}
