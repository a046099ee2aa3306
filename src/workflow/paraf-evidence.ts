/**
 * The hook for cryptographic paraf evidence: a signer that turns (official, content hash) into a
 * detached CMS stored on the paraf step (ParafStep.evidenceCms). The signing layer provides an
 * implementation; without one, paraf steps carry no evidence. Declarations only.
 */
export interface ParafEvidenceSigner {
  /** Base64 DER CMS (SignedData) over the content hash, signed with the official's key. */
  signContentHash(officialId: string, contentHash: string): Promise<string>;
}
