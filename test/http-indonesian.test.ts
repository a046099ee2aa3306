/**
 * Indonesian everywhere (issue 12): every page each role can open — lists, forms, a document with its
 * audit trail, the admin pages, error pages — is crawled, its visible text (and the texts people read in
 * placeholders, titles and labels) taken apart into words, and any English word of the list below
 * (also inside dotted names such as document.drafted), or any snake-case identifier (ready_to_sign),
 * fails the test. Codes shown in <code> and hashes are not words.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed/seed-demo.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';

const ENGLISH = new Set(
  (
    'the and of to is are was not found error errors invalid expected received string required failed decode param parameter document documents ' +
    'drafted submitted returned signed revoked pending done draft drafter signer archivist approver user users password login logout search upload ' +
    'file files page next previous back save submit delete cancel yes true false null undefined too big small must should please your with from this ' +
    'that none unknown checked approved task tasks loading success warning superseded request forbidden unauthorized internal server bad ' +
    'template templates list lists kind kinds created updated deleted action role roles region regions state status_code'
  ).split(/\s+/),
);
const PASSWORD = 'kata-sandi-demo-1';

function visibleText(page: string): string {
  const readable = [...page.matchAll(/\s(?:placeholder|title|aria-label)="([^"]*)"/g)].map((m) => m[1]).join(' ');
  const text = page
    .replace(/<(script|style|code|textarea|datalist|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*class="[^"]*\bhash\b[^"]*"[^>]*>[\s\S]*?<\/[a-z]+>/gi, ' ')
    .replace(/<[^>]+>/g, ' ');
  return `${text} ${readable}`.replace(/&[a-z]+;|&#\d+;/g, ' ');
}

function englishIn(page: string): string[] {
  const text = visibleText(page);
  const words = text.split(/[^A-Za-z_.]+/).filter((w) => w.length > 0);
  const bad = new Set<string>();
  for (const raw of words) {
    const w = raw.replace(/^\.+|\.+$/g, '');
    // a system identifier in snake case (ready_to_sign, in_paraf) is never text for people
    if (/^[a-z]+_[a-z_]+$/.test(w)) bad.add(w);
    for (const part of w.split(/[_.]/)) if (ENGLISH.has(part.toLowerCase())) bad.add(part);
  }
  return [...bad];
}

let h: Harness;
let documentId = '';
let listId = '';
let jobId = '';

beforeAll(async () => {
  h = await startHarness();
  await seedDemo(h.db, { password: PASSWORD });
  const drafter = new Client(h.baseUrl);
  await drafter.apiLogin('perancang.ntt', PASSWORD);
  const dataYaml = readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8');
  const created = (await (await drafter.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', dataYaml })).json()) as { documentId: string; contentHash: string };
  documentId = created.documentId;
  await drafter.api('POST', `/documents/${documentId}/submit`, { contentHash: created.contentHash });
  const form = new FormData();
  form.set('program', 'pbpu-pemda');
  form.set('year', '2025');
  form.set('file', new Blob([readFileSync(new URL('../examples/peserta-pbpu-ntt.csv', import.meta.url))]), 'peserta.csv');
  listId = ((await (await drafter.fetch('/api/v1/participant-lists', { method: 'POST', headers: { 'x-csrf-token': drafter.csrfToken }, body: form })).json()) as { listId: string }).listId;
  jobId = (await h.db.prisma.job.findFirstOrThrow({ where: { type: 'list.import' } })).id;
  await h.events.runOnce();
}, 120_000);
afterAll(async () => h?.close());

describe('every page is in Indonesian', () => {
  it.each([
    ['tamu (belum masuk)', null],
    ['perancang', 'perancang.ntt'],
    ['pemaraf', 'karohukum.ntt'],
    ['penanda tangan', 'sekda.ntt'],
    ['arsiparis', 'arsiparis'],
    ['admin', 'admin'],
  ] as const)('has no English word on the pages of the %s', async (_label, username) => {
    const c = new Client(h.baseUrl);
    if (username) expect((await c.apiLogin(username, PASSWORD)).status).toBe(200);
    const user = username ? await h.db.prisma.user.findUniqueOrThrow({ where: { username } }) : null;
    const paths = [
      '/masuk',
      '/verifikasi',
      '/verifikasi/tidak-ada',
      '/tidak-ada',
      '/dokumen/%E0%A4%A',
      ...(username
        ? [
            '/',
            '/dokumen',
            '/dokumen?keadaan=in_paraf',
            `/dokumen/${documentId}`,
            `/dokumen/${documentId}/audit`,
            '/dokumen/baru',
            '/dokumen/baru?jenis=keputusan-kepala-daerah&daerah=prov-ntt',
            '/dokumen/baru?jenis=instruksi-kepala-daerah&daerah=prov-ntt',
            '/dokumen/baru?jenis=keputusan-peserta-pbpu&daerah=prov-ntt',
            '/dokumen/baru?jenis=keputusan-kepala-daerah&daerah=prov-ntt&mode=yaml',
            '/peserta',
            `/peserta/${listId}`,
            `/peserta/${listId}/baris`,
            '/arsip',
            '/arsip?teks=tim',
            '/arsip?nik=123',
            '/rujukan',
            '/pemberitahuan',
            '/akun',
            '/akun/kata-sandi',
            '/akun/token',
            '/admin',
            '/admin/pengguna',
            `/admin/pengguna/${user!.id}`,
            '/admin/pejabat',
            '/admin/webhook',
            '/pekerjaan',
            `/pekerjaan/${jobId}`,
          ]
        : []),
    ];
    const findings: string[] = [];
    for (const p of paths) {
      const res = await c.fetch(p);
      if (res.status >= 300 && res.status < 400) continue;
      const words = englishIn(await res.text());
      if (words.length > 0) findings.push(`${p} (${res.status}): ${words.join(', ')}`);
    }
    expect(findings).toEqual([]);
  }, 120_000);

  it('answers refused forms in Indonesian too', async () => {
    const c = new Client(h.baseUrl);
    await c.apiLogin('perancang.ntt', PASSWORD);
    const pages = [
      await c.postForm('/dokumen/baru', { _csrf: c.csrfToken, jenis: 'keputusan-kepala-daerah', 'f.menimbang.0': '', aksi: 'simpan' }),
      await c.postForm('/dokumen', { _csrf: c.csrfToken, kind: 'keputusan-kepala-daerah', dataYaml: 'template: keputusan-kepala-daerah\ndaerah: prov-ntt\ntentang: [1, 2\n' }),
      await c.postForm('/dokumen', { _csrf: c.csrfToken, kind: 'keputusan-kepala-daerah', dataYaml: 'template: keputusan-kepala-daerah\ndaerah: prov-ntt\ntentang: 5\npenandatangan: []\n' }),
      await c.postForm('/dokumen', { kind: 'x', dataYaml: 'x' }),
      await c.postForm('/akun/kata-sandi', { _csrf: c.csrfToken, kataSandiSekarang: 'salah-sekali-ya', kataSandiBaru: 'pendek', ulangi: 'pendek' }),
    ];
    for (const res of pages) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(englishIn(await res.text())).toEqual([]);
    }
    const api = await c.api('POST', '/documents', { kind: 'keputusan-kepala-daerah', data: { tentang: 7 } });
    const body = (await api.json()) as { error: { message: string; problems: { message: string }[] } };
    expect(englishIn(`<p>${body.error.message} ${body.error.problems.map((p) => p.message).join(' ')}</p>`)).toEqual([]);
  });
});
