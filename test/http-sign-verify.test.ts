import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeystore } from '../src/sign/keystore.ts';
import { createOfficial } from '../src/use-cases/create-official.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { requireTools, run } from './support/tools.ts';

const PASSWORD = 'demo-password-123';
const PASSPHRASE = 'passphrase-sekda-ntt';

let h: Harness;
const REGION = 'prov-ntt';
// paraf order, bottom-up; jabatan as the template names them
const CHAIN = [
  ['perancang', 'PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', 'MARIA G. NDOEN'],
  ['karohukum', 'KEPALA BIRO HUKUM', 'YOHANES B. TALAN'],
  ['asisten', 'ASISTEN PEMERINTAHAN DAN KESRA', 'ALOYSIUS M. BERE'],
] as const;
let documentId = '';
let hash = '';
let signedPdf: Uint8Array<ArrayBuffer>;

async function login(username: string): Promise<Client> {
  const c = new Client(h.baseUrl);
  expect((await c.apiLogin(username, PASSWORD)).status).toBe(200);
  return c;
}

beforeAll(async () => {
  h = await startHarness();
  for (const [username, jabatan, name] of CHAIN) {
    const o = await createOfficial(h.db, { jabatan, name, region: REGION, actor: 'test' });
    await createUser(h.db, { username, displayName: name, password: PASSWORD, roles: ['paraf'], officialId: o.id, actor: 'test' });
  }
  const sekda = await createOfficial(h.db, { jabatan: 'SEKRETARIS DAERAH', name: 'KOSMAS D. LANA', region: REGION, actor: 'test' });
  await createUser(h.db, { username: 'sekda.ntt', displayName: sekda.name, password: PASSWORD, roles: ['signer'], officialId: sekda.id, actor: 'test' });
  await createUser(h.db, { username: 'perancang.ntt', displayName: 'Perancang', password: PASSWORD, roles: ['drafter'], regions: ['prov-ntt'], actor: 'test' });
  await createUser(h.db, { username: 'arsiparis', displayName: 'Arsiparis', password: PASSWORD, roles: ['archivist'], regions: ['prov-ntt'], actor: 'test' });
  openKeystore(path.join(h.dataDir, 'keys')).createOfficialKey({ officialId: sekda.id, name: sekda.name, jabatan: sekda.jabatan }, PASSPHRASE);

  const drafter = await login('perancang.ntt');
  const dataYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8').replace(/^nomor:.*$/m, '').replace(/^tanggal:.*$/m, '');
  const created = (await (await drafter.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml })).json()) as { documentId: string; contentHash: string };
  ({ documentId, contentHash: hash } = created);
  expect((await drafter.api('POST', `/documents/${documentId}/submit`, { contentHash: hash })).status).toBe(200);
  for (const [username] of CHAIN) {
    const c = await login(username);
    expect((await c.api('POST', `/documents/${documentId}/paraf`, { contentHash: hash })).status).toBe(200);
  }
}, 120_000);
afterAll(async () => h?.close());

