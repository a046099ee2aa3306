/**
 * Drafting without YAML (issue 12): the kinds and their JSON Schema in the API, drafting from JSON,
 * the form generated from the schema (starter text, repeatable entries added/removed/moved by plain
 * form posts, citations from the register, every problem next to its field at once with nothing typed
 * lost), the preview of unsaved data, editing through the form, and a participant decree that takes its
 * lampiran source and figures from an approved list.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/use-cases/create-user.ts';
import { approveParticipantList } from '../src/use-cases/approve-participant-list.ts';
import { importParticipantList } from '../src/use-cases/import-participant-list.ts';
import { loadProgramConfig } from '../src/participants/program-config.ts';
import { seedDemoLegalReferences } from '../src/seed/demo-legal-references.ts';
import { Client, startHarness, type Harness } from './http-support/http-harness.ts';
import { databases } from './support/databases.ts';
import { requireTools, run } from './support/tools.ts';

const PASSWORD = 'rahasia-sekali-123';
const NTT = 'prov-ntt';
const KIND = 'keputusan-kepala-daerah';
const example = () => parse(readFileSync(new URL('../examples/keputusan-gubernur-ntt-99-2025.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;

async function setup(h: Harness): Promise<void> {
  await createUser(h.db, { username: 'admin', displayName: 'Admin', password: PASSWORD, roles: ['admin'], actor: 'test' });
  await createUser(h.db, { username: 'perancang', displayName: 'Maria', password: PASSWORD, roles: ['drafter'], regions: [NTT], actor: 'test' });
  await createUser(h.db, { username: 'penyetuju', displayName: 'Penyetuju', password: PASSWORD, roles: ['approver', 'admin'], regions: [NTT], actor: 'test' });
}

describe.each(databases)('templates and JSON drafting through the API on $provider', ({ provider }) => {
  let h: Harness;
  let c: Client;
  beforeAll(async () => {
    h = await startHarness(provider);
    await setup(h);
    c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
  }, 60_000);
  afterAll(async () => h?.close());

  it('lists the kinds by name and family, paged, with the user\'s regions', async () => {
    const all = (await (await c.api('GET', '/templates')).json()) as { items: { kind: string; label: string; family: string }[]; nextCursor: string | null; regions: { id: string; name: string; timeZone: string }[] };
    expect(all.nextCursor).toBeNull();
    expect(all.items).toEqual(
      expect.arrayContaining([
        { kind: KIND, label: 'Keputusan Kepala Daerah', family: 'keputusan' },
        { kind: 'instruksi-kepala-daerah', label: 'Instruksi Kepala Daerah', family: 'instruksi' },
        { kind: 'keputusan-peserta-pbpu', label: 'Keputusan Penetapan Peserta PBPU Pemda', family: 'keputusan' },
      ]),
    );
    expect(all.regions).toEqual([{ id: NTT, name: 'Provinsi Nusa Tenggara Timur', timeZone: 'Asia/Makassar' }]);
    const first = (await (await c.api('GET', '/templates?limit=2')).json()) as { items: { kind: string }[]; nextCursor: string };
    const second = (await (await c.api('GET', `/templates?limit=2&cursor=${first.nextCursor}`)).json()) as { items: { kind: string }[]; nextCursor: string | null };
    expect([...first.items, ...second.items].map((k) => k.kind).sort()).toEqual(all.items.map((k) => k.kind).sort());
    expect(second.nextCursor).toBeNull();
  });

  it('gives a kind\'s JSON Schema, with titles, widgets, starter text, the form order and required fields', async () => {
    const res = await c.api('GET', `/templates/${KIND}?daerah=${NTT}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { label: string; schema: Record<string, any>; starter: Record<string, any> };
    const s = body.schema;
    expect(s.type).toBe('object');
    expect(s['x-form-order']).toEqual(['tentang', 'tanggal', 'menimbang', 'mengingat', 'diktum', 'mulaiBerlaku', 'penandatangan', 'tembusan', 'lampiran']);
    expect(s.required).toEqual(expect.arrayContaining(['template', 'tentang', 'penandatangan', 'menimbang', 'mengingat', 'diktum']));
    expect(s.properties.tentang).toMatchObject({ type: 'string', title: 'Tentang', 'x-widget': 'paragraph' });
    expect(s.properties.tanggal['x-widget']).toBe('date');
    expect(s.properties.menimbang).toMatchObject({ type: 'array', 'x-widget': 'text-list', 'x-starter': ['bahwa …;', 'bahwa …;'], items: { type: 'string', minLength: 1 } });
    expect(s.properties.mengingat['x-register']).toBe(true);
    expect(s.properties.penandatangan.properties.nama).toMatchObject({ type: 'string', title: 'Nama (tanpa gelar akademik)' });
    expect(s.properties.lampiran.items.properties.anggota.items.properties.kedudukan).toMatchObject({ type: 'string', title: 'Kedudukan dalam tim' });
    expect(s.properties.tembusan['x-starter']).toEqual(['Gubernur Nusa Tenggara Timur di Kupang;', 'Wakil Gubernur Nusa Tenggara Timur di Kupang;', 'Inspektur Provinsi Nusa Tenggara Timur.']);
    expect(body.starter).toMatchObject({ template: KIND, daerah: NTT, menimbang: ['bahwa …;', 'bahwa …;'] });
    // without a region the schema is the kind's alone: no region's tembusan as starter text
    const bare = (await (await c.api('GET', `/templates/${KIND}`)).json()) as { schema: Record<string, any> };
    expect(bare.schema.properties.tembusan['x-starter']).toBeUndefined();
    expect((await c.api('GET', '/templates/tidak-ada')).status).toBe(404);
  });

  it('drafts from { kind, data }: the stored version holds exactly that data, and the same data gives the same content hash', async () => {
    const data = example();
    const created = await c.api('POST', '/documents', { kind: KIND, data });
    expect(created.status).toBe(201);
    const { documentId, contentHash } = (await created.json()) as { documentId: string; contentHash: string };
    const detail = (await (await c.api('GET', `/documents/${documentId}`)).json()) as { data: Record<string, unknown>; tentang: string };
    expect(detail.data).toEqual(data);
    const again = (await (await c.api('POST', '/documents', { kind: KIND, data: example() })).json()) as { contentHash: string };
    expect(again.contentHash).toBe(contentHash);
    const revised = await c.api('PUT', `/documents/${documentId}/data`, { data: { ...data, tentang: 'Tim Kerja Uji' }, baseContentHash: contentHash });
    expect(revised.status).toBe(200);
    expect(((await (await c.api('GET', `/documents/${documentId}`)).json()) as { tentang: string }).tentang).toBe('Tim Kerja Uji');
  });

  it('refuses data against the kind\'s schema with every problem at once, each naming its field, and stores nothing', async () => {
    const before = await h.db.prisma.document.count();
    const bad = { ...example(), tentang: '', menimbang: ['bahwa satu;', ''], penandatangan: {}, lampiran: [{ judul: 'X', anggota: [{ jabatan: 7 }] }] };
    const res = await c.api('POST', '/documents', { kind: KIND, data: bad });
    expect(res.status).toBe(400);
    const err = ((await res.json()) as { error: { code: string; problems: { field: string; message: string }[] } }).error;
    expect(err.code).toBe('DOCUMENT_INVALID');
    expect(err.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['tentang', 'menimbang[1]', 'penandatangan.nama', 'lampiran[0].anggota[0].jabatan']));
    for (const p of err.problems) expect(p.message).not.toMatch(/expected|received|Too |Invalid/);
    expect(await h.db.prisma.document.count()).toBe(before);
    expect((await c.api('POST', '/documents', { kind: KIND })).status).toBe(400);
  });
});

function field(page: string, name: string): string | undefined {
  const esc = name.replace(/\./g, '\\.');
  const area = new RegExp(`<textarea[^>]*name="${esc}"[^>]*>([\\s\\S]*?)</textarea>`).exec(page);
  if (area) return area[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const input = new RegExp(`<input[^>]*name="${esc}"[^>]*value="([^"]*)"`).exec(page);
  return input ? input[1] : undefined;
}

function fieldsOf(page: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of page.matchAll(/<textarea[^>]*name="(f\.[^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) {
    if (!/__i\d__/.test(m[1]!)) out.push([m[1]!, m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")]);
  }
  for (const m of page.matchAll(/<input type="(?:text|date|number)"[^>]*name="(f\.[^"]+)"[^>]*value="([^"]*)"/g)) if (!/__i\d__/.test(m[1]!)) out.push([m[1]!, m[2]!]);
  return out;
}

describe('the drafting form (no script: every button is a form post)', () => {
  let h: Harness;
  let c: Client;
  let token = '';
  beforeAll(async () => {
    h = await startHarness('sqlite');
    await setup(h);
    await seedDemoLegalReferences(h.db, 'admin');
    c = new Client(h.baseUrl);
    await c.apiLogin('perancang', PASSWORD);
    token = c.csrfToken;
  }, 60_000);
  afterAll(async () => h?.close());

  const post = (pathName: string, fields: [string, string][]) => c.postForm(pathName, [['_csrf', token], ...fields]);

  it('offers the kinds by title, and a form with starter text and required fields marked', async () => {
    // a drafter of two regions picks kind and region; with one region the picker is skipped
    await h.db.prisma.user.update({ where: { username: 'perancang' }, data: { regions: `${NTT},kota-bekasi` } });
    const picker = await (await c.fetch('/dokumen/baru')).text();
    await h.db.prisma.user.update({ where: { username: 'perancang' }, data: { regions: NTT } });
    expect(picker).toContain('Keputusan Penetapan Peserta PBPU Pemda');
    expect(picker).toContain(`href="/dokumen/baru?jenis=${KIND}&amp;daerah=${NTT}"`);
    expect(picker).toContain(`href="/dokumen/baru?jenis=${KIND}&amp;daerah=kota-bekasi"`);
    const form = await (await c.fetch(`/dokumen/baru?jenis=${KIND}`)).text();
    expect(form).toContain('Konsep baru: Keputusan Kepala Daerah — Provinsi Nusa Tenggara Timur');
    expect(form).toContain(`name="daerah" value="${NTT}"`);
    expect(field(form, 'f.menimbang.0')).toBe('bahwa …;');
    expect(field(form, 'f.tembusan.2')).toBe('Inspektur Provinsi Nusa Tenggara Timur.');
    expect(form).toMatch(/<label for="f-tentang">Tentang <span class="req"/);
    expect(form).toMatch(/<legend>Menimbang <span class="req"/);
    expect(form).toContain('type="date" id="f-tanggal"');
    expect(form).toContain('<option value="Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah"');
  });

  it('adds, removes and moves entries and cites from the register by form posts, keeping what was typed', async () => {
    const typed: [string, string][] = [
      ['jenis', KIND],
      ['daerah', NTT],
      ['f.tentang', 'Tim Uji'],
      ['f.menimbang.0', 'bahwa pertama;'],
      ['f.menimbang.1', 'bahwa kedua;'],
      ['f.penandatangan.nama', 'Kosmas D. Lana'],
    ];
    const added = await (await post('/dokumen/baru', [...typed, ['aksi', 'tambah:menimbang']])).text();
    expect([field(added, 'f.menimbang.0'), field(added, 'f.menimbang.1'), field(added, 'f.menimbang.2')]).toEqual(['bahwa pertama;', 'bahwa kedua;', '']);
    expect(field(added, 'f.tentang')).toBe('Tim Uji');
    const moved = await (await post('/dokumen/baru', [...typed, ['aksi', 'turun:menimbang.0']])).text();
    expect([field(moved, 'f.menimbang.0'), field(moved, 'f.menimbang.1')]).toEqual(['bahwa kedua;', 'bahwa pertama;']);
    const removed = await (await post('/dokumen/baru', [...typed, ['aksi', 'hapus:menimbang.0']])).text();
    expect(field(removed, 'f.menimbang.0')).toBe('bahwa kedua;');
    expect(field(removed, 'f.menimbang.1')).toBeUndefined();
    const nested = await (await post('/dokumen/baru', [...typed, ['f.lampiran.0.judul', 'Susunan'], ['aksi', 'tambah:lampiran.0.anggota']])).text();
    expect(nested).toContain('name="f.lampiran.0.anggota.0.jabatan"');
    const cited = await (await post('/dokumen/baru', [...typed, ['rujukan.mengingat', 'Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah'], ['aksi', 'rujukan:mengingat']])).text();
    expect(field(cited, 'f.mengingat.0')).toMatch(/^Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah \(Lembaran Negara .* beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2023 .*Nomor 6856\);$/);
    const unknown = await (await post('/dokumen/baru', [...typed, ['rujukan.mengingat', 'Peraturan Khayalan'], ['aksi', 'rujukan:mengingat']])).text();
    expect(unknown).toContain('rujukan itu tidak ditemukan di register');
  });

  it('shows every problem next to its field at once, in Indonesian, keeping everything typed, and stores nothing', async () => {
    const before = await h.db.prisma.document.count();
    const res = await post('/dokumen/baru', [
      ['jenis', KIND],
      ['daerah', NTT],
      ['f.tentang', ''],
      ['f.menimbang.0', 'bahwa pertama;'],
      ['f.diktum.0', 'Membentuk Tim Uji.'],
      ['f.lampiran.0.judul', 'Susunan Tim'],
      ['f.lampiran.0.anggota.0.kedudukan', 'Ketua'],
      ['aksi', 'simpan'],
    ]);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('isian perlu diperbaiki');
    expect(page).toMatch(/id="f-tentang-galat"[^>]*>wajib diisi/);
    expect(page).toMatch(/id="f-mengingat-galat"[^>]*>wajib diisi/);
    expect(page).toMatch(/id="f-penandatangan-nama-galat"[^>]*>wajib diisi/);
    expect(page).toContain('aria-invalid="true"');
    expect(field(page, 'f.menimbang.0')).toBe('bahwa pertama;');
    expect(field(page, 'f.diktum.0')).toBe('Membentuk Tim Uji.');
    expect(field(page, 'f.lampiran.0.anggota.0.kedudukan')).toBe('Ketua');
    expect(await h.db.prisma.document.count()).toBe(before);
  });

  it('previews the form as typed as a PDF, stored nowhere; an incomplete form gets the list of what is missing', async () => {
    const fields: [string, string][] = [
      ['jenis', KIND],
      ['daerah', NTT],
      ['f.tentang', 'Tim Pratinjau Formulir'],
      ['f.menimbang.0', 'bahwa pertama;'],
      ['f.mengingat.0', 'Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur;'],
      ['f.diktum.0', 'Membentuk Tim Pratinjau.'],
      ['f.penandatangan.nama', 'Kosmas D. Lana'],
    ];
    const before = await h.db.prisma.document.count();
    const res = await post('/dokumen/pratinjau', fields);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(await h.db.prisma.document.count()).toBe(before);
    if (requireTools('form preview text', 'pdftotext')) {
      const text = run('pdftotext', ['-', '-'], bytes).stdout.replace(/\s+/g, ' ');
      expect(text).toContain('TIM PRATINJAU FORMULIR');
      expect(text).toContain('Membentuk Tim Pratinjau.');
    }
    const incomplete = await post('/dokumen/pratinjau', [['jenis', KIND], ['daerah', NTT], ['f.tentang', 'Tanpa isi']]);
    // a region not the user's own is refused
    expect((await post('/dokumen/pratinjau', [['jenis', KIND], ['daerah', 'kota-bekasi'], ['f.tentang', 'X']])).status).toBe(403);
    expect(incomplete.status).toBe(422);
    const listed = await incomplete.text();
    expect(listed).toContain('<strong>menimbang</strong>');
  }, 60_000);

  it('saves the form as a draft whose data is what was typed, then edits it through the form as a new version', async () => {
    const res = await post('/dokumen/baru', [
      ['jenis', KIND],
      ['daerah', NTT],
      ['f.tentang', 'Tim Kerja dari Formulir'],
      ['f.tanggal', ''],
      ['f.menimbang.0', 'bahwa pertama;'],
      ['f.menimbang.1', ''],
      ['f.mengingat.0', 'Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur;'],
      ['f.diktum.0', 'Membentuk Tim Kerja.'],
      ['f.penandatangan.nama', 'Kosmas D. Lana'],
      ['f.penandatangan.status', ''],
      ['f.tembusan.0', 'Gubernur Nusa Tenggara Timur di Kupang.'],
      ['f.lampiran.0.judul', 'Susunan Tim Kerja'],
      ['f.lampiran.0.anggota.0.jabatan', 'Kepala Dinas Kesehatan'],
      ['f.lampiran.0.anggota.0.kedudukan', 'Ketua'],
      ['f.lampiran.0.anggota.0.tugas', 'Mengoordinasikan.'],
      ['aksi', 'simpan'],
    ]);
    expect(res.status).toBe(303);
    const id = /\/dokumen\/([0-9a-f-]{36})\?ok=buat/.exec(res.headers.get('location') ?? '')![1]!;
    const doc = await h.db.prisma.document.findUniqueOrThrow({ where: { id }, include: { currentVersion: true } });
    expect(parse(doc.currentVersion!.dataYaml)).toEqual({
      template: KIND,
      daerah: NTT,
      tentang: 'Tim Kerja dari Formulir',
      menimbang: ['bahwa pertama;'],
      mengingat: ['Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur;'],
      diktum: ['Membentuk Tim Kerja.'],
      penandatangan: { nama: 'Kosmas D. Lana' },
      tembusan: ['Gubernur Nusa Tenggara Timur di Kupang.'],
      lampiran: [{ judul: 'Susunan Tim Kerja', anggota: [{ jabatan: 'Kepala Dinas Kesehatan', kedudukan: 'Ketua', tugas: 'Mengoordinasikan.' }] }],
    });
    const edit = await (await c.fetch(`/dokumen/${id}/ubah`)).text();
    expect(field(edit, 'f.lampiran.0.anggota.0.jabatan')).toBe('Kepala Dinas Kesehatan');
    const fields = fieldsOf(edit).map(([k, v]): [string, string] => (k === 'f.tentang' ? [k, 'Tim Kerja yang Diubah'] : [k, v]));
    const saved = await post(`/dokumen/${id}/ubah`, [['jenis', KIND], ['daerah', NTT], ['contentHash', doc.currentVersion!.contentHash], ...fields, ['aksi', 'simpan']]);
    expect(saved.status).toBe(303);
    const after = await h.db.prisma.document.findUniqueOrThrow({ where: { id }, include: { currentVersion: true } });
    expect(after.currentVersion!.versionNo).toBe(2);
    expect(after.tentang).toBe('Tim Kerja yang Diubah');
  });

  it('keeps a document the form cannot show faithfully in the YAML editor', async () => {
    const created = (await (await c.api('POST', '/documents', { kind: KIND, data: example() })).json()) as { documentId: string };
    const page = await (await c.fetch(`/dokumen/${created.documentId}`)).text();
    expect(page).toContain('hanya dapat diubah di mode YAML');
    expect((await c.fetch(`/dokumen/${created.documentId}/ubah`)).status).toBe(409);
  });

  it('drafts a participant decree from an approved list: the lampiran source and every figure come from the list', async () => {
    const dir = h.dataDir;
    const csv = path.join(dir, 'dinsos.csv');
    copyFileSync(new URL('../examples/peserta-pbpu-ntt.csv', import.meta.url), csv);
    const imported = await importParticipantList(h.db, { file: csv, program: 'pbpu-pemda', year: 2025, username: 'perancang' });
    const approved = await approveParticipantList(h.db, { listId: imported.listId, username: 'penyetuju', programConfig: loadProgramConfig(), dataDir: dir });
    const kind = 'keputusan-peserta-pbpu';
    const form = await (await c.fetch(`/dokumen/baru?jenis=${kind}`)).text();
    expect(form).toContain(`<option value="${imported.listId}"`);
    expect(form).not.toContain('name="f.iuran');
    const fields: [string, string][] = [
      ...new Map<string, string>([
        ['jenis', kind],
        ['daerah', NTT],
        ...fieldsOf(form),
        ['f.mengingat.0', 'Undang-Undang Nomor 21 Tahun 2022 tentang Provinsi Nusa Tenggara Timur;'],
        ['f.penandatangan.nama', 'Kosmas D. Lana'],
        ['f.daftarPeserta', imported.listId],
      ]),
    ];
    const withoutList = await post('/dokumen/baru', [...fields.filter(([k]) => k !== 'f.daftarPeserta'), ['aksi', 'simpan']]);
    expect(withoutList.status).toBe(400);
    expect(await withoutList.text()).toMatch(/id="f-daftarPeserta-galat"/);
    const res = await post('/dokumen/baru', [...fields, ['aksi', 'simpan']]);
    expect(res.status).toBe(303);
    const id = /\/dokumen\/([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')![1]!;
    const doc = await h.db.prisma.document.findUniqueOrThrow({ where: { id }, include: { currentVersion: true } });
    const data = parse(doc.currentVersion!.dataYaml) as { sumber: { peserta: { berkas: string; sha256: string } }; iuran: Record<string, number | string>; daftarPeserta: string };
    expect(data.daftarPeserta).toBe(imported.listId);
    expect(data.sumber.peserta.berkas).toBe(`daftar/${approved.contentHash}.csv`);
    expect(data.sumber.peserta.sha256).toBe(createHash('sha256').update(readFileSync(path.join(dir, data.sumber.peserta.berkas))).digest('hex'));
    // what the list gives is stated; the count, tariff and total are derived by compose, never typed
    expect(data.iuran).toEqual({ bulan: approved.iuran.bulan, tahun: approved.iuran.tahun, dasarTarif: approved.iuran.dasarTarif });
    const pdf = new Uint8Array(await (await c.fetch(`/dokumen/${id}/pratinjau.pdf`)).arrayBuffer());
    if (requireTools('participant decree from a list', 'pdftotext')) {
      const text = run('pdftotext', ['-', '-'], pdf).stdout.replace(/\s+/g, ' ');
      expect(text).toContain(`sebanyak ${approved.approved} (`);
      const firstApproved = readFileSync(path.join(dir, data.sumber.peserta.berkas), 'utf8').split('\n')[1]!.split(',')[0]!;
      expect(text).toContain(firstApproved);
    }
  }, 60_000);
});
