/**
 * PDF/A-3b issued documents. PDFBox Preflight (Debian libpdfbox2-java) validates PDF/A-1b, the stricter
 * base that PDF/A-3b relaxes (attachments, transparency): it runs on the rendered decree and on the same
 * decree signed to B-LTA before attachments are added, with the XMP part number presented as 1 (the
 * only thing Preflight holds against a PDF/A-3 file: "part must be 1"). The PDF/A-3 additions are
 * checked here: XMP identification and the decree's metadata, the sRGB output intent, every font
 * embedded, attachments as associated files, /ID kept and changed as ISO 32000 says.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longTermSigningFor } from '../src/app/services.ts';
import { PdfDict, PdfName, PdfRef, PdfString } from '../src/pdf/pdf-objects.ts';
import { readPdfStructure } from '../src/pdf/pdf-reader.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { renderPdf } from '../src/render/pdf/render-pdf.ts';
import { LocalSignerProvider } from '../src/sign/signer-provider.ts';
import { composeDocumentFile } from '../src/use-cases/render-document.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { cleanupSignFixture, GUBERNUR, PASS_GUB, signFixture, tempFile } from './sign-support.ts';
import { requireTools, run, toolsRequired } from './support/tools.ts';

afterAll(cleanupSignFixture);

const JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);

/** Whether PDFBox Preflight can run here; in CI its absence fails the test. */
function preflightAvailable(test: string): boolean {
  if (!requireTools(test, 'java')) return false;
  const missing = JARS.filter((j) => !existsSync(j));
  if (missing.length === 0) return true;
  if (toolsRequired()) throw new Error(`${test}: ${missing.join(', ')} tidak terpasang (libpdfbox2-java, libactivation-java, libjaxb-api-java lewat .ci/run)`);
  console.warn(`[skip] ${test}: ${missing.join(', ')} tidak terpasang`);
  return false;
}

/** Preflight's verdict on `bytes` with the XMP part number presented as 1 (same length, in place). */
function preflight(name: string, bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  expect(text).toContain('<pdfaid:part>3</pdfaid:part>');
  const asPart1 = Buffer.from(text.replace('<pdfaid:part>3</pdfaid:part>', '<pdfaid:part>1</pdfaid:part>'), 'latin1');
  const file = tempFile(name, asPart1);
  const r = run('java', ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', file]);
  return `${r.stdout}${r.stderr}`;
}

let decree: Uint8Array;
let signed: Uint8Array;
let withAttachments: Uint8Array;

beforeAll(async () => {
  const fx = signFixture();
  const composed = await composeDocumentFile(path.resolve('examples/keputusan-gubernur-ntt-99-2025.yaml'));
  const rendered = await renderPdf(composed.model, { fonts: loadFonts(), sources: composed.sources, clock: new Date('2025-03-24T02:30:00Z') });
  decree = rendered.bytes!;
  const slot = rendered.signatureSlots[0]!;
  const provider = new LocalSignerProvider(fx.keystore, longTermSigningFor({}, fx.keystore));
  const input = {
    pdf: decree,
    signer: GUBERNUR,
    passphrase: PASS_GUB,
    clock: new Date(),
    timeZone: 'Asia/Makassar',
    slot: { page: slot.page + 1, x: slot.x, y: slot.y, width: slot.width, height: slot.height },
  };
  signed = await provider.signPdf(input);
  withAttachments = await provider.signPdf({
    ...input,
    attachments: [
      { name: 'paraf-1.p7s', bytes: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), mimeType: 'application/pkcs7-signature', description: 'Paraf' },
      { name: 'data-dokumen.yaml', bytes: new TextEncoder().encode('nomor: 99/KEP/HK/2025\n'), mimeType: 'application/yaml', relationship: 'Source' },
    ],
  });
}, 180_000);

describe('PDF/A-1b Preflight on the decree before attachments', () => {
  it('the rendered decree passes', () => {
    if (!preflightAvailable('Preflight on the rendered decree')) return;
    expect(preflight('pdfa-decree.pdf', decree)).toContain('is a valid PDF/A-1b file');
  });

  it('the decree signed to B-LTA (signature appearance, DSS, document time stamp) passes', async () => {
    expect((await verifyPdf(signed, { trustAnchors: signFixture().keystore.trustAnchors() })).signatures[0]!.level).toBe('B-LTA');
    if (!preflightAvailable('Preflight on the signed decree')) return;
    expect(preflight('pdfa-signed.pdf', signed)).toContain('is a valid PDF/A-1b file');
  });
});

