/**
 * What a process that died mid-issuance leaves behind, recovered without touching live work: number
 * reservations whose lease ran out are released (the document back to ready_to_sign, the number back
 * to the register), and staged files older than the staging lease (NASKAH_STAGING_LEASE_MINUTES) are
 * finished (when the database records them) or removed. Run at `naskah serve` start, periodically by
 * the server, and by workers (`naskah worker`).
 * Imports: issue-document (recovery), the services' types.
 */
import type { Services } from '../app/services.ts';
import { recoverAbandonedIssuances } from './issue-document.ts';
import { clockOf, type UseCaseOptions } from './use-case-db.ts';

export interface LeftoverReport {
  readonly releasedNumbers: readonly string[];
  readonly filesCommitted: number;
  readonly filesRemoved: number;
}

export async function recoverLeftovers(
  services: Pick<Services, 'db' | 'fileStore' | 'config'>,
  options?: UseCaseOptions & { readonly leaseMs?: number },
): Promise<LeftoverReport> {
  const now = clockOf(options)();
  const { released } = await recoverAbandonedIssuances(services.db, { now: () => now });
  const swept = await services.fileStore.sweepStaged({
    leaseMs: options?.leaseMs ?? services.config.stagingLeaseMs,
    now,
    isRecorded: async ({ sha256 }) => (await services.db.prisma.storedFile.findUnique({ where: { id: sha256 }, select: { id: true } })) !== null,
  });
  return { releasedNumbers: released, filesCommitted: swept.committed, filesRemoved: swept.removed };
}
