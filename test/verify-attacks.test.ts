/**
 * Shadow attacks (hide, replace, hide-and-replace) and structural tricks on an issued demo PDF — the
 * Bekasi instruction, whose lampiran carries the amount Rp1.440.000 — each followed, where the attack
 * needs it, by a valid co-signature of another official under the same CA. The verifier must say
 * TIDAK SAH and name the object; the benign cases (a reordered catalog, a plain co-signature, updated
 * /Info, identical content recompressed) must stay SAH. Updates are written by hand
 * (test/support/pdf-attacks.ts), not by naskah's writer, as files built elsewhere would be.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { PdfDict, PdfName, PdfRef, name, textString, type PdfValue } from '../src/pdf/pdf-objects.ts';
import { readPdfStructure } from '../src/pdf/pdf-reader.ts';
import { serialize } from '../src/pdf/pdf-syntax.ts';
import { openKeystore } from '../src/sign/keystore.ts';
import type { RawSigner } from '../src/sign/raw-signer.ts';
import { signPdf } from '../src/sign/sign-pdf.ts';
import { DEMO_PASSPHRASE } from '../src/use-cases/run-demo.ts';
import { verifyPdf, type VerifyPdfResult } from '../src/verify/verify-pdf.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { appendRawUpdate, findText, flate, replaceText } from './support/pdf-attacks.ts';
import { requireTools, run } from './support/tools.ts';

const AMOUNT = 'Rp1.440.000';
const FORGED = 'Rp9.440.000';

let issued: Uint8Array;
let anchors: forge.pki.Certificate[];
let attacker: RawSigner;
let dataDir = '';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdout, stderr });
  return { code, out, err };
}

beforeAll(async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'naskah-attacks-'));
  dataDir = path.join(out, 'data');
  const saved = process.env.NASKAH_DATA_DIR;
  process.env.NASKAH_DATA_DIR = dataDir;
  try {
    const r = await cli(['demo', '--out', out, '--quiet', '--participants', '20']);
    expect(r.code, r.err).toBe(0);
    const pdfs = [...r.out.matchAll(/^\s+(\S+\.pdf)\s+\(nomor/gm)].map((m) => m[1]!);
    issued = new Uint8Array(readFileSync(pdfs.find((p) => p.includes('instruksi-walikota-bekasi'))!));
  } finally {
    if (saved === undefined) delete process.env.NASKAH_DATA_DIR;
    else process.env.NASKAH_DATA_DIR = saved;
  }
  const keystore = openKeystore(path.join(dataDir, 'keys'));
  anchors = keystore.trustAnchors();
  const signerOfBekasi = (await verifyPdf(issued, { trustAnchors: anchors })).signatures[0]!.signerName;
  // Another official of the demo under the same CA: the attacker holds a valid certificate.
  const ids = readdirSync(path.join(dataDir, 'keys', 'officials')).filter((f) => f.endsWith('.p12')).map((f) => f.slice(0, -4));
  for (const id of ids) {
    const s = keystore.loadSigner(id, DEMO_PASSPHRASE);
    if ((s.certificateChain[0]!.subject.getField('CN') as { value: string }).value !== signerOfBekasi) {
      attacker = s;
      break;
    }
  }
}, 300_000);

const attackerName = () => (attacker.certificateChain[0]!.subject.getField('CN') as { value: string }).value;

async function coSign(bytes: Uint8Array): Promise<Uint8Array> {
  return (await signPdf(bytes, { signer: attacker, clock: new Date(), rect: { page: 1, x: 40, y: 30, width: 180, height: 45 }, signerName: attackerName(), jabatan: 'Pejabat lain' })).bytes;
}

const verify = (bytes: Uint8Array): Promise<VerifyPdfResult> => verifyPdf(bytes, { trustAnchors: anchors });

function textOf(bytes: Uint8Array): string {
  return run('pdftotext', ['-layout', '-', '-'], bytes).stdout;
}

/** The issued file's structure and the amount's place in it. */
function target() {
  const pdf = readPdfStructure(issued);
  const found = findText(pdf, AMOUNT);
  return { pdf, found };
}

