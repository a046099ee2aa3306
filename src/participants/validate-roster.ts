/**
 * Judges every row of a participant list against its program: NIK and No KK rules, required fields,
 * dates, sex, relation, wage, duplicates within the list and NIKs already in another approved list of
 * the same program and year. Every problem of a row is collected; a row with any error is rejected.
 * Imports the participant modules and AppError; no I/O of its own (the approved-NIK lookup is handed in).
 */
import type { ProgramId, ProgramSchema } from './program-schemas.ts';
import type { HeaderMap } from './match-headers.ts';
import type { CellValue, RosterRecord } from './read-roster.ts';
import type { RowIssue, IssueCode, Severity } from './roster-issue.ts';
import { checkKk, checkNik, numericIdFinding, type IdCheck, type IdFinding } from './check-id-number.ts';
import { parseInputDate, toIsoDate, type CalendarDate } from './parse-input-date.ts';
import { regionCodes, type RegionCodes } from './region-codes.ts';
import { NikIndex } from './nik-index.ts';
import { echoValue } from './echo-value.ts';

/** NIKs already in an approved list; the database layer implements it, tests use the in-memory one. */
export interface ApprovedNikLookup {
  has(nik: string, program: ProgramId, year: number): Promise<boolean>;
  /**
   * Optional batch form: which of `niks` are in an approved list. When present the check asks once per
   * batch of rows (about 2,000) instead of once per row — one query instead of thousands.
   */
  findApproved?(niks: readonly string[], program: ProgramId, year: number): Promise<ReadonlySet<string>>;
}

export class InMemoryApprovedNikLookup implements ApprovedNikLookup {
  private readonly keys = new Set<string>();
  constructor(entries: Iterable<{ readonly nik: string; readonly program: ProgramId; readonly year: number }> = []) {
    for (const e of entries) this.keys.add(`${e.program}|${e.year}|${e.nik}`);
  }
  add(nik: string, program: ProgramId, year: number): void {
    this.keys.add(`${program}|${year}|${nik}`);
  }
  async has(nik: string, program: ProgramId, year: number): Promise<boolean> {
    return this.keys.has(`${program}|${year}|${nik}`);
  }
  async findApproved(niks: readonly string[], program: ProgramId, year: number): Promise<ReadonlySet<string>> {
    return new Set(niks.filter((nik) => this.keys.has(`${program}|${year}|${nik}`)));
  }
}

export type Sex = 'L' | 'P';

/** An accepted participant with its cells normalised. */
export interface ParticipantRow {
  readonly row: number;
  readonly nik: string;
  readonly noKk?: string;
  readonly nama: string;
  /** ISO yyyy-mm-dd */
  readonly tanggalLahir: string;
  readonly jenisKelamin: Sex;
  readonly hubunganKeluarga?: string;
  readonly alamat?: string;
  readonly kecamatan?: string;
  readonly kabupatenKota?: string;
  readonly perangkatDaerah?: string;
  /** Whole rupiah. */
  readonly gaji?: number;
}

export interface RowVerdict {
  readonly row: number;
  /** The cells as read, for the spreadsheet report. */
  readonly values: readonly CellValue[];
  readonly accepted: boolean;
  readonly issues: readonly RowIssue[];
  /** Present when accepted and the validator keeps participants. */
  readonly participant?: ParticipantRow;
  /** Set when the approved-NIK lookup still has to be asked (RowValidator.lookup). */
  readonly pendingLookup?: string;
}

export interface RowValidator {
  /** Judges a row; synchronous. When the verdict carries pendingLookup, pass it to lookup(). */
  judge(record: RosterRecord): RowVerdict;
  /** Asks the approved-NIK lookup and adds NIK_ALREADY_APPROVED when the NIK is there. */
  lookup(verdict: RowVerdict): Promise<RowVerdict>;
  /** The same for a batch of verdicts, with one findApproved call when the lookup offers it. */
  lookupBatch(verdicts: readonly RowVerdict[]): Promise<RowVerdict[]>;
}

export interface ValidateOptions {
  /** Checks CSV row shape (a ragged row is ROW_MALFORMED); XLSX rows end at their last filled cell. */
  readonly checkShape: boolean;
  readonly lookup?: ApprovedNikLookup;
  /** Program year for the approved-NIK lookup; required with lookup. */
  readonly year?: number;
  /** Birth dates after this day are DATE_INVALID. */
  readonly today?: CalendarDate;
  readonly regions?: RegionCodes;
  /** Build the ParticipantRow of accepted rows (off for plain checks: saves an object per row). */
  readonly keepParticipants?: boolean;
}

