/**
 * Region profiles: what makes a document a pemda's own, apart from its kind — `templates/daerah/<id>.yaml`
 * holds the region's name and Kemendagri code, the kepala daerah's title, the kop, the place of
 * penetapan, the time zone and, per document family (and optionally per kind), the numbering pattern
 * and scope, the signer, the paraf chain by jabatan and the default tembusan. Kinds are written once
 * and used by every region (load-template.ts merges the two).
 * Reads the profile files only. Imports yaml-source, zod, AppError and the Kemendagri code table.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { regionCodes } from '../participants/region-codes.ts';
import { parseYamlSource, problemsError, schemaProblems } from './yaml-source.ts';

/** Folder of the profiles inside a templates folder. */
export const REGIONS_FOLDER = 'daerah';

/** Indonesia's three time zones (IANA) and their Indonesian abbreviations. */
export const REGION_TIME_ZONES = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' } as const;
export type RegionTimeZone = keyof typeof REGION_TIME_ZONES;

export const REGION_LEVELS = ['provinsi', 'kabupaten', 'kota'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** What the kepala daerah of each level is called in running text ("Keputusan Gubernur ini …"). */
const HEAD_TITLE: Readonly<Record<RegionLevel, string>> = { provinsi: 'Gubernur', kabupaten: 'Bupati', kota: 'Wali Kota' };

const ID = /^[a-z0-9][a-z0-9-]*$/;
const Text = z.string().trim().min(1);

const NumberingSchema = z
  .object({
    /** "{seq}/KEP/HK/{year}"; other {names} are filled from the document data ({klasifikasi}). */
    pattern: z.string().includes('{seq}', { message: 'pola nomor harus memuat {seq}' }),
    /** Sequence scope: numbers run per scope and year. Must start with the profile id (per region). */
    scope: z.string().regex(ID, 'scope: huruf kecil, angka dan "-"').optional(),
  })
  .strict();

const SignerSchema = z
  .object({
    /** "GUBERNUR NUSA TENGGARA TIMUR" when the signer signs on behalf (a.n.). */
    atasNama: Text.optional(),
    jabatan: Text,
  })
  .strict();

const ParafChainSchema = z
  .object({
    /** Jabatan top-down, highest first, as the paraf table shows them. */
    chain: z.array(Text).min(1),
    /** Jabatan a drafter may add to the chain besides the default ones. */
    allowed: z.array(Text).optional(),
  })
  .strict();

const FamilySchema = z
  .object({
    numbering: NumberingSchema,
    signer: SignerSchema,
    paraf: ParafChainSchema.optional(),
    tembusan: z.array(Text).default([]),
  })
  .strict();

/** Settings of one kind in this region: each given key replaces the family's. */
const KindOverrideSchema = z
  .object({
    numbering: NumberingSchema.optional(),
    signer: SignerSchema.optional(),
    paraf: ParafChainSchema.optional(),
    tembusan: z.array(Text).optional(),
  })
  .strict();

const KopLineSchema = z.union([
  Text,
  z
    .object({
      teks: Text,
      /** Font size in pt (the kop's own size when absent). */
      ukuran: z.number().positive().max(40).optional(),
      tebal: z.boolean().optional(),
    })
    .strict(),
]);

const KopSchema = z
  .object({
    /** Lines, top down ("GUBERNUR NUSA TENGGARA TIMUR"; a perangkat daerah kop adds name, address, …). */
    baris: z.array(KopLineSchema).min(1),
    /** Rule under the kop: none (a kepala daerah's kop), a single or a thick-thin double line. */
    garis: z.enum(['tidak', 'tunggal', 'ganda']).default('tidak'),
    /** Lambang daerah drawn left of the lines (PNG or JPEG beside the profile, e.g. lambang/kab-kupang.png). */
    lambang: z.string().min(1).optional(),
  })
  .strict();

export const RegionProfileSchema = z
  .object({
    /** "Provinsi Nusa Tenggara Timur", "Kota Bekasi", "Kabupaten Kupang". */
    name: Text,
    level: z.enum(REGION_LEVELS),
    /** Kemendagri code: "53" (provinsi), "53.01" (kabupaten/kota). */
    code: z.string().regex(/^\d{2}(\.\d{2})?$/, 'kode Kemendagri seperti "53" (provinsi) atau "53.01" (kabupaten/kota)'),
    /** "GUBERNUR NUSA TENGGARA TIMUR", "WALI KOTA BEKASI", "BUPATI KUPANG". */
    kepalaDaerah: Text,
    /** Place of penetapan: "Kupang", "Bekasi", "Oelamasi". */
    place: Text,
    timeZone: z.enum(Object.keys(REGION_TIME_ZONES) as [RegionTimeZone, ...RegionTimeZone[]]),
    kop: KopSchema,
    /** Per document family (keputusan, instruksi, …). */
    families: z.record(z.string().regex(ID), FamilySchema),
    /** Per kind, replacing keys of its family's settings (e.g. another tembusan for the participant decree). */
    kinds: z.record(z.string().regex(ID), KindOverrideSchema).default({}),
  })
  .strict();

type ProfileFile = z.infer<typeof RegionProfileSchema>;

export interface KopLine {
  readonly teks: string;
  readonly ukuran?: number;
  readonly tebal?: boolean;
}

export interface RegionKop {
  readonly baris: readonly KopLine[];
  readonly garis: 'tidak' | 'tunggal' | 'ganda';
  /** Path of the lambang daerah image, relative to the templates folder; absent when none. */
  readonly lambang?: string;
}

/** The settings of one document family (or kind) in a region, every default applied. */
export interface RegionDocumentSettings {
  readonly numbering: { readonly pattern: string; readonly scope: string };
  readonly signer: { readonly atasNama?: string; readonly jabatan: string; readonly kepalaDaerah: boolean };
  readonly paraf?: { readonly chain: readonly string[]; readonly allowed?: readonly string[] };
  readonly tembusan: readonly string[];
}

export interface RegionProfile {
  readonly id: string;
  /** Path of the profile file, relative to the templates folder ("daerah/prov-ntt.yaml"). */
  readonly file: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly code: string;
  readonly kepalaDaerah: string;
  /** "Gubernur", "Bupati", "Wali Kota". */
  readonly headTitle: string;
  readonly place: string;
  readonly timeZone: RegionTimeZone;
  readonly kop: RegionKop;
  /** Settings for a kind of `family`; undefined when the profile has none for that family. */
  settingsFor(kind: string, family: string): RegionDocumentSettings | undefined;
  /** Families the profile has settings for. */
  readonly families: readonly string[];
}

export interface RegionSummary {
  readonly id: string;
  readonly name: string;
  readonly timeZone: RegionTimeZone;
}

/** The ids of the profiles under `templatesDir/daerah`, sorted. */
export function listRegionIds(templatesDir: string): string[] {
  const dir = path.join(templatesDir, REGIONS_FOLDER);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.yaml') && ID.test(n.slice(0, -5)))
    .map((n) => n.slice(0, -5))
    .sort();
}

/** Every region profile (id, display name, time zone), sorted by id — for pickers. */
export function listRegions(templatesDir: string): RegionSummary[] {
  return listRegionIds(templatesDir).map((id) => {
    const p = loadRegionProfile(templatesDir, id);
    return { id: p.id, name: p.name, timeZone: p.timeZone };
  });
}

function normalise(text: string): string {
  return text.toLocaleLowerCase('id').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Checks the Kemendagri code against the code table and the profile's name. */
function checkCode(profile: ProfileFile, file: string, lineOf: (p: readonly (string | number)[]) => number | undefined): void {
  const codes = regionCodes();
  const digits = profile.code.replace('.', '');
  const fail = (message: string, field: string): never => {
    throw new AppError('TEMPLATE_INVALID', message, { file, line: lineOf([field]), field });
  };
  if (profile.level === 'provinsi') {
    if (digits.length !== 2) fail(`provinsi berkode dua angka (mis. "53"), bukan "${profile.code}"`, 'code');
    const known = codes.provinces.get(digits);
    if (known === undefined) fail(`kode provinsi "${profile.code}" tidak ada dalam kode wilayah Kemendagri`, 'code');
    if (normalise(`Provinsi ${known}`) !== normalise(profile.name)) {
      fail(`kode "${profile.code}" adalah Provinsi ${known}, bukan "${profile.name}"; periksa code atau name`, 'code');
    }
    return;
  }
  if (digits.length !== 4) fail(`${profile.level} berkode "NN.NN" (mis. "53.01"), bukan "${profile.code}"`, 'code');
  const known = codes.regencies.get(digits);
  if (known === undefined) fail(`kode "${profile.code}" tidak ada dalam kode wilayah Kemendagri`, 'code');
  if (normalise(known!) !== normalise(profile.name)) {
    fail(`kode "${profile.code}" adalah ${known}, bukan "${profile.name}"; periksa code atau name`, 'code');
  }
  const isKota = /^kota\b/i.test(known!);
  if (isKota !== (profile.level === 'kota')) fail(`${known} adalah ${isKota ? 'kota' : 'kabupaten'}; tulis level: ${isKota ? 'kota' : 'kabupaten'}`, 'level');
}

const loaded = new Map<string, { readonly text: string; readonly profile: RegionProfile }>();

/**
 * Loads and checks `templates/daerah/<id>.yaml`. Unknown id → TEMPLATE_NOT_FOUND listing the known
 * ones; a bad profile → TEMPLATE_INVALID at its line (unknown keys, a code that does not match the
 * name, a numbering scope not starting with the id, a time zone outside WIB/WITA/WIT).
 */
export function loadRegionProfile(templatesDir: string, id: string): RegionProfile {
  const rel = `${REGIONS_FOLDER}/${id}.yaml`;
  const file = path.join(templatesDir, rel);
  if (!ID.test(id) || !existsSync(file)) {
    const known = listRegionIds(templatesDir);
    throw new AppError('TEMPLATE_NOT_FOUND', `Profil daerah "${id}" tidak ditemukan di ${path.join(templatesDir, REGIONS_FOLDER)}; daerah yang ada: ${known.join(', ') || '(tidak ada)'}.`, {
      field: 'daerah',
      details: { known },
    });
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError('TEMPLATE_INVALID', 'Profil daerah tidak dapat dibaca.', { file, cause });
  }
  const hit = loaded.get(file);
  if (hit && hit.text === text) return hit.profile;

  const src = parseYamlSource(text, file, 'TEMPLATE_INVALID');
  const parsed = RegionProfileSchema.safeParse(src.value ?? {});
  if (!parsed.success) throw problemsError('TEMPLATE_INVALID', file, schemaProblems(parsed.error.issues, src));
  const data = parsed.data;
  checkCode(data, file, src.lineOf);

  const problems: { field: string; line?: number; message: string }[] = [];
  const scopeOf = (numbering: { scope?: string | undefined }, at: readonly (string | number)[], fallback: string): string => {
    const scope = numbering.scope ?? fallback;
    if (!scope.startsWith(`${id}-`)) {
      problems.push({ field: [...at, 'scope'].join('.'), line: src.lineOf([...at, 'scope']), message: `scope nomor harus diawali "${id}-" (nomor berjalan per daerah), bukan "${scope}"` });
    }
    return scope;
  };
  const isHead = (signer: { atasNama?: string | undefined; jabatan: string }): boolean =>
    signer.atasNama === undefined && normalise(signer.jabatan) === normalise(data.kepalaDaerah);
  const families = new Map<string, RegionDocumentSettings>();
  for (const [family, f] of Object.entries(data.families)) {
    families.set(family, {
      numbering: { pattern: f.numbering.pattern, scope: scopeOf(f.numbering, ['families', family, 'numbering'], `${id}-${family}`) },
      signer: { ...f.signer, kepalaDaerah: isHead(f.signer) },
      ...(f.paraf ? { paraf: f.paraf } : {}),
      tembusan: f.tembusan,
    });
  }
  const kinds = new Map<string, Partial<RegionDocumentSettings>>();
  for (const [kind, k] of Object.entries(data.kinds)) {
    kinds.set(kind, {
      ...(k.numbering ? { numbering: { pattern: k.numbering.pattern, scope: scopeOf(k.numbering, ['kinds', kind, 'numbering'], `${id}-${kind}`) } } : {}),
      ...(k.signer ? { signer: { ...k.signer, kepalaDaerah: isHead(k.signer) } } : {}),
      ...(k.paraf ? { paraf: k.paraf } : {}),
      ...(k.tembusan ? { tembusan: k.tembusan } : {}),
    });
  }
  let lambang: string | undefined;
  if (data.kop.lambang !== undefined) {
    lambang = path.posix.normalize(`${REGIONS_FOLDER}/${data.kop.lambang}`);
    const abs = path.join(templatesDir, lambang);
    if (!lambang.startsWith(`${REGIONS_FOLDER}/`) || path.isAbsolute(data.kop.lambang) || !/\.(png|jpe?g)$/i.test(lambang)) {
      problems.push({ field: 'kop.lambang', line: src.lineOf(['kop', 'lambang']), message: 'lambang daerah: berkas PNG atau JPEG di folder daerah/ (jalur relatif, tanpa "..")' });
    } else if (!existsSync(abs)) {
      problems.push({ field: 'kop.lambang', line: src.lineOf(['kop', 'lambang']), message: `berkas lambang ${lambang} tidak ada` });
    }
  }
  if (problems.length > 0) throw problemsError('TEMPLATE_INVALID', file, problems);

  const profile: RegionProfile = {
    id,
    file: rel,
    name: data.name,
    level: data.level,
    code: data.code,
    kepalaDaerah: data.kepalaDaerah,
    headTitle: HEAD_TITLE[data.level],
    place: data.place,
    timeZone: data.timeZone,
    kop: {
      baris: data.kop.baris.map((b) => (typeof b === 'string' ? { teks: b } : b)),
      garis: data.kop.garis,
      ...(lambang !== undefined ? { lambang } : {}),
    },
    families: [...families.keys()].sort(),
    settingsFor(kind, family) {
      const base = families.get(family);
      const own = kinds.get(kind);
      if (!base) return undefined;
      return own ? { ...base, ...own } : base;
    },
  };
  loaded.set(file, { text, profile });
  return profile;
}
