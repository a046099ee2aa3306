/**
 * Parses and checks a CMS SignedData with one SignerInfo (a PAdES signature, a time-stamp token, paraf
 * evidence): message-digest against the content digest (detached, or the encapsulated content), the
 * signature over the signed attributes exactly as they were signed, the ESS signing-certificate(-v2)
 * hash. A BER-encoded CMS is re-encoded as DER first and flagged. Certificate paths are validated
 * elsewhere (certificate-path). Imports Node crypto, the DER reader, OIDs and signature algorithms.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { berToDer, derChild, derChildren, derContent, derIntegerHex, derOid, derRaw, readDer, type DerNode } from './der.ts';
import { OID } from './oids.ts';
import { digestName, verifySignatureValue } from './signature-algorithms.ts';

export interface CmsAttribute {
  readonly oid: string;
  readonly values: DerNode[];
}

export interface ParsedCms {
  readonly certificates: X509Certificate[];
  /** CRLs carried in SignedData.crls (DER). */
  readonly crls: Uint8Array[];
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: string;
  /** The signed attributes re-tagged as a SET (0x31): the exact bytes the signature covers. */
  readonly signedAttributesDer: Uint8Array;
  readonly attributes: readonly CmsAttribute[];
  readonly unsignedAttributes: readonly CmsAttribute[];
  readonly signature: Uint8Array;
  readonly sidSerialHex: string;
  readonly sidIssuerDer: Uint8Array;
  readonly signerCertificate?: X509Certificate;
  readonly contentType: string;
  /** The encapsulated content, when the CMS is not detached (a time-stamp token's TSTInfo). */
  readonly content?: Uint8Array;
  readonly encapsulatedContent: boolean;
  /** The CMS was BER and was re-encoded as DER to be checked. */
  readonly berReencoded: boolean;
}

export interface CmsCheck {
  readonly digestOk: boolean;
  readonly signatureOk: boolean;
  readonly essCertHashOk: boolean;
  readonly signerCertificate?: X509Certificate;
  readonly problems: string[];
}

function cmsInvalid(what: string): AppError {
  return new AppError('VERIFICATION_FAILED', `CMS SignedData tidak sah: ${what}.`);
}

function issuerNameDer(cert: X509Certificate): Uint8Array {
  const tbs = derChild(readDer(cert.raw), 0, 'tbsCertificate');
  const fields = derChildren(tbs);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  return derRaw(fields[offset + 2]!);
}

const attributesOf = (node: DerNode): CmsAttribute[] =>
  derChildren(node).map((a) => ({ oid: derOid(derChild(a, 0, 'attrType')), values: derChildren(derChild(a, 1, 'attrValues')) }));

/** Parses a CMS ContentInfo holding SignedData with one SignerInfo. Throws VERIFICATION_FAILED if malformed. */
export function parseCms(input: Uint8Array): ParsedCms {
  let cms = input;
  let berReencoded = false;
  const first = readDerTolerant(input);
  if (first === 'ber') {
    const converted = berToDer(input);
    cms = converted.der;
    berReencoded = true;
  }
  const contentInfo = readDer(cms);
  const ctype = derOid(derChild(contentInfo, 0, 'contentType'));
  if (ctype !== OID.signedData) throw cmsInvalid(`contentType ${ctype} bukan signedData`);
  const sd = derChild(derChild(contentInfo, 1, 'content [0]'), 0, 'SignedData');
  const parts = derChildren(sd);
  const encap = derChildren(parts[2]!);
  const contentType = derOid(encap[0]!);
  const eContent = encap[1] ? derContent(derChild(encap[1], 0, 'eContent')) : undefined;
  const certificates: X509Certificate[] = [];
  const crls: Uint8Array[] = [];
  let signerInfos: DerNode | undefined;
  for (const p of parts.slice(3)) {
    if (p.tag === 0xa0) for (const c of derChildren(p)) if (c.tag === 0x30) certificates.push(new X509Certificate(derRaw(c)));
    if (p.tag === 0xa1) for (const c of derChildren(p)) if (c.tag === 0x30) crls.push(derRaw(c));
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
  const signatureAlgorithm = derOid(derChild(f[4]!, 0, 'signatureAlgorithm'));
  const signature = new Uint8Array(derContent(f[5]!));
  const unsigned = f[6]?.tag === 0xa1 ? attributesOf(f[6]) : [];
  const serialHex = derIntegerHex(sidSerial);
  const signerCertificate = certificates.find(
    (c) => c.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, '') === serialHex && Buffer.from(issuerNameDer(c)).equals(Buffer.from(derRaw(sidIssuer))),
  );
  return {
    certificates,
    crls,
    digestAlgorithm,
    signatureAlgorithm,
    signedAttributesDer: attrsRaw,
    attributes: attributesOf(attrsNode),
    unsignedAttributes: unsigned,
    signature,
    sidSerialHex: serialHex,
    sidIssuerDer: derRaw(sidIssuer),
    signerCertificate,
    contentType,
    content: eContent,
    encapsulatedContent: eContent !== undefined,
    berReencoded,
  };
}

/** 'der' when the whole structure reads as DER, 'ber' when it needs re-encoding. */
function readDerTolerant(bytes: Uint8Array): 'der' | 'ber' {
  const walk = (node: DerNode, depth: number): void => {
    if (node.tag === 0x24 || node.tag === 0x23) throw new Error('constructed string');
    if (depth > 12 || (node.tag & 0x20) === 0) return;
    for (const c of derChildren(node)) walk(c, depth + 1);
  };
  try {
    walk(readDer(bytes), 0);
    return bytes[1] === 0x80 ? 'ber' : 'der';
  } catch {
    return 'ber';
  }
}

