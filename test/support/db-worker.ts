/**
 * A child process for the database concurrency tests (run with `node --import tsx`): waits until a
 * shared start instant so the processes really overlap, does one job, prints its result as JSON on
 * stdout. Jobs:
 *   migrate <databaseUrl> <startAt> [migrationsDir]            → MigrationReport
 *   numbers <databaseUrl> <startAt> <scope> <year> <count> <concurrency>  → { numbers: number[], startedAt, finishedAt }
 */
import { createDatabase } from '../../src/db/create-database.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { assignNumber } from '../../src/db/number-register.ts';
import { withTransaction } from '../../src/db/with-transaction.ts';

const [job, databaseUrl, startAt, ...rest] = process.argv.slice(2);
if (!job || !databaseUrl || !startAt) {
  process.stderr.write('usage: db-worker.ts <migrate|numbers> <databaseUrl> <startAt> ...\n');
  process.exit(2);
}
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

try {
  if (job === 'migrate') {
    const report = await migrateDatabase({ databaseUrl, migrationsDir: rest[0] });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else if (job === 'numbers') {
    const [scope = '', year = '0', count = '0', concurrency = '1'] = rest;
    const db = await createDatabase({ databaseUrl, dataDir: process.cwd() }, { migrate: false, maxConnections: Number(concurrency) });
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
  } else {
    process.stderr.write(`unknown job ${job}\n`);
    process.exit(2);
  }
} catch (error) {
  const e = error as { code?: string; message?: string };
  process.stderr.write(`${e.code ?? ''} ${e.message ?? String(error)}\n`);
  process.exit(1);
}
