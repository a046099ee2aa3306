/**
 * The key folder (the data directory's `keys/`): the development CA, and per official a
 * passphrase-protected PKCS#12 (`officials/<id>.p12`) with its certificate (`officials/<id>.crt.pem`).
 * Creates, imports (validated) and opens them as RawSigners. Imports Node fs/crypto, node-forge and
 * the dev CA and raw signer modules.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../errors/app-error.ts';
import { ensureDevCa, ensureDevTsa, generateRsaKeyPair, issueOfficialCertificate, toForgePrivateKey, type DevCa, type DevTsa, type OfficialIdentity } from './dev-ca.ts';
import { certificateDer, createLocalRawSigner, type RawSigner } from './raw-signer.ts';

export interface Keystore {
  readonly dir: string;
  /** The development CA, created on first use. */
  devCa(clock?: Date): DevCa;
  /** The development CA's time-stamping authority, created on first use. */
  devTsa(clock?: Date): DevTsa;
  /** Certificates a verifier trusts by default: the development CA (created if missing). */
  trustAnchors(): forge.pki.Certificate[];
  hasOfficialKey(officialId: string): boolean;
  /** A new RSA-3072 key and dev-CA certificate for the official, stored as PKCS#12 under `passphrase`. */
  createOfficialKey(identity: OfficialIdentity, passphrase: string, clock?: Date): forge.pki.Certificate;
  /** The official's certificate, or undefined when none is stored. */
  officialCertificate(officialId: string): forge.pki.Certificate | undefined;
  /** Opens the official's PKCS#12. A wrong passphrase is AppError PASSPHRASE_WRONG. */
  loadSigner(officialId: string, passphrase: string): RawSigner;
  /** Stores an official's own PKCS#12 after checking it (key matches certificate, usable for signing). */
  importPkcs12(officialId: string, p12: Uint8Array, passphrase: string, clock?: Date): forge.pki.Certificate;
  /** Stores an official's certificate only (signing happens elsewhere, e.g. through BSrE). */
  importCertificate(officialId: string, pem: string, clock?: Date): forge.pki.Certificate;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function checkId(officialId: string): string {
  if (!ID_PATTERN.test(officialId)) {
    throw new AppError('KEY_INVALID', `ID pejabat "${officialId}" tidak bisa dipakai sebagai nama berkas kunci; gunakan huruf, angka, titik, garis bawah atau tanda hubung.`);
  }
  return officialId;
}

const toBinary = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('binary');

/** Checks that a certificate may sign documents: key usage and validity at `clock`. */
function checkSigningCertificate(cert: forge.pki.Certificate, clock: Date, officialId: string): void {
  const x = new X509Certificate(certificateDer(cert));
  if (clock < new Date(x.validFrom) || clock > new Date(x.validTo)) {
    throw new AppError('KEY_INVALID', `Sertifikat untuk ${officialId} tidak berlaku saat ini (${x.validFrom} – ${x.validTo}); minta sertifikat baru.`);
  }
  const ku = cert.getExtension('keyUsage') as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
  if (ku && !ku.digitalSignature && !ku.nonRepudiation) {
    throw new AppError('KEY_INVALID', `Sertifikat untuk ${officialId} tidak mengizinkan tanda tangan (keyUsage tanpa digitalSignature/nonRepudiation).`);
  }
}

