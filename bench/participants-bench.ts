/**
 * Participant-check benchmark: checks N generated rows (default 1,000,000 pbpu-pemda rows, ~141 MB of
 * CSV) with naskah and, in the same run on the same file, with a bare streaming parse by PapaParse (the
 * library naskah reads CSV with: the floor) and by csv-parse (the alternative it replaced), each in its
 * own child process so time and peak RSS belong to that case alone. A smaller N is measured too, to
 * show that peak RSS is flat in N. Targets: ≥ 150,000 rows/s, within 3× of the bare parse, peak RSS
 * < 300 MB. The same comparison as whole processes, as users run them: the `naskah participants check`
 * command (compiled build) against a plain Node script streaming the file through PapaParse
 * (bench/lib/papaparse-count.mjs). Target: within 2.5×.
 *   node bin/run-ts.mjs bench/participants-bench.ts [--rows 1000000] [--small 250000] [--json]
 * With --json the last stdout line is the result rows for bench/run-bench.ts.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import Papa from 'papaparse';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { checkParticipants } from '../src/use-cases/check-participants.ts';
import { ensureBuild } from './lib/ensure-build.ts';
import { measure, type Measurement } from './lib/measure.ts';

export interface ParticipantsBenchRow {
  readonly group: string;
  readonly case: string;
  readonly n: number;
  readonly seconds?: number;
  readonly peakRssMb?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

interface CaseResult {
  readonly rows: number;
  readonly seconds: number;
  /** CPU time (user + system) of the work: less disturbed than wall time on a busy machine. */
  readonly cpuSeconds: number;
  readonly maxRssKb: number;
  readonly accepted?: number;
}

const THIS_FILE = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../', import.meta.url));

const CASES = ['naskah', 'papaparse', 'csv-parse'] as const;
type CaseKind = (typeof CASES)[number];

/** One case inside the child process: "naskah" (the full check) or a bare parse by one library. */
async function runCase(kind: CaseKind, file: string): Promise<CaseResult> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let rows = 0;
  let accepted: number | undefined;
  if (kind === 'naskah') {
    const { report } = await checkParticipants({ file, program: 'pbpu-pemda' });
    rows = report.total;
    accepted = report.accepted;
  } else if (kind === 'papaparse') {
    // PapaParse's own streaming API on a Node stream, a batch of records per chunk read.
    await new Promise<void>((resolve, reject) => {
      const input = createReadStream(file, { highWaterMark: 256 * 1024, encoding: 'utf8' });
      input.on('error', reject);
      Papa.parse<string[]>(input, {
        delimiter: ',',
        chunk: (results) => {
          rows += results.data.length;
        },
        complete: () => resolve(),
        error: (error) => reject(error),
      });
    });
    rows--; // header
  } else {
    const parser = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true }));
    for await (const _record of parser) rows++;
    rows--; // header
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { rows, seconds, cpuSeconds: (used.user + used.system) / 1e6, maxRssKb: process.resourceUsage().maxRSS, accepted };
}

function inChild(kind: CaseKind, file: string): CaseResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), THIS_FILE, '--case', kind, file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new RangeError(`bench case ${kind} failed (exit ${r.status}): ${r.stderr?.slice(-800)}`);
  return JSON.parse(line) as CaseResult;
}

