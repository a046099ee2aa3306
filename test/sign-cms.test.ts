import { createHash, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import forge from 'node-forge';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commonName } from '../src/pki/certificate-info.ts';
import { validateCertificatePath } from '../src/pki/certificate-path.ts';
import { checkCms, parseCms } from '../src/pki/cms-verify.ts';
import { derChildren, derContent, derOid, readDer } from '../src/pki/der.ts';
import { OID as CMS_OID } from '../src/pki/oids.ts';
import { buildSignedData, signDetachedHash } from '../src/sign/cms.ts';
import { toX509, verifyParafEvidence } from '../src/verify/paraf-evidence.ts';
import { openKeystore } from '../src/sign/keystore.ts';
import { certificateDer } from '../src/sign/raw-signer.ts';
import { GUBERNUR, PASS_GUB, SEKDA, signFixture, cleanupSignFixture } from './sign-support.ts';
import { requireTools, run } from './support/tools.ts';

afterAll(cleanupSignFixture);

let fx: ReturnType<typeof signFixture>;
beforeAll(() => {
  fx = signFixture();
}, 60_000);

describe('development CA and keystore', () => {
  it('labels the CA as not a BSrE certificate and issues RSA-3072 signing certificates', () => {
    const ca = new X509Certificate(certificateDer(fx.keystore.trustAnchors()[0]!));
    expect(ca.subject).toContain('CN=naskah Development CA (BUKAN sertifikat BSrE)');
    expect(ca.subject).toContain('O=naskah (pengembangan)');
    expect(ca.ca).toBe(true);
    const cert = fx.keystore.officialCertificate(GUBERNUR.officialId)!;
    const x = new X509Certificate(certificateDer(cert));
    expect(x.subject).toContain(`CN=${GUBERNUR.name}`);
    expect(x.subject).toContain(`title=${GUBERNUR.jabatan}`);
    expect(x.subject).toContain(`serialNumber=${GUBERNUR.nik}`);
    expect(x.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(x.verify(new X509Certificate(certificateDer(fx.keystore.trustAnchors()[0]!)).publicKey)).toBe(true);
    const ku = cert.getExtension('keyUsage') as { digitalSignature: boolean; nonRepudiation: boolean; keyCertSign?: boolean };
    expect([ku.digitalSignature, ku.nonRepudiation, !!ku.keyCertSign]).toEqual([true, true, false]);
  });

  it('refuses a wrong passphrase with PASSPHRASE_WRONG', () => {
    expect(() => fx.keystore.loadSigner(GUBERNUR.officialId, 'bukan-passphrase')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_WRONG' }));
  });

  it('imports an official PKCS#12 made by OpenSSL and signs with it', async () => {
    if (!requireTools('import PKCS#12 from openssl', 'openssl')) return;
    const dir = fx.dir;
    const key = path.join(dir, 'imp.key');
    const crt = path.join(dir, 'imp.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', '/CN=Pejabat Impor', '-addext', 'keyUsage=critical,digitalSignature,nonRepudiation'], { stdio: 'ignore' });
    const p12 = path.join(dir, 'imp.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-legacy', '-inkey', key, '-in', crt, '-out', p12, '-passout', 'pass:rahasia-impor'], { stdio: 'ignore' });
    const other = openKeystore(path.join(dir, 'keys-import'));
    const cert = other.importPkcs12('pejabat-impor', readFileSync(p12), 'rahasia-impor');
    expect(cert.subject.getField('CN').value).toBe('Pejabat Impor');
    const signer = other.loadSigner('pejabat-impor', 'rahasia-impor');
    const cms = await buildSignedData(new Uint8Array(32), signer);
    expect(parseCms(cms).signerCertificate?.subject).toBe('CN=Pejabat Impor');
    expect(() => other.importPkcs12('pejabat-impor-2', readFileSync(p12), 'salah')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_WRONG' }));
    expect(() => other.importCertificate('x', 'bukan pem')).toThrow(expect.objectContaining({ code: 'KEY_INVALID' }));
  });
});

describe('CAdES SignedData', () => {
  it('has version 1, is detached, SHA-256, and exactly the three signed attributes with the ESS hash of the signer certificate', async () => {
    const signer = fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB);
    const content = Buffer.from('isi dokumen yang ditandatangani');
    const digest = createHash('sha256').update(content).digest();
    const cms = await buildSignedData(new Uint8Array(digest), signer);

    const contentInfo = readDer(cms);
    const [ctype, wrapped] = derChildren(contentInfo);
    expect(derOid(ctype!)).toBe(CMS_OID.signedData);
    const sd = derChildren(derChildren(wrapped!)[0]!);
    expect(derContent(sd[0]!)[0]).toBe(1); // version 1
    expect(derOid(derChildren(derChildren(sd[1]!)[0]!)[0]!)).toBe(CMS_OID.sha256);
    expect(derChildren(sd[2]!).map(derOid)).toEqual([CMS_OID.data]); // no eContent: detached

    const signerInfo = derChildren(derChildren(sd[4]!)[0]!);
    expect(signerInfo[3]!.tag).toBe(0xa0); // [0] IMPLICIT signedAttrs
    const attrs = derChildren(signerInfo[3]!);
    const oids = attrs.map((a) => derOid(derChildren(a)[0]!));
    expect([...oids].sort()).toEqual([CMS_OID.contentType, CMS_OID.messageDigest, CMS_OID.signingCertificateV2].sort());
    expect(oids).not.toContain(CMS_OID.signingTime);
    // DER SET OF order: each encoding <= the next
    const encodings = attrs.map((a) => Buffer.from(cms.subarray(a.start, a.end)));
    for (let i = 1; i < encodings.length; i++) expect(Buffer.compare(encodings[i - 1]!, encodings[i]!)).toBeLessThanOrEqual(0);

    const parsed = parseCms(cms);
    const md = parsed.attributes.find((a) => a.oid === CMS_OID.messageDigest)!;
    expect(Buffer.from(derContent(md.values[0]!)).equals(digest)).toBe(true);
    const ess = parsed.attributes.find((a) => a.oid === CMS_OID.signingCertificateV2)!;
    const essCertId = derChildren(derChildren(ess.values[0]!)[0]!)[0]!;
    const first = derChildren(essCertId)[0]!;
    expect(first.tag).toBe(0x04); // algorithm omitted (SHA-256 default): certHash comes first
    const signerDer = certificateDer(signer.certificateChain[0]!);
    expect(Buffer.from(derContent(first)).toString('hex')).toBe(createHash('sha256').update(signerDer).digest('hex'));
    // The certificate in the CMS is byte-identical to the one hashed.
    expect(parsed.signerCertificate?.raw.equals(Buffer.from(signerDer))).toBe(true);
    expect(parsed.certificates).toHaveLength(2);
  });

  it('verifies with openssl cms -verify against the dev CA', async () => {
    if (!requireTools('openssl cms -verify', 'openssl')) return;
    const signer = fx.keystore.loadSigner(SEKDA.officialId, 'passphrase-sekda');
    const content = Buffer.from('konten terpisah');
    const cms = await buildSignedData(new Uint8Array(createHash('sha256').update(content).digest()), signer);
    const sigFile = path.join(fx.dir, 'cms.der');
    const contentFile = path.join(fx.dir, 'cms-content.bin');
    writeFileSync(sigFile, cms);
    writeFileSync(contentFile, content);
    const ok = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', contentFile, '-CAfile', fx.caFile, '-purpose', 'any', '-out', '/dev/null']);
    expect(ok.stderr).toContain('Verification successful');
    writeFileSync(contentFile, 'konten lain');
    const bad = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', sigFile, '-content', contentFile, '-CAfile', fx.caFile, '-purpose', 'any', '-out', '/dev/null']);
    expect(bad.status).not.toBe(0);
  });
});

