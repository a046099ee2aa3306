/**
 * What may change after a signature, as an allow-list on parsed objects (ISO 32000-2 12.8.2.2 DocMDP;
 * the shadow-attack classes hide, replace and hide-and-replace). Compares the signed revision with the
 * newest one. Allowed: new signature fields with their widget, signature dictionary and appearance (a
 * visible widget must be signed), their appending to AcroForm /Fields and a page's /Annots, adding or
 * extending the DSS (with VRI), document timestamps, and updates of the /Info dictionary and the XMP
 * metadata (as pyHanko and Acrobat allow; reported as notes). Everything else — an object of the signed
 * revision modified, freed or re-typed, a new annotation, a name tree (JavaScript, files), an
 * OpenAction, the page tree or content, an object defined twice — is a problem naming the object.
 * Objects are compared by meaning (key order, number and string notation do not matter).
 * Pure over a PdfStructure; imports the PDF core and the role map.
 */
import { PdfDict, PdfRef, changedKeys, nameOf, sameValue, type PdfValue } from '../pdf/pdf-objects.ts';
import { type IndirectObject, type PdfStructure, type PdfView } from '../pdf/pdf-reader.ts';
import { isSignatureDict } from '../pdf/signature-fields.ts';
import { decidingRole, describeObject, mapObjectRoles, type ObjectRole, type RoleMap } from './object-roles.ts';

export interface ChangeReport {
  /** Changes outside the allow-list: the signed document was changed after signing. */
  readonly problems: string[];
  /** Allowed changes worth knowing (metadata updated, DSS added, signatures added). */
  readonly notes: string[];
}

const CATALOG_MAY_CHANGE = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata']);
const ACROFORM_MAY_CHANGE = new Set(['Fields', 'SigFlags', 'DR']);
const DSS_KEYS = new Set(['Type', 'Certs', 'CRLs', 'OCSPs', 'VRI']);
const VRI_KEYS = new Set(['Type', 'Cert', 'CRL', 'OCSP', 'TU', 'TS']);
const FIELD_ACTION_KEYS = ['A', 'AA'];

function tryObject(view: PdfView, num: number): IndirectObject | undefined {
  try {
    return view.object(num);
  } catch {
    return undefined;
  }
}

/** Two versions of an object mean the same: values by meaning; streams by their (decoded) data. */
export function sameObject(a: PdfView, b: PdfView, num: number): boolean {
  const x = tryObject(a, num);
  const y = tryObject(b, num);
  if (!x || !y) return false;
  if (!x.stream !== !y.stream) return false;
  if (!x.stream || !y.stream) return sameValue(x.value, y.value);
  const dx = x.value as PdfDict;
  const dy = y.value as PdfDict;
  const rawX = a.bytes.subarray(x.stream.start, x.stream.end);
  const rawY = b.bytes.subarray(y.stream.start, y.stream.end);
  const without = (d: PdfDict, keys: string[]) => new PdfDict([...d.entries].filter(([k]) => !keys.includes(k)));
  if (Buffer.from(rawX).equals(Buffer.from(rawY)) && sameValue(without(dx, ['Length']), without(dy, ['Length']))) return true;
  // Same data written with other filters (a tool that recompresses) is the same object.
  if (!sameValue(without(dx, ['Length', 'Filter', 'DecodeParms', 'DL']), without(dy, ['Length', 'Filter', 'DecodeParms', 'DL']))) return false;
  try {
    return Buffer.from(a.streamData(num)).equals(Buffer.from(b.streamData(num)));
  } catch {
    return false;
  }
}

/** Element references of an array value (direct, or an indirect array) as "num gen" keys. */
function refKeys(view: PdfView, v: PdfValue | undefined): string[] {
  const arr = view.resolve(v);
  return Array.isArray(arr) ? arr.filter((x): x is PdfRef => x instanceof PdfRef).map((r) => r.key()) : [];
}

