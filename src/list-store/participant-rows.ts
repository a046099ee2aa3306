/**
 * The rows of a stored participant list, in bulk through the drivers (src/db/raw-database.ts), never all
 * in memory: written in batches as the check judges them (PostgreSQL `COPY … FROM STDIN` through
 * pg-copy-streams; SQLite prepared multi-row INSERTs, one short transaction a batch, the event loop
 * free in between), read back as a stream of batches in the order an approval takes them (a cursor on
 * PostgreSQL, a statement iterated on SQLite's reading connection), and deleted in slices.
 * May import: db/raw-database, participants types, pg-copy-streams, Node built-ins.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Statement } from 'better-sqlite3';
import { sqliteWrite, type RawDatabase, type SqliteRaw } from '../db/raw-database.ts';
import type { ApprovalOrder } from '../participants/approve-within-quota.ts';
import type { ParticipantRow, Sex } from '../participants/validate-roster.ts';

const COLUMNS = ['listId', 'rowNo', 'nik', 'noKk', 'nama', 'tanggalLahir', 'jenisKelamin', 'hubunganKeluarga', 'alamat', 'kecamatan', 'kabupatenKota', 'perangkatDaerah', 'gaji'] as const;
const COLUMN_LIST = COLUMNS.map((c) => `"${c}"`).join(', ');
/** Rows per SQLite INSERT statement: 13 columns × 200 = 2,600 parameters, well under SQLite's limit. */
const ROWS_PER_STATEMENT = 200;

/** Writes the row's values at `at` of a parameter array (no array per row: a million of them is garbage). */
function fill(params: (string | number | null)[], at: number, listId: string, p: ParticipantRow): void {
  params[at] = listId;
  params[at + 1] = p.row;
  params[at + 2] = p.nik;
  params[at + 3] = p.noKk ?? null;
  params[at + 4] = p.nama;
  params[at + 5] = p.tanggalLahir;
  params[at + 6] = p.jenisKelamin;
  params[at + 7] = p.hubunganKeluarga ?? null;
  params[at + 8] = p.alamat ?? null;
  params[at + 9] = p.kecamatan ?? null;
  params[at + 10] = p.kabupatenKota ?? null;
  params[at + 11] = p.perangkatDaerah ?? null;
  params[at + 12] = p.gaji ?? null;
}

function values(listId: string, p: ParticipantRow): (string | number | null)[] {
  return [listId, p.row, p.nik, p.noKk ?? null, p.nama, p.tanggalLahir, p.jenisKelamin, p.hubunganKeluarga ?? null, p.alamat ?? null, p.kecamatan ?? null, p.kabupatenKota ?? null, p.perangkatDaerah ?? null, p.gaji ?? null];
}

export interface ParticipantRowWriter {
  /** Stores a batch; resolves when the database has taken it (backpressure for the reader). */
  write(rows: readonly ParticipantRow[]): Promise<void>;
  /** Ends the stream; the rows are then all stored. */
  finish(): Promise<void>;
  /** Stops after an error: a PostgreSQL COPY is rolled back whole; SQLite batches stay for deleteParticipantRows. */
  abort(error: Error): Promise<void>;
}

export function openParticipantRowWriter(raw: RawDatabase, listId: string): ParticipantRowWriter {
  return raw.provider === 'sqlite' ? sqliteRowWriter(raw, listId) : postgresRowWriter(raw.pool, listId);
}

/**
 * Rows a SQLite transaction takes: enough that commits (each rewrites the pages it touched into the
 * WAL) are few, small enough that the write lock is held for a few tens of milliseconds.
 */
const SQLITE_ROWS_PER_TRANSACTION = 10_000;

function sqliteRowWriter(raw: SqliteRaw, listId: string): ParticipantRowWriter {
  const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
  let many: Statement | undefined;
  let one: Statement | undefined;
  const params: (string | number | null)[] = new Array(COLUMNS.length * ROWS_PER_STATEMENT);
  let pending: ParticipantRow[] = [];
  const flush = async (): Promise<void> => {
    const rows = pending;
    pending = [];
    if (rows.length === 0) return;
    await sqliteWrite(raw, (db) => {
      many ??= db.prepare(`INSERT INTO "Participant" (${COLUMN_LIST}) VALUES ${Array.from({ length: ROWS_PER_STATEMENT }, () => placeholders).join(', ')}`);
      one ??= db.prepare(`INSERT INTO "Participant" (${COLUMN_LIST}) VALUES ${placeholders}`);
      let i = 0;
      for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
        for (let r = 0; r < ROWS_PER_STATEMENT; r++) fill(params, r * COLUMNS.length, listId, rows[i + r]!);
        many.run(params);
      }
      for (; i < rows.length; i++) one.run(values(listId, rows[i]!));
    });
    // let other work (requests, timers) run between transactions
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  return {
    async write(rows) {
      for (const r of rows) pending.push(r);
      if (pending.length >= SQLITE_ROWS_PER_TRANSACTION) await flush();
    },
    finish: flush,
    async abort() {
      pending = [];
    },
  };
}

