/**
 * Views of documents: the list (filter by state, kind and words; paged), one document (its state, the
 * paraf chain with who initialled and when, the returns and answers, versions, the audit trail, the
 * actions the user may take), the YAML editor (advanced mode) and the audit trail page. Imports html,
 * labels, format and the layout helpers.
 */
import { html, type SafeHtml } from '../html.ts';
import type { KindSummary } from '../bridge/templates.ts';
import type { AuditEventView, DocumentDetail, DocumentSummary } from '../read-models/documents.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { cutText, waktu } from './format.ts';
import { actionLabel, STATE_LABELS, stateBadge } from './labels.ts';
import { pagingLinks, postAction, required } from './layout.ts';
import { chainTable, returnNote } from './task-views.ts';

function shortHash(hash: string | null | undefined): string {
  return hash ? `${hash.slice(0, 12)}…` : '—';
}

export interface DocumentListModel {
  readonly items: readonly DocumentSummary[];
  readonly filter: { readonly state?: string | undefined; readonly kind?: string | undefined; readonly text?: string | undefined };
  readonly kinds: readonly KindSummary[];
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
  readonly canDraft: boolean;
}

export function documentListView(v: ViewContext, m: DocumentListModel): SafeHtml {
  const f = m.filter;
  return html`<h1>Dokumen</h1>
${m.canDraft ? html`<p><a class="button" href="/dokumen/baru">Konsep baru</a></p>` : null}
<form method="get" action="/dokumen" class="card filter"><div class="grid3">
<div><label for="keadaan">Keadaan</label><select id="keadaan" name="keadaan"><option value="">Semua keadaan</option>${Object.entries(STATE_LABELS).map(([k, label]) => html`<option value="${k}" ${k === f.state ? 'selected' : ''}>${label}</option>`)}</select></div>
<div><label for="jenis">Jenis</label><select id="jenis" name="jenis"><option value="">Semua jenis</option>${m.kinds.map((k) => html`<option value="${k.kind}" ${k.kind === f.kind ? 'selected' : ''}>${k.label}</option>`)}</select></div>
<div><label for="teks">Kata dalam judul</label><input type="search" id="teks" name="teks" value="${f.text ?? ''}" maxlength="200"></div>
</div><div class="actions"><button type="submit" class="secondary">Saring</button></div></form>
<table class="data"><thead><tr><th>Tentang</th><th>Jenis</th><th>Nomor</th><th>Keadaan</th><th>Paraf</th><th>Versi</th><th>Diubah</th></tr></thead><tbody>
${m.items.length === 0 ? html`<tr><td colspan="7" class="muted">Belum ada dokumen${f.state || f.kind || f.text ? ' yang cocok' : ''}.</td></tr>` : null}
${m.items.map(
  (d) => html`<tr><td><a href="/dokumen/${d.id}">${cutText(d.tentang, 160)}</a></td><td>${v.kindLabel(d.kindId)}</td><td>${d.number ?? '—'}</td><td>${stateBadge(d.state)}</td>
<td>${d.parafDone}/${d.parafTotal}</td><td>${d.versionNo ?? '—'} <span class="hash">${shortHash(d.contentHash)}</span></td><td>${waktu(d.updatedAt, v.zone)}</td></tr>`,
)}
</tbody></table>
${pagingLinks('/dokumen', { keadaan: f.state, jenis: f.kind, teks: f.text }, m.nextCursor, m.isFirst)}`;
}

export interface DocumentPageModel {
  readonly detail: DocumentDetail;
  readonly canRevise: boolean;
  readonly canSubmit: boolean;
  readonly canDelete: boolean;
  readonly canRevoke: boolean;
  /** Why the form cannot edit this document ([] = it can). */
  readonly formBlockers: readonly string[];
  readonly audit: { readonly items: readonly AuditEventView[]; readonly nextCursor: string | null };
}

