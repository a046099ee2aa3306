/**
 * Signatures that last, and certificates judged at the right time: the PAdES level reached (B-B, B-T,
 * B-LT, B-LTA), time stamps checked independently (openssl ts -verify, pdfsig), a B-LTA file still
 * verifying with the clock past the signer certificate's expiry while a B-B one does not; an expired
 * certificate with a back-dated /M, a certificate for servers (keyEncipherment, EKU serverAuth),
 * revocation before and after signing, unknown revocation; a document time stamp appended to a signed
 * file and a BER-encoded co-signature stay SAH.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longTermSigningFor } from '../src/app/services.ts';
import { PdfString } from '../src/pdf/pdf-objects.ts';
import { readPdfStructure } from '../src/pdf/pdf-reader.ts';
import { scanSignatureDictionaries } from '../src/pdf/signature-fields.ts';
import { parseCms } from '../src/pki/cms-verify.ts';
import { readDer } from '../src/pki/der.ts';
import { OID } from '../src/pki/oids.ts';
import { generateRsaKeyPair, issueCertificate } from '../src/sign/dev-ca.ts';
import { issueDevCrl, revokeDevCertificate, readRevokedList } from '../src/sign/dev-revocation.ts';
import { LocalTimestampAuthority } from '../src/sign/local-tsa.ts';
import { appendDocumentTimestamp } from '../src/sign/long-term-validation.ts';
import { createLocalRawSigner } from '../src/sign/raw-signer.ts';
import { signPdf } from '../src/sign/sign-pdf.ts';
import { LocalSignerProvider } from '../src/sign/signer-provider.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { basePdf, cleanupSignFixture, GUBERNUR, nssDbTrustingCa, PASS_GUB, PASS_SEKDA, SEKDA, signFixture, tempFile } from './sign-support.ts';
import { requireTools, run } from './support/tools.ts';

afterAll(cleanupSignFixture);

const DAY = 24 * 60 * 60 * 1000;
const YEAR = 365 * DAY;
let fx: ReturnType<typeof signFixture>;
let base: Uint8Array;
let lta: Uint8Array;
const now = new Date();

beforeAll(async () => {
  fx = signFixture();
  base = await basePdf(1);
  const provider = new LocalSignerProvider(fx.keystore, longTermSigningFor({}, fx.keystore));
  lta = await provider.signPdf({ pdf: base, signer: GUBERNUR, passphrase: PASS_GUB, clock: now, slot: { page: 1, x: 300, y: 100, width: 220, height: 70 } });
}, 120_000);

const anchors = () => fx.keystore.trustAnchors();
const tsa = () => new LocalTimestampAuthority(() => ({ tsa: fx.keystore.devTsa(), ca: fx.keystore.devCa() }));

/** A certificate from the development CA with its own key, as a RawSigner. */
function signerWith(spec: Partial<Parameters<typeof issueCertificate>[1]> & { commonName: string }) {
  const keys = generateRsaKeyPair(2048);
  const cert = issueCertificate(fx.keystore.devCa(), { notBefore: new Date(now.getTime() - 30 * DAY), notAfter: new Date(now.getTime() + YEAR), ...spec }, keys.publicKey);
  return { signer: createLocalRawSigner(keys.privateKey, [cert, fx.keystore.devCa().certificate]), cert };
}

