/**
 * Stored lists benchmark, as users run them — every case a whole `naskah` process (the compiled
 * build), time and peak RSS its own:
 *   - `naskah participants check` of N generated rows (default 1,000,000): the yardstick;
 *   - `naskah lists import` then `naskah lists approve` of the same file (all rows within the quota), on
 *     SQLite and on PostgreSQL. Target: import + approve within 3× the check, each under 400 MB;
 *   - a 100,000-row import into a fresh database against one into the table that already holds
 *     1.1 million rows (the N rows + another 100,000): it must not slow down badly.
 * PostgreSQL: a scratch database on NASKAH_BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test),
 * dropped afterwards; skipped with a note when unreachable.
 *   node bin/run-ts.mjs bench/lists-bench.ts [--rows 1000000] [--small 100000] [--providers sqlite,postgresql] [--json]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { measure, type Measurement } from './lib/measure.ts';

export interface ListsBenchRow {
  readonly group: string;
  readonly case: string;
  readonly n: number;
  readonly seconds?: number;
  readonly peakRssMb?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NASKAH = path.join(ROOT, 'bin/naskah.mjs');
const PG_URL = process.env.NASKAH_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** programs.yaml whose pbpu-pemda years carry everyone (the bench measures storage, not the quota). */
function programsFile(dir: string, capacity: number): string {
  const data = parse(readFileSync(path.join(ROOT, 'config/programs.yaml'), 'utf8')) as { programYears: Record<string, unknown>[] };
  data.programYears = [
    ...[2024, 2025, 2026].map((year) => ({ program: 'pbpu-pemda', year, region: '53', budget: capacity * 42_000 * 12, months: 12, tariffDate: `${year}-01-01` })),
    ...data.programYears.filter((y) => y.program !== 'pbpu-pemda'),
  ];
  const file = path.join(dir, 'programs.yaml');
  writeFileSync(file, stringify(data));
  return file;
}

