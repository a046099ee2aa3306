import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, withCsrf, type Harness } from './http-support/http-harness.ts';
import { requireTools, run } from './support/tools.ts';

const PASSWORD = 'rahasia-sekali-123';
let h: Harness;

// Row 2 accepted; row 3 a NIK that a spreadsheet stored as a number; row 4 a NIK whose birth date
// does not match Tanggal Lahir; row 5 a duplicate of row 2. Header = row 1.
const CSV = [
  'NIK,No KK,Nama,Tanggal Lahir,Jenis Kelamin,Hubungan Keluarga,Alamat,Kecamatan,Kabupaten/Kota',
  '5371012403800001,5371010101100001,Yohanes Ndun,24-03-1980,L,Kepala Keluarga,Jl. El Tari 5,Alak,Kota Kupang',
  '3.17E+15,5371010101100001,Maria Ndun,24-05-1985,P,Istri,Jl. El Tari 5,Alak,Kota Kupang',
  '5371012503800002,5371010101100001,Petrus Ndun,24-03-1980,L,Anak,Jl. El Tari 5,Alak,Kota Kupang',
  '5371012403800001,5371010101100001,Yohanes Ndun,24-03-1980,L,Kepala Keluarga,Jl. El Tari 5,Alak,Kota Kupang',
].join('\n');

beforeAll(async () => {
  h = await startHarness();
  await createUser(h.db, { username: 'perancang', displayName: 'Perancang', password: PASSWORD, roles: ['drafter'], regions: ['prov-ntt'], actor: 'test' });
  await createUser(h.db, { username: 'penyetuju', displayName: 'Penyetuju', password: PASSWORD, roles: ['approver'], regions: ['prov-ntt'], actor: 'test' });
  await createUser(h.db, { username: 'arsip', displayName: 'Arsiparis', password: PASSWORD, roles: ['archivist'], regions: ['prov-ntt'], actor: 'test' });
}, 60_000);
afterAll(async () => h?.close());

function upload(program: string, name: string, text: string, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('program', program);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  form.set('file', new Blob([text], { type: 'text/csv' }), name);
  return form;
}

