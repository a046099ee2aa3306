/**
 * The drafting form's data side, driven by a kind's JSON Schema (compose/kind-schema.ts): posted fields
 * named by path ("f.menimbang.2", "f.penandatangan.nama", "f.lampiran.0.anggota.1.jabatan") become the
 * document data; the no-script buttons' operations (add, remove, move an entry, add a citation from the
 * register) are applied to it; empty entries are pruned before saving; what the form cannot show (a
 * nested list in a diktum, a lampiran with a row source) is detected, so such a document is edited in
 * YAML; fields the form does not show are carried over from the stored version. Bounded: at most
 * MAX_ENTRIES entries per list. Imports the kind schema types only.
 */
import type { JsonSchema } from '../compose/kind-schema.ts';

export const FIELD_PREFIX = 'f.';
export const MAX_ENTRIES = 500;

export type FormData = Record<string, unknown>;

export function formOrder(schema: JsonSchema): string[] {
  return ((schema['x-form-order'] as string[] | undefined) ?? []).filter((n) => typeof n === 'string');
}

export function propertiesOf(schema: JsonSchema): Record<string, JsonSchema> {
  return (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
}

export function widgetOf(schema: JsonSchema): string {
  return typeof schema['x-widget'] === 'string' ? (schema['x-widget'] as string) : 'text';
}

/** The properties of a list field's entries. */
export function entryProperties(schema: JsonSchema): Record<string, JsonSchema> {
  return propertiesOf((schema.items as JsonSchema | undefined) ?? {});
}

/** The posted fields under `prefix` ("f.menimbang"), grouped by their next path segment. */
function childrenOf(fields: ReadonlyMap<string, string>, prefix: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const start = `${prefix}.`;
  for (const [name, value] of fields) {
    if (!name.startsWith(start)) continue;
    const rest = name.slice(start.length);
    const dot = rest.indexOf('.');
    const head = dot === -1 ? rest : rest.slice(0, dot);
    let group = out.get(head);
    if (!group) out.set(head, (group = new Map()));
    group.set(name, value);
  }
  return out;
}

function indices(groups: ReadonlyMap<string, unknown>): number[] {
  return [...groups.keys()]
    .filter((k) => /^\d{1,4}$/.test(k))
    .map(Number)
    .sort((a, b) => a - b)
    .slice(0, MAX_ENTRIES);
}

function parseValue(schema: JsonSchema, fields: ReadonlyMap<string, string>, name: string): unknown {
  const widget = widgetOf(schema);
  switch (widget) {
    case 'text-list': {
      const groups = childrenOf(fields, name);
      return indices(groups).map((i) => fields.get(`${name}.${i}`) ?? '');
    }
    case 'list': {
      const groups = childrenOf(fields, name);
      const props = entryProperties(schema);
      return indices(groups).map((i) => parseObject(props, fields, `${name}.${i}`));
    }
    case 'object':
      return parseObject(propertiesOf(schema), fields, name);
    case 'number': {
      const v = (fields.get(name) ?? '').trim();
      if (v === '') return undefined;
      const n = Number(v.replace(/\./g, '').replace(',', '.'));
      return Number.isFinite(n) ? n : v;
    }
    default: {
      const v = fields.get(name);
      if (v === undefined) return undefined;
      return widget === 'text' || widget === 'choice' || widget === 'date' || widget === 'participant-list' ? v.trim() : v.replace(/\r\n/g, '\n').replace(/\s+$/, '');
    }
  }
}

function parseObject(props: Record<string, JsonSchema>, fields: ReadonlyMap<string, string>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(props)) {
    const v = parseValue(schema, fields, `${prefix}.${key}`);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** The form's fields (body keys starting "f.") as data, empty entries kept (the form shows them). */
export function parseKindForm(schema: JsonSchema, body: Readonly<Record<string, unknown>>): FormData {
  const fields = new Map<string, string>();
  for (const [k, v] of Object.entries(body)) if (k.startsWith(FIELD_PREFIX) && typeof v === 'string') fields.set(k.slice(FIELD_PREFIX.length), v);
  const props = propertiesOf(schema);
  const out: FormData = {};
  for (const name of formOrder(schema)) {
    const s = props[name];
    if (!s) continue;
    const v = parseValue(s, fields, name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

function isBlank(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as object).every(isBlank);
  return false;
}

/** Drops empty strings, empty entries, empty objects: what is saved and validated. */
export function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const kept = value.map(pruneEmpty).filter((v) => !isBlank(v));
    return kept.length === 0 ? undefined : kept;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = pruneEmpty(v);
      if (!isBlank(p)) out[k] = p;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** The schema of the field at `path` (["lampiran", 0, "anggota"]). */
export function schemaAt(schema: JsonSchema, path: readonly (string | number)[]): JsonSchema | undefined {
  let s: JsonSchema | undefined = schema;
  for (const seg of path) {
    if (!s) return undefined;
    if (typeof seg === 'number') s = s.items as JsonSchema | undefined;
    else s = propertiesOf(s)[seg];
  }
  return s;
}

function containerAt(data: FormData, path: readonly (string | number)[], create: boolean): unknown[] | undefined {
  let node: unknown = data;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (node === null || typeof node !== 'object') return undefined;
    const rec = node as Record<string | number, unknown>;
    if (rec[seg] === undefined && create) rec[seg] = last ? [] : typeof path[i + 1] === 'number' ? [] : {};
    node = rec[seg];
  }
  return Array.isArray(node) ? node : undefined;
}

export type FormOperation =
  | { readonly op: 'tambah'; readonly path: (string | number)[] }
  | { readonly op: 'hapus' | 'naik' | 'turun'; readonly path: (string | number)[]; readonly index: number }
  | { readonly op: 'rujukan'; readonly path: (string | number)[] };

/** "tambah:lampiran.0.anggota", "hapus:menimbang.2", "rujukan:mengingat" → an operation; undefined otherwise. */
export function parseOperation(value: string): FormOperation | undefined {
  const m = /^(tambah|hapus|naik|turun|rujukan):([a-zA-Z0-9_.]{1,200})$/.exec(value);
  if (!m) return undefined;
  const path = m[2]!.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const op = m[1] as FormOperation['op'];
  if (op === 'tambah' || op === 'rujukan') return { op, path };
  const index = path.pop();
  if (typeof index !== 'number') return undefined;
  return { op, path, index };
}

/** Applies a structural operation in place; `citation` is the text to add for 'rujukan'. */
export function applyOperation(schema: JsonSchema, data: FormData, operation: FormOperation, citation?: string): void {
  const fieldSchema = schemaAt(schema, operation.path);
  if (!fieldSchema) return;
  const list = containerAt(data, operation.path, true);
  if (!list) return;
  const widget = widgetOf(fieldSchema);
  switch (operation.op) {
    case 'tambah':
      if (list.length < MAX_ENTRIES) list.push(widget === 'list' ? {} : '');
      break;
    case 'rujukan':
      if (citation && list.length < MAX_ENTRIES) {
        const blank = list.findIndex((v) => typeof v === 'string' && v.trim() === '');
        if (blank >= 0) list[blank] = citation;
        else list.push(citation);
      }
      break;
    case 'hapus':
      if (operation.index < list.length) list.splice(operation.index, 1);
      break;
    case 'naik':
    case 'turun': {
      const j = operation.op === 'naik' ? operation.index - 1 : operation.index + 1;
      if (operation.index < list.length && j >= 0 && j < list.length) [list[operation.index], list[j]] = [list[j], list[operation.index]];
      break;
    }
  }
}

/**
 * Why the form cannot show `data` faithfully (so it must be edited in YAML), or [] when it can: a value
 * of a type the field's widget cannot hold, or keys inside a form field the schema does not name.
 */
export function unrepresentable(schema: JsonSchema, data: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const check = (s: JsonSchema, v: unknown, label: string): void => {
    if (v === undefined || v === null) return;
    const widget = widgetOf(s);
    if (widget === 'text' || widget === 'paragraph' || widget === 'choice' || widget === 'participant-list') {
      if (typeof v !== 'string') problems.push(label);
    } else if (widget === 'date') {
      if (typeof v !== 'string' && !(v instanceof Date)) problems.push(label);
    } else if (widget === 'number') {
      if (typeof v !== 'number') problems.push(label);
    } else if (widget === 'text-list') {
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) problems.push(label);
    } else if (widget === 'list' || widget === 'object') {
      const entries = widget === 'list' ? (Array.isArray(v) ? v : null) : [v];
      if (!entries) return void problems.push(label);
      const props = widget === 'list' ? entryProperties(s) : propertiesOf(s);
      for (const [i, e] of entries.entries()) {
        if (!e || typeof e !== 'object' || Array.isArray(e)) {
          problems.push(label);
          continue;
        }
        for (const [k, x] of Object.entries(e)) {
          const child = props[k];
          if (!child) problems.push(`${label}${widget === 'list' ? ` ${i + 1}` : ''}: ${k}`);
          else check(child, x, `${label}: ${typeof child.title === 'string' ? child.title : k}`);
        }
      }
    }
  };
  const props = propertiesOf(schema);
  for (const name of formOrder(schema)) {
    const s = props[name];
    if (s) check(s, data[name], typeof s.title === 'string' ? s.title : name);
  }
  return [...new Set(problems)];
}

/** Top-level keys of stored data the form does not show: kept as they were when the form saves. */
export function carriedOver(schema: JsonSchema, stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const shown = new Set(formOrder(schema));
  return Object.fromEntries(Object.entries(stored).filter(([k]) => !shown.has(k)));
}

/** The data a new document of this kind starts with: each field's starter text. */
export function starterData(schema: JsonSchema): FormData {
  const props = propertiesOf(schema);
  const out: FormData = {};
  for (const name of formOrder(schema)) {
    const s = props[name];
    if (!s) continue;
    if (s['x-starter'] !== undefined) out[name] = structuredClone(s['x-starter']);
    else if (widgetOf(s) === 'object') {
      const inner: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(propertiesOf(s))) if (c['x-starter'] !== undefined) inner[k] = structuredClone(c['x-starter']);
      if (Object.keys(inner).length > 0) out[name] = inner;
    }
  }
  return out;
}
