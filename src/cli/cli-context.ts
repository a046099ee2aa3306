/**
 * What every CLI command receives: output streams, the typed config, and the exit code it sets.
 * Commands are thin adapters: parse arguments, call a use-case function, print.
 */
import type { Writable } from 'node:stream';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/load-config.ts';

export interface CliContext {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Loaded lazily: commands that need no config (render) never fail on a bad environment. */
  config(): Config;
  /** The services of the configured data directory (openServices), opened once per command and closed by main. */
  services(): Promise<Services>;
  /** Set by a command to report "read but judged bad" (1); thrown AppErrors are mapped by main. */
  setExitCode(code: 0 | 1 | 2): void;
}

/** Runs `fn` on the command's database (the one of ctx.services(); main closes it after the command). */
export async function withCommandDb<T>(ctx: CliContext, fn: (db: Services['db']) => Promise<T>): Promise<T> {
  return fn((await ctx.services()).db);
}
