/**
 * A kind's data schema: the shared document data schema (document-data.ts), extended with the fields
 * the kind's template declares under `form:`, the template's required fields enforced, and every field
 * annotated for the form (title, help, widget, starter text). One zod schema validates the data
 * (validateKindData: every problem at once, each with its field path and an Indonesian message) and
 * becomes the JSON Schema the web form is generated from (kindJsonSchema). Pure; imports zod and the
 * compose modules.
 */
import { z } from 'zod';
import { DocumentDataSchema, IsiSchema, TanggalSchema } from './document-data.ts';
import { BASE_FIELDS, type FieldType, type FormFieldSpec } from './form-fields.ts';
import { describeIssue, formatPath, type DataProblem } from './yaml-source.ts';

/**
 * What of a kind's metadata the form needs: its required fields and form specs (template.yaml), and —
 * when a region is known — the region's tembusan as starter text.
 */
export interface KindFormMeta {
  readonly required: readonly string[];
  readonly form?: Readonly<Record<string, FormFieldSpec>>;
  readonly tembusan?: readonly string[];
}

/** A form field with its spec resolved (base spec, template override, type known). */
export interface ResolvedField extends FormFieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly title: string;
  readonly required: boolean;
}

/** The kind's form fields in order: the template's `form:` (merged over the shared specs), else the shared ones. */
export function kindFormFields(meta: KindFormMeta): ResolvedField[] {
  const required = new Set(meta.required.map((r) => r.split('.')[0]!));
  const entries = meta.form ? Object.entries(meta.form) : Object.entries(BASE_FIELDS);
  return entries.map(([name, spec]) => {
    const base = BASE_FIELDS[name];
    const merged: FormFieldSpec = { ...base, ...spec, ...(base?.fields || spec.fields ? { fields: { ...base?.fields, ...spec.fields } } : {}) };
    const starter = merged.starter ?? (name === 'tembusan' && meta.tembusan && meta.tembusan.length > 0 ? meta.tembusan : undefined);
    const type = merged.type ?? 'text';
    return { ...merged, name, type, title: merged.title ?? name, required: required.has(name), ...(starter !== undefined ? { starter } : {}) };
  });
}

