/**
 * The server-rendered web app in Indonesian: login, Tugas saya, document list and page (YAML editor,
 * preview links, paraf state, history, audit), participant list check, archive search and the public
 * verification pages. Thin: parse the form, call the bridge or a read model, render or redirect.
 * Imports the http modules.
 */
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { uploadedFiles } from '../api-route.ts';
import { sendStoredFile } from '../send-stored-file.ts';
import { ANY_ROLE, currentUser, hasRole, requireRole } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { AppContext } from '../http-deps.ts';
import { getDocumentDetail, getIssuedDocumentView, getParticipantList, listDocuments, listParticipantLists, listMyTasks, searchArchive, type DocumentDetail, type TaskView } from '../read-models.ts';
import { logIn, logOut } from '../session.ts';
import * as bridge from '../use-case-bridge.ts';
import { isPending, sendPending } from '../job-replies.ts';
import { FLASH_TEXTS, STATE_LABELS, STEP_LABELS, stateBadge, tanggal, waktu } from '../views/labels.ts';
import { csrfField, renderPage, type PageOptions } from '../views/layout.ts';

type PageBody = Omit<PageOptions, 'auth' | 'flash'>;

function send(req: Request, res: Response, page: PageBody, status = 200): void {
  const code = typeof req.query.ok === 'string' ? req.query.ok : undefined;
  const flash = code && FLASH_TEXTS[code] ? { kind: 'ok' as const, text: FLASH_TEXTS[code] } : undefined;
  res.status(status).type('html').send(renderPage({ ...page, auth: res.locals.auth, flash }));
}

function formField(req: Request, name: string): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

const Sha256 = /^[0-9a-f]{64}$/;

function hashField(req: Request): string {
  const v = formField(req, 'contentHash');
  if (!Sha256.test(v)) throw new AppError('USAGE', 'Formulir tidak membawa hash isi dokumen yang sah; muat ulang halaman lalu coba lagi.');
  return v;
}

/** Only same-site paths after login (no open redirect). */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/';
}

function shortHash(hash: string | null | undefined): string {
  return hash ? `${hash.slice(0, 12)}…` : '—';
}

