/**
 * Quick timing of the PDF renderer on a large source table (not a test): N participant rows (No, NIK,
 * No KK, Nama, Tanggal Lahir, L/P, Kabupaten/Kota) streamed to a file. Prints time, pages, size and peak
 * RSS. Usage: node bin/run-ts.mjs bench/pdf-quick.ts [rows=100000] [out=output/bench-100k.pdf] [--async]
 */
import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { DEFAULT_PAGE, type DocumentModel, type RowSource } from '../src/model/document-model.ts';
import { loadFonts } from '../src/render/fonts.ts';
import { renderPdf } from '../src/render/pdf/render-pdf.ts';

const rows = Number(process.argv[2] ?? 100_000);
const out = process.argv[3] && !process.argv[3].startsWith('--') ? process.argv[3] : 'output/bench-100k.pdf';

const GIVEN = ['Yohanes', 'Maria', 'Agustinus', 'Fransiska', 'Yosef', 'Theresia', 'Petrus', 'Margaretha', 'Kornelis', 'Elisabeth', 'Dominikus', 'Veronika'];
const FAMILY = ['Ndun', 'Lana', 'Manafe', 'Tefa', 'Nenobais', 'Bria', 'Seran', 'Kase', 'Fanggidae', 'Lerik', 'Dethan', 'Tallo', 'Benu', 'Riwu Kaho'];
const PLACES = ['Kota Kupang', 'Kabupaten Kupang', 'Timor Tengah Selatan', 'Timor Tengah Utara', 'Belu', 'Malaka', 'Alor', 'Flores Timur', 'Sikka', 'Ende', 'Ngada', 'Manggarai', 'Sumba Timur', 'Rote Ndao', 'Sabu Raijua'];

function* records(n: number): Generator<Record<string, string>> {
  let seed = 12345;
  const rnd = (k: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 8) % k;
  };
  for (let i = 0; i < n; i++) {
    const female = rnd(2) === 1;
    const day = 1 + rnd(28);
    const month = 1 + rnd(12);
    const year = 1950 + rnd(60);
    const dd = String(day + (female ? 40 : 0)).padStart(2, '0');
    const nik = `5371${String(1 + rnd(99)).padStart(2, '0')}${dd}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}${String(1 + (i % 9999)).padStart(4, '0')}`;
    yield {
      nik,
      kk: `5371${String(rnd(1e6)).padStart(6, '0')}${String(rnd(1e6)).padStart(6, '0')}`,
      nama: `${GIVEN[rnd(GIVEN.length)]} ${FAMILY[rnd(FAMILY.length)]}`.toUpperCase(),
      lahir: `${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-${year}`,
      jk: female ? 'P' : 'L',
      kab: PLACES[rnd(PLACES.length)] as string,
    };
  }
}

async function* asyncRecords(n: number): AsyncGenerator<Record<string, string>> {
  yield* records(n);
}

const useAsync = process.argv.includes('--async');
const source: RowSource = { count: rows, records: () => (useAsync ? asyncRecords(rows) : records(rows)) };
const model: DocumentModel = {
  meta: { kind: 'bench', family: 'keputusan', title: 'KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR', tentang: 'PESERTA PBPU PEMDA', language: 'id' },
  page: DEFAULT_PAGE,
  parts: [
    {
      kind: 'lampiran',
      id: 'lampiran-1',
      blocks: [
        { kind: 'paragraph', align: 'center', runs: [{ text: 'DAFTAR PESERTA PBPU PEMDA', bold: true }], spaceAfter: 1 },
        {
          kind: 'table',
          fontSize: 8,
          borders: 'all',
          repeatHeader: true,
          body: { kind: 'source', source: 'peserta' },
          columns: [
            { header: 'No', width: 8.5, align: 'right', field: '#.' },
            { header: 'NIK', width: 18.5, align: 'left', field: 'nik' },
            { header: 'No KK', width: 18.5, align: 'left', field: 'kk' },
            { header: 'Nama', width: 19, align: 'left', field: 'nama' },
            { header: 'Tanggal Lahir', width: 12.5, align: 'center', field: 'lahir' },
            { header: 'L/P', width: 4.5, align: 'center', field: 'jk' },
            { header: 'Kabupaten/Kota', width: 18.5, align: 'left', field: 'kab' },
          ],
        },
      ],
    },
  ],
};

mkdirSync(path.dirname(out), { recursive: true });
const fonts = loadFonts();
const t0 = performance.now();
const stream = createWriteStream(out);
const result = await renderPdf(model, { fonts, clock: new Date('2025-03-24T00:00:00Z'), sources: new Map([['peserta', source]]), output: stream });
stream.end();
await finished(stream);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage();
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  `rows=${rows}${useAsync ? ' (async source)' : ''} pages=${result.pageCount} time=${seconds.toFixed(2)}s size=${(statSync(out).size / 1e6).toFixed(1)}MB cpu=${((cpu.user + cpu.system) / 1e6).toFixed(2)}s (incl. start-up) peakRSS=${maxRssMb.toFixed(0)}MB load=${loadavg()[0]!.toFixed(1)} -> ${out}`,
);
