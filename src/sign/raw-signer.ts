/**
 * The raw signature step behind CMS building: a certificate chain and "sign these bytes". A local
 * implementation over a Node KeyObject lives here; remote services implement the same interface.
 * Imports node-forge types and Node crypto only.
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface RawSigner {
  /** The signer's certificate first, then its issuers. */
  readonly certificateChain: forge.pki.Certificate[];
  /** Signs `dataToSign` (the DER of the signed attributes) with SHA-256; returns the signature value. */
  sign(dataToSign: Uint8Array): Promise<Uint8Array>;
  readonly algorithm: 'rsa-sha256';
}

/** A RawSigner over a private key held in this process (PKCS#1 v1.5 with SHA-256). */
export function createLocalRawSigner(privateKey: KeyObject | forge.pki.rsa.PrivateKey, certificateChain: forge.pki.Certificate[]): RawSigner {
  const key: KeyObject =
    'asymmetricKeyType' in privateKey ? (privateKey as KeyObject) : createPrivateKey(forge.pki.privateKeyToPem(privateKey as forge.pki.rsa.PrivateKey));
  return {
    certificateChain,
    algorithm: 'rsa-sha256',
    async sign(dataToSign) {
      return new Uint8Array(cryptoSign('sha256', dataToSign, key));
    },
  };
}

const derCache = new WeakMap<forge.pki.Certificate, Uint8Array>();

/** DER bytes of a forge certificate (encoded once per certificate object: forge's encoder is slow). */
export function certificateDer(cert: forge.pki.Certificate): Uint8Array {
  let der = derCache.get(cert);
  if (!der) {
    der = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
    derCache.set(cert, der);
  }
  return der;
}
