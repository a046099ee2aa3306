/**
 * Archive search on SQLite and PostgreSQL over a generated archive of 3,000 issued documents: a NIK
 * found through IssuedNik's index and words through the full-text index (checked with EXPLAIN on the
 * exact SQL), both within the caller's regions; pages by cursor that together give every match once,
 * newest first; the same answers as reading every record.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { archiveSearchSql, searchArchive, searchWords, type ArchiveQuery, type ArchiveRecord } from '../src/archive/search-archive.ts';
import { ARCHIVE_REGIONS, generateArchive } from '../bench/lib/archive-rows.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';

const COUNT = 3000;

describe.each(databases)('archive search on $provider', ({ provider }) => {
  let db: TestDatabase;
  let sampleNiks: readonly string[];
  let all: { documentId: string; date: Date; tentang: string; region: string | null; niks: string[] }[];

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    ({ sampleNiks } = await generateArchive(db, { count: COUNT }));
    if (db.raw.provider === 'postgresql') await db.raw.pool.query('ANALYZE');
    const docs = await db.prisma.issuedDocument.findMany({ include: { niks: true } });
    all = docs.map((d) => ({ documentId: d.documentId, date: d.date, tentang: d.tentang, region: d.region, niks: d.niks.map((n) => n.nik) }));
  }, 180_000);
  afterAll(async () => db?.dispose());

  /** Reading every record: what the indexed search must agree with. */
  function expected(filter: (d: (typeof all)[number]) => boolean): string[] {
    return all
      .filter(filter)
      .sort((a, b) => b.date.getTime() - a.date.getTime() || (a.documentId < b.documentId ? 1 : -1))
      .map((d) => d.documentId);
  }

  /**
   * The plan of the exact SQL. PostgreSQL rightly reads a 3,000-row table whole when that is cheaper,
   * so there the question is whether the query *can* go through the index: with sequential scans
   * priced out, a predicate the index cannot serve would still show one.
   */
  async function plan(query: ArchiveQuery, withoutSeqScan = false): Promise<string> {
    const sql = archiveSearchSql(provider, query);
    if (db.raw.provider === 'sqlite') {
      const rows = db.raw.reader().prepare(`EXPLAIN QUERY PLAN ${sql.sql}`).all(...(sql.params as unknown[])) as { detail: string }[];
      return rows.map((r) => r.detail).join('\n');
    }
    const client = await db.raw.pool.connect();
    try {
      await client.query('BEGIN');
      if (withoutSeqScan) await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query(`EXPLAIN ${sql.sql}`, sql.params);
      return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  async function everyPage(query: ArchiveQuery): Promise<{ ids: string[]; totals: number[]; pages: number }> {
    const ids: string[] = [];
    const totals: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchArchive(db, { ...query, cursor });
      ids.push(...page.records.map((r: ArchiveRecord) => r.documentId));
      if (page.total !== null) totals.push(page.total);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 1000);
    return { ids, totals, pages };
  }

  it('finds a NIK through the IssuedNik index, never reading every issued document', async () => {
    const nik = sampleNiks[3]!;
    const page = await searchArchive(db, { nik });
    expect(page.records.map((r) => r.documentId)).toEqual(expected((d) => d.niks.includes(nik)));
    expect(page.total).toBeGreaterThan(0);
    const p = await plan({ nik });
    expect(p).toContain('IssuedNik_nik_idx');
    if (provider === 'sqlite') expect(p).not.toMatch(/SCAN d\b/);
    else expect(p).not.toMatch(/Seq Scan on "IssuedDocument"/);
    // with the other filters too
    const mixed = await plan({ nik, text: 'jaminan', year: 2024, regions: ['Kota Bekasi'] });
    expect(mixed).toContain('IssuedNik_nik_idx');
  });

  it('finds words through the full-text index: every word must begin a word of the subject, any case', async () => {
    const words = 'STUNTING perce';
    const want = expected((d) => searchWords(words).every((w) => searchWords(d.tentang).some((t) => t.startsWith(w))));
    expect(want.length).toBeGreaterThan(10);
    const { ids, totals } = await everyPage({ text: words, limit: 40 });
    expect(ids).toEqual(want);
    expect(new Set(totals)).toEqual(new Set([want.length]));
    const p = await plan({ text: words }, true);
    if (provider === 'sqlite') {
      expect(p).toMatch(/VIRTUAL TABLE INDEX/);
      expect(p).not.toMatch(/IssuedDocument_date|autoindex_IssuedDocument/);
    } else {
      expect(p).toContain('IssuedDocument_tentangSearch_idx');
      expect(p).not.toMatch(/Seq Scan/);
    }
    expect((await searchArchive(db, { text: 'tidakadakatainidijudul' })).total).toBe(0);
  });

  it('keeps to the regions passed: NIK and words within them, nothing for none', async () => {
    const regions = [ARCHIVE_REGIONS[1]];
    const words = 'bantuan';
    const page = await everyPage({ text: words, regions, limit: 100 });
    expect(page.ids).toEqual(expected((d) => d.region === regions[0] && searchWords(d.tentang).some((t) => t.startsWith('bantuan'))));
    const nik = sampleNiks.find((n) => all.some((d) => d.niks.includes(n) && d.region !== regions[0]))!;
    const scoped = await searchArchive(db, { nik, regions });
    expect(scoped.records.map((r) => r.documentId)).toEqual(expected((d) => d.niks.includes(nik) && d.region === regions[0]));
    expect((await searchArchive(db, { text: words, regions: [] })).total).toBe(0);
  });

  it('pages by cursor through the whole archive newest first: every record exactly once, with the other filters', async () => {
    const { ids, totals, pages } = await everyPage({ limit: 500 });
    expect(pages).toBe(Math.ceil(COUNT / 500));
    expect(ids).toEqual(expected(() => true));
    expect(new Set(totals)).toEqual(new Set([COUNT]));
    const year = await everyPage({ year: 2023, kind: 'arsip-uji', number: '/kep/', limit: 77 });
    expect(year.ids).toEqual(expected((d) => d.date.getUTCFullYear() === 2023));
  });

  it('naskah archive search pages with --limit and --cursor, and --as keeps to that user\'s regions', async () => {
    await createUser(db, { username: 'arsip.bekasi', displayName: 'Arsiparis Bekasi', password: 'kata-sandi-uji-123', roles: ['archivist'], regions: [ARCHIVE_REGIONS[1]], actor: 'uji' });
    process.env.NASKAH_DATA_DIR = db.dataDir;
    process.env.DATABASE_URL = db.databaseUrl;
    const cli = async (args: string[]): Promise<{ code: number; stdout: string }> => {
      let stdout = '';
      const out = new Writable({ write: (c, _e, done) => ((stdout += String(c)), done()) });
      const code = await main(args, { stdout: out, stderr: new Writable({ write: (_c, _e, done) => done() }) });
      return { code, stdout };
    };
    try {
      const first = await cli(['archive', 'search', '--text', 'bantuan', '--limit', '7', '--json']);
      expect(first.code).toBe(0);
      const page1 = JSON.parse(first.stdout) as { total: number; records: { documentId: string }[]; nextCursor: string };
      const want = expected((d) => searchWords(d.tentang).some((t) => t.startsWith('bantuan')));
      expect(page1.total).toBe(want.length);
      const second = JSON.parse((await cli(['archive', 'search', '--text', 'bantuan', '--limit', '7', '--cursor', page1.nextCursor, '--json'])).stdout) as { records: { documentId: string }[] };
      expect([...page1.records, ...second.records].map((r) => r.documentId)).toEqual(want.slice(0, 14));
      const text = await cli(['archive', 'search', '--text', 'bantuan', '--limit', '3']);
      expect(text.stdout).toContain(`Kursor berikutnya: `);
      const scoped = JSON.parse((await cli(['archive', 'search', '--text', 'bantuan', '--as', 'arsip.bekasi', '--limit', '500', '--json'])).stdout) as { total: number; records: { region: string }[] };
      expect(scoped.total).toBe(expected((d) => d.region === ARCHIVE_REGIONS[1] && searchWords(d.tentang).some((t) => t.startsWith('bantuan'))).length);
      expect(new Set(scoped.records.map((r) => r.region))).toEqual(new Set([ARCHIVE_REGIONS[1]]));
    } finally {
      delete process.env.DATABASE_URL;
    }
  });

  it('refuses a cursor it did not write, and words without letters or digits', async () => {
    await expect(searchArchive(db, { cursor: 'bukan-kursor' })).rejects.toMatchObject({ code: 'USAGE', location: { field: 'cursor' } });
    await expect(searchArchive(db, { text: '*** ""' })).rejects.toMatchObject({ code: 'USAGE', location: { field: 'text' } });
  });
});