function expectOnlyFirstSignatureObjects(r: VerifyPdfResult, ...messages: string[]): void {
  expect(r.valid).toBe(false);
  const first = r.signatures[0]!;
  expect(first.digestOk && first.signatureOk && first.chainOk).toBe(true);
  for (const m of messages) expect(first.problems, JSON.stringify(first.problems, null, 1)).toContain(m);
  const second = r.signatures.find((s) => s.signerName === attackerName());
  if (second) expect(second.problems, 'the co-signature itself is fine').toEqual([]);
}

const LABEL = 'tanda tangan "Tanda Tangan 1"';

describe('the attacks of issue 10, each followed by a valid co-signature', () => {
  it('the issued PDF verifies as SAH and draws the amount', async () => {
    const r = await verify(issued);
    expect(r.valid).toBe(true);
    if (requireTools('amount drawn', 'pdftotext')) expect(textOf(issued)).toContain(AMOUNT);
  });

  it('a page content stream replaced by an object whose dictionary says /Type /Filespec', async () => {
    const { pdf, found } = target();
    const forged = replaceText(pdf, found, AMOUNT, FORGED);
    const attacked = await coSign(
      appendRawUpdate(issued, [{ num: found.contentRef.num, body: new PdfDict([['Type', name('Filespec')]]), stream: new Uint8Array(Buffer.from(forged, 'latin1')) }]),
    );
    if (requireTools('the forged amount is what a reader shows', 'pdftotext')) expect(textOf(attacked)).toContain(FORGED);
    expectOnlyFirstSignatureObjects(
      await verify(attacked),
      `objek ${found.contentRef.num} (isi halaman ${found.page}) diubah setelah ${LABEL}: jenis berubah dari (tanpa /Type) menjadi /Filespec`,
    );
  });

  it('the original content object marked free in a later xref section', async () => {
    const { found } = target();
    const attacked = await coSign(appendRawUpdate(issued, [], { free: [{ num: found.contentRef.num, gen: 1 }] }));
    if (requireTools('the content is gone for a reader that honours the free entry', 'qpdf')) {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'naskah-free-')), 'freed.pdf');
      (await import('node:fs')).writeFileSync(file, attacked);
      expect(run('qpdf', [`--show-object=${found.contentRef.num}`, file]).stdout.trim()).toBe('null');
    }
    expectOnlyFirstSignatureObjects(await verify(attacked), `objek ${found.contentRef.num} (isi halaman ${found.page}) dihapus (ditandai bebas di tabel xref) setelah ${LABEL}`);
  });

  it('an unsigned /FT /Sig widget whose appearance paints a white box and a new amount over the cell', async () => {
    const { pdf, found } = target();
    const size = pdf.size;
    const page = pdf.dict(found.pageRef)!.clone();
    const annots = pdf.resolve(page.get('Annots'));
    page.set('Annots', [...(Array.isArray(annots) ? annots : []), new PdfRef(size, 0)]);
    const acroRef = pdf.catalog().get('AcroForm') as PdfRef;
    const acro = pdf.dict(acroRef)!.clone();
    acro.set('Fields', [...(pdf.resolve(acro.get('Fields')) as PdfValue[]), new PdfRef(size, 0)]);
    const rect = [found.x - 2, found.y - 3, found.x + 72, found.y + 11];
    const ap = `q 1 1 1 rg 0 0 74 14 re f Q BT 0 0 0 rg /Helv 10 Tf 2 3 Td (${FORGED}) Tj ET`;
    const attacked = await coSign(
      appendRawUpdate(issued, [
        {
          num: size,
          body: new PdfDict([
            ['Type', name('Annot')],
            ['Subtype', name('Widget')],
            ['FT', name('Sig')],
            ['T', textString('Koreksi')],
            ['F', 4],
            ['P', found.pageRef],
            ['Rect', rect],
            ['AP', new PdfDict([['N', new PdfRef(size + 1, 0)]])],
          ]),
        },
        {
          num: size + 1,
          body: new PdfDict([
            ['Type', name('XObject')],
            ['Subtype', name('Form')],
            ['BBox', [0, 0, 74, 14]],
            ['Resources', new PdfDict([['Font', new PdfDict([['Helv', new PdfDict([['Type', name('Font')], ['Subtype', name('Type1')], ['BaseFont', name('Helvetica')]])]])]])],
          ]),
          stream: new Uint8Array(Buffer.from(ap, 'latin1')),
        },
        { num: found.pageRef.num, body: page },
        { num: acroRef.num, body: acro },
      ]),
    );
    expectOnlyFirstSignatureObjects(
      await verify(attacked),
      `widget tanda tangan yang tampak tetapi tidak ditandatangani ditambahkan (objek ${size}) setelah ${LABEL}: ia dapat menutupi isi halaman`,
    );
  });

  it('document JavaScript added under the catalog /Names', async () => {
    const { pdf } = target();
    const size = pdf.size;
    const catalog = pdf.catalog().clone();
    const names = (pdf.dict(catalog.get('Names')) ?? new PdfDict()).clone();
    names.set('JavaScript', new PdfDict([['Names', [textString('buka'), new PdfRef(size, 0)]]]));
    catalog.set('Names', names);
    const attacked = await coSign(
      appendRawUpdate(issued, [
        { num: size, body: new PdfDict([['S', name('JavaScript')], ['JS', textString("this.getField('x')")]]) },
        { num: pdf.root.num, body: catalog },
      ]),
    );
    expectOnlyFirstSignatureObjects(await verify(attacked), `katalog: /Names (pohon nama: JavaScript, berkas tersemat, tujuan bernama) diubah setelah ${LABEL}`);
  });

  it("the first signature's field removed from /Fields (its stamp still on the page) and an amount changed: both signers listed", async () => {
    const { pdf, found } = target();
    const acroRef = pdf.catalog().get('AcroForm') as PdfRef;
    const acro = pdf.dict(acroRef)!.clone();
    const fields = pdf.resolve(acro.get('Fields')) as PdfRef[];
    acro.set('Fields', fields.slice(1)); // the first signature's field goes, the document time stamp's stays
    const forged = replaceText(pdf, found, AMOUNT, FORGED);
    const attacked = await coSign(
      appendRawUpdate(issued, [
        { num: acroRef.num, body: acro },
        { num: found.contentRef.num, body: new PdfDict([['Filter', name('FlateDecode')]]), stream: flate(forged) },
      ]),
    );
    const r = await verify(attacked);
    expect(r.valid).toBe(false);
    expect(r.signatures.map((s) => [s.fieldName, s.kind, s.signerName, s.referenced])).toEqual([
      ['(tidak dirujuk)', 'signature', (await verify(issued)).signatures[0]!.signerName, false],
      ['Stempel Waktu 1', 'timestamp', expect.stringContaining('TSA'), true],
      ['Tanda Tangan 1', 'signature', attackerName(), true],
    ]);
    const first = r.signatures[0]!;
    expect(first.problems).toContain('kamus tanda tangan ini tidak lagi dirujuk field mana pun di AcroForm: fieldnya dihapus atau diganti setelah ditandatangani');
    const label = 'tanda tangan "(tidak dirujuk)"';
    expect(first.problems).toContain(`objek ${fields[0]!.num} (field "Tanda Tangan 1") dihapus dari AcroForm /Fields setelah ${label}`);
    expect(first.problems, JSON.stringify(first.problems)).toContain(`objek ${found.contentRef.num} (isi halaman ${found.page}) diubah setelah ${label}: isi stream diubah`);
  });

  it('a catalog rewritten with the same entries in another order is not a change (SAH)', async () => {
    const { pdf } = target();
    const reversed = new PdfDict([...pdf.catalog().entries].reverse());
    const r = await verify(appendRawUpdate(issued, [{ num: pdf.root.num, body: reversed }]));
    expect(r.problems).toEqual([]);
    expect(r.signatures[0]!.problems).toEqual([]);
    expect(r.valid).toBe(true);
  });
});