describe('participant list check from the web app and the API', () => {
  it('imports a list through the page: stores it with its accepted rows and shows the row report (row, column, code, message)', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const token = await c.formToken('/peserta');
    const res = await c.fetch(withCsrf('/peserta', token), { method: 'POST', body: upload('pbpu-pemda', 'dinsos-kupang.csv', CSV, { aksi: 'impor', tahun: '2025' }) });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Hasil pemeriksaan: dinsos-kupang.csv');
    const rows = [...page.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([A-Z_]+)<\/td>/g)].map((m) => [Number(m[1]), m[3]]);
    expect(rows).toContainEqual([3, 'NIK_PRECISION_LOST']);
    expect(rows).toContainEqual([5, 'NIK_DUPLICATE']);
    expect(rows.some(([row]) => row === 2)).toBe(false);
    const list = await h.db.prisma.participantList.findFirstOrThrow({ where: { fileName: 'dinsos-kupang.csv' } });
    expect(list).toMatchObject({ program: 'pbpu-pemda', year: 2025, total: 4, accepted: 1, rejected: 3 });
    expect((await h.db.prisma.participant.findMany({ where: { listId: list.id } })).map((p) => p.nik)).toEqual(['5371012403800001']);
    expect(page).toContain(`href="/peserta/${list.id}"`);
    const stored = await (await c.fetch(`/peserta/${list.id}`)).text();
    expect(stored).toContain('NIK_PRECISION_LOST');
  });

  it('checks a list without storing it when asked to only check', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const before = await h.db.prisma.participantList.count();
    const token = await c.formToken('/peserta');
    const res = await c.fetch(withCsrf('/peserta', token), { method: 'POST', body: upload('pbpu-pemda', 'coba.csv', CSV, { aksi: 'periksa' }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('tidak (hanya diperiksa)');
    expect(await h.db.prisma.participantList.count()).toBe(before);
  });

  it('imports through the API and lists the stored lists', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const res = await c.fetch('/api/v1/participant-lists', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: upload('pbpu-pemda', 'api.csv', CSV, { year: '2025' }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { listId: string; report: { total: number; accepted: number } };
    expect(body.report).toMatchObject({ total: 4, accepted: 1 });
    const lists = (await (await c.api('GET', '/participant-lists')).json()) as { lists: { id: string; fileName: string }[] };
    expect(lists.lists.map((l) => l.id)).toContain(body.listId);
  });

  it('answers the API with the report whose accepted + rejected = total', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const res = await c.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: upload('pbpu-pemda', 'dinsos.csv', CSV) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { file: string; program: string; total: number; accepted: number; rejected: number; issues: { row: number; code: string }[] };
    expect(report.file).toBe('dinsos.csv');
    expect(report.total).toBe(4);
    expect(report.accepted + report.rejected).toBe(report.total);
    expect(report.accepted).toBe(1);
    expect(report.issues.filter((i) => i.row === 4).map((i) => i.code)).toContain('NIK_BIRTHDATE_MISMATCH');
  });

  it('refuses a file that is not CSV or XLSX, and a user without the drafter role', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const bad = await c.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: upload('pbpu-pemda', 'daftar.pdf', '%PDF-1.7') });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('LIST_UNREADABLE');
    const quote = await c.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': c.csrfToken }, body: upload('pbpu-pemda', 'kutip-terbuka.csv', 'NIK,Nama,Tanggal Lahir,Jenis Kelamin\n5371012403800001,"Yohanes,24-03-1980,L\n') });
    expect(quote.status).toBe(400);
    const quoteError = ((await quote.json()) as { error: { code: string; message: string } }).error;
    expect(quoteError.code).toBe('LIST_UNREADABLE');
    expect(quoteError.message).toMatch(/^kutip-terbuka\.csv:2: CSV tidak dapat dibaca: tanda kutip/);
    expect(quoteError.message).not.toContain('naskah-upload-');
    const a = new Client(h.baseUrl);
    await a.apiLogin('arsip', PASSWORD);
    const refused = await a.fetch('/api/v1/participants/check', { method: 'POST', headers: { 'x-csrf-token': a.csrfToken }, body: upload('pbpu-pemda', 'dinsos.csv', CSV) });
    expect(refused.status).toBe(403);
  });

  it('refuses an upload without the CSRF token before reading the file', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    // the token a page's form would carry, but sent in the multipart body: not accepted, nothing read
    const token = await c.formToken('/peserta');
    const form = upload('pbpu-pemda', 'dinsos.csv', CSV);
    form.set('_csrf', token);
    const res = await c.fetch('/peserta', { method: 'POST', body: form });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Hasil pemeriksaan');
  });

  it('previews a participant decree whose lampiran streams an approved list from the data directory', async () => {
    mkdirSync(path.join(h.dataDir, 'daftar'), { recursive: true });
    copyFileSync(new URL('../examples/peserta-pbpu-ntt-disetujui.csv', import.meta.url), path.join(h.dataDir, 'daftar', 'disetujui-uji.csv'));
    const dataYaml = readFileSync(new URL('../examples/keputusan-peserta-pbpu-ntt.yaml', import.meta.url), 'utf8').replace('berkas: peserta-pbpu-ntt-disetujui.csv', 'berkas: daftar/disetujui-uji.csv');
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const created = await c.api('POST', '/documents', { kind: 'keputusan-peserta-pbpu', dataYaml });
    expect(created.status).toBe(201);
    const { documentId } = (await created.json()) as { documentId: string };
    const pdf = await c.fetch(`/dokumen/${documentId}/pratinjau.pdf`);
    expect(pdf.status).toBe(200);
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    if (!requireTools('participant decree preview text', 'pdftotext')) return;
    const text = run('pdftotext', ['-', '-'], bytes).stdout;
    // Marthen Bataona, by his NIK and family name: a name may wrap in its cell, a NIK never does
    expect(text).toContain('5301262509986789');
    expect(text).toContain('Bataona');
  }, 60_000);

  // Last: approving makes the NIK "already approved" for the imports above.
  it('approves a stored list within the quota from its page — by an approver, never its importer: frozen with its hash, the figures and the lampiran source shown; a second approval is refused', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    const token = await c.formToken('/peserta');
    await c.fetch(withCsrf('/peserta', token), { method: 'POST', body: upload('pbpu-pemda', 'untuk-disetujui.csv', CSV, { aksi: 'impor', tahun: '2025' }) });
    const list = await h.db.prisma.participantList.findFirstOrThrow({ where: { fileName: 'untuk-disetujui.csv' } });
    expect(list.region).toBe('prov-ntt');
    // the importer may not approve it
    const ownToken = await c.formToken(`/peserta/${list.id}`);
    const own = await c.postForm(`/peserta/${list.id}/setujui`, { _csrf: ownToken, urutan: 'nik' });
    expect(own.status).toBe(403);
    expect((await h.db.prisma.participantList.findUniqueOrThrow({ where: { id: list.id } })).status).toBe('checked');

    const a = new Client(h.baseUrl);
    await a.apiLogin('penyetuju', PASSWORD);
    const pageToken = await a.formToken(`/peserta/${list.id}`);
    const res = await a.postForm(`/peserta/${list.id}/setujui`, { _csrf: pageToken, urutan: 'nik' });
    expect(res.status).toBe(200);
    const page = await res.text();
    const approved = await h.db.prisma.participantList.findUniqueOrThrow({ where: { id: list.id } });
    expect(approved).toMatchObject({ status: 'approved', approvedCount: 1 });
    expect(approved.approvedById).toBe((await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'penyetuju' } })).id);
    expect(page).toContain(`daftar/${approved.contentHash}.csv`);
    expect(page).toContain('1 × Rp42.000 × 12 bulan = Rp504.000');
    expect(readFileSync(path.join(h.dataDir, 'daftar', `${approved.contentHash}.csv`), 'utf8')).toContain('5371012403800001');
    const again = await a.postForm(`/peserta/${list.id}/setujui`, { _csrf: pageToken, urutan: 'nik' });
    expect(again.status).toBe(409);
  });
});