describe('PAdES levels', () => {
  it('B-B without a time stamp, B-T with one, B-LTA with DSS and a document time stamp', async () => {
    const signer = fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA);
    const bb = (await signPdf(base, { signer, clock: now })).bytes;
    const bt = (await signPdf(base, { signer, clock: now, tsa: tsa() })).bytes;
    const levels = async (bytes: Uint8Array) => (await verifyPdf(bytes, { trustAnchors: anchors() })).signatures.map((s) => [s.kind, s.level ?? null, s.trustedTimeSource]);
    expect(await levels(bb)).toEqual([['signature', 'B-B', 'waktu verifikasi']]);
    expect(await levels(bt)).toEqual([['signature', 'B-T', 'stempel waktu tanda tangan']]);
    const r = await verifyPdf(lta, { trustAnchors: anchors() });
    expect(r.valid).toBe(true);
    expect(r.signatures.map((s) => [s.kind, s.level ?? null])).toEqual([
      ['signature', 'B-LTA'],
      ['timestamp', null],
    ]);
    const sig = r.signatures[0]!;
    expect(sig.revocation).toEqual([{ certificate: GUBERNUR.name, status: 'good', source: 'OCSP' }]);
    expect(sig.timestamp?.valid).toBe(true);
    // the catalog has the DSS with VRI for the signature
    const pdf = readPdfStructure(lta);
    const dss = pdf.dict(pdf.catalog().get('DSS'))!;
    expect([...dss.entries.keys()].sort()).toEqual(['CRLs', 'Certs', 'OCSPs', 'Type', 'VRI']);
    const contents = (scanSignatureDictionaries(pdf).find((s) => s.dict.get('SubFilter') && (s.dict.get('Type') as { name: string }).name === 'Sig')!.dict.get('Contents') as PdfString).bytes;
    expect([...pdf.dict(dss.get('VRI'))!.entries.keys()]).toEqual([createHash('sha1').update(contents).digest('hex').toUpperCase()]);
  });

  it('openssl ts -verify accepts the signature time stamp and the document time stamp; pdfsig accepts the signature', () => {
    if (!requireTools('independent time-stamp checks', 'openssl', 'pdfsig', 'certutil')) return;
    const bytes = Buffer.from(lta);
    const pdf = readPdfStructure(lta);
    let checked = 0;
    for (const s of scanSignatureDictionaries(pdf)) {
      const c = (s.dict.get('Contents') as PdfString).bytes;
      const br = s.dict.get('ByteRange') as number[];
      const cms = parseCms(c);
      let token: Uint8Array;
      let data: Uint8Array;
      if (cms.contentType === OID.tstInfo) {
        token = c.subarray(0, readDer(c).end);
        data = Buffer.concat([bytes.subarray(0, br[1]), bytes.subarray(br[2], br[2]! + br[3]!)]);
      } else {
        const a = cms.unsignedAttributes.find((x) => x.oid === OID.signatureTimeStampToken)!.values[0]!;
        token = a.bytes.subarray(a.start, a.end);
        data = cms.signature;
      }
      const r = run('openssl', ['ts', '-verify', '-data', tempFile(`ts-${checked}.data`, data), '-in', tempFile(`ts-${checked}.tst`, token), '-token_in', '-CAfile', fx.caFile]);
      expect(r.stdout + r.stderr).toContain('Verification: OK');
      checked++;
    }
    expect(checked).toBe(2);
    const dir = path.join(fx.dir, 'nss-lta');
    mkdirSync(dir, { recursive: true });
    const out = run('pdfsig', ['-nssdir', nssDbTrustingCa(dir, fx.caFile), tempFile('lta.pdf', lta)]).stdout;
    expect(out).toContain('Signature is Valid');
    expect(out).toContain('Certificate is Trusted');
  });

  it('with the clock past the signer certificate expiry the B-LTA file still verifies; a B-B one does not', async () => {
    const expiry = fx.keystore.officialCertificate(GUBERNUR.officialId)!.validity.notAfter;
    const later = new Date(expiry.getTime() + YEAR);
    const r = await verifyPdf(lta, { trustAnchors: anchors(), validationTime: later });
    expect(r.validationTime).toBe(later.toISOString().replace('.000Z', 'Z'));
    expect(r.valid).toBe(true);
    expect(r.signatures[0]!.level).toBe('B-LTA');
    const bb = (await signPdf(base, { signer: fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB), clock: now })).bytes;
    const rb = await verifyPdf(bb, { trustAnchors: anchors(), validationTime: later });
    expect(rb.valid).toBe(false);
    expect(rb.signatures[0]!.problems.some((p) => p.startsWith(`sertifikat "${GUBERNUR.name}" tidak berlaku pada`) && p.includes('(waktu verifikasi)'))).toBe(true);
  });
});

