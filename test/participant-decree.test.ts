/**
 * The participant decree (template keputusan-peserta-pbpu) from a generated list: checked, approved
 * within the quota, frozen, and rendered with its lampiran streamed from the frozen list. Asserts the
 * diktum's count and totals (figures and words), the header row on every lampiran page, every approved
 * NIK exactly once and in order, and the DOCX table's row count.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { angkaTerbilang, formatRupiah, terbilang } from '../src/format/indonesian.ts';
import { approveWithinQuota, quotaCapacity } from '../src/participants/approve-within-quota.ts';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { approvedListCsv } from '../src/list-store/frozen-list-file.ts';
import { checkParticipants } from '../src/use-cases/check-participants.ts';
import { renderDocumentFile } from '../src/use-cases/render-document.ts';
import { requireTools, run } from './support/tools.ts';

const ROWS = 3000;
const TARIFF = 42000;
const MONTHS = 12;
// A budget one rupiah short of 2,500 participants for a year: the quota is 2,499.
const BUDGET = 2500n * BigInt(TARIFF) * BigInt(MONTHS) - 1n;

function readZipEntry(file: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.readEntry();
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${file}`)));
    });
  });
}

describe('participant decree from an approved list', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-peserta-'));
  let approvedNiks: string[] = [];
  let pdfPath = '';
  let docxPath = '';
  let capacity = 0;

  beforeAll(async () => {
    const raw = path.join(dir, 'usulan-dinsos.csv');
    await writeRosterCsv(raw, { seed: 7, count: ROWS, program: 'pbpu-pemda' });
    const checked = await checkParticipants({ file: raw, program: 'pbpu-pemda', year: 2025, collectAccepted: true, today: { year: 2025, month: 4, day: 1 } });
    expect(checked.report.accepted + checked.report.rejected).toBe(ROWS);
    capacity = quotaCapacity(BUDGET, TARIFF, MONTHS);
    const approval = approveWithinQuota(checked.participants ?? [], capacity, 'nik');
    approvedNiks = approval.approved.map((p) => p.nik);
    const frozen = approvedListCsv(approval.approved);
    writeFileSync(path.join(dir, 'disetujui.csv'), frozen);
    const doc = parseDocument(readFileSync('examples/keputusan-peserta-pbpu-ntt.yaml', 'utf8'));
    // The decree pins the frozen list; its count, tariff and total are derived from it, never typed.
    doc.setIn(['sumber', 'peserta'], { berkas: 'disetujui.csv', sha256: createHash('sha256').update(frozen).digest('hex') });
    doc.set('nomor', '123/KEP/HK/2025');
    const yamlFile = path.join(dir, 'keputusan.yaml');
    writeFileSync(yamlFile, doc.toString());
    const result = await renderDocumentFile(yamlFile, { outDir: dir });
    pdfPath = result.pdfPath;
    docxPath = result.docxPath;
  }, 300_000);

  test('the quota is floor(budget / (tariff × months)) and approval stops there', () => {
    expect(capacity).toBe(2499);
    expect(approvedNiks).toHaveLength(2499);
    expect([...approvedNiks].sort()).toEqual(approvedNiks); // stated order: by NIK
  });

  test('the diktum states count, monthly tariff and yearly total in figures and words', () => {
    if (!requireTools('participant decree text', 'pdftotext')) return;
    const text = run('pdftotext', [pdfPath, '-']).stdout.replace(/\s+/g, ' ');
    const total = 2499 * TARIFF * MONTHS;
    expect(text).toContain(`sebanyak ${angkaTerbilang(2499)} orang`);
    expect(text).toContain(`${formatRupiah(TARIFF)} (${terbilang(TARIFF)} rupiah) per orang per bulan`);
    expect(text).toContain(`selama ${angkaTerbilang(MONTHS)} bulan sebesar ${formatRupiah(total)} (${terbilang(total)} rupiah)`);
    expect(text).toContain('Rp1.259.496.000 (satu miliar dua ratus lima puluh sembilan juta empat ratus sembilan puluh enam ribu rupiah)');
  });

  test('every lampiran page repeats the header; every approved NIK appears once, in order', () => {
    if (!requireTools('participant decree pages', 'pdftotext', 'pdfinfo')) return;
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdfPath]).stdout)![1]);
    const seen: string[] = [];
    let lampiranPages = 0;
    for (let p = 1; p <= pages; p++) {
      const text = run('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdfPath, '-']).stdout;
      const rows = text.split('\n').filter((l) => /^\s*\d+\.\s+\d{16}\s+\d{16}\s/.test(l));
      if (rows.length > 0) {
        lampiranPages++;
        expect(text, `page ${p}`).toMatch(/NO\s+NIK\s+NO KK\s+NAMA/);
      }
      for (const line of rows) seen.push(/^\s*\d+\.\s+(\d{16})/.exec(line)![1]!);
    }
    expect(lampiranPages).toBeGreaterThan(20);
    expect(seen).toEqual(approvedNiks);
  });

  test('the DOCX lampiran table holds a header row marked to repeat and one row per approved participant', async () => {
    const xml = await readZipEntry(docxPath, 'word/document.xml');
    const tables = xml.split('<w:tbl>').slice(1);
    const participantTable = tables.find((t) => t.includes(approvedNiks[0]!))!;
    expect(participantTable).toContain('<w:tblHeader');
    const rows = participantTable.split('</w:tbl>')[0]!.split('<w:tr>').length - 1;
    expect(rows).toBe(2499 + 1);
    expect(participantTable.indexOf(approvedNiks[0]!)).toBeLessThan(participantTable.indexOf(approvedNiks[2498]!));
  });
});