const describeChange = (before: PdfValue | undefined, after: PdfValue | undefined, beforeStream: boolean, afterStream: boolean): string => {
  const t = (v: PdfValue | undefined) => (v instanceof PdfDict ? (nameOf(v.get('Type')) ?? nameOf(v.get('Subtype'))) : undefined);
  if (beforeStream && !afterStream) return after instanceof PdfDict ? `stream diganti dictionary${t(after) ? ` /Type /${t(after)}` : ''}` : 'stream diganti nilai lain';
  if (!beforeStream && afterStream) return 'diganti stream';
  if (t(before) !== t(after)) return `jenis berubah dari ${t(before) ? `/${t(before)}` : '(tanpa /Type)'} menjadi ${t(after) ? `/${t(after)}` : '(tanpa /Type)'}`;
  if (before instanceof PdfDict && after instanceof PdfDict) {
    const keys = changedKeys(before, after).filter((k) => !(beforeStream && k === 'Length'));
    if (keys.length > 0) return `kunci diubah: ${keys.map((k) => `/${k}`).join(', ')}`;
    return beforeStream ? 'isi stream diubah' : 'isi diubah';
  }
  return 'isi diubah';
};

interface Judge {
  readonly S: PdfView;
  readonly F: PdfStructure;
  readonly sRoles: RoleMap;
  readonly fRoles: RoleMap;
  readonly label: string;
  readonly problems: Set<string>;
  readonly notes: Set<string>;
}

/** An array that may only grow: every element of `before` still there. Returns the added element keys. */
function grownArray(j: Judge, what: string, before: PdfValue | undefined, after: PdfValue | undefined): string[] {
  const had = refKeys(j.S, before);
  const now = new Set(refKeys(j.F, after));
  const removed = had.filter((k) => !now.has(k));
  for (const k of removed) {
    const num = Number(k.split(' ')[0]);
    j.problems.add(`objek ${num} (${describeObject(j.sRoles, num, j.S)}) dihapus dari ${what} setelah ${j.label}`);
  }
  const hadSet = new Set(had);
  const nonRefs = (v: PdfValue | undefined, view: PdfView) => {
    const arr = view.resolve(v);
    return Array.isArray(arr) ? arr.filter((x) => !(x instanceof PdfRef)).length : 0;
  };
  if (nonRefs(after, j.F) > nonRefs(before, j.S)) j.problems.add(`${what} mendapat entri langsung (bukan rujukan) setelah ${j.label}`);
  return [...now].filter((k) => !hadSet.has(k));
}

/** Added entries of an array must be objects new since the signature (not earlier objects re-used). */
function addedMustBeNew(j: Judge, what: string, added: string[]): void {
  for (const k of added) {
    const num = Number(k.split(' ')[0]);
    if (j.S.entry(num)) j.problems.add(`objek ${num} (${describeObject(j.sRoles, num, j.S)}) yang sudah ada dimasukkan ke ${what} setelah ${j.label}`);
  }
}

function judgeCatalog(j: Judge, before: PdfDict, after: PdfDict): void {
  for (const key of changedKeys(before, after)) {
    if (!CATALOG_MAY_CHANGE.has(key)) {
      const what = key === 'Names' ? ' (pohon nama: JavaScript, berkas tersemat, tujuan bernama)' : key === 'OpenAction' || key === 'AA' ? ' (aksi otomatis)' : key === 'Pages' ? ' (pohon halaman)' : '';
      j.problems.add(`katalog: /${key}${what} ${before.has(key) ? (after.has(key) ? 'diubah' : 'dihapus') : 'ditambahkan'} setelah ${j.label}`);
    }
  }
  // An AcroForm kept in its own object is judged by that object's number; a direct one here; a new
  // object as a new AcroForm (against the signed one).
  const aBefore = before.get('AcroForm');
  const aAfter = after.get('AcroForm');
  if (!(aAfter instanceof PdfRef)) {
    const acroAfter = j.F.dict(aAfter);
    const acroBefore = signedAcroForm(j);
    if (acroBefore && !acroAfter) j.problems.add(`katalog: /AcroForm dihapus setelah ${j.label}`);
    else if (acroAfter) judgeAcroForm(j, acroBefore ?? new PdfDict(), acroAfter);
  } else if (aBefore instanceof PdfRef && aBefore.num !== aAfter.num && j.S.entry(aAfter.num)) {
    j.problems.add(`katalog: /AcroForm dialihkan ke objek ${aAfter.num} yang sudah ada setelah ${j.label}`);
  }
  if (!sameValue(before.get('Metadata'), after.get('Metadata'))) judgeMetadata(j, after.get('Metadata'));
  if (!sameValue(before.get('DSS'), after.get('DSS'))) {
    const dss = j.F.dict(after.get('DSS'));
    if (after.has('DSS') && !dss) j.problems.add(`katalog: /DSS bukan dictionary setelah ${j.label}`);
    if (dss) judgeDss(j, dss);
  }
}

