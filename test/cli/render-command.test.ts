import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { requireTools, run } from '../support/tools.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'naskah-render-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function naskah(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(argv, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Writes a data file into the work dir; returns its path. */
function dataFile(name: string, text: string): string {
  const file = path.join(work, name);
  writeFileSync(file, text);
  return file;
}

/** A copy of the project's templates with one file replaced, for template-error cases. */
function templatesWith(kind: string, file: string, text: string): string {
  const dir = mkdtempSync(path.join(work, 'templates-'));
  for (const folder of [kind, 'daerah', 'partials']) cpSync(path.join(ROOT, 'templates', folder), path.join(dir, folder), { recursive: true });
  writeFileSync(path.join(dir, kind, file), text);
  return dir;
}

const VALID = `template: instruksi-kepala-daerah
klasifikasi: "440"
tentang: Uji Coba
menimbang:
  - bahwa perlu diuji;
mengingat:
  - Undang-Undang Nomor 1 Tahun 2000;
kepada: Kepala Perangkat Daerah se-Kota Bekasi.
diktum:
  - Melaksanakan uji coba.
penandatangan:
  nama: Rahmat Effendi
daerah: kota-bekasi
`;

describe('naskah render: good input', () => {
  it('writes <name>.pdf and <name>.docx for the NTT seed and reports the page count', async () => {
    const out = path.join(work, 'out-ntt');
    const r = await naskah('render', path.join(ROOT, 'examples/keputusan-gubernur-ntt-99-2025.yaml'), '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pdf = path.join(out, 'keputusan-gubernur-ntt-99-2025.pdf');
    const docx = path.join(out, 'keputusan-gubernur-ntt-99-2025.docx');
    expect(r.stdout).toContain(pdf);
    expect(r.stdout).toMatch(/\((\d+) halaman\)/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    // no temp files left behind
    expect(readdirSync(out).sort()).toEqual(['keputusan-gubernur-ntt-99-2025.docx', 'keputusan-gubernur-ntt-99-2025.pdf']);
    if (requireTools('render NTT page count', 'pdfinfo')) {
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]).stdout)?.[1]);
      expect(r.stdout).toContain(`(${pages} halaman)`);
    }
  });

  it('renders a draft without nomor and tanggal with "…" placeholders, deterministically', async () => {
    const file = dataFile('draf.yaml', VALID);
    const a = await naskah('render', file, '--out', path.join(work, 'draf-a'), '--quiet');
    const b = await naskah('render', file, '--out', path.join(work, 'draf-b'), '--quiet');
    expect([a.code, b.code]).toEqual([0, 0]);
    const pdfA = readFileSync(path.join(work, 'draf-a', 'draf.pdf'));
    expect(pdfA.equals(readFileSync(path.join(work, 'draf-b', 'draf.pdf')))).toBe(true);
    expect(readFileSync(path.join(work, 'draf-a', 'draf.docx')).equals(readFileSync(path.join(work, 'draf-b', 'draf.docx')))).toBe(true);
    if (requireTools('render draft text', 'pdftotext')) {
      const text = run('pdftotext', [path.join(work, 'draf-a', 'draf.pdf'), '-']).stdout;
      expect(text).toContain('NOMOR : 440/…/SETDA.Ks');
      expect(text).toMatch(/pada tanggal …/);
    }
  });

  it('prints plain progress lines when not quiet and not on a terminal', async () => {
    const r = await naskah('render', dataFile('progress.yaml', VALID), '--out', path.join(work, 'progress'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^(PDF|DOCX): \d+(\/\d+)? (halaman|baris)/m);
  });
});

describe('naskah render: drafting warnings', () => {
  it('prints a warning with file:line: field on stderr and still renders (exit 0)', async () => {
    const file = dataFile('peringatan.yaml', VALID.replace('  - bahwa perlu diuji;', '  - perlu diuji;'));
    const r = await naskah('render', file, '--out', path.join(work, 'peringatan'), '--quiet');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`peringatan: ${file}:5: menimbang[0]: butir Menimbang biasanya diawali "bahwa"\n`);
    expect(existsSync(path.join(work, 'peringatan', 'peringatan.pdf'))).toBe(true);
  });
});

