/**
 * `naskah db migrate [--json]`: applies the pending migrations to the configured database (SQLite in
 * the data directory, or PostgreSQL from DATABASE_URL); the server does the same at start-up.
 * `naskah db status [--json]`: what is applied and what is pending; exit 1 when the database is not up
 * to date or its history does not match this version.
 * Thin adapter over src/db/migrate.ts.
 */
import type { Command } from 'commander';
import { redactUrl } from '../../db/database-url.ts';
import { migrateDatabase, readMigrationStatus } from '../../db/migrate.ts';
import type { CliContext } from '../cli-context.ts';

export function registerDbCommand(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('Basis data: migrasi skema');

  db.command('migrate')
    .description('Terapkan migrasi yang belum dijalankan pada basis data (DATABASE_URL atau SQLite di direktori data)')
    .option('--json', 'keluaran JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const report = await migrateDatabase({ databaseUrl: config.databaseUrl });
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const where = `${report.provider}: ${redactUrl(config.databaseUrl)}`;
      if (report.applied.length === 0) {
        ctx.stdout.write(`Basis data sudah mutakhir (${report.alreadyApplied.length} migrasi; ${where}).\n`);
      } else {
        ctx.stdout.write(`Migrasi diterapkan (${where}):\n${report.applied.map((n) => `  ${n}\n`).join('')}`);
      }
    });

  db.command('status')
    .description('Tampilkan migrasi yang sudah dan belum diterapkan')
    .option('--json', 'keluaran JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = ctx.config();
      const status = await readMigrationStatus({ databaseUrl: config.databaseUrl });
      const upToDate = status.pending.length === 0 && status.problem === undefined;
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ ...status, upToDate }, null, 2)}\n`);
      } else {
        const lines = [`Basis data ${status.provider}: ${redactUrl(config.databaseUrl)}`];
        for (const a of status.applied) lines.push(`  diterapkan  ${a.name}  (${a.appliedAt})`);
        for (const p of status.pending) lines.push(`  tertunda    ${p}`);
        if (status.problem !== undefined) lines.push(`Masalah: ${status.problem}`);
        else lines.push(upToDate ? 'Mutakhir.' : 'Jalankan `naskah db migrate` untuk menerapkan migrasi yang tertunda.');
        ctx.stdout.write(`${lines.join('\n')}\n`);
      }
      ctx.setExitCode(upToDate ? 0 : 1);
    });
}
