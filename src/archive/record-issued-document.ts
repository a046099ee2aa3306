/**
 * The archive's write side: an issued document's metadata (JDIH fields), its stored PDF and the NIKs of
 * its lampiran, recorded inside the signing transaction. Issued rows are never updated afterwards except
 * for the status (berlaku → dicabut), which is itself an audited action.
 * May import: the Prisma facade's types, errors.
 */
import type { TransactionClient } from '../db/prisma-client.ts';

export interface JdihMetadata {
  readonly jenis: string;
  readonly nomor: string;
  readonly tahun: number;
  readonly judul: string;
  readonly tempatPenetapan: string;
  readonly tanggalPenetapan: string;
  readonly subjek: string;
  readonly status: 'berlaku' | 'dicabut';
  readonly bahasa: 'Indonesia';
  readonly bidangHukum: string;
  readonly teuBadan: string;
  readonly penandatangan: string;
}

export interface IssuedDocumentInput {
  readonly documentId: string;
  readonly kind: string;
  readonly number: string;
  readonly year: number;
  readonly date: Date;
  readonly tentang: string;
  readonly signerName: string;
  readonly region?: string;
  readonly pdf: { readonly sha256: string; readonly size: number; readonly storagePath: string };
  readonly jdih: JdihMetadata;
  /** NIKs listed in the lampiran (participants), indexed for search. */
  readonly niks: Iterable<string>;
}

const NIK_BATCH = 2000;

export async function recordIssuedDocument(tx: TransactionClient, input: IssuedDocumentInput): Promise<void> {
  await tx.storedFile.upsert({
    where: { id: input.pdf.sha256 },
    create: { id: input.pdf.sha256, size: BigInt(input.pdf.size), mediaType: 'application/pdf', storagePath: input.pdf.storagePath },
    update: {},
  });
  await tx.issuedDocument.create({
    data: {
      documentId: input.documentId,
      kind: input.kind,
      number: input.number,
      year: input.year,
      date: input.date,
      tentang: input.tentang,
      signerName: input.signerName,
      region: input.region ?? null,
      pdfSha256: input.pdf.sha256,
      status: 'berlaku',
      jdihJson: JSON.stringify(input.jdih),
    },
  });
  let batch: { issuedDocumentId: string; nik: string }[] = [];
  const seen = new Set<string>();
  for (const nik of input.niks) {
    if (seen.has(nik)) continue;
    seen.add(nik);
    batch.push({ issuedDocumentId: input.documentId, nik });
    if (batch.length >= NIK_BATCH) {
      await tx.issuedNik.createMany({ data: batch });
      batch = [];
    }
  }
  if (batch.length > 0) await tx.issuedNik.createMany({ data: batch });
}
