/**
 * Certificate revocation lists (RFC 5280 section 5): parsed from DER (or PEM), the signature checked
 * against an issuer, a certificate's entry looked up by serial number. Imports the DER reader, the
 * certificate info, the signature algorithms and AppError.
 */
import { AppError } from '../errors/app-error.ts';
import { certificateInfo, type CertificateInfo } from './certificate-info.ts';
import { derBitString, derChild, derChildren, derContent, derIntegerHex, derOid, derRaw, derTime, readDer } from './der.ts';
import { OID } from './oids.ts';
import { verifySignatureValue } from './signature-algorithms.ts';

export interface CrlEntry {
  readonly revokedAt: Date;
  readonly reason?: number;
}

export interface Crl {
  readonly raw: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
  readonly revoked: ReadonlyMap<string, CrlEntry>;
  readonly authorityKeyId?: string;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
}

/** DER bytes of a PEM block of `label`, or the input unchanged when it is DER already. */
export function pemOrDer(bytes: Uint8Array, label: string): Uint8Array {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (!head.includes('-----BEGIN')) return bytes;
  const text = Buffer.from(bytes).toString('latin1');
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(text);
  if (!m) throw new AppError('FILE_UNREADABLE', `Berkas PEM ini tidak memuat blok ${label}.`);
  return new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

export function parseCrl(input: Uint8Array): Crl {
  const raw = pemOrDer(input, 'X509 CRL');
  const top = readDer(raw);
  const tbsNode = derChild(top, 0, 'tbsCertList');
  const parts = derChildren(tbsNode);
  let i = parts[0]?.tag === 0x02 ? 1 : 0; // version present in v2
  i++; // signature algorithm
  const issuer = parts[i++]!;
  const thisUpdate = derTime(parts[i++]!);
  let nextUpdate: Date | undefined;
  if (parts[i] && (parts[i]!.tag === 0x17 || parts[i]!.tag === 0x18)) nextUpdate = derTime(parts[i++]!);
  const revoked = new Map<string, CrlEntry>();
  if (parts[i]?.tag === 0x30) {
    for (const entry of derChildren(parts[i++]!)) {
      const e = derChildren(entry);
      let reason: number | undefined;
      if (e[2]) {
        for (const ext of derChildren(e[2])) {
          const x = derChildren(ext);
          if (derOid(x[0]!) === OID.cRLReason) reason = derContent(readDer(derContent(x[x.length - 1]!)))[0];
        }
      }
      revoked.set(derIntegerHex(e[0]!), { revokedAt: derTime(e[1]!), reason });
    }
  }
  let authorityKeyId: string | undefined;
  const ext = parts.find((n) => n.tag === 0xa0);
  if (ext) {
    for (const x of derChildren(derChild(ext, 0, 'crlExtensions'))) {
      const xs = derChildren(x);
      if (derOid(xs[0]!) !== OID.authorityKeyIdentifier) continue;
      const k = derChildren(readDer(derContent(xs[xs.length - 1]!))).find((n) => n.tag === 0x80);
      if (k) authorityKeyId = Buffer.from(derContent(k)).toString('hex');
    }
  }
  return {
    raw: derRaw(top),
    issuerDer: derRaw(issuer),
    thisUpdate,
    nextUpdate,
    revoked,
    authorityKeyId,
    tbs: derRaw(tbsNode),
    signatureAlgorithm: derOid(derChild(derChild(top, 1, 'signatureAlgorithm'), 0, 'algorithm')),
    signature: derBitString(derChild(top, 2, 'signatureValue')),
  };
}

/** Whether `crl` was issued and signed by `issuer` (names match, signature verifies, cRLSign allowed). */
export function crlIssuedBy(crl: Crl, issuer: CertificateInfo): boolean {
  if (!Buffer.from(crl.issuerDer).equals(Buffer.from(issuer.subjectDer))) return false;
  if (issuer.keyUsage && !issuer.keyUsage.cRLSign) return false;
  return verifySignatureValue(crl.signatureAlgorithm, crl.tbs, crl.signature, issuer.x509.publicKey);
}

export { certificateInfo };
