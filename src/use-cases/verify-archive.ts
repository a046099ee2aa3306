/**
 * Use case "verify the whole archive": every issued document's PDF is read from the file store (its
 * SHA-256 checked against the key), its signatures verified as `naskah verify` does (src/verify) against
 * the data directory's trust anchors, and its record matched (the file is the one the archive names).
 * Used after a restore and by `naskah archive check`. Documents are read one at a time.
 * Imports: storage, verify, use-case-db.
 */
import type forge from 'node-forge';
import type { FileStore } from '../storage/file-store.ts';
import { verifyPdf } from '../verify/verify-pdf.ts';
import type { UseCaseDb } from './use-case-db.ts';

export interface ArchiveProblem {
  readonly documentId: string;
  readonly number: string;
  readonly problem: string;
}

export interface ArchiveVerification {
  readonly checked: number;
  readonly valid: number;
  readonly problems: readonly ArchiveProblem[];
}

const PAGE = 100;

export async function verifyArchive(
  deps: { readonly db: UseCaseDb; readonly fileStore: FileStore; readonly trustAnchors: readonly forge.pki.Certificate[] },
  onProgress?: (done: number, total: number) => void,
): Promise<ArchiveVerification> {
  const total = await deps.db.prisma.issuedDocument.count();
  const problems: ArchiveProblem[] = [];
  let checked = 0;
  let valid = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await deps.db.prisma.issuedDocument.findMany({
      orderBy: { documentId: 'asc' },
      take: PAGE,
      ...(cursor ? { cursor: { documentId: cursor }, skip: 1 } : {}),
      select: { documentId: true, number: true, pdfSha256: true },
    });
    if (page.length === 0) break;
    for (const doc of page) {
      checked++;
      try {
        const bytes = await deps.fileStore.get(doc.pdfSha256);
        const result = await verifyPdf(bytes, { trustAnchors: deps.trustAnchors });
        if (result.valid && result.signatures.length > 0) valid++;
        else {
          const reason = result.problems[0] ?? result.signatures.flatMap((s) => s.problems)[0] ?? 'tidak ada tanda tangan';
          problems.push({ documentId: doc.documentId, number: doc.number, problem: `tanda tangan tidak sah: ${reason}` });
        }
      } catch (error) {
        problems.push({ documentId: doc.documentId, number: doc.number, problem: (error as Error).message });
      }
      onProgress?.(checked, total);
    }
    cursor = page[page.length - 1]!.documentId;
  }
  return { checked, valid, problems };
}
