/**
 * Region scoping of reads: a user sees only documents, previews, downloads, lists and archive records of
 * the regions they belong to (User.regions). Something of another region answers exactly like something
 * that does not exist (NOT_FOUND), so an account of one pemda cannot even learn what another drafted.
 * The public verification page is not scoped (it shows no personal data). Imports the Prisma facade's
 * types and errors.
 */
import type { Prisma, PrismaClient, TransactionClient } from '../db/prisma-client.ts';
import { AppError } from '../errors/app-error.ts';

type Reader = PrismaClient | TransactionClient;

export interface RegionViewer {
  readonly regions: readonly string[];
}

/** Prisma filter for rows with a `region` column (documents, issued documents, lists). */
export function inRegions(viewer: RegionViewer): { region: { in: string[] } } {
  return { region: { in: [...viewer.regions] } };
}

export function documentsInRegions(viewer: RegionViewer): Prisma.DocumentWhereInput {
  return inRegions(viewer);
}

/** The document's id when the viewer may see it; NOT_FOUND otherwise (also when it does not exist). */
export async function requireVisibleDocument(prisma: Reader, viewer: RegionViewer, documentId: string): Promise<string> {
  const doc = await prisma.document.findFirst({ where: { id: documentId, ...inRegions(viewer) }, select: { id: true } });
  if (!doc) throw new AppError('NOT_FOUND', `Dokumen ${documentId} tidak ada atau bukan dari daerah Anda.`);
  return doc.id;
}

/** The list's id when the viewer may see it; NOT_FOUND otherwise. */
export async function requireVisibleList(prisma: Reader, viewer: RegionViewer, listId: string): Promise<string> {
  const list = await prisma.participantList.findFirst({ where: { id: listId, ...inRegions(viewer) }, select: { id: true } });
  if (!list) throw new AppError('NOT_FOUND', `Daftar peserta ${listId} tidak ada atau bukan dari daerah Anda.`);
  return list.id;
}
