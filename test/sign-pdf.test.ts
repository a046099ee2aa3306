import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetachedHash } from '../src/sign/cms.ts';
import { readPdfStructure } from '../src/pdf/pdf-reader.ts';
import { PdfDict, PdfName, PdfString } from '../src/pdf/pdf-objects.ts';
import { signPdf } from '../src/sign/sign-pdf.ts';
import { PARAF_MANIFEST_NAME, verifyPdf } from '../src/verify/verify-pdf.ts';
import { basePdf, GUBERNUR, nssDbTrustingCa, PASS_GUB, PASS_SEKDA, SEKDA, SIGN_CLOCK, signFixture, tempFile, cleanupSignFixture } from './sign-support.ts';
import { requireTools, run } from './support/tools.ts';

afterAll(cleanupSignFixture);

let fx: ReturnType<typeof signFixture>;
let base: Uint8Array;
let once: Uint8Array;
let twice: Uint8Array;
let onceRange: readonly number[];

beforeAll(async () => {
  fx = signFixture();
  base = await basePdf(2);
  const sekda = fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA);
  const gub = fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB);
  const contentHash = createHash('sha256').update(base).digest('hex');
  const evidence = await signDetachedHash(contentHash, sekda);
  const manifest = { contentHash, entries: [{ file: 'paraf-1-sekda.p7s', officialId: SEKDA.officialId }] };
  const r1 = await signPdf(base, {
    signer: sekda,
    clock: SIGN_CLOCK,
    rect: { page: 2, x: 60, y: 150, width: 220, height: 70 },
    signerName: SEKDA.name,
    jabatan: SEKDA.jabatan,
    reason: 'Paraf akhir',
    location: 'Kupang',
    attachments: [
      { name: 'paraf-1-sekda.p7s', bytes: evidence, mimeType: 'application/pkcs7-signature' },
      { name: PARAF_MANIFEST_NAME, bytes: new TextEncoder().encode(JSON.stringify(manifest)), mimeType: 'application/json' },
    ],
  });
  once = r1.bytes;
  onceRange = r1.byteRange;
  const r2 = await signPdf(once, {
    signer: gub,
    clock: new Date(SIGN_CLOCK.getTime() + 60_000),
    rect: { page: 2, x: 330, y: 150, width: 220, height: 70 },
    signerName: GUBERNUR.name,
    jabatan: GUBERNUR.jabatan,
    reason: 'Penetapan Keputusan Gubernur',
    location: 'Kupang',
  });
  twice = r2.bytes;
}, 120_000);