/** The AcroForm dictionary of the signed revision (empty when it had none). */
function signedAcroForm(j: Judge): PdfDict | undefined {
  return j.S.dict(j.S.catalog().get('AcroForm'));
}

function judgeAcroForm(j: Judge, before: PdfDict, after: PdfDict): void {
  for (const key of changedKeys(before, after)) {
    if (!ACROFORM_MAY_CHANGE.has(key)) j.problems.add(`AcroForm: /${key} ${before.has(key) ? 'diubah' : 'ditambahkan'} setelah ${j.label}`);
  }
  const flags = j.F.resolve(after.get('SigFlags'));
  if (after.has('SigFlags') && (typeof flags !== 'number' || flags < 0 || flags > 3)) j.problems.add(`AcroForm: /SigFlags tidak sah setelah ${j.label}`);
  const drBefore = j.S.dict(before.get('DR'));
  const drAfter = j.F.dict(after.get('DR'));
  if (drBefore && drAfter) {
    for (const [k, v] of drBefore.entries) {
      const nb = j.S.dict(v);
      const na = j.F.dict(drAfter.get(k));
      if (nb && na) {
        for (const [rk, rv] of nb.entries) if (!sameValue(rv, na.get(rk))) j.problems.add(`AcroForm: sumber daya /DR /${k} /${rk} diubah setelah ${j.label}`);
      } else if (!sameValue(v, drAfter.get(k))) j.problems.add(`AcroForm: /DR /${k} diubah setelah ${j.label}`);
    }
  } else if (drBefore && !drAfter) j.problems.add(`AcroForm: /DR dihapus setelah ${j.label}`);
  if (!sameValue(before.get('Fields'), after.get('Fields')) || !(after.get('Fields') instanceof PdfRef)) {
    const added = grownArray(j, 'AcroForm /Fields', before.get('Fields'), after.get('Fields'));
    addedMustBeNew(j, 'AcroForm /Fields', added);
  }
}

function judgeMetadata(j: Judge, ref: PdfValue | undefined): void {
  if (ref === undefined) {
    j.notes.add(`metadata XMP dihapus setelah ${j.label}`);
    return;
  }
  if (!(ref instanceof PdfRef)) {
    j.problems.add(`katalog: /Metadata bukan rujukan ke stream setelah ${j.label}`);
    return;
  }
  try {
    const text = Buffer.from(j.F.streamData(ref)).toString('utf8');
    if (!/<x:xmpmeta[\s>]/.test(text) || /<!ENTITY/i.test(text)) throw new TypeError('bukan XMP');
    j.notes.add(`metadata XMP diperbarui setelah ${j.label}`);
  } catch {
    j.problems.add(`katalog: /Metadata bukan stream XMP setelah ${j.label}`);
  }
}

