import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncrementalUpdate } from '../src/pdf/incremental-update.ts';
import { PdfLexer } from '../src/pdf/pdf-lexer.ts';
import { name, PdfDict, PdfName, PdfRef, PdfString, textString } from '../src/pdf/pdf-objects.ts';
import { serialize } from '../src/pdf/pdf-syntax.ts';
import { findStartxref, readPdfStructure } from '../src/pdf/pdf-reader.ts';
import { signPdf } from '../src/sign/sign-pdf.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { basePdf, GUBERNUR, nssDbTrustingCa, PASS_GUB, SIGN_CLOCK, signFixture, tempFile, cleanupSignFixture } from './sign-support.ts';
import { requireTools, run } from './support/tools.ts';

afterAll(cleanupSignFixture);

const parse = (text: string) => new PdfLexer(new Uint8Array(Buffer.from(text, 'latin1'))).value();

describe('PDF object syntax', () => {
  it('parses dictionaries, arrays, references, names with # escapes, literal and hex strings', () => {
    const v = parse('<< /Type /Annot /Rect [0 -1.5 .25 100] /P 12 0 R /T (a\\(b\\)c\\\\ \\101) /H <FEFF0041> /N /A#20B /B true /Z null >>') as PdfDict;
    expect((v.get('Type') as PdfName).name).toBe('Annot');
    expect(v.get('Rect')).toEqual([0, -1.5, 0.25, 100]);
    expect(v.get('P')).toEqual(new PdfRef(12, 0));
    expect((v.get('T') as PdfString).text()).toBe('a(b)c\\ A');
    expect((v.get('H') as PdfString).text()).toBe('A');
    expect((v.get('N') as PdfName).name).toBe('A B');
    expect(v.get('B')).toBe(true);
    expect(v.get('Z')).toBeNull();
  });

  it('serializes what it parses back to the same values', () => {
    const d = new PdfDict([
      ['Name', textString('Ḥusain Ṣāliḥ')],
      ['Plain', textString('Kupang (NTT)')],
      ['K', name('Adobe.PPKLite')],
      ['Odd', name('a b#c')],
      ['Nums', [1, 0.5, -3.25, 1e-7]],
      ['Ref', new PdfRef(3, 1)],
    ]);
    const again = parse(serialize(d)) as PdfDict;
    expect((again.get('Name') as PdfString).text()).toBe('Ḥusain Ṣāliḥ');
    expect((again.get('Plain') as PdfString).text()).toBe('Kupang (NTT)');
    expect((again.get('Odd') as PdfName).name).toBe('a b#c');
    expect(again.get('Nums')).toEqual([1, 0.5, -3.25, 0]);
    expect(again.get('Ref')).toEqual(new PdfRef(3, 1));
    expect(serialize(d)).not.toMatch(/e-/);
  });
});

describe('incremental update', () => {
  it('appends objects with an xref section of consecutive runs and a trailer pointing to the previous one', async () => {
    const base = await basePdf(1);
    const s = readPdfStructure(base);
    const catalog = s.catalog().clone().set('Lang', textString('id-ID'));
    const update = buildIncrementalUpdate(
      s,
      [
        { num: s.root.num, gen: 0, value: catalog },
        { num: s.size, gen: 0, value: new PdfDict([['Type', name('Test')]]) },
        { num: s.size + 1, gen: 0, value: new PdfDict(), stream: new Uint8Array([1, 2, 3]) },
      ],
      s.size + 2,
    );
    const joined = new Uint8Array([...base, ...update.bytes]);
    const again = readPdfStructure(joined);
    expect(again.xrefChain).toEqual([findStartxref(joined), s.startxref]);
    expect(again.size).toBe(s.size + 2);
    expect((again.catalog().get('Lang') as PdfString).text()).toBe('id-ID');
    expect((again.dict(new PdfRef(s.size, 0))!.get('Type') as PdfName).name).toBe('Test');
    const stream = again.object(s.size + 1);
    expect([...joined.subarray(stream.stream!.start, stream.stream!.end)]).toEqual([1, 2, 3]);
    // objects the update did not touch still come from the first revision
    const pages = again.pageRefs();
    expect(pages).toHaveLength(1);
    expect(again.offsets.get(pages[0]!.num)).toEqual(s.offsets.get(pages[0]!.num));
    if (requireTools('qpdf --check of an incremental update', 'qpdf')) {
      expect(run('qpdf', ['--check', tempFile('incr.pdf', joined)]).status).toBe(0);
    }
  });

  it('signs three times in a row; every revision stays a prefix and every signature stays valid', async () => {
    const fx = signFixture();
    const signer = fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB);
    let pdf = await basePdf(1);
    const lengths: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await signPdf(pdf, { signer, clock: new Date(SIGN_CLOCK.getTime() + i * 1000), rect: { page: 1, x: 40 + i * 180, y: 60, width: 170, height: 60 } });
      expect(Buffer.from(r.bytes.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
      expect(r.parts[0]).toBe(pdf);
      pdf = r.bytes;
      lengths.push(pdf.length);
    }
    const v = await verifyPdf(pdf, { trustAnchors: fx.keystore.trustAnchors() });
    expect(v.valid).toBe(true);
    expect(v.signatures.map((s) => s.byteRange[2]! + s.byteRange[3]!)).toEqual(lengths);
    expect(v.signatures.map((s) => s.fieldName)).toEqual(['Tanda Tangan 1', 'Tanda Tangan 2', 'Tanda Tangan 3']);
  });
});

