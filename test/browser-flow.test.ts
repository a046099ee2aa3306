/**
 * The "Done when" of issue 12, through the UI only, in Debian's Chromium driven by playwright-core:
 * the drafter fills a Keputusan from the form with two Mengingat from the register, previews, submits;
 * three officials paraf in order, one returns it once with a note that the drafter sees and answers;
 * the signer signs; the archivist finds it by signer and downloads it; the Verifikasi page opened from
 * the URL in the PDF's QR code says it is valid. A screenshot of each step is written to
 * output/browser-flow/. E-mail reaches a local SMTP server for each waiting paraf and for the decree.
 * Needs chromium, pdftoppm and pdftotext (.ci/run installs them; absent locally, the test is skipped
 * with a printed reason, and fails under NASKAH_REQUIRE_TOOLS).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config/load-config.ts';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { openKeystore } from '../src/sign/keystore.ts';
import { startHarness, type Harness } from './http-support/http-harness.ts';
import { requireTools, run } from './support/tools.ts';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'kata-sandi-demo-1';
const PASSPHRASE = 'passphrase-demo-panjang';
const SHOTS = path.join(PROJECT_ROOT, 'output', 'browser-flow');
const UU23 = 'Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah';
const UU21 = 'Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur';

const ready = requireTools('browser flow', 'chromium', 'pdftoppm', 'pdftotext');

describe.skipIf(!ready)('the whole flow through the UI in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let smtp: SMTPServer;
  const mails: { to: string[]; subject: string }[] = [];
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let step = 0;

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    step++;
    await page.screenshot({ path: path.join(SHOTS, `${String(step).padStart(2, '0')}-${name}.png`), fullPage });
  }

  async function loginAs(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'id-ID', timezoneId: 'Asia/Makassar', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
    await page.goto(`${h.baseUrl}/masuk`);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(`${h.baseUrl}/`), page.click('button:has-text("Masuk")')]);
    return page;
  }

  /** Tugas saya → the task card of the document → paraf with the key's passphrase. */
  async function paraf(page: Page, tentang: string): Promise<void> {
    await page.click('header nav a:has-text("Tugas saya")');
    const card = page.locator('.card.task', { hasText: tentang });
    await card.locator('input[name="passphrase"]').fill(PASSPHRASE);
    await Promise.all([page.waitForURL(/\?ok=paraf$/), card.locator('button:has-text("Beri paraf")').click()]);
    expect(await textOf(page.locator('.flash.ok'))).toContain('Paraf tersimpan.');
  }

  beforeAll(async () => {
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, done) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (d: string) => (raw += d));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: /^Subject: (.*)$/m.exec(raw)?.[1] ?? '' });
          done();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    h = await startHarness('sqlite', { config: { mail: { smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, from: 'naskah <naskah@ntt.example>' } } });
    const seeded = await seedDemo(h.db, { password: PASSWORD });
    const keys = openKeystore(path.join(h.dataDir, 'keys'));
    for (const key of ['ntt.perancang', 'ntt.karohukum', 'ntt.asisten', 'ntt.sekda']) {
      const official = await h.db.prisma.official.findUniqueOrThrow({ where: { id: seeded.officials[key]! } });
      keys.createOfficialKey({ officialId: official.id, name: official.name, jabatan: official.jabatan }, PASSPHRASE);
      await h.db.prisma.user.update({ where: { username: seeded.usernames[key]! }, data: { email: `${seeded.usernames[key]}@ntt.example` } });
    }
    await h.events.runOnce();
    // playwright gives the browser a fresh profile (user data dir) of its own, removed on close
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await h?.close();
    await new Promise<void>((r) => smtp?.close(() => r()));
  });

  it('drafts from the form with two Mengingat from the register, through paraf with one return, to signing, the archive and verification', async () => {
    const tentang = 'Tim Kerja Pengelolaan Data Kepesertaan Jaminan Kesehatan Daerah';
    // --- the drafter fills the form ---------------------------------------------------------------
    const drafter = await loginAs('perancang.ntt');
    await shot(drafter, 'tugas-saya-perancang');
    await drafter.click('header nav a:has-text("Dokumen")');
    await drafter.click('a:has-text("Konsep baru")');
    await shot(drafter, 'pilih-jenis');
    await drafter.click('a.kind[href*="jenis=keputusan-kepala-daerah&daerah=prov-ntt"]');
    expect((await textOf(drafter.locator('h1'))).trim()).toBe('Konsep baru: Keputusan Kepala Daerah — Provinsi Nusa Tenggara Timur');
    await drafter.fill('textarea[name="f.tentang"]', tentang);
    await drafter.fill('textarea[name="f.menimbang.0"]', 'bahwa data kepesertaan Program Jaminan Kesehatan Nasional bagi penduduk yang iurannya dibayar Pemerintah Daerah perlu dikelola secara tertib dan terpadu;');
    await drafter.fill('textarea[name="f.menimbang.1"]', 'bahwa untuk melaksanakan pengelolaan sebagaimana dimaksud pada huruf a, perlu dibentuk Tim Kerja;');
    for (const title of [UU23, UU21]) {
      await drafter.fill('input[name="rujukan.mengingat"]', title);
      await drafter.click('button[value="rujukan:mengingat"]');
    }
    expect(await drafter.locator('textarea[name="f.mengingat.0"]').inputValue()).toMatch(/^Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah \(Lembaran Negara .*beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2023/);
    expect(await drafter.locator('textarea[name="f.mengingat.1"]').inputValue()).toMatch(/^Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur \(Lembaran Negara Republik Indonesia Tahun 2022 Nomor 164/);
    await drafter.fill('textarea[name="f.diktum.0"]', `Membentuk ${tentang}.`);
    await drafter.click('button[value="tambah:diktum"]');
    await drafter.fill('textarea[name="f.diktum.1"]', 'Tim Kerja sebagaimana dimaksud dalam Diktum KESATU bertanggung jawab kepada Gubernur Nusa Tenggara Timur.');
    await drafter.fill('input[name="f.penandatangan.nama"]', 'Kosmas D. Lana');
    // the live preview renders the form as typed
    const preview = await drafter.waitForResponse((r) => r.url().includes('/dokumen/pratinjau') && r.status() === 200, { timeout: 30_000 });
    expect(preview.headers()['content-type']).toBe('application/pdf');
    await drafter.waitForTimeout(2500);
    await drafter.locator('#f-menimbang').evaluate((el) => el.scrollIntoView());
    await shot(drafter, 'formulir-konsep');
    await Promise.all([drafter.waitForURL(/\/dokumen\/[0-9a-f-]{36}\?ok=buat$/), drafter.click('button[value="simpan"]')]);
    const documentUrl = drafter.url().replace(/\?.*$/, '');
    const documentId = documentUrl.split('/').pop()!;
    await shot(drafter, 'konsep-tersimpan');
    await Promise.all([drafter.waitForURL(/\?ok=ajukan$/), drafter.click('button:has-text("Ajukan untuk paraf")')]);

    // --- paraf 1 (the drafter is the first official), then the Kepala Biro Hukum returns it ---------------
    await paraf(drafter, tentang);
    const karo = await loginAs('karohukum.ntt');
    const karoCard = karo.locator('.card.task', { hasText: tentang });
    expect(await textOf(karoCard.locator('table.chain'))).toContain('sudah paraf');
    expect(await textOf(karoCard.locator('table.chain'))).toContain('WITA');
    await shot(karo, 'tugas-saya-pemaraf');
    await karoCard.locator('textarea[name="note"]').fill('Mohon tambahkan diktum tentang biaya yang dibebankan kepada APBD.');
    await Promise.all([karo.waitForURL(/\?ok=kembali$/), karoCard.locator('button:has-text("Kembalikan dengan catatan")').click()]);

    // --- the drafter sees the note and answers with a revision, resubmitted in one step ---------------
    await drafter.click('header nav a:has-text("Tugas saya")');
    const returned = drafter.locator('.card.task', { hasText: tentang });
    expect(await textOf(returned.locator('.note'))).toMatch(/Dikembalikan oleh Kepala Biro Hukum/i);
    expect(await textOf(returned.locator('.note'))).toContain('Mohon tambahkan diktum tentang biaya');
    await shot(drafter, 'dikembalikan-dengan-catatan');
    await returned.locator('a:has-text("Buka dan perbaiki")').click();
    await drafter.click('a:has-text("Perbaiki dan ajukan ulang")');
    await drafter.click('button[value="tambah:diktum"]');
    await drafter.fill('textarea[name="f.diktum.2"]', 'Segala biaya yang dikeluarkan sebagai akibat ditetapkannya Keputusan ini dibebankan kepada Anggaran Pendapatan dan Belanja Daerah Provinsi Nusa Tenggara Timur.');
    const refreshed = drafter.waitForResponse((r) => r.url().includes('/dokumen/pratinjau') && r.status() === 200, { timeout: 30_000 });
    await drafter.fill('#tanggapan', 'Diktum tentang pembebanan biaya pada APBD sudah ditambahkan sebagai diktum ketiga.');
    await refreshed;
    await drafter.waitForTimeout(2000);
    await shot(drafter, 'perbaikan');
    await Promise.all([drafter.waitForURL(/\?ok=ajukan-ulang$/), drafter.click('button:has-text("Simpan dan ajukan ulang")')]);
    expect(await textOf(drafter.locator('ol.exchanges'))).toContain('Diktum tentang pembebanan biaya');

    // --- three officials paraf in order ----------------------------------------------------------------
    await paraf(drafter, tentang);
    await paraf(karo, tentang);
    const asisten = await loginAs('asisten1.ntt');
    await paraf(asisten, tentang);

    // --- the signer signs --------------------------------------------------------------------------------
    const sekda = await loginAs('sekda.ntt');
    const signCard = sekda.locator('.card.task', { hasText: tentang });
    expect(await textOf(signCard.locator('table.chain'))).toMatch(/Asisten Pemerintahan dan Kesra\s+ALOYSIUS M. BERE\s+sudah paraf/);
    await shot(sekda, 'tugas-saya-penanda-tangan');
    await signCard.locator('input[name="passphrase"]').fill(PASSPHRASE);
    await Promise.all([sekda.waitForURL(/\?ok=tandatangan$/, { timeout: 60_000 }), signCard.locator('button:has-text("Tandatangani")').click()]);
    const number = (await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).number!;
    expect(number).toMatch(/^\d+\/KEP\/HK\/\d{4}$/);
    expect(await textOf(sekda.locator('main'))).toContain(number);
    await shot(sekda, 'ditandatangani');

    // --- the archivist finds it by signer and downloads it -------------------------------------------------
    const arsip = await loginAs('arsiparis');
    await arsip.click('header nav a:has-text("Arsip")');
    await arsip.fill('#penandatangan', 'Kosmas');
    await arsip.click('button:has-text("Cari")');
    const row = arsip.locator('table.data tr', { hasText: number });
    expect(await textOf(row)).toContain('KOSMAS D. LANA');
    await shot(arsip, 'arsip-cari-penanda-tangan');
    const [download] = await Promise.all([arsip.waitForEvent('download'), row.locator('a:has-text("Unduh PDF")').click()]);
    const pdfPath = path.join(SHOTS, 'unduhan.pdf');
    await download.saveAs(pdfPath);
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(run('pdftotext', [pdfPath, '-']).stdout).toContain(number);

    // --- the QR code of the downloaded PDF opens the Verifikasi page, which says it is valid --------------
    const verifyUrl = qrUrlOf(pdfPath);
    expect(verifyUrl).toBe(`${h.baseUrl}/verifikasi/${documentId}`);
    const visitorContext = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'id-ID' });
    contexts.push(visitorContext);
    const visitor = await visitorContext.newPage();
    await visitor.goto(verifyUrl);
    expect(await textOf(visitor.locator('.card.verified'))).toContain('Dokumen ini terdaftar dan berlaku.');
    expect(await textOf(visitor.locator('.card.verified'))).toContain(number);
    await shot(visitor, 'verifikasi');

    // --- e-mail reached each official whose paraf awaited, the signer, and everyone for the decree -------
    await h.events.runOnce();
    const subjectsOf = (to: string) => mails.filter((m) => m.to.includes(to)).map((m) => m.subject);
    expect(subjectsOf('perancang.ntt@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Dokumen dikembalikan', '[naskah] Paraf Anda ditunggu', '[naskah] Keputusan terbit']);
    expect(subjectsOf('karohukum.ntt@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Paraf Anda ditunggu', '[naskah] Keputusan terbit']);
    expect(subjectsOf('asisten1.ntt@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Keputusan terbit']);
    expect(subjectsOf('sekda.ntt@ntt.example')).toEqual(['[naskah] Tanda tangan Anda ditunggu']);
    expect(pageErrors).toEqual([]);
  }, 300_000);
});

// jsqr is CommonJS whose types declare a default export: take the function either way
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** The text of the first element the locator finds, once it is there. */
async function textOf(locator: Locator): Promise<string> {
  const first = locator.first();
  await first.waitFor({ timeout: 30_000 });
  return first.innerText();
}

/** The URL in the QR code on page 1 of a PDF: rendered by pdftoppm (PPM), decoded by jsQR. */
function qrUrlOf(pdfPath: string): string {
  const out = spawnSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', pdfPath], { maxBuffer: 256 * 1024 * 1024 });
  expect(out.status).toBe(0);
  return decodePpm(out.stdout);
}

function decodePpm(ppm: Buffer): string {
  // P6 header: "P6\n<width> <height>\n<max>\n" then RGB bytes
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 64).toString('latin1'))!;
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = ppm.subarray(header[0].length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgba[i * 4] = pixels[j]!;
    rgba[i * 4 + 1] = pixels[j + 1]!;
    rgba[i * 4 + 2] = pixels[j + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  const code = jsQR(rgba, width, height);
  if (!code) throw new Error('no QR code found on page 1');
  return code.data;
}
