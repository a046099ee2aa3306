/**
 * Issuance under concurrency (issue 9): signing runs outside any transaction, so a slow signer holds no
 * database lock (on SQLite, where one write lock serves everyone, another user still logs in and gives a
 * paraf meanwhile), and a CLI command started while the server signs leaves the server's staged PDF alone
 * (it used to sweep it: the decree was recorded as signed and its PDF was gone).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keystoreEvidenceSigner } from '../src/app/services.ts';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { DEMO_CHAINS, seedDemo, type SeedDemoResult } from '../src/seed/seed-demo.ts';
import { LocalSignerProvider, type SignerProvider, type SignPdfInput } from '../src/sign/signer-provider.ts';
import type { FileStore } from '../src/storage/file-store.ts';
import { createLocalFileStore } from '../src/storage/local-file-store.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { giveParaf } from '../src/use-cases/give-paraf.ts';
import { recoverLeftovers } from '../src/use-cases/recover-leftovers.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { databases } from './support/databases.ts';

const PASSWORD = 'kata-sandi-uji-123';
const PASS = 'kunci-uji-rahasia';

/** A signer that signs locally but only once the test opens its gate (or after `maxMs`). */
class GatedSigner implements SignerProvider {
  readonly kind = 'local' as const;
  started = false;
  private open!: () => void;
  private readonly gate: Promise<void>;
  constructor(
    private readonly inner: SignerProvider,
    maxMs: number,
  ) {
    this.gate = new Promise<void>((resolve) => {
      this.open = resolve;
      setTimeout(resolve, maxMs).unref();
    });
  }
  release(): void {
    this.open();
  }
  async signPdf(input: SignPdfInput): Promise<Uint8Array> {
    this.started = true;
    await this.gate;
    return this.inner.signPdf(input);
  }
}

