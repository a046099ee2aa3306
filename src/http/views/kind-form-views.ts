/**
 * The drafting form, generated from a kind's JSON Schema: text fields, paragraphs, date pickers,
 * choices, repeatable entries (menimbang, mengingat, diktum, tembusan, lampiran and their members) that
 * can be added, removed and moved — with plain submit buttons the server applies, which the page script
 * does in place when it runs — the register of legal references offered in Mengingat (native
 * autocomplete), the approved list a participant decree attaches, required fields marked, every problem
 * next to its field at once, and the PDF preview beside the form. Imports html, the form's data helpers,
 * the layout helpers and format.
 */
import type { JsonSchema } from '../../compose/kind-schema.ts';
import { formatPath, type DataProblem } from '../../compose/yaml-source.ts';
import { html, type SafeHtml } from '../html.ts';
import { entryProperties, formOrder, propertiesOf, widgetOf, type FormData } from '../kind-form.ts';
import type { ReturnView } from '../read-models/tasks.ts';
import type { ViewContext } from '../routes/page-response.ts';
import { angka, orang, rupiah } from './format.ts';
import { postAction, required } from './layout.ts';
import { returnNote } from './task-views.ts';

export interface ReferenceOption {
  readonly title: string;
  readonly citation: string;
}

export interface ListOption {
  readonly id: string;
  readonly label: string;
}

export interface ListFiguresView {
  readonly jumlahPeserta: number;
  readonly tarifBulanan: number;
  readonly bulan: number;
  readonly total: number;
  readonly tahun: number;
}

export interface KindFormModel {
  readonly kind: string;
  readonly kindLabel: string;
  /** The region profile the document is drafted for (its kop, numbering, signer, chain). */
  readonly daerah: string;
  readonly regionName: string;
  readonly schema: JsonSchema;
  readonly data: FormData;
  readonly problems: readonly DataProblem[];
  /** Where the form posts (save). */
  readonly action: string;
  readonly mode: 'baru' | 'ubah';
  readonly documentId?: string;
  readonly baseContentHash?: string;
  /** The document came back: show the note and offer "save and resubmit" with an answer. */
  readonly returned?: ReturnView | null;
  readonly answer?: string;
  readonly references: readonly ReferenceOption[];
  readonly approvedLists: readonly ListOption[];
  readonly figures?: ListFiguresView | undefined;
}

type Path = readonly (string | number)[];

interface RenderState {
  readonly v: ViewContext;
  readonly model: KindFormModel;
  readonly problems: ReadonlyMap<string, string>;
  readonly matched: Set<string>;
}

function nameOf(path: Path): string {
  return `f.${path.join('.')}`;
}

function idOf(path: Path): string {
  return `f-${path.join('-')}`;
}

function titleOf(schema: JsonSchema, fallback: string): string {
  return typeof schema.title === 'string' ? schema.title : fallback;
}

function problemFor(st: RenderState, path: Path): string | undefined {
  if (path.some((p) => typeof p === 'string' && p.startsWith('__'))) return undefined;
  const key = formatPath(path);
  const message = st.problems.get(key);
  if (message !== undefined) st.matched.add(key);
  return message;
}

function errorLine(id: string, message: string | undefined): SafeHtml | null {
  return message ? html`<p class="field-error" id="${id}-galat" role="alert">${message}</p>` : null;
}

