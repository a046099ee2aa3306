/**
 * Operations benchmarks of issue 13, all on this machine and loopback only:
 *   cluster     the multi-process proof at full size: 200 decrees with 1,000-row lampiran, PostgreSQL +
 *               a local S3-compatible store, 2 API processes and 3 workers, one worker killed with
 *               SIGKILL mid-job; every job once, consecutive numbers, every PDF in the store and
 *               verifying, the audit chain verifying;
 *   throughput  issuance throughput with one and with two workers (decrees per second);
 *   load        autocannon for 60 s on two API processes (100 connections): archive search, public
 *               verification and paraf actions mixed; throughput, p50/p99, no 5xx, and no paraf lost
 *               or doubled (every 200 is one paraf step done, once);
 *   healthz     /healthz latency (p50/p99) of the embedded default (SQLite) while a 1,000,000-row list
 *               is uploaded and imported through the web app.
 *   node bin/run-ts.mjs bench/ops-bench.ts [--only cluster,throughput,load,healthz] [--small] [--json]
 * --small runs every case at a size that proves it works in a minute or two (not a measurement).
 */
import { openAsBlob } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseDocument } from 'yaml';
import { openServices } from '../src/app/services.ts';
import { loadConfig, PROJECT_ROOT } from '../src/config/load-config.ts';
import { createDatabase } from '../src/db/create-database.ts';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { DEMO_CHAINS } from '../src/seed/seed-demo.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { DEMO_PASSPHRASE, runDemo } from '../src/use-cases/run-demo.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { Client } from '../test/http-support/http-harness.ts';
import { createScratchDatabase } from '../test/support/databases.ts';
import { runIssuanceCluster } from '../test/support/issuance-cluster.ts';
import { childEnv, NASKAH_BIN, startProcess, stopAll } from '../test/support/processes.ts';
import { startLocalS3 } from '../test/support/s3-server.ts';

interface Row {
  readonly group: string;
  readonly case: string;
  readonly n: number | string;
  readonly seconds?: number;
  readonly note?: string;
  readonly extra?: Record<string, number | string>;
}

const args = process.argv.slice(2);
const small = args.includes('--small');
const onlyArg = args.indexOf('--only') >= 0 ? args[args.indexOf('--only') + 1] : undefined;
const only = onlyArg ? new Set(onlyArg.split(',')) : undefined;
const wanted = (name: string): boolean => !only || only.has(name);
const log = (line: string): void => console.error(`[ops] ${line}`);
const rows: Row[] = [];

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function benchCluster(): Promise<void> {
  const decrees = small ? 10 : 200;
  const report = await runIssuanceCluster({ decrees, rows: 1000, apis: 2, workers: 3, killAt: 0.3, jobTimeoutSeconds: 30, log, timeoutMs: 1_800_000 });
  const ok = {
    jobs: report.jobs.every((j) => j.state === 'completed') && report.jobs.length === decrees,
    once: report.documents.every((id) => report.signedEvents.get(id) === 1),
    numbers: report.numbers.map((n) => n.seq).sort((a, b) => a - b).every((seq, i) => seq === i + 1),
    pdfs: report.pdfsInStore === decrees && report.archive.valid === decrees && report.archive.problems.length === 0,
    audit: report.audit.ok,
    killedRetried: report.killed !== undefined && (report.jobs.find((j) => j.id === report.killed!.jobId)?.attempts ?? 0) >= 2,
  };
  const failed = Object.entries(ok).filter(([, v]) => !v).map(([k]) => k);
  rows.push({
    group: 'ops',
    case: 'bukti multi-proses: 2 API, 3 pekerja (1 dibunuh SIGKILL), PostgreSQL + S3',
    n: decrees,
    seconds: report.issueMs / 1000,
    note: failed.length === 0 ? 'semua pekerjaan sekali, nomor berurutan, setiap PDF di penyimpanan objek sah, rantai audit utuh' : `GAGAL: ${failed.join(', ')}`,
    extra: { persiapan_s: (report.prepareMs / 1000).toFixed(1), keputusan_per_s: (decrees / (report.issueMs / 1000)).toFixed(2) },
  });
}

