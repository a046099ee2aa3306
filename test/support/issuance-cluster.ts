/**
 * A naskah deployment in several processes on this machine, for the multi-process proof (test, small)
 * and the issuance benchmarks (bench, 200 decrees): PostgreSQL (a fresh database) + a local
 * S3-compatible store (s3rver in its own process), N participant decrees with a lampiran of R rows made
 * ready to sign (seeded officials and keys, a list imported and approved, drafted, submitted, three
 * parafs with evidence), then A API processes (`naskah serve --no-worker`) and W workers
 * (`naskah worker`). The decrees are queued for signing through the API processes in turn; optionally
 * one worker that is running a job is killed with SIGKILL once a share of them is issued. The report
 * holds what the proof checks: every job's end, the numbers, every PDF read back from the object
 * store and verified, the audit chain.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { createHash } from 'node:crypto';
import { keystoreEvidenceSigner, openServices, type Services } from '../../src/app/services.ts';
import { loadConfig, PROJECT_ROOT } from '../../src/config/load-config.ts';
import { writeRosterCsv } from '../../src/participants/generate-roster.ts';
import { DEMO_CHAINS, seedDemo } from '../../src/seed/seed-demo.ts';
import { approveParticipantList } from '../../src/use-cases/approve-participant-list.ts';
import { importParticipantList } from '../../src/use-cases/import-participant-list.ts';
import { draftDocument } from '../../src/use-cases/draft-document.ts';
import { giveParaf } from '../../src/use-cases/give-paraf.ts';
import { submitDocument } from '../../src/use-cases/submit-document.ts';
import { verifyArchive } from '../../src/use-cases/verify-archive.ts';
import { verifyAuditChain } from '../../src/use-cases/verify-audit-chain.ts';
import { Client } from '../http-support/http-harness.ts';
import { createScratchDatabase, type ScratchDatabase } from './databases.ts';
import { childEnv, NASKAH_BIN, startProcess, type ChildHandle } from './processes.ts';
import { startLocalS3, type LocalS3 } from './s3-server.ts';

export interface ClusterOptions {
  readonly decrees: number;
  readonly rows: number;
  readonly apis: number;
  readonly workers: number;
  /** Kill a worker that is running a job once this share of the decrees is issued (0–1); none when absent. */
  readonly killAt?: number;
  /** A killed worker's job is offered again after this (NASKAH_JOB_TIMEOUT_SECONDS). */
  readonly jobTimeoutSeconds?: number;
  /** A killed signer's number reservation is released after this (NASKAH_ISSUANCE_LEASE_SECONDS). */
  readonly issuanceLeaseSeconds?: number;
  readonly log?: (line: string) => void;
  /** Overall limit for the issuing phase. */
  readonly timeoutMs?: number;
}

export interface ClusterReport {
  readonly prepareMs: number;
  /** From the first sign request to the last decree issued. */
  readonly issueMs: number;
  readonly jobs: readonly { readonly id: string; readonly state: string; readonly attempts: number; readonly documentId: string }[];
  readonly killed?: { readonly pid: number; readonly jobId: string };
  readonly numbers: readonly { readonly documentId: string; readonly number: string; readonly seq: number }[];
  readonly signedEvents: ReadonlyMap<string, number>;
  readonly archive: Awaited<ReturnType<typeof verifyArchive>>;
  readonly pdfsInStore: number;
  readonly audit: Awaited<ReturnType<typeof verifyAuditChain>>;
  readonly documents: readonly string[];
}

const PASS = 'cluster-passphrase';
const PASSWORD = 'rahasia-sekali-123';

