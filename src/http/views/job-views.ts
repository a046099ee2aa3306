/**
 * Views of long work: one job (what runs, its progress, then a link to the result or the reason it
 * stopped; the page refreshes itself every two seconds while the job runs) and the list of jobs (mine;
 * admins also see the jobs that failed on their last try and can run one again). Times in the user's
 * zone. Imports html, format and the layout helpers.
 */
import type { JobView } from '../../jobs/job-queue.ts';
import { JOB_LABELS, type JobState } from '../../jobs/job-types.ts';
import { html, type SafeHtml } from '../html.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { angka, cutText, waktu } from './format.ts';
import { pagingLinks, postAction } from './layout.ts';

export const JOB_STATE_TEXT: Readonly<Record<JobState, string>> = {
  queued: 'menunggu giliran',
  running: 'sedang berjalan',
  retry: 'gagal sementara, akan diulang',
  completed: 'selesai',
  failed: 'ditolak',
  dead: 'gagal setelah percobaan terakhir',
};

const UNIT_TEXT: Readonly<Record<string, string>> = { rows: 'baris', baris: 'baris', pages: 'halaman', bytes: 'bita' };

export function isRunning(view: JobView): boolean {
  return view.state === 'queued' || view.state === 'running' || view.state === 'retry';
}

function progressOf(view: JobView): SafeHtml | null {
  const p = view.progress;
  if (!p) return null;
  const unit = p.unit ? (UNIT_TEXT[p.unit] ?? p.unit) : '';
  if (p.total && p.total > 0) {
    const pct = Math.min(100, Math.floor((p.done / p.total) * 100));
    return html`<p><progress max="100" value="${pct}"></progress> ${angka(p.done)} dari ${angka(p.total)} ${unit} (${pct}%)</p>`;
  }
  return html`<p>${angka(p.done)} ${unit} sudah diproses</p>`;
}

/** Where the result of a finished job is. */
function resultLink(view: JobView): SafeHtml | null {
  if (view.state !== 'completed') return null;
  const r = (view.result ?? {}) as { listId?: string; documentId?: string; format?: string; number?: string };
  if ((view.type === 'list.import' || view.type === 'list.approve') && r.listId) return html`<p><a class="button" href="/peserta/${r.listId}">Buka daftar peserta</a></p>`;
  if (view.type === 'document.preview' && r.documentId) return html`<p><a class="button" href="/dokumen/${r.documentId}/${r.format === 'docx' ? 'unduh.docx' : 'pratinjau.pdf'}">Buka pratinjau</a></p>`;
  if (view.type === 'document.issue' && r.documentId) return html`<p>Nomor ${r.number ?? ''}. <a class="button" href="/dokumen/${r.documentId}">Buka dokumen</a></p>`;
  return null;
}

export function jobView(v: ViewContext, view: JobView): SafeHtml {
  const running = isRunning(view);
  return html`<h1>${JOB_LABELS[view.type]}</h1>
<div class="card"><dl class="meta"><dt>Keadaan</dt><dd>${JOB_STATE_TEXT[view.state]}</dd><dt>Percobaan</dt><dd>${angka(view.attempts)} dari ${angka(view.maxAttempts)}</dd>
<dt>Diajukan</dt><dd>${waktu(view.createdAt, v.zone)}${view.submittedBy ? html` oleh ${view.submittedBy}` : null}</dd>
${view.finishedAt ? html`<dt>Selesai</dt><dd>${waktu(view.finishedAt, v.zone)}</dd>` : null}</dl>
${progressOf(view)}
${view.error && !running ? html`<p class="error" role="alert">${cutText(view.error.message, 600)}</p>` : null}
${view.error && view.state === 'retry' ? html`<p class="muted">Percobaan terakhir gagal: ${cutText(view.error.message, 600)}</p>` : null}
${resultLink(view)}
${running ? html`<p class="muted">Halaman ini diperbarui sendiri setiap dua detik.</p>` : null}</div>
<p><a href="/pekerjaan">Semua pekerjaan saya</a></p>`;
}

export interface JobsPageModel {
  readonly mine: readonly JobView[];
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
  /** Admins: jobs that failed on their last try, to run again. */
  readonly dead: readonly JobView[] | null;
}

export function jobsView(v: ViewContext, m: JobsPageModel): SafeHtml {
  const row = (j: JobView, retry: boolean) =>
    html`<tr><td><a href="/pekerjaan/${j.id}">${JOB_LABELS[j.type]}</a></td><td>${JOB_STATE_TEXT[j.state]}</td><td>${waktu(j.createdAt, v.zone)}</td><td>${j.error ? cutText(j.error.message, 200) : ''}</td>
<td>${retry ? html`<form method="post" action="${postAction(`/pekerjaan/${j.id}/ulang`, v.auth)}"><button type="submit" class="secondary small">Jalankan ulang</button></form>` : null}</td></tr>`;
  return html`<h1>Pekerjaan latar</h1>
<p class="muted">Pekerjaan panjang (impor dan persetujuan daftar besar, pratinjau lampiran besar, penandatanganan) berjalan di latar; halaman ini menunjukkan keadaannya.</p>
<table class="data"><thead><tr><th>Pekerjaan</th><th>Keadaan</th><th>Diajukan</th><th>Catatan</th><th></th></tr></thead><tbody>
${m.mine.length === 0 ? html`<tr><td colspan="5" class="muted">Belum ada pekerjaan.</td></tr>` : null}${m.mine.map((j) => row(j, false))}</tbody></table>
${pagingLinks('/pekerjaan', {}, m.nextCursor, m.isFirst)}
${m.dead
  ? html`<h2>Gagal setelah percobaan terakhir</h2><table class="data"><thead><tr><th>Pekerjaan</th><th>Keadaan</th><th>Diajukan</th><th>Galat</th><th></th></tr></thead><tbody>
${m.dead.length === 0 ? html`<tr><td colspan="5" class="muted">Tidak ada.</td></tr>` : null}${m.dead.map((j) => row(j, true))}</tbody></table>`
  : null}`;
}
