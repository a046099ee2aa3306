/**
 * Archive search benchmark: searchArchive (what `naskah archive search`, the web page and the API call)
 * by NIK and by words over generated archives of 10,000 and 100,000 issued documents with 10 NIKs each,
 * on SQLite and PostgreSQL, within two of four regions as a user's search would be. Median and p99 of
 * 200 searches per case, after a warm-up. Target: the 100,000 case under 50 ms median.
 * The archive rows are written straight into the tables (bench/lib/archive-rows.ts), not by signing.
 * PostgreSQL (NASKAH_BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432/test): a scratch
 * database, ANALYZEd after loading (what autovacuum does in service), dropped afterwards.
 *   node bin/run-ts.mjs bench/search-bench.ts [--sizes 10000,100000] [--providers sqlite,postgresql] [--json]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { searchArchive, type ArchiveQuery } from '../src/archive/search-archive.ts';
import { createDatabase, type Database } from '../src/db/create-database.ts';
import { ARCHIVE_REGIONS, generateArchive } from './lib/archive-rows.ts';

export interface SearchBenchRow {
  readonly group: string;
  readonly case: string;
  readonly n: number;
  readonly seconds?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

const PG_URL = process.env.NASKAH_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const RUNS = 200;
const WORDS = ['stunting', 'bantuan sosial', 'honorarium pengelola', 'jalan jembatan kupang', 'pendidikan anak', 'retribusi', 'tim kerja percepatan', 'panitia seleksi'];
const REGIONS = [ARCHIVE_REGIONS[0], ARCHIVE_REGIONS[2]];

async function openScratch(provider: 'sqlite' | 'postgresql', work: string): Promise<{ db: Database; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(work, `${provider}-`));
  if (provider === 'sqlite') {
    const db = await createDatabase({ databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, dataDir });
    return { db, dispose: async () => { await db.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const name = `naskah_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = await createDatabase({ databaseUrl: url.toString(), dataDir });
  return {
    db,
    dispose: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timeQueries(db: Database, queries: readonly ArchiveQuery[]): Promise<{ median: number; p99: number; hits: number }> {
  for (const q of queries.slice(0, 20)) await searchArchive(db, q); // warm-up
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS; i++) {
    const q = queries[i % queries.length]!;
    const t = performance.now();
    const page = await searchArchive(db, q);
    times.push(performance.now() - t);
    hits += page.records.length;
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99), hits: Math.round(hits / RUNS) };
}

export async function runSearchBench(options: { sizes?: readonly number[]; providers?: readonly string[]; log?: (line: string) => void } = {}): Promise<SearchBenchRow[]> {
  const log = options.log ?? ((line: string) => console.error(line));
  const sizes = options.sizes ?? [10_000, 100_000];
  const providers = (options.providers ?? ['sqlite', 'postgresql']).filter((p): p is 'sqlite' | 'postgresql' => p === 'sqlite' || p === 'postgresql');
  const work = mkdtempSync(path.join(os.tmpdir(), 'naskah-search-bench-'));
  const out: SearchBenchRow[] = [];
  try {
    for (const provider of providers) {
      for (const n of sizes) {
        let scratch: Awaited<ReturnType<typeof openScratch>>;
        try {
          scratch = await openScratch(provider, work);
        } catch (error) {
          out.push({ group: 'search', case: `arsip (${provider})`, n, note: `dilewati: ${(error as Error).message}` });
          continue;
        }
        try {
          const started = performance.now();
          const { sampleNiks } = await generateArchive(scratch.db, { count: n });
          if (scratch.db.raw.provider === 'postgresql') await scratch.db.raw.pool.query('ANALYZE');
          const loadSeconds = (performance.now() - started) / 1000;
          const byNik = await timeQueries(scratch.db, sampleNiks.map((nik) => ({ nik, regions: REGIONS })));
          const byWords = await timeQueries(scratch.db, WORDS.map((text) => ({ text, regions: REGIONS, limit: 50 })));
          for (const [what, r] of [['NIK', byNik], ['kata', byWords]] as const) {
            out.push({
              group: 'search',
              case: `cari arsip menurut ${what} (${provider})`,
              n,
              seconds: r.median / 1000,
              extra: { 'median ms': Number(r.median.toFixed(2)), 'p99 ms': Number(r.p99.toFixed(2)), 'hasil/halaman': r.hits },
              note: n >= 100_000 ? `median ${r.median.toFixed(1)} ms; target < 50 ms` : undefined,
            });
          }
          log(`search ${provider} n=${n} (loaded in ${loadSeconds.toFixed(0)} s): NIK median ${byNik.median.toFixed(1)} ms p99 ${byNik.p99.toFixed(1)} ms; words median ${byWords.median.toFixed(1)} ms p99 ${byWords.p99.toFixed(1)} ms`);
        } finally {
          await scratch.dispose();
        }
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
  const rows = await runSearchBench({ sizes: arg('--sizes')?.split(',').map(Number), providers: arg('--providers')?.split(',') });
  if (args.includes('--json')) console.log(JSON.stringify(rows));
  else for (const r of rows) console.log(`${r.case} n=${r.n}: ${r.extra ? JSON.stringify(r.extra) : ''} ${r.note ?? ''}`);
}
