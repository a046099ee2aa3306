/**
 * OCSP responses (RFC 6960): a DER OCSPResponse parsed down to its BasicOCSPResponse, the signature
 * checked against the issuing CA or a responder certificate it delegated (id-kp-OCSPSigning), and the
 * status of a certificate looked up by CertID. Imports Node crypto, the DER reader, the certificate
 * info, the signature algorithms and the OIDs.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { certificateInfo, type CertificateInfo } from './certificate-info.ts';
import { derBitString, derChild, derChildren, derContent, derIntegerHex, derOid, derRaw, derTime, readDer, type DerNode } from './der.ts';
import { OID } from './oids.ts';
import { digestName, verifySignatureValue } from './signature-algorithms.ts';

export interface OcspSingle {
  readonly hashAlgorithm: string;
  readonly issuerNameHash: string;
  readonly issuerKeyHash: string;
  readonly serialHex: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revokedAt?: Date;
  readonly thisUpdate: Date;
  readonly nextUpdate?: Date;
}

export interface OcspResponse {
  readonly raw: Uint8Array;
  readonly producedAt: Date;
  readonly responderName?: Uint8Array;
  readonly responderKeyHash?: string;
  readonly responses: readonly OcspSingle[];
  readonly certs: readonly CertificateInfo[];
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
}

/** Parses a DER OCSPResponse (status successful, type basic). Throws VERIFICATION_FAILED otherwise. */
export function parseOcspResponse(raw: Uint8Array): OcspResponse {
  const top = readDer(raw);
  const parts = derChildren(top);
  const status = derContent(parts[0]!)[0];
  if (status !== 0 || !parts[1]) throw new Error(`status OCSP ${status} (bukan successful)`);
  const bytes = derChild(parts[1], 0, 'responseBytes');
  const type = derOid(derChild(bytes, 0, 'responseType'));
  if (type !== OID.ocspBasic) throw new Error(`jenis respons OCSP ${type} tidak dikenal`);
  const basic = readDer(derContent(derChild(bytes, 1, 'response')));
  const b = derChildren(basic);
  const tbsNode = b[0]!;
  const rd = derChildren(tbsNode);
  let i = rd[0]?.tag === 0xa0 ? 1 : 0;
  const responder = rd[i++]!;
  const producedAt = derTime(rd[i++]!);
  const responses = derChildren(rd[i++]!).map((single): OcspSingle => {
    const s = derChildren(single);
    const id = derChildren(s[0]!);
    const statusNode = s[1]!;
    let revokedAt: Date | undefined;
    let st: OcspSingle['status'] = 'unknown';
    if (statusNode.tag === 0x80) st = 'good';
    else if (statusNode.tag === 0xa1) {
      st = 'revoked';
      revokedAt = derTime(derChildren(statusNode)[0]!);
    }
    const next = s.slice(3).find((n: DerNode) => n.tag === 0xa0);
    return {
      hashAlgorithm: derOid(derChild(id[0]!, 0, 'algorithm')),
      issuerNameHash: Buffer.from(derContent(id[1]!)).toString('hex'),
      issuerKeyHash: Buffer.from(derContent(id[2]!)).toString('hex'),
      serialHex: derIntegerHex(id[3]!),
      status: st,
      revokedAt,
      thisUpdate: derTime(s[2]!),
      nextUpdate: next ? derTime(derChildren(next)[0]!) : undefined,
    };
  });
  const certsNode = b.find((n) => n.tag === 0xa0);
  const certs = certsNode ? derChildren(derChild(certsNode, 0, 'certs')).map((c) => certificateInfo(new X509Certificate(derRaw(c)))) : [];
  return {
    raw: derRaw(top),
    producedAt,
    responderName: responder.tag === 0xa1 ? derRaw(derChildren(responder)[0]!) : undefined,
    responderKeyHash: responder.tag === 0xa2 ? Buffer.from(derContent(derChildren(responder)[0]!)).toString('hex') : undefined,
    responses,
    certs,
    tbs: derRaw(tbsNode),
    signatureAlgorithm: derOid(derChild(b[1]!, 0, 'algorithm')),
    signature: derBitString(b[2]!),
  };
}

const keyHash = (c: CertificateInfo, hash = 'sha1') => createHash(hash).update(c.publicKeyBits).digest('hex');

function isResponder(r: OcspResponse, c: CertificateInfo): boolean {
  if (r.responderName) return Buffer.from(r.responderName).equals(Buffer.from(c.subjectDer));
  return r.responderKeyHash === keyHash(c);
}

/**
 * The response's entry for `cert` issued by `issuer`, when the response is signed by the issuer or by
 * a responder certificate the issuer gave id-kp-OCSPSigning. Undefined when it does not apply.
 */
export function ocspStatusFor(r: OcspResponse, cert: CertificateInfo, issuer: CertificateInfo): OcspSingle | undefined {
  const single = r.responses.find((s) => {
    const h = digestName(s.hashAlgorithm);
    if (!h || s.serialHex !== cert.serialHex) return false;
    return s.issuerNameHash === createHash(h).update(issuer.subjectDer).digest('hex') && s.issuerKeyHash === keyHash(issuer, h);
  });
  if (!single) return undefined;
  const candidates = [issuer, ...r.certs];
  const signer = candidates.find((c) => isResponder(r, c));
  if (!signer) return undefined;
  if (signer !== issuer) {
    const delegated =
      Buffer.from(signer.issuerDer).equals(Buffer.from(issuer.subjectDer)) &&
      signer.x509.verify(issuer.x509.publicKey) &&
      (signer.extKeyUsage ?? []).includes(OID.ocspSigning);
    if (!delegated) return undefined;
  }
  return verifySignatureValue(r.signatureAlgorithm, r.tbs, r.signature, signer.x509.publicKey) ? single : undefined;
}
