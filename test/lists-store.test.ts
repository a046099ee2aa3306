/**
 * Stored participant lists on SQLite and PostgreSQL: the bulk import (rows streamed in, report bounded,
 * idempotent with a caller's id), the separation of duties (who imports, who approves, in which
 * region; a refusal writes nothing), the quota per program year across lists, the register of approved
 * NIKs, the release of an abandoned approval, and the frozen list matching the documented hash.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveWithinQuota, hashApprovedList } from '../src/participants/approve-within-quota.ts';
import { writeRosterCsv } from '../src/participants/generate-roster.ts';
import { approveParticipantList, releaseAbandonedApprovals } from '../src/use-cases/approve-participant-list.ts';
import { checkParticipants } from '../src/use-cases/check-participants.ts';
import { createUser } from '../src/use-cases/create-user.ts';
import { importParticipantList } from '../src/use-cases/import-participant-list.ts';
import { showParticipantList } from '../src/use-cases/show-participant-list.ts';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.ts';
import { programsWithCapacity } from './support/programs.ts';

const NTT = 'prov-ntt';
const BEKASI = 'Kota Bekasi';
const PASSWORD = 'kata-sandi-uji-123';
const NOW = new Date('2025-06-02T03:00:00Z');
const at = { now: () => NOW };
const dir = mkdtempSync(path.join(os.tmpdir(), 'naskah-lists-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = programsWithCapacity;

async function roster(name: string, count: number, seed: number, regionPrefix: string): Promise<string> {
  const file = path.join(dir, name);
  await writeRosterCsv(file, { seed, count, program: 'pbpu-pemda', regionPrefix });
  return file;
}

function frozenRows(dataDir: string, listFile: string): string[] {
  return readFileSync(path.join(dataDir, listFile), 'utf8').trimEnd().split('\n').slice(1);
}

describe.each(databases)('stored participant lists on $provider', ({ provider }) => {
  let db: TestDatabase;
  let small: string;
  let other: string;

  beforeAll(async () => {
    db = await openTestDatabase(provider);
    const user = (username: string, roles: string[], regions: string[]) => createUser(db, { username, displayName: username, password: PASSWORD, roles, regions, actor: 'uji' });
    await user('perancang', ['drafter'], [NTT]);
    await user('perancang.dua', ['drafter'], [NTT, BEKASI]);
    await user('perancang.tanpa', ['drafter'], []);
    await user('penyetuju', ['approver'], [NTT]);
    await user('penyetuju.bekasi', ['approver'], [BEKASI]);
    await user('perancang.penyetuju', ['drafter', 'approver'], [NTT]);
    await user('arsip', ['archivist'], [NTT]);
    small = await roster(`kecil-${provider}.csv`, 1200, 7, '5371');
    other = await roster(`lain-${provider}.csv`, 900, 8, '5303');
  }, 120_000);
  afterAll(async () => db?.dispose());

  const snapshot = async () => ({
    lists: await db.prisma.participantList.findMany({ orderBy: { id: 'asc' } }),
    ledger: await db.prisma.quotaLedger.findMany(),
    claims: await db.prisma.approvedNik.count(),
    events: await db.prisma.auditEvent.count(),
  });

  it('imports in bulk: every accepted row stored with its columns, rejected rows not, the region and an audit event recorded', async () => {
    const file = path.join(dir, `campur-${provider}.csv`);
    writeFileSync(file, readFileSync(small, 'utf8'));
    // a duplicate of row 2 and an impossible date: rejected, not stored
    const first = readFileSync(small, 'utf8').split('\n')[1]!;
    appendFileSync(file, `${first}\n5371012403800001,,Tanggal Salah,31-02-1980,L,,,,\n`);
    const r = await importParticipantList(db, { file, program: 'pbpu-pemda', year: 2025, username: 'perancang' }, at);
    expect(r.report).toMatchObject({ total: 1202, accepted: 1200, rejected: 2 });
    expect(r.region).toBe(NTT);
    const list = await db.prisma.participantList.findUniqueOrThrow({ where: { id: r.listId } });
    expect(list).toMatchObject({ status: 'checked', region: NTT, total: 1202, accepted: 1200, leaseToken: null });
    expect(await db.prisma.participant.count({ where: { listId: r.listId } })).toBe(1200);
    const { participants } = await checkParticipants({ file: small, program: 'pbpu-pemda', collectAccepted: true });
    const stored = await db.prisma.participant.findMany({ where: { listId: r.listId }, orderBy: { rowNo: 'asc' }, take: 3 });
    for (const [i, s] of stored.entries()) {
      const p = participants![i]!;
      expect(s).toMatchObject({ rowNo: p.row, nik: p.nik, noKk: p.noKk ?? null, nama: p.nama, tanggalLahir: p.tanggalLahir, jenisKelamin: p.jenisKelamin, hubunganKeluarga: p.hubunganKeluarga ?? null, alamat: p.alamat ?? null, kabupatenKota: p.kabupatenKota ?? null });
    }
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'list.imported' }, orderBy: { seq: 'desc' } });
    expect(JSON.parse(event.detailsJson)).toMatchObject({ listId: r.listId, region: NTT, accepted: 1200, rejected: 2 });
  });

  it('refuses an importer without a region, with a region not theirs, or with several and none named — and writes nothing', async () => {
    const before = await snapshot();
    await expect(importParticipantList(db, { file: small, program: 'pbpu-pemda', year: 2025, username: 'perancang.tanpa' }, at)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('belum ditetapkan ke wilayah') });
    await expect(importParticipantList(db, { file: small, program: 'pbpu-pemda', year: 2025, username: 'perancang', region: BEKASI }, at)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(`tidak bertugas di wilayah "${BEKASI}"`) });
    await expect(importParticipantList(db, { file: small, program: 'pbpu-pemda', year: 2025, username: 'perancang.dua' }, at)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('--region') });
    await expect(importParticipantList(db, { file: small, program: 'pbpu-pemda', year: 2025, username: 'arsip' }, at)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await snapshot()).toEqual(before);
    const chosen = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2024, username: 'perancang.dua', region: BEKASI }, at);
    expect((await db.prisma.participantList.findUniqueOrThrow({ where: { id: chosen.listId } })).region).toBe(BEKASI);
  });

  it('is idempotent under a caller-chosen id: a repeated import returns the stored list, an abandoned one starts again without duplicating rows', async () => {
    const listId = crypto.randomUUID();
    const first = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2023, username: 'perancang', listId }, at);
    const again = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2023, username: 'perancang', listId }, at);
    expect(again).toEqual(first);
    expect(await db.prisma.participant.count({ where: { listId } })).toBe(900);
    // An import whose process died midway: "importing", a stale heartbeat, some rows already stored.
    const crashed = crypto.randomUUID();
    const creator = await db.prisma.user.findUniqueOrThrow({ where: { username: 'perancang' } });
    await db.prisma.participantList.create({ data: { id: crashed, program: 'pbpu-pemda', year: 2023, region: NTT, fileName: 'lain.csv', status: 'importing', total: 0, accepted: 0, rejected: 0, reportJson: '{}', createdById: creator.id, leaseToken: 'mati', heartbeatAt: new Date(Date.now() - 120_000) } });
    await db.prisma.participant.createMany({ data: [2, 3, 4].map((rowNo) => ({ listId: crashed, rowNo, nik: `53710124038000${rowNo}0`, nama: 'Sisa', tanggalLahir: '1980-03-24', jenisKelamin: 'L' })) });
    const resumed = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2023, username: 'perancang', listId: crashed }, at);
    expect(resumed.report.accepted).toBe(900);
    expect(await db.prisma.participant.count({ where: { listId: crashed } })).toBe(900);
    expect(await db.prisma.participant.count({ where: { listId: crashed, nama: 'Sisa' } })).toBe(0);
    // one still alive is not taken over
    await db.prisma.participantList.update({ where: { id: crashed }, data: { status: 'importing', leaseToken: 'hidup', heartbeatAt: new Date() } });
    await expect(importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2023, username: 'perancang', listId: crashed }, at)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lets only an approver of the list region who did not import it approve; every refusal writes nothing', async () => {
    const { listId } = await importParticipantList(db, { file: small, program: 'pbpu-pemda', year: 2022, username: 'perancang.penyetuju' }, at);
    const input = (username: string) => ({ listId, username, programConfig: config(100_000), dataDir: db.dataDir });
    const before = await snapshot();
    await expect(approveParticipantList(db, input('perancang.penyetuju'), at)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('pemisahan tugas') });
    await expect(approveParticipantList(db, input('perancang'), at)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('approver') });
    await expect(approveParticipantList(db, input('penyetuju.bekasi'), at)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining(`milik wilayah "${NTT}"`) });
    await expect(approveParticipantList(db, input('admin-tidak-ada'), at)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await snapshot()).toEqual(before);
  });

  it('holds the quota of the program year across lists: the second approval takes only what is left and lists the rest outside; the frozen lists carry the documented hash', async () => {
    const programConfig = config(1500);
    const a = await importParticipantList(db, { file: small, program: 'pbpu-pemda', year: 2025, username: 'perancang', fileName: 'a.csv' }, at);
    // (the first import test stored the same rows for 2025 too: approve that one first)
    const firstList = (await db.prisma.participantList.findFirstOrThrow({ where: { year: 2025, status: 'checked', region: NTT, NOT: { id: a.listId } } })).id;
    const b = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2025, username: 'perancang', fileName: 'b.csv' }, at);

    const r1 = await approveParticipantList(db, { listId: firstList, username: 'penyetuju', programConfig, dataDir: db.dataDir, order: 'nama' }, at);
    expect(r1).toMatchObject({ capacity: 1500, quotaLeft: 1500, approved: 1200, outsideQuota: 0, alreadyApproved: 0 });
    const { participants } = await checkParticipants({ file: small, program: 'pbpu-pemda', collectAccepted: true });
    const expected = approveWithinQuota(participants!, 1500, 'nama');
    expect(r1.contentHash).toBe(expected.contentHash);
    expect(r1.contentHash).toBe(hashApprovedList(expected.approved));
    const lines = frozenRows(db.dataDir, r1.listFile);
    expect(lines.length).toBe(1200);
    expect(lines[0]!.split(',')[0]).toBe(expected.approved[0]!.nik);

    // the same rows again (list a): every NIK already taken by the first list, none counts against the quota
    const ra = await approveParticipantList(db, { listId: a.listId, username: 'penyetuju', programConfig, dataDir: db.dataDir }, at);
    expect(ra).toMatchObject({ quotaLeft: 300, approved: 0, alreadyApproved: 1200, outsideQuota: 0 });

    // list b: the 300 that list a reserved and gave back
    const rb = await approveParticipantList(db, { listId: b.listId, username: 'penyetuju', programConfig, dataDir: db.dataDir, order: 'file' }, at);
    expect(rb).toMatchObject({ capacity: 1500, quotaLeft: 300, approved: 300, outsideQuota: 600, alreadyApproved: 0 });
    expect(rb.outsideQuotaFirst).toHaveLength(600);
    const bRows = (await checkParticipants({ file: other, program: 'pbpu-pemda', collectAccepted: true })).participants!;
    expect(rb.outsideQuotaFirst[0]).toEqual({ row: bRows[300]!.row, nik: bRows[300]!.nik, nama: bRows[300]!.nama });
    expect(rb.contentHash).toBe(approveWithinQuota(bRows, 300, 'file').contentHash);
    expect(rb.iuran).toMatchObject({ jumlahPeserta: 300, tarifBulanan: 42_000, bulan: 12, total: 300 * 42_000 * 12 });

    expect(await db.prisma.approvedNik.count({ where: { program: 'pbpu-pemda', year: 2025 } })).toBe(1500);
    expect((await db.prisma.quotaLedger.findUniqueOrThrow({ where: { program_year: { program: 'pbpu-pemda', year: 2025 } } })).used).toBe(1500);
    const shown = await showParticipantList(db, b.listId);
    expect(shown).toMatchObject({ status: 'approved', approved: 300, outsideQuota: 600, approvedBy: 'penyetuju', importedBy: 'perancang', listFile: rb.listFile });
    await expect(approveParticipantList(db, { listId: b.listId, username: 'penyetuju', programConfig, dataDir: db.dataDir }, at)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    // A new import sees the approved NIKs.
    const again = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2025, username: 'perancang' }, at);
    expect(again.report).toMatchObject({ accepted: 600, rejected: 300 });
    expect(new Set(again.report.issues.map((i) => i.code))).toEqual(new Set(['NIK_ALREADY_APPROVED']));
  });

  it('releases an approval whose process died (stale lease): its claims and reservation come back, then the list approves normally', async () => {
    const programConfig = config(500);
    const { listId } = await importParticipantList(db, { file: other, program: 'pbpu-pemda', year: 2021, username: 'perancang' }, at);
    // What a crash midway leaves: "approving", 400 reserved in the ledger, 50 NIKs claimed, no heartbeat for minutes.
    await db.prisma.quotaLedger.create({ data: { program: 'pbpu-pemda', year: 2021, used: 400 } });
    await db.prisma.participantList.update({ where: { id: listId }, data: { status: 'approving', reserved: 400, leaseToken: 'mati', heartbeatAt: new Date(Date.now() - 5 * 60_000) } });
    const rows = await db.prisma.participant.findMany({ where: { listId }, orderBy: { rowNo: 'asc' }, take: 50 });
    await db.prisma.approvedNik.createMany({ data: rows.map((r) => ({ program: 'pbpu-pemda', year: 2021, nik: r.nik, listId })) });

    expect(await releaseAbandonedApprovals(db, 'uji')).toEqual([listId]);
    expect(await db.prisma.participantList.findUniqueOrThrow({ where: { id: listId } })).toMatchObject({ status: 'checked', reserved: 0, leaseToken: null });
    expect((await db.prisma.quotaLedger.findUniqueOrThrow({ where: { program_year: { program: 'pbpu-pemda', year: 2021 } } })).used).toBe(0);
    expect(await db.prisma.approvedNik.count({ where: { listId } })).toBe(0);
    const released = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'list.approval-released' }, orderBy: { seq: 'desc' } });
    expect(JSON.parse(released.detailsJson)).toMatchObject({ listId, reserved: 400, reason: 'abandoned' });

    const r = await approveParticipantList(db, { listId, username: 'penyetuju', programConfig, dataDir: db.dataDir }, at);
    expect(r).toMatchObject({ approved: 500, outsideQuota: 400 });
    expect((await db.prisma.quotaLedger.findUniqueOrThrow({ where: { program_year: { program: 'pbpu-pemda', year: 2021 } } })).used).toBe(500);
  });
});
