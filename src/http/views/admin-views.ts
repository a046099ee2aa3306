/**
 * Views of the admin pages: users (create with roles, regions and e-mail; edit; reset a password — the
 * new one shown once; deactivate or reactivate; end their sessions), officials and Plt./Plh.
 * delegations, webhooks with their delivery log. Imports html, labels, format and the layout helpers.
 */
import type { Webhook, WebhookDelivery } from '../../db/prisma-client.ts';
import { DOCUMENT_EVENTS, EVENT_LABELS } from '../../events/document-events.ts';
import { USER_ROLES, type UserRole } from '../../workflow/paraf-state.ts';
import { ROLE_LABELS } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { DelegationView, OfficialView, UserView } from '../read-models/users.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { angka, tanggal, waktu } from './format.ts';
import { DELEGATION_LABELS } from './labels.ts';
import { pagingLinks, postAction, required } from './layout.ts';

export function adminHomeView(): SafeHtml {
  return html`<h1>Admin</h1><div class="kinds">
<a class="card kind" href="/admin/pengguna"><strong>Pengguna</strong><span class="muted">buat akun, peran, daerah, atur ulang kata sandi, nonaktifkan, akhiri sesi</span></a>
<a class="card kind" href="/admin/pejabat"><strong>Pejabat dan penunjukan</strong><span class="muted">pejabat paraf dan penanda tangan, Plt./Plh.</span></a>
<a class="card kind" href="/admin/webhook"><strong>Webhook</strong><span class="muted">pemberitahuan peristiwa dokumen ke sistem lain, log pengiriman</span></a>
<a class="card kind" href="/pekerjaan"><strong>Pekerjaan latar</strong><span class="muted">impor, persetujuan, pratinjau besar, penandatanganan; jalankan ulang yang gagal</span></a>
<a class="card kind" href="/dokumen?keadaan=signed"><strong>Pencabutan dokumen</strong><span class="muted">buka dokumen terbit, lalu "Cabut dokumen ini"</span></a>
</div>`;
}

function roleBoxes(selected: readonly UserRole[]): SafeHtml {
  return html`<div class="checks">${USER_ROLES.map((r) => html`<label class="inline"><input type="checkbox" name="peran" value="${r}" ${selected.includes(r) ? 'checked' : ''}> ${ROLE_LABELS[r]}</label>`)}</div>`;
}

function regionBoxes(v: ViewContext, known: readonly string[], selected: readonly string[]): SafeHtml {
  const all = [...new Set([...known, ...selected])].sort();
  return html`<div class="checks">${all.map((r) => html`<label class="inline"><input type="checkbox" name="daerah" value="${r}" ${selected.includes(r) ? 'checked' : ''}> ${v.regionLabel(r)}</label>`)}</div>`;
}

function officialSelect(v: ViewContext, officials: readonly OfficialView[], selected: string | null, name = 'pejabat', id = 'pejabat'): SafeHtml {
  return html`<select id="${id}" name="${name}"><option value="">— tidak mewakili pejabat —</option>${officials.map((o) => html`<option value="${o.id}" ${o.id === selected ? 'selected' : ''}>${o.jabatan} — ${o.name}${o.region ? ` (${v.regionLabel(o.region)})` : ''}</option>`)}</select>`;
}

export interface UsersPageModel {
  readonly users: readonly UserView[];
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
  readonly regions: readonly string[];
  readonly officials: readonly OfficialView[];
  readonly created?: { readonly username: string; readonly password: string } | undefined;
  readonly error?: string | undefined;
}