function judgeDss(j: Judge, dss: PdfDict): void {
  for (const k of dss.entries.keys()) if (!DSS_KEYS.has(k)) j.problems.add(`DSS: kunci /${k} tidak dikenal setelah ${j.label}`);
  for (const k of ['Certs', 'CRLs', 'OCSPs']) {
    const arr = j.F.resolve(dss.get(k));
    if (dss.has(k) && (!Array.isArray(arr) || !arr.every((x) => x instanceof PdfRef))) j.problems.add(`DSS: /${k} bukan daftar rujukan stream setelah ${j.label}`);
  }
  const vri = j.F.dict(dss.get('VRI'));
  if (vri) {
    for (const [key, v] of vri.entries) {
      const entry = j.F.dict(v);
      if (!/^[0-9A-Fa-f]{40}$/.test(key) || !entry) {
        j.problems.add(`DSS: entri VRI /${key.slice(0, 48)} tidak sah setelah ${j.label}`);
        continue;
      }
      for (const k of entry.entries.keys()) if (!VRI_KEYS.has(k)) j.problems.add(`DSS: VRI /${key} memuat /${k} setelah ${j.label}`);
    }
  }
  j.notes.add(`DSS (data validasi) ditambahkan atau diperbarui setelah ${j.label}`);
}

function judgePage(j: Judge, num: number, before: PdfDict, after: PdfDict): void {
  const page = j.sRoles.pageNumbers.get(num) ?? j.fRoles.pageNumbers.get(num);
  for (const key of changedKeys(before, after)) {
    if (key !== 'Annots') j.problems.add(`halaman ${page} (objek ${num}): /${key} diubah setelah ${j.label}`);
  }
  if (!sameValue(before.get('Annots'), after.get('Annots')) || !(after.get('Annots') instanceof PdfRef)) {
    const added = grownArray(j, `daftar anotasi halaman ${page}`, before.get('Annots'), after.get('Annots'));
    addedMustBeNew(j, `daftar anotasi halaman ${page}`, added);
  }
}

function judgeEmptySigField(j: Judge, num: number, before: PdfDict, after: PdfDict): void {
  for (const key of changedKeys(before, after)) {
    if (key !== 'V' && key !== 'AP') j.problems.add(`field tanda tangan kosong (objek ${num}): /${key} diubah setelah ${j.label}`);
  }
  const v = after.get('V');
  if (v !== undefined && !(v instanceof PdfRef && !j.S.entry(v.num) && isSignatureDict(j.F.dict(v), j.F))) {
    j.problems.add(`field tanda tangan kosong (objek ${num}) diisi dengan nilai yang bukan tanda tangan baru setelah ${j.label}`);
  }
}

/** Judges an object of the signed revision that a later revision defines again (by its role then). */
function judgeModified(j: Judge, num: number): void {
  if (sameObject(j.S, j.F, num)) return;
  const role = decidingRole(j.sRoles.roles.get(num));
  const before = tryObject(j.S, num);
  const after = tryObject(j.F, num);
  const what = `objek ${num} (${describeObject(j.sRoles, num, j.S)})`;
  if (!before || !after) {
    j.problems.add(`${what} tidak terbaca setelah ${j.label}`);
    return;
  }
  const bDict = before.value instanceof PdfDict ? before.value : undefined;
  const aDict = after.value instanceof PdfDict ? after.value : undefined;
  const sameShape = !!bDict && !!aDict && !before.stream && !after.stream;
  switch (role) {
    case 'orphan':
      return; // not part of the signed document; what refers to it now is judged on its own
    case 'catalog':
      if (sameShape) return judgeCatalog(j, bDict!, aDict!);
      break;
    case 'acroform':
      if (sameShape) return judgeAcroForm(j, bDict!, aDict!);
      break;
    case 'page':
      if (sameShape) return judgePage(j, num, bDict!, aDict!);
      break;
    case 'fields':
    case 'annots':
      if (Array.isArray(before.value) && Array.isArray(after.value)) {
        const label = role === 'fields' ? 'AcroForm /Fields' : 'daftar anotasi';
        addedMustBeNew(j, label, grownArray(j, label, new PdfRef(num, before.gen), new PdfRef(num, after.gen)));
        return;
      }
      break;
    case 'sig-field-empty':
      if (sameShape) return judgeEmptySigField(j, num, bDict!, aDict!);
      break;
    case 'dss':
      if (sameShape) return judgeDss(j, aDict!);
      break;
    case 'dss-part':
      return;
    case 'info':
      j.notes.add(`kamus /Info diperbarui setelah ${j.label}`);
      return;
    case 'metadata':
      return judgeMetadata(j, new PdfRef(num, after.gen));
    case 'extensions':
      return;
    default:
      break;
  }
  j.problems.add(`${what} diubah setelah ${j.label}: ${describeChange(before.value, after.value, !!before.stream, !!after.stream)}`);
}