describe('naskah render: bad input exits 2 naming file, line and field', () => {
  it('a missing required field', async () => {
    const file = dataFile('tanpa-tentang.yaml', VALID.replace('tentang: Uji Coba\n', ''));
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1: tentang: wajib diisi`);
  });

  it('a field the template requires (menimbang) that the data lacks', async () => {
    const file = dataFile('tanpa-menimbang.yaml', VALID.replace('menimbang:\n  - bahwa perlu diuji;\n', ''));
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${escape(file)}:\\d+: menimbang: wajib diisi untuk templat instruksi-kepala-daerah`));
  });

  it('a wrongly typed nested field, located on its own line', async () => {
    const file = dataFile('nama-angka.yaml', VALID.replace('  nama: Rahmat Effendi', '  nama: 42'));
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:12: penandatangan.nama:`);
  });

  it('an unreadable date', async () => {
    const file = dataFile('tanggal.yaml', VALID.replace('tentang: Uji Coba', 'tanggal: 31 Februari 2025\ntentang: Uji Coba'));
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3: tanggal: tanggal "31 Februari 2025" tidak dikenali`);
  });

  it('several problems at once: the first located, the others listed', async () => {
    const file = dataFile('banyak.yaml', VALID.replace('tentang: Uji Coba\n', '').replace('  nama: Rahmat Effendi', '  nama: ""\n  gelar: x'));
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tentang: wajib diisi');
    expect(r.stderr).toContain('penandatangan.nama: tidak boleh kosong');
    expect(r.stderr).toContain('kunci tidak dikenal: gelar');
  });

  it('an unknown template, pointing at the template: line and listing the known ones', async () => {
    const file = dataFile('templat.yaml', `# komentar\n${VALID.replace('instruksi-kepala-daerah', 'keputusan-bupati-x')}`);
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2: template: Templat "keputusan-bupati-x" tidak ditemukan`);
    expect(r.stderr).toContain('keputusan-kepala-daerah');
  });

  it('malformed YAML, with line and column', async () => {
    const file = dataFile('rusak.yaml', 'template: x\ntentang: [tidak ditutup\npenandatangan:\n  nama: a\n');
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${escape(file)}:\\d+:\\d+: YAML tidak valid`));
  });

  it('a data file that does not exist', async () => {
    const r = await naskah('render', path.join(work, 'tidak-ada.yaml'), '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tidak-ada.yaml: Berkas data dokumen tidak dapat dibaca: ENOENT');
  });

  it('a Handlebars syntax error in the template, with the template file and line', async () => {
    const dir = templatesWith('instruksi-kepala-daerah', 'body.hbs', '<kop><baris>X</baris></kop>\n<p>a</p>\n{{#each menimbang}}\n<p>{{this}}</p>\n');
    const r = await naskah('render', dataFile('hb.yaml', VALID), '--out', path.join(work, 'x'), '--templates', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("instruksi-kepala-daerah/body.hbs:3: blok {{#each}} yang dibuka di baris ini tidak ditutup; tambahkan {{/each}}");
  });

  it('bad markup in the template (unknown element), located in the template source', async () => {
    const dir = templatesWith('instruksi-kepala-daerah', 'body.hbs', '<kop><baris>X</baris></kop>\n{{#each menimbang}}\n<p>{{this}}</p>\n{{/each}}\n<tabell/>\n');
    const r = await naskah('render', dataFile('markup.yaml', VALID), '--out', path.join(work, 'x'), '--templates', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('instruksi-kepala-daerah/body.hbs:5: tabell: Elemen <tabell> tidak dikenal');
  });

  it('triple-stash in a template is refused', async () => {
    const dir = templatesWith('instruksi-kepala-daerah', 'body.hbs', '<p>a</p>\n<p>{{{tentang}}}</p>\n');
    const r = await naskah('render', dataFile('triple.yaml', VALID), '--out', path.join(work, 'x'), '--templates', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('instruksi-kepala-daerah/body.hbs:2: Templat tidak boleh memakai {{{…}}}');
  });

  it('a row source file that does not exist, pointing at the sumber entry', async () => {
    const file = dataFile('sumber.yaml', `${VALID}sumber:\n  peserta:\n    berkas: tidak-ada.csv\n`);
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:16: sumber.peserta: Berkas sumber "tidak-ada.csv" tidak ditemukan`);
  });

  it('leaves no output file behind when the data is bad', () => {
    expect(existsSync(path.join(work, 'x'))).toBe(false);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('naskah render: row source paths stay inside the data file folder', () => {
  it.each(['../rahasia.csv', '/etc/passwd'])('refuses sumber berkas %s', async (berkas) => {
    const file = dataFile(`luar-${berkas.length}.yaml`, `${VALID}sumber:\n  peserta:\n    berkas: ${berkas}\n`);
    const r = await naskah('render', file, '--out', path.join(work, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:16: sumber.peserta: Berkas sumber "${berkas}" harus berada di folder berkas data`);
  });
});

