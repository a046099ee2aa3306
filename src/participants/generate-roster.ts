/**
 * A seeded generator of realistic participant lists: families sharing a No KK, NIKs consistent with
 * their kecamatan, birth date and sex (unique within a list), Indonesian names, NTT kabupaten/kota for
 * pbpu-pemda and Kota Bekasi Perangkat Daerah with wages for ppu-tkk. Deterministic (mulberry32 PRNG):
 * the same seed gives the same list byte for byte. Used by tests, the benchmark and examples/.
 * Imports the region codes, the NIK index and node:fs.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { regionCodes } from './region-codes.ts';
import { NikIndex } from './nik-index.ts';
import { daysInMonth } from './parse-input-date.ts';
import type { ProgramId } from './program-schemas.ts';

export interface GeneratedParticipant {
  readonly nik: string;
  readonly noKk: string;
  readonly nama: string;
  /** dd-mm-yyyy, as lists are usually typed. */
  readonly tanggalLahir: string;
  readonly jenisKelamin: 'L' | 'P';
  readonly hubunganKeluarga: string;
  readonly alamat: string;
  readonly kecamatan: string;
  readonly kabupatenKota: string;
  readonly perangkatDaerah: string;
  /** Whole rupiah; 0 for family members. */
  readonly gaji: number;
}

export interface GenerateRosterOptions {
  readonly seed: number;
  readonly count: number;
  readonly program: ProgramId;
  /** Kemendagri code prefix the kecamatan are drawn from: "53" (NTT) for pbpu-pemda, "3275" (Kota Bekasi) for ppu-tkk by default. */
  readonly regionPrefix?: string;
}

