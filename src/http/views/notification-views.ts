/**
 * The notifications page: what awaits the user or happened to their documents, newest first, paged,
 * unread marked, with whether the e-mail went out. Imports html, format and the layout helpers.
 */
import { html, type SafeHtml } from '../html.ts';
import type { NotificationView } from '../read-models/notifications.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { waktu } from './format.ts';
import { pagingLinks, postAction } from './layout.ts';

const KIND_LABELS: Readonly<Record<string, string>> = { paraf: 'paraf menunggu', tanda_tangan: 'tanda tangan menunggu', dikembalikan: 'dikembalikan', terbit: 'terbit' };
const EMAIL_LABELS: Readonly<Record<string, string>> = { none: '—', pending: 'akan dikirim', sent: 'terkirim', failed: 'gagal dikirim' };

export function notificationsView(v: ViewContext, items: readonly NotificationView[], nextCursor: string | null, isFirst: boolean, unread: number): SafeHtml {
  return html`<h1>Pemberitahuan</h1>
${unread > 0 ? html`<form method="post" action="${postAction('/pemberitahuan/dibaca', v.auth)}" class="actions"><button type="submit" class="secondary">Tandai semua sudah dibaca</button></form>` : null}
<table class="data"><thead><tr><th>Waktu</th><th>Jenis</th><th>Pesan</th><th>Surel</th></tr></thead><tbody>
${items.length === 0 ? html`<tr><td colspan="4" class="muted">Belum ada pemberitahuan.</td></tr>` : null}
${items.map(
  (n) => html`<tr class="${n.read ? '' : 'unread'}"><td>${waktu(n.createdAt, v.zone)}</td><td>${KIND_LABELS[n.kind] ?? n.kind}${n.read ? null : html` <span class="badge warn">baru</span>`}</td>
<td>${n.documentId ? html`<a href="/dokumen/${n.documentId}">${n.text}</a>` : n.text}</td><td>${EMAIL_LABELS[n.emailStatus] ?? n.emailStatus}</td></tr>`,
)}
</tbody></table>${pagingLinks('/pemberitahuan', {}, nextCursor, isFirst)}`;
}