export function usersView(v: ViewContext, m: UsersPageModel): SafeHtml {
  return html`<h1>Pengguna</h1>
${m.created ? html`<div class="flash ok" role="status">Pengguna <strong>${m.created.username}</strong> dibuat. Kata sandi awal (hanya ditampilkan sekali; pengguna diminta menggantinya saat masuk): <code class="hash" id="kata-sandi-baru">${m.created.password}</code></div>` : null}
${m.error ? html`<div class="flash error" role="alert">${m.error}</div>` : null}
<details class="card" ${m.error ? 'open' : ''}><summary>Buat pengguna</summary>
<form method="post" action="${postAction('/admin/pengguna', v.auth)}"><div class="grid2">
<div><label for="nama-pengguna">Nama pengguna ${required()}</label><input type="text" id="nama-pengguna" name="namaPengguna" required pattern="[a-z0-9][a-z0-9._-]{1,63}" maxlength="64"></div>
<div><label for="nama-tampilan">Nama tampilan ${required()}</label><input type="text" id="nama-tampilan" name="namaTampilan" required maxlength="200"></div>
<div><label for="surel">Surel (untuk pemberitahuan)</label><input type="email" id="surel" name="surel" maxlength="254"></div>
<div><label for="pejabat">Mewakili pejabat</label>${officialSelect(v, m.officials, null)}</div>
</div>
<label>Peran</label>${roleBoxes([])}
<label>Daerah</label>${regionBoxes(v, m.regions, [])}
<div class="actions"><button type="submit">Buat pengguna</button></div>
<p class="muted">Kata sandi awal dibuat acak dan ditampilkan sekali; pengguna wajib menggantinya saat pertama masuk.</p></form></details>
<table class="data"><thead><tr><th>Pengguna</th><th>Nama</th><th>Peran</th><th>Daerah</th><th>Pejabat</th><th>Sesi</th><th>Keadaan</th></tr></thead><tbody>
${m.users.map(
  (u) => html`<tr><td><a href="/admin/pengguna/${u.id}">${u.username}</a></td><td>${u.displayName}</td><td>${u.roles.map((r) => ROLE_LABELS[r]).join(', ') || '—'}</td><td>${u.regions.map(v.regionLabel).join(', ') || '—'}</td>
<td>${u.officialLabel ?? '—'}</td><td>${angka(u.sessions)}</td><td>${u.active ? html`<span class="badge ok">aktif</span>` : html`<span class="badge bad">nonaktif</span>`}${u.mustChangePassword ? html` <span class="badge warn">harus ganti kata sandi</span>` : null}</td></tr>`,
)}
</tbody></table>
${pagingLinks('/admin/pengguna', {}, m.nextCursor, m.isFirst)}`;
}

export interface UserPageModel {
  readonly user: UserView;
  readonly regions: readonly string[];
  readonly officials: readonly OfficialView[];
  readonly newPassword?: string | undefined;
  readonly error?: string | undefined;
  readonly isSelf: boolean;
}

export function userView(v: ViewContext, m: UserPageModel): SafeHtml {
  const u = m.user;
  const base = `/admin/pengguna/${u.id}`;
  return html`<h1>Pengguna: ${u.username}</h1><p><a href="/admin/pengguna">« Semua pengguna</a></p>
${m.newPassword ? html`<div class="flash ok" role="status">Kata sandi <strong>${u.username}</strong> diatur ulang. Kata sandi baru (hanya ditampilkan sekali; sampaikan langsung kepada pemiliknya): <code class="hash" id="kata-sandi-baru">${m.newPassword}</code></div>` : null}
${m.error ? html`<div class="flash error" role="alert">${m.error}</div>` : null}
<div class="card"><dl class="meta"><dt>Keadaan</dt><dd>${u.active ? html`<span class="badge ok">aktif</span>` : html`<span class="badge bad">nonaktif</span>`}${u.mustChangePassword ? html` <span class="badge warn">harus ganti kata sandi</span>` : null}</dd>
<dt>Sesi terbuka</dt><dd>${angka(u.sessions)}</dd><dt>Dibuat</dt><dd>${waktu(u.createdAt, v.zone)}</dd></dl>
<div class="actions">
<form method="post" action="${postAction(`${base}/atur-ulang`, v.auth)}"><button type="submit" class="secondary">Atur ulang kata sandi</button></form>
<form method="post" action="${postAction(`${base}/akhiri-sesi`, v.auth)}"><button type="submit" class="secondary">Akhiri semua sesi</button></form>
${m.isSelf
  ? null
  : u.active
    ? html`<form method="post" action="${postAction(`${base}/nonaktifkan`, v.auth)}" data-confirm="Nonaktifkan ${u.username}? Sesinya diakhiri dan token API-nya berhenti bekerja."><button type="submit" class="danger">Nonaktifkan</button></form>`
    : html`<form method="post" action="${postAction(`${base}/aktifkan`, v.auth)}"><button type="submit">Aktifkan kembali</button></form>`}
</div></div>
<h2>Ubah</h2>
<form method="post" action="${postAction(base, v.auth)}" class="card"><div class="grid2">
<div><label for="nama-tampilan">Nama tampilan ${required()}</label><input type="text" id="nama-tampilan" name="namaTampilan" required maxlength="200" value="${u.displayName}"></div>
<div><label for="surel">Surel (untuk pemberitahuan)</label><input type="email" id="surel" name="surel" maxlength="254" value="${u.email ?? ''}"></div>
<div><label for="pejabat">Mewakili pejabat</label>${officialSelect(v, m.officials, u.officialId)}</div></div>
<label>Peran</label>${roleBoxes(u.roles)}
<label>Daerah</label>${regionBoxes(v, m.regions, u.regions)}
<div class="actions"><button type="submit">Simpan perubahan</button></div></form>`;
}

