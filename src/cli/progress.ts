/**
 * Progress for long commands: a bar with done/total and an estimate on a terminal, plain lines when
 * output is not a terminal, nothing with --quiet. Owned by the CLI adapter; domain code only calls the
 * `report` callback it is handed.
 */
import cliProgress from 'cli-progress';
import type { Writable } from 'node:stream';

export interface ProgressReporter {
  report(done: number, total?: number): void;
  finish(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly unit: string;
  readonly quiet: boolean;
  readonly stream: Writable & { isTTY?: boolean };
  /** Minimum milliseconds between plain progress lines. */
  readonly intervalMs?: number;
}

export function createProgress(options: ProgressOptions): ProgressReporter {
  if (options.quiet) return { report: () => undefined, finish: () => undefined };
  if (options.stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | ETA {eta_formatted}`,
        stream: options.stream as unknown as NodeJS.WritableStream,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      report(done, total) {
        if (!started) {
          bar.start(total ?? 0, done);
          started = true;
        }
        if (total !== undefined) bar.setTotal(total);
        bar.update(done);
      },
      finish() {
        if (started) bar.stop();
      },
    };
  }
  const interval = options.intervalMs ?? 2000;
  const started = Date.now();
  let last = 0;
  let lastDone = 0;
  let lastTotal: number | undefined;
  let printed = '';
  const line = (done: number, total?: number): void => {
    const key = `${done}/${total}`;
    if (key === printed) return; // finish() after a report of the same figures prints nothing new
    printed = key;
    const elapsed = (Date.now() - started) / 1000;
    let text = `${options.label}: ${done}${total !== undefined ? `/${total}` : ''} ${options.unit}`;
    if (total !== undefined && done > 0 && done < total) {
      const eta = (elapsed / done) * (total - done);
      text += `, sisa ~${Math.ceil(eta)} s`;
    }
    options.stream.write(`${text}\n`);
  };
  return {
    report(done, total) {
      lastDone = done;
      lastTotal = total;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        line(done, total);
      }
    },
    finish() {
      if (lastDone > 0) line(lastDone, lastTotal);
    },
  };
}
