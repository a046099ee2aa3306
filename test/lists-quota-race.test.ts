/**
 * The quota of a program year under concurrency (issue 9, item 2): two lists of 30,000 for pbpu-pemda
 * against a quota of 54,000 approve exactly 54,000 overall — one after the other, and when two
 * approvals in two separate processes race — on SQLite and on PostgreSQL.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { approveParticipantList } from '../src/use-cases/approve-participant-list.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { importParticipantList } from '../src/use-cases/import-participant-list.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';
import { programsWithCapacity, programsYamlWithCapacity } from './support/programs.ts';
import { runWorker } from './support/run-db-worker.ts';

const NTT = 'prov-ntt';
const QUOTA = 54_000;
const LIST = 30_000;
const at = { now: () => new Date('2025-06-02T03:00:00Z') };
const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-quota-race-'));
const programsFile = path.join(dir, 'programs.yaml');
let listA: string;
let listB: string;

beforeAll(async () => {
  writeFileSync(programsFile, programsYamlWithCapacity(QUOTA));
  listA = path.join(dir, 'kupang.csv');
  listB = path.join(dir, 'tts.csv');
  // different kabupaten, so no NIK is in both lists
  await writeRosterCsv(listA, { seed: 1, count: LIST, program: 'pbpu-pemda', regionPrefix: '5371' });
  await writeRosterCsv(listB, { seed: 2, count: LIST, program: 'pbpu-pemda', regionPrefix: '5302' });
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(databases)('the quota of a program year on $provider', ({ provider }) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    await createUser(db, { username: 'perancang', displayName: 'Perancang', password: 'kata-sandi-uji-123', roles: ['drafter'], regions: [NTT], actor: 'uji' });
    await createUser(db, { username: 'penyetuju', displayName: 'Penyetuju', password: 'kata-sandi-uji-123', roles: ['approver'], regions: [NTT], actor: 'uji' });
  }, 60_000);
  afterAll(async () => db?.dispose());

  async function importBoth(year: number): Promise<[string, string]> {
    const a = await importParticipantList(db, { file: listA, program: 'pbpu-pemda', year, username: 'perancang' }, at);
    const b = await importParticipantList(db, { file: listB, program: 'pbpu-pemda', year, username: 'perancang' }, at);
    expect([a.report.accepted, b.report.accepted]).toEqual([LIST, LIST]);
    return [a.listId, b.listId];
  }

  /** Everything that must add up to the quota, from the database and the frozen files. */
  async function totals(year: number, ids: readonly string[]) {
    const lists = await db.prisma.participantList.findMany({ where: { id: { in: [...ids] } } });
    const frozenLines = lists.map((l) => readFileSync(path.join(db.dataDir, 'daftar', `${l.contentHash}.csv`), 'utf8').trimEnd().split('\n').length - 1);
    return {
      statuses: lists.map((l) => l.status),
      approved: lists.reduce((s, l) => s + l.approvedCount, 0),
      outside: lists.reduce((s, l) => s + l.outsideQuota, 0),
      frozen: frozenLines.reduce((s, n) => s + n, 0),
      claimed: await db.prisma.approvedNik.count({ where: { program: 'pbpu-pemda', year } }),
      ledger: (await db.prisma.quotaLedger.findUniqueOrThrow({ where: { program_year: { program: 'pbpu-pemda', year } } })).used,
      perList: lists.map((l) => l.approvedCount).sort((x, y) => x - y),
    };
  }

  it('approves exactly 54,000 of 60,000 when the two lists are approved one after the other', async () => {
    const ids = await importBoth(2024);
    const programConfig = programsWithCapacity(QUOTA);
    const first = await approveParticipantList(db, { listId: ids[0], username: 'penyetuju', programConfig, dataDir: db.dataDir }, at);
    const second = await approveParticipantList(db, { listId: ids[1], username: 'penyetuju', programConfig, dataDir: db.dataDir }, at);
    expect([first.approved, first.outsideQuota, second.quotaLeft, second.approved, second.outsideQuota]).toEqual([LIST, 0, QUOTA - LIST, QUOTA - LIST, 2 * LIST - QUOTA]);
    expect(await totals(2024, ids)).toEqual({ statuses: ['approved', 'approved'], approved: QUOTA, outside: 6000, frozen: QUOTA, claimed: QUOTA, ledger: QUOTA, perList: [QUOTA - LIST, LIST] });
  }, 120_000);

  it('approves exactly 54,000 when two processes approve the two lists at the same moment', async () => {
    const ids = await importBoth(2025);
    const barrier = path.join(dir, `barrier-${provider}`);
    mkdirSync(barrier);
    const runs = await Promise.all(ids.map((id) => runWorker(['approve', db.databaseUrl, barrier, '2', db.dataDir, id, 'penyetuju', programsFile])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const results = runs.map((r) => JSON.parse(r.stdout.trim().split('\n').pop()!) as { approved: number; outsideQuota: number; quotaLeft: number });
    expect(results.map((r) => r.approved).sort((x, y) => x - y)).toEqual([QUOTA - LIST, LIST]);
    expect(results.map((r) => r.quotaLeft).sort((x, y) => x - y)).toEqual([QUOTA - LIST, QUOTA]);
    expect(await totals(2025, ids)).toEqual({ statuses: ['approved', 'approved'], approved: QUOTA, outside: 6000, frozen: QUOTA, claimed: QUOTA, ledger: QUOTA, perList: [QUOTA - LIST, LIST] });
  }, 180_000);
});