export interface OfficialsPageModel {
  readonly officials: readonly OfficialView[];
  readonly allOfficials: readonly OfficialView[];
  readonly delegations: readonly DelegationView[];
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
  readonly regions: readonly string[];
  readonly error?: string | undefined;
}

export function officialsView(v: ViewContext, m: OfficialsPageModel): SafeHtml {
  return html`<h1>Pejabat dan penunjukan</h1>
${m.error ? html`<div class="flash error" role="alert">${m.error}</div>` : null}
<details class="card"><summary>Daftarkan pejabat</summary><form method="post" action="${postAction('/admin/pejabat', v.auth)}"><div class="grid2">
<div><label for="jabatan">Jabatan ${required()}</label><input type="text" id="jabatan" name="jabatan" required maxlength="200" placeholder="mis. Kepala Biro Hukum"></div>
<div><label for="nama">Nama (tanpa gelar akademik) ${required()}</label><input type="text" id="nama" name="nama" required maxlength="200"></div>
<div><label for="nip">NIP</label><input type="text" id="nip" name="nip" maxlength="30" inputmode="numeric"></div>
<div><label for="pangkat">Pangkat/golongan</label><input type="text" id="pangkat" name="pangkat" maxlength="100"></div>
<div><label for="unit">Unit kerja</label><input type="text" id="unit" name="unit" maxlength="200"></div>
<div><label for="daerah">Daerah ${required()}</label><select id="daerah" name="daerah" required>${m.regions.map((r) => html`<option value="${r}">${v.regionLabel(r)}</option>`)}</select></div>
</div><div class="actions"><button type="submit">Daftarkan</button></div></form></details>
<details class="card"><summary>Catat penunjukan Plt./Plh.</summary><form method="post" action="${postAction('/admin/penunjukan', v.auth)}"><div class="grid2">
<div><label for="diganti">Pejabat yang digantikan ${required()}</label>${officialSelect(v, m.allOfficials, null, 'pejabat', 'diganti')}</div>
<div><label for="pengganti">Pejabat pengganti ${required()}</label>${officialSelect(v, m.allOfficials, null, 'pengganti', 'pengganti')}</div>
<div><label for="jenis-penunjukan">Jenis ${required()}</label><select id="jenis-penunjukan" name="jenis"><option value="plt">Plt. (pelaksana tugas)</option><option value="plh">Plh. (pelaksana harian)</option></select></div>
<div></div>
<div><label for="mulai">Mulai berlaku ${required()}</label><input type="date" id="mulai" name="mulai" required></div>
<div><label for="sampai">Sampai (termasuk hari itu) ${required()}</label><input type="date" id="sampai" name="sampai" required></div>
</div><div class="actions"><button type="submit">Catat penunjukan</button></div></form></details>
<h2>Pejabat</h2>
<table class="data"><thead><tr><th>Jabatan</th><th>Nama</th><th>NIP</th><th>Unit</th><th>Daerah</th></tr></thead><tbody>
${m.officials.length === 0 ? html`<tr><td colspan="5" class="muted">Belum ada pejabat.</td></tr>` : null}
${m.officials.map((o) => html`<tr><td>${o.jabatan}</td><td>${o.name}</td><td>${o.nip ?? '—'}</td><td>${o.unit ?? '—'}</td><td>${o.region ? v.regionLabel(o.region) : '—'}</td></tr>`)}
</tbody></table>${pagingLinks('/admin/pejabat', {}, m.nextCursor, m.isFirst)}
<h2>Penunjukan Plt./Plh.</h2>
<table class="data"><thead><tr><th>Jenis</th><th>Digantikan</th><th>Pengganti</th><th>Berlaku</th></tr></thead><tbody>
${m.delegations.length === 0 ? html`<tr><td colspan="4" class="muted">Belum ada penunjukan.</td></tr>` : null}
${m.delegations.map((d) => html`<tr><td>${DELEGATION_LABELS[d.kind] ?? d.kind}</td><td>${d.official}</td><td>${d.delegate}</td><td>${tanggal(d.validFrom, v.zone)} s.d. ${tanggal(d.validTo, v.zone)}</td></tr>`)}
</tbody></table>`;
}

const DELIVERY_LABELS: Readonly<Record<string, string>> = { pending: 'menunggu', delivered: 'terkirim', failed: 'gagal' };

