/**
 * Regenerates the document screenshots of the README (docs/screenshots/*.png, 72 dpi, pdftoppm): pages
 * of the examples rendered with `naskah render`, and of the signed PDFs `naskah demo` issues. The web
 * app's screenshots (tugas-saya.png, verifikasi.png) come from a browser and are not made here.
 *   node bin/run-ts.mjs scripts/make-screenshots.ts
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const shots = path.join(root, 'docs/screenshots');
const work = mkdtempSync(path.join(tmpdir(), 'naskah-shots-'));

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args as string[], { cwd: root, encoding: 'utf8', env: { ...process.env, NASKAH_DATA_DIR: path.join(work, 'data') } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The 1-based page of `pdf` whose text matches `pattern`. */
function pageWith(pdf: string, pattern: RegExp): number {
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))![1]);
  for (let p = 1; p <= pages; p++) if (pattern.test(run('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-']))) return p;
  throw new Error(`${pdf}: no page matches ${pattern}`);
}

function shot(pdf: string, page: number, name: string): void {
  const prefix = path.join(work, name);
  run('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-singlefile', '-png', pdf, prefix]);
  copyFileSync(`${prefix}.png`, path.join(shots, `${name}.png`));
  console.log(`docs/screenshots/${name}.png ← ${path.basename(pdf)} halaman ${page}`);
}

try {
  const out = path.join(work, 'render');
  for (const example of ['keputusan-gubernur-ntt-99-2025', 'instruksi-walikota-bekasi-440-301', 'keputusan-peserta-pbpu-ntt', 'keputusan-bupati-kupang-peserta-pbpu-2025']) {
    run(process.execPath, ['bin/naskah.mjs', 'render', `examples/${example}.yaml`, '--out', out, '--quiet']);
  }
  const ntt = path.join(out, 'keputusan-gubernur-ntt-99-2025.pdf');
  shot(ntt, 1, 'keputusan-ntt-hal-1');
  shot(ntt, pageWith(ntt, /LAMPIRAN I\b/), 'keputusan-ntt-lampiran');
  shot(path.join(out, 'instruksi-walikota-bekasi-440-301.pdf'), 1, 'instruksi-bekasi-hal-1');
  const peserta = path.join(out, 'keputusan-peserta-pbpu-ntt.pdf');
  shot(peserta, pageWith(peserta, /LAMPIRAN/), 'keputusan-peserta-lampiran');
  shot(path.join(out, 'keputusan-bupati-kupang-peserta-pbpu-2025.pdf'), 1, 'keputusan-bupati-kupang');

  const demo = path.join(work, 'demo');
  run(process.execPath, ['bin/naskah.mjs', 'demo', '--out', demo, '--quiet']);
  const signed = (prefix: string): string => path.join(demo, readdirSync(demo).find((f) => f.startsWith(prefix) && f.endsWith('.pdf'))!);
  const bekasi = signed('instruksi-walikota-bekasi');
  shot(bekasi, pageWith(bekasi, /LAMPIRAN/), 'instruksi-bekasi-lampiran-iuran');
  const decree = signed('keputusan-peserta-pbpu-ntt');
  shot(decree, pageWith(decree, /KOSMAS D\. LANA/), 'keputusan-peserta-ditandatangani');
} finally {
  rmSync(work, { recursive: true, force: true });
}
