/**
 * Validates a certificate path at a given time: builds the chain from the leaf through the given
 * certificates to a trust anchor; checks each certificate's validity at the time the key was used
 * (a trusted time stamp's time, or the validation time — never a self-claimed time), that no
 * certificate had expired before the evidence is proven to exist (for time stamps: the next time
 * stamp), the key purposes (key usage digitalSignature or nonRepudiation; an extended key usage, when
 * present, must allow document signing — or time stamping for a TSA), that issuers are CAs, and the
 * revocation status of every certificate below the anchor from the CRLs and OCSP responses at hand:
 * revoked before use fails, revoked after is noted, no fresh data is "unknown". Pure; imports Node
 * crypto and the PKI readers.
 */
import type { X509Certificate } from 'node:crypto';
import { certificateInfo, nameOfCertificate, type CertificateInfo } from './certificate-info.ts';
import { crlIssuedBy, type Crl } from './crl.ts';
import { ocspStatusFor, type OcspResponse } from './ocsp.ts';
import { OID } from './oids.ts';

export type CertificatePurpose = 'document-signing' | 'timestamping';

export interface RevocationData {
  readonly crls: readonly Crl[];
  readonly ocsps: readonly OcspResponse[];
}

export interface RevocationStatus {
  readonly certificate: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly source?: 'CRL' | 'OCSP';
  readonly revokedAt?: string;
}

export interface PathInput {
  readonly leaf: X509Certificate;
  /** Certificates that may complete the chain (from the CMS, the DSS). */
  readonly pool: readonly X509Certificate[];
  readonly anchors: readonly X509Certificate[];
  /** When the key was used, as far as can be trusted. */
  readonly usedAt: Date;
  /** Words for `usedAt` in messages, e.g. "waktu stempel waktu" or "waktu verifikasi". */
  readonly usedAtLabel: string;
  /** The evidence is proven to exist at this time: no certificate may have expired before it. */
  readonly provenAt?: Date;
  readonly purpose: CertificatePurpose;
  readonly revocation: RevocationData;
}

export interface PathResult {
  /** The chain reaches a trust anchor and every check passed. */
  readonly ok: boolean;
  readonly trusted: boolean;
  readonly chain: readonly CertificateInfo[];
  readonly problems: string[];
  readonly notes: string[];
  readonly revocation: readonly RevocationStatus[];
}

/**
 * Key purposes that allow signing documents, when an extended key usage is present: RFC 9336
 * id-kp-documentSigning; Adobe Authentic Documents Trust and Microsoft Document Signing (what Acrobat
 * and Office accept); emailProtection, which many signing certificates of certification authorities
 * carry and Acrobat accepts; anyExtendedKeyUsage. Server or client authentication, code signing and
 * time stamping alone do not.
 */
export const DOCUMENT_SIGNING_PURPOSES: ReadonlySet<string> = new Set([
  OID.documentSigning,
  OID.adobeAuthenticDocuments,
  OID.microsoftDocumentSigning,
  OID.emailProtection,
  OID.anyExtendedKeyUsage,
]);

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

function buildChain(leaf: CertificateInfo, pool: readonly CertificateInfo[], anchors: readonly CertificateInfo[]): { chain: CertificateInfo[]; trusted: boolean } {
  const isAnchor = (c: CertificateInfo) => anchors.some((a) => Buffer.from(a.raw).equals(Buffer.from(c.raw)));
  const candidates = [...pool, ...anchors];
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 10; depth++) {
    if (isAnchor(current)) return { chain, trusted: true };
    const issuer = candidates.find(
      (c) => !Buffer.from(c.raw).equals(Buffer.from(current.raw)) && current.x509.checkIssued(c.x509) && current.x509.verify(c.x509.publicKey),
    );
    if (!issuer) return { chain, trusted: false };
    // Prefer the anchor's own copy when the chain reaches it.
    chain.push(issuer);
    current = issuer;
  }
  return { chain, trusted: false };
}

function revocationOf(cert: CertificateInfo, issuer: CertificateInfo, data: RevocationData, usedAt: Date): { status: RevocationStatus; stale: boolean } {
  const name = nameOfCertificate(cert);
  // Revocation data is dated to the second: issued in the same second as the use counts as fresh.
  const fresh = (d: Date) => d.getTime() >= Math.floor(usedAt.getTime() / 1000) * 1000;
  let stale = false;
  for (const r of data.ocsps) {
    const s = ocspStatusFor(r, cert, issuer);
    if (!s) continue;
    if (s.status === 'revoked') return { status: { certificate: name, status: 'revoked', source: 'OCSP', revokedAt: s.revokedAt && iso(s.revokedAt) }, stale };
    if (s.status === 'good' && fresh(s.thisUpdate)) return { status: { certificate: name, status: 'good', source: 'OCSP' }, stale };
    if (s.status === 'good') stale = true;
  }
  for (const crl of data.crls) {
    if (!crlIssuedBy(crl, issuer)) continue;
    const entry = crl.revoked.get(cert.serialHex);
    if (entry) return { status: { certificate: name, status: 'revoked', source: 'CRL', revokedAt: iso(entry.revokedAt) }, stale };
    if (fresh(crl.thisUpdate)) return { status: { certificate: name, status: 'good', source: 'CRL' }, stale };
    stale = true;
  }
  return { status: { certificate: name, status: 'unknown' }, stale };
}