export function webhooksView(v: ViewContext, hooks: readonly (Webhook & { readonly pending: number; readonly failed: number })[], created?: { readonly url: string; readonly secret: string }, error?: string): SafeHtml {
  return html`<h1>Webhook</h1>
<div class="card"><p>Sistem lain menerima peristiwa dokumen (diajukan, paraf, dikembalikan, terbit, dicabut, …) sebagai POST JSON. Setiap kiriman ditandatangani HMAC-SHA256 dengan rahasia webhook (kepala <code>X-Naskah-Signature: t=&lt;detik&gt;,v1=&lt;hex&gt;</code> atas "&lt;t&gt;.&lt;isi&gt;") dan diulang dengan jeda yang makin panjang bila gagal.</p>
${created ? html`<div class="flash ok" role="status">Webhook ke ${created.url} dibuat. Rahasia (hanya ditampilkan sekali): <code class="hash" id="rahasia-baru">${created.secret}</code></div>` : null}
${error ? html`<div class="flash error" role="alert">${error}</div>` : null}
<form method="post" action="${postAction('/admin/webhook', v.auth)}">
<label for="url">Alamat (URL) ${required()}</label><input type="url" id="url" name="url" required maxlength="2000" placeholder="https://sistem-lain.example.go.id/naskah">
<label>Peristiwa ${required()}</label><div class="checks"><label class="inline"><input type="checkbox" name="peristiwa" value="*"> semua</label>${DOCUMENT_EVENTS.map((e) => html`<label class="inline"><input type="checkbox" name="peristiwa" value="${e}"> ${EVENT_LABELS[e]}</label>`)}</div>
<div class="actions"><button type="submit">Buat webhook</button></div></form></div>
<table class="data"><thead><tr><th>Alamat</th><th>Peristiwa</th><th>Daerah</th><th>Menunggu</th><th>Gagal</th><th>Keadaan</th><th></th></tr></thead><tbody>
${hooks.length === 0 ? html`<tr><td colspan="7" class="muted">Belum ada webhook.</td></tr>` : null}
${hooks.map(
  (h) => html`<tr><td><a href="/admin/webhook/${h.id}">${h.url}</a></td><td>${h.events.split(',').map((e) => (e === '*' ? 'semua' : (EVENT_LABELS as Record<string, string>)[e] ?? e)).join(', ')}</td><td>${h.regions ? h.regions.split(',').map(v.regionLabel).join(', ') : 'semua'}</td>
<td>${angka(h.pending)}</td><td>${angka(h.failed)}</td><td>${h.active ? html`<span class="badge ok">aktif</span>` : html`<span class="badge bad">nonaktif</span>`}</td>
<td><form method="post" action="${postAction(`/admin/webhook/${h.id}/${h.active ? 'nonaktifkan' : 'aktifkan'}`, v.auth)}"><button type="submit" class="secondary small">${h.active ? 'Nonaktifkan' : 'Aktifkan'}</button></form></td></tr>`,
)}
</tbody></table>`;
}

export function deliveriesView(v: ViewContext, hook: Webhook, deliveries: readonly WebhookDelivery[], nextCursor: string | null, isFirst: boolean): SafeHtml {
  return html`<h1>Log pengiriman webhook</h1><p><a href="/admin/webhook">« Semua webhook</a></p>
<div class="card"><dl class="meta"><dt>Alamat</dt><dd>${hook.url}</dd><dt>Keadaan</dt><dd>${hook.active ? 'aktif' : 'nonaktif'}</dd></dl></div>
<table class="data"><thead><tr><th>Peristiwa</th><th>#</th><th>Keadaan</th><th>Percobaan</th><th>Hasil terakhir</th><th>Percobaan berikutnya</th><th>Dibuat</th></tr></thead><tbody>
${deliveries.length === 0 ? html`<tr><td colspan="7" class="muted">Belum ada kiriman.</td></tr>` : null}
${deliveries.map(
  (d) => html`<tr><td>${(EVENT_LABELS as Record<string, string>)[d.event] ?? d.event}</td><td>${d.eventSeq}</td><td>${DELIVERY_LABELS[d.status] ?? d.status}</td><td>${angka(d.attempts)}</td>
<td>${d.lastStatus !== null ? `HTTP ${d.lastStatus}` : ''}${d.lastError ? html` <span class="muted">${d.lastError}</span>` : null}</td><td>${d.status === 'pending' ? waktu(d.nextAttemptAt, v.zone) : '—'}</td><td>${waktu(d.createdAt, v.zone)}</td></tr>`,
)}
</tbody></table>${pagingLinks(`/admin/webhook/${hook.id}`, {}, nextCursor, isFirst)}`;
}
