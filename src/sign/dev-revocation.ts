/**
 * Revocation data the development CA publishes: a CRL (v2, with authority key identifier and CRL
 * number) listing the certificates it revoked (keys/dev-ca-revoked.json), and OCSP responses for single
 * certificates, signed by the CA itself. What a DSS carries for PAdES B-LT when signing with the
 * development keys. Imports Node crypto/fs, the DER builder/reader and the dev CA.
 */
import { createHash, sign as cryptoSign, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { certificateInfo } from '../pki/certificate-info.ts';
import { algorithm, bitString, enumerated, explicit, generalizedTime, implicitPrimitive, int, nul, octets, oid, seq, tlv, x509Time } from '../pki/der-build.ts';
import { OID } from '../pki/oids.ts';
import type { DevCa } from './dev-ca.ts';
import { certificateDer } from './raw-signer.ts';

export interface RevokedEntry {
  readonly serialHex: string;
  /** ISO 8601. */
  readonly revokedAt: string;
}

const DAY = 24 * 60 * 60 * 1000;

export function revokedListPath(keysDir: string): string {
  return path.join(keysDir, 'dev-ca-revoked.json');
}

/** The certificates the development CA has revoked. */
export function readRevokedList(keysDir: string): RevokedEntry[] {
  const file = revokedListPath(keysDir);
  if (!existsSync(file)) return [];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new TypeError('bukan array');
    return parsed.filter((e): e is RevokedEntry => typeof e?.serialHex === 'string' && typeof e?.revokedAt === 'string');
  } catch (cause) {
    throw new AppError('KEY_INVALID', `Daftar pencabutan CA pengembangan ${file} rusak; perbaiki atau hapus berkasnya.`, { cause });
  }
}

/** Records a revocation by the development CA (shown by every CRL and OCSP response from then on). */
export function revokeDevCertificate(keysDir: string, serialHex: string, at: Date): void {
  const list = readRevokedList(keysDir).filter((e) => e.serialHex.toUpperCase() !== serialHex.toUpperCase());
  list.push({ serialHex: serialHex.toUpperCase().replace(/^(00)+(?=.)/, ''), revokedAt: at.toISOString() });
  writeFileSync(revokedListPath(keysDir), `${JSON.stringify(list, null, 2)}\n`, { mode: 0o600 });
}

const caInfo = (ca: DevCa) => certificateInfo(new X509Certificate(certificateDer(ca.certificate)));

const serialBytes = (hex: string) => new Uint8Array(Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex'));

/** A CRL of the development CA at `clock` (next update in a week). */
export function issueDevCrl(ca: DevCa, revoked: readonly RevokedEntry[], clock: Date): Uint8Array {
  const info = caInfo(ca);
  const entries = revoked.map((e) => seq(int(serialBytes(e.serialHex)), x509Time(new Date(e.revokedAt))));
  const extensions = explicit(
    0,
    seq(
      seq(oid(OID.authorityKeyIdentifier), octets(seq(implicitPrimitive(0, octets(Buffer.from(info.subjectKeyId ?? '', 'hex')))))),
      seq(oid(OID.cRLNumber), octets(int(Math.floor(clock.getTime() / 1000)))),
    ),
  );
  const tbs = seq(
    int(1),
    algorithm(OID.sha256WithRSA),
    info.subjectDer,
    x509Time(clock),
    x509Time(new Date(clock.getTime() + 7 * DAY)),
    ...(entries.length > 0 ? [seq(...entries)] : []),
    extensions,
  );
  const signature = cryptoSign('sha256', tbs, ca.privateKey);
  return seq(tbs, algorithm(OID.sha256WithRSA), bitString(new Uint8Array(signature)));
}

/** An OCSP response (signed by the CA) on the status of `cert` at `clock`. */
export function issueDevOcspResponse(ca: DevCa, cert: X509Certificate, revoked: readonly RevokedEntry[], clock: Date): Uint8Array {
  const issuer = caInfo(ca);
  const subject = certificateInfo(cert);
  const entry = revoked.find((e) => e.serialHex.toUpperCase() === subject.serialHex);
  const certId = seq(
    algorithm(OID.sha1),
    octets(new Uint8Array(createHash('sha1').update(issuer.subjectDer).digest())),
    octets(new Uint8Array(createHash('sha1').update(issuer.publicKeyBits).digest())),
    int(serialBytes(subject.serialHex)),
  );
  const status = entry ? tlv(0xa1, generalizedTime(new Date(entry.revokedAt))) : implicitPrimitive(0, nul());
  const single = seq(certId, status, generalizedTime(clock), explicit(0, generalizedTime(new Date(clock.getTime() + 7 * DAY))));
  const responderId = tlv(0xa2, octets(new Uint8Array(createHash('sha1').update(issuer.publicKeyBits).digest())));
  const tbs = seq(responderId, generalizedTime(clock), seq(single));
  const signature = cryptoSign('sha256', tbs, ca.privateKey);
  const basic = seq(tbs, algorithm(OID.sha256WithRSA), bitString(new Uint8Array(signature)));
  return seq(enumerated(0), explicit(0, seq(oid(OID.ocspBasic), octets(basic))));
}