describe('signPdf: PAdES B-B as an incremental update', () => {
  it('leaves the earlier bytes untouched and appends a revision with /Prev', () => {
    expect(Buffer.from(once.subarray(0, base.length)).equals(Buffer.from(base))).toBe(true);
    expect(Buffer.from(twice.subarray(0, once.length)).equals(Buffer.from(once))).toBe(true);
    const s = readPdfStructure(twice);
    expect(s.xrefChain).toHaveLength(3);
    expect(s.trailer.get('Prev')).toBe(readPdfStructure(once).startxref);
    expect(onceRange[0]).toBe(0);
    expect(onceRange[2]! + onceRange[3]!).toBe(once.length);
  });

  it('writes the signature dictionary PAdES requires: PPKLite, ETSI.CAdES.detached, /M, no /Cert; AcroForm SigFlags 3', () => {
    const s = readPdfStructure(twice);
    const acro = s.dict(s.catalog().get('AcroForm'))!;
    expect(acro.get('SigFlags')).toBe(3);
    const fields = s.resolve(acro.get('Fields')) as unknown[];
    expect(fields).toHaveLength(2);
    const widget = s.dict(fields[1] as never)!;
    expect((widget.get('T') as PdfString).text()).toBe('Tanda Tangan 2');
    const sig = s.dict(widget.get('V'))!;
    expect((sig.get('Filter') as PdfName).name).toBe('Adobe.PPKLite');
    expect((sig.get('SubFilter') as PdfName).name).toBe('ETSI.CAdES.detached');
    expect((sig.get('M') as PdfString).text()).toBe("D:20250324093100+07'00'"); // WIB, the signer's local time
    expect(sig.get('Cert')).toBeUndefined();
    const page2 = s.dict(s.pageRefs()[1]!)!;
    expect((s.resolve(page2.get('Annots')) as unknown[]).length).toBe(2);
    const ap = s.object((s.dict(widget.get('AP'))!.get('N')) as never);
    expect(ap.value).toBeInstanceOf(PdfDict);
    // The appearance is set in the body font, embedded (a subset), never an unembedded standard font.
    const fonts = s.dict(s.dict((ap.value as PdfDict).get('Resources'))!.get('Font'))!;
    for (const ref of fonts.entries.values()) {
      const font = s.dict(ref)!;
      expect((font.get('Subtype') as PdfName).name).toBe('Type0');
      const descriptor = s.dict(s.dict((s.resolve(font.get('DescendantFonts')) as never[])[0])!.get('FontDescriptor'))!;
      expect(descriptor.has('FontFile3') || descriptor.has('FontFile2')).toBe(true);
    }
    if (requireTools('the stamp as a reader draws it', 'mutool')) {
      const text = run('mutool', ['draw', '-F', 'txt', '-o', '-', tempFile('twice-text.pdf', twice), '2']).stdout;
      expect(text).toContain('Ditandatangani secara elektronik oleh:');
      expect(text).toContain(GUBERNUR.name);
      expect(text).toContain('24 Maret 2025 09.31 WIB');
    }
  });

  it('pdfsig: both signatures valid and trusted, the last covers the whole document, the first does not', () => {
    if (!requireTools('pdfsig', 'pdfsig', 'certutil')) return;
    const dir = path.join(fx.dir, 'nss-sign');
    mkdirSync(dir, { recursive: true });
    const db = nssDbTrustingCa(dir, fx.caFile);
    const onceOut = run('pdfsig', ['-nssdir', db, tempFile('once.pdf', once)]).stdout;
    expect(onceOut).toContain('Signature is Valid');
    expect(onceOut).toContain('Certificate is Trusted');
    expect(onceOut).toContain('Total document signed');
    const out = run('pdfsig', ['-nssdir', db, tempFile('twice.pdf', twice)]).stdout;
    const parts = out.split(/Signature #\d+:/).slice(1);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain(`Common Name: ${SEKDA.name}`);
    expect(parts[0]).toContain('Signature is Valid');
    expect(parts[0]).toContain('Certificate is Trusted');
    expect(parts[0]).toContain('Not total document signed');
    expect(parts[0]).toContain('ETSI.CAdES.detached');
    expect(parts[1]).toContain(`Common Name: ${GUBERNUR.name}`);
    expect(parts[1]).toContain('Signature is Valid');
    expect(parts[1]).toContain('Certificate is Trusted');
    expect(parts[1]).toContain('Total document signed');
  });

  it('openssl cms -verify succeeds on the CMS pdfsig -dump extracts, over the ByteRange bytes', () => {
    if (!requireTools('pdfsig -dump + openssl', 'pdfsig', 'openssl')) return;
    const dir = path.join(fx.dir, 'dump');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'twice.pdf');
    tempFile('dump/twice.pdf', twice);
    run('sh', ['-c', `cd ${dir} && pdfsig -dump twice.pdf`]);
    const s = readPdfStructure(twice);
    const fields = s.resolve(s.dict(s.catalog().get('AcroForm'))!.get('Fields')) as never[];
    for (let i = 0; i < 2; i++) {
      const sig = s.dict(s.dict(fields[i])!.get('V'))!;
      const [, a, b, c] = s.resolve(sig.get('ByteRange')) as number[];
      const signed = Buffer.concat([twice.subarray(0, a), twice.subarray(b!, b! + c!)]);
      tempFile(`dump/signed-${i}.bin`, signed);
      const der = path.join(dir, `twice.pdf.sig${i}`);
      const r = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', der, '-content', path.join(dir, `signed-${i}.bin`), '-CAfile', fx.caFile, '-purpose', 'any', '-out', '/dev/null']);
      expect(r.stderr).toContain('Verification successful');
      const printed = run('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', der]).stdout;
      expect(printed).toContain('id-smime-aa-signingCertificateV2');
      expect(printed).not.toContain('signingTime');
    }
    expect(readFileSync(file).length).toBe(twice.length);
  });

  it('qpdf --check finds no errors and mutool sees the last signature unchanged', () => {
    if (!requireTools('qpdf/mutool', 'qpdf', 'mutool')) return;
    const file = tempFile('check.pdf', twice);
    const q = run('qpdf', ['--check', file]);
    expect(q.status).toBe(0);
    expect(q.stdout).toContain('No syntax or stream encoding errors found');
    const m = run('mutool', ['sign', '-v', file]);
    expect(m.stdout + m.stderr).toContain('The document is unchanged since signing.');
  });

  it('embeds the paraf evidence and manifest so the signature covers them, and verifyPdf checks them', async () => {
    const r = await verifyPdf(twice, { trustAnchors: fx.keystore.trustAnchors() });
    expect(r.problems).toEqual([]);
    expect(r.valid).toBe(true);
    expect(r.embeddedFiles.map((f) => f.name).sort()).toEqual(['paraf-1-sekda.p7s', PARAF_MANIFEST_NAME]);
    expect(r.parafEvidence).toEqual([{ file: 'paraf-1-sekda.p7s', officialId: SEKDA.officialId, signerName: SEKDA.name, valid: true, problems: [] }]);
    if (requireTools('pdfdetach', 'pdfdetach')) {
      const list = run('pdfdetach', ['-list', tempFile('detach.pdf', twice)]).stdout;
      expect(list).toContain('paraf-1-sekda.p7s');
      expect(list).toContain(PARAF_MANIFEST_NAME);
    }
  });

  it('reports paraf evidence made over another version hash', async () => {
    const sekda = fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA);
    const otherHash = createHash('sha256').update('versi lama').digest('hex');
    const evidence = await signDetachedHash(otherHash, sekda);
    const manifest = { contentHash: createHash('sha256').update(base).digest('hex'), entries: [{ file: 'paraf.p7s' }] };
    const signed = await signPdf(base, {
      signer: sekda,
      clock: SIGN_CLOCK,
      attachments: [
        { name: 'paraf.p7s', bytes: evidence },
        { name: PARAF_MANIFEST_NAME, bytes: new TextEncoder().encode(JSON.stringify(manifest)) },
      ],
    });
    const r = await verifyPdf(signed.bytes, { trustAnchors: fx.keystore.trustAnchors() });
    expect(r.valid).toBe(false);
    expect(r.parafEvidence[0]?.valid).toBe(false);
    expect(r.problems.join('\n')).toContain('bukti paraf paraf.p7s tidak sah: bukti paraf dibuat untuk hash versi lain');
  });

  it('fails with SIGNATURE_TOO_LARGE when the CMS does not fit the placeholder', async () => {
    const signer = fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA);
    await expect(signPdf(base, { signer, clock: SIGN_CLOCK, contentsSize: 1024 })).rejects.toMatchObject({ code: 'SIGNATURE_TOO_LARGE' });
  });

  it('signs a PDF whose cross-reference is a stream (object streams) by appending a cross-reference stream', async () => {
    const xrefStream = await basePdf(2, true);
    expect(readPdfStructure(xrefStream).usesXrefStream).toBe(true);
    const r1 = await signPdf(xrefStream, { signer: fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA), clock: SIGN_CLOCK, rect: { page: 2, x: 60, y: 150, width: 220, height: 70 } });
    const r2 = await signPdf(r1.bytes, { signer: fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB), clock: SIGN_CLOCK, rect: { page: 2, x: 330, y: 150, width: 220, height: 70 } });
    const s = readPdfStructure(r2.bytes);
    expect(s.usesXrefStream).toBe(true);
    expect(s.xrefChain).toHaveLength(3);
    const v = await verifyPdf(r2.bytes, { trustAnchors: fx.keystore.trustAnchors() });
    expect(v.valid).toBe(true);
    expect(v.signatures.map((x) => x.signerName)).toEqual([SEKDA.name, GUBERNUR.name]);
    if (requireTools('pdfsig/qpdf on xref streams', 'pdfsig', 'certutil', 'qpdf')) {
      const dir = path.join(fx.dir, 'nss-xrefstream');
      mkdirSync(dir, { recursive: true });
      const file = tempFile('xrefstream-signed.pdf', r2.bytes);
      const out = run('pdfsig', ['-nssdir', nssDbTrustingCa(dir, fx.caFile), file]).stdout;
      expect(out.match(/Signature is Valid/g)).toHaveLength(2);
      expect(out).toContain('Total document signed');
      expect(run('qpdf', ['--check', file]).status).toBe(0);
    }
  });

  it('refuses an encrypted PDF with PDF_UNSUPPORTED', async () => {
    if (!requireTools('encrypted PDF fixture', 'qpdf')) return;
    const plain = tempFile('plain.pdf', base);
    const encrypted = path.join(fx.dir, 'encrypted.pdf');
    expect(run('qpdf', ['--encrypt', 'baca', 'pemilik', '256', '--', plain, encrypted]).status).toBe(0);
    const signer = fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA);
    await expect(signPdf(new Uint8Array(readFileSync(encrypted)), { signer, clock: SIGN_CLOCK })).rejects.toMatchObject({ code: 'PDF_UNSUPPORTED' });
  });

  it('refuses a page that does not exist and a field name already taken', async () => {
    const signer = fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA);
    await expect(signPdf(base, { signer, clock: SIGN_CLOCK, rect: { page: 9, x: 0, y: 0, width: 10, height: 10 } })).rejects.toMatchObject({ code: 'SIGNING_FAILED' });
    await expect(signPdf(once, { signer, clock: SIGN_CLOCK, fieldName: 'Tanda Tangan 1' })).rejects.toMatchObject({ code: 'SIGNING_FAILED' });
  });
});