describe('more attacks of the same classes, in files built other ways', () => {
  it('replace through a cross-reference stream: the page object redefined with new /Contents', async () => {
    const { pdf, found } = target();
    const size = pdf.size;
    const page = pdf.dict(found.pageRef)!.clone().set('Contents', new PdfRef(size, 0));
    const attacked = await coSign(
      appendRawUpdate(
        issued,
        [
          { num: size, body: new PdfDict([['Filter', name('FlateDecode')]]), stream: flate(replaceText(pdf, found, AMOUNT, FORGED)) },
          { num: found.pageRef.num, body: page },
        ],
        { xref: 'stream' },
      ),
    );
    if (requireTools('forged through an xref stream', 'pdftotext')) expect(textOf(attacked)).toContain(FORGED);
    expectOnlyFirstSignatureObjects(
      await verify(attacked),
      `halaman ${found.page} (objek ${found.pageRef.num}): /Contents diubah setelah ${LABEL}`,
      `objek baru ${size} di halaman ${found.page} dipakai sebagai isi dokumen setelah ${LABEL}`,
    );
  });

  it('a hybrid section whose /XRefStm redefines an object the table keeps: reported as ambiguous', async () => {
    const { pdf, found } = target();
    const page = pdf.dict(found.pageRef)!;
    const attacked = appendRawUpdate(issued, [{ num: found.pageRef.num, body: page }], {
      xref: 'hybrid',
      hiddenInStream: [{ num: found.pageRef.num, body: page.clone().set('Rotate', 180) }],
    });
    const r = await verify(attacked);
    expect(r.valid).toBe(false);
    expect(r.signatures[0]!.problems.some((p) => p.startsWith(`objek ${found.pageRef.num} didefinisikan berbeda oleh tabel xref dan /XRefStm`))).toBe(true);
  });

  it('an object defined twice in one update (the xref points at the harmless copy)', async () => {
    const { pdf, found } = target();
    const page = pdf.dict(found.pageRef)!;
    const evil = `${found.pageRef.num} 0 obj\n${serialize(page.clone().set('Rotate', 90))}\nendobj\n`;
    const attacked = appendRawUpdate(issued, [{ num: found.pageRef.num, body: page }], { extraBody: evil });
    const r = await verify(attacked);
    expect(r.valid).toBe(false);
    expect(r.signatures[0]!.problems.some((p) => p.startsWith(`objek ${found.pageRef.num} didefinisikan di offset`) && p.includes('definisi ganda'))).toBe(true);
  });

  it('an object given a new generation (old references now point nowhere)', async () => {
    const { found } = target();
    const attacked = await coSign(appendRawUpdate(issued, [{ num: found.contentRef.num, gen: 1, body: new PdfDict(), stream: new Uint8Array(Buffer.from('BT ET')) }]));
    expectOnlyFirstSignatureObjects(await verify(attacked), `objek ${found.contentRef.num} (isi halaman ${found.page}) diganti generasinya (0 → 1) setelah ${LABEL}`);
  });

  it('an OpenAction, a new page, a Link with JavaScript and a text field are each reported', async () => {
    const { pdf, found } = target();
    const size = pdf.size;
    const catalog = pdf.catalog().clone().set('OpenAction', new PdfRef(size, 0));
    const pagesRef = catalog.get('Pages') as PdfRef;
    const pages = pdf.dict(pagesRef)!.clone();
    pages.set('Kids', [...(pdf.resolve(pages.get('Kids')) as PdfValue[]), new PdfRef(size + 1, 0)]).set('Count', (pages.get('Count') as number) + 1);
    const page = pdf.dict(found.pageRef)!.clone();
    page.set('Annots', [...((pdf.resolve(page.get('Annots')) as PdfValue[] | undefined) ?? []), new PdfRef(size + 2, 0), new PdfRef(size + 3, 0)]);
    const acroRef = pdf.catalog().get('AcroForm') as PdfRef;
    const acro = pdf.dict(acroRef)!.clone();
    acro.set('Fields', [...(pdf.resolve(acro.get('Fields')) as PdfValue[]), new PdfRef(size + 3, 0)]);
    const attacked = appendRawUpdate(issued, [
      { num: size, body: new PdfDict([['S', name('JavaScript')], ['JS', textString('app.alert(1)')]]) },
      { num: size + 1, body: new PdfDict([['Type', name('Page')], ['Parent', pagesRef], ['MediaBox', [0, 0, 600, 900]]]) },
      { num: size + 2, body: new PdfDict([['Type', name('Annot')], ['Subtype', name('Link')], ['Rect', [0, 0, 600, 900]], ['A', new PdfRef(size, 0)]]) },
      { num: size + 3, body: new PdfDict([['Type', name('Annot')], ['Subtype', name('Widget')], ['FT', name('Tx')], ['T', textString('jumlah')], ['V', textString(FORGED)], ['Rect', [100, 100, 200, 120]], ['P', found.pageRef]]) },
      { num: pdf.root.num, body: catalog },
      { num: pagesRef.num, body: pages },
      { num: found.pageRef.num, body: page },
      { num: acroRef.num, body: acro },
    ]);
    const r = await verify(attacked);
    expect(r.valid).toBe(false);
    const p = r.signatures[0]!.problems;
    expect(p).toContain(`katalog: /OpenAction (aksi otomatis) ditambahkan setelah ${LABEL}`);
    expect(p).toContain(`objek ${pagesRef.num} (pohon halaman) diubah setelah ${LABEL}: kunci diubah: /Count, /Kids`);
    expect(p).toContain(`anotasi /Link ditambahkan di halaman ${found.page} (objek ${size + 2}) setelah ${LABEL}`);
    expect(p).toContain(`field formulir /Tx ditambahkan (objek ${size + 3}) setelah ${LABEL}; hanya field tanda tangan yang boleh ditambahkan`);
  });

  it('a reference the signed revision left undefined, filled in later, is not a free slot', async () => {
    const { pdf, found } = target();
    // The signed page's /Contents becomes an array holding an undefined object, then that object is defined.
    const size = pdf.size;
    const page = pdf.dict(found.pageRef)!.clone().set('Contents', [found.contentRef, new PdfRef(size + 500, 0)]);
    const signedWithHole = appendRawUpdate(issued, [{ num: found.pageRef.num, body: page }]);
    const resigned = await coSign(signedWithHole);
    const filled = appendRawUpdate(resigned, [{ num: size + 500, body: new PdfDict(), stream: new Uint8Array(Buffer.from(`BT /F1 12 Tf 100 100 Td (X) Tj ET`)) }]);
    const r = await verify(filled);
    expect(r.valid).toBe(false);
    const second = r.signatures.find((s) => s.signerName === attackerName())!;
    expect(second.problems, JSON.stringify(second.problems)).toContain(`objek baru ${size + 500} di halaman ${found.page} dipakai sebagai isi dokumen setelah tanda tangan "Tanda Tangan 2"`);
  });

  it('a /Prev loop and a truncated file are judged TIDAK SAH, not trusted and not crashed on', async () => {
    const { pdf } = target();
    const loopStart = issued.length + 1;
    const loop = appendRawUpdate(issued, [{ num: pdf.root.num, body: pdf.catalog() }], { trailer: [['Prev', loopStart + 1_000_000]] });
    const looped = new Uint8Array(Buffer.from(Buffer.from(loop).toString('latin1').replace(`/Prev ${loopStart + 1_000_000}`, `/Prev ${Buffer.from(loop).lastIndexOf('\nxref\n') + 1}`.padEnd(`/Prev ${loopStart + 1_000_000}`.length, ' ')), 'latin1'));
    const r1 = await verify(looped);
    expect(r1.valid).toBe(false);
    expect(r1.problems.join(' ')).toContain('rantai /Prev xref berulang');
    const truncated = issued.subarray(0, issued.length - 300);
    const r2 = await verify(truncated);
    expect(r2.valid).toBe(false);
  });

  it('a file rewritten whole by qpdf (object streams, new xref) no longer holds the signed revision', async () => {
    if (!requireTools('qpdf rewrite', 'qpdf')) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-qpdf-'));
    const input = path.join(dir, 'in.pdf');
    const output = path.join(dir, 'out.pdf');
    (await import('node:fs')).writeFileSync(input, issued);
    const q = run('qpdf', ['--object-streams=generate', input, output]);
    expect(q.status).toBe(0);
    const r = await verify(new Uint8Array(readFileSync(output)));
    expect(r.valid).toBe(false);
    // The signed bytes are gone: the ByteRange no longer frames a revision of this file.
    expect(r.signatures[0]!.problems.some((p) => /ByteRange tidak|bukan revisi utuh/.test(p)), JSON.stringify(r.signatures[0]!.problems)).toBe(true);
    expect(r.signatures[0]!.digestOk).toBe(false);
  });
});

