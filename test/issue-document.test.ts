/**
 * Signing and issuing (the issue-document use case) on SQLite and PostgreSQL: the number, the archive
 * row, the stored PDF (content-addressed), a valid PAdES signature with paraf evidence, the audit event
 * — and every refusal writes nothing and consumes no number, even when the process dies mid-way.
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { keystoreEvidenceSigner } from '../src/app/services.ts';
import { verifyChain } from '../src/audit/hash-chain.ts';
import { readAuditEvents } from '../src/audit/append-audit-event.ts';
import { searchArchive } from '../src/archive/search-archive.ts';
import { peekLastNumber } from '../src/db/number-register.ts';
import { isAppError } from '../src/errors/app-error.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { DEMO_CHAINS, seedDemo, type SeedDemoResult } from '../src/seed/seed-demo.ts';
import { openKeystore, type Keystore } from '../src/sign/keystore.ts';
import { LocalSignerProvider, RemoteBsreSignerProvider } from '../src/sign/signer-provider.ts';
import { sha256Hex, type FileStore } from '../src/storage/file-store.ts';
import { createLocalFileStore } from '../src/storage/local-file-store.ts';
import { createDelegation, createOfficial } from '../src/use-cases/create-official.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { giveParaf } from '../src/use-cases/give-paraf.ts';
import { issueDocument, recoverAbandonedIssuances, type IssueDocumentDeps } from '../src/use-cases/issue-document.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { verifyPdf } from '../src/verify/verify-pdf.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';
import { requireTools, run } from './support/tools.ts';

const PASS = 'kunci-uji-rahasia';
const TEMPLATES = path.resolve('templates');
const NOW = new Date('2025-03-24T02:00:00Z');

function exampleYaml(): string {
  const doc = parseDocument(readFileSync('examples/keputusan-gubernur-ntt-99-2025.yaml', 'utf8'));
  doc.delete('nomor');
  doc.delete('tanggal');
  return doc.toString();
}

function filesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

async function counts(db: TestDatabase): Promise<Record<string, number>> {
  const p = db.prisma;
  return {
    issued: await p.issuedDocument.count(),
    niks: await p.issuedNik.count(),
    stored: await p.storedFile.count(),
    audit: await p.auditEvent.count(),
    signed: await p.document.count({ where: { state: 'signed' } }),
  };
}

describe.each(databases)('issuing a decree on $provider', ({ provider }) => {
  let db: TestDatabase;
  let seeded: SeedDemoResult;
  let keystore: Keystore;
  let fileStore: FileStore;
  let deps: IssueDocumentDeps;
  const user = (key: string): string => seeded.usernames[key]!;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    seeded = await seedDemo(db, { password: 'kata-sandi-uji-123', now: () => NOW });
    keystore = openKeystore(path.join(db.dataDir, 'keys'));
    for (const key of [...DEMO_CHAINS.ntt, 'ntt.sekda']) {
      const official = await db.prisma.official.findUniqueOrThrow({ where: { id: seeded.officials[key]! } });
      keystore.createOfficialKey({ officialId: official.id, name: official.name, jabatan: official.jabatan }, PASS, new Date('2025-01-01T00:00:00Z'));
    }
    fileStore = createLocalFileStore(path.join(db.dataDir, 'files'));
    deps = { db, templatesDir: TEMPLATES, dataDir: db.dataDir, fonts: loadFonts(), keystore, fileStore, baseUrl: 'https://naskah.example.go.id' };
  });
  afterAll(async () => {
    await db?.dispose();
  });

  async function readyDocument(): Promise<{ documentId: string; contentHash: string }> {
    const options = { now: () => NOW };
    const where = { templatesDir: TEMPLATES, dataDir: db.dataDir };
    const draft = await draftDocument(db, { ...where, kind: 'keputusan-kepala-daerah', dataYaml: exampleYaml(), username: user('ntt.perancang') }, options);
    const submitted = await submitDocument(db, { ...where, documentId: draft.documentId, username: user('ntt.perancang'), baseContentHash: draft.contentHash }, options);
    const evidenceSigner = keystoreEvidenceSigner(keystore, PASS);
    for (const key of DEMO_CHAINS.ntt) {
      await giveParaf(db, { ...where, documentId: draft.documentId, username: user(key), contentHash: submitted.contentHash }, { ...options, evidenceSigner });
    }
    return { documentId: draft.documentId, contentHash: submitted.contentHash };
  }

  test('signs a ready decree: number and date assigned, archived, stored by hash, signature and paraf evidence valid, audit intact', async () => {
    const { documentId, contentHash } = await readyDocument();
    const issued = await issueDocument(deps, { documentId, username: user('ntt.sekda'), passphrase: PASS, contentHash }, { now: () => NOW });
    expect(issued.number).toBe('1/KEP/HK/2025');
    expect(issued.date).toBe('2025-03-24');

    const doc = await db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc).toMatchObject({ state: 'signed', number: '1/KEP/HK/2025', numberSeq: 1, numberYear: 2025 });
    const bytes = new Uint8Array(readFileSync(issued.pdfPath));
    expect(path.basename(issued.pdfPath)).toBe(issued.pdfSha256);
    expect(sha256Hex(bytes)).toBe(issued.pdfSha256);
    const archived = await searchArchive(db, { number: '1/KEP/HK/2025' });
    expect(archived.records.map((r) => r.pdfSha256)).toEqual([issued.pdfSha256]);
    expect((await searchArchive(db, { text: 'tim kerja pengelolaan', year: 2025 })).total).toBe(1);

    const verified = await verifyPdf(bytes, { trustAnchors: keystore.trustAnchors() });
    expect(verified.valid).toBe(true);
    expect(verified.signatures).toHaveLength(1);
    expect(verified.signatures[0]).toMatchObject({ signerName: 'KOSMAS D. LANA', coversWholeFile: true });
    expect(verified.parafEvidence.map((p) => p.valid)).toEqual([true, true, true]);
    // the PDF alone: the hash every paraf signed is recomputed from the embedded data and manifest
    expect(verified.contentEvidence).toMatchObject({ contentHash, dataMatches: true, parafHashMatches: true, problems: [] });
    expect(verified.contentEvidence!.templateFiles).toBeGreaterThan(3);

    const events = [];
    for await (const e of readAuditEvents(db.prisma)) events.push(e);
    expect(verifyChain(events).ok).toBe(true);
    const signedEvent = events.find((e) => e.action === 'document.signed');
    expect(signedEvent?.details).toMatchObject({ number: '1/KEP/HK/2025', pdfSha256: issued.pdfSha256 });

    if (requireTools('pdftotext of the signed decree', 'pdftotext')) {
      const text = run('pdftotext', ['-layout', issued.pdfPath, '-']).stdout;
      expect(text).toContain('NOMOR : 1/KEP/HK/2025');
      expect(text).toContain('pada tanggal 24 Maret 2025');
      expect(text).toContain('Dokumen ini telah ditandatangani secara elektronik');
      expect(text).toMatch(/MGN 24-03-2025/); // the perancang's paraf in the paraf table
    }
  });

  test('a wrong passphrase is refused before numbering: nothing written, no number consumed, no file', async () => {
    const { documentId, contentHash } = await readyDocument();
    const before = await counts(db);
    const seqBefore = await peekLastNumber(db.prisma, 'prov-ntt-keputusan', 2025);
    const filesBefore = filesIn(path.join(db.dataDir, 'files')).length;
    const error = await issueDocument(deps, { documentId, username: user('ntt.sekda'), passphrase: 'salah-sekali', contentHash }, { now: () => NOW }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('PASSPHRASE_WRONG');
    expect(await counts(db)).toEqual(before);
    expect(await peekLastNumber(db.prisma, 'prov-ntt-keputusan', 2025)).toBe(seqBefore);
    expect(filesIn(path.join(db.dataDir, 'files')).length).toBe(filesBefore);
  });

  test('a stale content hash and a signer who is not the signer are refused with their codes', async () => {
    const { documentId, contentHash } = await readyDocument();
    const before = await counts(db);
    const stale = await issueDocument(deps, { documentId, username: user('ntt.sekda'), passphrase: PASS, contentHash: '0'.repeat(64) }).catch((e: unknown) => e);
    expect(isAppError(stale) && stale.code).toBe('STALE_VERSION');
    const wrong = await issueDocument(deps, { documentId, username: user('ntt.karohukum'), passphrase: PASS, contentHash }).catch((e: unknown) => e);
    expect(isAppError(wrong) && wrong.code).toBe('FORBIDDEN');
    expect(await counts(db)).toEqual(before);
  });

  test('numbers run on without gaps after a refusal', async () => {
    const { documentId, contentHash } = await readyDocument();
    const last = await peekLastNumber(db.prisma, 'prov-ntt-keputusan', 2025);
    const issued = await issueDocument(deps, { documentId, username: user('ntt.sekda'), passphrase: PASS, contentHash }, { now: () => NOW });
    expect(issued.number).toBe(`${last + 1}/KEP/HK/2025`);
    const again = await issueDocument(deps, { documentId, username: user('ntt.sekda'), passphrase: PASS, contentHash }).catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe('INVALID_STATE');
  });

  test('a Plh. of the Sekretaris Daerah signs in their own name with "Plh." before the jabatan', async () => {
    const { documentId, contentHash } = await readyDocument();
    const plh = await createOfficial(db, { jabatan: 'Asisten Administrasi Umum', name: 'Dr. Marius A. Jelamu, M.Si.', region: 'prov-ntt', nip: '196801011990031001', actor: 'uji' });
    await createUser(db, { username: 'plh.sekda', displayName: 'Plh. Sekda', password: 'kata-sandi-uji-123', roles: ['signer'], officialId: plh.id, actor: 'uji' });
    await createDelegation(db, { officialId: seeded.officials['ntt.sekda']!, delegateOfficialId: plh.id, kind: 'plh', validFrom: new Date('2025-03-20T00:00:00Z'), validTo: new Date('2025-03-31T00:00:00Z'), actor: 'uji' }, { now: () => NOW });
    keystore.createOfficialKey({ officialId: plh.id, name: plh.name, jabatan: plh.jabatan }, PASS, new Date('2025-01-01T00:00:00Z'));
    const issued = await issueDocument(deps, { documentId, username: 'plh.sekda', passphrase: PASS, contentHash }, { now: () => NOW });
    const verified = await verifyPdf(new Uint8Array(readFileSync(issued.pdfPath)), { trustAnchors: keystore.trustAnchors() });
    expect(verified.valid).toBe(true);
    expect(verified.signatures[0]!.signerName).toBe('Dr. Marius A. Jelamu, M.Si.');
    if (requireTools('Plh. signature block', 'pdftotext')) {
      const text = run('pdftotext', ['-layout', issued.pdfPath, '-']).stdout;
      expect(text).toContain('Plh. SEKRETARIS DAERAH,');
      expect(text).toContain('MARIUS A. JELAMU');
      expect(text).not.toContain('KOSMAS D. LANA');
      expect(text).not.toContain('196801011990031001'); // Plt./Plh. carry no NIP
    }
  });

  test('signs through a BSrE-style remote service; a passphrase it refuses consumes no number', async () => {
    const sekdaId = seeded.officials['ntt.sekda']!;
    await db.prisma.official.update({ where: { id: sekdaId }, data: { nik: '5371012403800001' } });
    const local = new LocalSignerProvider(keystore);
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', async () => {
        const json = JSON.parse(body) as { nik: string; passphrase: string; signatureProperties: Record<string, unknown>[]; file: string[] };
        const reply = (status: number, payload: unknown): void => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (json.nik !== '5371012403800001') return reply(400, { status_code: 2021, error: 'NIK tidak terdaftar' });
        if (json.passphrase !== PASS) return reply(400, { status_code: 2031, error: 'Passphrase anda salah' });
        const prop = json.signatureProperties[0]!;
        const signed = await local.signPdf({
          pdf: new Uint8Array(Buffer.from(json.file[0]!, 'base64')),
          signer: { officialId: sekdaId, name: 'KOSMAS D. LANA', jabatan: 'Sekretaris Daerah' },
          passphrase: json.passphrase,
          clock: NOW,
          slot: { page: Number(prop.page), x: Number(prop.originX), y: Number(prop.originY), width: Number(prop.width), height: Number(prop.height) },
        });
        reply(200, { file: [Buffer.from(signed).toString('base64')], time: NOW.getTime() });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const remote = new RemoteBsreSignerProvider({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const remoteDeps = { ...deps, signerProvider: remote };
      const { documentId, contentHash } = await readyDocument();
      const last = await peekLastNumber(db.prisma, 'prov-ntt-keputusan', 2025);
      const refused = await issueDocument(remoteDeps, { documentId, username: user('ntt.sekda'), passphrase: 'salah-sekali', contentHash }, { now: () => NOW }).catch((e: unknown) => e);
      expect(isAppError(refused) && refused.code).toBe('PASSPHRASE_WRONG');
      expect(await peekLastNumber(db.prisma, 'prov-ntt-keputusan', 2025)).toBe(last);
      const issued = await issueDocument(remoteDeps, { documentId, username: user('ntt.sekda'), passphrase: PASS, contentHash }, { now: () => NOW });
      expect(issued.number).toBe(`${last + 1}/KEP/HK/2025`);
      const verified = await verifyPdf(new Uint8Array(readFileSync(issued.pdfPath)), { trustAnchors: keystore.trustAnchors() });
      expect(verified.valid).toBe(true);
      expect(verified.embeddedFiles).toEqual([]); // a remote service embeds nothing; evidence stays in the database
    } finally {
      server.close();
      await db.prisma.official.update({ where: { id: sekdaId }, data: { nik: null } });
    }
  });

  test.each(['after-numbering', 'before-commit'] as const)(
    'a process killed %s holds its number until its lease runs out; recovery then releases it, the next signing takes it, and no stray file stays',
    async (where) => {
      const { documentId, contentHash } = await readyDocument();
      // the child signs on the wall clock: its year decides the register row
      const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));
      const last = await peekLastNumber(db.prisma, 'prov-ntt-keputusan', year);
      const before = await counts(db);
      const child = spawnSync(process.execPath, ['bin/run-ts.mjs', 'test/support/issue-crash-child.ts', db.dataDir, db.databaseUrl, documentId, user('ntt.sekda'), PASS, contentHash, where], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      expect(child.stdout).not.toContain('not killed');
      // killed mid-way: the number is held by a reservation whose holder is gone; nothing was issued
      const held = await db.prisma.issuanceReservation.findUniqueOrThrow({ where: { documentId } });
      expect(held).toMatchObject({ seq: last + 1, year, number: `${last + 1}/KEP/HK/${year}` });
      expect((await db.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).state).toBe('signing');
      expect(await counts(db)).toEqual({ ...before, audit: before.audit! + 1 });
      const pending = filesIn(path.join(db.dataDir, 'files')).filter((f) => f.endsWith('.pending'));
      expect(pending.length).toBe(where === 'before-commit' ? 1 : 0);

      // a live holder's lease is respected: recovery now releases nothing
      expect((await recoverAbandonedIssuances(db, { now: () => new Date() })).released).toEqual([]);
      // the next start, after the lease: the number goes back, the document is ready to sign again
      const later = new Date(held.leaseUntil.getTime() + 1000);
      expect((await recoverAbandonedIssuances(db, { now: () => later })).released).toEqual([held.number]);
      expect(await peekLastNumber(db.prisma, 'prov-ntt-keputusan', year)).toBe(last);
      expect((await db.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).state).toBe('ready_to_sign');
      expect(await db.prisma.issuanceReservation.count()).toBe(0);
      const released = await db.prisma.auditEvent.findFirstOrThrow({ where: { documentId, action: 'document.number_released' } });
      expect(JSON.parse(released.detailsJson)).toMatchObject({ number: held.number });

      const recorded = async (sha: string): Promise<boolean> => (await db.prisma.storedFile.findUnique({ where: { id: sha } })) !== null;
      // leaseMs 0: the killed process is known to be gone, so nothing staged is anyone's live work
      const swept = await fileStore.sweepStaged({ leaseMs: 0, isRecorded: ({ sha256 }) => recorded(sha256) });
      expect(swept).toEqual({ committed: 0, removed: pending.length, kept: 0 });
      expect(filesIn(path.join(db.dataDir, 'files')).filter((f) => f.endsWith('.pending') || f.endsWith('.tmp'))).toEqual([]);
      expect(filesIn(path.join(db.dataDir, 'files')).length).toBe(before.stored);

      // gapless: signing again (the same year) takes the released number
      const issued = await issueDocument(deps, { documentId, username: user('ntt.sekda'), passphrase: PASS, contentHash });
      expect(issued.number).toBe(held.number);
    },
  );
});
