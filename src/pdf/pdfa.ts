/**
 * What makes a file PDF/A-3b beyond its content: the XMP metadata packet (PDF/A identification, Dublin
 * Core and XMP basic properties agreeing with the /Info dictionary, and the decree's own metadata in
 * Dublin Core terms) and an sRGB output intent. The ICC profile is generated here from the sRGB
 * definition (IEC 61966-2-1: primaries adapted to D50, the piecewise transfer curve) as an ICC v2
 * display profile — no third-party profile file, so no licence question. Imports the object model.
 */
import { PdfDict, byteString, name, type PdfValue } from './pdf-objects.ts';

let cachedIcc: Uint8Array | undefined;

const s15 = (v: number): number => Math.round(v * 65536);

/** An ICC v2.1 RGB display profile of sRGB (matrix/TRC), about 2.6 KB. */
export function srgbIccProfile(): Uint8Array {
  if (cachedIcc) return cachedIcc;
  const tags: Array<{ sig: string; data: Buffer }> = [];
  const xyz = (x: number, y: number, z: number) => {
    const b = Buffer.alloc(20);
    b.write('XYZ ', 0, 'latin1');
    b.writeInt32BE(s15(x), 8);
    b.writeInt32BE(s15(y), 12);
    b.writeInt32BE(s15(z), 16);
    return b;
  };
  const desc = (text: string) => {
    // textDescriptionType: ASCII part, empty Unicode and ScriptCode parts (ICC.1:2001-04 6.5.17).
    const ascii = Buffer.from(`${text}\0`, 'latin1');
    const b = Buffer.alloc(12 + ascii.length + 4 + 4 + 2 + 1 + 67);
    b.write('desc', 0, 'latin1');
    b.writeUInt32BE(ascii.length, 8);
    ascii.copy(b, 12);
    return b;
  };
  const text = (t: string) => Buffer.concat([Buffer.from('text\0\0\0\0', 'latin1'), Buffer.from(`${t}\0`, 'latin1')]);
  // The sRGB transfer curve, sampled at 1024 points.
  const n = 1024;
  const curve = Buffer.alloc(12 + 2 * n);
  curve.write('curv', 0, 'latin1');
  curve.writeUInt32BE(n, 8);
  for (let i = 0; i < n; i++) {
    const v = i / (n - 1);
    const linear = v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    curve.writeUInt16BE(Math.round(linear * 65535), 12 + 2 * i);
  }
  tags.push({ sig: 'desc', data: desc('sRGB IEC61966-2.1 (naskah)') });
  tags.push({ sig: 'cprt', data: text('No copyright, use freely') });
  tags.push({ sig: 'wtpt', data: xyz(0.9642, 1.0, 0.8249) });
  tags.push({ sig: 'rXYZ', data: xyz(0.4360747, 0.2225045, 0.0139322) });
  tags.push({ sig: 'gXYZ', data: xyz(0.3850649, 0.7168786, 0.0971045) });
  tags.push({ sig: 'bXYZ', data: xyz(0.1430804, 0.0606169, 0.7141733) });
  const shared = ['rTRC', 'gTRC', 'bTRC'];
  const tableSize = 4 + 12 * (tags.length + shared.length);
  const pad4 = (x: number) => (x + 3) & ~3;
  let offset = 128 + tableSize;
  const entries: Buffer[] = [];
  const bodies: Buffer[] = [];
  const place = (data: Buffer) => {
    const at = offset;
    const padded = Buffer.alloc(pad4(data.length));
    data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
    return at;
  };
  for (const t of tags) {
    const at = place(t.data);
    const e = Buffer.alloc(12);
    e.write(t.sig, 0, 'latin1');
    e.writeUInt32BE(at, 4);
    e.writeUInt32BE(t.data.length, 8);
    entries.push(e);
  }
  const curveAt = place(curve);
  for (const sig of shared) {
    const e = Buffer.alloc(12);
    e.write(sig, 0, 'latin1');
    e.writeUInt32BE(curveAt, 4);
    e.writeUInt32BE(curve.length, 8);
    entries.push(e);
  }
  const header = Buffer.alloc(128);
  header.writeUInt32BE(offset, 0);
  header.writeUInt32BE(0x02100000, 8);
  header.write('mntr', 12, 'latin1');
  header.write('RGB ', 16, 'latin1');
  header.write('XYZ ', 20, 'latin1');
  [2025, 1, 1, 0, 0, 0].forEach((v, i) => header.writeUInt16BE(v, 24 + 2 * i));
  header.write('acsp', 36, 'latin1');
  header.writeUInt32BE(0, 64); // perceptual
  header.writeInt32BE(s15(0.9642), 68);
  header.writeInt32BE(s15(1.0), 72);
  header.writeInt32BE(s15(0.8249), 76);
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length, 0);
  cachedIcc = new Uint8Array(Buffer.concat([header, count, ...entries, ...bodies]));
  return cachedIcc;
}