describe('preview of the current version', () => {
  it('serves the draft as PDF and DOCX with the document text', async () => {
    const c = await login('arsiparis');
    const pdf = await c.fetch(`/dokumen/${documentId}/pratinjau.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const docx = await c.fetch(`/api/v1/documents/${documentId}/preview.docx`);
    expect(docx.status).toBe(200);
    expect(Buffer.from(new Uint8Array(await docx.arrayBuffer()).subarray(0, 2)).toString()).toBe('PK');
    if (!requireTools('preview text', 'pdftotext')) return;
    const text = run('pdftotext', ['-', '-'], bytes).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('KEPUTUSAN GUBERNUR NUSA TENGGARA TIMUR');
    expect(text).toContain('TIM KERJA PENGELOLAAN KEPESERTAAN');
  }, 60_000);
});

describe('signing from Tugas saya and the public verification page', () => {
  it('refuses a wrong passphrase and numbers nothing', async () => {
    const sekda = await login('sekda.ntt');
    const res = await sekda.postForm(`/dokumen/${documentId}/tandatangani`, { _csrf: sekda.csrfToken, contentHash: hash, passphrase: 'salah-salah-salah' });
    expect(res.status).toBe(403);
    const doc = await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(doc.state).toBe('ready_to_sign');
    expect(doc.number).toBeNull();
  }, 60_000);

  it('signs through the form; the verification page shows the number, signer, status and hash', async () => {
    const sekda = await login('sekda.ntt');
    const page = await (await sekda.fetch('/')).text();
    expect(page).toContain(`action="/dokumen/${documentId}/tandatangani"`);
    const res = await sekda.postForm(`/dokumen/${documentId}/tandatangani`, { _csrf: sekda.csrfToken, contentHash: hash, passphrase: PASSPHRASE });
    if (res.status !== 303) console.log(await res.text());
    expect(res.status).toBe(303);
    const doc = await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId }, include: { issued: true } });
    expect(doc.state).toBe('signed');
    expect(doc.number).toMatch(/^\d+\/KEP\/HK\/\d{4}$/);

    const verify = await fetch(`${h.baseUrl}/verifikasi/${documentId}`);
    expect(verify.status).toBe(200);
    const html = await verify.text();
    expect(html).toContain(doc.number!);
    expect(html).toContain('KOSMAS D. LANA');
    expect(html).toContain('berlaku');
    expect(html).toContain(doc.issued!.pdfSha256);
    const json = (await (await fetch(`${h.baseUrl}/api/v1/verify/${documentId}`)).json()) as { number: string; status: string };
    expect(json).toMatchObject({ number: doc.number, status: 'berlaku' });

    const c = await login('arsiparis');
    const download = await c.fetch(`/api/v1/archive/${documentId}/pdf`);
    expect(download.status).toBe(200);
    signedPdf = new Uint8Array(await download.arrayBuffer());
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(signedPdf).digest('hex')).toBe(doc.issued!.pdfSha256);

    const search = (await (await c.api('GET', `/archive?number=${encodeURIComponent(doc.number!)}`)).json()) as { results: { documentId: string }[] };
    expect(search.results.map((r) => r.documentId)).toEqual([documentId]);
    const searchPage = await (await c.fetch(`/arsip?teks=${encodeURIComponent('tim kerja')}`)).text();
    expect(searchPage).toContain(doc.number!);
  }, 120_000);

  it('verifies the uploaded signed PDF as intact and ours, and a tampered copy as not intact', async () => {
    const visitor = new Client(h.baseUrl);
    const token = await visitor.formToken('/verifikasi');
    const form = new FormData();
    form.set('_csrf', token);
    form.set('file', new Blob([signedPdf], { type: 'application/pdf' }), 'keputusan.pdf');
    const res = await visitor.fetch('/verifikasi', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const page = await res.text();
    const doc = await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } });
    expect(page).toContain('Tanda tangan elektronik utuh');
    expect(page).toContain(doc.number!);

    const tampered = new Uint8Array(signedPdf);
    // one byte inside the first content stream: covered by the signature, still parseable
    const at = Buffer.from(tampered).indexOf('stream\n') + 'stream\n'.length + 20;
    expect(at).toBeGreaterThan('stream\n'.length + 20);
    tampered[at] = tampered[at]! ^ 0x01;
    const api = new FormData();
    api.set('file', new Blob([tampered], { type: 'application/pdf' }), 'ubah.pdf');
    // the public API needs no session and no CSRF token (it writes nothing)
    const bad = await fetch(`${h.baseUrl}/api/v1/verify`, { method: 'POST', body: api });
    expect(bad.status).toBe(200);
    const report = (await bad.json()) as { intact: boolean; number: string | null; sha256: string };
    expect(report.intact).toBe(false);
    expect(report.number).toBeNull();
    const notPdf = new FormData();
    notPdf.set('file', new Blob(['bukan pdf'], { type: 'text/plain' }), 'catatan.txt');
    const refused = await fetch(`${h.baseUrl}/api/v1/verify`, { method: 'POST', body: notPdf });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FILE_UNREADABLE');
    const form2 = new FormData();
    form2.set('_csrf', token);
    form2.set('file', new Blob([tampered], { type: 'application/pdf' }), 'ubah.pdf');
    const badPage = await (await visitor.fetch('/verifikasi', { method: 'POST', body: form2 })).text();
    expect(badPage).toContain('TIDAK sah');
  }, 60_000);
});