describe('benign later revisions stay SAH', () => {
  it('a plain co-signature by another official', async () => {
    const r = await verify(await coSign(issued));
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => s.problems)).toEqual([[], [], []]);
  });

  it('/Info updated in a later revision is a note, not a problem', async () => {
    const { pdf } = target();
    const infoRef = pdf.trailer.get('Info') as PdfRef;
    const info = pdf.dict(infoRef)!.clone().set('ModDate', textString("D:20260101000000+07'00'"));
    const r = await verify(appendRawUpdate(issued, [{ num: infoRef.num, body: info }]));
    expect(r.valid).toBe(true);
    expect(r.signatures[0]!.notes).toContain(`kamus /Info diperbarui setelah ${LABEL}`);
  });

  it('identical content recompressed and written with other number spellings is not a change', async () => {
    const { pdf, found } = target();
    const page = pdf.dict(found.pageRef)!;
    const respelled = `<< ${[...page.entries].map(([k, v]) => `/${k} ${v instanceof PdfRef ? `${v.num} ${v.gen} R` : Array.isArray(v) ? `[${v.map((x) => (typeof x === 'number' ? x.toFixed(3) : String(x))).join(' ')}]` : v instanceof PdfName ? `/${v.name}` : ''}`).join(' ')} >>`;
    const r = await verify(
      appendRawUpdate(issued, [
        { num: found.contentRef.num, body: new PdfDict([['Filter', name('FlateDecode')]]), stream: new Uint8Array((await import('node:zlib')).deflateSync(Buffer.from(found.content, 'latin1'), { level: 9 })) },
        { num: found.pageRef.num, body: respelled },
      ]),
    );
    expect(r.signatures[0]!.problems).toEqual([]);
    expect(r.valid).toBe(true);
  });
});

