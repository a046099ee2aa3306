/**
 * Views of participant lists: the upload form and the stored lists (paged, who imported and who
 * approved), a list's report (row, column, code, message), its rows (paged), the approval result with
 * its figures ("54.000 orang", "Rp42.000"). Imports html, labels, format and the layout helpers.
 */
import type { ApproveListResult } from '../../use-cases/approve-participant-list.ts';
import type { ParticipantReport } from '../bridge/lists.ts';
import { PROGRAMS } from '../bridge/lists.ts';
import { html, type SafeHtml } from '../html.ts';
import type { ParticipantListSummary, ParticipantRowView } from '../read-models/lists.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { angka, cutText, orang, rupiah, waktu } from './format.ts';
import { listStatusBadge, PROGRAM_LABELS, SEVERITY_LABELS } from './labels.ts';
import { pagingLinks, postAction, required } from './layout.ts';

const SHOWN_ISSUES = 2000;

export function reportView(r: ParticipantReport, listId?: string): SafeHtml {
  return html`<h2>Hasil pemeriksaan: ${r.file}</h2>
<div class="card"><dl class="meta"><dt>Program</dt><dd>${PROGRAM_LABELS[r.program] ?? r.program}</dd><dt>Jumlah baris</dt><dd>${angka(r.total)}</dd>
<dt>Diterima</dt><dd><span class="badge ok">${angka(r.accepted)}</span></dd><dt>Ditolak</dt><dd><span class="badge ${r.rejected > 0 ? 'bad' : 'ok'}">${angka(r.rejected)}</span></dd>
<dt>Disimpan</dt><dd>${listId ? html`ya — <a href="/peserta/${listId}">buka daftar</a>` : 'tidak (hanya diperiksa)'}</dd></dl></div>
<table class="data"><thead><tr><th>Baris</th><th>Kolom</th><th>Kode</th><th>Tingkat</th><th>Keterangan</th></tr></thead><tbody>
${r.issues.length === 0 ? html`<tr><td colspan="5" class="muted">Tidak ada masalah.</td></tr>` : null}
${r.issues.slice(0, SHOWN_ISSUES).map((i) => html`<tr><td>${i.row}</td><td>${i.column ?? '—'}</td><td>${i.code}</td><td>${SEVERITY_LABELS[i.severity] ?? i.severity}</td><td>${cutText(i.message, 400)}</td></tr>`)}
</tbody></table>${(r.issueCount ?? r.issues.length) > Math.min(SHOWN_ISSUES, r.issues.length) ? html`<p class="muted">${angka((r.issueCount ?? r.issues.length) - Math.min(SHOWN_ISSUES, r.issues.length))} masalah lain tidak ditampilkan${r.issueCount !== undefined && r.issueCount > r.issues.length ? html`; laporan tersimpan memuat ${angka(r.issues.length)} masalah pertama — periksa ulang berkas dengan <code>naskah participants check</code> untuk laporan lengkap` : html`; ambil laporan lengkap melalui API`}.</p>` : null}`;
}

export interface ListsPageModel {
  readonly program: string;
  readonly year: string;
  readonly canImport: boolean;
  readonly lists: readonly ParticipantListSummary[];
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
  readonly report?: ParticipantReport | undefined;
  readonly listId?: string | undefined;
  readonly maxUploadMb: number;
  /** The importer's regions; with more than one the form asks which the list belongs to. */
  readonly regions: readonly string[];
}

