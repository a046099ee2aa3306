import { createWriteStream, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import http from 'node:http';
import { once } from 'node:events';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pino } from 'pino';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/http/create-app.ts';
import { UPLOAD_LEASE_MS } from '../src/http/upload-folder.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, withCsrf, type Harness } from './http-support/http-harness.ts';

const PASSWORD = 'rahasia-sekali-123';
const MB = 1024 * 1024;
let h: Harness;
const requests: IncomingMessage[] = [];

beforeAll(async () => {
  h = await startHarness();
  h.server.on('request', (req: IncomingMessage) => requests.push(req));
  await createUser(h.db, { username: 'perancang', displayName: 'Perancang', password: PASSWORD, roles: ['drafter'], regions: ['prov-ntt'], actor: 'test' });
}, 60_000);
afterAll(async () => h?.close());

interface RawResult {
  readonly status: number;
  readonly body: string;
  /** Bytes of the body the client managed to hand to the socket before the reply came. */
  readonly sentBeforeReply: number;
  /** Bytes the server's socket had read when the reply was complete. */
  readonly serverRead: number;
  readonly peakRssGrowth: number;
}

/**
 * Sends `totalBytes` of multipart body lazily (never held whole), as a slow client would, and stops
 * when the reply arrives. Returns what the server read and how much the process memory grew.
 */
async function rawUpload(pathName: string, totalBytes: number, headers: Record<string, string> = {}): Promise<RawResult> {
  const boundary = '----naskahuji';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="program"\r\n\r\npbpu-pemda\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="besar.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const fill = totalBytes - head.length - tail.length;
  const url = new URL(h.baseUrl + pathName);
  const before = requests.length;
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  let sent = 0;
  let replied = false;
  let sentAtReply = 0;
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  try {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(totalBytes), ...headers } },
        (response) => {
          replied = true;
          sentAtReply = sent;
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (d: string) => (body += d));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          response.on('error', reject);
        },
      );
      req.on('error', (error) => {
        // the server closing the connection while we still send is expected once it replied
        if (!replied) reject(error);
      });
      const write = async () => {
        const send = (b: Buffer) =>
          new Promise<void>((ok) => {
            if (replied || req.destroyed) return ok();
            const more = req.write(b, () => ok());
            if (more) sent += b.length;
            else {
              sent += b.length;
              req.once('drain', () => ok());
            }
          });
        await send(head);
        for (let left = fill; left > 0 && !replied && !req.destroyed; left -= chunk.length) await send(left >= chunk.length ? chunk : chunk.subarray(0, left));
        if (!replied && !req.destroyed) {
          await send(tail);
          req.end();
        } else req.destroy();
      };
      void write();
    });
    const serverReq = requests.slice(before).find((r) => r.url?.startsWith(url.pathname));
    return { ...res, sentBeforeReply: sentAtReply, serverRead: serverReq?.socket.bytesRead ?? -1, peakRssGrowth: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}