/** A value in PostgreSQL's COPY text format. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

function postgresRowWriter(pool: pg.Pool, listId: string): ParticipantRowWriter {
  let client: pg.PoolClient | undefined;
  let stream: ReturnType<typeof copyFrom> | undefined;
  let failure: Error | undefined;
  const open = async (): Promise<ReturnType<typeof copyFrom>> => {
    if (stream) return stream;
    client = await pool.connect();
    stream = client.query(copyFrom(`COPY "Participant" (${COLUMN_LIST}) FROM STDIN`));
    stream.on('error', (error: Error) => {
      failure ??= error;
    });
    return stream;
  };
  const release = (error?: Error): void => {
    client?.release(error);
    client = undefined;
  };
  return {
    async write(rows) {
      if (rows.length === 0) return;
      const s = await open();
      if (failure) throw failure;
      let text = '';
      for (const p of rows) text += `${values(listId, p).map(copyField).join('\t')}\n`;
      if (!s.write(text)) await Promise.race([once(s, 'drain'), once(s, 'error').then(([e]) => Promise.reject(e as Error))]);
    },
    async finish() {
      if (!stream) return;
      try {
        stream.end();
        await finished(stream);
        if (failure) throw failure;
        release();
      } catch (error) {
        release(error as Error);
        throw error;
      }
    },
    async abort(error) {
      if (!stream) return;
      // destroying the stream makes pg-copy-streams send CopyFail: the server rolls the COPY back
      stream.destroy(error);
      await finished(stream).catch(() => undefined);
      release();
    },
  };
}

/** Deletes the rows of a list in slices (SQLite: short transactions, so other writers get their turn). */
export async function deleteParticipantRows(raw: RawDatabase, listId: string): Promise<void> {
  if (raw.provider === 'postgresql') {
    await raw.pool.query('DELETE FROM "Participant" WHERE "listId" = $1', [listId]);
    return;
  }
  for (;;) {
    const changes = await sqliteWrite(raw, (db) => db.prepare('DELETE FROM "Participant" WHERE "listId" = ? AND "rowNo" IN (SELECT "rowNo" FROM "Participant" WHERE "listId" = ? LIMIT 20000)').run(listId, listId).changes);
    if (changes === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** A stored row as the drivers return it in array mode, in SELECT's column order. */
type StoredRow = [rowNo: number, nik: string, noKk: string | null, nama: string, tanggalLahir: string, jenisKelamin: string, hubunganKeluarga: string | null, alamat: string | null, kecamatan: string | null, kabupatenKota: string | null, perangkatDaerah: string | null, gaji: number | null];

function toParticipant(r: StoredRow): ParticipantRow {
  return {
    row: r[0],
    nik: r[1],
    noKk: r[2] ?? undefined,
    nama: r[3],
    tanggalLahir: r[4],
    jenisKelamin: r[5] as Sex,
    hubunganKeluarga: r[6] ?? undefined,
    alamat: r[7] ?? undefined,
    kecamatan: r[8] ?? undefined,
    kabupatenKota: r[9] ?? undefined,
    perangkatDaerah: r[10] ?? undefined,
    gaji: r[11] ?? undefined,
  };
}

/**
 * ORDER BY of each approval order, in code point order on both databases (SQLite's BINARY collation;
 * PostgreSQL's "C"), ties broken by NIK as approveWithinQuota does.
 */
function orderBy(order: ApprovalOrder, c: string): string {
  switch (order) {
    case 'file':
      return '"rowNo"';
    case 'nama':
      return `"nama"${c}, "nik"${c}`;
    case 'nik':
      return `"nik"${c}`;
    case 'tanggal-lahir':
      return `"tanggalLahir"${c}, "nik"${c}`;
  }
}

const SELECT = `SELECT "rowNo", "nik", "noKk", "nama", "tanggalLahir", "jenisKelamin", "hubunganKeluarga", "alamat", "kecamatan", "kabupatenKota", "perangkatDaerah", "gaji" FROM "Participant"`;

/**
 * Rows an approval reads and claims at a time. SQLite: large, because the claims land at random places
 * of the NIK register's B-tree and each commit rewrites every page it touched into the WAL (5,000 a
 * commit wrote gigabytes for a million rows); 25,000 keeps a batch within a few tens of MB.
 * PostgreSQL: fewer commits (each waits for the WAL to reach the disk) without long statements.
 */
export function approvalBatchSize(raw: RawDatabase): number {
  return raw.provider === 'sqlite' ? 25_000 : 20_000;
}

/** The rows of a list in the approval order, in batches of `batchSize`, streamed from the database. */
export async function* readParticipantRows(raw: RawDatabase, listId: string, order: ApprovalOrder, batchSize = approvalBatchSize(raw)): AsyncGenerator<ParticipantRow[]> {
  if (raw.provider === 'sqlite') {
    const statement = raw.reader().prepare(`${SELECT} WHERE "listId" = ? ORDER BY ${orderBy(order, '')}`).raw(true);
    const rows = statement.iterate(listId) as IterableIterator<StoredRow>;
    try {
      for (;;) {
        const batch: ParticipantRow[] = [];
        for (let next = rows.next(); !next.done; next = rows.next()) {
          batch.push(toParticipant(next.value));
          if (batch.length >= batchSize) break;
        }
        if (batch.length === 0) return;
        yield batch;
        if (batch.length < batchSize) return;
      }
    } finally {
      rows.return?.();
    }
  }
  const client = await raw.pool.connect();
  let failed: Error | undefined;
  let inTransaction = false;
  try {
    await client.query('BEGIN READ ONLY');
    inTransaction = true;
    await client.query(`DECLARE participant_rows NO SCROLL CURSOR FOR ${SELECT} WHERE "listId" = $1 ORDER BY ${orderBy(order, ' COLLATE "C"')}`, [listId]);
    for (;;) {
      const { rows } = await client.query<StoredRow>({ text: `FETCH ${batchSize} FROM participant_rows`, rowMode: 'array' });
      if (rows.length === 0) break;
      yield rows.map(toParticipant);
      if (rows.length < batchSize) break;
    }
    await client.query('COMMIT');
    inTransaction = false;
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    if (inTransaction && failed === undefined) {
      // the caller stopped early (quota full): end the read transaction before handing the connection back
      await client.query('ROLLBACK').catch(() => undefined);
    }
    client.release(failed);
  }
}
