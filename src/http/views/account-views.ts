/**
 * Views of logging in and of the user's own account: the login form, the account page (who they are,
 * their roles and regions), the password change form, and their personal API tokens. Imports html and
 * the layout helpers.
 */
import type { ApiToken } from '../../db/prisma-client.ts';
import { ROLE_LABELS } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { SessionUser } from '../http-deps.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { waktu } from './format.ts';
import { postAction, required } from './layout.ts';

export function loginView(v: ViewContext, form: { readonly next: string; readonly username: string; readonly error?: string | undefined }): SafeHtml {
  return html`<h1>Masuk</h1>
<div class="card narrow">
${form.error ? html`<div class="flash error" role="alert">${form.error}</div>` : null}
<form method="post" action="${postAction('/masuk', v.auth)}">
<input type="hidden" name="next" value="${form.next}">
<label for="username">Nama pengguna ${required()}</label><input type="text" id="username" name="username" autocomplete="username" required maxlength="100" value="${form.username}">
<label for="password">Kata sandi ${required()}</label><input type="password" id="password" name="password" autocomplete="current-password" required maxlength="1000">
<div class="actions"><button type="submit">Masuk</button></div>
</form>
</div>
<p class="muted">Memeriksa keaslian dokumen tidak memerlukan akun: buka <a href="/verifikasi">Verifikasi</a>. Lupa kata sandi? Minta admin mengatur ulang.</p>`;
}

export function accountView(v: ViewContext, user: SessionUser, email: string | null): SafeHtml {
  return html`<h1>Akun saya</h1>
<div class="card"><dl class="meta">
<dt>Nama</dt><dd>${user.displayName}</dd><dt>Nama pengguna</dt><dd>${user.username}</dd>
<dt>Peran</dt><dd>${user.roles.map((r) => ROLE_LABELS[r]).join(', ') || 'tanpa peran'}</dd>
<dt>Daerah</dt><dd>${user.regions.map(v.regionLabel).join(', ') || '—'}</dd>
<dt>Surel pemberitahuan</dt><dd>${email ?? 'belum diisi (minta admin mengisinya)'}</dd>
<dt>Zona waktu tampilan</dt><dd>${v.zone.label}</dd>
</dl>
<div class="actions"><a class="button" href="/akun/kata-sandi">Ganti kata sandi</a><a class="button secondary" href="/akun/token">Token API</a><a class="button secondary" href="/pekerjaan">Pekerjaan latar</a>
<form method="post" action="${postAction('/akun/sesi', v.auth)}"><button type="submit" class="secondary">Keluar dari semua perangkat</button></form></div></div>`;
}

export function passwordView(v: ViewContext, state: { readonly error?: string | undefined; readonly field?: string | undefined; readonly forced: boolean }): SafeHtml {
  const fieldError = (name: string) => (state.error && state.field === name ? html`<p class="field-error" id="${name}-galat">${state.error}</p>` : null);
  return html`<h1>Ganti kata sandi</h1>
${state.forced ? html`<div class="flash error" role="alert">Admin telah mengatur ulang kata sandi Anda. Buat kata sandi baru sebelum melanjutkan.</div>` : null}
${state.error && !state.field ? html`<div class="flash error" role="alert">${state.error}</div>` : null}
<div class="card narrow"><form method="post" action="${postAction('/akun/kata-sandi', v.auth)}">
<label for="kataSandiSekarang">Kata sandi sekarang ${required()}</label><input type="password" id="kataSandiSekarang" name="kataSandiSekarang" autocomplete="current-password" required maxlength="1000">${fieldError('kataSandiSekarang')}
<label for="kataSandiBaru">Kata sandi baru (minimal 10 karakter) ${required()}</label><input type="password" id="kataSandiBaru" name="kataSandiBaru" autocomplete="new-password" required minlength="10" maxlength="1000">${fieldError('kataSandiBaru')}
<label for="ulangi">Ulangi kata sandi baru ${required()}</label><input type="password" id="ulangi" name="ulangi" autocomplete="new-password" required minlength="10" maxlength="1000">${fieldError('ulangi')}
<div class="actions"><button type="submit">Simpan kata sandi baru</button></div>
</form><p class="muted">Setelah diganti, sesi lain akun Anda (perangkat lain) diakhiri.</p></div>`;
}

export function tokensView(v: ViewContext, tokens: readonly ApiToken[], created?: { readonly token: string; readonly name: string }, error?: string): SafeHtml {
  return html`<h1>Token API</h1>
<div class="card"><p>Token API dipakai skrip dan sistem lain untuk memanggil <code>/api/v1</code> atas nama Anda, dengan kepala <code>Authorization: Bearer &lt;token&gt;</code>. Cakupan <strong>baca</strong> mengizinkan permintaan GET; <strong>tulis</strong> mengizinkan perubahan. Token hanya ditampilkan sekali saat dibuat; yang disimpan hanya sidik (hash)-nya.</p>
${created ? html`<div class="flash ok" role="status">Token "${created.name}" dibuat. Salin sekarang — tidak akan ditampilkan lagi:<br><code class="hash" id="token-baru">${created.token}</code></div>` : null}
${error ? html`<div class="flash error" role="alert">${error}</div>` : null}
<form method="post" action="${postAction('/akun/token', v.auth)}"><div class="grid3">
<div><label for="nama-token">Nama token ${required()}</label><input type="text" id="nama-token" name="nama" required maxlength="100" placeholder="mis. skrip impor Dinsos"></div>
<div><label>Cakupan ${required()}</label><label class="inline"><input type="checkbox" name="cakupan" value="baca" checked> baca</label><label class="inline"><input type="checkbox" name="cakupan" value="tulis"> tulis</label></div>
<div><label for="masa">Berlaku (hari; kosong = tanpa batas)</label><input type="number" id="masa" name="masa" min="1" max="3650"></div>
</div><div class="actions"><button type="submit">Buat token</button></div></form></div>
<table class="data"><thead><tr><th>Nama</th><th>Awal token</th><th>Cakupan</th><th>Dibuat</th><th>Terakhir dipakai</th><th>Berlaku sampai</th><th>Keadaan</th><th></th></tr></thead><tbody>
${tokens.length === 0 ? html`<tr><td colspan="8" class="muted">Belum ada token.</td></tr>` : null}
${tokens.map(
  (t) => html`<tr><td>${t.name}</td><td class="hash">${t.prefix}…</td><td>${t.scopes.split(',').join(', ')}</td><td>${waktu(t.createdAt, v.zone)}</td>
<td>${t.lastUsedAt ? waktu(t.lastUsedAt, v.zone) : '—'}</td><td>${t.expiresAt ? waktu(t.expiresAt, v.zone) : 'tanpa batas'}</td>
<td>${t.revokedAt ? html`<span class="badge bad">dicabut</span>` : html`<span class="badge ok">aktif</span>`}</td>
<td>${t.revokedAt ? null : html`<form method="post" action="${postAction(`/akun/token/${t.id}/cabut`, v.auth)}"><button type="submit" class="secondary">Cabut</button></form>`}</td></tr>`,
)}
</tbody></table>`;
}