function metaOf(spec: FormFieldSpec & { readonly type: FieldType }, required: boolean): Record<string, unknown> {
  return {
    ...(spec.title ? { title: spec.title } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    'x-widget': spec.type === 'rich-text' ? 'paragraph' : spec.type,
    ...(spec.starter !== undefined ? { 'x-starter': spec.starter } : {}),
    ...(spec.register ? { 'x-register': true } : {}),
    ...(spec.program ? { 'x-program': spec.program } : {}),
    ...(spec.source ? { 'x-source': spec.source } : {}),
    ...(spec.figures ? { 'x-figures': spec.figures } : {}),
    ...(spec.itemTitle ? { 'x-item-title': spec.itemTitle } : {}),
    ...(required ? { 'x-required': true } : {}),
  };
}

const filled = z.string().trim().min(1, 'wajib diisi');

/** The zod schema of one template-declared field (shared fields keep their own schema). */
function fieldSchema(spec: FormFieldSpec, requiredPaths: ReadonlySet<string>, path: string): z.ZodType {
  const type = spec.type ?? 'text';
  const required = requiredPaths.has(path);
  let schema: z.ZodType;
  switch (type) {
    case 'text':
    case 'paragraph':
      schema = required ? filled : z.string();
      break;
    case 'rich-text':
      schema = IsiSchema;
      break;
    case 'date':
      schema = TanggalSchema;
      break;
    case 'number':
      schema = z.number({ error: 'harus berupa angka' });
      break;
    case 'choice':
      schema = z.enum((spec.choices ?? ['']) as [string, ...string[]]);
      break;
    case 'text-list':
      schema = z.array(filled);
      if (required) schema = (schema as z.ZodArray<z.ZodString>).min(1, 'paling sedikit satu butir');
      break;
    case 'participant-list':
      schema = z.string().trim().min(1, 'pilih daftar peserta yang disetujui');
      break;
    case 'object':
    case 'list': {
      const shape: Record<string, z.ZodType> = {};
      for (const [name, child] of Object.entries(spec.fields ?? {})) {
        const childPath = type === 'list' ? `${path}[].${name}` : `${path}.${name}`;
        const s = fieldSchema(child, requiredPaths, childPath);
        const isRequired = requiredPaths.has(childPath) || (type === 'object' && requiredPaths.has(`${path}.${name}`));
        shape[name] = (isRequired ? s : s.optional()).meta(metaOf({ ...child, type: child.type ?? 'text' }, isRequired));
      }
      const object = z.object(shape).passthrough();
      schema = type === 'list' ? z.array(object) : object;
      if (type === 'list' && required) schema = (schema as z.ZodArray<z.ZodObject>).min(1, 'paling sedikit satu butir');
      break;
    }
  }
  return schema;
}

/** The shared field's own schema, annotated; `penandatangan` gets titles on its inner fields too. */
function sharedFieldSchema(name: string, field: ResolvedField): z.ZodType {
  const shape = DocumentDataSchema.shape as Record<string, z.ZodType>;
  if (name === 'penandatangan') {
    const inner = (shape.penandatangan as z.ZodObject).shape as Record<string, z.ZodType>;
    const annotated: Record<string, z.ZodType> = {};
    for (const [key, s] of Object.entries(inner)) {
      const spec = field.fields?.[key];
      annotated[key] = spec ? s.meta(metaOf({ ...spec, type: spec.type ?? 'text' }, key === 'nama')) : s;
    }
    return z.object(annotated).strict();
  }
  if (name === 'diktum') return z.array(IsiSchema.meta({ 'x-widget': 'paragraph' }));
  return shape[name]!;
}

/** The shared fields a form shows with their shared schema; any other field (lampiran too) takes the template's spec. */
const SHARED_FORM_FIELDS = new Set(['tentang', 'tanggal', 'menimbang', 'mengingat', 'diktum', 'penandatangan', 'tembusan']);

function isShared(name: string): boolean {
  return SHARED_FORM_FIELDS.has(name);
}

/** The zod schema of a kind's data: what validates it and what its JSON Schema comes from. */
export function kindDataSchema(meta: KindFormMeta): z.ZodType {
  const requiredPaths = new Set(meta.required);
  const fields = kindFormFields(meta);
  const extension: Record<string, z.ZodType> = {};
  for (const f of fields) {
    const base = isShared(f.name) ? sharedFieldSchema(f.name, f) : fieldSchema(f, requiredPaths, f.name);
    const schema = f.required || f.name === 'tentang' || f.name === 'penandatangan' ? unwrapOptional(base) : optionalOf(base);
    extension[f.name] = schema.meta(metaOf(f, f.required || f.name === 'tentang' || f.name === 'penandatangan'));
  }
  return DocumentDataSchema.extend(extension).passthrough();
}

function unwrapOptional(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
}

function optionalOf(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? schema : schema.optional();
}

export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of a kind's data (input form), with the form's field order and the kind's name. */
export function kindJsonSchema(kind: string, meta: KindFormMeta & { readonly name: string }, regionId?: string): JsonSchema {
  const json = z.toJSONSchema(kindDataSchema(meta), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return {
    ...json,
    title: meta.name,
    description: `Data dokumen berjenis ${kind}${regionId ? ` untuk daerah ${regionId}` : ''}.`,
    'x-kind': kind,
    ...(regionId ? { 'x-daerah': regionId } : {}),
    'x-form-order': kindFormFields(meta).map((f) => f.name),
  };
}

/**
 * Every problem of `data` against the kind's schema, at once, each with its field path (as the form
 * names it: "menimbang[1]", "penandatangan.nama") and an Indonesian message. [] when it is valid.
 */
export function validateKindData(meta: KindFormMeta, data: unknown): (DataProblem & { readonly path: readonly (string | number)[] })[] {
  const parsed = kindDataSchema(meta).safeParse(data);
  if (parsed.success) return [];
  return parsed.error.issues.slice(0, 200).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    return { path, field: formatPath(path) || '(akar)', message: describeIssue(issue, data, path) };
  });
}
