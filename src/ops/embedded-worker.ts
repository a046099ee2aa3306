/**
 * The worker `naskah serve` runs beside itself so that jobs never run on the server's event loop: the
 * same `naskah worker` command as a child process (same environment, same entry), restarted with a
 * growing pause if it dies, stopped with SIGTERM (it finishes or returns its jobs) when the server
 * stops. Job metrics it observes come over the IPC channel into the server's /metrics.
 * May import: Node child_process, config (project root), metrics and pino types.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Logger } from 'pino';
import { PROJECT_ROOT } from '../config/load-config.ts';
import type { Metrics } from './metrics.ts';

export interface EmbeddedWorker {
  readonly pid: () => number | undefined;
  stop(): Promise<void>;
}

interface JobMetricMessage {
  readonly kind?: string;
  readonly type?: string;
  readonly outcome?: string;
  readonly seconds?: number;
}

export function startEmbeddedWorker(options: { readonly logger: Logger; readonly metrics?: Metrics; readonly graceMs?: number }): EmbeddedWorker {
  const entry = path.join(PROJECT_ROOT, 'bin', 'naskah.mjs');
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const start = (): void => {
    const started = Date.now();
    child = fork(entry, ['worker'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: process.env });
    options.logger.info({ workerPid: child.pid }, 'embedded worker started');
    child.on('message', (message: JobMetricMessage) => {
      if (message?.kind === 'naskah-job-metric' && typeof message.type === 'string' && typeof message.outcome === 'string' && typeof message.seconds === 'number') {
        options.metrics?.observeJob(message.type, message.outcome, message.seconds);
      }
    });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      // a worker that ran a while and died starts again at once; one that keeps dying waits longer
      restarts = Date.now() - started > 60_000 ? 0 : restarts + 1;
      const wait = Math.min(30_000, 500 * 2 ** restarts);
      options.logger.error({ code, signal, restartInMs: wait }, 'embedded worker exited; restarting');
      restartTimer = setTimeout(start, wait);
      restartTimer.unref();
    });
  };
  start();

  return {
    pid: () => child?.pid,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      const killer = setTimeout(() => current.kill('SIGKILL'), (options.graceMs ?? 30_000) + 10_000);
      killer.unref();
      await exited;
      clearTimeout(killer);
    },
  };
}
