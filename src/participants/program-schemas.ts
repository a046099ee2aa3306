/**
 * The participant programs as column schemas: which fields a list of each program carries, the header
 * spellings accepted for each field, which are required, and which family relations are allowed.
 * Pure data; imports nothing from the project.
 */

export const PROGRAM_IDS = ['pbpu-pemda', 'ppu-tkk'] as const;
export type ProgramId = (typeof PROGRAM_IDS)[number];

/** Canonical field keys a row can carry once headers are matched. */
export type FieldKey =
  | 'nik'
  | 'no_kk'
  | 'nama'
  | 'tanggal_lahir'
  | 'jenis_kelamin'
  | 'hubungan_keluarga'
  | 'alamat'
  | 'kecamatan'
  | 'kabupaten_kota'
  | 'perangkat_daerah'
  | 'gaji';

export interface FieldSchema {
  readonly key: FieldKey;
  /** How the column is named in reports and exports. */
  readonly label: string;
  /** Accepted header spellings; compared after normaliseHeader (case, spaces, punctuation ignored). */
  readonly synonyms: readonly string[];
  /** The column must be present in the file. */
  readonly requiredColumn: boolean;
  /** The cell must be filled: always, never, or only on the worker's own row (ppu-tkk "Peserta"). */
  readonly requiredValue: 'always' | 'never' | 'worker';
}

export interface ProgramSchema {
  readonly id: ProgramId;
  readonly title: string;
  readonly fields: readonly FieldSchema[];
  /** Accepted Hubungan Keluarga values (normalised: upper case, single spaces) → canonical spelling. */
  readonly relations: Readonly<Record<string, string>>;
  /** The canonical relation of the worker's own row (ppu-tkk); undefined when the program has none. */
  readonly workerRelation?: string;
}

const F = {
  nik: { key: 'nik', label: 'NIK', synonyms: ['nik', 'no nik', 'nomor nik', 'nomor induk kependudukan', 'no ktp', 'nomor ktp'] },
  no_kk: { key: 'no_kk', label: 'No KK', synonyms: ['no kk', 'nomor kk', 'nomor kartu keluarga', 'no kartu keluarga', 'kk', 'nkk'] },
  nama: { key: 'nama', label: 'Nama', synonyms: ['nama', 'nama lengkap', 'nama peserta', 'nama pegawai'] },
  tanggal_lahir: { key: 'tanggal_lahir', label: 'Tanggal Lahir', synonyms: ['tanggal lahir', 'tgl lahir', 'tgllahir', 'tanggal lhr', 'tgl lhr'] },
  jenis_kelamin: { key: 'jenis_kelamin', label: 'Jenis Kelamin', synonyms: ['jenis kelamin', 'jk', 'l p', 'kelamin', 'sex'] },
  hubungan_keluarga: {
    key: 'hubungan_keluarga',
    label: 'Hubungan Keluarga',
    synonyms: ['hubungan keluarga', 'hub keluarga', 'hubungan', 'status hubungan', 'status keluarga', 'shdk'],
  },
  alamat: { key: 'alamat', label: 'Alamat', synonyms: ['alamat', 'alamat lengkap'] },
  kecamatan: { key: 'kecamatan', label: 'Kecamatan', synonyms: ['kecamatan', 'kec'] },
  kabupaten_kota: { key: 'kabupaten_kota', label: 'Kabupaten/Kota', synonyms: ['kabupaten kota', 'kabupaten', 'kota', 'kab kota', 'kab'] },
  perangkat_daerah: {
    key: 'perangkat_daerah',
    label: 'Perangkat Daerah',
    synonyms: ['perangkat daerah', 'pd', 'opd', 'skpd', 'unit kerja', 'satuan kerja', 'satker'],
  },
  gaji: { key: 'gaji', label: 'Gaji', synonyms: ['gaji', 'gaji pokok', 'upah', 'gaji upah', 'penghasilan'] },
} as const satisfies Record<FieldKey, Omit<FieldSchema, 'requiredColumn' | 'requiredValue'>>;

export const PROGRAMS: Readonly<Record<ProgramId, ProgramSchema>> = {
  'pbpu-pemda': {
    id: 'pbpu-pemda',
    title: 'PBPU/BP didaftarkan Pemerintah Daerah',
    fields: [
      { ...F.nik, requiredColumn: true, requiredValue: 'always' },
      { ...F.no_kk, requiredColumn: false, requiredValue: 'never' },
      { ...F.nama, requiredColumn: true, requiredValue: 'always' },
      { ...F.tanggal_lahir, requiredColumn: true, requiredValue: 'always' },
      { ...F.jenis_kelamin, requiredColumn: true, requiredValue: 'always' },
      { ...F.hubungan_keluarga, requiredColumn: false, requiredValue: 'never' },
      { ...F.alamat, requiredColumn: false, requiredValue: 'never' },
      { ...F.kecamatan, requiredColumn: false, requiredValue: 'never' },
      { ...F.kabupaten_kota, requiredColumn: false, requiredValue: 'never' },
    ],
    relations: {
      'KEPALA KELUARGA': 'Kepala Keluarga',
      KK: 'Kepala Keluarga',
      SUAMI: 'Suami',
      ISTRI: 'Istri',
      ANAK: 'Anak',
      'ORANG TUA': 'Orang Tua',
      MERTUA: 'Mertua',
      MENANTU: 'Menantu',
      CUCU: 'Cucu',
      'FAMILI LAIN': 'Famili Lain',
      LAINNYA: 'Lainnya',
    },
  },
  'ppu-tkk': {
    id: 'ppu-tkk',
    title: 'PPU Tenaga Kontrak Kerja (didaftarkan pemberi kerja)',
    fields: [
      { ...F.nik, requiredColumn: true, requiredValue: 'always' },
      { ...F.nama, requiredColumn: true, requiredValue: 'always' },
      { ...F.tanggal_lahir, requiredColumn: true, requiredValue: 'always' },
      { ...F.jenis_kelamin, requiredColumn: true, requiredValue: 'always' },
      { ...F.perangkat_daerah, requiredColumn: true, requiredValue: 'worker' },
      { ...F.gaji, requiredColumn: true, requiredValue: 'worker' },
      { ...F.hubungan_keluarga, requiredColumn: true, requiredValue: 'always' },
      { ...F.no_kk, requiredColumn: true, requiredValue: 'always' },
    ],
    relations: { PESERTA: 'Peserta', PEKERJA: 'Peserta', SUAMI: 'Suami', ISTRI: 'Istri', ANAK: 'Anak' },
    workerRelation: 'Peserta',
  },
};

export function isProgramId(value: string): value is ProgramId {
  return (PROGRAM_IDS as readonly string[]).includes(value);
}
