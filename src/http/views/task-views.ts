/**
 * Views of "Tugas saya": one card per waiting task — what is asked (paraf at step n, signature, a
 * revision), the paraf chain with who initialled and when, the return note with who returned it and
 * when, and the forms to act (passphrase marked required where a key signs; no return to oneself).
 * Imports html, labels, format and the layout helpers.
 */
import { html, type SafeHtml } from '../html.ts';
import type { ChainStepView, ReturnView, TaskView } from '../read-models/tasks.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { waktu } from './format.ts';
import { STEP_LABELS, stateBadge } from './labels.ts';
import { pagingLinks, postAction, required } from './layout.ts';

export interface TaskCardModel extends TaskView {
  /** The official acting has a signing key: the paraf is signed and needs its passphrase. */
  readonly parafNeedsPassphrase: boolean;
}

export function chainTable(v: ViewContext, chain: readonly ChainStepView[], highlight: number | null = null): SafeHtml {
  if (chain.length === 0) return html`<p class="muted">Rantai paraf dimulai saat dokumen diajukan.</p>`;
  return html`<table class="data chain"><thead><tr><th>Urutan</th><th>Jabatan</th><th>Pejabat</th><th>Keadaan</th><th>Waktu</th><th>Catatan</th></tr></thead><tbody>
${chain.map(
  (s) => html`<tr class="${s.position === highlight ? 'current' : ''}"><td>${s.position}</td><td>${s.jabatan}</td><td>${s.officialName}${s.actedBy ? html` <span class="muted">(oleh ${s.actedBy})</span>` : null}</td>
<td>${STEP_LABELS[s.state] ?? `keadaan ${s.state}`}</td><td>${s.actedAt ? waktu(s.actedAt, v.zone) : '—'}</td><td>${s.note ?? ''}</td></tr>`,
)}</tbody></table>`;
}

export function returnNote(v: ViewContext, r: ReturnView): SafeHtml {
  return html`<div class="note" role="note"><p><strong>Dikembalikan oleh ${r.jabatan}</strong> (${r.officialName}${r.actedBy ? `, oleh ${r.actedBy}` : ''}) pada ${waktu(r.at, v.zone)}:</p>
<blockquote>${r.note}</blockquote></div>`;
}

function taskCard(v: ViewContext, t: TaskCardModel): SafeHtml {
  const hidden = html`<input type="hidden" name="contentHash" value="${t.contentHash}">`;
  const what =
    t.action === 'paraf' ? html`Paraf ke-${t.position} sebagai <strong>${t.jabatan}</strong>` : t.action === 'sign' ? html`Tanda tangan` : html`Perbaiki (dikembalikan)`;
  const returnForm = t.drafterIsMe
    ? html`<p class="muted">Anda sendiri perancang dokumen ini: bila perlu diubah, buka dan revisi (versi baru), tanpa mengembalikannya.</p>`
    : html`<form method="post" action="${postAction(`/dokumen/${t.documentId}/kembalikan`, v.auth)}" class="grow">${hidden}
  <label for="note-${t.documentId}">Catatan untuk perancang ${required()}</label>
  <textarea id="note-${t.documentId}" name="note" rows="2" required maxlength="4000"></textarea>
  <div class="actions"><button type="submit" class="secondary">Kembalikan dengan catatan</button></div></form>`;
  const actions =
    t.action === 'revise'
      ? html`<a class="button" href="/dokumen/${t.documentId}">Buka dan perbaiki</a>`
      : t.action === 'paraf'
        ? html`<form method="post" action="${postAction(`/dokumen/${t.documentId}/paraf`, v.auth)}">${hidden}
  ${t.parafNeedsPassphrase
    ? html`<label for="paraf-pass-${t.documentId}">Passphrase kunci (bukti paraf elektronik) ${required()}</label>
  <input type="password" id="paraf-pass-${t.documentId}" name="passphrase" autocomplete="off" required maxlength="1000">`
    : null}
  <div class="actions"><button type="submit">Beri paraf</button></div></form>${returnForm}`
        : html`<form method="post" action="${postAction(`/dokumen/${t.documentId}/tandatangani`, v.auth)}">${hidden}
  <label for="pass-${t.documentId}">Passphrase kunci penandatanganan ${required()}</label>
  <input type="password" id="pass-${t.documentId}" name="passphrase" autocomplete="off" required maxlength="1000">
  <div class="actions"><button type="submit">Tandatangani</button></div></form>`;
  return html`<div class="card task" id="tugas-${t.documentId}">
<h2 class="first"><a href="/dokumen/${t.documentId}">${t.tentang}</a></h2>
<dl class="meta"><dt>Jenis</dt><dd>${v.kindLabel(t.kindId)}</dd><dt>Keadaan</dt><dd>${stateBadge(t.state)}</dd><dt>Tugas</dt><dd>${what}</dd>
<dt>Versi</dt><dd>${t.versionNo}</dd><dt>Hash isi</dt><dd class="hash">${t.contentHash}</dd></dl>
${t.returned ? returnNote(v, t.returned) : null}
<details class="chain" ${t.action === 'revise' ? '' : 'open'}><summary>Paraf hierarki</summary>${chainTable(v, t.chain, t.position)}</details>
<p class="muted">Paraf dan tanda tangan berlaku hanya untuk versi dengan hash di atas. <a href="/dokumen/${t.documentId}/pratinjau.pdf">Pratinjau PDF</a> · <a href="/dokumen/${t.documentId}/unduh.docx">Unduh DOCX</a></p>
<div class="actions">${actions}</div>
</div>`;
}

export function tasksView(v: ViewContext, tasks: readonly TaskCardModel[], nextCursor: string | null, isFirst: boolean): SafeHtml {
  return html`<h1>Tugas saya</h1>
${tasks.length === 0 ? html`<div class="card"><p>Tidak ada dokumen yang menunggu paraf, tanda tangan, atau perbaikan Anda.</p></div>` : tasks.map((t) => taskCard(v, t))}
${pagingLinks('/', {}, nextCursor, isFirst)}`;
}
