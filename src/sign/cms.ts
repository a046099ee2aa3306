/**
 * Builds CMS SignedData: PAdES signatures (ETSI.CAdES.detached), time-stamp tokens (RFC 3161, the
 * TSTInfo encapsulated) and paraf evidence. Version 1 (3 with encapsulated non-data content), SHA-256;
 * signed attributes exactly content-type, message-digest and ESS signing-certificate-v2 (no
 * signing-time: PAdES keeps the time in /M); unsigned attributes (the signature time stamp of B-T)
 * computed from the signature value. Written with the DER builder, elements copied byte for byte.
 * Imports Node crypto, the PKI DER reader/builder and OIDs, and the RawSigner interface.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { derChild, derChildren, derRaw, readDer } from '../pki/der.ts';
import { algorithm, explicit, implicitConstructed, int, octets, oid, seq, set, tlv, type Der } from '../pki/der-build.ts';
import { OID } from '../pki/oids.ts';
import { parafEvidenceContent } from '../pki/paraf-evidence-content.ts';
import { certificateDer, type RawSigner } from './raw-signer.ts';

/** Issuer Name and serialNumber of a certificate, as their exact DER elements. */
export function issuerAndSerial(certDer: Uint8Array): { issuer: Uint8Array; serial: Uint8Array } {
  const cert = readDer(certDer);
  const tbs = derChild(cert, 0, 'tbsCertificate');
  const fields = derChildren(tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (!serial || !issuer) throw new AppError('KEY_INVALID', 'Sertifikat penanda tangan rusak: issuer/serialNumber tidak terbaca.');
  return { issuer: derRaw(issuer), serial: derRaw(serial) };
}

export interface CmsAttributeValue {
  readonly oid: string;
  readonly values: readonly Der[];
}

export interface SignedDataOptions {
  /** Encapsulated content type; id-data (detached) by default. */
  readonly contentType?: string;
  /** Content to encapsulate (a TSTInfo); detached when absent. */
  readonly content?: Uint8Array;
  /** Unsigned attributes made from the signature value (e.g. its time-stamp token). */
  readonly unsignedAttributes?: (signatureValue: Uint8Array) => Promise<readonly CmsAttributeValue[]>;
}

const attribute = (type: string, ...values: Der[]): Der => seq(oid(type), set(...values));

/**
 * The signed attributes: content-type, message-digest, signing-certificate-v2 (ESSCertIDv2 with the
 * SHA-256 of the signer's certificate — algorithm omitted as the default — and issuerSerial).
 */
function signedAttributes(contentType: string, contentDigest: Uint8Array, signerCertDer: Uint8Array): Der[] {
  const { issuer, serial } = issuerAndSerial(signerCertDer);
  const certHash = new Uint8Array(createHash('sha256').update(signerCertDer).digest());
  const generalNames = seq(explicit(4, issuer));
  const essCertIdV2 = seq(octets(certHash), seq(generalNames, serial));
  return [
    attribute(OID.contentType, oid(contentType)),
    attribute(OID.messageDigest, octets(contentDigest)),
    attribute(OID.signingCertificateV2, seq(seq(essCertIdV2))),
  ];
}

/**
 * A CMS SignedData over content whose SHA-256 is `contentDigest` (detached), or over `options.content`
 * (encapsulated). The signature is made by `signer` over the signed attributes encoded as a SET; in
 * SignerInfo they are [0] IMPLICIT.
 */
export async function buildSignedData(contentDigest: Uint8Array, signer: RawSigner, options: SignedDataOptions = {}): Promise<Uint8Array> {
  if (contentDigest.length !== 32) throw new AppError('SIGNING_FAILED', 'Digest konten harus SHA-256 (32 byte).');
  const [signerCert] = signer.certificateChain;
  if (!signerCert) throw new AppError('KEY_INVALID', 'Rantai sertifikat penanda tangan kosong; impor sertifikatnya dulu.');
  const contentType = options.contentType ?? OID.data;
  const chainDer = signer.certificateChain.map(certificateDer);
  const signerDer = chainDer[0]!;
  const attrs = set(...signedAttributes(contentType, contentDigest, signerDer));
  const signature = await signer.sign(attrs);
  const { issuer, serial } = issuerAndSerial(signerDer);
  const unsigned = options.unsignedAttributes ? await options.unsignedAttributes(signature) : [];
  const signerInfo = seq(
    int(1),
    seq(issuer, serial),
    algorithm(OID.sha256, false),
    implicitConstructed(0, attrs),
    algorithm(OID.sha256WithRSA),
    octets(signature),
    ...(unsigned.length > 0 ? [tlv(0xa1, ...[...unsigned].map((a) => attribute(a.oid, ...a.values)))] : []),
  );
  const encap = options.content ? seq(oid(contentType), explicit(0, octets(options.content))) : seq(oid(contentType));
  const signedData = seq(
    int(contentType === OID.data ? 1 : 3),
    set(algorithm(OID.sha256, false)),
    encap,
    tlv(0xa0, ...chainDer),
    set(signerInfo),
  );
  return seq(oid(OID.signedData), explicit(0, signedData));
}

/** Paraf evidence: a detached CMS over `parafEvidenceContent(contentHash)`, signed by the official. */
export async function signDetachedHash(contentHash: Uint8Array | string, signer: RawSigner): Promise<Uint8Array> {
  const content = parafEvidenceContent(contentHash);
  return buildSignedData(new Uint8Array(createHash('sha256').update(content).digest()), signer);
}
