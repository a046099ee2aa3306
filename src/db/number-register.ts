/**
 * Document numbers: a gapless sequence per numbering scope and year (table NumberRegister), taken only
 * inside the caller's transaction — assignNumber for a number used in the same transaction,
 * reserveNumber/releaseNumber for issuance, which holds a number across its render-and-sign step — and
 * the numbering patterns that turn a sequence into a number
 * ("{seq}/KEP/HK/{year}", "{klasifikasi}/{seq}/SETDA.Ks").
 *
 * assignNumber is one statement on both databases: INSERT … ON CONFLICT DO UPDATE SET lastSeq =
 * lastSeq + 1 RETURNING lastSeq. On PostgreSQL the upserted row stays locked until the transaction ends,
 * so a concurrent signer waits and then sees the committed value; on SQLite the statement takes the
 * database write lock, held to the end of the transaction. Either way the number belongs to the
 * transaction: if it rolls back, so does the increment, and the next signer gets the same number —
 * no gaps, no duplicates. Call it as late as possible in the signing transaction (it serialises signers
 * of the same scope and year until commit).
 * May import: db/prisma-client (types), the AppError module.
 */
import { AppError } from '../errors/app-error.ts';
import type { TransactionClient } from './prisma-client.ts';

/** Takes the next number of `scope` in `year`, in `tx`. Must run inside withTransaction / $transaction. */
export async function assignNumber(tx: TransactionClient, scope: string, year: number): Promise<number> {
  if (typeof (tx as { $disconnect?: unknown }).$disconnect === 'function') {
    // a transaction client has no $disconnect; the root client would autocommit the increment, and an
    // aborted signing would then burn a number
    throw new AppError('INTERNAL', 'assignNumber harus dipanggil di dalam transaksi (withTransaction), bukan dengan klien Prisma biasa.');
  }
  if (scope.trim() === '') {
    throw new AppError('CONFIG_INVALID', 'Ruang lingkup penomoran (numberingScope) jenis naskah ini kosong; isi di metadata templatnya.');
  }
  if (!Number.isInteger(year) || year < 1900 || year > 9999) {
    throw new AppError('USAGE', `Tahun penomoran ${year} tidak sah; gunakan tahun empat angka.`);
  }
  const rows = await tx.$queryRaw<{ lastSeq: number | bigint }[]>`
    INSERT INTO "NumberRegister" ("scope", "year", "lastSeq") VALUES (${scope}, ${year}, 1)
    ON CONFLICT ("scope", "year") DO UPDATE SET "lastSeq" = "NumberRegister"."lastSeq" + 1
    RETURNING "lastSeq"`;
  const value = rows[0]?.lastSeq;
  if (value === undefined) {
    throw new AppError('NUMBER_CONFLICT', `Nomor untuk ${scope} tahun ${year} tidak bisa diambil; coba tanda tangani lagi.`);
  }
  return Number(value);
}

function checkScopeAndYear(tx: TransactionClient, scope: string, year: number): void {
  if (typeof (tx as { $disconnect?: unknown }).$disconnect === 'function') {
    throw new AppError('INTERNAL', 'Penomoran harus dipanggil di dalam transaksi (withTransaction), bukan dengan klien Prisma biasa.');
  }
  if (scope.trim() === '') {
    throw new AppError('CONFIG_INVALID', 'Ruang lingkup penomoran (numberingScope) jenis naskah ini kosong; isi di metadata templatnya.');
  }
  if (!Number.isInteger(year) || year < 1900 || year > 9999) {
    throw new AppError('USAGE', `Tahun penomoran ${year} tidak sah; gunakan tahun empat angka.`);
  }
}

/**
 * Locks the register row of `scope` and `year` (creating it at 0) for the rest of the transaction and
 * returns its lastSeq: on PostgreSQL the no-op upsert holds the row lock, on SQLite the write lock.
 */
async function lockRegister(tx: TransactionClient, scope: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ lastSeq: number | bigint }[]>`
    INSERT INTO "NumberRegister" ("scope", "year", "lastSeq") VALUES (${scope}, ${year}, 0)
    ON CONFLICT ("scope", "year") DO UPDATE SET "lastSeq" = "NumberRegister"."lastSeq"
    RETURNING "lastSeq"`;
  const value = rows[0]?.lastSeq;
  if (value === undefined) throw new AppError('NUMBER_CONFLICT', `Register nomor ${scope} tahun ${year} tidak dapat dikunci; coba lagi.`);
  return Number(value);
}

/**
 * Takes a number for a reservation (issuance step 1): the lowest number a released reservation gave back,
 * else the next one. Under the register row's lock, so two reservations never get the same number.
 */
