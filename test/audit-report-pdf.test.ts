import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAuditReportPdf } from '../src/audit/audit-report-pdf.ts';
import type { AuditReport } from '../src/audit/build-audit-report.ts';
import { chainEvent, verifyChain, type ChainedAuditEvent } from '../src/audit/hash-chain.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { requireTools, run } from './support/tools.ts';

function report(n: number): AuditReport {
  const events: ChainedAuditEvent[] = [];
  const vh = 'c'.repeat(64);
  for (let i = 0; i < n; i++) {
    const action = i === 0 ? 'document.drafted' : i === n - 1 ? 'document.returned' : 'paraf.given';
    events.push(chainEvent(events.at(-1), { actor: `pejabat${i % 7}.ntt`, action, documentId: 'doc', versionHash: vh, details: { position: (i % 3) + 1, jabatan: 'Kepala Biro Hukum', via: i % 5 === 0 ? 'plh' : 'self', note: 'Perbaiki penulisan NIK pada Lampiran II — baris 1.204' } }, new Date(Date.UTC(2025, 2, 24, 8, 0, i))));
  }
  const chain = verifyChain(events);
  return {
    format: 'naskah-audit-report/1',
    generatedAt: '2025-03-25T00:00:00.000Z',
    document: { id: 'doc', kind: 'keputusan-kepala-daerah', tentang: 'Tim Kerja Pengelolaan Kepesertaan Program JKN', state: 'returned', number: null, signedAt: null, currentContentHash: vh },
    versions: [{ versionNo: 1, contentHash: vh, createdAt: '2025-03-24T08:00:00.000Z', createdBy: 'perancang.ntt' }],
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    chain,
  };
}

describe('audit report PDF', () => {
  it('spreads a long log over pages with the table header on each and numbered pages', async () => {
    if (!requireTools('audit report PDF pages', 'pdftotext', 'pdfinfo', 'pdffonts')) return;
    const pdf = await renderAuditReportPdf(report(300), loadFonts());
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'naskah-arpdf-')), 'r.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]).stdout)![1]);
    expect(pages).toBeGreaterThan(3);
    const text = run('pdftotext', ['-layout', file, '-']).stdout;
    expect(text.match(/Hash peristiwa/g)).toHaveLength(pages);
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    expect(text.match(/Plh\.\)/g)).toHaveLength(59); // events 5, 10, … 295 were given by a Plh.
    // every event row is there, in order
    const seqs = [...text.matchAll(/^\s{0,4}(\d{1,3})\s+2025-03-24/gm)].map((m) => Number(m[1]));
    expect(seqs).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // the body font is embedded (a reader needs no Bookman installed)
    const fonts = run('pdffonts', [file]).stdout;
    expect(fonts).toMatch(/TeXGyreBonum-Regular\S*\s+CID Type 0C\s+Identity-H\s+yes/);
  });

  it('says plainly when the chain is broken', async () => {
    if (!requireTools('audit report PDF verdict', 'pdftotext')) return;
    const r = report(5);
    const broken: AuditReport = { ...r, chain: { ok: false, brokenAt: 3, reason: 'HASH_MISMATCH', message: 'peristiwa 3 diubah setelah dicatat', count: 2 } };
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'naskah-arpdf-')), 'b.pdf');
    writeFileSync(file, await renderAuditReportPdf(broken, loadFonts()));
    expect(run('pdftotext', [file, '-']).stdout).toMatch(/RUSAK pada peristiwa 3 \(HASH_MISMATCH\)/);
  });
});