/**
 * 'pades': the rules of ETSI.CAdES.detached (SHA-256 here, ESS signing-certificate-v2 required, no
 * signing-time). 'cms': a plain adbe.pkcs7.detached signature made by other tools (SHA-2 family,
 * signing-time allowed, ESS attributes checked when present). 'tst': a time-stamp token (content
 * type id-ct-TSTInfo, ESS signing-certificate(-v2) required by RFC 3161/5816).
 */
export type CmsProfile = 'pades' | 'cms' | 'tst';

/**
 * Checks a parsed CMS against the digest (with its digestAlgorithm) of the content it is detached from;
 * for an encapsulated CMS pass no digest: the encapsulated content is hashed.
 */
export function checkCms(parsed: ParsedCms, contentDigest: Uint8Array | undefined, profile: CmsProfile = 'pades'): CmsCheck {
  const problems: string[] = [];
  const attr = (o: string) => parsed.attributes.find((a) => a.oid === o);
  const hashName = digestName(parsed.digestAlgorithm);
  if (profile === 'pades' && parsed.digestAlgorithm !== OID.sha256) problems.push(`algoritma digest ${parsed.digestAlgorithm} bukan SHA-256`);
  else if (!hashName) problems.push(`algoritma digest ${parsed.digestAlgorithm} tidak dikenal`);
  else if (hashName === 'sha1') problems.push('algoritma digest SHA-1 sudah tidak aman');
  if (profile === 'tst') {
    if (parsed.contentType !== OID.tstInfo || !parsed.content) problems.push('token stempel waktu tidak berisi TSTInfo');
  } else if (parsed.encapsulatedContent) problems.push('CMS tidak detached (berisi konten)');
  const expectedType = profile === 'tst' ? OID.tstInfo : OID.data;
  const ct = attr(OID.contentType);
  if (!ct || ct.values.length !== 1 || derOid(ct.values[0]!) !== expectedType) problems.push(`atribut content-type bukan ${profile === 'tst' ? 'id-ct-TSTInfo' : 'id-data'}`);
  const digest = contentDigest ?? (parsed.content && hashName ? new Uint8Array(createHash(hashName).update(parsed.content).digest()) : undefined);
  const md = attr(OID.messageDigest);
  const mdValue = md?.values[0] ? derContent(md.values[0]) : undefined;
  const digestOk = mdValue !== undefined && digest !== undefined && Buffer.from(mdValue).equals(Buffer.from(digest));
  if (!digestOk) problems.push('digest dokumen tidak cocok dengan atribut message-digest (isi berubah setelah ditandatangani)');
  if (profile === 'pades' && attr(OID.signingTime)) problems.push('atribut signing-time ada (PAdES melarangnya; waktu ada di /M)');

  const cert = parsed.signerCertificate;
  let signatureOk = false;
  let essCertHashOk = false;
  if (!cert) {
    problems.push('sertifikat penanda tangan tidak ada di CMS');
  } else {
    signatureOk = verifySignatureValue(parsed.signatureAlgorithm, parsed.signedAttributesDer, parsed.signature, cert.publicKey, parsed.digestAlgorithm);
    if (!signatureOk) problems.push('tanda tangan kriptografis atas atribut bertanda tangan tidak sah');
    const ess = attr(OID.signingCertificateV2);
    const essV1 = attr(OID.signingCertificate);
    if (!ess && !essV1 && profile !== 'cms') {
      problems.push('atribut ESS signing-certificate-v2 tidak ada');
    } else if (!ess && essV1) {
      if (profile === 'pades') problems.push('atribut ESS signing-certificate (v1, SHA-1) dipakai; PAdES meminta signing-certificate-v2');
      const essCertId = derChild(derChild(essV1.values[0]!, 0, 'certs'), 0, 'ESSCertID');
      essCertHashOk = createHash('sha1').update(cert.raw).digest().equals(Buffer.from(derContent(derChild(essCertId, 0, 'certHash'))));
      if (!essCertHashOk) problems.push('hash sertifikat di ESS signing-certificate tidak cocok dengan sertifikat penanda tangan');
    } else if (!ess) {
      essCertHashOk = true; // not required outside PAdES and time stamps
    } else {
      const essCertId = derChild(derChild(ess.values[0]!, 0, 'certs'), 0, 'ESSCertIDv2');
      const head = derChild(essCertId, 0, 'hashAlgorithm/certHash');
      let algorithm: string = OID.sha256;
      let hashNode = head;
      if (head.tag === 0x30) {
        algorithm = derOid(derChild(head, 0, 'algorithm'));
        hashNode = derChild(essCertId, 1, 'certHash');
      }
      const essHash = digestName(algorithm);
      const expected = essHash && essHash !== 'sha1' ? createHash(essHash).update(cert.raw).digest() : undefined;
      essCertHashOk = expected !== undefined && expected.equals(Buffer.from(derContent(hashNode)));
      if (!essCertHashOk) problems.push('hash sertifikat di ESS signing-certificate-v2 tidak cocok dengan sertifikat penanda tangan');
    }
  }
  return { digestOk, signatureOk, essCertHashOk, signerCertificate: cert, problems };
}

export { digestName };