/** Judges an object that did not exist in the signed revision, by what it is used for now. */
function judgeNew(j: Judge, num: number): void {
  const roles = j.fRoles.roles.get(num);
  if (!roles) return; // unreachable: not part of the document
  const obj = tryObject(j.F, num);
  if (!obj) {
    j.problems.add(`objek baru ${num} tidak terbaca`);
    return;
  }
  const d = obj.value instanceof PdfDict ? obj.value : undefined;
  const where = (): string => {
    const v = j.fRoles.via.get(num);
    if (!v || v.from === 'trailer') return '';
    const page = j.fRoles.pageNumbers.get(v.from);
    return page !== undefined ? ` di halaman ${page}` : ` (dirujuk objek ${v.from} /${v.key})`;
  };
  const isFieldRole = roles.has('field') || roles.has('sig-field-empty');
  if (roles.has('annot') && !isFieldRole) {
    const subtype = nameOf(d?.get('Subtype'));
    if (subtype === 'Widget') j.problems.add(`anotasi Widget tanpa field AcroForm ditambahkan${where()} (objek ${num}) setelah ${j.label}`);
    else j.problems.add(`anotasi ${subtype ? `/${subtype}` : '(tanpa /Subtype)'} ditambahkan${where()} (objek ${num}) setelah ${j.label}`);
    return;
  }
  if (isFieldRole) {
    judgeNewField(j, num, d);
    return;
  }
  if (roles.has('other')) {
    j.problems.add(`objek baru ${num}${where()} dipakai sebagai isi dokumen setelah ${j.label}`);
    return;
  }
  if (roles.has('pages') || roles.has('page')) {
    j.problems.add(`objek baru ${num} masuk ke pohon halaman setelah ${j.label}`);
    return;
  }
  if (roles.has('acroform') && d) judgeAcroForm(j, signedAcroForm(j) ?? new PdfDict(), d);
  if (roles.has('info')) j.notes.add(`kamus /Info diganti setelah ${j.label}`);
  if ((roles.has('fields') || roles.has('annots')) && !Array.isArray(obj.value)) j.problems.add(`objek baru ${num}${where()} bukan array setelah ${j.label}`);
  if (roles.has('sig-value') && !isSignatureDict(d, j.F)) j.problems.add(`objek baru ${num} bukan kamus tanda tangan setelah ${j.label}`);
  if (roles.has('metadata')) judgeMetadata(j, new PdfRef(num, obj.gen));
}

