/**
 * `naskah lists import <file> --program … --year … --as <user>` (check every row and store the list),
 * `naskah lists approve <listId> --as <user> [--order file|nama|nik|tanggal-lahir]` (approve within the
 * quota of the program year and freeze the list), `naskah lists show <listId>`.
 * Thin adapters over approve-participant-list.
 */
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { formatRupiah } from '../../format/indonesian.ts';
import type { ApprovalOrder } from '../../participants/approve-within-quota.ts';
import { PROGRAMS, type ProgramId } from '../../participants/program-schemas.ts';
import { approveParticipantList, importParticipantList } from '../../use-cases/approve-participant-list.ts';
import type { CliContext } from '../cli-context.ts';
import { createProgress } from '../progress.ts';

const ORDERS: readonly ApprovalOrder[] = ['file', 'nama', 'nik', 'tanggal-lahir'];

export function registerListsCommand(program: Command, ctx: CliContext): void {
  const lists = program.command('lists').description('Daftar peserta tersimpan: impor, setujui dalam kuota, lihat');
  lists
    .command('import')
    .description('Periksa dan simpan daftar peserta (CSV/XLSX)')
    .argument('<file>', 'berkas CSV atau XLSX')
    .requiredOption('--program <program>', `program: ${Object.keys(PROGRAMS).join(' | ')}`)
    .requiredOption('--year <tahun>', 'tahun program')
    .requiredOption('--as <pengguna>', 'pengguna perancang')
    .option('--quiet', 'tanpa kemajuan')
    .action(async (file: string, opts: { program: string; year: string; as: string; quiet?: boolean }) => {
      if (!(opts.program in PROGRAMS)) throw new AppError('USAGE', `Program "${opts.program}" tidak dikenal; pilih ${Object.keys(PROGRAMS).join(' atau ')}.`);
      const year = Number(opts.year);
      if (!Number.isInteger(year)) throw new AppError('USAGE', `--year ${opts.year} bukan tahun.`);
      const services = await ctx.services();
      const progress = createProgress({ label: 'periksa', unit: 'baris', quiet: opts.quiet === true, stream: ctx.stderr });
      const { listId, report } = await importParticipantList(services.db, { file, program: opts.program as ProgramId, year, username: opts.as, onProgress: (rows) => progress.report(rows) });
      progress.finish();
      ctx.stdout.write(`Daftar ${listId}: ${report.total} baris, ${report.accepted} diterima, ${report.rejected} ditolak.\n`);
      const shown = report.issues.slice(0, 20);
      for (const i of shown) ctx.stdout.write(`  baris ${i.row}${i.column ? ` ${i.column}` : ''}: ${i.code} ${i.message}\n`);
      if (report.issues.length > shown.length) ctx.stdout.write(`  … dan ${report.issues.length - shown.length} catatan lain ("naskah lists show ${listId}")\n`);
      ctx.setExitCode(report.rejected > 0 ? 1 : 0);
    });
  lists
    .command('approve')
    .description('Setujui baris yang diterima sampai kuota tahun program; bekukan daftar dengan hash isinya')
    .argument('<listId>', 'id daftar')
    .requiredOption('--as <pengguna>', 'pengguna perancang')
    .option('--order <urutan>', `urutan pengambilan: ${ORDERS.join(' | ')}`, 'file')
    .action(async (listId: string, opts: { as: string; order: string }) => {
      if (!ORDERS.includes(opts.order as ApprovalOrder)) throw new AppError('USAGE', `--order harus salah satu dari ${ORDERS.join(', ')}.`);
      const services = await ctx.services();
      const r = await approveParticipantList(services.db, {
        listId,
        username: opts.as,
        order: opts.order as ApprovalOrder,
        programConfig: services.programConfig(),
        dataDir: services.config.dataDir,
      });
      ctx.stdout.write(`Kuota ${r.capacity} orang; disetujui ${r.approved}; di luar kuota ${r.outsideQuota.length}.\n`);
      ctx.stdout.write(`Hash daftar: ${r.contentHash}\nBerkas beku: ${r.listFile} (pakai sebagai sumber.peserta.berkas)\n`);
      ctx.stdout.write(`Iuran: ${r.iuran.jumlahPeserta} × ${formatRupiah(r.iuran.tarifBulanan)} × ${r.iuran.bulan} bulan = ${formatRupiah(r.iuran.total)}\n`);
      for (const o of r.outsideQuota.slice(0, 20)) ctx.stdout.write(`  di luar kuota: baris ${o.row} ${o.nik} ${o.nama}\n`);
    });
  lists
    .command('show')
    .description('Tampilkan ringkasan dan catatan baris sebuah daftar')
    .argument('<listId>', 'id daftar')
    .option('--json', 'laporan JSON lengkap')
    .action(async (listId: string, opts: { json?: boolean }) => {
      const services = await ctx.services();
      const list = await services.db.prisma.participantList.findUnique({ where: { id: listId } });
      if (!list) throw new AppError('NOT_FOUND', `Daftar peserta "${listId}" tidak ditemukan.`);
      if (opts.json) {
        ctx.stdout.write(`${list.reportJson}\n`);
        return;
      }
      ctx.stdout.write(`${list.id} ${list.program} ${list.year} ${list.fileName}: ${list.status}; ${list.total} baris, ${list.accepted} diterima, ${list.rejected} ditolak${list.contentHash ? `; hash ${list.contentHash}` : ''}\n`);
    });
}
