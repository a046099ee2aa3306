/**
 * `naskah lists import <file> --program … --year … --as <user> [--region …]` (check every row and store
 * the list), `naskah lists approve <listId> --as <approver> [--order file|nama|nik|tanggal-lahir]`
 * (approve within the quota of the program year and freeze the list), `naskah lists show <listId>
 * [--json]`. Thin adapters over the list use cases.
 */
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { formatRupiah } from '../../format/indonesian.ts';
import type { ApprovalOrder } from '../../participants/approve-within-quota.ts';
import { PROGRAMS, type ProgramId } from '../../participants/program-schemas.ts';
import { approveParticipantList } from '../../use-cases/approve-participant-list.ts';
import { importParticipantList } from '../../use-cases/import-participant-list.ts';
import { showParticipantList } from '../../use-cases/show-participant-list.ts';
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
    .option('--region <wilayah>', 'wilayah daftar, bila pengguna bertugas di beberapa wilayah')
    .option('--quiet', 'tanpa kemajuan')
    .action(async (file: string, opts: { program: string; year: string; as: string; region?: string; quiet?: boolean }) => {
      if (!(opts.program in PROGRAMS)) throw new AppError('USAGE', `Program "${opts.program}" tidak dikenal; pilih ${Object.keys(PROGRAMS).join(' atau ')}.`);
      const year = Number(opts.year);
      if (!Number.isInteger(year)) throw new AppError('USAGE', `--year ${opts.year} bukan tahun.`);
      const services = await ctx.services();
      const progress = createProgress({ label: 'impor', unit: 'baris', quiet: opts.quiet === true, stream: ctx.stderr });
      const { listId, region, report, issueCount } = await importParticipantList(services.db, {
        file,
        program: opts.program as ProgramId,
        year,
        username: opts.as,
        region: opts.region,
        onProgress: (rows) => progress.report(rows),
      });
      progress.finish();
      ctx.stdout.write(`Daftar ${listId} (${region}): ${report.total} baris, ${report.accepted} diterima, ${report.rejected} ditolak.\n`);
      const shown = report.issues.slice(0, 20);
      for (const i of shown) ctx.stdout.write(`  baris ${i.row}${i.column ? ` ${i.column}` : ''}: ${i.code} ${i.message}\n`);
      if (issueCount > shown.length) ctx.stdout.write(`  … dan ${issueCount - shown.length} catatan lain ("naskah lists show ${listId} --json")\n`);
      ctx.setExitCode(report.rejected > 0 ? 1 : 0);
    });
  lists
    .command('approve')
    .description('Setujui baris yang diterima sampai kuota tahun program; bekukan daftar dengan hash isinya')
    .argument('<listId>', 'id daftar')
    .requiredOption('--as <pengguna>', 'pengguna penyetuju (peran approver, bukan pengimpor daftar)')
    .option('--order <urutan>', `urutan pengambilan: ${ORDERS.join(' | ')}`, 'file')
    .option('--quiet', 'tanpa kemajuan')
    .action(async (listId: string, opts: { as: string; order: string; quiet?: boolean }) => {
      if (!ORDERS.includes(opts.order as ApprovalOrder)) throw new AppError('USAGE', `--order harus salah satu dari ${ORDERS.join(', ')}.`);
      const services = await ctx.services();
      const progress = createProgress({ label: 'setujui', unit: 'baris', quiet: opts.quiet === true, stream: ctx.stderr });
      const r = await approveParticipantList(services.db, {
        listId,
        username: opts.as,
        order: opts.order as ApprovalOrder,
        programConfig: services.programConfig(),
        dataDir: services.config.dataDir,
        onProgress: (taken, reserved) => progress.report(taken, reserved),
        fileStore: services.fileStore,
      });
      progress.finish();
      ctx.stdout.write(`Kuota tahun program ${r.capacity} orang, tersisa ${r.quotaLeft}; disetujui ${r.approved}; di luar kuota ${r.outsideQuota}.\n`);
      if (r.alreadyApproved > 0) ctx.stdout.write(`Sudah disetujui di daftar lain tahun program ini (dilewati): ${r.alreadyApproved}.\n`);
      ctx.stdout.write(`Hash daftar: ${r.contentHash}\nBerkas beku: ${r.listFile} (pakai sebagai sumber.peserta.berkas)\n`);
      ctx.stdout.write(`Iuran: ${r.iuran.jumlahPeserta} × ${formatRupiah(r.iuran.tarifBulanan)} × ${r.iuran.bulan} bulan = ${formatRupiah(r.iuran.total)}\n`);
      for (const o of r.outsideQuotaFirst.slice(0, 20)) ctx.stdout.write(`  di luar kuota: baris ${o.row} ${o.nik} ${o.nama}\n`);
      if (r.outsideQuota > 20) ctx.stdout.write(`  … dan ${r.outsideQuota - 20} baris lain di luar kuota\n`);
    });
  lists
    .command('show')
    .description('Tampilkan ringkasan dan catatan baris sebuah daftar')
    .argument('<listId>', 'id daftar')
    .option('--json', 'ringkasan JSON dengan jumlah disetujui dan laporan pemeriksaan')
    .action(async (listId: string, opts: { json?: boolean }) => {
      const services = await ctx.services();
      const list = await showParticipantList(services.db, listId);
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      ctx.stdout.write(
        `${list.id} ${list.program} ${list.year} ${list.region ?? '-'} ${list.fileName}: ${list.status}; ${list.total} baris, ${list.accepted} diterima, ${list.rejected} ditolak` +
          `${list.status === 'approved' ? `; disetujui ${list.approved}, di luar kuota ${list.outsideQuota}; hash ${list.contentHash}` : ''}\n`,
      );
    });
}
