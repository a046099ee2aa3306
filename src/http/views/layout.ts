/**
 * The page frame of every HTML page: head, top bar with the navigation the user's roles allow,
 * flash message, main content. Imports html and the session types.
 */
import { hasRole } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { RequestAuth } from '../http-deps.ts';

export interface PageOptions {
  readonly title: string;
  readonly auth: RequestAuth;
  /** Which nav entry is highlighted. */
  readonly active?: 'tugas' | 'dokumen' | 'peserta' | 'arsip' | 'verifikasi' | 'masuk';
  readonly flash?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
  readonly body: SafeHtml;
}

export function renderPage(options: PageOptions): string {
  const { auth } = options;
  const user = auth.user;
  const link = (key: NonNullable<PageOptions['active']>, href: string, label: string) =>
    html`<a href="${href}" class="${options.active === key ? 'active' : ''}">${label}</a>`;
  const nav = user
    ? [
        link('tugas', '/', 'Tugas saya'),
        user.roles.length > 0 ? link('dokumen', '/dokumen', 'Dokumen') : null,
        hasRole(user, 'drafter', 'admin') ? link('peserta', '/peserta', 'Daftar peserta') : null,
        user.roles.length > 0 ? link('arsip', '/arsip', 'Arsip') : null,
        link('verifikasi', '/verifikasi', 'Verifikasi'),
      ]
    : [link('verifikasi', '/verifikasi', 'Verifikasi'), link('masuk', '/masuk', 'Masuk')];
  const who = user
    ? html`<div class="who"><span>${user.displayName} <span class="muted">(${user.roles.join(', ') || 'tanpa peran'})</span></span>
        <form method="post" action="/keluar"><input type="hidden" name="_csrf" value="${auth.csrfToken}"><button type="submit">Keluar</button></form></div>`
    : null;
  const flash = options.flash ? html`<div class="flash ${options.flash.kind}" role="status">${options.flash.text}</div>` : null;
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} — naskah</title>
<link rel="stylesheet" href="/aset/naskah.css">
</head>
<body>
<header class="top"><a class="brand" href="/">naskah</a><nav>${nav}</nav>${who}</header>
<main>
${flash}
${options.body}
</main>
<footer>naskah — penyusunan, paraf hierarki, tanda tangan elektronik dan arsip Keputusan/Instruksi kepala daerah</footer>
</body>
</html>`.value;
}

/** The hidden CSRF field every form carries. */
export function csrfField(auth: RequestAuth): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${auth.csrfToken}">`;
}