describe('certificates judged at the right time, for the right purpose', () => {
  it('a certificate that expired a year ago, with /M back-dated to when it was valid, is TIDAK SAH', async () => {
    const { signer } = signerWith({ commonName: 'Pejabat Lama', notBefore: new Date(now.getTime() - 3 * YEAR), notAfter: new Date(now.getTime() - YEAR) });
    const backdated = new Date(now.getTime() - 2 * YEAR);
    const signed = (await signPdf(base, { signer, clock: backdated })).bytes;
    const r = await verifyPdf(signed, { trustAnchors: anchors() });
    expect(r.valid).toBe(false);
    const s = r.signatures[0]!;
    expect(s.signingTime).toBe(new Date(Math.floor(backdated.getTime() / 1000) * 1000).toISOString()); // /M has whole seconds
    expect(s.trustedTimeSource).toBe('waktu verifikasi');
    expect(s.problems.some((p) => p.startsWith('sertifikat "Pejabat Lama" tidak berlaku pada') && p.includes('(waktu verifikasi)'))).toBe(true);
  });

  it('a certificate for servers (keyEncipherment only, EKU serverAuth) cannot sign documents', async () => {
    const { signer } = signerWith({ commonName: 'server.example.go.id', keyUsage: { keyEncipherment: true }, extKeyUsage: ['serverAuth'] });
    const r = await verifyPdf((await signPdf(base, { signer, clock: now })).bytes, { trustAnchors: anchors() });
    expect(r.valid).toBe(false);
    expect(r.signatures[0]!.problems).toEqual(
      expect.arrayContaining([
        'sertifikat "server.example.go.id" tidak boleh dipakai menandatangani: keyUsage tanpa digitalSignature maupun nonRepudiation',
        `sertifikat "server.example.go.id" tidak boleh dipakai menandatangani dokumen: extendedKeyUsage hanya ${OID.serverAuth}`,
      ]),
    );
  });

  it('an EKU that allows document signing (RFC 9336 documentSigning, emailProtection) is accepted', async () => {
    for (const eku of [OID.documentSigning, 'emailProtection']) {
      const { signer } = signerWith({ commonName: `Pejabat ${eku}`, extKeyUsage: [eku] });
      const r = await verifyPdf((await signPdf(base, { signer, clock: now })).bytes, { trustAnchors: anchors() });
      expect(r.signatures[0]!.problems, eku).toEqual([]);
    }
  });

  it('revocation: revoked before signing fails, revoked after is a note, no data is "unknown"', async () => {
    const keysDir = fx.keystore.dir;
    const before = signerWith({ commonName: 'Dicabut Sebelum' });
    const after = signerWith({ commonName: 'Dicabut Sesudah' });
    const serial = (c: forge.pki.Certificate) => c.serialNumber.toUpperCase();
    revokeDevCertificate(keysDir, serial(before.cert), new Date(now.getTime() - DAY));
    const signedBefore = (await signPdf(base, { signer: before.signer, clock: now, tsa: tsa() })).bytes;
    const signedAfter = (await signPdf(base, { signer: after.signer, clock: now, tsa: tsa() })).bytes;
    const revokedLater = new Date(Date.now() + 60_000);
    revokeDevCertificate(keysDir, serial(after.cert), revokedLater);
    const crl = issueDevCrl(fx.keystore.devCa(), readRevokedList(keysDir), new Date(Date.now() + 120_000));
    const r1 = await verifyPdf(signedBefore, { trustAnchors: anchors(), revocation: { crls: [crl] } });
    expect(r1.valid).toBe(false);
    expect(r1.signatures[0]!.revocation[0]).toMatchObject({ certificate: 'Dicabut Sebelum', status: 'revoked', source: 'CRL' });
    const r2 = await verifyPdf(signedAfter, { trustAnchors: anchors(), revocation: { crls: [crl] } });
    expect(r2.valid).toBe(true);
    expect(r2.signatures[0]!.notes.some((n) => n.startsWith('sertifikat "Dicabut Sesudah" dicabut') && n.includes('setelah stempel waktu tanda tangan'))).toBe(true);
    const r3 = await verifyPdf(signedAfter, { trustAnchors: anchors() });
    expect(r3.valid).toBe(true);
    expect(r3.signatures[0]!.revocation).toEqual([{ certificate: 'Dicabut Sesudah', status: 'unknown' }]);
    expect(r3.signatures[0]!.notes).toContain('status pencabutan sertifikat "Dicabut Sesudah" tidak diketahui: tidak ada CRL/OCSP di dokumen (DSS) maupun yang diberikan');
  });
});