export function listsView(v: ViewContext, m: ListsPageModel): SafeHtml {
  return html`<h1>Daftar peserta</h1>
${m.canImport
  ? html`<div class="card"><form method="post" action="${postAction('/peserta', v.auth)}" enctype="multipart/form-data">
<div class="grid2"><div><label for="program">Program ${required()}</label><select id="program" name="program" required>
${PROGRAMS.map((p) => html`<option value="${p.id}" ${p.id === m.program ? 'selected' : ''}>${p.label}</option>`)}</select></div>
<div><label for="tahun">Tahun program ${required()}</label><input type="number" id="tahun" name="tahun" min="2000" max="2999" value="${m.year}" required></div></div>
${m.regions.length > 1 ? html`<label for="wilayah">Wilayah daftar ${required()}</label><select id="wilayah" name="wilayah" required>${m.regions.map((r) => html`<option value="${r}">${v.regionLabel(r)}</option>`)}</select>` : null}
<label for="file">Berkas CSV atau XLSX (paling besar ${angka(m.maxUploadMb)} MB) ${required()}</label><input type="file" id="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
<div class="actions"><button type="submit" name="aksi" value="impor">Impor dan periksa</button><button type="submit" name="aksi" value="periksa" class="secondary">Periksa saja (tidak disimpan)</button></div></form>
<p class="muted">Setiap baris dinilai: diterima atau ditolak dengan alasannya. NIK yang tersimpan sebagai angka di spreadsheet sudah kehilangan digit dan ditolak; NIK yang sudah ada di daftar yang disetujui untuk program dan tahun yang sama juga ditolak saat impor.</p></div>`
  : null}
${m.report ? reportView(m.report, m.listId) : null}
<h2>Daftar yang sudah diimpor</h2>
<table class="data"><thead><tr><th>Berkas</th><th>Program</th><th>Tahun</th><th>Status</th><th>Baris</th><th>Diterima</th><th>Ditolak</th><th>Disetujui</th><th>Diimpor oleh</th><th>Disetujui oleh</th></tr></thead><tbody>
${m.lists.length === 0 ? html`<tr><td colspan="10" class="muted">Belum ada daftar.</td></tr>` : null}
${m.lists.map(
  (l) => html`<tr><td><a href="/peserta/${l.id}">${l.fileName}</a></td><td>${PROGRAM_LABELS[l.program] ?? l.program}</td><td>${l.year}</td><td>${listStatusBadge(l.status)}</td>
<td>${angka(l.total)}</td><td>${angka(l.accepted)}</td><td>${angka(l.rejected)}</td><td>${l.approved === null ? '—' : orang(l.approved)}</td><td>${l.createdBy}<br><span class="muted">${waktu(l.createdAt, v.zone)}</span></td>
<td>${l.approvedBy ? html`${l.approvedBy}<br><span class="muted">${l.approvedAt ? waktu(l.approvedAt, v.zone) : ''}</span>` : '—'}</td></tr>`,
)}
</tbody></table>
${pagingLinks('/peserta', {}, m.nextCursor, m.isFirst)}`;
}

export interface ListPageModel {
  readonly list: ParticipantListSummary;
  readonly report: ParticipantReport | null;
  readonly canApprove: boolean;
  readonly approveBlocked?: string | undefined;
}

export function listView(v: ViewContext, m: ListPageModel): SafeHtml {
  const l = m.list;
  return html`<h1>Daftar peserta: ${l.fileName}</h1>
<div class="card"><dl class="meta"><dt>Program</dt><dd>${PROGRAM_LABELS[l.program] ?? l.program}</dd><dt>Tahun</dt><dd>${l.year}</dd><dt>Status</dt><dd>${listStatusBadge(l.status)}</dd>
<dt>Baris</dt><dd>${angka(l.total)} (diterima ${angka(l.accepted)}, ditolak ${angka(l.rejected)})</dd>
${l.approved !== null ? html`<dt>Disetujui</dt><dd>${orang(l.approved)}</dd><dt>Di luar kuota</dt><dd>${orang(l.outsideQuota)}</dd>${l.alreadyApproved > 0 ? html`<dt>Sudah disetujui di daftar lain</dt><dd>${orang(l.alreadyApproved)}</dd>` : null}` : null}
<dt>Diimpor oleh</dt><dd>${l.createdBy}, ${waktu(l.createdAt, v.zone)}</dd>
<dt>Disetujui oleh</dt><dd>${l.approvedBy ? html`${l.approvedBy}, ${l.approvedAt ? waktu(l.approvedAt, v.zone) : ''}` : '—'}</dd>
<dt>Hash daftar disetujui</dt><dd class="hash">${l.contentHash ?? '—'}</dd></dl>
<div class="actions"><a class="button secondary" href="/peserta/${l.id}/baris">Lihat baris daftar</a>${l.status === 'approved' ? html`<a class="button" href="/dokumen/baru">Buat keputusan peserta dari daftar ini</a>` : null}</div>
${m.canApprove
  ? html`<form method="post" action="${postAction(`/peserta/${l.id}/setujui`, v.auth)}">
<label for="urutan">Urutan pengambilan sampai kuota</label>
<select id="urutan" name="urutan"><option value="file">urutan berkas</option><option value="nama">nama</option><option value="nik">NIK</option><option value="tanggal-lahir">tanggal lahir (tertua dahulu)</option></select>
<div class="actions"><button type="submit">Setujui dalam kuota</button></div></form>`
  : m.approveBlocked
    ? html`<p class="muted">${m.approveBlocked}</p>`
    : null}</div>
${m.report ? reportView(m.report, l.id) : html`<p class="muted">Laporan tersimpan tidak dapat dibaca.</p>`}`;
}