describe('ESS signing-certificate-v2 check', () => {
  it('reports an ESS hash that names another certificate, while the signature itself still verifies', async () => {
    const digest = new Uint8Array(createHash('sha256').update('isi').digest());
    const a = parseCms(await buildSignedData(digest, fx.keystore.loadSigner(GUBERNUR.officialId, PASS_GUB)));
    const b = parseCms(await buildSignedData(digest, fx.keystore.loadSigner(SEKDA.officialId, 'passphrase-sekda')));
    const essOf = (p: typeof a) => p.attributes.find((x) => x.oid === CMS_OID.signingCertificateV2)!;
    const swapped = { ...a, attributes: a.attributes.map((x) => (x.oid === CMS_OID.signingCertificateV2 ? essOf(b) : x)) };
    const ok = checkCms(a, digest);
    expect([ok.signatureOk, ok.essCertHashOk, ok.problems]).toEqual([true, true, []]);
    const bad = checkCms(swapped, digest);
    expect(bad.signatureOk).toBe(true);
    expect(bad.essCertHashOk).toBe(false);
    expect(bad.problems).toContain('hash sertifikat di ESS signing-certificate-v2 tidak cocok dengan sertifikat penanda tangan');
    const withoutEss = { ...a, attributes: a.attributes.filter((x) => x.oid !== CMS_OID.signingCertificateV2) };
    expect(checkCms(withoutEss, digest).problems).toContain('atribut ESS signing-certificate-v2 tidak ada');
  });
});