describe('benign additions stay SAH', () => {
  it('a valid document time stamp appended to a signed file', async () => {
    const signed = (await signPdf(base, { signer: fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA), clock: now })).bytes;
    const stamped = (await appendDocumentTimestamp(signed, tsa(), { clock: now })).bytes;
    const r = await verifyPdf(stamped, { trustAnchors: anchors() });
    expect(r.problems).toEqual([]);
    expect(r.signatures.map((s) => [s.kind, s.problems])).toEqual([
      ['signature', []],
      ['timestamp', []],
    ]);
    expect(r.valid).toBe(true);
    // the document time stamp proves the signature existed: B-T, judged at the time stamp's time
    expect(r.signatures[0]!.level).toBe('B-T');
    expect(r.signatures[0]!.trustedTimeSource).toBe('stempel waktu dokumen');
  });

  it('a co-signature whose CMS is BER-encoded is re-encoded and verified, with a warning', async () => {
    const first = (await signPdf(base, { signer: fx.keystore.loadSigner(SEKDA.officialId, PASS_SEKDA), clock: now })).bytes;
    const second = await signPdf(first, { signer: fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB), clock: now });
    const bytes = new Uint8Array(second.bytes);
    // Rewrite the CMS inside /Contents (outside the signed ranges) with indefinite lengths, as BER signers write.
    const [, a, b] = second.byteRange;
    const der = Buffer.from(Buffer.from(bytes.subarray(a + 1, b - 1)).toString('latin1'), 'hex');
    const ber = toIndefinite(der.subarray(0, readDer(der).end));
    expect(ber.length).toBeGreaterThan(readDer(der).end);
    const hex = ber.toString('hex').toUpperCase().padEnd(b - a - 2, '0');
    bytes.set(Buffer.from(hex, 'latin1'), a + 1);
    const r = await verifyPdf(bytes, { trustAnchors: anchors() });
    expect(r.valid).toBe(true);
    expect(r.signatures[1]!.notes).toContain('CMS tanda tangan ini berkode BER, bukan DER; diperiksa setelah dikodekan ulang sebagai DER (peringatan)');
    writeFileSync(path.join(fx.dir, 'ber.pdf'), bytes);
  });
});

/** The outer constructed elements of a DER encoding rewritten with indefinite lengths (BER). */
function toIndefinite(der: Buffer, depth = 0): Buffer {
  const node = readDer(der);
  const content = der.subarray(node.contentStart, node.end);
  const constructed = (node.tag & 0x20) !== 0;
  // The signed attributes ([0] inside SignerInfo) and certificates keep their DER, as real signers do.
  if (!constructed || depth > 3) return der.subarray(0, node.end);
  const children: Buffer[] = [];
  for (let at = 0; at < content.length; ) {
    const child = readDer(content, at);
    children.push(toIndefinite(Buffer.from(content.subarray(at, child.end)), depth + 1));
    at = child.end;
  }
  return Buffer.concat([Buffer.from([node.tag, 0x80]), ...children, Buffer.from([0, 0])]);
}
