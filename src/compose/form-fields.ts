/**
 * How a kind's data is offered as a form: the field specs a template.yaml may give under `form:` (title,
 * help text, widget type, starter text, nested fields of repeatable entries, whether Mengingat offers
 * the register of legal references, which approved participant list a decree attaches), and the specs
 * of the fields every kind shares. kind-schema.ts turns them into the zod schema that validates the data
 * and the JSON Schema the form is generated from. Pure; imports zod.
 */
import { z } from 'zod';

/** rich-text: a paragraph that YAML may also give as text with a nested list ({ teks, daftar }); the form edits the plain text. */
export const FIELD_TYPES = ['text', 'paragraph', 'rich-text', 'date', 'number', 'text-list', 'list', 'object', 'choice', 'participant-list'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FormFieldSpec {
  readonly title?: string;
  readonly description?: string;
  readonly type?: FieldType;
  /** What a new document starts with (a string, a list of strings, an object). */
  readonly starter?: unknown;
  /** For type choice. */
  readonly choices?: readonly string[];
  /** For type object, and for the entries of type list. */
  readonly fields?: Readonly<Record<string, FormFieldSpec>>;
  /** For type text-list: offer the register of legal references (Mengingat). */
  readonly register?: boolean;
  /** For type participant-list: the program of the approved lists offered (pbpu-pemda, ppu-tkk). */
  readonly program?: string;
  /** For type participant-list: the `sumber` name its rows stream from. */
  readonly source?: string;
  /** For type participant-list: the data field its figures (count, tariff, months, total) go into. */
  readonly figures?: string;
  /** For type list: each entry's label ("Butir", "Lampiran"). */
  readonly itemTitle?: string;
}

export const FormFieldSpecSchema: z.ZodType<FormFieldSpec> = z.lazy(() =>
  z
    .object({
      title: z.string().min(1).optional(),
      description: z.string().min(1).optional(),
      type: z.enum(FIELD_TYPES).optional(),
      starter: z.unknown().optional(),
      choices: z.array(z.string().min(1)).min(1).optional(),
      fields: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), FormFieldSpecSchema).optional(),
      register: z.boolean().optional(),
      program: z.string().min(1).optional(),
      source: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/).optional(),
      figures: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/).optional(),
      itemTitle: z.string().min(1).optional(),
    })
    .strict(),
);

/** The fields every kind shares, in the order the form shows them when a template says nothing. */
export const BASE_FIELDS: Readonly<Record<string, FormFieldSpec>> = {
  tentang: {
    title: 'Tentang',
    type: 'paragraph',
    description: 'Judul keputusan, tanpa titik di akhir; ditulis dengan huruf kapital di dokumen.',
  },
  tanggal: {
    title: 'Tanggal penetapan',
    type: 'date',
    description: 'Boleh dikosongkan: tanggal dan nomor ditetapkan saat penandatanganan.',
  },
  menimbang: {
    title: 'Menimbang',
    type: 'text-list',
    itemTitle: 'Butir',
    description: 'Setiap butir diawali "bahwa" dan diakhiri ";". Butir penutup ("bahwa berdasarkan pertimbangan …") dibuat oleh templat.',
  },
  mengingat: {
    title: 'Mengingat',
    type: 'text-list',
    itemTitle: 'Butir',
    register: true,
    description: 'Dasar hukum, urut dari yang tertinggi; pilih dari register rujukan hukum agar kutipannya baku.',
  },
  diktum: {
    title: 'Diktum',
    type: 'text-list',
    itemTitle: 'Diktum',
    description: 'Label KESATU, KEDUA, … diberikan otomatis; diktum terakhir (mulai berlaku) dibuat oleh templat.',
  },
  penandatangan: {
    title: 'Penanda tangan',
    type: 'object',
    fields: {
      nama: { title: 'Nama (tanpa gelar akademik)', type: 'text' },
      status: { title: 'Status jabatan', type: 'choice', choices: ['definitif', 'plt', 'plh'], description: 'Plt./Plh. ditulis di blok tanda tangan dan tanpa NIP.' },
      jabatan: { title: 'Jabatan (bila berbeda dari templat)', type: 'text' },
      atasNama: { title: 'Atas nama / a.n. (bila berbeda dari templat)', type: 'text' },
      nip: { title: 'NIP', type: 'text' },
      pangkat: { title: 'Pangkat/golongan', type: 'text' },
    },
  },
  tembusan: {
    title: 'Tembusan',
    type: 'text-list',
    itemTitle: 'Tembusan',
    description: 'Bila dikosongkan, dipakai tembusan bawaan templat.',
  },
};

/** Field names of the shared data that the form never shows (the system or the YAML editor sets them). */
export const HIDDEN_FIELDS = ['template', 'nomor', 'paraf', 'sumber'] as const;
