/**
 * What verification needs to know about an X.509 certificate beyond Node's X509Certificate: key usage
 * bits, extended key usage, key identifiers, exact issuer/subject name encodings, CRL distribution
 * points and OCSP addresses. Parsed from the DER once per certificate. Imports Node crypto, the DER
 * reader and the OIDs.
 */
import { X509Certificate } from 'node:crypto';
import { derBitString, derChild, derChildren, derContent, derIntegerHex, derOid, derRaw, derTime, readDer, type DerNode } from './der.ts';
import { OID } from './oids.ts';

export interface KeyUsage {
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly keyEncipherment: boolean;
  readonly keyCertSign: boolean;
  readonly cRLSign: boolean;
}

export interface CertificateInfo {
  readonly x509: X509Certificate;
  readonly raw: Uint8Array;
  readonly serialHex: string;
  readonly subjectDer: Uint8Array;
  readonly issuerDer: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
  readonly keyUsage?: KeyUsage;
  readonly extKeyUsage?: readonly string[];
  readonly extKeyUsageCritical: boolean;
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  readonly crlUrls: readonly string[];
  readonly ocspUrls: readonly string[];
  /** id-pkix-ocsp-nocheck: an OCSP responder certificate whose own status is not checked. */
  readonly ocspNoCheck: boolean;
  /** The DER of subjectPublicKeyInfo's BIT STRING contents (the key bytes OCSP hashes). */
  readonly publicKeyBits: Uint8Array;
}

const cache = new WeakMap<X509Certificate, CertificateInfo>();

/** Common name of a subject as Node prints it ("C=ID\nO=…\nCN=…"), without DN escapes. */
export function commonName(subject: string): string | undefined {
  for (const line of subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3).replace(/\\(.)/g, '$1');
  return undefined;
}

export function nameOfCertificate(c: CertificateInfo): string {
  return commonName(c.x509.subject) ?? c.x509.subject.split('\n').join(', ');
}

function uris(node: DerNode, out: string[], depth = 0): void {
  if (depth > 8) return;
  if (node.tag === 0x86) out.push(Buffer.from(derContent(node)).toString('latin1'));
  else if ((node.tag & 0x20) !== 0) for (const c of derChildren(node)) uris(c, out, depth + 1);
}

export function certificateInfo(cert: X509Certificate | Uint8Array): CertificateInfo {
  const x509 = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  const hit = cache.get(x509);
  if (hit) return hit;
  const raw = new Uint8Array(x509.raw);
  const tbs = derChild(readDer(raw), 0, 'tbsCertificate');
  const f = derChildren(tbs);
  const o = f[0]?.tag === 0xa0 ? 1 : 0;
  const validity = derChildren(f[o + 3]!);
  const spki = f[o + 5]!;
  let keyUsage: KeyUsage | undefined;
  let extKeyUsage: string[] | undefined;
  let extKeyUsageCritical = false;
  let isCa = false;
  let subjectKeyId: string | undefined;
  let authorityKeyId: string | undefined;
  const crlUrls: string[] = [];
  const ocspUrls: string[] = [];
  let ocspNoCheck = false;
  const extensions = f.find((n) => n.tag === 0xa3);
  if (extensions) {
    for (const ext of derChildren(derChild(extensions, 0, 'extensions'))) {
      const parts = derChildren(ext);
      const id = derOid(parts[0]!);
      const critical = parts.length === 3 && parts[1]!.tag === 0x01 && derContent(parts[1]!)[0] !== 0;
      const value = readDer(derContent(parts[parts.length - 1]!));
      if (id === OID.keyUsage) {
        const bits = derBitString(value);
        const bit = (i: number) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0;
        keyUsage = { digitalSignature: bit(0), nonRepudiation: bit(1), keyEncipherment: bit(2), keyCertSign: bit(5), cRLSign: bit(6) };
      } else if (id === OID.extKeyUsage) {
        extKeyUsage = derChildren(value).map(derOid);
        extKeyUsageCritical = critical;
      } else if (id === OID.basicConstraints) {
        const c = derChildren(value)[0];
        isCa = c?.tag === 0x01 && derContent(c)[0] !== 0;
      } else if (id === OID.subjectKeyIdentifier) {
        subjectKeyId = Buffer.from(derContent(value)).toString('hex');
      } else if (id === OID.authorityKeyIdentifier) {
        const k = derChildren(value).find((n) => n.tag === 0x80);
        if (k) authorityKeyId = Buffer.from(derContent(k)).toString('hex');
      } else if (id === OID.cRLDistributionPoints) {
        uris(value, crlUrls);
      } else if (id === OID.authorityInfoAccess) {
        for (const ad of derChildren(value)) {
          const [method, location] = derChildren(ad);
          if (method && location && derOid(method) === OID.ocspAccess) uris(location, ocspUrls);
        }
      } else if (id === OID.ocspNoCheck) {
        ocspNoCheck = true;
      }
    }
  }
  const info: CertificateInfo = {
    x509,
    raw,
    serialHex: derIntegerHex(f[o]!),
    issuerDer: derRaw(f[o + 2]!),
    subjectDer: derRaw(f[o + 4]!),
    notBefore: derTime(validity[0]!),
    notAfter: derTime(validity[1]!),
    isCa,
    keyUsage,
    extKeyUsage,
    extKeyUsageCritical,
    subjectKeyId,
    authorityKeyId,
    crlUrls,
    ocspUrls,
    ocspNoCheck,
    publicKeyBits: derBitString(derChild(spki, 1, 'subjectPublicKey')),
  };
  cache.set(x509, info);
  return info;
}