describe('uploads are bounded and checked before they are read', () => {
  it('refuses an unauthenticated 50 MB upload before reading it: the server read under 1 MB and memory stayed flat', async () => {
    for (const target of ['/api/v1/participant-lists', '/peserta']) {
      const r = await rawUpload(target, 50 * MB);
      expect(r.status, target).toBe(401);
      expect(r.body).toContain('UNAUTHENTICATED');
      expect(r.serverRead, `${target}: bytes the server read`).toBeGreaterThan(0);
      expect(r.serverRead, `${target}: bytes the server read`).toBeLessThan(1 * MB);
      expect(r.sentBeforeReply, `${target}: bytes sent before the reply`).toBeLessThan(20 * MB);
      expect(r.peakRssGrowth, `${target}: peak memory growth`).toBeLessThan(40 * MB);
    }
  }, 120_000);

  it('refuses a logged-in upload without the CSRF token (header or query) before reading it', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const r = await rawUpload('/api/v1/participant-lists', 50 * MB, { cookie: `naskah_sid=${c.cookie('naskah_sid')}` });
    expect(r.status).toBe(403);
    expect(r.body).toContain('Token CSRF');
    expect(r.serverRead).toBeLessThan(1 * MB);
  }, 120_000);

  it('refuses an upload declared larger than the limit unread, and one that grows past it while streaming', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const headers = { cookie: `naskah_sid=${c.cookie('naskah_sid')}`, 'x-csrf-token': c.csrfToken };
    const declared = await rawUpload('/api/v1/participant-lists', h.config.limits.uploadBytes + 10 * MB, headers);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ error: { code: 'INPUT_TOO_LARGE' } });
    expect(declared.serverRead).toBeLessThan(1 * MB);
    // a small limit for one app: a file declared under limit + envelope streams to disk and is cut when it passes the limit
    const small = { ...h.config, limits: { ...h.config.limits, uploadBytes: 2 * MB } };
    const app = createApp({ ...h.services, config: small }, { logger: pino({ level: 'silent' }) });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const form = new FormData();
      form.set('program', 'pbpu-pemda');
      form.set('year', '2025');
      form.set('file', new Blob([Buffer.alloc(2.5 * MB, 0x41)], { type: 'text/csv' }), 'besar.csv');
      const port = (server.address() as { port: number }).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/participant-lists`, { method: 'POST', body: form, headers: { cookie: `naskah_sid=${c.cookie('naskah_sid')}`, 'x-csrf-token': c.csrfToken } });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('besar.csv');
    } finally {
      server.closeAllConnections();
      server.close();
    }
    // nothing of the refused uploads stays in the upload folder
    await new Promise((r) => setTimeout(r, 200));
    expect(readdirSync(path.join(h.dataDir, 'unggahan'))).toEqual([]);
  }, 120_000);

  it('refuses a 410 KB XLSX holding one 400 MB cell with bounded memory, naming the sheet row', async () => {
    const file = path.join(h.dataDir, 'bom.xlsx');
    await writeXlsxBomb(file, 400 * MB);
    const size = statSync(file).size;
    expect(size).toBeLessThan(1 * MB);
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const form = new FormData();
    form.set('program', 'pbpu-pemda');
    form.set('file', new Blob([readBytes(file)]), 'bom.xlsx');
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    let res: Response;
    try {
      res = await c.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: form });
    } finally {
      clearInterval(sampler);
    }
    const text = await res.text();
    expect(res.status).toBe(413);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INPUT_TOO_LARGE');
    expect(body.error.message).toMatch(/bom\.xlsx.*sheet1 baris 2 lebih panjang dari batas 2\.000 karakter/);
    expect(text.length).toBeLessThan(2000);
    expect(peak - baseline).toBeLessThan(100 * MB);
  }, 120_000);

  it('never echoes a huge value: long cells, long fields and oversized bodies get short replies', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    // a cell past the limit: refused before the reader, the message names the line, not the value
    const huge = 'X'.repeat(300_000);
    const form = new FormData();
    form.set('program', 'pbpu-pemda');
    form.set('file', new Blob([`NIK,Nama,Tanggal Lahir,Jenis Kelamin\n5371012403800001,Yohanes,24-03-1980,${huge}\n`]), 'panjang.csv');
    const cell = await c.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: form });
    const cellText = await cell.text();
    expect(cell.status).toBe(413);
    expect(cellText).toContain('baris 2');
    expect(cellText.length).toBeLessThan(1000);
    // a value under the limit but long: the row issue quotes its first characters only
    const longish = 'P'.repeat(1500);
    const form2 = new FormData();
    form2.set('program', 'pbpu-pemda');
    form2.set('file', new Blob([`NIK,Nama,Tanggal Lahir,Jenis Kelamin\n5371012403800001,Yohanes,24-03-1980,${longish}\n`]), 'kelamin.csv');
    const report = (await (await c.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: form2 })).json()) as { issues: { code: string; message: string }[] };
    const sex = report.issues.find((i) => i.code === 'SEX_INVALID')!;
    expect(sex.message).toContain('(1500 karakter)');
    expect(sex.message.length).toBeLessThan(200);
    // a kind name of 100 KB and a YAML date of 1 MB: refused, not echoed
    const kind = await c.api('POST', '/documents', { kind: 'k'.repeat(100_000), dataYaml: 'a: 1' });
    expect(kind.status).toBe(400);
    expect((await kind.text()).length).toBeLessThan(3000);
    const yaml = await c.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml: `template: keputusan-kepala-daerah\ndaerah: prov-ntt\ntentang: Uji\ntanggal: "${'9'.repeat(1_000_000)}"\npenandatangan: { nama: A }\n` });
    expect(yaml.status).toBe(400);
    expect((await yaml.text()).length).toBeLessThan(5000);
    // a body over the form limit: refused by its declared length
    const big = await c.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml: `tentang: ${'y'.repeat(6 * MB)}` });
    expect(big.status).toBe(413);
    expect((await big.text()).length).toBeLessThan(500);
  }, 120_000);

  it('sweeps upload folders abandoned longer than the lease when the app starts, and keeps fresh ones', async () => {
    const root = path.join(h.dataDir, 'unggahan');
    mkdirSync(path.join(root, 'u-lama'), { recursive: true });
    mkdirSync(path.join(root, 'u-baru'), { recursive: true });
    writeFileSync(path.join(root, 'u-lama', '0.unggahan'), 'sisa');
    const old = new Date(Date.now() - UPLOAD_LEASE_MS - 60_000);
    utimesSync(path.join(root, 'u-lama'), old, old);
    createApp(h.services, { logger: pino({ level: 'silent' }) });
    for (let i = 0; i < 50 && readdirSync(root).includes('u-lama'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(root).sort()).toEqual(['u-baru']);
  });
});

function readBytes(file: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(file));
}

/** A minimal workbook whose second row holds one inline-string cell of `cellBytes` letters, deflated. */
async function writeXlsxBomb(file: string, cellBytes: number): Promise<void> {
  const zip = new yazl.ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text), name);
  add('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  add('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  add('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Daftar" sheetId="1" r:id="rId1"/></sheets></workbook>');
  add('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
  const head = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c><c r="B1" t="inlineStr"><is><t>Nama</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>5371012403800001</t></is></c><c r="B2" t="inlineStr"><is><t>';
  const tail = '</t></is></c></row></sheetData></worksheet>';
  const block = Buffer.alloc(1 * MB, 0x41);
  const body = Readable.from(
    (function* () {
      yield Buffer.from(head);
      for (let left = cellBytes; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
      yield Buffer.from(tail);
    })(),
  );
  zip.addReadStream(body, 'xl/worksheets/sheet1.xml', { compressionLevel: 9 } as yazl.ReadStreamOptions);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}
