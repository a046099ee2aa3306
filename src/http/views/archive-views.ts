/**
 * Views of the archive and of verification: the search (number, year, NIK, words, signer, kind; paged),
 * the public verification page of an issued document (the QR target; the revocation reason only when it
 * was marked public), and the check of an uploaded PDF — rendering whatever verify reports. Imports
 * html, labels, format and the layout helpers.
 */
import type { ArchiveRecord } from '../../archive/search-archive.ts';
import type { KindSummary } from '../bridge/templates.ts';
import type { PdfVerification } from '../bridge/verification.ts';
import { html, type SafeHtml } from '../html.ts';
import type { PublicIssuedView } from '../read-models/archive.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { angka, tanggal, waktu } from './format.ts';
import { archiveStatusBadge } from './labels.ts';
import { pagingLinks, postAction } from './layout.ts';
import type { ZoneDisplay } from '../../format/time-zone.ts';

export interface ArchiveQueryView {
  readonly nomor: string;
  readonly tahun: string;
  readonly nik: string;
  readonly teks: string;
  readonly penandatangan: string;
  readonly jenis: string;
}

export interface ArchivePageModel {
  readonly query: ArchiveQueryView;
  readonly asked: boolean;
  readonly nikInvalid: boolean;
  readonly kinds: readonly KindSummary[];
  readonly results: readonly ArchiveRecord[];
  /** Counted on the first page only. */
  readonly total: number | null;
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
}

export function archiveView(v: ViewContext, m: ArchivePageModel): SafeHtml {
  const q = m.query;
  return html`<h1>Arsip dokumen terbit</h1>
<div class="card"><form method="get" action="/arsip"><div class="grid3">
<div><label for="nomor">Nomor</label><input type="text" id="nomor" name="nomor" value="${q.nomor}" maxlength="100"></div>
<div><label for="tahun">Tahun</label><input type="number" id="tahun" name="tahun" value="${q.tahun}" min="1945" max="2999"></div>
<div><label for="nik">NIK di lampiran</label><input type="text" id="nik" name="nik" value="${q.nik}" inputmode="numeric" pattern="\\d{16}" maxlength="16"></div>
<div><label for="teks">Kata dalam judul</label><input type="search" id="teks" name="teks" value="${q.teks}" maxlength="200"></div>
<div><label for="penandatangan">Penanda tangan</label><input type="search" id="penandatangan" name="penandatangan" value="${q.penandatangan}" maxlength="200"></div>
<div><label for="jenis">Jenis</label><select id="jenis" name="jenis"><option value="">Semua jenis</option>${m.kinds.map((k) => html`<option value="${k.kind}" ${k.kind === q.jenis ? 'selected' : ''}>${k.label}</option>`)}</select></div>
</div><div class="actions"><button type="submit">Cari</button></div></form>
${m.nikInvalid ? html`<p class="flash error">NIK harus 16 digit.</p>` : null}</div>
${m.asked
  ? html`${m.total !== null ? html`<p class="muted">${angka(m.total)} dokumen ditemukan.</p>` : null}<table class="data"><thead><tr><th>Nomor</th><th>Tanggal</th><th>Jenis</th><th>Tentang</th><th>Penanda tangan</th><th>Status</th></tr></thead><tbody>
${m.results.length === 0 ? html`<tr><td colspan="6" class="muted">Tidak ada dokumen yang cocok.</td></tr>` : null}
${m.results.map(
  (r) => html`<tr><td><a href="/verifikasi/${r.documentId}">${r.number}</a></td><td>${tanggal(r.date)}</td><td>${v.kindLabel(r.kind)}</td><td><a href="/dokumen/${r.documentId}">${r.tentang}</a></td><td>${r.signerName}</td>
<td>${archiveStatusBadge(r.status)} <a href="/arsip/${r.documentId}/unduh.pdf" class="download">Unduh PDF</a></td></tr>`,
)}
</tbody></table>${pagingLinks('/arsip', { nomor: q.nomor, tahun: q.tahun, nik: q.nik, teks: q.teks, penandatangan: q.penandatangan, jenis: q.jenis }, m.nextCursor, m.isFirst)}`
  : html`<p class="muted">Isi paling sedikit satu isian lalu tekan Cari.</p>`}`;
}

