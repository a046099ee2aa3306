/**
 * Parses and checks a detached CMS SignedData: message-digest against the content digest, the
 * signature over the signed attributes exactly as they were signed, the ESS signing-certificate-v2
 * hash, and the chain to given trust anchors. Also verifies paraf evidence. Imports Node crypto, forge
 * (trust anchors are forge certificates), the DER reader and the CMS builder's constants.
 */
import { constants, createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import type forge from 'node-forge';
import { AppError, isAppError } from '../errors/app-error.ts';
import { CMS_OID, parafEvidenceContent } from './cms.ts';
import { derChild, derChildren, derContent, derOid, derRaw, readDer, type DerNode } from './der.ts';
import { certificateDer } from './raw-signer.ts';

export interface ParsedCms {
  readonly certificates: X509Certificate[];
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: string;
  /** The signed attributes re-tagged as a SET (0x31): the exact bytes the signature covers. */
  readonly signedAttributesDer: Uint8Array;
  /** Attribute OID → the DER nodes of its values, in the order they appear. */
  readonly attributes: ReadonlyArray<{ oid: string; values: DerNode[] }>;
  readonly signature: Uint8Array;
  readonly sidSerialHex: string;
  readonly sidIssuerDer: Uint8Array;
  readonly signerCertificate?: X509Certificate;
  readonly encapsulatedContent: boolean;
}

export interface CmsCheck {
  readonly digestOk: boolean;
  readonly signatureOk: boolean;
  readonly chainOk: boolean;
  readonly essCertHashOk: boolean;
  readonly signerCertificate?: X509Certificate;
  readonly signerName?: string;
  readonly problems: string[];
}

function cmsInvalid(what: string): AppError {
  return new AppError('VERIFICATION_FAILED', `CMS SignedData tidak sah: ${what}.`);
}

/** Parses a CMS ContentInfo holding SignedData with one SignerInfo. Throws VERIFICATION_FAILED if malformed. */
export function parseCms(cms: Uint8Array): ParsedCms {
  const contentInfo = readDer(cms);
  const ctype = derOid(derChild(contentInfo, 0, 'contentType'));
  if (ctype !== CMS_OID.signedData) throw cmsInvalid(`contentType ${ctype} bukan signedData`);
  const sd = derChild(derChild(contentInfo, 1, 'content [0]'), 0, 'SignedData');
  const parts = derChildren(sd);
  const encap = parts[2]!;
  const encapsulatedContent = derChildren(encap).length > 1;
  const certificates: X509Certificate[] = [];
  let signerInfos: DerNode | undefined;
  for (const p of parts.slice(3)) {
    if (p.tag === 0xa0) for (const c of derChildren(p)) if (c.tag === 0x30) certificates.push(new X509Certificate(derRaw(c)));
    if (p.tag === 0x31) signerInfos = p;
  }
  if (!signerInfos) throw cmsInvalid('signerInfos tidak ada');
  const si = derChildren(signerInfos);
  if (si.length !== 1) throw cmsInvalid(`diharapkan satu SignerInfo, ada ${si.length}`);
  const f = derChildren(si[0]!);
  const sid = f[1]!;
  if (sid.tag !== 0x30) throw cmsInvalid('SignerIdentifier bukan issuerAndSerialNumber');
  const sidIssuer = derChild(sid, 0, 'issuer');
  const sidSerial = derChild(sid, 1, 'serialNumber');
  const digestAlgorithm = derOid(derChild(f[2]!, 0, 'digestAlgorithm'));
  const attrsNode = f[3]!;
  if (attrsNode.tag !== 0xa0) throw cmsInvalid('signedAttrs tidak ada');
  const attrsRaw = new Uint8Array(derRaw(attrsNode));
  attrsRaw[0] = 0x31;
  const attributes = derChildren(attrsNode).map((a) => ({
    oid: derOid(derChild(a, 0, 'attrType')),
    values: derChildren(derChild(a, 1, 'attrValues')),
  }));
  const signatureAlgorithm = derOid(derChild(f[4]!, 0, 'signatureAlgorithm'));
  const signature = new Uint8Array(derContent(f[5]!));
  let serialHex = Buffer.from(derContent(sidSerial)).toString('hex').toUpperCase().replace(/^(00)+(?=.)/, '');
  if (serialHex === '') serialHex = '0';
  const signerCertificate = certificates.find(
    (c) => c.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, '') === serialHex && Buffer.from(issuerNameDer(c)).equals(Buffer.from(derRaw(sidIssuer))),
  );
  return {
    certificates,
    digestAlgorithm,
    signatureAlgorithm,
    signedAttributesDer: attrsRaw,
    attributes,
    signature,
    sidSerialHex: serialHex,
    sidIssuerDer: derRaw(sidIssuer),
    signerCertificate,
    encapsulatedContent,
  };
}