export async function runParticipantsBench(options: { rows?: number; small?: number; log?: (line: string) => void } = {}): Promise<ParticipantsBenchRow[]> {
  const log = options.log ?? ((line: string) => console.error(line));
  const sizes = [options.small ?? 250_000, options.rows ?? 1_000_000].filter((n, i, all) => n > 0 && all.indexOf(n) === i);
  const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-participants-bench-'));
  const out: ParticipantsBenchRow[] = [];
  const buildProblem = ensureBuild();
  try {
    const peaks: Record<number, number> = {};
    for (const n of sizes) {
      const file = path.join(work, `peserta-${n}.csv`);
      await writeRosterCsv(file, { seed: 2025, count: n, program: 'pbpu-pemda' });
      const mb = statSync(file).size / 2 ** 20;
      // Interleaved, twice each; the faster run of each counts (less noise from a busy machine).
      const runs: Record<CaseKind, CaseResult[]> = { naskah: [], papaparse: [], 'csv-parse': [] };
      for (let round = 0; round < 2; round++) for (const kind of CASES) runs[kind].push(inChild(kind, file));
      const best = (rs: CaseResult[]): CaseResult => rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const k = best(runs.naskah);
      const floor = best(runs.papaparse);
      const alt = best(runs['csv-parse']);
      for (const kind of CASES) {
        const got = best(runs[kind]).rows;
        if (got !== n) throw new RangeError(`row counts differ: generated ${n}, ${kind} ${got}`);
      }
      const peak = Math.max(...runs.naskah.map((r) => r.maxRssKb)) / 1024;
      peaks[n] = peak;
      const rate = (r: CaseResult): Record<string, number> => ({ 'baris/s': Math.round(n / r.seconds), 'baris/s CPU': Math.round(n / r.cpuSeconds) });
      const ratio = (a: CaseResult, b: CaseResult): string => `${(a.seconds / b.seconds).toFixed(2)}× (CPU ${(a.cpuSeconds / b.cpuSeconds).toFixed(2)}×)`;
      out.push({ group: 'participants', case: 'naskah participants check', n, seconds: k.seconds, peakRssMb: peak, extra: { ...rate(k), MB: Math.round(mb), diterima: k.accepted ?? 0 } });
      out.push({ group: 'participants', case: 'papaparse saja (lantai)', n, seconds: floor.seconds, peakRssMb: Math.max(...runs.papaparse.map((r) => r.maxRssKb)) / 1024, extra: rate(floor) });
      out.push({ group: 'participants', case: 'csv-parse saja (pembanding)', n, seconds: alt.seconds, peakRssMb: Math.max(...runs['csv-parse'].map((r) => r.maxRssKb)) / 1024, extra: rate(alt) });
      out.push({ group: 'participants', case: 'naskah / papaparse (waktu)', n, note: `${ratio(k, floor)}; target ≤ 3×` });
      out.push({ group: 'participants', case: 'csv-parse saja / naskah (waktu)', n, note: ratio(alt, k) });
      // Whole processes: the command as users run it, against a bare PapaParse script; interleaved, best of two.
      const command: Measurement[] = [];
      const bare: Measurement[] = [];
      for (let round = 0; round < 2; round++) {
        command.push(await measure(process.execPath, [path.join(ROOT, 'bin/naskah.mjs'), 'participants', 'check', file, '--program', 'pbpu-pemda', '--quiet'], 600_000));
        bare.push(await measure(process.execPath, [path.join(ROOT, 'bench/lib/papaparse-count.mjs'), file], 600_000));
      }
      for (const m of [...command, ...bare]) if (m.exitCode !== 0) throw new RangeError(`whole-process case failed (exit ${m.exitCode}): ${m.stderr.slice(-400)}`);
      const fastest = (ms: Measurement[]): Measurement => ms.reduce((a, b) => (b.seconds < a.seconds ? b : a));
      const cmd = fastest(command);
      const floorProcess = fastest(bare);
      out.push({ group: 'participants', case: 'naskah participants check (perintah, proses utuh)', n, seconds: cmd.seconds, peakRssMb: cmd.peakRssMb, note: buildProblem });
      out.push({ group: 'participants', case: 'skrip papaparse saja (proses utuh, lantai)', n, seconds: floorProcess.seconds, peakRssMb: floorProcess.peakRssMb });
      out.push({ group: 'participants', case: 'naskah / papaparse (proses utuh)', n, note: `${(cmd.seconds / floorProcess.seconds).toFixed(2)}×; target ≤ 2.5×` });
      log(
        `participants n=${n} whole processes: command ${cmd.seconds.toFixed(2)} s, bare PapaParse ${floorProcess.seconds.toFixed(2)} s = ${(cmd.seconds / floorProcess.seconds).toFixed(2)}×`,
      );
      log(
        `participants n=${n} (${mb.toFixed(0)} MB): naskah ${k.seconds.toFixed(2)} s (${Math.round(n / k.seconds).toLocaleString('id-ID')} baris/s, ${peak.toFixed(0)} MB), ` +
          `papaparse ${floor.seconds.toFixed(2)} s, csv-parse ${alt.seconds.toFixed(2)} s; naskah/papaparse ${ratio(k, floor)}`,
      );
      rmSync(file, { force: true });
    }
    if (sizes.length === 2) {
      const [small, large] = sizes as [number, number];
      out.push({ group: 'participants', case: `RSS puncak ${large.toLocaleString('id-ID')} − ${small.toLocaleString('id-ID')} baris`, n: large, note: `${(peaks[large]! - peaks[small]!).toFixed(0)} MB` });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

const invoked = process.argv[1] !== undefined && path.resolve(process.argv[1]) === THIS_FILE;
if (invoked) {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const kind = arg('--case');
  if ((CASES as readonly string[]).includes(kind ?? '')) {
    console.log(JSON.stringify(await runCase(kind as CaseKind, args[args.indexOf('--case') + 2]!)));
  } else {
    const rows = await runParticipantsBench({ rows: arg('--rows') ? Number(arg('--rows')) : undefined, small: arg('--small') ? Number(arg('--small')) : undefined });
    if (args.includes('--json')) console.log(JSON.stringify(rows));
    else for (const r of rows) console.log(`${r.case} n=${r.n}: ${r.seconds !== undefined ? `${r.seconds.toFixed(2)} s` : ''} ${r.peakRssMb !== undefined ? `${r.peakRssMb.toFixed(0)} MB` : ''} ${r.extra ? JSON.stringify(r.extra) : ''} ${r.note ?? ''}`);
  }
}
