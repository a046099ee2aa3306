/**
 * The audit trail on real databases (SQLite and PostgreSQL): tampering — an event edited, deleted,
 * swapped with another, inserted, cut from the end — detected by verifyAuditChain and by
 * `naskah audit verify` (exit 1, naming the event); the per-document report as JSON and as PDF.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computeEventHash, chainEvent } from '../src/audit/hash-chain.ts';
import { renderAuditReportPdf } from '../src/audit/audit-report-pdf.ts';
import { buildAuditReport } from '../src/audit/build-audit-report.ts';
import { canonicalJson } from '../src/audit/canonical-json.ts';
import { toChainedEvent } from '../src/audit/append-audit-event.ts';
import { main } from '../src/cli/main.ts';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import type { AuditEvent } from '../src/db/prisma-client.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { draftDocument } from '../src/use-cases/draft-document.ts';
import { giveParaf } from '../src/use-cases/give-paraf.ts';
import { returnDocument } from '../src/use-cases/return-document.ts';
import { submitDocument } from '../src/use-cases/submit-document.ts';
import { verifyAuditChain } from '../src/use-cases/verify-audit-chain.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';
import { requireTools, run } from './support/tools.ts';

const templatesDir = path.join(PROJECT_ROOT, 'templates');
const nttYaml = readFileSync(path.join(PROJECT_ROOT, 'examples', 'keputusan-gubernur-ntt-99-2025.yaml'), 'utf8');

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function cli(db: TestDatabase, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  process.env.DATABASE_URL = db.databaseUrl;
  process.env.NASKAH_DATA_DIR = db.dataDir;
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe.each(databases)('audit trail on $provider', ({ provider }) => {
  let db: TestDatabase;
  let original: AuditEvent[];
  let documentId: string;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    await seedDemo(db, { password: 'demo-password-uji' });
    const d = await draftDocument(db, { templatesDir, dataDir: db.dataDir, kind: 'keputusan-kepala-daerah', dataYaml: nttYaml, username: 'perancang.ntt' });
    documentId = d.documentId;
    await submitDocument(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'perancang.ntt', baseContentHash: d.contentHash });
    await giveParaf(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'perancang.ntt', contentHash: d.contentHash });
    await returnDocument(db, { templatesDir, dataDir: db.dataDir, documentId, username: 'karohukum.ntt', note: 'Lengkapi dasar hukum Mengingat.' });
    original = await db.prisma.auditEvent.findMany({ orderBy: { seq: 'asc' } });
  }, 60_000);
  afterAll(async () => {
    await db?.dispose();
  });
  beforeEach(async () => {
    // every case starts from the intact log
    await db.prisma.auditEvent.deleteMany();
    await db.prisma.auditEvent.createMany({ data: original });
  });

  it('finds the chain intact, through the function and the CLI (exit 0)', async () => {
    expect(original.length).toBeGreaterThanOrEqual(20);
    const v = await verifyAuditChain(db);
    expect(v).toEqual({ ok: true, count: original.length, headHash: original.at(-1)!.hash });
    const r = await cli(db, ['audit', 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Rantai audit utuh: ${original.length} peristiwa`);
  });

  async function expectBroken(seq: number, reason: string): Promise<void> {
    const v = await verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, brokenAt: seq, reason });
    const r = await cli(db, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`peristiwa #${seq} (${reason})`);
  }

  it('detects an edited event (the return note changed)', async () => {
    const target = original.find((e) => e.action === 'document.returned')!;
    await db.prisma.auditEvent.update({ where: { seq: target.seq }, data: { detailsJson: target.detailsJson.replace('Lengkapi', 'Abaikan') } });
    await expectBroken(target.seq, 'HASH_MISMATCH');
  });

  it('detects an edited event whose own hash was recomputed, at the next link', async () => {
    const target = original[5]!;
    const forged = { ...toChainedEvent(target), actor: 'penyusup' };
    const hash = computeEventHash(forged);
    await db.prisma.auditEvent.update({ where: { seq: target.seq }, data: { actor: 'penyusup', hash } });
    await expectBroken(target.seq + 1, 'PREV_HASH_MISMATCH');
  });

  it('detects a deleted event', async () => {
    await db.prisma.auditEvent.delete({ where: { seq: 7 } });
    await expectBroken(7, 'SEQUENCE_GAP');
  });

  it('detects events cut from the end (the chain head still records them)', async () => {
    const last = original.at(-1)!.seq;
    await db.prisma.auditEvent.deleteMany({ where: { seq: { gte: last - 1 } } });
    await expectBroken(last - 1, 'HEAD_MISMATCH');
  });

  it('detects two swapped events', async () => {
    const a = 4;
    const b = 9;
    await db.prisma.auditEvent.update({ where: { seq: a }, data: { seq: 1_000_000 } });
    await db.prisma.auditEvent.update({ where: { seq: b }, data: { seq: a } });
    await db.prisma.auditEvent.update({ where: { seq: 1_000_000 }, data: { seq: b } });
    await expectBroken(a, 'PREV_HASH_MISMATCH');
  });

  it('detects an inserted event, chained correctly after its predecessor, with the rest renumbered', async () => {
    const k = 10;
    const later = original.filter((e) => e.seq > k).sort((x, y) => y.seq - x.seq);
    for (const e of later) await db.prisma.auditEvent.update({ where: { seq: e.seq }, data: { seq: e.seq + 1 } });
    const prev = toChainedEvent(original.find((e) => e.seq === k)!);
    const forged = chainEvent(prev, { actor: 'penyusup', action: 'paraf.given', documentId, details: { position: 3 } }, new Date(prev.at.getTime() + 1));
    await db.prisma.auditEvent.create({
      data: { seq: forged.seq, at: forged.at, actor: forged.actor, action: forged.action, documentId, versionHash: null, detailsJson: canonicalJson(forged.details), prevHash: forged.prevHash, hash: forged.hash },
    });
    await expectBroken(k + 2, 'PREV_HASH_MISMATCH');
  });

  it('detects a forged event appended at the end without moving the chain head', async () => {
    const last = toChainedEvent(original.at(-1)!);
    const forged = chainEvent(last, { actor: 'penyusup', action: 'paraf.given', documentId }, new Date(last.at.getTime() + 1));
    await db.prisma.auditEvent.create({
      data: { seq: forged.seq, at: forged.at, actor: forged.actor, action: forged.action, documentId, versionHash: null, detailsJson: canonicalJson(forged.details), prevHash: forged.prevHash, hash: forged.hash },
    });
    await expectBroken(last.seq + 1, 'HEAD_MISMATCH');
  });

  it('reports one document as JSON listing its drafting, submission, paraf and return, with the chain verdict', async () => {
    const report = await buildAuditReport(db, documentId, new Date(Date.UTC(2025, 2, 25)));
    expect(report.document).toMatchObject({ id: documentId, kind: 'keputusan-kepala-daerah', state: 'returned', number: null });
    expect(report.events.map((e) => e.action)).toEqual(['document.drafted', 'document.submitted', 'paraf.given', 'document.returned']);
    expect(report.events.every((e) => e.versionHash === report.document.currentContentHash)).toBe(true);
    expect(report.chain).toMatchObject({ ok: true, count: original.length });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-audit-report-'));
    const r = await cli(db, ['audit', 'report', documentId.slice(0, 8), '--json', path.join(dir, 'r.json'), '--pdf', path.join(dir, 'r.pdf')]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as typeof report;
    expect(json.events.map((e) => e.hash)).toEqual(report.events.map((e) => e.hash));
    expect(readFileSync(path.join(dir, 'r.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('renders the report as a PDF whose text an archivist can read', async () => {
    if (!requireTools('audit report PDF text', 'pdftotext')) return;
    const report = await buildAuditReport(db, documentId, new Date(Date.UTC(2025, 2, 25)));
    const pdf = await renderAuditReportPdf(report, loadFonts());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-audit-pdf-'));
    const file = path.join(dir, 'audit.pdf');
    (await import('node:fs')).writeFileSync(file, pdf);
    const text = run('pdftotext', ['-layout', file, '-']).stdout;
    expect(text).toContain('LAPORAN JEJAK AUDIT DOKUMEN');
    expect(text).toContain(documentId);
    expect(text).toContain('Rantai hash audit UTUH');
    expect(text).toContain('Konsep dibuat');
    expect(text).toContain('Paraf diberikan');
    expect(text).toMatch(/Catatan: Lengkapi dasar hukum\s+Mengingat\./);
    for (const e of report.events) expect(text).toContain(e.hash.slice(0, 10));
    // deterministic for the same report
    expect(Buffer.from(await renderAuditReportPdf(report, loadFonts())).equals(Buffer.from(pdf))).toBe(true);
  });
});