async function prepare(services: Services, options: ClusterOptions, log: (s: string) => void): Promise<string[]> {
  const { db, keystore, config } = services;
  const seeded = await seedDemo(db, { password: PASSWORD });
  for (const key of [...DEMO_CHAINS.ntt, 'ntt.sekda']) {
    const o = await db.prisma.official.findUniqueOrThrow({ where: { id: seeded.officials[key]! } });
    if (!keystore.hasOfficialKey(o.id)) keystore.createOfficialKey({ officialId: o.id, name: o.name, jabatan: o.jabatan }, PASS);
  }
  const user = (key: string): string => seeded.usernames[key]!;
  const roster = path.join(config.dataDir, 'impor', 'peserta.csv');
  await mkdir(path.dirname(roster), { recursive: true });
  await writeRosterCsv(roster, { seed: 7, count: options.rows, program: 'pbpu-pemda' });
  const imported = await importParticipantList(db, { file: roster, program: 'pbpu-pemda', year: 2025, username: user('ntt.perancang') });
  const approved = await approveParticipantList(db, {
    listId: imported.listId,
    // approved by someone other than the importer, with the approver role (separation of duties)
    username: 'penyetuju.ntt',
    programConfig: services.programConfig(),
    dataDir: config.dataDir,
    fileStore: services.fileStore,
  });
  const listSha256 = createHash('sha256').update(await readFile(path.join(config.dataDir, approved.listFile))).digest('hex');
  const doc = parseDocument(await readFile(path.join(PROJECT_ROOT, 'examples', 'keputusan-peserta-pbpu-ntt.yaml'), 'utf8'));
  doc.delete('nomor');
  doc.delete('tanggal');
  doc.setIn(['sumber', 'peserta'], { berkas: approved.listFile, sha256: listSha256 });
  doc.setIn(['iuran', 'bulan'], approved.iuran.bulan);
  doc.setIn(['iuran', 'tahun'], approved.iuran.tahun);
  const yaml = doc.toString({ lineWidth: 0 });
  const where = { templatesDir: config.templatesDir, dataDir: config.dataDir };
  const evidenceSigner = keystoreEvidenceSigner(keystore, PASS);
  const ids: string[] = [];
  for (let i = 0; i < options.decrees; i++) {
    const draft = await draftDocument(db, { ...where, kind: 'keputusan-peserta-pbpu', dataYaml: yaml, dataFile: `keputusan-${i}.yaml`, username: user('ntt.perancang') });
    const submitted = await submitDocument(db, { ...where, documentId: draft.documentId, username: user('ntt.perancang'), baseContentHash: draft.contentHash });
    for (const key of DEMO_CHAINS.ntt) {
      await giveParaf(db, { ...where, documentId: draft.documentId, username: user(key), contentHash: submitted.contentHash }, { evidenceSigner });
    }
    ids.push(draft.documentId);
    if ((i + 1) % 20 === 0) log(`prepared ${i + 1}/${options.decrees}`);
  }
  return ids;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function runIssuanceCluster(options: ClusterOptions): Promise<ClusterReport> {
  const log = options.log ?? (() => undefined);
  const cleanups: (() => Promise<unknown>)[] = [];
  let scratch: ScratchDatabase | undefined;
  let s3: LocalS3 | undefined;
  const processes: ChildHandle[] = [];
  try {
    scratch = await createScratchDatabase('postgresql');
    s3 = await startLocalS3();
    const env = {
      NASKAH_DATA_DIR: scratch.dataDir,
      DATABASE_URL: scratch.databaseUrl,
      ...s3.env,
      NASKAH_JOB_SECRET: 'cluster-job-secret-0123456789',
      NASKAH_JOB_TIMEOUT_SECONDS: String(options.jobTimeoutSeconds ?? 30),
      NASKAH_ISSUANCE_LEASE_SECONDS: String(options.issuanceLeaseSeconds ?? 10),
      NASKAH_JOB_WAIT_SECONDS: '0',
      NASKAH_WORKER_GRACE_SECONDS: '5',
    };
    const config = loadConfig(env);
    const services = await openServices(config);
    cleanups.push(() => services.close());
    const started = Date.now();
    const documents = await prepare(services, options, log);
    const prepareMs = Date.now() - started;
    log(`prepared ${documents.length} decrees in ${prepareMs} ms`);

    // the processes: APIs without their own worker, and separate workers
    const apis: string[] = [];
    for (let i = 0; i < options.apis; i++) {
      const p = startProcess([NASKAH_BIN, 'serve', '--no-worker', '--port', '0', '--host', '127.0.0.1'], childEnv(env));
      processes.push(p);
      apis.push((await p.waitFor(/naskah berjalan di (http:\/\/[^\s]+)\//))[1]!.replace('localhost', '127.0.0.1'));
    }
    const workers: ChildHandle[] = [];
    for (let i = 0; i < options.workers; i++) {
      const w = startProcess([NASKAH_BIN, 'worker'], childEnv(env));
      processes.push(w);
      workers.push(w);
    }
    for (const w of workers) await w.waitFor(/Pekerja naskah berjalan/);
    log(`${apis.length} API processes and ${workers.length} workers up`);

    // the signer asks for every decree, through the API processes in turn
    const clients = await Promise.all(
      apis.map(async (url) => {
        const c = new Client(url);
        const res = await c.apiLogin('sekda.ntt', PASSWORD);
        if (res.status !== 200) throw new Error(`login failed on ${url}: ${res.status}`);
        return c;
      }),
    );
    const issueStarted = Date.now();
    const hashes = new Map((await services.db.prisma.document.findMany({ where: { id: { in: documents } }, include: { currentVersion: true } })).map((d) => [d.id, d.currentVersion!.contentHash]));
    for (const [i, documentId] of documents.entries()) {
      const res = await clients[i % clients.length]!.api('POST', `/documents/${documentId}/sign`, { contentHash: hashes.get(documentId), passphrase: PASS });
      if (res.status !== 202 && res.status !== 200) throw new Error(`sign request ${documentId}: ${res.status} ${await res.text()}`);
    }
    log(`queued ${documents.length} decrees in ${Date.now() - issueStarted} ms`);

    let killed: ClusterReport['killed'];
    const issuedCount = () => services.db.prisma.issuedDocument.count();
    if (options.killAt !== undefined) {
      await until(async () => (await issuedCount()) >= Math.floor(documents.length * options.killAt!), options.timeoutMs ?? 600_000, 'decrees before the kill');
      // a worker caught in the middle of a job
      await until(
        async () => {
          // only a try that began moments ago: rendering and signing a decree takes longer, so the
          // worker is surely in the middle of it
          const running = await services.db.prisma.job.findMany({ where: { type: 'document.issue', state: 'running', startedAt: { gte: new Date(Date.now() - 400) } } });
          for (const job of running) {
            const pid = Number(job.workerId?.split(':')[1]);
            const victim = workers.find((w) => w.pid === pid);
            if (victim) {
              await victim.stop('SIGKILL');
              killed = { pid, jobId: job.id };
              log(`killed worker ${pid} while it ran job ${job.id}`);
              return true;
            }
          }
          return false;
        },
        120_000,
        'a worker running a job',
      );
    }
    await until(
      async () => (await services.db.prisma.job.count({ where: { type: 'document.issue', state: { in: ['completed', 'failed', 'dead'] } } })) === documents.length,
      options.timeoutMs ?? 600_000,
      'every job to end',
    );
    const issueMs = Date.now() - issueStarted;
    log(`issued in ${issueMs} ms`);

    const jobs = (await services.db.prisma.job.findMany({ where: { type: 'document.issue' } })).map((j) => ({
      id: j.id,
      state: j.state,
      attempts: j.attempts,
      documentId: (JSON.parse(j.payloadJson) as { documentId: string }).documentId,
    }));
    const numbers = (await services.db.prisma.document.findMany({ where: { id: { in: documents } }, select: { id: true, number: true, numberSeq: true } })).map((d) => ({
      documentId: d.id,
      number: d.number ?? '',
      seq: d.numberSeq ?? -1,
    }));
    const signedEvents = new Map<string, number>();
    for (const e of await services.db.prisma.auditEvent.findMany({ where: { action: 'document.signed' }, select: { documentId: true } })) {
      signedEvents.set(e.documentId!, (signedEvents.get(e.documentId!) ?? 0) + 1);
    }
    let pdfsInStore = 0;
    for (const issued of await services.db.prisma.issuedDocument.findMany({ select: { pdfSha256: true } })) {
      if (await services.fileStore.has(issued.pdfSha256)) pdfsInStore++;
    }
    const archive = await verifyArchive({ db: services.db, fileStore: services.fileStore, trustAnchors: services.keystore.trustAnchors() });
    const audit = await verifyAuditChain(services.db);
    return { prepareMs, issueMs, jobs, ...(killed ? { killed } : {}), numbers, signedEvents, archive, pdfsInStore, audit, documents };
  } finally {
    for (const p of processes.reverse()) await p.stop('SIGTERM').catch(() => undefined);
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await s3?.close().catch(() => undefined);
    await scratch?.dispose().catch(() => undefined);
  }
}
