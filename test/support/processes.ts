/**
 * Child processes for multi-process tests: `naskah` commands (bin/naskah.mjs) and TypeScript support
 * scripts (through tsx), with their output collected, a way to wait for a line, to write to stdin and to
 * stop them (SIGTERM, or SIGKILL to simulate a crash). Every process started here is stopped by
 * `stopAll()` (call it in afterAll), so a failing test never leaves one behind.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const NASKAH_BIN = fileURLToPath(new URL('../../bin/naskah.mjs', import.meta.url));

export interface ChildHandle {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (or stderr); rejects when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  writeLine(line: string): void;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildHandle>();

/** Environment for a child: this process's, minus naskah's own settings, plus `extra`. */
export function childEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('NASKAH_') || ['DATABASE_URL', 'PORT', 'HOST'].includes(name)) delete env[name];
  // keep the test database settings of the parent where the child does not override them
  if (process.env.NASKAH_TEST_PG_URL) env.NASKAH_TEST_PG_URL = process.env.NASKAH_TEST_PG_URL;
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export function startProcess(args: readonly string[], env: NodeJS.ProcessEnv, options: { typescript?: boolean } = {}): ChildHandle {
  const argv = options.typescript ? ['--import', 'tsx', ...args] : [...args];
  const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const handle: ChildHandle = {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const timer = setInterval(() => {
          const m = pattern.exec(out) ?? pattern.exec(err);
          if (m) {
            clearInterval(timer);
            resolve(m);
          } else if (Date.now() - started > timeoutMs) {
            clearInterval(timer);
            reject(new Error(`timed out waiting for ${pattern} from pid ${child.pid}:\n${out}\n${err}`));
          }
        }, 50);
        void exited.then(({ code, signal }) => {
          const m = pattern.exec(out) ?? pattern.exec(err);
          clearInterval(timer);
          if (m) resolve(m);
          else reject(new Error(`pid ${child.pid} exited (${code ?? signal}) before ${pattern}:\n${out}\n${err}`));
        });
      });
    },
    writeLine(line) {
      child.stdin.write(`${line}\n`);
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((h) => h.stop('SIGKILL')));
}

/** Runs a command to its end. */
export async function runToEnd(args: readonly string[], env: NodeJS.ProcessEnv, options: { typescript?: boolean } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const handle = startProcess(args, env, options);
  const { code } = await handle.exited;
  return { code, stdout: handle.stdout(), stderr: handle.stderr() };
}
