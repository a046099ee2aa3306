/**
 * Program-year configuration (config/programs.yaml): tariffs with valid-from dates, the ppu-tkk
 * contribution rule, UMK per region and year, program years (budget, months) and the BPJS export
 * column list. Parsed and validated once into a frozen object. Imports yaml, zod, AppError, node:fs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { PROGRAM_IDS, type ProgramId } from './program-schemas.ts';

export const DEFAULT_PROGRAM_CONFIG_FILE = fileURLToPath(new URL('../../config/programs.yaml', import.meta.url));

export const BPJS_COLUMN_KEYS = [
  'no',
  'nik',
  'no_kk',
  'nama',
  'hubungan_keluarga',
  'tanggal_lahir',
  'jenis_kelamin',
  'perangkat_daerah',
  'gaji',
  'dasar_iuran',
  'iuran_pemberi_kerja',
  'iuran_pekerja',
  'iuran_total',
] as const;
export type BpjsColumnKey = (typeof BPJS_COLUMN_KEYS)[number];

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd'));
const rupiah = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const program = z.enum(PROGRAM_IDS);

const Schema = z.object({
  tariffs: z.record(z.string(), z.array(z.object({ validFrom: isoDate, rupiah, basis: z.string().optional() })).min(1)),
  contribution: z.object({
    'ppu-tkk': z.object({
      employerPercent: z.number().int().min(0).max(100),
      workerPercent: z.number().int().min(0).max(100),
      wageCap: rupiah,
    }),
  }),
  umk: z.array(z.object({ region: z.string().regex(/^\d{2,4}$/), name: z.string(), year: z.number().int(), rupiah, basis: z.string().optional() })),
  programYears: z.array(
    z.object({
      program,
      year: z.number().int(),
      region: z.string().regex(/^\d{2,6}$/),
      budget: rupiah,
      months: z.number().int().min(1).max(12),
      tariffDate: isoDate.optional(),
    }),
  ),
  bpjsExportColumns: z.array(z.object({ key: z.enum(BPJS_COLUMN_KEYS), header: z.string().min(1) })).min(1).optional(),
});

export type ProgramConfig = z.infer<typeof Schema>;
export type TariffEntry = ProgramConfig['tariffs'][string][number];
export type ProgramYear = ProgramConfig['programYears'][number];

export function parseProgramConfig(text: string, file = 'programs.yaml'): ProgramConfig {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `${path.basename(file)} bukan YAML yang sah: ${(error as Error).message}`, { file, cause: error });
  }
  const parsed = Schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('CONFIG_INVALID', `Konfigurasi program tidak sah di ${issue.path.join('.')}: ${issue.message}; perbaiki ${path.basename(file)}.`, {
      file,
      field: issue.path.join('.'),
    });
  }
  return Object.freeze(parsed.data);
}

export function loadProgramConfig(file = DEFAULT_PROGRAM_CONFIG_FILE): ProgramConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `Berkas konfigurasi program ${file} tidak dapat dibaca.`, { file, cause: error });
  }
  return parseProgramConfig(text, file);
}

/** The tariff in force on `date` (yyyy-mm-dd): the entry with the latest validFrom on or before it. */
export function tariffOn(config: ProgramConfig, programId: ProgramId, date: string): TariffEntry {
  const entries = config.tariffs[programId] ?? [];
  let best: TariffEntry | undefined;
  for (const e of entries) if (e.validFrom <= date && (best === undefined || e.validFrom > best.validFrom)) best = e;
  if (best === undefined) {
    throw new AppError('CONFIG_INVALID', `Tidak ada tarif ${programId} yang berlaku pada ${date}; tambahkan tarif dengan validFrom sebelum tanggal itu di config/programs.yaml.`);
  }
  return best;
}

/** The UMK of a kabupaten/kota (4-digit code) in a year. */
export function umkFor(config: ProgramConfig, region: string, year: number): number {
  const hit = config.umk.find((u) => u.region === region.slice(0, 4) && u.year === year);
  if (hit === undefined) {
    throw new AppError('CONFIG_INVALID', `UMK untuk wilayah ${region} tahun ${year} belum dikonfigurasi; tambahkan di bagian umk config/programs.yaml.`);
  }
  return hit.rupiah;
}

export function programYear(config: ProgramConfig, programId: ProgramId, year: number): ProgramYear {
  const hit = config.programYears.find((p) => p.program === programId && p.year === year);
  if (hit === undefined) {
    throw new AppError('CONFIG_INVALID', `Tahun program ${programId} ${year} belum dikonfigurasi; tambahkan di bagian programYears config/programs.yaml.`);
  }
  return hit;
}
