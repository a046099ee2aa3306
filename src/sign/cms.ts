/**
 * Builds CMS SignedData for PAdES B-B (ETSI.CAdES.detached) and for paraf evidence, with forge.asn1
 * (never forge.pkcs7.createSignedData, which encodes other attributes wrongly). Version 1, detached,
 * SHA-256; signed attributes exactly content-type (id-data), message-digest and ESS
 * signing-certificate-v2; no signing-time (PAdES keeps the time in /M). Imports node-forge, Node crypto,
 * the DER reader and the RawSigner interface.
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../errors/app-error.ts';
import { derChild, derChildren, derRaw, readDer } from './der.ts';
import { certificateDer, type RawSigner } from './raw-signer.ts';

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const asn1 = forge.asn1;
type Node = forge.asn1.Asn1;

const toBinary = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('binary');
const fromBinary = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'binary'));

const seq = (items: Node[]): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const set = (items: Node[]): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, items);
const oid = (dotted: string): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(dotted).getBytes());
const octets = (bytes: Uint8Array): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(bytes));
const int = (n: number): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = (): Node => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
/** An element given as its exact DER bytes (certificates, names, serial numbers). */
const raw = (der: Uint8Array): Node => asn1.fromDer(forge.util.createBuffer(toBinary(der)), { strict: true, decodeBitStrings: false } as unknown as boolean);
const der = (node: Node): Uint8Array => fromBinary(asn1.toDer(node).getBytes());

/** DER order of a SET OF: by encoding, the shorter one padded with zeros (X.690 11.6). */
function compareDer(a: Uint8Array, b: Uint8Array): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x - y;
  }
  return 0;
}

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

/**
 * The signed attributes, DER-sorted: content-type id-data, message-digest, signing-certificate-v2
 * (ESSCertIDv2 with the SHA-256 of the signer's certificate — algorithm omitted as the default — and
 * issuerSerial).
 */
function signedAttributes(contentDigest: Uint8Array, signerCertDer: Uint8Array): Node[] {
  const { issuer, serial } = issuerAndSerial(signerCertDer);
  const certHash = new Uint8Array(createHash('sha256').update(signerCertDer).digest());
  const generalNames = seq([asn1.create(asn1.Class.CONTEXT_SPECIFIC, 4, true, [raw(issuer)])]);
  const essCertIdV2 = seq([octets(certHash), seq([generalNames, raw(serial)])]);
  const attrs = [
    seq([oid(CMS_OID.contentType), set([oid(CMS_OID.data)])]),
    seq([oid(CMS_OID.messageDigest), set([octets(contentDigest)])]),
    seq([oid(CMS_OID.signingCertificateV2), set([seq([seq([essCertIdV2])])])]),
  ];
  return attrs
    .map((node) => ({ node, bytes: der(node) }))
    .sort((a, b) => compareDer(a.bytes, b.bytes))
    .map((x) => x.node);
}

/**
 * A detached CMS SignedData over content whose SHA-256 is `contentDigest`. The signature is made by
 * `signer` over the signed attributes encoded as a SET (tag 0x31); in SignerInfo they are [0] IMPLICIT.
 */
export async function buildSignedData(contentDigest: Uint8Array, signer: RawSigner): Promise<Uint8Array> {
  if (contentDigest.length !== 32) throw new AppError('SIGNING_FAILED', 'Digest konten harus SHA-256 (32 byte).');
  const [signerCert] = signer.certificateChain;
  if (!signerCert) throw new AppError('KEY_INVALID', 'Rantai sertifikat penanda tangan kosong; impor sertifikatnya dulu.');
  const chainDer = signer.certificateChain.map(certificateDer);
  const signerDer = chainDer[0]!;
  const attrs = signedAttributes(contentDigest, signerDer);
  const toSign = der(set(attrs));
  const signature = await signer.sign(toSign);
  const { issuer, serial } = issuerAndSerial(signerDer);
  const sha256Alg = seq([oid(CMS_OID.sha256)]);
  const signerInfo = seq([
    int(1),
    seq([raw(issuer), raw(serial)]),
    sha256Alg,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attrs),
    seq([oid(CMS_OID.sha256WithRSA), nul()]),
    octets(signature),
  ]);
  const signedData = seq([
    int(1),
    set([seq([oid(CMS_OID.sha256)])]),
    seq([oid(CMS_OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, chainDer.map(raw)),
    set([signerInfo]),
  ]);
  const contentInfo = seq([oid(CMS_OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]);
  return der(contentInfo);
}

/**
 * The bytes a paraf evidence CMS is detached over: the version's content hash as 64 lowercase hex
 * characters in ASCII (no newline), so `openssl cms -verify -content` works on a text file holding it.
 * Accepts the hash as 32 raw bytes or as hex text.
 */
export function parafEvidenceContent(contentHash: Uint8Array | string): Uint8Array {
  const hex = typeof contentHash === 'string' ? contentHash.trim().toLowerCase() : Buffer.from(contentHash).toString('hex');
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new AppError('SIGNING_FAILED', 'Hash versi untuk bukti paraf harus SHA-256 (32 byte atau 64 karakter heksadesimal).');
  }
  return new Uint8Array(Buffer.from(hex, 'ascii'));
}

/** Paraf evidence: a detached CMS over `parafEvidenceContent(contentHash)`, signed by the official. */
export async function signDetachedHash(contentHash: Uint8Array | string, signer: RawSigner): Promise<Uint8Array> {
  const content = parafEvidenceContent(contentHash);
  return buildSignedData(new Uint8Array(createHash('sha256').update(content).digest()), signer);
}