describe('naskah render --lambang', () => {
  it('puts the emblem image on the kop of page 1 only', async () => {
    const QRCode = (await import('qrcode')).default;
    const png = path.join(work, 'lambang.png');
    writeFileSync(png, await QRCode.toBuffer('garuda', { width: 120 }));
    const r = await naskah('render', dataFile('lambang.yaml', VALID), '--out', path.join(work, 'lambang'), '--lambang', png, '--quiet');
    expect(r.code).toBe(0);
    if (!requireTools('render --lambang', 'pdfimages')) return;
    const list = run('pdfimages', ['-list', path.join(work, 'lambang', 'lambang.pdf')]).stdout.split('\n').slice(2).filter((l) => l.trim() !== '');
    // one image (plus its soft mask when the PNG has alpha), all on page 1
    const rows = list.map((l) => l.trim().split(/\s+/));
    expect(rows.filter((c) => c[2] === 'image')).toHaveLength(1);
    expect(rows.map((c) => c[0])).toEqual(rows.map(() => '1'));
  });

  it('refuses a file that is neither PNG nor JPEG (exit 2)', async () => {
    const r = await naskah('render', dataFile('lambang2.yaml', VALID), '--out', path.join(work, 'x'), '--lambang', dataFile('bukan.png', 'teks'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bukan.png: Lambang harus berkas PNG atau JPEG.');
  });
});

describe('naskah render of a kind that exists only as a folder (test/fixtures/templates)', () => {
  it('renders the Surat Edaran with its CSV lampiran; markup in the data shows as text', async () => {
    const out = path.join(work, 'surat-edaran');
    const r = await naskah(
      'render',
      path.join(ROOT, 'test/fixtures/documents/surat-edaran.yaml'),
      '--out',
      out,
      '--templates',
      path.join(ROOT, 'test/fixtures/templates'),
      '--quiet',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    if (!requireTools('render surat edaran text', 'pdftotext')) return;
    const text = run('pdftotext', ['-raw', path.join(out, 'surat-edaran.pdf'), '-']).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('SURAT EDARAN BUPATI KUPANG');
    expect(text).toContain('Iuran per peserta Rp42.000 per bulan, untuk 12 (dua belas) bulan.');
    expect(text).toContain('Dikeluarkan di Oelamasi pada tanggal … BUPATI KUPANG, KORINUS MASNENO');
    expect(text).toContain('1. 5301014101800001 Maria <b>Goreti</b>');
    expect(text).toContain('2. 5301010202850002 Yohanes "Jo" Bili');
    expect(text).toMatch(/SEKRETARIS DAERAH KEPALA BAGIAN HUKUM/);
  });
});

describe('naskah render honours NASKAH_TEMPLATES_DIR', () => {
  it('finds a kind in the configured templates folder without --templates', async () => {
    const before = process.env.NASKAH_TEMPLATES_DIR;
    process.env.NASKAH_TEMPLATES_DIR = path.join(ROOT, 'test/fixtures/templates');
    try {
      const r = await naskah('render', path.join(ROOT, 'test/fixtures/documents/surat-edaran.yaml'), '--out', path.join(work, 'env'), '--quiet');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    } finally {
      if (before === undefined) delete process.env.NASKAH_TEMPLATES_DIR;
      else process.env.NASKAH_TEMPLATES_DIR = before;
    }
  });
});

describe('naskah render: a list that does not say what the document says exits 2 (file, row, field)', () => {
  const decree = readFileSync(path.join(ROOT, 'examples/keputusan-peserta-pbpu-ntt.yaml'), 'utf8');
  const list = readFileSync(path.join(ROOT, 'examples/peserta-pbpu-ntt-disetujui.csv'), 'utf8');

  /** The participant decree in its own folder with `yaml` and the list `csv` (not pinned by hash). */
  function decreeWith(name: string, yaml: string, csv: string): string {
    const dir = mkdtempSync(path.join(work, `${name}-`));
    writeFileSync(path.join(dir, 'peserta-pbpu-ntt-disetujui.csv'), csv);
    return dataFile(path.relative(work, path.join(dir, `${name}.yaml`)), yaml.replace(/\n\s+sha256: [0-9a-f]{64}.*/, ''));
  }

  it('a decree stating 251 participants over a 250-row list', async () => {
    const file = decreeWith('p251', decree.replace('iuran:\n', 'iuran:\n  jumlahPeserta: 251\n'), list);
    const r = await naskah('render', file, '--out', path.join(work, 'x'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${escape(file)}:\\d+: iuran\\.jumlahPeserta: data menyebut 251, sedangkan daftar sumber\\.peserta berisi 250 baris`));
  });

  it('a lampiran row with fewer cells than the header', async () => {
    const lines = list.split('\n');
    lines[5] = lines[5]!.split(',').slice(0, 4).join(',');
    const r = await naskah('render', decreeWith('pendek', decree, lines.join('\n')), '--out', path.join(work, 'x'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: baris 6: jenis_kelamin: Berkas sumber "peserta-pbpu-ntt-disetujui\.csv" baris 6 berisi 4 kolom, sedangkan headernya 6/);
  });

  it('a one-field junk line among the participants', async () => {
    const r = await naskah('render', decreeWith('sampah', decree, list.replace('\n', '\nJumlah 250 orang\n')), '--out', path.join(work, 'x'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/: baris 2: no_kk: Berkas sumber "peserta-pbpu-ntt-disetujui\.csv" baris 2 berisi 1 kolom/);
  });

  it('a table field that names no column of the list', async () => {
    const dir = templatesWith('keputusan-peserta-pbpu', 'lampiran.hbs', readFileSync(path.join(ROOT, 'templates/keputusan-peserta-pbpu/lampiran.hbs'), 'utf8').replace('field="kabupaten_kota"', 'field="kabupaten_kotaa"'));
    const r = await naskah('render', decreeWith('kolom', decree, list), '--out', path.join(work, 'x'), '--templates', dir, '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/keputusan-peserta-pbpu\/lampiran\.hbs:\d+: kolom@field: <kolom field="kabupaten_kotaa">: sumber "peserta" tidak punya kolom itu; kolomnya: nik, no_kk, nama/);
    expect(existsSync(path.join(work, 'x'))).toBe(false);
  });
});
