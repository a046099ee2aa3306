/**
 * What each object of a document revision is for: the catalog, the page tree and its pages, annotation
 * and field arrays, form fields (an empty signature field apart), the DSS, the metadata — or content
 * ("other"). Found by walking the object graph from the trailer, so a role is where an object is used,
 * never what the object says about itself. Pure over a PdfView; imports the PDF core.
 */
import { PdfDict, PdfRef, nameOf, type PdfValue } from '../pdf/pdf-objects.ts';
import type { PdfView } from '../pdf/pdf-reader.ts';
import { isSignatureDict } from '../pdf/signature-fields.ts';

export type ObjectRole =
  | 'catalog'
  | 'info'
  | 'metadata'
  | 'extensions'
  | 'pages'
  | 'page'
  | 'annots'
  | 'annot'
  | 'acroform'
  | 'fields'
  | 'field'
  | 'sig-field-empty'
  | 'sig-value'
  | 'appearance'
  | 'dss'
  | 'dss-part'
  | 'other';

/** How an object was first reached: from which object (or the trailer) under which key. */
export interface Via {
  readonly from: number | 'trailer';
  readonly key: string;
}

export interface RoleMap {
  /** Roles of each reachable object number. */
  readonly roles: ReadonlyMap<number, ReadonlySet<ObjectRole>>;
  /** The first way each object was reached (breadth first: the shortest). */
  readonly via: ReadonlyMap<number, Via>;
  /** All ways each object was reached. */
  readonly edges: ReadonlyMap<number, readonly Via[]>;
  /** 1-based page number of each page object. */
  readonly pageNumbers: ReadonlyMap<number, number>;
}

/** Keys that point back up the tree (not a use of the target). */
const BACK_EDGES = new Set(['Parent', 'P']);

/** The role of what `key` of an object with role `parent` points to. */
function childRole(parent: ObjectRole, key: string, target: PdfDict | undefined, view: PdfView): ObjectRole {
  const top = key.split(/[.[]/)[0]!;
  switch (parent) {
    case 'catalog':
      if (top === 'Pages') return 'pages';
      if (top === 'AcroForm') return 'acroform';
      if (top === 'DSS') return 'dss';
      if (top === 'Metadata') return 'metadata';
      if (top === 'Extensions') return 'extensions';
      return 'other';
    case 'pages':
      if (top === 'Kids') return nameOf(target?.get('Type')) === 'Page' ? 'page' : 'pages';
      return 'other';
    case 'page':
      if (top === 'Annots') return key === 'Annots' && !target ? 'annots' : 'annot';
      return 'other';
    case 'annots':
      return 'annot';
    case 'acroform':
      if (top === 'Fields') return key === 'Fields' && !target ? 'fields' : 'field';
      return 'other';
    case 'fields':
      return 'field';
    case 'field':
    case 'sig-field-empty':
    case 'annot':
      if (top === 'Kids') return 'field';
      if (top === 'V' && isSignatureDict(target, view)) return 'sig-value';
      if (top === 'AP') return 'appearance';
      return 'other';
    case 'appearance':
      return 'appearance';
    case 'dss':
    case 'dss-part':
      return 'dss-part';
    case 'sig-value':
    case 'info':
    case 'metadata':
    case 'extensions':
    case 'other':
      return 'other';
  }
}

/** The references inside a value with their key paths ("Annots[2]", "Resources.Font.F1"). */
export function referencesIn(value: PdfValue | undefined, path = '', out: Array<[string, PdfRef]> = [], depth = 0): Array<[string, PdfRef]> {
  if (depth > 32 || value === undefined) return out;
  if (value instanceof PdfRef) out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => referencesIn(v, `${path}[${i}]`, out, depth + 1));
  else if (value instanceof PdfDict) for (const [k, v] of value.entries) referencesIn(v, path === '' ? k : `${path}.${k}`, out, depth + 1);
  return out;
}

const isField = (d: PdfDict | undefined): boolean => !!d && (d.has('FT') || d.has('T') || d.has('Kids') || d.has('V'));

const maps = new WeakMap<PdfView, RoleMap>();

/** Walks `view` from its trailer (/Root, /Info) and records each reachable object's roles (once per view). */
export function mapObjectRoles(view: PdfView): RoleMap {
  let hit = maps.get(view);
  if (!hit) {
    hit = walkRoles(view);
    maps.set(view, hit);
  }
  return hit;
}

