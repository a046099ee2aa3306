/**
 * The page frame of every HTML page: head (stylesheet, the one small script, the CSRF token for it),
 * the top bar with the navigation the user's roles allow and the counts of waiting tasks and unread
 * notifications, the flash message, the main content. Also the helpers every form uses (postAction:
 * the form's action with the CSRF token in its query, so it is checked before the body is read).
 * Imports html, the auth helpers, labels and the session types.
 */
import { hasRole, ROLE_LABELS } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { RequestAuth } from '../http-deps.ts';
import { angka } from './format.ts';

export type NavKey = 'tugas' | 'dokumen' | 'peserta' | 'arsip' | 'rujukan' | 'admin' | 'verifikasi' | 'masuk' | 'akun' | 'pemberitahuan';

export interface NavCounts {
  readonly tasks: number;
  readonly unread: number;
}

export interface PageOptions {
  readonly title: string;
  readonly auth: RequestAuth;
  /** Which nav entry is highlighted. */
  readonly active?: NavKey;
  readonly flash?: { readonly kind: 'ok' | 'error'; readonly text: string } | undefined;
  readonly counts?: NavCounts;
  readonly body: SafeHtml;
}

function badge(n: number | undefined, label: string): SafeHtml | null {
  return n ? html` <span class="count" aria-label="${angka(n)} ${label}">${angka(n)}</span>` : null;
}

export function renderPage(options: PageOptions): string {
  const { auth, counts } = options;
  const user = auth.user;
  const link = (key: NavKey, href: string, label: string, extra: SafeHtml | null = null) =>
    html`<a href="${href}" class="${options.active === key ? 'active' : ''}">${label}${extra}</a>`;
  const nav = user
    ? [
        link('tugas', '/', 'Tugas saya', badge(counts?.tasks, 'tugas menunggu')),
        user.roles.length > 0 ? link('dokumen', '/dokumen', 'Dokumen') : null,
        hasRole(user, 'drafter', 'approver', 'admin') ? link('peserta', '/peserta', 'Daftar peserta') : null,
        user.roles.length > 0 ? link('arsip', '/arsip', 'Arsip') : null,
        hasRole(user, 'drafter', 'admin') ? link('rujukan', '/rujukan', 'Rujukan hukum') : null,
        hasRole(user, 'admin') ? link('admin', '/admin', 'Admin') : null,
        link('verifikasi', '/verifikasi', 'Verifikasi'),
      ]
    : [link('verifikasi', '/verifikasi', 'Verifikasi'), link('masuk', '/masuk', 'Masuk')];
  const who = user
    ? html`<div class="who">${link('pemberitahuan', '/pemberitahuan', 'Pemberitahuan', badge(counts?.unread, 'belum dibaca'))}
<a href="/akun" class="${options.active === 'akun' ? 'active' : ''}">${user.displayName}</a> <span class="muted">(${user.roles.map((r) => ROLE_LABELS[r]).join(', ') || 'tanpa peran'})</span>
<form method="post" action="${postAction('/keluar', auth)}"><button type="submit">Keluar</button></form></div>`
    : null;
  const flash = options.flash ? html`<div class="flash ${options.flash.kind}" role="${options.flash.kind === 'error' ? 'alert' : 'status'}">${options.flash.text}</div>` : null;
  return html`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${auth.csrfToken}">
<title>${options.title} — naskah</title>
<link rel="stylesheet" href="/aset/naskah.css">
<script src="/aset/naskah.js" defer></script>
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

/** A form's action with the CSRF token in its query: checked before anything of the body is read. */
export function postAction(path: string, auth: RequestAuth): string {
  return `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(auth.csrfToken)}`;
}

/** The paging links under a list: first page and next page (the cursor is opaque). */
export function pagingLinks(basePath: string, query: Readonly<Record<string, string | undefined>>, nextCursor: string | null, isFirst: boolean): SafeHtml | null {
  if (!nextCursor && isFirst) return null;
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && k !== 'cursor') p.set(k, v);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    const s = p.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return html`<nav class="paging" aria-label="Halaman">${isFirst ? null : html`<a href="${params({})}">« Halaman pertama</a>`}${nextCursor ? html`<a href="${params({ cursor: nextCursor })}">Berikutnya »</a>` : null}</nav>`;
}

/** Marks a required field's label. */
export function required(): SafeHtml {
  return html`<span class="req" title="wajib diisi">*</span>`;
}
