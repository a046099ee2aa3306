/**
 * Seeded participant rows for the rendering benchmark: the same rows for every tool in one run.
 * Deterministic (xorshift PRNG), NIKs consistent with birth date and sex.
 */
const GIVEN = ['Yohanes', 'Maria', 'Agustinus', 'Yosefina', 'Fransiskus', 'Theresia', 'Petrus', 'Kristina', 'Marselinus', 'Veronika', 'Dominikus', 'Elisabeth', 'Aloysius', 'Bernadeta', 'Stefanus', 'Margaretha'];
const FAMILY = ['Ndolu', 'Bria', 'Manafe', 'Lake', 'Seran', 'Nahak', 'Bere', 'Tefa', 'Kase', 'Taek', 'Mau', 'Klau', 'Leki', 'Ndun', 'Pah', 'Riwu Kaho'];
const KABKOTA: readonly [string, string][] = [
  ['5371', 'Kota Kupang'], ['5301', 'Kabupaten Kupang'], ['5302', 'Kabupaten Timor Tengah Selatan'], ['5303', 'Kabupaten Timor Tengah Utara'],
  ['5304', 'Kabupaten Belu'], ['5305', 'Kabupaten Alor'], ['5306', 'Kabupaten Flores Timur'], ['5307', 'Kabupaten Sikka'],
  ['5308', 'Kabupaten Ende'], ['5309', 'Kabupaten Ngada'], ['5310', 'Kabupaten Manggarai'], ['5311', 'Kabupaten Sumba Timur'],
];

export interface BenchRow {
  readonly nik: string;
  readonly noKk: string;
  readonly nama: string;
  readonly tanggalLahir: string;
  readonly jenisKelamin: 'L' | 'P';
  readonly alamat: string;
  readonly kabupatenKota: string;
}

export function* benchRows(count: number, seed = 20251124): Generator<BenchRow> {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  for (let i = 0; i < count; i++) {
    const [code, kab] = KABKOTA[next() % KABKOTA.length]!;
    const sex = next() % 2 === 0 ? 'L' : 'P';
    const day = 1 + (next() % 28);
    const month = 1 + (next() % 12);
    const year = 1940 + (next() % 80);
    const kec = pad(1 + (next() % 20), 2);
    const nikDay = sex === 'P' ? day + 40 : day;
    const nik = `${code}${kec}${pad(nikDay, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(1 + (i % 9999), 4)}`;
    const noKk = `${code}${kec}${pad(next() % 1000000, 6)}${pad(1 + (next() % 9999), 4)}`;
    const nama = `${GIVEN[next() % GIVEN.length]} ${FAMILY[next() % FAMILY.length]}`.toUpperCase();
    yield {
      nik,
      noKk,
      nama,
      tanggalLahir: `${pad(day, 2)}-${pad(month, 2)}-${year}`,
      jenisKelamin: sex,
      alamat: `RT ${pad(1 + (next() % 20), 3)}/RW ${pad(1 + (next() % 10), 3)}`,
      kabupatenKota: kab,
    };
  }
}

/**
 * The participant lampiran's columns, widths in cm of the 16.5 cm text width as
 * templates/keputusan-peserta-pbpu/lampiran.hbs sets them: a 16-digit NIK and No KK fit whole at 9 pt
 * with the cells' 0.4 em padding
 * (narrower, the engine refuses the table rather than split a NIK).
 */
export const BENCH_COLUMNS = [
  { header: 'NO', field: '#.', width: 1.55 },
  { header: 'NIK', field: 'nik', width: 3.45 },
  { header: 'NO KK', field: 'noKk', width: 3.45 },
  { header: 'NAMA', field: 'nama', width: 2.5 },
  { header: 'TANGGAL LAHIR', field: 'tanggalLahir', width: 2.1 },
  { header: 'L/P', field: 'jenisKelamin', width: 0.9 },
  { header: 'KABUPATEN/KOTA', field: 'kabupatenKota', width: 2.55 },
] as const;
