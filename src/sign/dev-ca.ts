/**
 * The development certificate authority: created at first run in the data directory's keys folder
 * (never committed), clearly labelled as not a BSrE certificate, the certificates it issues to
 * officials (RSA-3072, digitalSignature + nonRepudiation, CN = name, title = jabatan, serialNumber = NIK)
 * and to its time-stamping authority (EKU timeStamping).
 * Keys are generated with Node crypto (fast) and handed to node-forge for the X.509 encoding.
 * Imports Node crypto/fs and node-forge.
 */
import { generateKeyPairSync, randomBytes, type KeyObject, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../errors/app-error.ts';
import { DEV_CA_NAME, DEV_TSA_NAME } from '../pki/development-names.ts';

export const DEV_CA_SUBJECT = {
  commonName: DEV_CA_NAME,
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

/** What a certificate issued by the development CA says; the defaults make an official's signing certificate. */
export interface CertificateSpec {
  readonly commonName: string;
  readonly jabatan?: string;
  /** 16 digits; written as the subject's serialNumber when given. */
  readonly nik?: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly keyUsage?: { digitalSignature?: boolean; nonRepudiation?: boolean; keyEncipherment?: boolean };
  /** Key purposes by name (serverAuth, timeStamping, …) or dotted OID; absent: no extension. */
  readonly extKeyUsage?: readonly string[];
  readonly extKeyUsageCritical?: boolean;
}

/** A certificate issued by the development CA for `publicKey` (RSA). */
export function issueCertificate(ca: DevCa, spec: CertificateSpec, publicKey: KeyObject): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = toForgePublicKey(publicKey);
  cert.serialNumber = serialHex();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  const subject: Array<{ name?: string; type?: string; value: string; valueTagClass?: number }> = [
    { name: 'countryName', value: 'ID' },
    { name: 'organizationName', value: DEV_CA_SUBJECT.organizationName, valueTagClass: UTF8 },
  ];
  if (spec.jabatan) subject.push({ type: '2.5.4.12', value: spec.jabatan, valueTagClass: UTF8 });
  subject.push({ name: 'commonName', value: spec.commonName, valueTagClass: UTF8 });
  if (spec.nik) subject.push({ type: '2.5.4.5', value: spec.nik });
  cert.setSubject(subject as unknown as forge.pki.CertificateField[]);
  cert.setIssuer(ca.certificate.subject.attributes);
  const ku = spec.keyUsage ?? { digitalSignature: true, nonRepudiation: true };
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', ...ku, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: forge.util.bytesToHex(keyId(cert.publicKey)) },
    { name: 'authorityKeyIdentifier', keyIdentifier: keyId(ca.certificate.publicKey) },
  ];
  if (spec.extKeyUsage) extensions.push({ name: 'extKeyUsage', critical: spec.extKeyUsageCritical ?? false, ...Object.fromEntries(spec.extKeyUsage.map((p) => [p, true])) });
  cert.setExtensions(extensions);
  cert.sign(toForgePrivateKey(ca.privateKey), forge.md.sha256.create());
  return cert;
}

/** An official's certificate: RSA, digitalSignature + nonRepudiation, three years from a month ago. */
export function issueOfficialCertificate(ca: DevCa, identity: OfficialIdentity, publicKey: KeyObject, clock: Date = new Date()): forge.pki.Certificate {
  return issueCertificate(
    ca,
    {
      commonName: identity.name,
      jabatan: identity.jabatan,
      nik: identity.nik,
      notBefore: new Date(clock.getTime() - 30 * DAY),
      notAfter: new Date(clock.getTime() + 3 * 365 * DAY),
    },
    publicKey,
  );
}

export { DEV_TSA_NAME };

export interface DevTsa {
  readonly certificate: forge.pki.Certificate;
  readonly privateKey: KeyObject;
}

/**
 * The development time-stamping authority's key and certificate (EKU timeStamping, critical, as RFC
 * 3161 asks), created in `keysDir` on first use and valid as long as the development CA.
 */
export function ensureDevTsa(keysDir: string, ca: DevCa, clock: Date = new Date()): DevTsa {
  const certPath = path.join(keysDir, 'dev-tsa.crt.pem');
  const keyPath = path.join(keysDir, 'dev-tsa.key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    try {
      return { certificate: forge.pki.certificateFromPem(readFileSync(certPath, 'utf8')), privateKey: createPrivateKey(readFileSync(keyPath, 'utf8')) };
    } catch (cause) {
      throw new AppError('KEY_INVALID', `TSA pengembangan di ${keysDir} rusak; hapus dev-tsa.*.pem agar dibuat ulang.`, { cause });
    }
  }
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const keys = generateRsaKeyPair(3072);
  const certificate = issueCertificate(
    ca,
    {
      commonName: DEV_TSA_NAME,
      notBefore: new Date(clock.getTime() - DAY),
      notAfter: ca.certificate.validity.notAfter,
      keyUsage: { digitalSignature: true },
      extKeyUsage: ['timeStamping'],
      extKeyUsageCritical: true,
    },
    keys.publicKey,
  );
  writeFileSync(keyPath, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(certPath, forge.pki.certificateToPem(certificate));
  return { certificate, privateKey: keys.privateKey };
}
