/**
 * Tasks, returns and notifications in the web app (issue 12): a drafter who is also the first official
 * is not offered a return to herself; a returned task shows the note, who returned it and when (local
 * time); the drafter answers and resubmits in one step; the chain shows who initialled and when; the
 * passphrase is marked required; e-mail arrives at a local SMTP server for each waiting paraf, the
 * waiting signature, the return and the issued decree, with a count in the navigation; an admin revokes
 * an issued decree with its reason kept off the public page unless marked public; drafts are deleted.
 */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeystore } from '../src/sign/keystore.ts';
import { createOfficial } from '../src/use-cases/create-official.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';

const PASSWORD = 'rahasia-sekali-123';
const PASSPHRASE = 'passphrase-yang-panjang';
const NTT = 'prov-ntt';
const KIND = 'keputusan-kepala-daerah';
const dataYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8').replace(/^nomor:.*$/m, '').replace(/^tanggal:.*$/m, '');

interface Mail {
  readonly to: readonly string[];
  readonly raw: string;
}

let h: Harness;
let smtp: SMTPServer;
const mails: Mail[] = [];
const clients = new Map<string, Client>();
let documentId = '';

async function as(username: string): Promise<Client> {
  let c = clients.get(username);
  if (!c) {
    c = new Client(h.baseUrl);
    expect((await c.apiLogin(username, PASSWORD)).status).toBe(200);
    clients.set(username, c);
  }
  return c;
}