describe('changes after a signature', () => {
  async function signedThenAltered(alter: (s: ReturnType<typeof readPdfStructure>) => Parameters<typeof buildIncrementalUpdate>[1]): Promise<Uint8Array> {
    const fx = signFixture();
    const signer = fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB);
    const first = await signPdf(await basePdf(1), { signer, clock: SIGN_CLOCK, rect: { page: 1, x: 40, y: 60, width: 170, height: 60 } });
    const s = readPdfStructure(first.bytes);
    const objects = alter(s);
    const size = Math.max(s.size, ...objects.map((o) => o.num + 1));
    const altered = new Uint8Array([...first.bytes, ...buildIncrementalUpdate(s, objects, size).bytes]);
    // A later signature covers the change, so only the first signature can object to it.
    return (await signPdf(altered, { signer, clock: SIGN_CLOCK, rect: { page: 1, x: 300, y: 60, width: 170, height: 60 } })).bytes;
  }

  it('reports an annotation laid over the page after the first signature', async () => {
    const pdf = await signedThenAltered((s) => {
      const pageRef = s.pageRefs()[0]!;
      const page = s.dict(pageRef)!.clone();
      const annot = new PdfDict([
        ['Type', name('Annot')],
        ['Subtype', name('FreeText')],
        ['Rect', [80, 800, 400, 840]],
        ['Contents', textString('Nomor diganti')],
      ]);
      page.set('Annots', [...((s.resolve(page.get('Annots')) as never[]) ?? []), new PdfRef(s.size, 0)]);
      return [
        { num: pageRef.num, gen: 0, value: page },
        { num: s.size, gen: 0, value: annot },
      ];
    });
    const v = await verifyPdf(pdf, { trustAnchors: signFixture().keystore.trustAnchors() });
    expect(v.valid).toBe(false);
    expect(v.signatures[0]!.digestOk).toBe(true);
    expect(v.signatures[0]!.problems.some((p) => /^anotasi \/FreeText ditambahkan di halaman 1 \(objek \d+\) setelah tanda tangan "Tanda Tangan 1"$/.test(p)), v.signatures[0]!.problems.join('\n')).toBe(true);
    expect(v.signatures[1]!.problems).toEqual([]);
  });

  it('reports page content replaced after the first signature', async () => {
    const pdf = await signedThenAltered((s) => {
      const pageRef = s.pageRefs()[0]!;
      const page = s.dict(pageRef)!.clone().set('Contents', new PdfRef(s.size, 0));
      return [
        { num: pageRef.num, gen: 0, value: page },
        { num: s.size, gen: 0, value: new PdfDict(), stream: new Uint8Array(Buffer.from('BT /F1 12 Tf 80 800 Td (PALSU) Tj ET')) },
      ];
    });
    const v = await verifyPdf(pdf, { trustAnchors: signFixture().keystore.trustAnchors() });
    expect(v.valid).toBe(false);
    expect(v.signatures[0]!.problems).toContain('halaman 1 (objek 4): /Contents diubah setelah tanda tangan "Tanda Tangan 1"');
  });
});

