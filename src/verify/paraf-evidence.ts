/**
 * Verifies paraf evidence made by signDetachedHash: a detached CMS over exactly the version's content
 * hash, signed by a certificate that chains to the trust anchors and was valid when it was used. The
 * evidence sits inside the signed PDF, so the time it is proven to exist is that signature's trusted
 * time. Imports Node crypto and the PKI checks.
 */
import { createHash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { isAppError } from '../errors/app-error.ts';
import { commonName } from '../pki/certificate-info.ts';
import { validateCertificatePath, type RevocationData } from '../pki/certificate-path.ts';
import { checkCms, parseCms, type ParsedCms } from '../pki/cms-verify.ts';
import { parafEvidenceContent } from '../pki/paraf-evidence-content.ts';

export interface ParafEvidenceResult {
  readonly valid: boolean;
  readonly digestOk: boolean;
  readonly signatureOk: boolean;
  readonly chainOk: boolean;
  readonly essCertHashOk: boolean;
  readonly signerName?: string;
  readonly problems: string[];
}

export interface ParafEvidenceOptions {
  /** When the evidence is proven to exist (the covering signature's trusted time); now by default. */
  readonly at?: Date;
  readonly atLabel?: string;
  readonly revocation?: RevocationData;
}

/** A trust anchor (as the keystore and trust-anchors hold it) as Node's X509Certificate. */
export const toX509 = (cert: forge.pki.Certificate): X509Certificate => new X509Certificate(forge.pki.certificateToPem(cert));

export function verifyParafEvidence(cms: Uint8Array, expectedHash: Uint8Array | string, trustAnchors: readonly forge.pki.Certificate[], options: ParafEvidenceOptions = {}): ParafEvidenceResult {
  const none = { valid: false, digestOk: false, signatureOk: false, chainOk: false, essCertHashOk: false };
  let parsed: ParsedCms;
  try {
    parsed = parseCms(cms);
  } catch (error) {
    const why = isAppError(error) || error instanceof Error ? error.message : String(error);
    return { ...none, problems: [`bukti paraf bukan CMS yang sah: ${why}`] };
  }
  let content: Uint8Array;
  try {
    content = parafEvidenceContent(expectedHash);
  } catch (error) {
    return { ...none, problems: [error instanceof Error ? error.message : String(error)] };
  }
  const check = checkCms(parsed, new Uint8Array(createHash('sha256').update(content).digest()), 'pades');
  const problems = check.problems.map((p) => (p.startsWith('digest dokumen') ? 'bukti paraf dibuat untuk hash versi lain' : p));
  let chainOk = false;
  if (check.signerCertificate) {
    const path = validateCertificatePath({
      leaf: check.signerCertificate,
      pool: parsed.certificates,
      anchors: trustAnchors.map(toX509),
      usedAt: options.at ?? new Date(),
      usedAtLabel: options.atLabel ?? 'waktu verifikasi',
      purpose: 'document-signing',
      revocation: options.revocation ?? { crls: [], ocsps: [] },
    });
    chainOk = path.ok;
    problems.push(...path.problems);
  }
  const signerName = check.signerCertificate ? commonName(check.signerCertificate.subject) : undefined;
  return { digestOk: check.digestOk, signatureOk: check.signatureOk, essCertHashOk: check.essCertHashOk, chainOk, signerName, problems, valid: check.digestOk && check.signatureOk && check.essCertHashOk && chainOk && problems.length === 0 };
}
