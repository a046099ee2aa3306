/**
 * Quick timing of the DOCX renderer on a large lampiran:
 *   node bin/run-ts.mjs bench/docx-quick.ts [rows=100000] [out=<tmp>/docx-quick.docx]
 * Rows are generated lazily (a sync generator), rendered through a streamed source table into a file,
 * then the file is read back (streamed) to count the table rows. Prints seconds, peak RSS and size.
 */
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { DEFAULT_PAGE, type DocumentModel, type RowSource } from '../src/model/document-model.ts';
import { renderDocx } from '../src/render/docx/render-docx.ts';
import { loadFonts } from '../src/render/fonts.ts';

const rows = Number(process.argv[2] ?? 100_000);
const out = process.argv[3] ?? path.join(mkdtempSync(path.join(tmpdir(), 'naskah-bench-')), 'docx-quick.docx');

const KAB = ['Kota Kupang', 'Kabupaten Kupang', 'Timor Tengah Selatan', 'Belu', 'Alor', 'Flores Timur', 'Sikka', 'Ende'];
const NAMES = ['Yohanes', 'Maria', 'Fransiskus', 'Agustina', 'Petrus', 'Yuliana', 'Stefanus', 'Theresia'];

function* records(n: number): Generator<Record<string, string>> {
  for (let i = 1; i <= n; i += 1) {
    const female = i % 2 === 0;
    const day = (i % 28) + 1;
    yield {
      nik: `5371${String(10 + (i % 80)).padStart(2, '0')}${String(day + (female ? 40 : 0)).padStart(2, '0')}0${(i % 9) + 1}8${String(i % 10000).padStart(4, '0')}`,
      nama: `${NAMES[i % NAMES.length]} ${NAMES[(i * 7) % NAMES.length]} & Sdr. <${i}>`,
      lahir: `${day} Maret 19${60 + (i % 40)}`,
      jk: female ? 'P' : 'L',
      alamat: `Jl. Timor Raya No. ${i % 300}, RT ${(i % 20) + 1}/RW ${(i % 9) + 1}`,
      kab: KAB[i % KAB.length] ?? '',
    };
  }
}

const source: RowSource = { count: rows, records: () => records(rows) };

const model: DocumentModel = {
  meta: { kind: 'bench', family: 'keputusan', title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', tentang: 'PESERTA PBPU PEMDA', language: 'id' },
  page: DEFAULT_PAGE,
  parts: [
    {
      kind: 'lampiran',
      id: 'lampiran-1',
      blocks: [
        { kind: 'lampiran-heading', lines: [{ label: 'LAMPIRAN', separator: '', value: '' }, { label: 'NOMOR', separator: ':', value: '99/KEP/HK/2025' }] },
        { kind: 'paragraph', runs: [{ text: 'DAFTAR PESERTA', bold: true }], align: 'center', keepWithNext: true },
        {
          kind: 'table',
          columns: [
            { header: 'NO', width: 0.8, align: 'center', field: '#.' },
            { header: 'NIK', width: 2.6, align: 'left', field: 'nik' },
            { header: 'NAMA', width: 3, align: 'left', field: 'nama' },
            { header: 'TANGGAL LAHIR', width: 2, align: 'left', field: 'lahir' },
            { header: 'L/P', width: 0.6, align: 'center', field: 'jk' },
            { header: 'ALAMAT', width: 3, align: 'left', field: 'alamat' },
            { header: 'KABUPATEN/KOTA', width: 2, align: 'left', field: 'kab' },
          ],
          body: { kind: 'source', source: 'peserta' },
          repeatHeader: true,
          fontSize: 9,
          borders: 'all',
        },
      ],
    },
  ],
};

const started = performance.now();
const output = createWriteStream(out);
await renderDocx(model, { fonts: loadFonts(), sources: new Map([['peserta', source]]), clock: new Date('2025-03-24T00:00:00Z'), output });
const seconds = (performance.now() - started) / 1000;
const maxRssMb = process.resourceUsage().maxRSS / 1024;

const dataRows = await countRows(out);
console.log(
  JSON.stringify({ rows, dataRows, seconds: Number(seconds.toFixed(2)), maxRssMb: Math.round(maxRssMb), bytes: statSync(out).size, out }),
);
if (dataRows !== rows) {
  console.error(`expected ${rows} data rows, found ${dataRows}`);
  process.exitCode = 1;
}

/** Table rows in word/document.xml minus the header row, counted while streaming. */
async function countRows(file: string): Promise<number> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (err, z) => (err || !z ? reject(err) : resolve(z))),
  );
  return new Promise<number>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== 'word/document.xml') return zip.readEntry();
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        let count = 0;
        let tail = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          const text = tail + chunk;
          count += text.split('</w:tr>').length - 1;
          tail = text.slice(-6);
        });
        stream.on('end', () => {
          zip.close();
          resolve(count - 1);
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', () => resolve(-1));
    zip.readEntry();
  });
}