const SEX: Readonly<Record<string, Sex>> = {
  L: 'L', LK: 'L', LAKILAKI: 'L', LAKI: 'L', PRIA: 'L',
  P: 'P', PR: 'P', PEREMPUAN: 'P', WANITA: 'P', PRP: 'P',
};

/** Digits only, or Indonesian thousands with dots ("4.500.000"), optional "Rp" and a zero ",00"/",-" tail. */
const WAGE = /^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,00?|,-)?$/i;

export function parseWage(value: CellValue): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = WAGE.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/\./g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function parseSex(text: string): Sex | undefined {
  // Most lists write exactly L or P: answer those without normalising.
  return SEX[text] ?? SEX[text.toUpperCase().replace(/[^A-Z]/g, '')];
}

function text(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return toIsoDate({ year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() });
  return String(value);
}

// Module-level helpers rather than per-row closures: a closure per row per helper costs more than the
// checks themselves at a million rows.
function add(issues: RowIssue[], row: number, column: string | null, code: IssueCode, severity: Severity, message: string): void {
  issues.push({ row, column, code, severity, message });
}

function addFinding(issues: RowIssue[], row: number, column: string | null, f: IdFinding): void {
  issues.push({ row, column, code: f.code, severity: f.severity, message: f.message });
}

function missing(issues: RowIssue[], row: number, column: string | null, label: string): void {
  issues.push({ row, column, code: 'REQUIRED_MISSING', severity: 'error', message: `Kolom ${label} wajib diisi.` });
}

function cell(values: readonly CellValue[], i: number | undefined): CellValue {
  return i === undefined ? null : (values[i] ?? null);
}

/**
 * Builds the row judge for one list: judge() is synchronous and remembers NIKs for duplicate detection
 * (rows must be judged in file order); lookup()/lookupBatch() then ask the approved-NIK lookup for the
 * verdicts that carry pendingLookup.
 */
