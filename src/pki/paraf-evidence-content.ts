/**
 * The bytes a paraf evidence CMS is detached over: the version's content hash as 64 lowercase hex
 * characters in ASCII (no newline), so `openssl cms -verify -content` works on a text file holding it.
 * Shared by the signer (making evidence) and the verifier. Imports AppError.
 */
import { AppError } from '../errors/app-error.ts';

/** Accepts the hash as 32 raw bytes or as hex text. */
export function parafEvidenceContent(contentHash: Uint8Array | string): Uint8Array {
  const hex = typeof contentHash === 'string' ? contentHash.trim().toLowerCase() : Buffer.from(contentHash).toString('hex');
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new AppError('SIGNING_FAILED', 'Hash versi untuk bukti paraf harus SHA-256 (32 byte atau 64 karakter heksadesimal).');
  }
  return new Uint8Array(Buffer.from(hex, 'ascii'));
}
