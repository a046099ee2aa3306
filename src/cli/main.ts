/**
 * CLI entry: builds the `naskah` program and maps errors to exit codes in exactly one place (0 ok;
 * 1 input read but judged bad; 2 usage error or unreadable input). Only the module of the command asked
 * for is loaded (src/cli/commands/index.ts); `naskah --help` lists the summaries without loading any.
 */
import { Command, CommanderError } from 'commander';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/load-config.ts';
import { AppError, exitCodeFor, isAppError } from '../errors/app-error.ts';
import type { CliContext } from './cli-context.ts';
import { COMMANDS, requestedCommand } from './commands/index.ts';

export async function main(argv: readonly string[], io: Partial<Pick<CliContext, 'stdout' | 'stderr'>> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let exitCode: 0 | 1 | 2 = 0;
  let config: Config | undefined;
  let loadConfig: (() => Config) | undefined;
  let services: Promise<Services> | undefined;
  const ctx: CliContext = {
    stdout,
    stderr,
    config: () => {
      if (loadConfig === undefined) throw new AppError('INTERNAL', 'Konfigurasi dibaca sebelum perintah dimuat.');
      return (config ??= loadConfig());
    },
    services: () => (services ??= import('../app/services.ts').then((m) => m.openServices(ctx.config()))),
    setExitCode: (code) => {
      exitCode = code;
    },
  };

  const program = new Command('naskah')
    .description('Keputusan dan Instruksi kepala daerah: render, paraf hierarki, tanda tangan elektronik, arsip')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
    })
    .showHelpAfterError();

  try {
    const wanted = requestedCommand(argv);
    if (wanted !== undefined) {
      loadConfig = (await import('../config/load-config.ts')).loadConfig;
      (await wanted.load())(program, ctx);
    } else {
      // Help or an unknown word: the listing needs only the names and summaries.
      for (const c of COMMANDS) program.command(c.name).description(c.summary);
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      return 2;
    }
    if (isAppError(error)) {
      stderr.write(`naskah: ${error.describe()}\n`);
      return exitCodeFor(error);
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`naskah: kesalahan internal: ${message}\n`);
    if (process.env.NASKAH_DEBUG) stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return 2;
  } finally {
    if (services) await (await services.catch(() => undefined))?.close();
  }
}

export { AppError };