function help(schema: JsonSchema): SafeHtml | null {
  return typeof schema.description === 'string' ? html`<p class="help">${schema.description}</p>` : null;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function isRequired(schema: JsonSchema): boolean {
  return schema['x-required'] === true;
}

function scalarInput(st: RenderState, schema: JsonSchema, value: unknown, path: Path, label: string, opts: { readonly inList?: boolean } = {}): SafeHtml {
  const widget = widgetOf(schema);
  const id = idOf(path);
  const name = nameOf(path);
  const message = problemFor(st, path);
  const req = isRequired(schema) && !opts.inList;
  const aria = message ? html` aria-invalid="true" aria-describedby="${id}-galat"` : null;
  let input: SafeHtml;
  switch (widget) {
    case 'paragraph':
      input = html`<textarea id="${id}" name="${name}" rows="${opts.inList ? 3 : 2}" ${req ? 'required' : ''}${aria}>${asText(value)}</textarea>`;
      break;
    case 'date':
      input = html`<input type="date" id="${id}" name="${name}" value="${asText(value)}" ${req ? 'required' : ''}${aria}>`;
      break;
    case 'number':
      input = html`<input type="number" id="${id}" name="${name}" value="${asText(value)}" ${req ? 'required' : ''}${aria}>`;
      break;
    case 'choice': {
      const choices = Array.isArray(schema.enum) ? (schema.enum as unknown[]).map(String) : [];
      input = html`<select id="${id}" name="${name}"${aria}><option value="">—</option>${choices.map((c) => html`<option value="${c}" ${c === asText(value) ? 'selected' : ''}>${CHOICE_LABELS[c] ?? c}</option>`)}</select>`;
      break;
    }
    default:
      input = html`<input type="text" id="${id}" name="${name}" value="${asText(value)}" ${req ? 'required' : ''}${aria}>`;
  }
  const labelHtml = opts.inList ? html`<label for="${id}" class="entry-label">${label}</label>` : html`<label for="${id}">${label}${req ? html` ${required()}` : null}</label>`;
  return html`<div class="field${message ? ' has-error' : ''}">${labelHtml}${opts.inList ? null : help(schema)}${input}${errorLine(id, message)}</div>`;
}

const CHOICE_LABELS: Readonly<Record<string, string>> = { definitif: 'definitif', plt: 'Plt. (pelaksana tugas)', plh: 'Plh. (pelaksana harian)' };

function entryTools(path: Path, index: number | string, itemTitle: string): SafeHtml {
  const at = [...path, index].join('.');
  return html`<div class="entry-tools">
<button type="submit" class="small secondary" name="aksi" value="naik:${at}" data-op="naik" formnovalidate title="Pindahkan ke atas" aria-label="${itemTitle} naik">↑</button>
<button type="submit" class="small secondary" name="aksi" value="turun:${at}" data-op="turun" formnovalidate title="Pindahkan ke bawah" aria-label="${itemTitle} turun">↓</button>
<button type="submit" class="small danger" name="aksi" value="hapus:${at}" data-op="hapus" formnovalidate>Hapus</button></div>`;
}

function objectFields(st: RenderState, props: Record<string, JsonSchema>, value: unknown, path: Path, depth: number): SafeHtml[] {
  const rec = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return Object.entries(props).map(([key, s]) => renderField(st, s, rec[key], [...path, key], depth));
}

function repeat(st: RenderState, schema: JsonSchema, value: unknown, path: Path, depth: number): SafeHtml {
  const widget = widgetOf(schema);
  const items = Array.isArray(value) ? value : [];
  const itemTitle = typeof schema['x-item-title'] === 'string' ? (schema['x-item-title'] as string) : 'Butir';
  const placeholder = `__i${depth}__`;
  const message = problemFor(st, path);
  const entry = (item: unknown, index: number | string): SafeHtml => {
    const entryPath = [...path, index];
    const body =
      widget === 'list'
        ? html`<div class="entry-body">${objectFields(st, entryProperties(schema), item, entryPath, depth + 1)}</div>`
        : scalarInput(st, { 'x-widget': 'paragraph' }, item, entryPath, itemTitle, { inList: true });
    return html`<li class="entry" data-entry data-index="${index}">${widget === 'list' ? html`<span class="entry-label">${itemTitle}</span>` : null}${body}${entryTools(path, index, itemTitle)}</li>`;
  };
  const register = schema['x-register'] === true ? registerPicker(st, path) : null;
  return html`<fieldset class="repeat${message ? ' has-error' : ''}" id="${idOf(path)}" data-list="${nameOf(path)}" data-depth="${depth}">
<legend>${titleOf(schema, String(path[path.length - 1]))}${isRequired(schema) ? html` ${required()}` : null}</legend>${help(schema)}${errorLine(idOf(path), message)}
<ol class="entries">${items.map((item, i) => entry(item, i))}</ol>
<template data-entry-template>${entry(widget === 'list' ? {} : '', placeholder)}</template>
<div class="actions"><button type="submit" class="secondary small" name="aksi" value="tambah:${path.join('.')}" data-op="tambah" formnovalidate>+ Tambah ${itemTitle.toLowerCase()}</button>${register}</div>
</fieldset>`;
}

function registerPicker(st: RenderState, path: Path): SafeHtml {
  const key = path.join('.');
  if (st.model.references.length === 0) {
    return html`<p class="muted">Register rujukan hukum daerah Anda masih kosong; isi di halaman <a href="/rujukan">Rujukan hukum</a>.</p>`;
  }
  return html`<div class="register"><label for="rujukan-${key}">Cari di register rujukan hukum</label>
<input type="search" id="rujukan-${key}" name="rujukan.${key}" list="rujukan-daftar" autocomplete="off" placeholder="ketik jenis, nomor, tahun atau judul…" data-register-for="${nameOf(path)}">
<button type="submit" class="secondary small" name="aksi" value="rujukan:${key}" data-op="rujukan" formnovalidate>Tambahkan</button>
<datalist id="rujukan-daftar">${st.model.references.map((r) => html`<option value="${r.title}" data-citation="${r.citation}"></option>`)}</datalist></div>`;
}

function participantListField(st: RenderState, schema: JsonSchema, value: unknown, path: Path): SafeHtml {
  const id = idOf(path);
  const message = problemFor(st, path);
  const f = st.model.figures;
  return html`<div class="field${message ? ' has-error' : ''}"><label for="${id}">${titleOf(schema, 'Daftar peserta')} ${required()}</label>${help(schema)}
<select id="${id}" name="${nameOf(path)}" required${message ? html` aria-invalid="true" aria-describedby="${id}-galat"` : null}><option value="">— pilih daftar yang disetujui —</option>
${st.model.approvedLists.map((l) => html`<option value="${l.id}" ${l.id === value ? 'selected' : ''}>${l.label}</option>`)}</select>
${st.model.approvedLists.length === 0 ? html`<p class="muted">Belum ada daftar peserta yang disetujui; impor dan setujui daftar di halaman <a href="/peserta">Daftar peserta</a>.</p>` : null}
${errorLine(id, message)}
${f ? html`<dl class="meta figures"><dt>Jumlah peserta</dt><dd>${orang(f.jumlahPeserta)}</dd><dt>Iuran per orang per bulan</dt><dd>${rupiah(f.tarifBulanan)}</dd><dt>Bulan</dt><dd>${angka(f.bulan)}</dd><dt>Jumlah iuran</dt><dd>${rupiah(f.total)}</dd><dt>Tahun anggaran</dt><dd>${f.tahun}</dd></dl>` : null}</div>`;
}

function renderField(st: RenderState, schema: JsonSchema, value: unknown, path: Path, depth: number): SafeHtml {
  const widget = widgetOf(schema);
  const label = titleOf(schema, String(path[path.length - 1]));
  if (widget === 'text-list' || widget === 'list') return repeat(st, schema, value, path, depth);
  if (widget === 'participant-list') return participantListField(st, schema, value, path);
  if (widget === 'object') {
    const message = problemFor(st, path);
    return html`<fieldset class="group${message ? ' has-error' : ''}" id="${idOf(path)}"><legend>${label}${isRequired(schema) ? html` ${required()}` : null}</legend>${help(schema)}${errorLine(idOf(path), message)}${objectFields(st, propertiesOf(schema), value, path, depth)}</fieldset>`;
  }
  return scalarInput(st, schema, value, path, label);
}

export function kindFormView(v: ViewContext, model: KindFormModel): SafeHtml {
  const st: RenderState = { v, model, problems: new Map(model.problems.map((p) => [p.field, p.message])), matched: new Set() };
  const props = propertiesOf(model.schema);
  const fields = formOrder(model.schema).flatMap((name) => (props[name] ? [renderField(st, props[name]!, model.data[name], [name], 0)] : []));
  const other = model.problems.filter((p) => !st.matched.has(p.field));
  const summary =
    model.problems.length > 0
      ? html`<div class="flash error" role="alert" id="ringkasan-galat"><p><strong>${angka(model.problems.length)} isian perlu diperbaiki.</strong> Pesannya ada di samping setiap isian; yang sudah Anda ketik tetap tersimpan di formulir.</p>
${other.length > 0 ? html`<ul>${other.map((p) => html`<li>${p.field}: ${p.message}</li>`)}</ul>` : null}</div>`
      : null;
  const returning = model.returned ?? null;
  const saveLabel = model.mode === 'baru' ? 'Simpan konsep' : returning ? 'Simpan dan ajukan ulang' : 'Simpan sebagai versi baru';
  const yamlHref = model.mode === 'baru' ? `/dokumen/baru?jenis=${encodeURIComponent(model.kind)}&daerah=${encodeURIComponent(model.daerah)}&mode=yaml` : `/dokumen/${model.documentId}#data`;
  return html`<h1>${model.mode === 'baru' ? 'Konsep baru' : 'Ubah konsep'}: ${model.kindLabel} — ${model.regionName}</h1>
<p class="tabs"><span class="tab active">Formulir</span> <a class="tab" href="${yamlHref}">YAML (mode lanjutan)</a></p>
${summary}
${returning ? returnNote(v, returning) : null}
<div class="drafting">
<form method="post" action="${postAction(model.action, v.auth)}" class="kind-form" id="formulir" novalidate data-live-preview>
<input type="hidden" name="jenis" value="${model.kind}">
<input type="hidden" name="daerah" value="${model.daerah}">
${model.baseContentHash ? html`<input type="hidden" name="contentHash" value="${model.baseContentHash}">` : null}
${model.documentId ? html`<input type="hidden" name="documentId" value="${model.documentId}">` : null}
${fields}
${returning
  ? html`<div class="field"><label for="tanggapan">Tanggapan atas catatan (dibaca pejabat yang mengembalikan)</label><textarea id="tanggapan" name="tanggapan" rows="2" maxlength="4000">${model.answer ?? ''}</textarea></div>`
  : null}
<div class="actions sticky-actions">
<button type="submit" name="aksi" value="simpan" formnovalidate>${saveLabel}</button>
<button type="submit" class="secondary" name="aksi" value="pratinjau" formaction="${postAction('/dokumen/pratinjau', v.auth)}" formtarget="pratinjau" formnovalidate data-preview-button>Pratinjau PDF</button>
<label class="inline live"><input type="checkbox" id="pratinjau-langsung" checked> pratinjau langsung</label>
</div>
</form>
<aside class="preview"><h2 class="first">Pratinjau</h2><iframe name="pratinjau" id="pratinjau" title="Pratinjau PDF konsep" src="about:blank"></iframe>
<p class="muted">Pratinjau dibuat dari isian formulir saat ini; belum disimpan. Nomor dan tanggal ditetapkan saat penandatanganan.</p></aside>
</div>`;
}

/** Kind picker: each kind the user may draft, for each of their regions, by name. */
export function kindPickerView(choices: readonly { readonly kind: string; readonly label: string; readonly regionId: string; readonly regionName: string }[]): SafeHtml {
  return html`<h1>Konsep baru</h1>
<p>Pilih jenis dokumen. Formulirnya dibuat dari templat jenis itu, lengkap dengan teks awal; kop, nomor, penanda tangan dan rantai paraf mengikuti daerahnya.</p>
<div class="kinds">${choices.map(
    (k) => html`<a class="card kind" href="/dokumen/baru?jenis=${encodeURIComponent(k.kind)}&amp;daerah=${encodeURIComponent(k.regionId)}"><strong>${k.label}</strong><span class="muted">${k.regionName}</span></a>`,
  )}</div>
${choices.length === 0 ? html`<div class="card"><p>Tidak ada jenis dokumen untuk daerah Anda; minta admin memeriksa templat dan daerah akun Anda.</p></div>` : null}`;
}
