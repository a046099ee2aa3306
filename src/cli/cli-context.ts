/**
 * What every CLI command receives: output streams, the typed config, and the exit code it sets.
 * Commands are thin adapters: parse arguments, call a use-case function, print.
 */
import type { Writable } from 'node:stream';
import type { Config } from '../config/load-config.ts';

export interface CliContext {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Loaded lazily: commands that need no config (render) never fail on a bad environment. */
  config(): Config;
  /** Set by a command to report "read but judged bad" (1); thrown AppErrors are mapped by main. */
  setExitCode(code: 0 | 1 | 2): void;
}