/** The /OutputIntents entry: sRGB, with `profileRef` the ICC stream (/N 3). */
export function srgbOutputIntent(profileRef: PdfValue): PdfDict {
  return new PdfDict([
    ['Type', name('OutputIntent')],
    ['S', name('GTS_PDFA1')],
    ['OutputConditionIdentifier', byteString('sRGB IEC61966-2.1')],
    ['RegistryName', byteString('http://www.color.org')],
    ['Info', byteString('sRGB IEC61966-2.1')],
    ['DestOutputProfile', profileRef],
  ]);
}

export interface XmpFields {
  /** dc:title and /Title. */
  readonly title: string;
  /** dc:creator and /Author. */
  readonly author: string;
  /** xmp:CreatorTool and /Creator. */
  readonly creatorTool: string;
  /** pdf:Producer and /Producer. */
  readonly producer: string;
  /** xmp:CreateDate, xmp:ModifyDate, xmp:MetadataDate (XMP date text, same instant as /Info). */
  readonly created: string;
  readonly modified: string;
  /** dc:description: what the decree is about. */
  readonly description?: string;
  /** dc:identifier: the decree's number. */
  readonly identifier?: string;
  /** dc:date: the date of penetapan (YYYY-MM-DD). */
  readonly date?: string;
  /** dc:publisher: the issuing body. */
  readonly publisher?: string;
  /** dc:type: Keputusan, Instruksi … */
  readonly type?: string;
  /** dc:language. */
  readonly language: string;
  /** PDF/A part and conformance, e.g. 3 and B. */
  readonly part: number;
  readonly conformance: 'A' | 'B' | 'U';
}

const esc = (t: string): string => t.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The XMP packet (UTF-8) a PDF/A file carries as its catalog /Metadata. */
export function xmpPacket(f: XmpFields): string {
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt>`;
  const seq = (v: string) => `<rdf:Seq><rdf:li>${esc(v)}</rdf:li></rdf:Seq>`;
  const bag = (v: string) => `<rdf:Bag><rdf:li>${esc(v)}</rdf:li></rdf:Bag>`;
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(f.title)}</dc:title>`,
    `<dc:creator>${seq(f.author)}</dc:creator>`,
    f.description ? `<dc:description>${alt(f.description)}</dc:description>` : '',
    f.identifier ? `<dc:identifier>${esc(f.identifier)}</dc:identifier>` : '',
    f.date ? `<dc:date>${seq(f.date)}</dc:date>` : '',
    f.publisher ? `<dc:publisher>${bag(f.publisher)}</dc:publisher>` : '',
    f.type ? `<dc:type>${bag(f.type)}</dc:type>` : '',
    `<dc:language>${bag(f.language)}</dc:language>`,
  ]
    .filter(Boolean)
    .join('\n    ');
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    `    ${dc}`,
    '  </rdf:Description>',
    '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
    `    <xmp:CreatorTool>${esc(f.creatorTool)}</xmp:CreatorTool>`,
    `    <xmp:CreateDate>${f.created}</xmp:CreateDate>`,
    `    <xmp:ModifyDate>${f.modified}</xmp:ModifyDate>`,
    `    <xmp:MetadataDate>${f.modified}</xmp:MetadataDate>`,
    '  </rdf:Description>',
    '  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    `    <pdf:Producer>${esc(f.producer)}</pdf:Producer>`,
    '  </rdf:Description>',
    '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    `    <pdfaid:part>${f.part}</pdfaid:part>`,
    `    <pdfaid:conformance>${f.conformance}</pdfaid:conformance>`,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    // Room for a later in-place edit, as XMP writers leave (2 KB of spaces), then the trailer.
    ...Array.from({ length: 20 }, () => ' '.repeat(99)),
    '<?xpacket end="w"?>',
  ].join('\n');
}
