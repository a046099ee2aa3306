/**
 * A child process for the database concurrency tests (run with `node --import tsx`): gets ready, then
 * waits at a barrier until all its siblings are ready too (each writes a file in <barrierDir> and waits
 * for <parties> files), so the processes really overlap however slowly they started; does one job,
 * prints its result as JSON on stdout. Jobs:
 *   migrate <databaseUrl> <barrierDir> <parties> [migrationsDir]                  → MigrationReport
 *   numbers <databaseUrl> <barrierDir> <parties> <scope> <year> <count> <concurrency>
 *     → { numbers: number[], startedAt, finishedAt }
 *   approve <databaseUrl> <barrierDir> <parties> <dataDir> <listId> <username> <programs.yaml>
 *     → the ApproveListResult without its outside rows
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../../src/db/create-database.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { assignNumber } from '../../src/db/number-register.ts';
import { withTransaction } from '../../src/db/with-transaction.ts';
import { loadProgramConfig } from '../../src/participants/program-config.ts';
import { approveParticipantList } from '../../src/use-cases/approve-participant-list.ts';

const [job, databaseUrl, barrierDir, parties, ...rest] = process.argv.slice(2);
if (!job || !databaseUrl || !barrierDir || !parties) {
  process.stderr.write('usage: db-worker.ts <migrate|numbers> <databaseUrl> <barrierDir> <parties> ...\n');
  process.exit(2);
}

async function barrier(): Promise<void> {
  writeFileSync(path.join(barrierDir as string, `ready-${process.pid}`), '');
  const deadline = Date.now() + 60_000;
  while (readdirSync(barrierDir as string).length < Number(parties)) {
    if (Date.now() > deadline) throw new Error('barrier: the other processes never got ready');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

try {
  if (job === 'migrate') {
    await barrier();
    const report = await migrateDatabase({ databaseUrl, migrationsDir: rest[0] });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (job === 'numbers') {
    const [scope = '', year = '0', count = '0', concurrency = '1'] = rest;
    const db = await createDatabase({ databaseUrl, dataDir: process.cwd() }, { migrate: false, maxConnections: Number(concurrency) });
    await db.prisma.numberRegister.count(); // connect before the barrier
    await barrier();
    const numbers: number[] = [];
    const startedAt = Date.now();
    let remaining = Number(count);
    const lanes = Array.from({ length: Number(concurrency) }, async () => {
      while (remaining > 0) {
        remaining--;
        numbers.push(await withTransaction(db, (tx) => assignNumber(tx, scope, Number(year)), { maxAttempts: 50 }));
      }
    });
    await Promise.all(lanes);
    const finishedAt = Date.now();
    await db.close();
    process.stdout.write(`${JSON.stringify({ numbers, startedAt, finishedAt })}\n`);
  } else if (job === 'approve') {
    const [dataDir = '', listId = '', username = '', programs = ''] = rest;
    const programConfig = loadProgramConfig(programs);
    const db = await createDatabase({ databaseUrl, dataDir }, { migrate: false });
    await db.prisma.participantList.count(); // connect before the barrier
    await barrier();
    const { outsideQuotaFirst: _rows, ...result } = await approveParticipantList(db, { listId, username, programConfig, dataDir });
    await db.close();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    process.stderr.write(`unknown job ${job}\n`);
    process.exit(2);
  }
} catch (error) {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`${e.code ?? ''} ${e.message ?? String(error)}\n`);
  process.exit(1);
}
