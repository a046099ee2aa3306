/**
 * Runs one benchmark case in its own process so time and peak RSS belong to that case alone.
 * Uses GNU time for peak RSS when installed (largest process of the tree), else the child's own report;
 * GNU time also gives the CPU time (user + system), which a loaded machine inflates far less than the
 * wall-clock time.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Measurement {
  readonly seconds: number;
  /** User + system CPU seconds of the process (GNU time only). */
  readonly cpuSeconds?: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export async function measure(cmd: string, args: readonly string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<Measurement> {
  const gnuTime = existsSync('/usr/bin/time');
  const argv = gnuTime ? ['-f', '__RSS_KB__=%M __CPU__=%U+%S', cmd, ...args] : [...args];
  const bin = gnuTime ? '/usr/bin/time' : cmd;
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(env ? { env } : {}) });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const m = /__RSS_KB__=(\d+)/.exec(stderr);
      const reported = /"maxRssKb":\s*(\d+)/.exec(stdout);
      const kb = m ? Number(m[1]) : reported ? Number(reported[1]) : 0;
      const cpu = /__CPU__=([\d.]+)\+([\d.]+)/.exec(stderr);
      resolve({
        seconds,
        ...(cpu ? { cpuSeconds: Number(cpu[1]) + Number(cpu[2]) } : {}),
        peakRssMb: kb / 1024,
        exitCode: code ?? -1,
        stdout,
        stderr: stderr.replace(/__RSS_KB__=\d+( __CPU__=[\d.]+\+[\d.]+)?\n?/, ''),
        timedOut,
      });
    });
  });
}
