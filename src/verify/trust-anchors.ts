/**
 * The certificates `verify` trusts: the data directory's development CA (only if it exists — verifying
 * never creates keys) plus PEM files given by the user (each may hold several certificates).
 * Imports Node fs and node-forge.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { AppError } from '../errors/app-error.ts';

export function loadTrustAnchors(keysDir: string | undefined, pemFiles: readonly string[] = []): forge.pki.Certificate[] {
  const anchors: forge.pki.Certificate[] = [];
  const devCa = keysDir ? path.join(keysDir, 'dev-ca.crt.pem') : undefined;
  const files = [...(devCa && existsSync(devCa) ? [devCa] : []), ...pemFiles];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new AppError('FILE_UNREADABLE', `Berkas CA ${file} tidak dapat dibaca.`, { cause, file });
    }
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) throw new AppError('FILE_UNREADABLE', `Berkas CA ${file} tidak berisi sertifikat PEM (-----BEGIN CERTIFICATE-----).`, { file });
    for (const block of blocks) {
      try {
        anchors.push(forge.pki.certificateFromPem(block));
      } catch (cause) {
        throw new AppError('FILE_UNREADABLE', `Sertifikat di ${file} tidak dapat dibaca (hanya RSA yang didukung sebagai CA tepercaya).`, { cause, file });
      }
    }
  }
  return anchors;
}