describe('signing what the renderer writes', () => {
  let rendered: { bytes: Uint8Array; slot?: { page: number; x: number; y: number; width: number; height: number } } | undefined;
  let skipReason: string | undefined;

  beforeAll(async () => {
    try {
      const { composeDocumentFile } = await import('../src/use-cases/render-document.ts');
      const { renderPdf } = await import('../src/render/pdf/render-pdf.ts');
      const { loadFonts } = await import('../src/render/fonts.ts');
      const composed = await composeDocumentFile(path.resolve('examples/keputusan-gubernur-ntt-99-2025.yaml'));
      const out = await renderPdf(composed.model, { fonts: loadFonts(), sources: composed.sources, clock: SIGN_CLOCK });
      rendered = { bytes: out.bytes!, slot: out.signatureSlots[0] };
    } catch (error) {
      skipReason = `renderer not usable here: ${error instanceof Error ? error.message : String(error)}`;
    }
  }, 120_000);

  it('signs the decree in its signature slot; pdfsig and qpdf accept it', async () => {
    if (!rendered) throw new Error(`the renderer failed: ${skipReason}`);
    const fx = signFixture();
    const slot = rendered.slot;
    expect(slot).toBeDefined();
    const r = await signPdf(rendered.bytes, {
      signer: fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB),
      clock: SIGN_CLOCK,
      rect: { page: slot!.page + 1, x: slot!.x, y: slot!.y, width: slot!.width, height: slot!.height },
      signerName: GUBERNUR.name,
      jabatan: GUBERNUR.jabatan,
    });
    expect((await verifyPdf(r.bytes, { trustAnchors: fx.keystore.trustAnchors() })).valid).toBe(true);
    if (requireTools('pdfsig/qpdf on a rendered decree', 'pdfsig', 'certutil', 'qpdf')) {
      const dir = path.join(fx.dir, 'nss-render');
      mkdirSync(dir, { recursive: true });
      const file = tempFile('decree-signed.pdf', r.bytes);
      const out = run('pdfsig', ['-nssdir', nssDbTrustingCa(dir, fx.caFile), file]).stdout;
      expect(out).toContain('Signature is Valid');
      expect(out).toContain('Total document signed');
      expect(run('qpdf', ['--check', file]).status).toBe(0);
    }
  });
});

describe('a file written with object streams and a cross-reference stream (as pikepdf or qpdf write it)', () => {
  it('is signed and co-signed SAH; a page redefined afterwards through an object stream is named', async () => {
    const fx = signFixture();
    const signer = fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB);
    const compact = await basePdf(1, true);
    expect(readPdfStructure(compact).usesXrefStream).toBe(true);
    const first = await signPdf(compact, { signer, clock: SIGN_CLOCK, rect: { page: 1, x: 40, y: 60, width: 170, height: 60 } });
    const second = await signPdf(first.bytes, { signer, clock: SIGN_CLOCK, rect: { page: 1, x: 300, y: 60, width: 170, height: 60 } });
    const ok = await verifyPdf(second.bytes, { trustAnchors: fx.keystore.trustAnchors() });
    expect(ok.signatures.map((s) => s.problems)).toEqual([[], []]);
    expect(ok.valid).toBe(true);
    // the page object lives in an object stream; a later update redefines it (rotated) in a new one
    const s = readPdfStructure(first.bytes);
    const pageRef = s.pageRefs()[0]!;
    expect(readPdfStructure(compact).entry(pageRef.num)?.inStream).toBeDefined(); // compressed in the original
    const rotated = s.dict(pageRef)!.clone().set('Rotate', 180);
    const body = `${pageRef.num} 0 ${serialize(rotated)}`;
    const header = `${pageRef.num} 0 `;
    const objStm = new PdfDict([
      ['Type', name('ObjStm')],
      ['N', 1],
      ['First', header.length],
    ]);
    const update = buildIncrementalUpdate(s, [{ num: s.size, gen: 0, value: objStm, stream: new Uint8Array(Buffer.from(body, 'latin1')) }], s.size + 1);
    // point the page at its new home: a cross-reference stream entry of type 2 written by hand
    const withStream = new Uint8Array([...first.bytes, ...update.bytes]);
    const t = readPdfStructure(withStream);
    const rows = Buffer.alloc(7);
    rows[0] = 2;
    rows.writeUInt32BE(s.size, 1);
    rows.writeUInt16BE(0, 5);
    const xrefAt = withStream.length;
    const xref = `${s.size + 2} 0 obj\n<</Type /XRef /Size ${s.size + 3} /Root ${t.root.num} 0 R /Prev ${t.startxref} /W [1 4 2] /Index [${pageRef.num} 1 ${s.size + 2} 1] /Length 14>>\nstream\n`;
    const self = Buffer.alloc(7);
    self[0] = 1;
    self.writeUInt32BE(xrefAt, 1);
    const attacked = Buffer.concat([Buffer.from(withStream), Buffer.from(xref, 'latin1'), rows, self, Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1')]);
    expect(readPdfStructure(attacked).dict(pageRef)!.get('Rotate')).toBe(180);
    const bad = await verifyPdf(new Uint8Array(attacked), { trustAnchors: fx.keystore.trustAnchors() });
    expect(bad.valid).toBe(false);
    expect(bad.signatures[0]!.problems).toContain(`halaman 1 (objek ${pageRef.num}): /Rotate diubah setelah tanda tangan "Tanda Tangan 1"`);
  });
});
