/**
 * Start-up of the `naskah` command as users run it (the compiled build): `naskah --help`, median of
 * nine runs, against starting Node itself (`node -e 0`). Target: under 0.3 s.
 *   node bin/run-ts.mjs bench/cli-bench.ts [--runs 9] [--json]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/ensure-build.ts';
import { measure } from './lib/measure.ts';

export interface CliBenchRow {
  readonly group: string;
  readonly case: string;
  readonly n: number;
  readonly seconds?: number;
  readonly peakRssMb?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export async function runCliBench(options: { runs?: number; log?: (line: string) => void } = {}): Promise<CliBenchRow[]> {
  const runs = options.runs ?? 9;
  const log = options.log ?? ((line: string) => console.error(line));
  const buildProblem = ensureBuild();
  const help: { s: number; mb: number }[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const m = await measure(process.execPath, [path.join(ROOT, 'bin/naskah.mjs'), '--help'], 60_000);
    if (m.exitCode !== 0 || !m.stdout.includes('Usage: naskah')) throw new RangeError(`naskah --help failed (exit ${m.exitCode}): ${m.stderr.slice(-300)}`);
    help.push({ s: m.seconds, mb: m.peakRssMb });
    bare.push((await measure(process.execPath, ['-e', '0'], 60_000)).seconds);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const h = median(help.map((x) => x.s));
  const b = median(bare);
  log(`cli: naskah --help median ${(h * 1000).toFixed(0)} ms, node -e 0 ${(b * 1000).toFixed(0)} ms`);
  return [
    { group: 'cli', case: 'naskah --help (terkompilasi)', n: runs, seconds: h, peakRssMb: Math.max(...help.map((x) => x.mb)), note: [`target < 0.3 s`, buildProblem].filter(Boolean).join('; ') },
    { group: 'cli', case: 'node -e 0 (lantai)', n: runs, seconds: b },
  ];
}

const THIS_FILE = fileURLToPath(import.meta.url);
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === THIS_FILE) {
  const args = process.argv.slice(2);
  const rows = await runCliBench({ runs: args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : undefined });
  if (args.includes('--json')) console.log(JSON.stringify(rows));
  else for (const r of rows) console.log(`${r.case}: ${r.seconds?.toFixed(3)} s ${r.note ?? ''}`);
}