/** mulberry32: tiny, fast, good enough for test data; not for anything secret. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MALE = ['Yohanes', 'Fransiskus', 'Agustinus', 'Yosef', 'Petrus', 'Paulus', 'Dominikus', 'Antonius', 'Markus', 'Stefanus', 'Yakobus', 'Aloysius', 'Benediktus', 'Kornelis', 'Daniel', 'Yulius', 'Ahmad', 'Muhammad', 'Budi', 'Agus', 'Hendrik', 'Simon', 'Matius', 'Arnoldus', 'Gabriel', 'Rikardus', 'Yeremias', 'Melkianus', 'Obed', 'Marthen'];
const FEMALE = ['Maria', 'Theresia', 'Elisabeth', 'Katarina', 'Margaretha', 'Kristina', 'Bernadeta', 'Yuliana', 'Agustina', 'Florentina', 'Veronika', 'Anastasia', 'Magdalena', 'Yohana', 'Siti', 'Dewi', 'Sri', 'Ratna', 'Sarlota', 'Yasinta', 'Martha', 'Adriana', 'Paulina', 'Yuliani', 'Fransiska', 'Imelda', 'Rosalia', 'Lusia', 'Oktaviana', 'Dorkas'];
const SURNAMES = ['Ndun', 'Lay', 'Tefa', 'Bria', 'Nahak', 'Seran', 'Manek', 'Tallo', 'Kolo', 'Lake', 'Benu', 'Sogen', 'Kleden', 'Wutun', 'Nuwa', 'Mau', 'Bere', 'Bani', 'Dethan', 'Pello', 'Mboik', 'Ratu', 'Rihi', 'Riwu', 'Dimu', 'Ndolu', 'Tanone', 'Fanggidae', 'Lerik', 'Bataona', 'Hurek', 'Koten', 'Lewar', 'Making', 'Naben', 'Sinlae'];
const STREETS = ['Jl. El Tari', 'Jl. Timor Raya', 'Jl. Soeharto', 'Jl. Frans Seda', 'Jl. Cak Doko', 'Jl. Sudirman', 'Jl. Ahmad Yani', 'Jl. Adisucipto', 'Jl. Perintis Kemerdekaan', 'Jl. Veteran', 'Jl. Kenari', 'Jl. Flamboyan'];
const PERANGKAT_DAERAH = ['Dinas Kesehatan', 'Dinas Pendidikan', 'Dinas Perhubungan', 'Dinas Lingkungan Hidup', 'Satuan Polisi Pamong Praja', 'Badan Pendapatan Daerah', 'Sekretariat Daerah', 'Dinas Sosial', 'Dinas Kependudukan dan Pencatatan Sipil', 'Dinas Bina Marga dan Sumber Daya Air'];

export const ROSTER_HEADERS: Readonly<Record<ProgramId, readonly string[]>> = {
  'pbpu-pemda': ['NIK', 'No KK', 'Nama', 'Tanggal Lahir', 'Jenis Kelamin', 'Hubungan Keluarga', 'Alamat', 'Kecamatan', 'Kabupaten/Kota'],
  'ppu-tkk': ['NIK', 'Nama', 'Tanggal Lahir', 'Jenis Kelamin', 'Perangkat Daerah', 'Gaji', 'Hubungan Keluarga', 'No KK'],
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Yields `count` participants, family by family (a family never split across the end). */
export function* generateRoster(options: GenerateRosterOptions): Generator<GeneratedParticipant> {
  const rand = createPrng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const regions = regionCodes();
  const prefix = options.regionPrefix ?? (options.program === 'ppu-tkk' ? '3275' : '53');
  const districts = [...regions.districts.entries()].filter(([code]) => code.startsWith(prefix));
  if (districts.length === 0) throw new RangeError(`no kecamatan with code prefix ${prefix}`);
  const seen = new NikIndex(options.count);
  const kkSeen = new NikIndex(options.count / 2);
  const tkk = options.program === 'ppu-tkk';

  const makeNik = (district: string, y: number, m: number, d: number, sex: 'L' | 'P', index: NikIndex): string => {
    const dd = pad2(sex === 'P' ? d + 40 : d);
    const base = `${district}${dd}${pad2(m)}${pad2(y % 100)}`;
    let serial = int(1, 9999);
    for (;;) {
      const nik = `${base}${String(serial).padStart(4, '0')}`;
      if (index.firstRowOrAdd(nik, 1) === 0) return nik;
      serial = (serial % 9999) + 1;
    }
  };
  const birth = (fromYear: number, toYear: number): [number, number, number] => {
    const y = int(fromYear, toYear);
    const m = int(1, 12);
    return [y, m, int(1, daysInMonth(y, m))];
  };

  let produced = 0;
  while (produced < options.count) {
    const [district, kecamatan] = pick(districts);
    const kabupatenKota = regions.regencies.get(district.slice(0, 4)) ?? '';
    const surname = pick(SURNAMES);
    const [ky, km, kd] = birth(2005, 2024);
    const noKk = makeNik(district, ky, km, kd, 'L', kkSeen);
    const alamat = `${pick(STREETS)} No. ${int(1, 250)}, RT ${String(int(1, 20)).padStart(3, '0')}/RW ${String(int(1, 10)).padStart(3, '0')}`;
    const headSex: 'L' | 'P' = rand() < 0.8 ? 'L' : 'P';
    const [hy, hm, hd] = birth(1955, 2000);
    const perangkatDaerah = tkk ? pick(PERANGKAT_DAERAH) : '';
    const members: { sex: 'L' | 'P'; y: number; m: number; d: number; rel: string; name: string; gaji: number }[] = [
      {
        sex: headSex,
        y: hy,
        m: hm,
        d: hd,
        rel: tkk ? 'Peserta' : 'Kepala Keluarga',
        name: `${pick(headSex === 'L' ? MALE : FEMALE)} ${surname}`,
        gaji: tkk ? int(25, 140) * 100_000 : 0,
      },
    ];
    const size = Math.min(options.count - produced, int(1, 5));
    if (size >= 2) {
      const sex: 'L' | 'P' = headSex === 'L' ? 'P' : 'L';
      const [y, m, d] = birth(Math.max(1955, hy - 5), Math.min(2003, hy + 5));
      members.push({ sex, y, m, d, rel: sex === 'P' ? 'Istri' : 'Suami', name: `${pick(sex === 'L' ? MALE : FEMALE)} ${surname}`, gaji: 0 });
    }
    while (members.length < size) {
      const sex: 'L' | 'P' = rand() < 0.5 ? 'L' : 'P';
      const [y, m, d] = birth(Math.min(hy + 18, 2024), 2024);
      members.push({ sex, y, m, d, rel: 'Anak', name: `${pick(sex === 'L' ? MALE : FEMALE)} ${surname}`, gaji: 0 });
    }
    for (const p of members) {
      yield {
        nik: makeNik(district, p.y, p.m, p.d, p.sex, seen),
        noKk,
        nama: p.name,
        tanggalLahir: `${pad2(p.d)}-${pad2(p.m)}-${p.y}`,
        jenisKelamin: p.sex,
        hubunganKeluarga: p.rel,
        alamat,
        kecamatan,
        kabupatenKota,
        perangkatDaerah,
        gaji: p.gaji,
      };
      produced++;
    }
  }
}

/** The cells of one generated participant in the column order of ROSTER_HEADERS[program]. */
export function rosterCells(p: GeneratedParticipant, program: ProgramId): string[] {
  return program === 'ppu-tkk'
    ? [p.nik, p.nama, p.tanggalLahir, p.jenisKelamin, p.perangkatDaerah, p.gaji > 0 ? String(p.gaji) : '', p.hubunganKeluarga, p.noKk]
    : [p.nik, p.noKk, p.nama, p.tanggalLahir, p.jenisKelamin, p.hubunganKeluarga, p.alamat, p.kecamatan, p.kabupatenKota];
}

/** One CSV line (RFC 4180 quoting when a cell holds the delimiter, a quote or a line break). */
export function csvLine(cells: readonly string[], delimiter = ','): string {
  return cells.map((c) => (c.includes(delimiter) || c.includes('"') || c.includes('\n') || c.includes('\r') ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter);
}

/** Writes a generated list as CSV (header + `count` rows); returns the byte size. */
export async function writeRosterCsv(file: string, options: GenerateRosterOptions & { readonly delimiter?: string; readonly crlf?: boolean }): Promise<number> {
  const out = createWriteStream(file);
  const eol = options.crlf ? '\r\n' : '\n';
  const d = options.delimiter ?? ',';
  let bytes = 0;
  let chunk = csvLine(ROSTER_HEADERS[options.program], d) + eol;
  let lines = 0;
  for (const p of generateRoster(options)) {
    chunk += csvLine(rosterCells(p, options.program), d) + eol;
    if (++lines === 2000) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
      lines = 0;
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}