function walkRoles(view: PdfView): RoleMap {
  const roles = new Map<number, Set<ObjectRole>>();
  const via = new Map<number, Via>();
  const edges = new Map<number, Via[]>();
  const queue: Array<{ num: number; role: ObjectRole }> = [];
  const enqueue = (ref: PdfRef, role: ObjectRole, from: Via): void => {
    if (!view.entry(ref.num) || view.entry(ref.num)!.gen !== ref.gen) return;
    const list = edges.get(ref.num) ?? [];
    if (list.length < 16) list.push(from);
    edges.set(ref.num, list);
    let set = roles.get(ref.num);
    if (!set) {
      set = new Set();
      roles.set(ref.num, set);
      via.set(ref.num, from);
    }
    if (set.has(role)) return;
    set.add(role);
    queue.push({ num: ref.num, role });
  };
  const root = view.trailer.get('Root');
  if (root instanceof PdfRef) enqueue(root, 'catalog', { from: 'trailer', key: 'Root' });
  const info = view.trailer.get('Info');
  if (info instanceof PdfRef) enqueue(info, 'info', { from: 'trailer', key: 'Info' });

  const pageNumbers = new Map<number, number>();
  view.pageRefs().forEach((r, i) => pageNumbers.set(r.num, i + 1));

  while (queue.length > 0) {
    const { num, role } = queue.shift()!;
    let value: PdfValue;
    try {
      value = view.object(num).value;
    } catch {
      continue; // a damaged object: its changes are still judged by number
    }
    const dict = value instanceof PdfDict ? value : undefined;
    if ((role === 'field' || role === 'annot') && nameOf(dict?.get('FT')) === 'Sig' && dict?.get('V') === undefined && isField(dict)) {
      roles.get(num)!.add('sig-field-empty');
    }
    for (const [key, ref] of referencesIn(value)) {
      const top = key.split(/[.[]/)[0]!;
      if (BACK_EDGES.has(top) && role !== 'other' && role !== 'appearance' && role !== 'dss-part') continue;
      let target: PdfDict | undefined;
      try {
        target = view.dict(ref);
      } catch {
        target = undefined;
      }
      // An indirect array (Annots, Fields) resolves to no dictionary: childRole names the array itself.
      enqueue(ref, childRole(role, key, target, view), { from: num, key });
    }
  }
  return { roles, via, edges, pageNumbers };
}

/** Which role decides what may change: structure first, then content, then supporting data. */
const STRUCTURAL: readonly ObjectRole[] = ['catalog', 'pages', 'page', 'acroform', 'fields', 'annots', 'sig-field-empty', 'field'];

export function decidingRole(roles: ReadonlySet<ObjectRole> | undefined): ObjectRole | 'orphan' {
  if (!roles || roles.size === 0) return 'orphan';
  for (const r of STRUCTURAL) if (roles.has(r)) return r === 'field' && roles.has('sig-field-empty') ? 'sig-field-empty' : r;
  if (roles.has('other') || roles.has('annot') || roles.has('sig-value') || roles.has('appearance')) return 'other';
  for (const r of ['dss', 'dss-part', 'metadata', 'info', 'extensions'] as const) if (roles.has(r)) return r;
  return 'other';
}

/** "isi halaman 3", "katalog", "objek yang dirujuk objek 12 (/Resources)": what an object is, in Indonesian. */
export function describeObject(map: RoleMap, num: number, view: PdfView): string {
  const role = decidingRole(map.roles.get(num));
  const page = map.pageNumbers.get(num);
  if (page !== undefined) return `halaman ${page}`;
  const names: Partial<Record<ObjectRole | 'orphan', string>> = {
    catalog: 'katalog',
    info: 'kamus /Info',
    metadata: 'metadata XMP',
    pages: 'pohon halaman',
    acroform: 'AcroForm',
    fields: 'daftar /Fields AcroForm',
    annots: 'daftar anotasi',
    dss: 'DSS',
    orphan: 'objek yang tidak dirujuk',
  };
  if (names[role]) return names[role]!;
  const first = map.via.get(num);
  if (role === 'field' || role === 'sig-field-empty') {
    let t: string | undefined;
    try {
      const v = view.dict(new PdfRef(num, view.entry(num)?.gen ?? 0))?.get('T');
      t = v && 'text' in (v as object) ? (v as { text(): string }).text() : undefined;
    } catch {
      t = undefined;
    }
    return t ? `field "${t}"` : 'field formulir';
  }
  if (first && first.from !== 'trailer') {
    const fromPage = map.pageNumbers.get(first.from);
    const key = first.key.split(/[.[]/)[0];
    if (fromPage !== undefined && key === 'Contents') return `isi halaman ${fromPage}`;
    if (fromPage !== undefined && key === 'Resources') return `sumber daya halaman ${fromPage}`;
    if (fromPage !== undefined && key === 'Annots') return `anotasi di halaman ${fromPage}`;
    return `dirujuk objek ${first.from} /${first.key}`;
  }
  return 'objek isi';
}