function parsePkcs12(p12: Uint8Array, passphrase: string, label: string): { key: forge.pki.rsa.PrivateKey; chain: forge.pki.Certificate[] } {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(toBinary(p12));
  } catch (cause) {
    throw new AppError('KEY_INVALID', `${label} bukan berkas PKCS#12 (.p12/.pfx) yang sah.`, { cause });
  }
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/MAC could not be verified|Invalid password/i.test(message)) {
      throw new AppError('PASSPHRASE_WRONG', `Passphrase untuk ${label} salah.`, { cause });
    }
    throw new AppError(
      'KEY_INVALID',
      `${label} tidak dapat dibuka (${message}). Bila dibuat dengan OpenSSL 3, ekspor ulang dengan "openssl pkcs12 -export -legacy" atau "-keypbe aes-256-cbc -certpbe aes-256-cbc -macalg sha1".`,
      { cause },
    );
  }
  const keyBags = [
    ...(parsed.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(parsed.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const certBags = parsed.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  const certs = certBags.map((b) => b.cert).filter((c): c is forge.pki.Certificate => c !== undefined && c !== null);
  if (!key) throw new AppError('KEY_INVALID', `${label} tidak berisi kunci privat RSA.`);
  const pubPem = forge.pki.publicKeyToPem(forge.pki.setRsaPublicKey(key.n, key.e));
  const leaf = certs.find((c) => forge.pki.publicKeyToPem(c.publicKey) === pubPem);
  if (!leaf) throw new AppError('KEY_INVALID', `${label}: tidak ada sertifikat yang cocok dengan kunci privatnya.`);
  return { key, chain: [leaf, ...certs.filter((c) => c !== leaf)] };
}

export function openKeystore(dir: string): Keystore {
  const officialsDir = path.join(dir, 'officials');
  const p12Path = (id: string) => path.join(officialsDir, `${checkId(id)}.p12`);
  const certPath = (id: string) => path.join(officialsDir, `${checkId(id)}.crt.pem`);
  let ca: DevCa | undefined;
  let tsa: DevTsa | undefined;
  const devCa = (clock?: Date) => (ca ??= ensureDevCa(dir, clock));
  const store = (id: string, cert: forge.pki.Certificate, p12?: Uint8Array) => {
    mkdirSync(officialsDir, { recursive: true, mode: 0o700 });
    if (p12) writeFileSync(p12Path(id), p12, { mode: 0o600 });
    writeFileSync(certPath(id), forge.pki.certificateToPem(cert));
  };

  return {
    dir,
    devCa,
    devTsa: (clock) => (tsa ??= ensureDevTsa(dir, devCa(clock), clock)),
    trustAnchors: () => [devCa().certificate],
    hasOfficialKey: (id) => existsSync(p12Path(id)),
    createOfficialKey(identity, passphrase, clock = new Date()) {
      if (passphrase.length < 8) throw new AppError('KEY_INVALID', 'Passphrase kunci pejabat minimal 8 karakter.');
      const authority = devCa(clock);
      const keys = generateRsaKeyPair(3072);
      const cert = issueOfficialCertificate(authority, identity, keys.publicKey, clock);
      const p12Asn1 = forge.pkcs12.toPkcs12Asn1(toForgePrivateKey(keys.privateKey), [cert, authority.certificate], passphrase, {
        algorithm: 'aes256',
        friendlyName: identity.name,
        generateLocalKeyId: true,
      });
      store(identity.officialId, cert, new Uint8Array(Buffer.from(forge.asn1.toDer(p12Asn1).getBytes(), 'binary')));
      return cert;
    },
    officialCertificate(id) {
      const file = certPath(id);
      return existsSync(file) ? forge.pki.certificateFromPem(readFileSync(file, 'utf8')) : undefined;
    },
    loadSigner(id, passphrase) {
      const file = p12Path(id);
      if (!existsSync(file)) {
        throw new AppError('KEY_INVALID', `Pejabat ${id} belum punya kunci penandatanganan di ${officialsDir}; buat atau impor PKCS#12-nya dulu.`);
      }
      const { key, chain } = parsePkcs12(readFileSync(file), passphrase, `kunci pejabat ${id}`);
      const dev = existsSync(path.join(dir, 'dev-ca.crt.pem')) ? devCa().certificate : undefined;
      // Complete the chain with the development CA when the PKCS#12 lacks it.
      if (dev && !chain.some((c) => c.subject.hash === dev.subject.hash) && chain[chain.length - 1]!.issuer.hash === dev.subject.hash) chain.push(dev);
      return createLocalRawSigner(createPrivateKey(forge.pki.privateKeyToPem(key)), chain);
    },
    importPkcs12(id, p12, passphrase, clock = new Date()) {
      const { chain } = parsePkcs12(p12, passphrase, `PKCS#12 untuk ${id}`);
      checkSigningCertificate(chain[0]!, clock, id);
      store(id, chain[0]!, p12);
      return chain[0]!;
    },
    importCertificate(id, pem, clock = new Date()) {
      let cert: forge.pki.Certificate;
      try {
        cert = forge.pki.certificateFromPem(pem);
        createPublicKey(forge.pki.publicKeyToPem(cert.publicKey));
      } catch (cause) {
        throw new AppError('KEY_INVALID', `Sertifikat untuk ${id} bukan sertifikat X.509 RSA dalam format PEM.`, { cause });
      }
      checkSigningCertificate(cert, clock, id);
      store(id, cert);
      return cert;
    },
  };
}
