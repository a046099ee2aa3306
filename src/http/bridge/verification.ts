/**
 * The seam to verification: a PDF someone hands in (streamed to disk, bounded by the upload limit) is
 * checked against the data directory's CA, and its SHA-256 looked up in the archive. Renders whatever
 * verify reports into a short summary; the full report goes along as details. Imports verify, archive
 * and the error type.
 */
import { open, readFile } from 'node:fs/promises';
import { findIssuedByPdfHash, type ArchiveRecord } from '../../archive/search-archive.ts';
import { AppError } from '../../errors/app-error.ts';
import { loadTrustAnchors } from '../../verify/trust-anchors.ts';
import { PADES_LEVELS, verifyPdf } from '../../verify/verify-pdf.ts';
import type { ZoneDisplay } from '../../format/time-zone.ts';
import type { AppContext } from '../http-deps.ts';
import type { UploadedFile } from '../upload-body.ts';
import { keysDirOf } from './documents.ts';
import { zoneOfRegion } from './templates.ts';

export interface PdfVerification {
  readonly intact: boolean;
  readonly summary: string;
  readonly documentId: string | null;
  readonly number: string | null;
  readonly signerName: string | null;
  readonly status: string | null;
  readonly sha256: string;
  /** The PAdES level the weakest signature reaches (B-B … B-LTA), when every signature has one. */
  readonly level: string | null;
  /** When it was signed as far as can be trusted (a time stamp's time, else the verification time), and from where. */
  readonly signedAt: string | null;
  readonly signedAtSource: string | null;
  /** The region's zone when the file is in the archive, else WIB. */
  readonly zone: ZoneDisplay;
  readonly details: unknown;
}

async function head(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(buffer, 0, 1024, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

export async function verifyUploadedPdf(ctx: AppContext, file: UploadedFile): Promise<PdfVerification> {
  if (!(await head(file.path)).includes('%PDF-')) throw new AppError('FILE_UNREADABLE', `Berkas "${file.originalName}" bukan PDF; unggah berkas PDF dokumen yang Anda terima.`);
  const bytes = new Uint8Array(await readFile(file.path));
  const trustAnchors = loadTrustAnchors(keysDirOf(ctx));
  const result = await verifyPdf<ArchiveRecord | undefined>(bytes, { trustAnchors, archiveLookup: (sha) => findIssuedByPdfHash(ctx.db, sha) });
  const archive = result.archive;
  // Document time stamps (kind "timestamp") are not signatures of a person: the decree's is the first /Sig.
  const signature = result.signatures.find((s) => s.kind === 'signature');
  const signer = signature?.signerName ?? null;
  // The level the weakest signature reached: what a reader can rely on years from now.
  const levels = result.signatures.filter((s) => s.kind === 'signature').map((s) => s.level);
  const level = levels.length > 0 && levels.every((l) => l !== undefined) ? PADES_LEVELS[Math.min(...levels.map((l) => PADES_LEVELS.indexOf(l!)))] : undefined;
  const levelText = level ? ` (PAdES ${level})` : '';
  let summary: string;
  if (!signature) summary = 'PDF ini tidak memuat tanda tangan elektronik.';
  else if (!result.valid) summary = `Tanda tangan elektronik TIDAK sah: ${result.problems[0] ?? result.signatures.flatMap((s) => s.problems)[0] ?? 'berkas telah diubah'}.`;
  else if (!archive) summary = `Tanda tangan elektronik utuh${levelText}, tetapi berkas ini tidak tercatat di arsip sistem ini.`;
  else if (archive.status === 'dicabut') summary = `Tanda tangan utuh${levelText} dan berkas tercatat sebagai ${archive.number}, tetapi dokumen itu sudah DICABUT.`;
  else summary = `Tanda tangan elektronik utuh${levelText}; dokumen ${archive.number} tercatat di arsip dan berlaku.`;
  return {
    intact: result.valid,
    summary,
    documentId: archive?.documentId ?? null,
    number: archive?.number ?? null,
    signerName: archive?.signerName ?? signer,
    status: archive?.status ?? null,
    sha256: result.sha256,
    level: level ?? null,
    signedAt: signature?.timestamp?.valid ? signature.timestamp.time : null,
    signedAtSource: signature?.timestamp?.valid ? (signature.timestamp.tsa ?? null) : null,
    zone: zoneOfRegion(ctx, archive?.region),
    details: {
      validationTime: result.validationTime,
      problems: result.problems,
      notes: result.notes,
      signatures: result.signatures.map(({ byteRange: _b, ...s }) => s),
      parafEvidence: result.parafEvidence,
      embeddedFiles: result.embeddedFiles.map(({ bytes: _bytes, ...rest }) => rest),
    },
  };
}