function issuerNameDer(cert: X509Certificate): Uint8Array {
  const tbs = derChild(readDer(cert.raw), 0, 'tbsCertificate');
  const fields = derChildren(tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  return derRaw(fields[offset + 2]!);
}

/** "CN=…" value of a subject as Node prints it ("C=ID\nO=…\nCN=…"). */
export function commonName(subject: string): string | undefined {
  // Node escapes DN specials (RFC 4514: "\,", "\+", "\\", …); the name is shown without them.
  for (const line of subject.split('\n')) if (line.startsWith('CN=')) return line.slice(3).replace(/\\(.)/g, '$1');
  return undefined;
}

/** Finds a path from `leaf` to one of `anchors` through `pool`; returns problems (empty when it chains). */
export function checkChain(leaf: X509Certificate, pool: readonly X509Certificate[], anchors: readonly X509Certificate[], at?: Date): string[] {
  const problems: string[] = [];
  const isAnchor = (c: X509Certificate) => anchors.some((a) => a.raw.equals(c.raw));
  const candidates = [...pool, ...anchors];
  let current = leaf;
  const when = at ?? new Date();
  for (let depth = 0; depth < 10; depth++) {
    if (when < new Date(current.validFrom) || when > new Date(current.validTo)) {
      problems.push(`sertifikat "${commonName(current.subject) ?? current.subject}" tidak berlaku pada waktu penandatanganan`);
    }
    if (isAnchor(current)) return problems;
    const issuer = candidates.find((c) => c !== current && !c.raw.equals(current.raw) && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) {
      problems.push(`rantai sertifikat "${commonName(current.subject) ?? current.subject}" tidak berujung pada CA tepercaya`);
      return problems;
    }
    if (!issuer.ca) problems.push(`penerbit "${commonName(issuer.subject) ?? issuer.subject}" bukan CA`);
    current = issuer;
  }
  problems.push('rantai sertifikat terlalu panjang');
  return problems;
}

export function toX509(cert: forge.pki.Certificate): X509Certificate {
  return new X509Certificate(certificateDer(cert));
}

const DIGEST_NAMES: Readonly<Record<string, string>> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const ESS_SIGNING_CERTIFICATE_V1 = '1.2.840.113549.1.9.16.2.12';
const RSASSA_PSS = '1.2.840.113549.1.1.10';

/** Node's hash name for a CMS digest algorithm OID, or undefined when not supported. */
export function digestName(oid: string): string | undefined {
  return DIGEST_NAMES[oid];
}

/**
 * 'pades': the rules of ETSI.CAdES.detached (SHA-256 here, ESS signing-certificate-v2 required, no
 * signing-time). 'cms': a plain adbe.pkcs7.detached signature made by other tools (SHA-2 family,
 * signing-time allowed, ESS attributes checked when present).
 */
export type CmsProfile = 'pades' | 'cms';

/** Checks a parsed CMS against the digest (with its digestAlgorithm) of the content it is detached from. */
export function checkCms(parsed: ParsedCms, contentDigest: Uint8Array, trustAnchors: readonly forge.pki.Certificate[], at?: Date, profile: CmsProfile = 'pades'): CmsCheck {
  const problems: string[] = [];
  const attr = (o: string) => parsed.attributes.find((a) => a.oid === o);
  const hashName = digestName(parsed.digestAlgorithm);
  if (profile === 'pades' && parsed.digestAlgorithm !== CMS_OID.sha256) problems.push(`algoritma digest ${parsed.digestAlgorithm} bukan SHA-256`);
  else if (!hashName) problems.push(`algoritma digest ${parsed.digestAlgorithm} tidak dikenal`);
  else if (hashName === 'sha1') problems.push('algoritma digest SHA-1 sudah tidak aman');
  if (parsed.encapsulatedContent) problems.push('CMS tidak detached (berisi konten)');
  const ct = attr(CMS_OID.contentType);
  if (!ct || ct.values.length !== 1 || derOid(ct.values[0]!) !== CMS_OID.data) problems.push('atribut content-type bukan id-data');
  const md = attr(CMS_OID.messageDigest);
  const mdValue = md?.values[0] ? derContent(md.values[0]) : undefined;
  const digestOk = mdValue !== undefined && Buffer.from(mdValue).equals(Buffer.from(contentDigest));
  if (!digestOk) problems.push('digest dokumen tidak cocok dengan atribut message-digest (isi berubah setelah ditandatangani)');
  if (profile === 'pades' && attr(CMS_OID.signingTime)) problems.push('atribut signing-time ada (PAdES melarangnya; waktu ada di /M)');

  const cert = parsed.signerCertificate;
  let signatureOk = false;
  let essCertHashOk = false;
  let chainOk = false;
  if (!cert) {
    problems.push('sertifikat penanda tangan tidak ada di CMS');
  } else {
    try {
      const key = parsed.signatureAlgorithm === RSASSA_PSS ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : cert.publicKey;
      signatureOk = cryptoVerify(hashName ?? 'sha256', parsed.signedAttributesDer, key, parsed.signature);
    } catch {
      signatureOk = false;
    }
    if (!signatureOk) problems.push('tanda tangan kriptografis atas atribut bertanda tangan tidak sah');
    const ess = attr(CMS_OID.signingCertificateV2);
    const essV1 = attr(ESS_SIGNING_CERTIFICATE_V1);
    if (!ess && profile === 'pades') {
      problems.push('atribut ESS signing-certificate-v2 tidak ada');
    } else if (!ess && essV1) {
      const essCertId = derChild(derChild(essV1.values[0]!, 0, 'certs'), 0, 'ESSCertID');
      essCertHashOk = createHash('sha1').update(cert.raw).digest().equals(Buffer.from(derContent(derChild(essCertId, 0, 'certHash'))));
      if (!essCertHashOk) problems.push('hash sertifikat di ESS signing-certificate tidak cocok dengan sertifikat penanda tangan');
    } else if (!ess) {
      essCertHashOk = true; // not required outside PAdES
    } else {
      const essCertId = derChild(derChild(ess.values[0]!, 0, 'certs'), 0, 'ESSCertIDv2');
      const first = derChild(essCertId, 0, 'hashAlgorithm/certHash');
      let algorithm: string = CMS_OID.sha256;
      let hashNode = first;
      if (first.tag === 0x30) {
        algorithm = derOid(derChild(first, 0, 'algorithm'));
        hashNode = derChild(essCertId, 1, 'certHash');
      }
      const essHash = digestName(algorithm);
      const expected = essHash && essHash !== 'sha1' ? createHash(essHash).update(cert.raw).digest() : undefined;
      essCertHashOk = expected !== undefined && expected.equals(Buffer.from(derContent(hashNode)));
      if (!essCertHashOk) problems.push('hash sertifikat di ESS signing-certificate-v2 tidak cocok dengan sertifikat penanda tangan');
    }
    const chainProblems = checkChain(cert, parsed.certificates, trustAnchors.map(toX509), at);
    chainOk = chainProblems.length === 0;
    problems.push(...chainProblems);
  }
  return {
    digestOk,
    signatureOk,
    chainOk,
    essCertHashOk,
    signerCertificate: cert,
    signerName: cert ? commonName(cert.subject) : undefined,
    problems,
  };
}

export interface ParafEvidenceResult extends CmsCheck {
  readonly valid: boolean;
}

/**
 * Verifies paraf evidence made by `signDetachedHash`: that it is over exactly `expectedHash` (32 bytes
 * or hex text), signed by a certificate that chains to `trustAnchors`.
 */
export function verifyParafEvidence(cms: Uint8Array, expectedHash: Uint8Array | string, trustAnchors: readonly forge.pki.Certificate[]): ParafEvidenceResult {
  let parsed: ParsedCms;
  try {
    parsed = parseCms(cms);
  } catch (error) {
    const why = isAppError(error) || error instanceof Error ? error.message : String(error);
    return { valid: false, digestOk: false, signatureOk: false, chainOk: false, essCertHashOk: false, problems: [`bukti paraf bukan CMS yang sah: ${why}`] };
  }
  let content: Uint8Array;
  try {
    content = parafEvidenceContent(expectedHash);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { valid: false, digestOk: false, signatureOk: false, chainOk: false, essCertHashOk: false, problems: [why] };
  }
  const digest = new Uint8Array(createHash('sha256').update(content).digest());
  const check = checkCms(parsed, digest, trustAnchors);
  if (!check.digestOk) check.problems.splice(0, check.problems.length, ...check.problems.map((p) => (p.startsWith('digest dokumen') ? 'bukti paraf dibuat untuk hash versi lain' : p)));
  return { ...check, valid: check.digestOk && check.signatureOk && check.chainOk && check.essCertHashOk && check.problems.length === 0 };
}