function subjects(to: string): string[] {
  return mails.filter((m) => m.to.includes(to)).map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '');
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (d: string) => (raw += d));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const port = (smtp.server.address() as AddressInfo).port;
  h = await startHarness('sqlite', { config: { mail: { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'naskah <naskah@ntt.example>' } } });
  const official = async (jabatan: string, name: string) => createOfficial(h.db, { jabatan, name, region: NTT, actor: 'test' });
  const perancang = await official('PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA', 'MARIA G. NDOEN');
  const karo = await official('KEPALA BIRO HUKUM', 'YOHANES B. TALAN');
  const asisten = await official('ASISTEN PEMERINTAHAN DAN KESRA', 'ALOYSIUS M. BERE');
  const sekda = await official('SEKRETARIS DAERAH', 'KOSMAS D. LANA');
  const user = (username: string, roles: ('drafter' | 'paraf' | 'signer' | 'admin' | 'archivist')[], officialId: string | null) =>
    createUser(h.db, { username, displayName: username, password: PASSWORD, roles, regions: [NTT], officialId, email: `${username}@ntt.example`, actor: 'test' });
  await user('maria', ['drafter', 'paraf'], perancang.id);
  await user('yohanes', ['paraf'], karo.id);
  await user('aloysius', ['paraf'], asisten.id);
  await user('kosmas', ['signer'], sekda.id);
  await user('admin', ['admin'], null);
  const keys = openKeystore(path.join(h.dataDir, 'keys'));
  keys.createOfficialKey({ officialId: sekda.id, name: sekda.name, jabatan: sekda.jabatan }, PASSPHRASE);
  keys.createOfficialKey({ officialId: karo.id, name: karo.name, jabatan: karo.jabatan }, PASSPHRASE);
  await h.events.runOnce();
}, 120_000);
afterAll(async () => {
  await h?.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

describe('tasks, returns and notifications through the web app', () => {
  it('tells the first official by e-mail and in the navigation, and offers the drafter who is that official no return to herself', async () => {
    const maria = await as('maria');
    const created = (await (await maria.api('POST', '/documents', { kind: KIND, dataYaml })).json()) as { documentId: string; contentHash: string };
    documentId = created.documentId;
    expect((await maria.api('POST', `/documents/${documentId}/submit`, { contentHash: created.contentHash })).status).toBe(200);
    await h.events.runOnce();
    expect(subjects('maria@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu']);
    const home = await (await maria.fetch('/')).text();
    expect(home).toMatch(/Tugas saya\s*<span class="count"[^>]*>1</);
    expect(home).toMatch(/Pemberitahuan\s*<span class="count"[^>]*>1</);
    expect(home).toContain(`action="/dokumen/${documentId}/paraf?_csrf=`);
    expect(home).not.toContain(`action="/dokumen/${documentId}/kembalikan?_csrf=`);
    expect(home).toContain('Anda sendiri perancang dokumen ini');
    const refused = await maria.api('POST', `/documents/${documentId}/return`, { contentHash: created.contentHash, note: 'ke diri sendiri' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('perancang dokumen ini');
    expect((await maria.api('POST', `/documents/${documentId}/paraf`, { contentHash: created.contentHash })).status).toBe(200);
  });

  it('shows the next official the chain with who initialled and when (WITA), the passphrase and the note marked required; the return reaches the drafter with the note', async () => {
    await h.events.runOnce();
    expect(subjects('yohanes@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu']);
    const yohanes = await as('yohanes');
    const page = await (await yohanes.fetch('/')).text();
    expect(page).toMatch(/<td>1<\/td><td>PERANCANG PERATURAN PERUNDANG-UNDANGAN AHLI MUDA<\/td><td>MARIA G. NDOEN<\/td>\s*<td>sudah paraf<\/td><td>\d{1,2} \w+ \d{4} \d{2}\.\d{2} WITA<\/td>/);
    expect(page).toMatch(/Passphrase kunci \(bukti paraf elektronik\) <span class="req"[^>]*>\*<\/span><\/label>\s*<input type="password"[^>]*name="passphrase"[^>]*required/);
    expect(page).toMatch(/Catatan untuk perancang <span class="req"[^>]*>\*<\/span><\/label>\s*<textarea[^>]*name="note"[^>]*required/);
    const hash = /name="contentHash" value="([0-9a-f]{64})"/.exec(page)![1]!;
    const res = await yohanes.postForm(`/dokumen/${documentId}/kembalikan`, { _csrf: yohanes.csrfToken, contentHash: hash, note: 'Mengingat angka 3: tambahkan perubahan terakhir.' });
    expect(res.status).toBe(303);
    await h.events.runOnce();
    expect(subjects('maria@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Dokumen dikembalikan']);
    expect(mails.at(-1)!.raw.replace(/=\r?\n/g, '')).toContain('Mengingat angka 3');
  });

  it('shows the drafter the note, who returned it and when, and takes her answer with the revision straight back into paraf', async () => {
    const maria = await as('maria');
    const home = await (await maria.fetch('/')).text();
    expect(home).toMatch(/Dikembalikan oleh KEPALA BIRO HUKUM<\/strong> \(YOHANES B\. TALAN\) pada \d{1,2} \w+ \d{4} \d{2}\.\d{2} WITA/);
    expect(home).toContain('Mengingat angka 3: tambahkan perubahan terakhir.');
    const doc = await (await maria.fetch(`/dokumen/${documentId}`)).text();
    expect(doc).toContain('Mengingat angka 3: tambahkan perubahan terakhir.');
    // the example has a nested list in a lampiran: revised through the YAML editor, answered through the API
    const current = (await (await maria.api('GET', `/documents/${documentId}`)).json()) as { dataYaml: string; contentHash: string; state: string };
    expect(current.state).toBe('returned');
    const revised = await maria.api('PUT', `/documents/${documentId}/data`, {
      dataYaml: current.dataYaml.replace('Peraturan Presiden Nomor 82 Tahun 2018', 'Peraturan Presiden Nomor 82 Tahun 2018 (diperbaiki)'),
      baseContentHash: current.contentHash,
      note: 'Sudah ditambahkan perubahan terakhir.',
    });
    expect(revised.status).toBe(200);
    const v2 = (await revised.json()) as { contentHash: string };
    expect((await maria.api('POST', `/documents/${documentId}/submit`, { contentHash: v2.contentHash })).status).toBe(200);
    const after = await (await maria.fetch(`/dokumen/${documentId}`)).text();
    expect(after).toContain('Catatan dan tanggapan');
    expect(after).toMatch(/Dikembalikan oleh KEPALA BIRO HUKUM[\s\S]*Mengingat angka 3[\s\S]*Tanggapan perancang \(maria\)[\s\S]*Sudah ditambahkan perubahan terakhir\./);
  });

  it('e-mails each official whose paraf awaits, the signer, and everyone concerned when the decree is issued', async () => {
    for (const [username, passphrase] of [
      ['maria', undefined],
      ['yohanes', PASSPHRASE],
      ['aloysius', undefined],
    ] as const) {
      await h.events.runOnce();
      const c = await as(username);
      const tasks = (await (await c.api('GET', '/tasks')).json()) as { items: { documentId: string; contentHash: string; action: string }[] };
      const task = tasks.items.find((t) => t.documentId === documentId)!;
      expect(task.action).toBe('paraf');
      expect((await c.api('POST', `/documents/${documentId}/paraf`, { contentHash: task.contentHash, ...(passphrase ? { passphrase } : {}) })).status).toBe(200);
    }
    await h.events.runOnce();
    expect(subjects('kosmas@ntt.example')).toEqual(['[naskah] Tanda tangan Anda ditunggu']);
    const kosmas = await as('kosmas');
    const page = await (await kosmas.fetch('/')).text();
    expect(page).toMatch(/Passphrase kunci penandatanganan <span class="req"/);
    const hash = /name="contentHash" value="([0-9a-f]{64})"/.exec(page)![1]!;
    const signed = await kosmas.postForm(`/dokumen/${documentId}/tandatangani`, { _csrf: kosmas.csrfToken, contentHash: hash, passphrase: PASSPHRASE });
    expect(signed.status).toBe(303);
    await h.events.runOnce();
    expect(subjects('maria@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Dokumen dikembalikan', '[naskah] Paraf Anda ditunggu', '[naskah] Keputusan terbit']);
    expect(subjects('yohanes@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Paraf Anda ditunggu', '[naskah] Keputusan terbit']);
    expect(subjects('aloysius@ntt.example')).toEqual(['[naskah] Paraf Anda ditunggu', '[naskah] Keputusan terbit']);
    const number = (await h.db.prisma.document.findUniqueOrThrow({ where: { id: documentId } })).number!;
    expect(mails.at(-1)!.raw.replace(/=\r?\n/g, '')).toContain(number);
    const rows = await h.db.prisma.notification.findMany({ where: { user: { username: 'maria' } } });
    expect(rows.every((n) => n.emailStatus === 'sent')).toBe(true);

    // the count in the navigation goes when they are read
    const maria = await as('maria');
    expect(await (await maria.fetch('/')).text()).toMatch(/Pemberitahuan\s*<span class="count"[^>]*>4</);
    const list = await (await maria.fetch('/pemberitahuan')).text();
    expect(list).toContain(`Terbit dengan nomor ${number}`);
    expect((await maria.postForm('/pemberitahuan/dibaca', { _csrf: maria.csrfToken })).status).toBe(303);
    expect(await (await maria.fetch('/')).text()).not.toMatch(/Pemberitahuan\s*<span class="count"/);
  }, 120_000);

  it('revokes an issued decree with its reason kept off the public page unless marked public', async () => {
    const admin = await as('admin');
    const res = await admin.postForm(`/dokumen/${documentId}/cabut`, { _csrf: admin.csrfToken, alasan: 'Dicabut dengan Keputusan Gubernur Nomor 7/KEP/HK/2026 (catatan internal)' });
    expect(res.status).toBe(303);
    const visitor = new Client(h.baseUrl);
    const pub = await (await visitor.fetch(`/verifikasi/${documentId}`)).text();
    expect(pub).toContain('sudah DICABUT');
    expect(pub).not.toContain('catatan internal');
    const api = (await (await visitor.fetch(`/api/v1/verify/${documentId}`)).json()) as { status: string; revokeReason: string | null };
    expect(api).toMatchObject({ status: 'dicabut', revokeReason: null });
    const inside = await (await admin.fetch(`/dokumen/${documentId}`)).text();
    expect(inside).toContain('catatan internal');
    expect(inside).toContain('alasan tidak tampil di halaman publik');
    expect((await admin.api('POST', `/documents/${documentId}/revoke`, { reason: 'lagi', public: true })).status).toBe(400);
  });

  it('shows a revocation reason marked public on the public page', async () => {
    const maria = await as('maria');
    const created = (await (await maria.api('POST', '/documents', { kind: KIND, dataYaml: dataYaml.replace('Tim Kerja Pengelolaan', 'Tim Kedua Pengelolaan') })).json()) as { documentId: string; contentHash: string };
    expect((await maria.api('POST', `/documents/${created.documentId}/submit`, { contentHash: created.contentHash })).status).toBe(200);
    for (const [username, passphrase] of [
      ['maria', undefined],
      ['yohanes', PASSPHRASE],
      ['aloysius', undefined],
    ] as const) {
      expect((await (await as(username)).api('POST', `/documents/${created.documentId}/paraf`, { contentHash: created.contentHash, ...(passphrase ? { passphrase } : {}) })).status).toBe(200);
    }
    expect((await (await as('kosmas')).api('POST', `/documents/${created.documentId}/sign`, { contentHash: created.contentHash, passphrase: PASSPHRASE })).status).toBe(200);
    expect((await (await as('admin')).api('POST', `/documents/${created.documentId}/revoke`, { reason: 'Dicabut dengan Keputusan Gubernur Nomor 8/KEP/HK/2026', public: true })).status).toBe(200);
    const pub = await (await new Client(h.baseUrl).fetch(`/verifikasi/${created.documentId}`)).text();
    expect(pub).toContain('Dicabut dengan Keputusan Gubernur Nomor 8/KEP/HK/2026');
  }, 120_000);

  it('deletes a draft from its page (its audit trail stays) and refuses to delete an issued document', async () => {
    const maria = await as('maria');
    const created = (await (await maria.api('POST', '/documents', { kind: KIND, dataYaml: dataYaml.replace('Tim Kerja Pengelolaan', 'Tim Dihapus') })).json()) as { documentId: string; contentHash: string };
    const page = await (await maria.fetch(`/dokumen/${created.documentId}`)).text();
    expect(page).toContain(`action="/dokumen/${created.documentId}/hapus?_csrf=`);
    const res = await maria.postForm(`/dokumen/${created.documentId}/hapus`, { _csrf: maria.csrfToken, contentHash: created.contentHash });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dokumen?ok=hapus');
    expect(await h.db.prisma.document.findUnique({ where: { id: created.documentId } })).toBeNull();
    expect(await h.db.prisma.documentVersion.count({ where: { documentId: created.documentId } })).toBe(0);
    const events = (await h.db.prisma.auditEvent.findMany({ where: { documentId: created.documentId }, orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(events).toEqual(['document.drafted', 'document.deleted']);
    expect((await maria.fetch(`/dokumen/${created.documentId}`)).status).toBe(404);
    const issued = await maria.api('DELETE', `/documents/${documentId}`);
    expect(issued.status).toBe(409);
    expect(await h.db.prisma.document.findUnique({ where: { id: documentId } })).not.toBeNull();
  });
});
