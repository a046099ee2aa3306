/**
 * Use case: the official whose turn it is (or their Plt./Plh.) sends the document back to the drafter
 * with a note; state returned, the step marked returned, audited in the same transaction.
 * Imports: give-paraf (the shared step logic), errors.
 */
import { AppError } from '../errors/app-error.ts';
import { actOnCurrentStep, type StepActionResult } from './give-paraf.ts';
import type { UseCaseDb, UseCaseOptions } from './use-case-db.ts';

export interface ReturnDocumentInput {
  readonly templatesDir: string;
  readonly dataDir: string;
  readonly documentId: string;
  readonly username: string;
  readonly note: string;
  /** If given, the return is refused when it is not the current version's hash. */
  readonly contentHash?: string;
}

export async function returnDocument(db: UseCaseDb, input: ReturnDocumentInput, options?: UseCaseOptions): Promise<StepActionResult> {
  if (input.note.trim() === '') throw new AppError('USAGE', 'Catatan pengembalian wajib diisi: tulis apa yang perlu diperbaiki (--note).');
  return actOnCurrentStep(db, 'return', input, input.note.trim(), options);
}