export function createRowValidator(map: HeaderMap, schema: ProgramSchema, options: ValidateOptions): RowValidator {
  const regions = options.regions ?? regionCodes();
  const seen = new NikIndex();
  const idx = map.index;
  const col = (i: number | undefined): string | null => (i === undefined ? null : (map.headers[i] ?? null));
  const nikCol = col(idx.nik);
  const kkCol = col(idx.no_kk);
  const namaCol = col(idx.nama);
  const dateCol = col(idx.tanggal_lahir);
  const sexCol = col(idx.jenis_kelamin);
  const relCol = col(idx.hubungan_keluarga);
  const pdCol = col(idx.perangkat_daerah);
  const wageCol = col(idx.gaji);
  const fieldOf = new Map(schema.fields.map((f) => [f.key, f]));
  const kkRequired = fieldOf.get('no_kk')?.requiredValue;
  const pdRequired = fieldOf.get('perangkat_daerah')?.requiredValue;
  const wageRequired = fieldOf.get('gaji')?.requiredValue;
  const relRequired = fieldOf.get('hubungan_keluarga')?.requiredValue;
  // A list spells its relations a handful of ways: normalise each spelling once.
  const relationSpellings = new Map<string, string | undefined>();
  const relationOf = (spelling: string): string | undefined => {
    if (relationSpellings.has(spelling)) return relationSpellings.get(spelling);
    const relation = schema.relations[spelling.toUpperCase().replace(/[^A-Z]+/g, ' ').trim()];
    if (relationSpellings.size < 1000) relationSpellings.set(spelling, relation);
    return relation;
  };
  const headerCount = map.headers.length;
  const lastHeader = (() => {
    let n = headerCount;
    while (n > 0 && map.headers[n - 1] === '') n--;
    return n;
  })();

  function judge(record: RosterRecord): RowVerdict {
    const { row, values } = record;
    const issues: RowIssue[] = [];
    if (options.checkShape && values.length !== headerCount) {
      let extraFilled = false;
      for (let i = headerCount; i < values.length; i++) if (text(values[i]) !== '') extraFilled = true;
      if (values.length < lastHeader || extraFilled) {
        add(issues, row, null, 'ROW_MALFORMED', 'error', `Baris ini berisi ${values.length} kolom, sedangkan header berisi ${headerCount}; periksa pemisah kolom (koma/titik koma) atau tanda kutip di baris ini.`);
        return { row, values, accepted: false, issues };
      }
    }

    // Relation first: whether Perangkat Daerah and Gaji are required depends on it.
    let relation: string | undefined;
    if (idx.hubungan_keluarga !== undefined) {
      const r = text(cell(values, idx.hubungan_keluarga));
      if (r === '') {
        if (relRequired === 'always') missing(issues, row, relCol, 'Hubungan Keluarga');
      } else {
        relation = relationOf(r);
        if (relation === undefined) {
          add(issues, row, relCol, 'RELATION_INVALID', 'error', `Hubungan Keluarga "${echoValue(r)}" tidak dikenal; isi salah satu dari: ${[...new Set(Object.values(schema.relations))].join(', ')}.`);
        }
      }
    }
    const isWorker = schema.workerRelation !== undefined && relation === schema.workerRelation;

    // NIK
    let nik: IdCheck | undefined;
    const nikValue = cell(values, idx.nik);
    if (typeof nikValue === 'number') addFinding(issues, row, nikCol, numericIdFinding('NIK', nikValue));
    else if (text(nikValue) === '') missing(issues, row, nikCol, 'NIK');
    else {
      nik = checkNik(text(nikValue), regions);
      for (const f of nik.findings) addFinding(issues, row, nikCol, f);
    }

    // No KK
    let kk: IdCheck | undefined;
    if (idx.no_kk !== undefined) {
      const v = cell(values, idx.no_kk);
      if (typeof v === 'number') addFinding(issues, row, kkCol, numericIdFinding('KK', v));
      else if (text(v) === '') {
        if ((kkRequired === 'always' || (kkRequired === 'worker' && isWorker))) missing(issues, row, kkCol, 'No KK');
      } else {
        kk = checkKk(text(v), regions);
        for (const f of kk.findings) addFinding(issues, row, kkCol, f);
      }
    }

    const nama = text(cell(values, idx.nama));
    if (nama === '') missing(issues, row, namaCol, 'Nama');

    let birth: CalendarDate | undefined;
    const dateValue = cell(values, idx.tanggal_lahir);
    if (text(dateValue) === '') missing(issues, row, dateCol, 'Tanggal Lahir');
    else {
      birth = typeof dateValue === 'boolean' || dateValue === null ? undefined : parseInputDate(dateValue);
      const t = options.today;
      if (birth !== undefined && t !== undefined && birth.year * 10_000 + birth.month * 100 + birth.day > t.year * 10_000 + t.month * 100 + t.day) {
        add(issues, row, dateCol, 'DATE_INVALID', 'error', `Tanggal Lahir "${echoValue(text(dateValue))}" jatuh setelah hari ini; periksa kembali tanggalnya.`);
        birth = undefined;
      } else if (birth === undefined) {
        add(issues, row, dateCol, 'DATE_INVALID', 'error', `Tanggal Lahir "${echoValue(text(dateValue))}" bukan tanggal yang ada atau ejaannya tidak dikenal; tulis seperti 24-03-1980, 24/03/1980, 1980-03-24 atau 24 Maret 1980.`);
      }
    }

    let sex: Sex | undefined;
    const sexText = text(cell(values, idx.jenis_kelamin));
    if (sexText === '') missing(issues, row, sexCol, 'Jenis Kelamin');
    else {
      sex = parseSex(sexText);
      if (sex === undefined) add(issues, row, sexCol, 'SEX_INVALID', 'error', `Jenis Kelamin "${echoValue(sexText)}" tidak dikenal; isi L (laki-laki) atau P (perempuan).`);
    }

    // NIK against Tanggal Lahir and Jenis Kelamin (DDMMYY only: the century is not in the NIK).
    if (nik?.nik !== undefined && nik.digits !== undefined) {
      const n = nik.nik;
      if (birth !== undefined && (birth.day !== n.day || birth.month !== n.month || birth.year % 100 !== n.yy)) {
        add(issues, row, nikCol, 'NIK_BIRTHDATE_MISMATCH', 'error', `Digit 7–12 NIK ${nik.digits} menunjukkan tanggal lahir ${String(n.day).padStart(2, '0')}-${String(n.month).padStart(2, '0')}-..${String(n.yy).padStart(2, '0')}, tidak sama dengan Tanggal Lahir ${toIsoDate(birth).split('-').reverse().join('-')}; periksa NIK dan Tanggal Lahir terhadap KTP/KK.`);
      }
      if (sex !== undefined && (sex === 'P') !== n.female) {
        add(issues, row, nikCol, 'NIK_SEX_MISMATCH', 'error', `NIK ${nik.digits} adalah NIK ${n.female ? 'perempuan (tanggal pada digit 7–8 ditambah 40)' : 'laki-laki (tanggal pada digit 7–8 tanpa tambahan 40)'}, tetapi Jenis Kelamin diisi ${sex}; periksa NIK dan Jenis Kelamin terhadap KTP/KK.`);
      }
    }

    let perangkatDaerah: string | undefined;
    if (idx.perangkat_daerah !== undefined) {
      perangkatDaerah = text(cell(values, idx.perangkat_daerah)) || undefined;
      if (perangkatDaerah === undefined && (pdRequired === 'always' || (pdRequired === 'worker' && isWorker))) missing(issues, row, pdCol, 'Perangkat Daerah');
    }

    let gaji: number | undefined;
    if (idx.gaji !== undefined) {
      const v = cell(values, idx.gaji);
      if (text(v) === '') {
        if ((wageRequired === 'always' || (wageRequired === 'worker' && isWorker))) missing(issues, row, wageCol, 'Gaji');
      } else {
        gaji = parseWage(v);
        if (gaji === undefined) {
          add(issues, row, wageCol, 'WAGE_INVALID', 'error', `Gaji "${echoValue(text(v))}" tidak dapat dibaca sebagai rupiah utuh; tulis angka saja (4500000) atau dengan titik ribuan (4.500.000), tanpa desimal dan tanpa koma ribuan.`);
        }
      }
    }

    // Duplicates: only a NIK of the right shape can be compared.
    let nikToLookup: string | undefined;
    if (nik?.digits !== undefined) {
      const first = seen.firstRowOrAdd(nik.digits, row);
      if (first !== 0) {
        add(issues, row, nikCol, 'NIK_DUPLICATE', 'error', `NIK ${nik.digits} sudah tercantum di baris ${first}; satu NIK hanya boleh sekali dalam daftar — hapus salah satunya.`);
      } else if (options.lookup !== undefined) {
        nikToLookup = nik.digits;
      }
    }

    let accepted = true;
    for (const i of issues) if (i.severity === 'error') accepted = false;
    accepted = accepted && nik?.digits !== undefined && birth !== undefined && sex !== undefined;
    const participant: ParticipantRow | undefined =
      accepted && options.keepParticipants !== false && nik?.digits !== undefined && birth !== undefined && sex !== undefined
        ? {
            row,
            nik: nik.digits,
            noKk: kk?.digits,
            nama,
            tanggalLahir: toIsoDate(birth),
            jenisKelamin: sex,
            hubunganKeluarga: relation,
            alamat: idx.alamat !== undefined ? text(cell(values, idx.alamat)) || undefined : undefined,
            kecamatan: idx.kecamatan !== undefined ? text(cell(values, idx.kecamatan)) || undefined : undefined,
            kabupatenKota: idx.kabupaten_kota !== undefined ? text(cell(values, idx.kabupaten_kota)) || undefined : undefined,
            perangkatDaerah,
            gaji,
          }
        : undefined;
    return { row, values, accepted, issues, participant, pendingLookup: nikToLookup };
  }

  function markApproved(verdict: RowVerdict, nik: string): RowVerdict {
    const issue: RowIssue = {
      row: verdict.row,
      column: nikCol,
      code: 'NIK_ALREADY_APPROVED',
      severity: 'error',
      message: `NIK ${nik} sudah terdaftar dalam daftar ${schema.id} tahun ${options.year} lain yang telah disetujui; hapus dari daftar ini atau batalkan dulu di daftar yang lama.`,
    };
    return { row: verdict.row, values: verdict.values, accepted: false, issues: [...verdict.issues, issue] };
  }

  async function lookup(verdict: RowVerdict): Promise<RowVerdict> {
    const nik = verdict.pendingLookup;
    if (nik === undefined || options.lookup === undefined || options.year === undefined) return { ...verdict, pendingLookup: undefined };
    if (!(await options.lookup.has(nik, schema.id, options.year))) return { ...verdict, pendingLookup: undefined };
    return markApproved(verdict, nik);
  }

  async function lookupBatch(verdicts: readonly RowVerdict[]): Promise<RowVerdict[]> {
    const l = options.lookup;
    if (l?.findApproved === undefined || options.year === undefined) {
      // One at a time: a database behind has() should not get thousands of queries at once.
      const out: RowVerdict[] = [];
      for (const v of verdicts) out.push(v.pendingLookup === undefined ? v : await lookup(v));
      return out;
    }
    const niks = verdicts.flatMap((v) => (v.pendingLookup === undefined ? [] : [v.pendingLookup]));
    const found = niks.length > 0 ? await l.findApproved(niks, schema.id, options.year) : new Set<string>();
    return verdicts.map((v) =>
      v.pendingLookup === undefined ? v : found.has(v.pendingLookup) ? markApproved(v, v.pendingLookup) : { ...v, pendingLookup: undefined },
    );
  }

  return { judge, lookup, lookupBatch };
}