describe('the PDF/A-3 additions', () => {
  it('XMP: PDF/A-3B identification, the decree as Dublin Core, agreeing with /Info', () => {
    const pdf = readPdfStructure(decree);
    const catalog = pdf.catalog();
    const metadata = pdf.object(catalog.get('Metadata') as PdfRef);
    const md = pdf.dict(metadata.value)!;
    expect([(md.get('Type') as PdfName).name, (md.get('Subtype') as PdfName).name, md.has('Filter')]).toEqual(['Metadata', 'XML', false]);
    const xml = Buffer.from(pdf.streamData(catalog.get('Metadata') as PdfRef)).toString('utf8');
    const parsed = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true }).parse(xml) as { xmpmeta: { RDF: { Description: Array<Record<string, unknown>> } } };
    const props = Object.assign({}, ...parsed.xmpmeta.RDF.Description) as Record<string, unknown>;
    expect(props.part).toBe(3);
    expect(props.conformance).toBe('B');
    expect(props.identifier).toBe('99/KEP/HK/2025');
    expect(JSON.stringify(props.date)).toContain('2025-03-24');
    expect(JSON.stringify(props.publisher)).toContain('Nusa Tenggara Timur');
    expect(JSON.stringify(props.type)).toContain('Keputusan');
    expect(JSON.stringify(props.description)).toContain('Tim Kerja Pengelolaan Kepesertaan');
    const info = pdf.dict(pdf.trailer.get('Info'))!;
    expect(JSON.stringify(props.title)).toContain((info.get('Title') as PdfString).text().slice(0, 40));
    expect(props.CreateDate).toBe('2025-03-24T02:30:00Z');
    expect((info.get('CreationDate') as PdfString).text()).toBe('D:20250324023000Z');
    expect(props.Producer).toBe((info.get('Producer') as PdfString).text());
  });

  it('an sRGB output intent with an ICC profile of three components', () => {
    const pdf = readPdfStructure(decree);
    const intents = pdf.resolve(pdf.catalog().get('OutputIntents')) as PdfDict[];
    expect(intents).toHaveLength(1);
    const intent = pdf.dict(intents[0])!;
    expect((intent.get('S') as PdfName).name).toBe('GTS_PDFA1');
    expect((intent.get('OutputConditionIdentifier') as PdfString).text()).toBe('sRGB IEC61966-2.1');
    const icc = intent.get('DestOutputProfile') as PdfRef;
    expect(pdf.dict(icc)!.get('N')).toBe(3);
    const profile = Buffer.from(pdf.streamData(icc));
    expect(profile.readUInt32BE(0)).toBe(profile.length);
    expect(profile.toString('latin1', 36, 40)).toBe('acsp');
    expect(profile.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
  });

  it('every font is embedded, the signature appearance included (pdffonts)', () => {
    if (!requireTools('fonts embedded', 'pdffonts')) return;
    const out = run('pdffonts', [tempFile('pdfa-fonts.pdf', signed)]).stdout;
    const rows = out.split('\n').slice(2).filter((l) => l.trim() !== '');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row, row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('attachments are associated files: /AF in the catalog, /AFRelationship, MIME subtype and /ModDate', async () => {
    const pdf = readPdfStructure(withAttachments);
    const af = pdf.resolve(pdf.catalog().get('AF')) as PdfRef[];
    expect(af).toHaveLength(2);
    const specs = af.map((r) => pdf.dict(r)!);
    expect(specs.map((s) => [(s.get('UF') as PdfString).text(), (s.get('AFRelationship') as PdfName).name])).toEqual([
      ['paraf-1.p7s', 'Supplement'],
      ['data-dokumen.yaml', 'Source'],
    ]);
    for (const s of specs) {
      const ef = pdf.dict(pdf.dict(s.get('EF'))!.get('F'))!;
      expect((ef.get('Subtype') as PdfName).name).toMatch(/^application\//);
      expect(pdf.dict(ef.get('Params'))!.has('ModDate')).toBe(true);
    }
    const r = await verifyPdf(withAttachments, { trustAnchors: signFixture().keystore.trustAnchors() });
    expect(r.embeddedFiles.map((f) => [f.name, f.relationship])).toEqual([
      ['data-dokumen.yaml', 'Source'],
      ['paraf-1.p7s', 'Supplement'],
    ]);
  });

  it('/ID: the first element stays from creation, the second changes with every update', () => {
    const ids = (bytes: Uint8Array) => {
      const pdf = readPdfStructure(bytes);
      return pdf.revisions.map((rev) => (rev.trailer.get('ID') as PdfString[]).map((s) => Buffer.from(s.bytes).toString('hex')));
    };
    const all = ids(signed);
    expect(all.length).toBe(4); // rendered, signature, DSS, document time stamp
    expect(all[0]![0]).toBe(all[0]![1]);
    expect(new Set(all.map((id) => id[0])).size).toBe(1);
    expect(new Set(all.map((id) => id[1])).size).toBe(4);
  });
});