export function documentView(v: ViewContext, m: DocumentPageModel): SafeHtml {
  const d = m.detail;
  const c = d.current;
  const hidden = c ? html`<input type="hidden" name="contentHash" value="${c.contentHash}">` : null;
  const actions: SafeHtml[] = [];
  if (m.canRevise && c) {
    actions.push(
      m.formBlockers.length === 0
        ? html`<a class="button" href="/dokumen/${d.id}/ubah">${d.state === 'returned' ? 'Perbaiki dan ajukan ulang' : 'Ubah dengan formulir'}</a>`
        : html`<span class="muted">Dokumen ini memuat bagian yang hanya dapat diubah di mode YAML (${m.formBlockers.slice(0, 3).join('; ')}).</span>`,
    );
  }
  if (m.canSubmit && c) actions.push(html`<form method="post" action="${postAction(`/dokumen/${d.id}/ajukan`, v.auth)}">${hidden}<button type="submit">Ajukan untuk paraf</button></form>`);
  if (m.canDelete && c) {
    actions.push(html`<form method="post" action="${postAction(`/dokumen/${d.id}/hapus`, v.auth)}" data-confirm="Hapus konsep ini? Jejak auditnya tetap tersimpan.">${hidden}<button type="submit" class="danger">Hapus konsep</button></form>`);
  }
  const issued = d.issued;
  return html`<h1>${d.tentang}</h1>
<div class="card"><dl class="meta">
<dt>Jenis</dt><dd>${v.kindLabel(d.kindId)}</dd><dt>Keadaan</dt><dd>${stateBadge(d.state)}${issued?.status === 'dicabut' ? html` <span class="badge bad">dicabut</span>` : null}</dd>
<dt>Nomor</dt><dd>${d.number ?? 'diberikan saat penandatanganan'}</dd>
<dt>Perancang</dt><dd>${d.drafterName}</dd>${d.signerName ? html`<dt>Penanda tangan</dt><dd>${d.signerName}</dd>` : null}
<dt>Versi kini</dt><dd>${c?.versionNo ?? '—'}</dd><dt>Hash isi</dt><dd class="hash">${c?.contentHash ?? '—'}</dd>
${issued ? html`<dt>Terbit</dt><dd><a href="/arsip/${d.id}/unduh.pdf">Unduh PDF bertanda tangan</a> · <a href="/verifikasi/${d.id}">halaman verifikasi publik</a></dd>` : null}
${issued?.status === 'dicabut' ? html`<dt>Dicabut</dt><dd>${issued.revokedAt ? waktu(issued.revokedAt, v.zone) : ''} — ${issued.revokeReason ?? ''} <span class="muted">(${issued.revokeReasonPublic ? 'alasan tampil di halaman publik' : 'alasan tidak tampil di halaman publik'})</span></dd>` : null}
</dl>
<div class="actions"><a class="button secondary" href="/dokumen/${d.id}/pratinjau.pdf">${issued ? 'Pratinjau konsep (PDF)' : 'Pratinjau PDF'}</a><a class="button secondary" href="/dokumen/${d.id}/unduh.docx">Unduh DOCX</a>${issued ? html`<a class="button" href="/arsip/${d.id}/unduh.pdf">PDF bertanda tangan</a>` : null}</div>
${actions.length > 0 ? html`<div class="actions">${actions}</div>` : null}</div>
${d.returned ? returnNote(v, d.returned) : null}
${m.canRevoke ? revokeForm(v, d.id) : null}
<h2>Paraf hierarki</h2>${chainTable(v, d.chain)}
${d.exchanges.length > 0
  ? html`<h2>Catatan dan tanggapan</h2><ol class="exchanges">${d.exchanges.map(
      (x) => html`<li class="${x.kind}"><p><strong>${x.kind === 'kembali' ? `Dikembalikan oleh ${x.jabatan ?? x.actor}` : `Tanggapan perancang (${x.actor})`}</strong>${x.versionNo ? ` — versi ${x.versionNo}` : ''} · ${waktu(x.at, v.zone)}</p><blockquote>${x.note}</blockquote></li>`,
    )}</ol>`
  : null}
<h2 id="data">Data (YAML, mode lanjutan)</h2>${yamlEditor(v, d, m.canRevise)}
<h2>Riwayat versi</h2>
<table class="data"><thead><tr><th>Versi</th><th>Hash isi</th><th>Oleh</th><th>Waktu</th></tr></thead><tbody>
${d.versions.map((x) => html`<tr><td>${x.versionNo}</td><td class="hash">${x.contentHash}</td><td>${x.createdBy}</td><td>${waktu(x.createdAt, v.zone)}</td></tr>`)}
</tbody></table>
<h2>Jejak audit</h2>${auditTable(v, m.audit.items)}
${m.audit.nextCursor ? html`<p><a href="/dokumen/${d.id}/audit?cursor=${encodeURIComponent(m.audit.nextCursor)}">Peristiwa berikutnya »</a></p>` : null}`;
}

function yamlEditor(v: ViewContext, d: DocumentDetail, editable: boolean): SafeHtml {
  const c = d.current;
  if (!c) return html`<p class="muted">Dokumen belum punya versi.</p>`;
  return html`<form method="post" action="${postAction(`/dokumen/${d.id}`, v.auth)}"><input type="hidden" name="contentHash" value="${c.contentHash}">
<label for="dataYaml">Data dokumen (YAML)</label>
<textarea id="dataYaml" name="dataYaml" class="yaml" ${editable ? '' : 'readonly'}>${c.dataYaml}</textarea>
${editable ? html`<div class="actions"><button type="submit">Simpan sebagai versi baru</button></div>` : null}</form>`;
}

