/**
 * What a crashed process leaves behind, recovered by long-running processes (serve, worker) at start
 * and periodically: issuance reservations whose lease ran out (released: the number back to the
 * register, the document back to ready_to_sign), then staged files older than their lease (finished
 * when the database recorded them, removed otherwise). Live processes renew their leases, so their work
 * is never taken from them. Failures are logged, never thrown: recovery runs again later.
 * May import: app services, use cases (issuance recovery), pino types.
 */
import type { Logger } from 'pino';
import { sweepStagedFiles, type Services } from '../app/services.ts';
import { recoverAbandonedIssuances } from '../use-cases/issue-document.ts';

export async function recoverLeftovers(services: Pick<Services, 'db' | 'fileStore' | 'config'>, logger: Logger): Promise<void> {
  try {
    const { released } = await recoverAbandonedIssuances(services.db);
    if (released.length > 0) logger.warn({ documents: released }, 'abandoned issuance reservations released');
  } catch (error) {
    logger.error({ err: error }, 'recovering issuance reservations failed');
  }
  try {
    const report = await sweepStagedFiles(services);
    if (report.committed + report.removed > 0) logger.info({ ...report }, 'staged files swept');
  } catch (error) {
    logger.error({ err: error }, 'sweeping staged files failed');
  }
}