export function publicVerificationView(d: (PublicIssuedView & { readonly regionName: string; readonly zone: ZoneDisplay }) | undefined): SafeHtml {
  if (!d) {
    return html`<h1>Verifikasi dokumen</h1><div class="card revoked"><p><strong>Dokumen tidak terdaftar.</strong> Tautan ini tidak menunjuk dokumen terbit di sistem ini. Bila Anda memegang PDF-nya, unggah di <a href="/verifikasi">halaman verifikasi</a>.</p></div>`;
  }
  const berlaku = d.status !== 'dicabut';
  const zone = d.zone;
  return html`<h1>Verifikasi dokumen</h1>
<div class="card ${berlaku ? 'verified' : 'revoked'}">
<p>${berlaku ? html`<strong>Dokumen ini terdaftar dan berlaku.</strong>` : html`<strong>Dokumen ini sudah DICABUT.</strong>`}</p>
<dl class="meta">
<dt>Jenis</dt><dd>${d.kindTitle}</dd><dt>Nomor</dt><dd><strong>${d.number}</strong></dd><dt>Tanggal</dt><dd>${tanggal(d.date)}</dd>
<dt>Tentang</dt><dd>${d.tentang}</dd><dt>Penanda tangan</dt><dd>${d.signerName}</dd>${d.region ? html`<dt>Wilayah</dt><dd>${d.regionName}</dd>` : null}
<dt>Status</dt><dd>${archiveStatusBadge(d.status)}${d.revokedAt ? html` sejak ${waktu(d.revokedAt, zone)}${d.revokeReason ? html` — ${d.revokeReason}` : null}` : null}</dd>
<dt>SHA-256 PDF</dt><dd class="hash">${d.pdfSha256}</dd>
</dl></div>
<p class="muted">Untuk memastikan PDF yang Anda pegang sama dengan yang diterbitkan, unggah berkasnya di <a href="/verifikasi">halaman verifikasi</a>: hash-nya harus sama dengan di atas dan tanda tangannya utuh.</p>`;
}

export function verifyUploadView(v: ViewContext, result?: PdfVerification, maxUploadMb = 50): SafeHtml {
  return html`<h1>Verifikasi dokumen elektronik</h1>
<div class="card"><p>Unggah PDF Keputusan atau Instruksi yang Anda terima. Sistem memeriksa apakah tanda tangan elektroniknya utuh, siapa penanda tangannya, nomornya, dan apakah dokumen itu masih berlaku.</p>
<form method="post" action="${postAction('/verifikasi', v.auth)}" enctype="multipart/form-data">
<label for="file">Berkas PDF (paling besar ${angka(maxUploadMb)} MB)</label><input type="file" id="file" name="file" accept="application/pdf,.pdf" required>
<div class="actions"><button type="submit">Verifikasi</button></div></form></div>
${result
  ? html`<div class="card ${result.intact && result.status !== 'dicabut' ? 'verified' : 'revoked'}"><p><strong>${result.summary}</strong></p><dl class="meta">
<dt>Utuh</dt><dd>${result.intact ? 'ya' : 'tidak'}</dd><dt>Nomor</dt><dd>${result.number ?? '—'}</dd><dt>Penanda tangan</dt><dd>${result.signerName ?? '—'}</dd>
${result.level ? html`<dt>Tingkat tanda tangan</dt><dd>PAdES ${result.level}</dd>` : null}
${result.signedAt ? html`<dt>Waktu penandatanganan</dt><dd>${waktu(result.signedAt, result.zone)} (menurut stempel waktu${result.signedAtSource ? html` ${result.signedAtSource}` : null})</dd>` : null}
<dt>Status</dt><dd>${result.status ? archiveStatusBadge(result.status) : 'tidak terdaftar di sistem ini'}</dd><dt>SHA-256</dt><dd class="hash">${result.sha256}</dd>
${result.documentId ? html`<dt>Halaman dokumen</dt><dd><a href="/verifikasi/${result.documentId}">/verifikasi/${result.documentId}</a></dd>` : null}</dl></div>`
  : null}`;
}