/** A new form field (or a widget of one): a signature field without actions; visible only when signed. */
function judgeNewField(j: Judge, num: number, d: PdfDict | undefined): void {
  if (!d) {
    j.problems.add(`field baru ${num} bukan dictionary setelah ${j.label}`);
    return;
  }
  // The field type may be inherited from a parent field.
  let ft: string | undefined;
  let field: PdfDict | undefined = d;
  for (let i = 0; field && i < 16 && ft === undefined; i++) {
    ft = nameOf(field.get('FT'));
    field = j.F.dict(field.get('Parent'));
  }
  if (ft !== 'Sig') {
    j.problems.add(`field formulir ${ft ? `/${ft}` : '(tanpa /FT)'} ditambahkan (objek ${num}) setelah ${j.label}; hanya field tanda tangan yang boleh ditambahkan`);
    return;
  }
  for (const k of FIELD_ACTION_KEYS) if (d.has(k)) j.problems.add(`field tanda tangan baru (objek ${num}) membawa aksi /${k} setelah ${j.label}`);
  const v = j.F.dict(d.get('V'));
  const kids = j.F.resolve(d.get('Kids'));
  const isWidget = nameOf(d.get('Subtype')) === 'Widget' || d.has('Rect');
  if (!isWidget) return;
  const rect = j.F.resolve(d.get('Rect'));
  const r = Array.isArray(rect) && rect.length === 4 && rect.every((x) => typeof x === 'number') ? (rect as number[]) : undefined;
  if (!r) {
    j.problems.add(`widget tanda tangan baru (objek ${num}) tanpa /Rect yang sah setelah ${j.label}`);
    return;
  }
  const area = Math.abs((r[2]! - r[0]!) * (r[3]! - r[1]!));
  const ap = j.F.dict(d.get('AP'));
  const flags = j.F.resolve(d.get('F'));
  const hidden = typeof flags === 'number' && (flags & 2) !== 0 && (flags & 4) === 0;
  const visible = area > 0 && ap !== undefined && !hidden;
  let signed = !!v && isSignatureDict(v, j.F);
  if (!signed && !Array.isArray(kids)) {
    // A widget kid of a signed parent field is signed too.
    const parent = j.F.dict(d.get('Parent'));
    signed = !!parent && isSignatureDict(j.F.dict(parent.get('V')), j.F);
  }
  if (visible && !signed) {
    j.problems.add(`widget tanda tangan yang tampak tetapi tidak ditandatangani ditambahkan (objek ${num}) setelah ${j.label}: ia dapat menutupi isi halaman`);
  }
  if (visible && ap) {
    const normal = j.F.resolve(ap.get('N'));
    const onPage = (j.fRoles.edges.get(num) ?? []).map((e) => (e.from === 'trailer' ? undefined : e.from)).find((n) => n !== undefined && j.fRoles.pageNumbers.has(n));
    const page = j.F.dict(onPage !== undefined ? new PdfRef(onPage, j.F.entry(onPage)?.gen ?? 0) : d.get('P'));
    const box = page ? j.F.resolve(page.get('CropBox') ?? page.get('MediaBox')) : undefined;
    if (!(normal instanceof PdfDict) || nameOf(normal.get('Subtype')) !== 'Form' || !Array.isArray(j.F.resolve(normal.get('BBox')))) {
      j.problems.add(`tampilan widget tanda tangan (objek ${num}) bukan Form XObject dengan /BBox setelah ${j.label}`);
    }
    if (Array.isArray(box) && box.length === 4 && box.every((x) => typeof x === 'number')) {
      const [x0, y0, x1, y1] = box as number[];
      const inside = Math.min(r[0]!, r[2]!) >= x0! - 1 && Math.max(r[0]!, r[2]!) <= x1! + 1 && Math.min(r[1]!, r[3]!) >= y0! - 1 && Math.max(r[1]!, r[3]!) <= y1! + 1;
      if (!inside) j.problems.add(`widget tanda tangan (objek ${num}) keluar dari batas halaman setelah ${j.label}`);
    }
  }
}

/** Object numbers a revision defines (in use or freed) that the bytes of the revision do not agree with. */
function duplicateDefinitions(F: PdfStructure, rev: number, start: number, end: number): string[] {
  const revision = F.revisions[rev]!;
  const listed = new Map<number, number>();
  const streams: Array<[number, number]> = [];
  const view = F.at(rev);
  for (const [num, e] of revision.entries) {
    if ('free' in e || e.inStream !== undefined) continue;
    listed.set(e.offset, num);
    const o = tryObject(view, num);
    if (o?.stream) streams.push([o.stream.start, o.stream.end]);
  }
  const text = Buffer.from(F.bytes.buffer, F.bytes.byteOffset + start, Math.max(0, end - start)).toString('latin1');
  const out: string[] = [];
  const re = /(^|[\r\n])(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = start + m.index + m[1]!.length;
    if (streams.some(([s, e]) => at >= s && at < e)) continue;
    if (listed.get(at) !== Number(m[2])) out.push(`objek ${m[2]} didefinisikan di offset ${at} tetapi tidak dipakai tabel xref (definisi ganda atau tersembunyi)`);
  }
  return out;
}

