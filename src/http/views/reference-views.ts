/**
 * Views of the register of legal references: search (words of jenis, nomor, tahun, tentang; paged) with
 * each regulation's citation as Mengingat writes it, and the form to add or change one (promulgation in
 * LN/BN/LD/BD, the regulation it amends). Imports html, format and the layout helpers.
 */
import { PROMULGATION_LABELS, PROMULGATIONS } from '../../format/legal-citation.ts';
import type { LegalReference } from '../../db/prisma-client.ts';
import type { ReferenceView } from '../../use-cases/manage-legal-references.ts';
import { html, type SafeHtml } from '../html.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { angka } from './format.ts';
import { pagingLinks, postAction, required } from './layout.ts';

export interface ReferencesPageModel {
  readonly q: string;
  readonly items: readonly ReferenceView[];
  readonly total: number;
  readonly nextCursor: string | null;
  readonly isFirst: boolean;
  readonly regions: readonly string[];
  readonly canNational: boolean;
  readonly bases: readonly ReferenceView[];
  readonly editing?: LegalReference | undefined;
  readonly error?: string | undefined;
}

function referenceForm(v: ViewContext, m: ReferencesPageModel): SafeHtml {
  const e = m.editing;
  const action = e ? `/rujukan/${e.id}` : '/rujukan';
  const val = (x: string | number | null | undefined) => (x === null || x === undefined ? '' : String(x));
  return html`<form method="post" action="${postAction(action, v.auth)}" class="card" id="form-rujukan"><h2 class="first">${e ? 'Ubah rujukan' : 'Tambah rujukan'}</h2>
${m.error ? html`<div class="flash error" role="alert">${m.error}</div>` : null}
<div class="grid3">
<div><label for="jenis-rujukan">Jenis peraturan ${required()}</label><input type="text" id="jenis-rujukan" name="jenis" required maxlength="200" list="jenis-umum" value="${val(e?.jenis)}" placeholder="Undang-Undang">
<datalist id="jenis-umum"><option value="Undang-Undang"><option value="Peraturan Pemerintah Pengganti Undang-Undang"><option value="Peraturan Pemerintah"><option value="Peraturan Presiden"><option value="Peraturan Menteri Dalam Negeri"><option value="Peraturan Daerah"><option value="Peraturan Gubernur"><option value="Peraturan Wali Kota"><option value="Peraturan Bupati"></datalist></div>
<div><label for="nomor-rujukan">Nomor ${required()}</label><input type="text" id="nomor-rujukan" name="nomor" required maxlength="50" value="${val(e?.nomor)}"></div>
<div><label for="tahun-rujukan">Tahun ${required()}</label><input type="number" id="tahun-rujukan" name="tahun" required min="1945" max="2999" value="${val(e?.tahun)}"></div>
</div>
<label for="tentang-rujukan">Tentang ${required()}</label><textarea id="tentang-rujukan" name="tentang" rows="2" required maxlength="1000">${val(e?.tentang)}</textarea>
<div class="grid3">
<div><label for="lembaran">Diundangkan dalam</label><select id="lembaran" name="lembaran">${PROMULGATIONS.map((p) => html`<option value="${p}" ${p === (e?.lembaran ?? 'LN') ? 'selected' : ''}>${p ? `${p} — ${PROMULGATION_LABELS[p]}` : PROMULGATION_LABELS[p]}</option>`)}</select></div>
<div><label for="lembaran-tahun">Tahun lembaran (bila beda)</label><input type="number" id="lembaran-tahun" name="lembaranTahun" min="1945" max="2999" value="${val(e?.lembaranTahun)}"></div>
<div><label for="lembaran-nomor">Nomor lembaran/berita</label><input type="text" id="lembaran-nomor" name="lembaranNomor" maxlength="50" value="${val(e?.lembaranNomor)}"></div>
<div><label for="tambahan-nomor">Nomor Tambahan (TLN/TLD)</label><input type="text" id="tambahan-nomor" name="tambahanNomor" maxlength="50" value="${val(e?.tambahanNomor)}"></div>
<div><label for="lembaran-daerah">Daerah lembaran (LD/BD)</label><input type="text" id="lembaran-daerah" name="lembaranDaerah" maxlength="200" value="${val(e?.lembaranDaerah)}" placeholder="Provinsi Nusa Tenggara Timur"></div>
<div><label for="daerah-rujukan">Berlaku untuk ${required()}</label><select id="daerah-rujukan" name="daerah">${m.canNational ? html`<option value="" ${e && e.region === null ? 'selected' : ''}>semua daerah (nasional)</option>` : null}${m.regions.map((r) => html`<option value="${r}" ${e?.region === r ? 'selected' : ''}>${v.regionLabel(r)}</option>`)}</select></div>
</div>
<label for="mengubah">Peraturan ini mengubah</label><select id="mengubah" name="mengubah"><option value="">— bukan peraturan perubahan —</option>${m.bases.filter((b) => b.id !== e?.id).map((b) => html`<option value="${b.id}" ${b.id === e?.amendsId ? 'selected' : ''}>${b.title}</option>`)}</select>
<div class="actions"><button type="submit">${e ? 'Simpan perubahan' : 'Tambah ke register'}</button>${e ? html`<a class="button secondary" href="/rujukan">Batal</a>` : null}</div></form>
${e ? html`<form method="post" action="${postAction(`/rujukan/${e.id}/hapus`, v.auth)}" class="actions" data-confirm="Hapus rujukan ini dari register?"><button type="submit" class="danger">Hapus rujukan</button></form>` : null}`;
}

export function referencesView(v: ViewContext, m: ReferencesPageModel): SafeHtml {
  return html`<h1>Rujukan hukum</h1>
<p>Register peraturan yang dikutip di Mengingat. Setiap peraturan disimpan sekali; formulir konsep menawarkannya saat mengetik, dengan kutipan baku (lembaran negara/daerah dan perubahannya).</p>
<form method="get" action="/rujukan" class="card filter"><label for="q">Cari (jenis, nomor, tahun, judul)</label><input type="search" id="q" name="q" value="${m.q}" maxlength="200">
<div class="actions"><button type="submit" class="secondary">Cari</button></div></form>
<p class="muted">${angka(m.total)} rujukan.</p>
<table class="data"><thead><tr><th>Peraturan</th><th>Kutipan di Mengingat</th><th>Daerah</th><th></th></tr></thead><tbody>
${m.items.length === 0 ? html`<tr><td colspan="4" class="muted">Belum ada rujukan${m.q ? ' yang cocok' : ''}.</td></tr>` : null}
${m.items.map((r) => html`<tr><td>${r.title}${r.amendmentCount > 0 ? html`<br><span class="muted">${angka(r.amendmentCount)} kali diubah</span>` : null}</td><td>${r.citation};</td><td>${r.region ? v.regionLabel(r.region) : 'nasional'}</td><td><a href="/rujukan/${r.id}">Ubah</a></td></tr>`)}
</tbody></table>${pagingLinks('/rujukan', { q: m.q }, m.nextCursor, m.isFirst)}
${referenceForm(v, m)}`;
}