export async function reserveNumber(tx: TransactionClient, scope: string, year: number): Promise<number> {
  checkScopeAndYear(tx, scope, year);
  const last = await lockRegister(tx, scope, year);
  const released = await tx.releasedNumber.findFirst({ where: { scope, year }, orderBy: { seq: 'asc' } });
  if (released) {
    await tx.releasedNumber.delete({ where: { scope_year_seq: { scope, year, seq: released.seq } } });
    return released.seq;
  }
  const next = last + 1;
  await tx.numberRegister.update({ where: { scope_year: { scope, year } }, data: { lastSeq: next } });
  return next;
}

/**
 * Gives a reserved number back (issuance step 3 failed, or its holder died): the last number simply
 * shrinks the sequence (with any released numbers now at its end); one with later numbers taken waits in
 * ReleasedNumber for the next reservation. Either way the register stays gapless once all settle.
 */
export async function releaseNumber(tx: TransactionClient, scope: string, year: number, seq: number, at: Date): Promise<void> {
  checkScopeAndYear(tx, scope, year);
  let last = await lockRegister(tx, scope, year);
  if (seq > last || seq < 1) throw new AppError('NUMBER_CONFLICT', `Nomor urut ${seq} bukan nomor yang sedang dipegang pada ${scope} tahun ${year}.`);
  if (seq < last) {
    await tx.releasedNumber.create({ data: { scope, year, seq, releasedAt: at } });
    return;
  }
  last = seq - 1;
  for (;;) {
    const gone = await tx.releasedNumber.deleteMany({ where: { scope, year, seq: last } });
    if (gone.count === 0 || last === 0) break;
    last -= 1;
  }
  await tx.numberRegister.update({ where: { scope_year: { scope, year } }, data: { lastSeq: last } });
}

/** The last number taken of `scope` in `year` (0 when none), for display and checks. */
export async function peekLastNumber(client: Pick<TransactionClient, 'numberRegister'>, scope: string, year: number): Promise<number> {
  const row = await client.numberRegister.findUnique({ where: { scope_year: { scope, year } } });
  return row?.lastSeq ?? 0;
}

export interface NumberParts {
  readonly seq: number;
  readonly year: number;
  /** Classification code (kode klasifikasi arsip), e.g. "440" or "400.7"; required by patterns with {klasifikasi}. */
  readonly klasifikasi?: string;
}

const PLACEHOLDER = /\{([a-z]+)(?::(\d+))?\}/g;
const KNOWN = new Set(['seq', 'year', 'klasifikasi']);

/**
 * Fills a numbering pattern. Placeholders: {seq} (or {seq:3} zero-padded to 3 digits), {year},
 * {klasifikasi}. Unknown placeholders and a missing klasifikasi are errors, never left in a number.
 */
export function formatNumber(pattern: string, parts: NumberParts): string {
  checkPattern(pattern);
  if (!Number.isInteger(parts.seq) || parts.seq < 1) {
    throw new AppError('NUMBER_CONFLICT', `Nomor urut ${parts.seq} tidak sah; nomor urut dimulai dari 1.`);
  }
  return pattern.replace(PLACEHOLDER, (_match, name: string, width: string | undefined) => {
    switch (name) {
      case 'seq':
        return width === undefined ? String(parts.seq) : String(parts.seq).padStart(Number(width), '0');
      case 'year':
        return String(parts.year);
      default: {
        const k = parts.klasifikasi?.trim();
        if (k === undefined || k === '') {
          throw new AppError('DOCUMENT_INVALID', `Pola nomor "${pattern}" memerlukan kode klasifikasi (mis. 400.7 atau 440); isi klasifikasi pada naskah.`, {
            field: 'klasifikasi',
          });
        }
        if (!/^[0-9A-Za-z.]+$/.test(k)) {
          throw new AppError('DOCUMENT_INVALID', `Kode klasifikasi "${k}" tidak sah; gunakan angka dan titik, mis. 400.7.`, { field: 'klasifikasi' });
        }
        return k;
      }
    }
  });
}

/** Checks a numbering pattern from template metadata: known placeholders only, and exactly one {seq}. */
export function checkPattern(pattern: string): void {
  const names = [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  const unknown = names.filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) {
    throw new AppError('TEMPLATE_INVALID', `Pola nomor "${pattern}" memuat penanda yang tidak dikenal: ${unknown.map((n) => `{${n}}`).join(', ')}; yang boleh: {seq}, {seq:3}, {year}, {klasifikasi}.`);
  }
  if (names.filter((n) => n === 'seq').length !== 1) {
    throw new AppError('TEMPLATE_INVALID', `Pola nomor "${pattern}" harus memuat tepat satu {seq}.`);
  }
  if (/[{}]/.test(pattern.replace(PLACEHOLDER, ''))) {
    throw new AppError('TEMPLATE_INVALID', `Pola nomor "${pattern}" memuat kurung kurawal yang bukan penanda; periksa ejaannya.`);
  }
}