describe('CMS made by other tools', () => {
  it('accepts an OpenSSL CMS (SHA-384, signing-time, no ESS v2) under the cms profile and flags it under PAdES', () => {
    if (!requireTools('openssl cms -sign', 'openssl')) return;
    const key = path.join(fx.dir, 'other.key');
    const crt = path.join(fx.dir, 'other.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', '/CN=Penanda Lain'], { stdio: 'ignore' });
    const content = path.join(fx.dir, 'other-content.bin');
    const sig = path.join(fx.dir, 'other.der');
    writeFileSync(content, 'dokumen dari alat lain');
    execFileSync('openssl', ['cms', '-sign', '-binary', '-in', content, '-signer', crt, '-inkey', key, '-outform', 'DER', '-out', sig, '-md', 'sha384'], { stdio: 'ignore' });
    const parsed = parseCms(readFileSync(sig));
    const digest = new Uint8Array(createHash('sha384').update('dokumen dari alat lain').digest());
    const anchors = [forge.pki.certificateFromPem(readFileSync(crt, 'utf8'))];
    const plain = checkCms(parsed, digest, 'cms');
    expect(plain.problems).toEqual([]);
    expect([plain.digestOk, plain.signatureOk, commonName(plain.signerCertificate!.subject)]).toEqual([true, true, 'Penanda Lain']);
    // its self-signed certificate is its own trust anchor here
    const path_ = validateCertificatePath({ leaf: plain.signerCertificate!, pool: parsed.certificates, anchors: anchors.map(toX509), usedAt: new Date(), usedAtLabel: 'waktu verifikasi', purpose: 'document-signing', revocation: { crls: [], ocsps: [] } });
    expect(path_.problems).toEqual([]);
    const pades = checkCms(parsed, digest, 'pades');
    expect(pades.problems).toEqual(
      expect.arrayContaining([
        'atribut signing-time ada (PAdES melarangnya; waktu ada di /M)',
        'atribut ESS signing-certificate-v2 tidak ada',
        `algoritma digest 2.16.840.1.101.3.4.2.2 bukan SHA-256`,
      ]),
    );
    const tampered = checkCms(parsed, new Uint8Array(createHash('sha384').update('dokumen lain').digest()), 'cms');
    expect(tampered.digestOk).toBe(false);
  });
});

describe('paraf evidence', () => {
  it('verifies over the exact content hash (bytes or hex) and reports a different hash', async () => {
    const signer = fx.keystore.loadSigner(SEKDA.officialId, 'passphrase-sekda');
    const v1 = createHash('sha256').update('versi 1').digest();
    const v2 = createHash('sha256').update('versi 2').digest('hex');
    const evidence = await signDetachedHash(v1, signer);
    const ok = verifyParafEvidence(evidence, v1.toString('hex'), fx.keystore.trustAnchors());
    expect(ok.valid).toBe(true);
    expect(ok.signerName).toBe(SEKDA.name);
    const wrong = verifyParafEvidence(evidence, v2, fx.keystore.trustAnchors());
    expect(wrong.valid).toBe(false);
    expect(wrong.digestOk).toBe(false);
    expect(wrong.problems).toContain('bukti paraf dibuat untuk hash versi lain');
    const untrusted = verifyParafEvidence(evidence, v1, []);
    expect(untrusted.valid).toBe(false);
    expect(untrusted.chainOk).toBe(false);
    const garbage = verifyParafEvidence(new Uint8Array([0x30, 0x03, 1, 2, 3]), v1, fx.keystore.trustAnchors());
    expect(garbage.valid).toBe(false);
  });

  it('is checkable with openssl against a text file holding the hex hash', async () => {
    if (!requireTools('paraf evidence with openssl', 'openssl')) return;
    const signer = fx.keystore.loadSigner(SEKDA.officialId, 'passphrase-sekda');
    const hash = createHash('sha256').update('versi 3').digest('hex');
    const evidence = await signDetachedHash(hash, signer);
    writeFileSync(path.join(fx.dir, 'paraf.p7s'), evidence);
    writeFileSync(path.join(fx.dir, 'paraf.txt'), hash);
    const r = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', path.join(fx.dir, 'paraf.p7s'), '-content', path.join(fx.dir, 'paraf.txt'), '-CAfile', fx.caFile, '-purpose', 'any', '-out', '/dev/null']);
    expect(r.stderr).toContain('Verification successful');
  });
});

