/**
 * The development certificate authority: created at first run in the data directory's keys folder
 * (never committed), clearly labelled as not a BSrE certificate, and the certificates it issues to
 * officials (RSA-3072, digitalSignature + nonRepudiation, CN = name, title = jabatan, serialNumber = NIK).
 * Keys are generated with Node crypto (fast) and handed to node-forge for the X.509 encoding.
 * Imports Node crypto/fs and node-forge.
 */
import { generateKeyPairSync, randomBytes, type KeyObject, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../errors/app-error.ts';

export const DEV_CA_SUBJECT = {
  commonName: 'naskah Development CA (BUKAN sertifikat BSrE)',
  organizationName: 'naskah (pengembangan)',
  countryName: 'ID',
} as const;

export interface DevCa {
  readonly certificate: forge.pki.Certificate;
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

export interface OfficialIdentity {
  readonly officialId: string;
  readonly name: string;
  readonly jabatan: string;
  /** 16 digits; written as the subject's serialNumber when given. */
  readonly nik?: string;
}

const DAY = 24 * 60 * 60 * 1000;
const UTF8 = forge.asn1.Type.UTF8;

export interface RsaKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateRsaKeyPair(bits = 3072): RsaKeyPair {
  return generateKeyPairSync('rsa', { modulusLength: bits });
}

export function toForgePublicKey(key: KeyObject): forge.pki.PublicKey {
  return forge.pki.publicKeyFromPem(key.export({ type: 'spki', format: 'pem' }).toString());
}

export function toForgePrivateKey(key: KeyObject): forge.pki.rsa.PrivateKey {
  return forge.pki.privateKeyFromPem(key.export({ type: 'pkcs1', format: 'pem' }).toString());
}

/** A positive 128-bit serial number in hex. */
function serialHex(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f | 0x10;
  return b.toString('hex');
}

function keyId(publicKey: forge.pki.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(publicKey, { type: 'RSAPublicKey', md: forge.md.sha1.create() }).getBytes();
}

function makeCaCertificate(keys: RsaKeyPair, clock: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = toForgePublicKey(keys.publicKey);
  cert.serialNumber = serialHex();
  cert.validity.notBefore = new Date(clock.getTime() - 5 * 365 * DAY);
  cert.validity.notAfter = new Date(clock.getTime() + 10 * 365 * DAY);
  const attrs = [
    { name: 'countryName', value: DEV_CA_SUBJECT.countryName },
    { name: 'organizationName', value: DEV_CA_SUBJECT.organizationName, valueTagClass: UTF8 },
    { name: 'commonName', value: DEV_CA_SUBJECT.commonName, valueTagClass: UTF8 },
  ];
  cert.setSubject(attrs as unknown as forge.pki.CertificateField[]);
  cert.setIssuer(attrs as unknown as forge.pki.CertificateField[]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: forge.util.bytesToHex(keyId(cert.publicKey)) },
  ]);
  cert.sign(toForgePrivateKey(keys.privateKey), forge.md.sha256.create());
  return cert;
}

/**
 * Loads the development CA from `keysDir`, creating it on first use. The CA key is stored unencrypted
 * (mode 0600): it is a development CA, and the folder lives in the ignored data directory.
 */
export function ensureDevCa(keysDir: string, clock: Date = new Date()): DevCa {
  const certPath = path.join(keysDir, 'dev-ca.crt.pem');
  const keyPath = path.join(keysDir, 'dev-ca.key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    try {
      const certificatePem = readFileSync(certPath, 'utf8');
      return {
        certificate: forge.pki.certificateFromPem(certificatePem),
        certificatePem,
        privateKey: createPrivateKey(readFileSync(keyPath, 'utf8')),
      };
    } catch (cause) {
      throw new AppError('KEY_INVALID', `CA pengembangan di ${keysDir} rusak; hapus dev-ca.*.pem agar dibuat ulang.`, { cause });
    }
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const keys = generateRsaKeyPair(3072);
  const certificate = makeCaCertificate(keys, clock);
  const certificatePem = forge.pki.certificateToPem(certificate);
  writeFileSync(keyPath, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(certPath, certificatePem);
  return { certificate, certificatePem, privateKey: keys.privateKey };
}

/** An official's certificate issued by the development CA for `publicKey`. */
export function issueOfficialCertificate(ca: DevCa, identity: OfficialIdentity, publicKey: KeyObject, clock: Date = new Date()): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = toForgePublicKey(publicKey);
  cert.serialNumber = serialHex();
  cert.validity.notBefore = new Date(clock.getTime() - 30 * DAY);
  cert.validity.notAfter = new Date(clock.getTime() + 3 * 365 * DAY);
  const subject = [
    { name: 'countryName', value: 'ID' },
    { name: 'organizationName', value: DEV_CA_SUBJECT.organizationName, valueTagClass: UTF8 },
    { type: '2.5.4.12', value: identity.jabatan, valueTagClass: UTF8 },
    { name: 'commonName', value: identity.name, valueTagClass: UTF8 },
  ];
  if (identity.nik) subject.push({ type: '2.5.4.5', value: identity.nik } as (typeof subject)[number]);
  cert.setSubject(subject as unknown as forge.pki.CertificateField[]);
  cert.setIssuer(ca.certificate.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: forge.util.bytesToHex(keyId(cert.publicKey)) },
    { name: 'authorityKeyIdentifier', keyIdentifier: keyId(ca.certificate.publicKey) },
  ]);
  cert.sign(toForgePrivateKey(ca.privateKey), forge.md.sha256.create());
  return cert;
}