export function createPagesRouter(ctx: AppContext): express.Router {
  const router = express.Router();

  // --- login / logout ---------------------------------------------------------------------------
  const loginPage = (req: Request, res: Response, error?: string, status = 200) =>
    send(
      req,
      res,
      {
        title: 'Masuk',
        active: 'masuk',
        body: html`<h1>Masuk</h1>
<div class="card narrow">
${error ? html`<div class="flash error" role="alert">${error}</div>` : null}
<form method="post" action="/masuk">
${csrfField(res.locals.auth)}
<input type="hidden" name="next" value="${safeNext(req.query.next ?? formField(req, 'next'))}">
<label for="username">Nama pengguna</label><input type="text" id="username" name="username" autocomplete="username" required value="${formField(req, 'username')}">
<label for="password">Kata sandi</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions"><button type="submit">Masuk</button></div>
</form>
</div>
<p class="muted">Memeriksa keaslian dokumen tidak memerlukan akun: buka <a href="/verifikasi">Verifikasi</a>.</p>`,
      },
      status,
    );

  router.get('/masuk', (req, res) => loginPage(req, res));
  router.post('/masuk', async (req, res) => {
    let result;
    try {
      result = await logIn(ctx, res, formField(req, 'username'), formField(req, 'password'), req.ip ?? 'unknown');
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') return loginPage(req, res, error.message, 429);
      throw error;
    }
    if (!result) return loginPage(req, res, 'Nama pengguna atau kata sandi salah.', 401);
    res.redirect(303, safeNext(formField(req, 'next')));
  });
  router.post('/keluar', async (_req, res) => {
    await logOut(ctx, res);
    res.redirect(303, '/masuk?ok=keluar');
  });

  // --- Tugas saya ------------------------------------------------------------------------------
  router.get('/', requireRole(), async (req, res) => {
    const user = currentUser(res);
    const tasks = await listMyTasks(ctx.db, user, ctx.clock());
    send(req, res, {
      title: 'Tugas saya',
      active: 'tugas',
      body: html`<h1>Tugas saya</h1>
${tasks.length === 0 ? html`<div class="card"><p>Tidak ada dokumen yang menunggu paraf, tanda tangan, atau perbaikan Anda.</p></div>` : tasks.map((t) => taskCard(t, res))}`,
    });
  });

  function taskCard(t: TaskView, res: Response): SafeHtml {
    const csrf = csrfField(res.locals.auth);
    const what = t.action === 'paraf' ? html`Paraf ke-${t.position} sebagai <strong>${t.jabatan}</strong>` : t.action === 'sign' ? html`Tanda tangan` : html`Perbaiki (dikembalikan)`;
    const hidden = html`<input type="hidden" name="contentHash" value="${t.contentHash}">`;
    const returnForm = html`<form method="post" action="/dokumen/${t.documentId}/kembalikan" class="grow">${csrf}${hidden}
  <label for="note-${t.documentId}">Catatan untuk perancang</label>
  <textarea id="note-${t.documentId}" name="note" rows="2" required></textarea>
  <div class="actions"><button type="submit" class="secondary">Kembalikan dengan catatan</button></div></form>`;
    const actions =
      t.action === 'revise'
        ? html`<a class="button" href="/dokumen/${t.documentId}">Buka dan perbaiki</a>`
        : t.action === 'paraf'
          ? html`<form method="post" action="/dokumen/${t.documentId}/paraf">${csrf}${hidden}
  <label for="paraf-pass-${t.documentId}">Passphrase kunci (bukti paraf elektronik)</label>
  <input type="password" id="paraf-pass-${t.documentId}" name="passphrase" autocomplete="off">
  <div class="actions"><button type="submit">Beri paraf</button></div></form>${returnForm}`
          : html`<form method="post" action="/dokumen/${t.documentId}/tandatangani">${csrf}${hidden}
  <label for="pass-${t.documentId}">Passphrase kunci penandatanganan</label>
  <input type="password" id="pass-${t.documentId}" name="passphrase" autocomplete="off" required>
  <div class="actions"><button type="submit">Tandatangani</button></div></form>`;
    return html`<div class="card task">
<h2 class="first"><a href="/dokumen/${t.documentId}">${t.tentang}</a></h2>
<dl class="meta"><dt>Jenis</dt><dd>${t.kindId}</dd><dt>Keadaan</dt><dd>${stateBadge(t.state)}</dd><dt>Tugas</dt><dd>${what}</dd>
<dt>Versi</dt><dd>${t.versionNo}</dd><dt>Hash isi</dt><dd class="hash">${t.contentHash}</dd></dl>
<p class="muted">Paraf dan tanda tangan berlaku hanya untuk versi dengan hash di atas. <a href="/dokumen/${t.documentId}/pratinjau.pdf">Pratinjau PDF</a> · <a href="/dokumen/${t.documentId}/unduh.docx">Unduh DOCX</a></p>
<div class="actions">${actions}</div>
</div>`;
  }

  // --- workflow actions (forms) ------------------------------------------------------------------
  router.post('/dokumen/:id/paraf', requireRole('paraf'), async (req, res) => {
    await bridge.giveParaf(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req), passphrase: formField(req, 'passphrase') || undefined });
    res.redirect(303, '/?ok=paraf');
  });
  router.post('/dokumen/:id/kembalikan', requireRole('paraf'), async (req, res) => {
    const note = formField(req, 'note').trim();
    if (!note) throw new AppError('USAGE', 'Tulis catatan untuk perancang sebelum mengembalikan dokumen.');
    await bridge.returnDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req), note });
    res.redirect(303, '/?ok=kembali');
  });
  router.post('/dokumen/:id/tandatangani', requireRole('signer'), async (req, res) => {
    const signed = await bridge.signDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req), passphrase: formField(req, 'passphrase') || undefined });
    if (isPending(signed)) return sendPending(req, res, signed);
    res.redirect(303, `/dokumen/${encodeURIComponent(String(req.params.id))}?ok=tandatangan`);
  });
  router.post('/dokumen/:id/ajukan', requireRole('drafter'), async (req, res) => {
    await bridge.submitDocument(ctx, currentUser(res), { documentId: String(req.params.id), contentHash: hashField(req) });
    res.redirect(303, `/dokumen/${encodeURIComponent(String(req.params.id))}?ok=ajukan`);
  });
  router.post('/dokumen/:id', requireRole('drafter'), async (req, res) => {
    const dataYaml = formField(req, 'dataYaml');
    if (!dataYaml.trim()) throw new AppError('USAGE', 'Data YAML kosong; isi data dokumen sebelum menyimpan.');
    await bridge.reviseDocument(ctx, currentUser(res), { documentId: String(req.params.id), dataYaml, baseContentHash: hashField(req) });
    res.redirect(303, `/dokumen/${encodeURIComponent(String(req.params.id))}?ok=simpan`);
  });
  router.post('/dokumen', requireRole('drafter'), async (req, res) => {
    const kind = formField(req, 'kind').trim();
    const dataYaml = formField(req, 'dataYaml');
    if (!kind || !dataYaml.trim()) throw new AppError('USAGE', 'Isi jenis dokumen dan data YAML-nya.');
    const created = await bridge.draftDocument(ctx, currentUser(res), { kind, dataYaml });
    res.redirect(303, `/dokumen/${encodeURIComponent(created.documentId)}?ok=buat`);
  });

  // --- documents -------------------------------------------------------------------------------
  router.get('/dokumen', requireRole(...ANY_ROLE), async (req, res) => {
    const state = typeof req.query.keadaan === 'string' && STATE_LABELS[req.query.keadaan] ? req.query.keadaan : undefined;
    const user = currentUser(res);
    const docs = await listDocuments(ctx.db, user, { state });
    const filter = html`<form method="get" action="/dokumen" class="actions"><select name="keadaan" aria-label="Keadaan">
<option value="">Semua keadaan</option>${Object.entries(STATE_LABELS).map(([k, v]) => html`<option value="${k}" ${k === state ? 'selected' : ''}>${v}</option>`)}
</select><button type="submit" class="secondary">Saring</button></form>`;
    const create = hasRole(user, 'drafter')
      ? html`<details class="card"><summary>Konsep baru</summary><form method="post" action="/dokumen">${csrfField(res.locals.auth)}
<label for="kind">Jenis (templat)</label><input type="text" id="kind" name="kind" placeholder="keputusan-kepala-daerah" required>
<label for="dataYaml">Data YAML</label><textarea id="dataYaml" name="dataYaml" class="yaml" required></textarea>
<div class="actions"><button type="submit">Buat konsep</button></div></form></details>`
      : null;
    send(req, res, {
      title: 'Dokumen',
      active: 'dokumen',
      body: html`<h1>Dokumen</h1>${filter}${create}
<table class="data"><thead><tr><th>Tentang</th><th>Jenis</th><th>Nomor</th><th>Keadaan</th><th>Paraf</th><th>Versi</th><th>Diubah</th></tr></thead><tbody>
${docs.length === 0 ? html`<tr><td colspan="7" class="muted">Belum ada dokumen.</td></tr>` : null}
${docs.map(
  (d) => html`<tr><td><a href="/dokumen/${d.id}">${d.tentang}</a></td><td>${d.kindId}</td><td>${d.number ?? '—'}</td><td>${stateBadge(d.state)}</td>
<td>${d.parafDone}/${d.parafTotal}</td><td>${d.versionNo ?? '—'} <span class="hash">${shortHash(d.contentHash)}</span></td><td>${tanggal(d.updatedAt)}</td></tr>`,
)}
</tbody></table>`,
    });
  });

  router.get('/dokumen/:id', requireRole(...ANY_ROLE), async (req, res) => {
    const d = await getDocumentDetail(ctx.db, currentUser(res), String(req.params.id));
    if (!d) throw new AppError('NOT_FOUND', 'Dokumen tidak ada; mungkin tautannya salah.');
    send(req, res, { title: d.tentang, active: 'dokumen', body: documentPage(d, res) });
  });

  function documentPage(d: DocumentDetail, res: Response): SafeHtml {
    const user = currentUser(res);
    const v = d.currentVersion;
    const csrf = csrfField(res.locals.auth);
    const hidden = v ? html`<input type="hidden" name="contentHash" value="${v.contentHash}">` : null;
    const editable = hasRole(user, 'drafter') && d.state !== 'signed' && v;
    const editor = v
      ? html`<form method="post" action="/dokumen/${d.id}">${csrf}${hidden}
<label for="dataYaml">Data dokumen (YAML)</label>
<textarea id="dataYaml" name="dataYaml" class="yaml" ${editable ? '' : 'readonly'}>${v.dataYaml}</textarea>
${editable ? html`<div class="actions"><button type="submit">Simpan sebagai versi baru</button></div>` : null}</form>
${editable && (d.state === 'draft' || d.state === 'returned') ? html`<form method="post" action="/dokumen/${d.id}/ajukan" class="actions">${csrf}${hidden}<button type="submit" class="secondary">Ajukan untuk paraf</button></form>` : null}`
      : html`<p class="muted">Dokumen belum punya versi.</p>`;
    const steps = v?.parafSteps ?? [];
    return html`<h1>${d.tentang}</h1>
<div class="card"><dl class="meta">
<dt>Jenis</dt><dd>${d.kindId}</dd><dt>Keadaan</dt><dd>${stateBadge(d.state)}</dd><dt>Nomor</dt><dd>${d.number ?? 'diberikan saat penandatanganan'}</dd>
<dt>Perancang</dt><dd>${d.drafter.displayName}</dd><dt>Versi kini</dt><dd>${v?.versionNo ?? '—'}</dd><dt>Hash isi</dt><dd class="hash">${v?.contentHash ?? '—'}</dd>
${d.issued ? html`<dt>Terbit</dt><dd><a href="/arsip/${d.id}/unduh.pdf">Unduh PDF bertanda tangan</a> · <a href="/verifikasi/${d.id}">halaman verifikasi publik</a></dd>` : null}
</dl>
<div class="actions"><a class="button secondary" href="/dokumen/${d.id}/pratinjau.pdf">${d.issued ? 'Pratinjau konsep (PDF)' : 'Pratinjau PDF'}</a><a class="button secondary" href="/dokumen/${d.id}/unduh.docx">Unduh DOCX</a>${d.issued ? html`<a class="button" href="/arsip/${d.id}/unduh.pdf">PDF bertanda tangan</a>` : null}</div></div>
<h2>Paraf hierarki</h2>
<table class="data"><thead><tr><th>Urutan</th><th>Jabatan</th><th>Pejabat</th><th>Keadaan</th><th>Waktu</th><th>Catatan</th></tr></thead><tbody>
${steps.length === 0 ? html`<tr><td colspan="6" class="muted">Rantai paraf dimulai saat dokumen diajukan.</td></tr>` : null}
${steps.map(
  (s) => html`<tr><td>${s.position}</td><td>${s.jabatan}</td><td>${s.official.name}${s.actedByOfficial && s.actedByOfficial.id !== s.official.id ? html` <span class="muted">(oleh ${s.actedByOfficial.name})</span>` : null}</td>
<td>${STEP_LABELS[s.state] ?? s.state}</td><td>${s.actedAt ? waktu(s.actedAt) : '—'}</td><td>${s.note ?? ''}</td></tr>`,
)}</tbody></table>
<h2>Data</h2>${editor}
<h2>Riwayat versi</h2>
<table class="data"><thead><tr><th>Versi</th><th>Hash isi</th><th>Oleh</th><th>Waktu</th></tr></thead><tbody>
${d.versions.map((x) => html`<tr><td>${x.versionNo}</td><td class="hash">${x.contentHash}</td><td>${x.createdBy.displayName}</td><td>${waktu(x.createdAt)}</td></tr>`)}
</tbody></table>
<h2>Jejak audit</h2>
<table class="data"><thead><tr><th>#</th><th>Waktu</th><th>Pelaku</th><th>Tindakan</th><th>Hash versi</th><th>Hash peristiwa</th></tr></thead><tbody>
${d.audit.length === 0 ? html`<tr><td colspan="6" class="muted">Belum ada peristiwa.</td></tr>` : null}
${d.audit.map((e) => html`<tr><td>${e.seq}</td><td>${waktu(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td class="hash">${shortHash(e.versionHash)}</td><td class="hash">${shortHash(e.hash)}</td></tr>`)}
</tbody></table>`;
  }

  for (const [route, format] of [
    ['/dokumen/:id/pratinjau.pdf', 'pdf'],
    ['/dokumen/:id/unduh.docx', 'docx'],
  ] as const) {
    router.get(route, requireRole(...ANY_ROLE), async (req, res) => {
      const out = await bridge.renderCurrentVersion(ctx, currentUser(res), String(req.params.id), format);
      if (isPending(out)) return sendPending(req, res, out);
      const mediaType = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      await sendStoredFile(res, { mediaType, fileName: out.fileName, reader: out.reader, inline: format === 'pdf' }, ctx.logger);
    });
  }

  // --- participant lists -------------------------------------------------------------------------
  const participantsPage = async (req: Request, res: Response, report?: bridge.ParticipantReport, listId?: string) => {
    const program = formField(req, 'program');
    const year = formField(req, 'tahun') || String(ctx.clock().getUTCFullYear());
    const lists = await listParticipantLists(ctx.db, currentUser(res));
    const regions = currentUser(res).regions;
    send(req, res, {
      title: 'Daftar peserta',
      active: 'peserta',
      body: html`<h1>Daftar peserta</h1>
<div class="card"><form method="post" action="/peserta" enctype="multipart/form-data">${csrfField(res.locals.auth)}
<div class="grid2"><div><label for="program">Program</label><select id="program" name="program" required>
${bridge.PROGRAMS.map((p) => html`<option value="${p.id}" ${p.id === program ? 'selected' : ''}>${p.label}</option>`)}</select></div>
<div><label for="tahun">Tahun program</label><input type="number" id="tahun" name="tahun" min="2000" max="2999" value="${year}" required></div></div>
${regions.length > 1 ? html`<label for="wilayah">Wilayah daftar</label><select id="wilayah" name="wilayah">${regions.map((r) => html`<option value="${r}">${r}</option>`)}</select>` : null}
<label for="file">Berkas CSV atau XLSX</label><input type="file" id="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
<div class="actions"><button type="submit" name="aksi" value="impor">Impor dan periksa</button><button type="submit" name="aksi" value="periksa" class="secondary">Periksa saja (tidak disimpan)</button></div></form>
<p class="muted">Setiap baris dinilai: diterima atau ditolak dengan alasannya. NIK yang tersimpan sebagai angka di spreadsheet sudah kehilangan digit dan ditolak; NIK yang sudah ada di daftar yang disetujui untuk program dan tahun yang sama juga ditolak saat impor.</p></div>
${report ? reportView(report, listId) : null}
<h2>Daftar yang sudah diimpor</h2>
<table class="data"><thead><tr><th>Berkas</th><th>Program</th><th>Tahun</th><th>Status</th><th>Baris</th><th>Diterima</th><th>Ditolak</th><th>Oleh</th><th>Waktu</th></tr></thead><tbody>
${lists.length === 0 ? html`<tr><td colspan="9" class="muted">Belum ada daftar.</td></tr>` : null}
${lists.map((l) => html`<tr><td><a href="/peserta/${l.id}">${l.fileName}</a></td><td>${l.program}</td><td>${l.year}</td><td>${l.status === 'approved' ? html`<span class="badge ok">disetujui</span>` : html`<span class="badge info">diperiksa</span>`}</td>
<td>${l.total}</td><td>${l.accepted}</td><td>${l.rejected}</td><td>${l.createdBy}</td><td>${waktu(l.createdAt)}</td></tr>`)}
</tbody></table>`,
    });
  };
  function reportView(r: bridge.ParticipantReport, listId?: string): SafeHtml {
    return html`<h2>Hasil pemeriksaan: ${r.file}</h2>
<div class="card"><dl class="meta"><dt>Program</dt><dd>${r.program}</dd><dt>Jumlah baris</dt><dd>${r.total}</dd>
<dt>Diterima</dt><dd><span class="badge ok">${r.accepted}</span></dd><dt>Ditolak</dt><dd><span class="badge ${r.rejected > 0 ? 'bad' : 'ok'}">${r.rejected}</span></dd>
<dt>Disimpan</dt><dd>${listId ? html`ya — <a href="/peserta/${listId}">daftar ${listId}</a>` : 'tidak (hanya diperiksa)'}</dd></dl></div>
<table class="data"><thead><tr><th>Baris</th><th>Kolom</th><th>Kode</th><th>Tingkat</th><th>Keterangan</th></tr></thead><tbody>
${r.issues.length === 0 ? html`<tr><td colspan="5" class="muted">Tidak ada masalah.</td></tr>` : null}
${r.issues.slice(0, 2000).map((i) => html`<tr><td>${i.row}</td><td>${i.column ?? '—'}</td><td>${i.code}</td><td>${i.severity}</td><td>${i.message}</td></tr>`)}
</tbody></table>${r.issues.length > 2000 ? html`<p class="muted">${r.issues.length - 2000} masalah lain tidak ditampilkan; ambil laporan lengkap melalui API.</p>` : null}`;
  }
  router.get('/peserta', requireRole('drafter', 'approver', 'admin'), (req, res) => participantsPage(req, res));
  router.get('/peserta/:id', requireRole('drafter', 'approver', 'admin'), async (req, res) => {
    const list = await getParticipantList(ctx.db, currentUser(res), String(req.params.id));
    if (!list) throw new AppError('NOT_FOUND', 'Daftar peserta tidak ada.');
    const stored = bridge.ParticipantReportSchema.safeParse(list.report);
    send(req, res, {
      title: `Daftar ${list.fileName}`,
      active: 'peserta',
      body: html`<h1>Daftar peserta: ${list.fileName}</h1>
<div class="card"><dl class="meta"><dt>Program</dt><dd>${list.program}</dd><dt>Tahun</dt><dd>${list.year}</dd><dt>Status</dt><dd>${list.status}</dd>
<dt>Diimpor oleh</dt><dd>${list.createdBy.displayName}, ${waktu(list.createdAt)}</dd><dt>Hash daftar disetujui</dt><dd class="hash">${list.contentHash ?? '—'}</dd>
${list.contentHash ? html`<dt>Sumber lampiran</dt><dd class="hash">daftar/${list.contentHash}.csv</dd>` : null}</dl>
${list.status === 'checked' && list.accepted > 0 ? html`<form method="post" action="/peserta/${list.id}/setujui">${csrfField(res.locals.auth)}
<label for="urutan">Urutan pengambilan sampai kuota</label>
<select id="urutan" name="urutan"><option value="file">urutan berkas</option><option value="nama">nama</option><option value="nik">NIK</option><option value="tanggal-lahir">tanggal lahir (tertua dahulu)</option></select>
<div class="actions"><button type="submit">Setujui dalam kuota</button></div></form>` : null}</div>
${stored.success ? reportView({ ...stored.data, file: list.fileName }, list.id) : html`<p class="muted">Laporan tersimpan tidak dapat dibaca.</p>`}`,
    });
  });
  router.post('/peserta/:id/setujui', requireRole('approver'), async (req, res) => {
    const order = z.enum(['file', 'nama', 'nik', 'tanggal-lahir']).safeParse(formField(req, 'urutan') || 'file');
    if (!order.success) throw new AppError('USAGE', 'Pilih urutan pengambilan: urutan berkas, nama, NIK atau tanggal lahir.');
    const r = await bridge.approveParticipantList(ctx, currentUser(res), { listId: String(req.params.id), order: order.data });
    if (isPending(r)) return sendPending(req, res, r);
    send(req, res, {
      title: 'Daftar disetujui',
      active: 'peserta',
      body: html`<h1>Daftar peserta disetujui</h1>
<div class="card"><dl class="meta"><dt>Kuota</dt><dd>${r.capacity} orang</dd><dt>Disetujui</dt><dd>${r.approved}</dd><dt>Di luar kuota</dt><dd>${r.outsideQuota}</dd>${r.alreadyApproved > 0 ? html`<dt>Sudah disetujui di daftar lain</dt><dd>${r.alreadyApproved}</dd>` : null}
<dt>Hash daftar</dt><dd class="hash">${r.contentHash}</dd><dt>Sumber lampiran</dt><dd class="hash">${r.listFile}</dd>
<dt>Iuran</dt><dd>${r.iuran.jumlahPeserta} × Rp${r.iuran.tarifBulanan.toLocaleString('id-ID')} × ${r.iuran.bulan} bulan = Rp${r.iuran.total.toLocaleString('id-ID')}</dd></dl>
<p class="muted">Pakai di data dokumen: <code>sumber: { peserta: { berkas: ${r.listFile} } }</code> dan angka <code>iuran</code> di atas.</p>
<p><a href="/peserta/${r.listId}">Kembali ke daftar</a></p></div>
${r.outsideQuota > 0 ? html`<div class="card"><h2 class="first">Di luar kuota (tidak dibuang)</h2><table><thead><tr><th>Baris</th><th>NIK</th><th>Nama</th></tr></thead><tbody>
${r.outsideQuotaFirst.map((o) => html`<tr><td>${o.row}</td><td>${o.nik}</td><td>${o.nama}</td></tr>`)}</tbody></table>${r.outsideQuota > r.outsideQuotaFirst.length ? html`<p class="muted">${r.outsideQuota - r.outsideQuotaFirst.length} baris lain di luar kuota tidak ditampilkan.</p>` : null}</div>` : null}`,
    });
  });
  router.post('/peserta', requireRole('drafter', 'admin'), async (req, res) => {
    const program = z.enum(['pbpu-pemda', 'ppu-tkk']).safeParse(formField(req, 'program'));
    if (!program.success) throw new AppError('USAGE', 'Pilih program: pbpu-pemda atau ppu-tkk.');
    const file = uploadedFiles(req).find((f) => f.fieldName === 'file');
    if (!file || file.bytes.byteLength === 0) throw new AppError('USAGE', 'Pilih berkas CSV atau XLSX yang akan diperiksa.');
    const upload = { program: program.data, fileName: file.originalName, bytes: file.bytes };
    if (formField(req, 'aksi') === 'periksa') {
      await participantsPage(req, res, await bridge.checkParticipants(ctx, currentUser(res), upload));
      return;
    }
    const year = Number(formField(req, 'tahun'));
    if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new AppError('USAGE', 'Isi tahun program (mis. 2025).');
    const imported = await bridge.importParticipantList(ctx, currentUser(res), { ...upload, year, region: formField(req, 'wilayah') || undefined });
    if (isPending(imported)) return sendPending(req, res, imported);
    await participantsPage(req, res, imported.report, imported.listId);
  });

  // --- archive -----------------------------------------------------------------------------------
  router.get('/arsip', requireRole(...ANY_ROLE), async (req, res) => {
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).trim() : '');
    const year = /^\d{4}$/.test(q('tahun')) ? Number(q('tahun')) : undefined;
    const nik = /^\d{16}$/.test(q('nik')) ? q('nik') : undefined;
    const asked = Boolean(q('nomor') || year || nik || q('teks'));
    const results = asked ? await searchArchive(ctx.db, currentUser(res), { number: q('nomor') || undefined, year, nik, text: q('teks') || undefined }) : [];
    send(req, res, {
      title: 'Arsip',
      active: 'arsip',
      body: html`<h1>Arsip dokumen terbit</h1>
<div class="card"><form method="get" action="/arsip"><div class="grid4">
<div><label for="nomor">Nomor</label><input type="text" id="nomor" name="nomor" value="${q('nomor')}"></div>
<div><label for="tahun">Tahun</label><input type="number" id="tahun" name="tahun" value="${q('tahun')}" min="1945" max="2999"></div>
<div><label for="nik">NIK di lampiran</label><input type="text" id="nik" name="nik" value="${q('nik')}" inputmode="numeric" pattern="\\d{16}"></div>
<div><label for="teks">Kata dalam judul</label><input type="search" id="teks" name="teks" value="${q('teks')}"></div>
</div><div class="actions"><button type="submit">Cari</button></div></form>
${q('nik') && !nik ? html`<p class="flash error">NIK harus 16 digit.</p>` : null}</div>
${asked
  ? html`<table class="data"><thead><tr><th>Nomor</th><th>Tanggal</th><th>Jenis</th><th>Tentang</th><th>Penanda tangan</th><th>Status</th></tr></thead><tbody>
${results.length === 0 ? html`<tr><td colspan="6" class="muted">Tidak ada dokumen yang cocok.</td></tr>` : null}
${results.map((r) => html`<tr><td><a href="/verifikasi/${r.documentId}">${r.number}</a></td><td>${tanggal(r.date)}</td><td>${r.kind}</td><td><a href="/dokumen/${r.documentId}">${r.tentang}</a></td><td>${r.signerName}</td><td>${statusBadge(r.status)} <a href="/arsip/${r.documentId}/unduh.pdf">PDF</a></td></tr>`)}
</tbody></table>`
  : null}`,
    });
  });

  router.get('/arsip/:id/unduh.pdf', requireRole(...ANY_ROLE), async (req, res) => {
    const out = await bridge.downloadIssuedPdf(ctx, currentUser(res), String(req.params.id));
    await sendStoredFile(res, { mediaType: 'application/pdf', fileName: out.fileName, reader: out.reader }, ctx.logger);
  });

  // --- public verification ---------------------------------------------------------------------
  router.get('/verifikasi/:id', async (req, res) => {
    const d = await getIssuedDocumentView(ctx.db, String(req.params.id));
    if (!d) {
      send(req, res, { title: 'Verifikasi', active: 'verifikasi', body: html`<h1>Verifikasi dokumen</h1><div class="card revoked"><p><strong>Dokumen tidak terdaftar.</strong> Tautan ini tidak menunjuk dokumen terbit di sistem ini. Bila Anda memegang PDF-nya, unggah di <a href="/verifikasi">halaman verifikasi</a>.</p></div>` }, 404);
      return;
    }
    const berlaku = d.status !== 'dicabut';
    send(req, res, {
      title: `Verifikasi ${d.number}`,
      active: 'verifikasi',
      body: html`<h1>Verifikasi dokumen</h1>
<div class="card ${berlaku ? 'verified' : 'revoked'}">
<p>${berlaku ? html`<strong>Dokumen ini terdaftar dan berlaku.</strong>` : html`<strong>Dokumen ini sudah DICABUT.</strong>`}</p>
<dl class="meta">
<dt>Jenis</dt><dd>${d.kindTitle}</dd><dt>Nomor</dt><dd><strong>${d.number}</strong></dd><dt>Tanggal</dt><dd>${tanggal(d.date)}</dd>
<dt>Tentang</dt><dd>${d.tentang}</dd><dt>Penanda tangan</dt><dd>${d.signerName}</dd>${d.region ? html`<dt>Wilayah</dt><dd>${d.region}</dd>` : null}
<dt>Status</dt><dd>${statusBadge(d.status)}${d.revokedAt ? html` sejak ${tanggal(d.revokedAt)}${d.revokeReason ? html` — ${d.revokeReason}` : null}` : null}</dd>
<dt>SHA-256 PDF</dt><dd class="hash">${d.pdfSha256}</dd>
</dl></div>
<p class="muted">Untuk memastikan PDF yang Anda pegang sama dengan yang diterbitkan, unggah berkasnya di <a href="/verifikasi">halaman verifikasi</a>: hash-nya harus sama dengan di atas dan tanda tangannya utuh.</p>`,
    });
  });

  const verifyPage = (req: Request, res: Response, result?: bridge.PdfVerification) =>
    send(req, res, {
      title: 'Verifikasi',
      active: 'verifikasi',
      body: html`<h1>Verifikasi dokumen elektronik</h1>
<div class="card"><p>Unggah PDF Keputusan atau Instruksi yang Anda terima. Sistem memeriksa apakah tanda tangan elektroniknya utuh, siapa penanda tangannya, nomornya, dan apakah dokumen itu masih berlaku.</p>
<form method="post" action="/verifikasi" enctype="multipart/form-data">${csrfField(res.locals.auth)}
<label for="file">Berkas PDF</label><input type="file" id="file" name="file" accept="application/pdf,.pdf" required>
<div class="actions"><button type="submit">Verifikasi</button></div></form></div>
${result
  ? html`<div class="card ${result.intact && result.status !== 'dicabut' ? 'verified' : 'revoked'}"><p><strong>${result.summary}</strong></p><dl class="meta">
<dt>Utuh</dt><dd>${result.intact ? 'ya' : 'tidak'}</dd><dt>Nomor</dt><dd>${result.number ?? '—'}</dd><dt>Penanda tangan</dt><dd>${result.signerName ?? '—'}</dd>
<dt>Status</dt><dd>${result.status ? statusBadge(result.status) : 'tidak terdaftar di sistem ini'}</dd><dt>SHA-256</dt><dd class="hash">${result.sha256}</dd>
${result.documentId ? html`<dt>Halaman dokumen</dt><dd><a href="/verifikasi/${result.documentId}">/verifikasi/${result.documentId}</a></dd>` : null}</dl></div>`
  : null}`,
    });
  router.get('/verifikasi', (req, res) => verifyPage(req, res));
  router.post('/verifikasi', async (req, res) => {
    const file = uploadedFiles(req).find((f) => f.fieldName === 'file');
    if (!file || file.bytes.byteLength === 0) throw new AppError('USAGE', 'Pilih berkas PDF yang akan diverifikasi.');
    const result = await bridge.verifyUploadedPdf(ctx, { fileName: file.originalName, bytes: file.bytes });
    verifyPage(req, res, result);
  });

  return router;
}

function statusBadge(status: string): SafeHtml {
  return status === 'dicabut' ? html`<span class="badge bad">dicabut</span>` : html`<span class="badge ok">berlaku</span>`;
}
