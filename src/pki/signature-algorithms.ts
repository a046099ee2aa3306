/**
 * Verifies a signature value made with an algorithm named by OID (RSA PKCS#1 v1.5 and PSS, ECDSA;
 * SHA-2 digests), and maps digest OIDs to Node hash names. Used for CMS, CRLs, OCSP responses and
 * certificates. Imports Node crypto and the OIDs.
 */
import { constants, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { OID } from './oids.ts';

const DIGESTS: Readonly<Record<string, string>> = {
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
  [OID.sha1]: 'sha1',
};

/** Node's hash name for a digest algorithm OID, or undefined when not supported. */
export function digestName(oid: string): string | undefined {
  return DIGESTS[oid];
}

/** The hash a signature algorithm uses; `digestOid` decides for rsaEncryption and PSS. */
export function signatureHash(algorithmOid: string, digestOid?: string): string | undefined {
  switch (algorithmOid) {
    case OID.sha256WithRSA:
    case OID.ecdsaWithSha256:
      return 'sha256';
    case OID.sha384WithRSA:
    case OID.ecdsaWithSha384:
      return 'sha384';
    case OID.sha512WithRSA:
      return 'sha512';
    case OID.rsaEncryption:
    case OID.rsassaPss:
      return digestOid ? digestName(digestOid) : 'sha256';
    default:
      return undefined;
  }
}

/** True when `signature` over `data` verifies with `key`; false (never throws) otherwise. */
export function verifySignatureValue(algorithmOid: string, data: Uint8Array, signature: Uint8Array, key: KeyObject, digestOid?: string): boolean {
  const hash = signatureHash(algorithmOid, digestOid);
  if (!hash || hash === 'sha1') return false;
  try {
    const k = algorithmOid === OID.rsassaPss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : key;
    return cryptoVerify(hash, data, k, signature);
  } catch {
    return false;
  }
}