async function benchThroughput(): Promise<void> {
  const decrees = small ? 6 : 40;
  for (const workers of [1, 2]) {
    const report = await runIssuanceCluster({ decrees, rows: 1000, apis: 1, workers, log, timeoutMs: 1_800_000 });
    const ok = report.jobs.every((j) => j.state === 'completed') && report.archive.valid === decrees;
    rows.push({
      group: 'ops',
      case: `penerbitan, ${workers} pekerja (lampiran 1.000 baris)`,
      n: decrees,
      seconds: report.issueMs / 1000,
      ...(ok ? {} : { note: 'GAGAL: tidak semua terbit dan sah' }),
      extra: { keputusan_per_s: (decrees / (report.issueMs / 1000)).toFixed(2) },
    });
  }
}

async function benchLoad(): Promise<void> {
  const durationS = small ? 10 : 60;
  const connections = small ? 20 : 100;
  const paraf = small ? 60 : 400;
  const scratch = await createScratchDatabase('postgresql');
  const s3 = await startLocalS3();
  try {
    const env = { NASKAH_DATA_DIR: scratch.dataDir, DATABASE_URL: scratch.databaseUrl, ...s3.env, NASKAH_JOB_SECRET: 'bench-job-secret-0123456789' };
    const services = await openServices(loadConfig(env));
    // issued documents to search and verify, the demo's officials and keys
    const demo = await runDemo(services, { outDir: path.join(scratch.dataDir, 'demo'), participants: 200 });
    const issued = demo.documents.map((d) => d.documentId);
    // the first paraf of the NTT chain is the drafter's own (DEMO_CHAINS.ntt[0])
    const drafterKey = DEMO_CHAINS.ntt[0];
    const username = 'perancang.ntt';
    const where = { templatesDir: services.config.templatesDir, dataDir: services.config.dataDir };
    const yamlDoc = parseDocument(await readFile(path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml'), 'utf8'));
    yamlDoc.delete('nomor');
    yamlDoc.delete('tanggal');
    const yaml = yamlDoc.toString({ lineWidth: 0 });
    const targets: { id: string; hash: string }[] = [];
    for (let i = 0; i < paraf; i++) {
      const d = await draftDocument(services.db, { ...where, kind: 'keputusan-kepala-daerah', dataYaml: yaml, username });
      const s = await submitDocument(services.db, { ...where, documentId: d.documentId, username, baseContentHash: d.contentHash });
      targets.push({ id: d.documentId, hash: s.contentHash });
    }
    log(`load: ${issued.length} issued, ${targets.length} awaiting the paraf of ${drafterKey} (${username})`);
    await services.close();

    const apis: string[] = [];
    for (let i = 0; i < 2; i++) {
      const p = startProcess([NASKAH_BIN, 'serve', '--no-worker', '--port', '0', '--host', '127.0.0.1'], childEnv({ ...env, LOG_LEVEL: 'error' }));
      apis.push((await p.waitFor(/naskah berjalan di (http:\/\/[^\s]+)\//))[1]!.replace('localhost', '127.0.0.1'));
    }
    const password = demo.passwords.find((p) => p.username === username)?.password;
    if (!password) throw new Error(`no password for ${username}`);
    const statuses = new Map<string, Map<number, number>>();
    const count = (kind: string, status: number): void => {
      const m = statuses.get(kind) ?? new Map<number, number>();
      m.set(status, (m.get(status) ?? 0) + 1);
      statuses.set(kind, m);
    };
    let next = 0;
    const words = ['peserta', 'jaminan', 'kesehatan', 'tim', 'kerja', 'iuran'];
    const runs = await Promise.all(
      apis.map(async (url, a) => {
        const c = new Client(url);
        const login = await c.apiLogin(username, password);
        if (login.status !== 200) throw new Error(`login ${login.status}`);
        const cookieHeader = `${SESSION_COOKIE}=${c.cookie(SESSION_COOKIE) ?? ''}`;
        let k = a;
        return autocannon({
          url,
          connections: connections / 2,
          duration: durationS,
          headers: { cookie: cookieHeader, 'x-csrf-token': c.csrfToken },
          requests: [
            {
              setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
                const pick = k++ % 5;
                if (pick < 2) {
                  context.kind = 'search';
                  return { ...req, method: 'GET', path: `/api/v1/archive?text=${words[k % words.length]}` };
                }
                if (pick < 4) {
                  context.kind = 'verify';
                  return { ...req, method: 'GET', path: `/api/v1/verify/${issued[k % issued.length]}` };
                }
                const target = targets[next++ % targets.length]!;
                context.kind = 'paraf';
                return {
                  ...req,
                  method: 'POST',
                  path: `/api/v1/documents/${target.id}/paraf`,
                  headers: { ...req.headers, 'content-type': 'application/json' },
                  body: JSON.stringify({ contentHash: target.hash, passphrase: DEMO_PASSPHRASE }),
                };
              },
              onResponse: (status: number, _body: string, context: Record<string, unknown>) => count(String(context.kind), status),
            },
          ],
        } as autocannon.Options);
      }),
    );
    await stopAll();
    const check = await createDatabase({ databaseUrl: scratch.databaseUrl, dataDir: scratch.dataDir }, { migrate: false });
    const doneSteps = await check.prisma.parafStep.count({ where: { documentId: { in: targets.map((t) => t.id) }, state: 'done' } });
    const parafEvents = await check.prisma.auditEvent.count({ where: { documentId: { in: targets.map((t) => t.id) }, action: 'paraf.given' } });
    const perDoc = await check.prisma.parafStep.groupBy({ by: ['documentId'], where: { documentId: { in: targets.map((t) => t.id) }, state: 'done' }, _count: { _all: true } });
    await check.close();
    const ok200 = statuses.get('paraf')?.get(200) ?? 0;
    const total = runs.reduce((n, r) => n + r.requests.total, 0);
    const fiveXx = [...statuses.values()].reduce((n, m) => n + [...m.entries()].filter(([s]) => s >= 500).reduce((x, [, c]) => x + c, 0), 0);
    const latencies = runs.map((r) => r.latency);
    const summary = [...statuses.entries()].map(([kind, m]) => `${kind}: ${[...m.entries()].map(([s, c]) => `${s}×${c}`).join(' ')}`).join('; ');
    // not lost: no 200 without its step done; not doubled: one step and one audit event per document.
    // Steps done whose answer autocannon cut off at the end of the run are counted apart.
    const cutOff = doneSteps - ok200;
    const lostOrDoubled = ok200 > doneSteps || doneSteps !== parafEvents || perDoc.some((d) => d._count._all !== 1) || cutOff > connections;
    rows.push({
      group: 'ops',
      case: `beban ${durationS} s, 2 proses API, ${connections} koneksi (cari arsip, verifikasi publik, paraf)`,
      n: total,
      seconds: durationS,
      note: `${fiveXx === 0 ? 'nol 5xx' : `${fiveXx} jawaban 5xx`}; paraf: ${ok200} jawaban 200 (+${cutOff} terpotong di akhir), ${doneSteps} langkah selesai, ${parafEvents} peristiwa audit${lostOrDoubled ? ' — TIDAK COCOK' : ' (tidak hilang, tidak ganda)'}; ${summary}`,
      extra: {
        permintaan_per_s: (total / durationS).toFixed(0),
        p50_ms: Math.max(...latencies.map((l) => l.p50)),
        p99_ms: Math.max(...latencies.map((l) => l.p99)),
      },
    });
  } finally {
    await stopAll();
    await s3.close();
    await scratch.dispose();
  }
}

async function benchHealthz(): Promise<void> {
  const listRows = small ? 50_000 : 1_000_000;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'naskah-bench-healthz-'));
  try {
    const db = await createDatabase({ databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, dataDir });
    await createUser(db, { username: 'perancang', displayName: 'Perancang', password: 'rahasia-sekali-123', roles: ['drafter'], regions: ['prov-ntt'], actor: 'bench' });
    await db.close();
    const csv = path.join(dataDir, 'impor', 'besar.csv');
    await mkdir(path.dirname(csv), { recursive: true });
    await writeRosterCsv(csv, { seed: 3, count: listRows, program: 'pbpu-pemda' });
    const server = startProcess([NASKAH_BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], childEnv({ NASKAH_DATA_DIR: dataDir, LOG_LEVEL: 'error' }));
    const url = (await server.waitFor(/naskah berjalan di (http:\/\/[^\s]+)\//))[1]!.replace('localhost', '127.0.0.1');
    const c = new Client(url);
    await c.apiLogin('perancang', 'rahasia-sekali-123');

    const latencies: number[] = [];
    let failures = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
          await res.arrayBuffer();
          if (res.status !== 200) failures++;
        } catch {
          failures++;
        }
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const started = Date.now();
    const form = new FormData();
    form.set('program', 'pbpu-pemda');
    form.set('year', '2025');
    form.set('file', await openAsBlob(csv, { type: 'text/csv' }), 'besar.csv');
    const res = await c.fetch('/api/v1/participant-lists', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: form });
    const uploadedMs = Date.now() - started;
    let state = res.status === 201 ? 'completed' : 'queued';
    if (res.status === 202) {
      const { job } = (await res.json()) as { job: { id: string } };
      const deadline = Date.now() + (small ? 600_000 : 3_600_000);
      while (Date.now() < deadline) {
        const view = (await (await c.api('GET', `/jobs/${job.id}`)).json()) as { state: string };
        state = view.state;
        if (['completed', 'failed', 'dead'].includes(state)) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
    } else if (res.status !== 201) {
      state = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    }
    const totalMs = Date.now() - started;
    polling = false;
    await poller;
    await server.stop('SIGTERM');
    const sorted = [...latencies].sort((a, b) => a - b);
    rows.push({
      group: 'ops',
      case: `/healthz selama impor ${listRows.toLocaleString('id-ID')} baris lewat web (SQLite, pekerja bawaan)`,
      n: latencies.length,
      seconds: totalMs / 1000,
      note: `impor: ${state}; unggah ${(uploadedMs / 1000).toFixed(1)} s; ${failures} gagal`,
      extra: { p50_ms: percentile(sorted, 50).toFixed(1), p99_ms: percentile(sorted, 99).toFixed(1), maks_ms: (sorted[sorted.length - 1] ?? NaN).toFixed(1) },
    });
  } finally {
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

for (const [name, run] of [
  ['cluster', benchCluster],
  ['throughput', benchThroughput],
  ['load', benchLoad],
  ['healthz', benchHealthz],
] as const) {
  if (!wanted(name)) continue;
  try {
    log(`${name}…`);
    await run();
  } catch (error) {
    rows.push({ group: 'ops', case: name, n: '-', note: `gagal: ${(error as Error).message.slice(0, 300)}` });
    log(`${name} failed: ${(error as Error).stack ?? error}`);
  }
}
if (args.includes('--json')) console.log(JSON.stringify(rows));
else for (const r of rows) console.log(`${r.case} n=${r.n}: ${r.seconds !== undefined ? `${r.seconds.toFixed(2)} s` : ''} ${r.extra ? JSON.stringify(r.extra) : ''} ${r.note ?? ''}`);
process.exit(0);