/** Where each revision's bytes end: after the %%EOF that follows its xref section. */
export function revisionEnds(F: PdfStructure): number[] {
  const b = Buffer.from(F.bytes.buffer, F.bytes.byteOffset, F.bytes.byteLength);
  return F.revisions.map((r) => {
    const eof = b.indexOf('%%EOF', r.startxref, 'latin1');
    if (eof < 0) return F.bytes.length;
    let end = eof + 5;
    if (b[end] === 0x0d) end++;
    if (b[end] === 0x0a) end++;
    return end;
  });
}

/**
 * The changes made after revision `signedRevision` of `pdf`, judged against the allow-list. `label`
 * names the signature in messages. `docMdp` 1 allows only DSS and document timestamps.
 */
export function changesAfterSignature(pdf: PdfStructure, signedRevision: number, label: string, docMdp?: number): ChangeReport {
  const last = pdf.revisions.length - 1;
  if (signedRevision >= last) return { problems: [], notes: [] };
  const S = pdf.at(signedRevision);
  const j: Judge = { S, F: pdf, sRoles: mapObjectRoles(S), fRoles: mapObjectRoles(pdf), label, problems: new Set(), notes: new Set() };
  if (pdf.root.num !== S.root.num) judgeCatalog(j, S.catalog(), pdf.catalog());

  const ends = revisionEnds(pdf);
  const touched = new Set<number>();
  for (let r = signedRevision + 1; r <= last; r++) {
    const rev = pdf.revisions[r]!;
    for (const a of rev.ambiguities) j.problems.add(`${a} (revisi ${r + 1}, setelah ${label})`);
    for (const d of duplicateDefinitions(pdf, r, ends[r - 1]!, ends[r]!)) j.problems.add(`${d} (revisi ${r + 1}, setelah ${label})`);
    for (const num of rev.entries.keys()) touched.add(num);
  }
  for (const num of [...touched].sort((a, b) => a - b)) {
    const before = S.entry(num);
    const after = pdf.entry(num);
    if (before && !after) {
      if (decidingRole(j.sRoles.roles.get(num)) !== 'orphan') j.problems.add(`objek ${num} (${describeObject(j.sRoles, num, S)}) dihapus (ditandai bebas di tabel xref) setelah ${label}`);
    } else if (before && after) {
      if (before.gen !== after.gen && decidingRole(j.sRoles.roles.get(num)) !== 'orphan') {
        j.problems.add(`objek ${num} (${describeObject(j.sRoles, num, S)}) diganti generasinya (${before.gen} → ${after.gen}) setelah ${label}`);
      } else judgeModified(j, num);
    } else if (!before && after) judgeNew(j, num);
  }
  // New signatures count only when a later revision adds them; with DocMDP P=1 only DSS and timestamps may follow.
  if (docMdp === 1) {
    for (const num of touched) {
      if (S.entry(num)) continue;
      const roles = j.fRoles.roles.get(num);
      if (!roles?.has('sig-value')) continue;
      const d = j.F.dict(new PdfRef(num, j.F.entry(num)?.gen ?? 0));
      if (nameOf(d?.get('Type')) !== 'DocTimeStamp') j.problems.add(`tanda tangan baru (objek ${num}) ditambahkan padahal ${label} adalah sertifikasi DocMDP P=1 (tidak boleh ada perubahan)`);
    }
  }
  return { problems: [...j.problems], notes: [...j.notes] };
}

export type { ObjectRole };