export function rowsView(v: ViewContext, list: ParticipantListSummary, rows: readonly ParticipantRowView[], nextCursor: string | null, isFirst: boolean): SafeHtml {
  void v;
  return html`<h1>Baris daftar: ${list.fileName}</h1><p><a href="/peserta/${list.id}">« Kembali ke daftar</a></p>
<table class="data"><thead><tr><th>Baris</th><th>NIK</th><th>Nama</th><th>Tanggal lahir</th><th>L/P</th><th>Disetujui</th></tr></thead><tbody>
${rows.length === 0 ? html`<tr><td colspan="6" class="muted">Tidak ada baris yang diterima.</td></tr>` : null}
${rows.map((r) => html`<tr><td>${r.rowNo}</td><td>${r.nik}</td><td>${cutText(r.nama, 120)}</td><td>${r.tanggalLahir ?? '—'}</td><td>${r.jenisKelamin ?? '—'}</td><td>${r.approved ? 'ya' : 'tidak'}</td></tr>`)}
</tbody></table>${pagingLinks(`/peserta/${list.id}/baris`, {}, nextCursor, isFirst)}`;
}

export function approvedView(v: ViewContext, r: ApproveListResult): SafeHtml {
  void v;
  return html`<h1>Daftar peserta disetujui</h1>
<div class="card"><dl class="meta"><dt>Kuota program-tahun</dt><dd>${orang(r.capacity)}</dd><dt>Sisa kuota sebelum persetujuan ini</dt><dd>${orang(r.quotaLeft)}</dd><dt>Disetujui</dt><dd>${orang(r.approved)}</dd><dt>Di luar kuota</dt><dd>${orang(r.outsideQuota)}</dd>
${r.alreadyApproved > 0 ? html`<dt>Sudah disetujui di daftar lain</dt><dd>${orang(r.alreadyApproved)}</dd>` : null}
<dt>Hash daftar</dt><dd class="hash">${r.contentHash}</dd><dt>Sumber lampiran</dt><dd class="hash">${r.listFile}</dd>
<dt>Iuran</dt><dd>${angka(r.iuran.jumlahPeserta)} × ${rupiah(r.iuran.tarifBulanan)} × ${angka(r.iuran.bulan)} bulan = ${rupiah(r.iuran.total)}</dd></dl>
<p class="muted">Keputusan peserta mengambil lampiran dan angka ini langsung dari daftar: pilih daftar ini di formulir "Konsep baru".</p>
<p><a href="/peserta/${r.listId}">Kembali ke daftar</a></p></div>
${r.outsideQuota > 0 ? html`<div class="card"><h2 class="first">Di luar kuota (tidak dibuang)</h2><table class="data"><thead><tr><th>Baris</th><th>NIK</th><th>Nama</th></tr></thead><tbody>
${r.outsideQuotaFirst.map((o) => html`<tr><td>${o.row}</td><td>${o.nik}</td><td>${cutText(o.nama, 120)}</td></tr>`)}</tbody></table>${r.outsideQuota > r.outsideQuotaFirst.length ? html`<p class="muted">${angka(r.outsideQuota - r.outsideQuotaFirst.length)} baris lain di luar kuota tidak ditampilkan.</p>` : null}</div>` : null}`;
}