interface Target {
  readonly provider: 'sqlite' | 'postgresql';
  readonly env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

async function openTarget(provider: 'sqlite' | 'postgresql', work: string, programs: string): Promise<Target> {
  const dataDir = mkdtempSync(path.join(work, `${provider}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, NASKAH_DATA_DIR: dataDir, NASKAH_PROGRAMS: programs, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (provider === 'sqlite') return { provider, env, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `naskah_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  return {
    provider,
    env,
    dispose: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function naskah(args: string[], env: NodeJS.ProcessEnv): Promise<Measurement> {
  return measure(process.execPath, [NASKAH, ...args], 1_800_000, env);
}

function ok(m: Measurement, what: string, allowed: readonly number[] = [0]): Measurement {
  if (!allowed.includes(m.exitCode)) throw new RangeError(`${what} failed (exit ${m.exitCode}): ${m.stderr.slice(-800)}`);
  return m;
}

function listIdOf(m: Measurement): string {
  const id = /^Daftar (\S+) /m.exec(m.stdout)?.[1];
  if (!id) throw new RangeError(`no list id in: ${m.stdout.slice(0, 300)}`);
  return id;
}

async function importList(file: string, year: number, env: NodeJS.ProcessEnv): Promise<{ m: Measurement; listId: string }> {
  const m = ok(await naskah(['lists', 'import', file, '--program', 'pbpu-pemda', '--year', String(year), '--as', 'perancang.ntt', '--quiet'], env), 'lists import');
  return { m, listId: listIdOf(m) };
}

export async function runListsBench(options: { rows?: number; small?: number; providers?: readonly string[]; log?: (line: string) => void } = {}): Promise<ListsBenchRow[]> {
  const log = options.log ?? ((line: string) => console.error(line));
  const n = options.rows ?? 1_000_000;
  const small = options.small ?? 100_000;
  const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-lists-bench-'));
  const out: ListsBenchRow[] = [];
  try {
    const big = path.join(work, 'peserta.csv');
    const smallA = path.join(work, 'tambahan-a.csv');
    const smallB = path.join(work, 'tambahan-b.csv');
    await writeRosterCsv(big, { seed: 2025, count: n, program: 'pbpu-pemda', regionPrefix: '5371' });
    await writeRosterCsv(smallA, { seed: 11, count: small, program: 'pbpu-pemda', regionPrefix: '5302' });
    await writeRosterCsv(smallB, { seed: 12, count: small, program: 'pbpu-pemda', regionPrefix: '5303' });
    const programs = programsFile(work, 2 * n);
    const mb = statSync(big).size / 2 ** 20;

    const checkEnv = { ...process.env };
    const check = ok(await naskah(['participants', 'check', big, '--program', 'pbpu-pemda', '--quiet'], checkEnv), 'participants check');
    out.push({ group: 'lists', case: 'naskah participants check (proses utuh)', n, seconds: check.seconds, peakRssMb: check.peakRssMb, extra: { MB: Math.round(mb) } });
    log(`lists: check ${n} rows ${check.seconds.toFixed(2)} s, ${check.peakRssMb.toFixed(0)} MB`);

    const providers = (options.providers ?? ['sqlite', 'postgresql']).filter((p): p is 'sqlite' | 'postgresql' => p === 'sqlite' || p === 'postgresql');
    for (const provider of providers) {
      if (provider === 'postgresql' && !(await postgresReachable())) {
        out.push({ group: 'lists', case: 'PostgreSQL', n, note: `dilewati: ${PG_URL} tidak terjangkau` });
        continue;
      }
      const target = await openTarget(provider, work, programs);
      try {
        ok(await naskah(['officials', 'seed-demo'], target.env), 'seed-demo');
        const imported = await importList(big, 2025, target.env);
        const approved = ok(await naskah(['lists', 'approve', imported.listId, '--as', 'penyetuju.ntt', '--quiet'], target.env), 'lists approve');
        if (!approved.stdout.includes(`disetujui ${n};`)) throw new RangeError(`approve did not take all rows: ${approved.stdout.slice(0, 300)}`);
        const both = imported.m.seconds + approved.seconds;
        out.push({ group: 'lists', case: `naskah lists import (${provider})`, n, seconds: imported.m.seconds, peakRssMb: imported.m.peakRssMb, extra: { 'baris/s': Math.round(n / imported.m.seconds) } });
        out.push({ group: 'lists', case: `naskah lists approve (${provider})`, n, seconds: approved.seconds, peakRssMb: approved.peakRssMb, extra: { 'baris/s': Math.round(n / approved.seconds) } });
        out.push({ group: 'lists', case: `impor + setujui / periksa (${provider}, proses utuh)`, n, note: `${(both / check.seconds).toFixed(2)}×; target ≤ 3×, RSS ≤ 400 MB` });
        log(`lists ${provider}: import ${imported.m.seconds.toFixed(2)} s ${imported.m.peakRssMb.toFixed(0)} MB, approve ${approved.seconds.toFixed(2)} s ${approved.peakRssMb.toFixed(0)} MB; (import+approve)/check ${(both / check.seconds).toFixed(2)}×`);

        // 100,000 more rows into a table of N + 100,000, against the same into a fresh database
        await importList(smallA, 2026, target.env);
        const intoFull = await importList(smallB, 2026, target.env);
        const fresh = await openTarget(provider, work, programs);
        try {
          ok(await naskah(['officials', 'seed-demo'], fresh.env), 'seed-demo');
          const intoEmpty = await importList(smallB, 2026, fresh.env);
          out.push({ group: 'lists', case: `lists import ${small.toLocaleString('id-ID')} baris, tabel kosong (${provider})`, n: small, seconds: intoEmpty.m.seconds, peakRssMb: intoEmpty.m.peakRssMb });
          out.push({ group: 'lists', case: `lists import ${small.toLocaleString('id-ID')} baris, tabel berisi ${(n + small).toLocaleString('id-ID')} (${provider})`, n: small, seconds: intoFull.m.seconds, peakRssMb: intoFull.m.peakRssMb, note: `${(intoFull.m.seconds / intoEmpty.m.seconds).toFixed(2)}× tabel kosong` });
          log(`lists ${provider}: ${small} rows into empty ${intoEmpty.m.seconds.toFixed(2)} s, into ${n + small} ${intoFull.m.seconds.toFixed(2)} s`);
        } finally {
          await fresh.dispose();
        }
      } finally {
        await target.dispose();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

const THIS_FILE = fileURLToPath(import.meta.url);
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === THIS_FILE) {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const rows = await runListsBench({ rows: arg('--rows') ? Number(arg('--rows')) : undefined, small: arg('--small') ? Number(arg('--small')) : undefined, providers: arg('--providers')?.split(',') });
  if (args.includes('--json')) console.log(JSON.stringify(rows));
  else for (const r of rows) console.log(`${r.case} n=${r.n}: ${r.seconds !== undefined ? `${r.seconds.toFixed(2)} s` : ''} ${r.peakRssMb !== undefined ? `${r.peakRssMb.toFixed(0)} MB` : ''} ${r.extra ? JSON.stringify(r.extra) : ''} ${r.note ?? ''}`);
}