function revokeForm(v: ViewContext, id: string): SafeHtml {
  return html`<details class="card"><summary>Cabut dokumen ini</summary>
<form method="post" action="${postAction(`/dokumen/${id}/cabut`, v.auth)}">
<label for="alasan">Alasan pencabutan (mis. nomor keputusan yang mencabutnya) ${required()}</label><textarea id="alasan" name="alasan" rows="2" required minlength="5" maxlength="2000"></textarea>
<label class="inline"><input type="checkbox" name="publik" value="ya"> tampilkan alasan di halaman verifikasi publik</label>
<div class="actions"><button type="submit" class="danger">Catat pencabutan</button></div></form>
<p class="muted">PDF bertanda tangan tetap utuh; status arsipnya menjadi "dicabut" dan verifikasi melaporkannya.</p></details>`;
}

export function auditTable(v: ViewContext, events: readonly AuditEventView[]): SafeHtml {
  return html`<table class="data"><thead><tr><th>#</th><th>Waktu</th><th>Pelaku</th><th>Tindakan</th><th>Hash versi</th><th>Hash peristiwa</th></tr></thead><tbody>
${events.length === 0 ? html`<tr><td colspan="6" class="muted">Belum ada peristiwa.</td></tr>` : null}
${events.map((e) => html`<tr><td>${e.seq}</td><td>${waktu(e.at, v.zone)}</td><td>${e.actor}</td><td>${actionLabel(e.action)}</td><td class="hash">${shortHash(e.versionHash)}</td><td class="hash">${shortHash(e.hash)}</td></tr>`)}
</tbody></table>`;
}

export function auditPageView(v: ViewContext, d: { readonly id: string; readonly tentang: string }, events: readonly AuditEventView[], nextCursor: string | null, isFirst: boolean): SafeHtml {
  return html`<h1>Jejak audit: ${d.tentang}</h1><p><a href="/dokumen/${d.id}">« Kembali ke dokumen</a></p>${auditTable(v, events)}${pagingLinks(`/dokumen/${d.id}/audit`, {}, nextCursor, isFirst)}`;
}

export function yamlNewView(v: ViewContext, kind: { readonly kind: string; readonly label: string; readonly daerah?: string; readonly regionName?: string }, dataYaml: string, error?: string): SafeHtml {
  return html`<h1>Konsep baru: ${kind.label}${kind.regionName ? ` — ${kind.regionName}` : ''}</h1>
<p class="tabs"><a class="tab" href="/dokumen/baru?jenis=${encodeURIComponent(kind.kind)}${kind.daerah ? `&daerah=${encodeURIComponent(kind.daerah)}` : ''}">Formulir</a> <span class="tab active">YAML (mode lanjutan)</span></p>
${error ? html`<div class="flash error" role="alert">${error}</div>` : null}
<form method="post" action="${postAction('/dokumen', v.auth)}"><input type="hidden" name="kind" value="${kind.kind}">
<label for="dataYaml">Data YAML ${required()}</label><textarea id="dataYaml" name="dataYaml" class="yaml" required>${dataYaml}</textarea>
<div class="actions"><button type="submit">Buat konsep</button></div></form>
<p class="muted">Bentuk data: <code>docs/templates.md</code>. Skema JSON jenis ini: <a href="/api/v1/templates/${kind.kind}"><code>/api/v1/templates/${kind.kind}</code></a>.</p>`;
}

/** What the preview frame shows when the form cannot be rendered yet: a bare page, no navigation. */
/** The live preview's frame when the preview is not made here (a large lampiran): why, and where it is instead. */
export function previewNoticePage(message: string): string {
  return html`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Pratinjau</title><link rel="stylesheet" href="/aset/naskah.css"></head>
<body class="preview-body"><div class="preview-problems"><h2 class="first">Pratinjau langsung tidak dibuat</h2><p>${message}</p></div></body></html>`.value;
}

export function previewProblemsPage(problems: readonly { readonly field: string; readonly message: string }[]): string {
  return html`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Pratinjau belum dapat dibuat</title><link rel="stylesheet" href="/aset/naskah.css"></head>
<body class="preview-body"><div class="preview-problems"><h2 class="first">Pratinjau belum dapat dibuat</h2><p>Lengkapi isian berikut, lalu pratinjau dibuat lagi:</p>
<ul>${problems.slice(0, 30).map((p) => html`<li><strong>${p.field}</strong>: ${p.message}</li>`)}</ul></div></body></html>`.value;
}