describe('the public Verifikasi page shows the same verdicts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const keys = path.join(h.dataDir, 'keys');
    (await import('node:fs')).mkdirSync(keys, { recursive: true });
    (await import('node:fs')).copyFileSync(path.join(dataDir, 'keys', 'dev-ca.crt.pem'), path.join(keys, 'dev-ca.crt.pem'));
  }, 60_000);
  afterAll(async () => h?.close());

  it('an attacked file uploaded to /verifikasi is TIDAK sah, naming the changed object', async () => {
    const { pdf, found } = target();
    const forged = replaceText(pdf, found, AMOUNT, FORGED);
    const attacked = await coSign(
      appendRawUpdate(issued, [{ num: found.contentRef.num, body: new PdfDict([['Type', name('Filespec')]]), stream: new Uint8Array(Buffer.from(forged, 'latin1')) }]),
    );
    const visitor = new Client(h.baseUrl);
    const token = await visitor.formToken('/verifikasi');
    const form = new FormData();
    form.set('_csrf', token);
    form.set('file', new Blob([Buffer.from(attacked)], { type: 'application/pdf' }), 'instruksi.pdf');
    const page = await (await visitor.fetch('/verifikasi', { method: 'POST', body: form })).text();
    expect(page).toContain('TIDAK sah');
    expect(page).toContain(`objek ${found.contentRef.num} (isi halaman ${found.page}) diubah setelah`);
    const good = new FormData();
    good.set('_csrf', token);
    good.set('file', new Blob([Buffer.from(issued)], { type: 'application/pdf' }), 'instruksi.pdf');
    const okPage = await (await visitor.fetch('/verifikasi', { method: 'POST', body: good })).text();
    expect(okPage).toContain('Tanda tangan elektronik utuh (PAdES B-LTA)');
  }, 60_000);
});