function exampleYaml(): string {
  const doc = parseDocument(readFileSync(path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml'), 'utf8'));
  doc.delete('nomor');
  doc.delete('tanggal');
  return doc.toString();
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe.each(databases)('issuance under concurrency on $provider', ({ provider }) => {
  let h: Harness;
  let seeded: SeedDemoResult;
  let signer: GatedSigner;
  let stageGate: Promise<void> = Promise.resolve();
  let stagedNow = false;
  const where = () => ({ templatesDir: h.config.templatesDir, dataDir: h.dataDir });

  beforeAll(async () => {
    // the harness's services sign through the gated signer, exactly as `serve` would through its provider
    const { openKeystore } = await import('../src/sign/keystore.ts');
    const current: SignerProvider = { kind: 'local', signPdf: (input) => signer.signPdf(input) };
    h = await startHarness(provider, {
      overrides: (config) => {
        // the data directory's file store, except that while a test holds `stageGate` a staged (pending)
        // PDF stays on disk before issuance goes on to record it: the window a sweep used to destroy
        const inner = createLocalFileStore(path.join(config.dataDir, 'files'));
        const fileStore: FileStore = {
          ...inner,
          async stage(bytes) {
            const staged = await inner.stage(bytes);
            stagedNow = true;
            await stageGate;
            return staged;
          },
        };
        return { signerProvider: current, fileStore };
      },
    });
    seeded = await seedDemo(h.db, { password: PASSWORD });
    const keystore = openKeystore(path.join(h.dataDir, 'keys'));
    for (const key of [...DEMO_CHAINS.ntt, 'ntt.sekda']) {
      const o = await h.db.prisma.official.findUniqueOrThrow({ where: { id: seeded.officials[key]! } });
      keystore.createOfficialKey({ officialId: o.id, name: o.name, jabatan: o.jabatan }, PASS);
    }
  }, 120_000);
  afterAll(async () => h?.close());

  async function document(parafs: number): Promise<{ documentId: string; contentHash: string }> {
    const d = await draftDocument(h.db, { ...where(), kind: 'keputusan-kepala-daerah', dataYaml: exampleYaml(), username: 'perancang.ntt' });
    await submitDocument(h.db, { ...where(), documentId: d.documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    const evidenceSigner = keystoreEvidenceSigner(h.services.keystore, PASS);
    for (const key of DEMO_CHAINS.ntt.slice(0, parafs)) {
      await giveParaf(h.db, { ...where(), documentId: d.documentId, username: seeded.usernames[key]!, contentHash: d.contentHash }, { evidenceSigner });
    }
    return d;
  }

  it('a signer that takes seconds holds no lock: another user logs in and gives a paraf meanwhile', async () => {
    // held until the test lets it go (it would go on its own after a minute): longer than any login or paraf here
    signer = new GatedSigner(new LocalSignerProvider(h.services.keystore), 60_000);
    const ready = await document(3);
    const other = await document(1); // waiting for the Kepala Biro Hukum
    const sekda = new Client(h.baseUrl);
    expect((await sekda.apiLogin('sekda.ntt', PASSWORD)).status).toBe(200);
    let signedAt = 0;
    const signing = sekda.api('POST', `/documents/${ready.documentId}/sign`, { contentHash: ready.contentHash, passphrase: PASS }).then((r) => {
      signedAt = Date.now();
      return r;
    });
    await until('the signer to be called', () => signer.started);
    expect((await h.db.prisma.document.findUniqueOrThrow({ where: { id: ready.documentId } })).state).toBe('signing');

    const karo = new Client(h.baseUrl);
    expect((await karo.apiLogin('karohukum.ntt', PASSWORD)).status).toBe(200);
    const paraf = await karo.api('POST', `/documents/${other.documentId}/paraf`, { contentHash: other.contentHash, passphrase: PASS });
    expect(paraf.status, await paraf.clone().text()).toBe(200);
    const parafAt = Date.now();
    // both finished while the signature was still being made
    expect(signedAt).toBe(0);
    signer.release();
    const signed = await signing;
    expect(signed.status, await signed.clone().text()).toBe(200);
    expect(signedAt).toBeGreaterThan(parafAt);
    expect((await h.db.prisma.parafStep.findFirstOrThrow({ where: { documentId: other.documentId, position: 2 } })).state).toBe('done');
  }, 120_000);

  it('a CLI command run while the server signs leaves its staged PDF alone; the decree is downloadable and verifies', async () => {
    signer = new GatedSigner(new LocalSignerProvider(h.services.keystore), 0);
    let openStage!: () => void;
    stageGate = new Promise<void>((resolve) => (openStage = resolve));
    stagedNow = false;
    const ready = await document(3);
    const sekda = new Client(h.baseUrl);
    expect((await sekda.apiLogin('sekda.ntt', PASSWORD)).status).toBe(200);
    const signing = sekda.api('POST', `/documents/${ready.documentId}/sign`, { contentHash: ready.contentHash, passphrase: PASS });
    await until('the signed PDF to be staged', () => stagedNow);
    const pendingNow = filesUnder(path.join(h.dataDir, 'files')).filter((f) => f.endsWith('.pending'));
    expect(pendingNow).toHaveLength(1);

    // another process opens the same data directory and database, as any `naskah` command does
    const env = { ...process.env, NASKAH_DATA_DIR: h.dataDir, DATABASE_URL: h.config.databaseUrl, LOG_LEVEL: 'silent' };
    const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'naskah.mjs'), 'documents', 'status', ready.documentId], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('sedang ditandatangani');
    expect(filesUnder(path.join(h.dataDir, 'files')).filter((f) => f.endsWith('.pending'))).toEqual(pendingNow);
    // the server's own recovery pass, run now, leaves a live reservation and its staged file alone too
    expect(await recoverLeftovers(h.services)).toEqual({ releasedNumbers: [], filesCommitted: 0, filesRemoved: 0 });
    expect(filesUnder(path.join(h.dataDir, 'files')).filter((f) => f.endsWith('.pending'))).toEqual(pendingNow);

    openStage();
    stageGate = Promise.resolve();
    const signed = await signing;
    expect(signed.status, await signed.clone().text()).toBe(200);
    const { number } = (await signed.json()) as { number: string };
    expect(filesUnder(path.join(h.dataDir, 'files')).filter((f) => f.endsWith('.pending'))).toEqual([]);

    const archivist = new Client(h.baseUrl);
    expect((await archivist.apiLogin('arsiparis', PASSWORD)).status).toBe(200);
    const pdf = await archivist.fetch(`/api/v1/archive/${ready.documentId}/pdf`);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    const verified = await verifyPdf(bytes, { trustAnchors: h.services.keystore.trustAnchors() });
    expect(verified.valid).toBe(true);
    expect((await h.db.prisma.issuedDocument.findUniqueOrThrow({ where: { documentId: ready.documentId } })).number).toBe(number);
  }, 180_000);
});
