/**
 * pg_dump and pg_restore (Debian's postgresql-client) for backups of a PostgreSQL database: the
 * complete schema (including hand-written SQL: triggers, full-text indexes, the job queue's schema) in
 * the custom format, restored with --exit-on-error. The connection string goes through the environment
 * (PGDATABASE etc. are not needed: the URL is passed as --dbname), and the password never appears in
 * messages.
 * May import: Node built-ins, db/database-url, the AppError module.
 */
import { spawn } from 'node:child_process';
import { redactUrl } from '../db/database-url.ts';
import { AppError } from '../errors/app-error.ts';

function run(tool: string, args: readonly string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new AppError('NOT_AVAILABLE', `${tool} tidak terpasang: pasang paket postgresql-client (Debian: apt-get install postgresql-client) yang versinya sama dengan server atau lebih baru.`)
          : new AppError('DATABASE_ERROR', `${tool} tidak dapat dijalankan: ${error.message}`, { cause: error }),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new AppError('DATABASE_ERROR', `${tool} gagal (kode ${code}) untuk ${redactUrl(url)}: ${stderr.replaceAll(url, redactUrl(url)).trim().slice(0, 1000)}`));
    });
  });
}

export function pgDump(databaseUrl: string, outFile: string): Promise<void> {
  return run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${outFile}`, `--dbname=${databaseUrl}`], databaseUrl);
}

export function pgRestore(databaseUrl: string, dumpFile: string): Promise<void> {
  return run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`, dumpFile], databaseUrl);
}