export function validateCertificatePath(input: PathInput): PathResult {
  const problems: string[] = [];
  const notes: string[] = [];
  const leaf = certificateInfo(input.leaf);
  const anchors = input.anchors.map((a) => certificateInfo(a));
  const { chain, trusted } = buildChain(
    leaf,
    input.pool.map((c) => certificateInfo(c)),
    anchors,
  );
  const at = input.usedAt;
  for (const c of chain) {
    const name = nameOfCertificate(c);
    if (at < c.notBefore || at > c.notAfter) {
      problems.push(`sertifikat "${name}" tidak berlaku pada ${iso(at)} (${input.usedAtLabel}); masa berlakunya ${iso(c.notBefore)} – ${iso(c.notAfter)}`);
    }
    if (input.provenAt && c.notAfter < input.provenAt && !(at > c.notAfter)) {
      problems.push(`sertifikat "${name}" kedaluwarsa ${iso(c.notAfter)}, sebelum ada bukti keberadaan (${iso(input.provenAt)}); perpanjang arsip dengan stempel waktu dokumen sebelum sertifikat TSA kedaluwarsa`);
    }
  }
  if (!trusted) problems.push(`rantai sertifikat "${nameOfCertificate(chain[chain.length - 1]!)}" tidak berujung pada CA tepercaya`);
  chain.slice(1).forEach((c) => {
    if (!c.isCa) problems.push(`penerbit "${nameOfCertificate(c)}" bukan CA`);
    else if (c.keyUsage && !c.keyUsage.keyCertSign) problems.push(`penerbit "${nameOfCertificate(c)}" tidak boleh menerbitkan sertifikat (keyUsage tanpa keyCertSign)`);
  });

  const name = nameOfCertificate(leaf);
  if (input.purpose === 'document-signing') {
    if (leaf.keyUsage && !leaf.keyUsage.digitalSignature && !leaf.keyUsage.nonRepudiation) {
      problems.push(`sertifikat "${name}" tidak boleh dipakai menandatangani: keyUsage tanpa digitalSignature maupun nonRepudiation`);
    }
    if (leaf.extKeyUsage && !leaf.extKeyUsage.some((p) => DOCUMENT_SIGNING_PURPOSES.has(p))) {
      problems.push(`sertifikat "${name}" tidak boleh dipakai menandatangani dokumen: extendedKeyUsage hanya ${leaf.extKeyUsage.join(', ')}`);
    }
  } else {
    if (!leaf.extKeyUsage?.includes(OID.timeStamping) || !leaf.extKeyUsageCritical) {
      problems.push(`sertifikat "${name}" bukan sertifikat TSA (extendedKeyUsage timeStamping yang kritis, RFC 3161)`);
    }
    if (leaf.keyUsage && !leaf.keyUsage.digitalSignature && !leaf.keyUsage.nonRepudiation) problems.push(`sertifikat TSA "${name}" tanpa keyUsage digitalSignature`);
  }

  const revocation: RevocationStatus[] = [];
  for (let i = 0; i + 1 < chain.length; i++) {
    const cert = chain[i]!;
    if (anchors.some((a) => Buffer.from(a.raw).equals(Buffer.from(cert.raw)))) break;
    const issuer = chain[i + 1]!;
    const { status, stale } = revocationOf(cert, issuer, input.revocation, at);
    revocation.push(status);
    if (status.status === 'revoked') {
      const when = status.revokedAt ? new Date(status.revokedAt) : undefined;
      if (!when || when.getTime() <= at.getTime()) problems.push(`sertifikat "${status.certificate}" dicabut ${status.revokedAt ?? ''} (${status.source}), sebelum ${input.usedAtLabel} ${iso(at)}`.replace('  ', ' '));
      else notes.push(`sertifikat "${status.certificate}" dicabut ${status.revokedAt} (${status.source}), setelah ${input.usedAtLabel}`);
    } else if (status.status === 'unknown') {
      notes.push(`status pencabutan sertifikat "${status.certificate}" tidak diketahui: ${stale ? 'CRL/OCSP yang ada lebih tua dari waktu pemakaian' : 'tidak ada CRL/OCSP di dokumen (DSS) maupun yang diberikan'}`);
    }
  }
  return { ok: trusted && problems.length === 0, trusted, chain, problems, notes, revocation };
}
