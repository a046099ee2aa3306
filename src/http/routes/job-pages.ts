/**
 * The web app's view of long work: /pekerjaan/:id (what runs, its progress, then a link to the result
 * or the reason it stopped; the page refreshes itself every two seconds while the job runs),
 * /pekerjaan (your recent jobs; admins also see the dead-letter view — jobs that failed on their last
 * try — and can run one again). Server-rendered, escaped by construction.
 * Imports Express, the html helpers, auth and the job views.
 */
import express, { type Request, type Response } from 'express';
import { AppError } from '../../errors/app-error.ts';
import type { JobView } from '../../jobs/job-queue.ts';
import { JOB_LABELS, type JobState } from '../../jobs/job-types.ts';
import { ANY_ROLE, currentUser, requireRole } from '../auth.ts';
import { html, type SafeHtml } from '../html.ts';
import type { AppContext } from '../http-deps.ts';
import { csrfField, renderPage } from '../views/layout.ts';

const STATE_TEXT: Readonly<Record<JobState, string>> = {
  queued: 'menunggu giliran',
  running: 'sedang berjalan',
  retry: 'gagal sementara, akan diulang',
  completed: 'selesai',
  failed: 'ditolak',
  dead: 'gagal setelah percobaan terakhir',
};

const angka = (n: number): string => n.toLocaleString('id-ID');

function progressOf(view: JobView): SafeHtml | null {
  const p = view.progress;
  if (!p) return null;
  const unit = p.unit ?? '';
  if (p.total && p.total > 0) {
    const pct = Math.min(100, Math.floor((p.done / p.total) * 100));
    return html`<p><progress max="100" value="${pct}"></progress> ${angka(p.done)} dari ${angka(p.total)} ${unit} (${pct}%)</p>`;
  }
  return html`<p>${angka(p.done)} ${unit} sudah diproses</p>`;
}

/** Where the result of a finished job is. */
function resultLink(view: JobView): SafeHtml | null {
  const r = (view.result ?? {}) as { listId?: string; documentId?: string; format?: string; number?: string };
  if (view.state !== 'completed') return null;
  if ((view.type === 'list.import' || view.type === 'list.approve') && r.listId) return html`<p><a class="button" href="/peserta/${r.listId}">Buka daftar peserta</a></p>`;
  if (view.type === 'document.preview' && r.documentId) return html`<p><a class="button" href="/dokumen/${r.documentId}/${r.format === 'docx' ? 'unduh.docx' : 'pratinjau.pdf'}">Buka pratinjau</a></p>`;
  if (view.type === 'document.issue' && r.documentId) return html`<p>Nomor ${r.number ?? ''}. <a class="button" href="/dokumen/${r.documentId}">Buka dokumen</a></p>`;
  return null;
}

export function createJobPagesRouter(ctx: AppContext): express.Router {
  const router = express.Router();
  const isAdmin = (res: Response): boolean => currentUser(res).roles.includes('admin');
  const page = (req: Request, res: Response, title: string, body: SafeHtml): void => {
    res.type('html').send(renderPage({ title, auth: res.locals.auth, body }));
  };

  router.get('/pekerjaan/:id', requireRole(...ANY_ROLE), async (req, res) => {
    const view = await ctx.jobs.get(String(req.params.id));
    if (!view || (!isAdmin(res) && view.submittedBy !== currentUser(res).username)) {
      throw new AppError('NOT_FOUND', 'Pekerjaan ini tidak ada (atau bukan milik Anda).');
    }
    const running = view.state === 'queued' || view.state === 'running' || view.state === 'retry';
    if (running) res.setHeader('Refresh', '2');
    page(
      req,
      res,
      JOB_LABELS[view.type],
      html`<h1>${JOB_LABELS[view.type]}</h1>
<div class="card"><dl class="meta"><dt>Keadaan</dt><dd>${STATE_TEXT[view.state]}</dd><dt>Percobaan</dt><dd>${view.attempts} dari ${view.maxAttempts}</dd>
<dt>Diajukan</dt><dd>${view.createdAt.toISOString()}${view.submittedBy ? html` oleh ${view.submittedBy}` : null}</dd></dl>
${progressOf(view)}
${view.error && !running ? html`<p class="error">${view.error.message}</p>` : null}
${view.error && view.state === 'retry' ? html`<p class="muted">Percobaan terakhir gagal: ${view.error.message}</p>` : null}
${resultLink(view)}
${running ? html`<p class="muted">Halaman ini diperbarui sendiri setiap dua detik.</p>` : null}</div>`,
    );
  });

  router.get('/pekerjaan', requireRole(...ANY_ROLE), async (req, res) => {
    const mine = await ctx.jobs.list({ submittedBy: currentUser(res).username, limit: 50 });
    const dead = isAdmin(res) ? await ctx.jobs.list({ state: 'dead', limit: 100 }) : [];
    const row = (v: JobView, retry: boolean) =>
      html`<tr><td><a href="/pekerjaan/${v.id}">${JOB_LABELS[v.type]}</a></td><td>${STATE_TEXT[v.state]}</td><td>${v.createdAt.toISOString()}</td><td>${v.error?.message ?? ''}</td>
<td>${retry ? html`<form method="post" action="/pekerjaan/${v.id}/ulang">${csrfField(res.locals.auth)}<button type="submit">Jalankan ulang</button></form>` : null}</td></tr>`;
    page(
      req,
      res,
      'Pekerjaan latar',
      html`<h1>Pekerjaan latar</h1>
<table class="data"><thead><tr><th>Pekerjaan</th><th>Keadaan</th><th>Diajukan</th><th>Catatan</th><th></th></tr></thead><tbody>
${mine.length === 0 ? html`<tr><td colspan="5" class="muted">Belum ada pekerjaan.</td></tr>` : null}${mine.map((v) => row(v, false))}</tbody></table>
${isAdmin(res) ? html`<h2>Gagal setelah percobaan terakhir (dead-letter)</h2><table class="data"><thead><tr><th>Pekerjaan</th><th>Keadaan</th><th>Diajukan</th><th>Galat</th><th></th></tr></thead><tbody>
${dead.length === 0 ? html`<tr><td colspan="5" class="muted">Tidak ada.</td></tr>` : null}${dead.map((v) => row(v, true))}</tbody></table>` : null}`,
    );
  });

  router.post('/pekerjaan/:id/ulang', requireRole('admin'), async (req, res) => {
    const id = String(req.params.id);
    if (!(await ctx.jobs.retry(id))) throw new AppError('INVALID_STATE', 'Hanya pekerjaan yang mati atau ditolak yang dapat dijalankan ulang.');
    res.redirect(303, `/pekerjaan/${encodeURIComponent(id)}`);
  });
  return router;
}
