/**
 * `naskah participants check <file> --program …`: checks a participant list, prints a summary in
 * Indonesian, writes the JSON and spreadsheet reports. Exit 0 when every row is accepted, 1 when some
 * row is rejected (or the list has no rows), 2 for usage errors and unreadable files (thrown AppErrors).
 * A thin adapter over the check-participants use case.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';
import { createProgress } from '../progress.ts';
import { AppError } from '../../errors/app-error.ts';
import { checkParticipants } from '../../use-cases/check-participants.ts';
import { PROGRAM_IDS, isProgramId } from '../../participants/program-schemas.ts';
import { computeTkkContributions } from '../../use-cases/compute-tkk-contributions.ts';
import { formatRupiah } from '../../format/indonesian.ts';

interface CheckOptions {
  readonly program: string;
  readonly report?: string;
  readonly xlsxReport?: string;
  readonly quiet?: boolean;
}

const DELIMITER_NAMES: Readonly<Record<string, string>> = { ',': 'koma', ';': 'titik koma', '\t': 'tab' };
const SHOWN_ISSUES = 20;

export function registerParticipantsCommand(program: Command, ctx: CliContext): void {
  const participants = program.command('participants').description('Daftar peserta: pemeriksaan, kuota, iuran');
  participants
    .command('check')
    .description('Periksa setiap baris daftar peserta (CSV atau XLSX) dan tulis laporannya')
    .argument('<file>', 'berkas daftar peserta (.csv atau .xlsx)')
    .requiredOption('--program <program>', `program: ${PROGRAM_IDS.join(' | ')}`)
    .option('--report <file.json>', 'tulis laporan JSON { file, program, total, accepted, rejected, issues }')
    .option('--xlsx-report <file.xlsx>', 'tulis laporan spreadsheet: kolom asli + Status + Keterangan')
    .option('--quiet', 'tanpa tampilan kemajuan')
    .action(async (file: string, options: CheckOptions) => {
      if (!isProgramId(options.program)) {
        throw new AppError('USAGE', `Program "${options.program}" tidak dikenal; gunakan --program ${PROGRAM_IDS.join(' atau --program ')}.`);
      }
      const progress = createProgress({ label: 'Memeriksa', unit: 'baris', quiet: options.quiet === true, stream: ctx.stderr });
      const today = new Date();
      let result;
      try {
        result = await checkParticipants({
          file,
          program: options.program,
          reportPath: options.report,
          xlsxReportPath: options.xlsxReport,
          today: { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() },
          // The summary shows a few; the JSON report file gets every issue, streamed.
          maxIssuesInMemory: SHOWN_ISSUES,
          onProgress: (rows, bytesRead, totalBytes) => {
            // Rows to come are estimated from the share of the file read so far.
            const estimate = bytesRead > 0 && bytesRead < totalBytes ? Math.round((rows * totalBytes) / bytesRead) : rows;
            progress.report(rows, Math.max(rows, estimate));
          },
        });
      } finally {
        progress.finish();
      }
      const { report } = result;
      const out: string[] = [];
      out.push(`Berkas   : ${file} (${result.format.toUpperCase()}${result.delimiter ? `, pemisah ${DELIMITER_NAMES[result.delimiter] ?? result.delimiter}` : ''}${result.encoding === 'windows-1252' ? ', kodean Windows-1252' : ''})`);
      out.push(`Program  : ${report.program}`);
      out.push(`Baris    : ${report.total} (diterima ${report.accepted}, ditolak ${report.rejected}${result.warnings > 0 ? `, peringatan ${result.warnings}` : ''})`);
      const codes = Object.entries(result.byCode).sort((a, b) => b[1] - a[1]);
      if (codes.length > 0) {
        out.push('Masalah per kode:');
        for (const [code, n] of codes) out.push(`  ${code.padEnd(24)} ${n}`);
        out.push(`Masalah pertama${result.issueCount > report.issues.length ? ` (${report.issues.length} dari ${result.issueCount})` : ''}:`);
        for (const issue of report.issues.slice(0, SHOWN_ISSUES)) {
          out.push(`  baris ${issue.row}${issue.column ? `, ${issue.column}` : ''}: ${issue.code}${issue.severity === 'warning' ? ' (peringatan)' : ''}: ${issue.message}`);
        }
      }
      if (options.report) out.push(`Laporan JSON: ${options.report}`);
      if (options.xlsxReport) out.push(`Laporan spreadsheet: ${options.xlsxReport}`);
      if (report.total === 0) out.push('Daftar tidak berisi peserta.');
      else if (report.rejected === 0) out.push('Semua baris diterima.');
      ctx.stdout.write(`${out.join('\n')}\n`);
      ctx.setExitCode(report.rejected > 0 || report.total === 0 ? 1 : 0);
    });

  participants
    .command('iuran')
    .description('Iuran ppu-tkk per Perangkat Daerah (4% pemberi kerja, 1% pekerja) dan ekspor spreadsheet BPJS')
    .argument('<file>', 'daftar TKK (.csv atau .xlsx) program ppu-tkk')
    .requiredOption('--year <tahun>', 'tahun program (UMK dan konfigurasi dari config/programs.yaml)')
    .option('--bpjs-export <file.xlsx>', 'tulis spreadsheet pemberi kerja BPJS Kesehatan (pegawai diikuti anggota keluarganya)')
    .option('--json <file.json>', 'tulis ringkasan per Perangkat Daerah sebagai JSON')
    .option('--quiet', 'tanpa tampilan kemajuan')
    .action(async (file: string, options: { year: string; bpjsExport?: string; json?: string; quiet?: boolean }) => {
      const year = Number(options.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('USAGE', `--year ${options.year} bukan tahun; contoh: --year 2025.`);
      const progress = createProgress({ label: 'Memeriksa', unit: 'baris', quiet: options.quiet === true, stream: ctx.stderr });
      const today = new Date();
      let result;
      try {
        result = await computeTkkContributions({
          file,
          year,
          bpjsExportPath: options.bpjsExport,
          today: { year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() },
          onProgress: (rows) => progress.report(rows),
        });
      } finally {
        progress.finish();
      }
      const { report, table, rule } = result;
      const out: string[] = [];
      out.push(`Berkas : ${file}; ${report.total} baris, diterima ${report.accepted}, ditolak ${report.rejected}${report.rejected > 0 ? ' (periksa dengan: naskah participants check)' : ''}`);
      out.push(`UMK ${result.region} ${year}: ${formatRupiah(rule.umk)}; batas atas dasar iuran ${formatRupiah(rule.wageCap)}; iuran ${rule.employerPercent}% pemberi kerja + ${rule.workerPercent}% pekerja per bulan`);
      const header = ['Perangkat Daerah', 'TKK', 'Keluarga', 'Dasar Iuran', `Iuran ${rule.employerPercent}%`, `Iuran ${rule.workerPercent}%`, 'Jumlah'];
      const lines = [...table.rows, table.total].map((r) => [
        r.perangkatDaerah,
        String(r.jumlahTkk),
        String(r.jumlahAnggotaKeluarga),
        formatRupiah(r.totalDasarIuran),
        formatRupiah(r.iuranPemberiKerja),
        formatRupiah(r.iuranPekerja),
        formatRupiah(r.iuranTotal),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
      const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
      out.push(fmt(header), ...lines.map(fmt));
      if (result.export) {
        out.push(`Ekspor BPJS: ${options.bpjsExport} (${result.export.workers} pegawai, ${result.export.familyMembers} anggota keluarga)`);
        if (result.export.unmatched.length > 0) {
          out.push(`  ${result.export.unmatched.length} anggota keluarga tanpa pegawai dengan No KK yang sama tidak diekspor (baris ${result.export.unmatched.slice(0, 10).map((r) => r.row).join(', ')}${result.export.unmatched.length > 10 ? ', ...' : ''}).`);
        }
      }
      if (options.json) {
        const { writeFile } = await import('node:fs/promises');
        await writeFile(options.json, `${JSON.stringify({ file, year, umk: rule.umk, rows: table.rows, total: table.total }, null, 2)}\n`);
        out.push(`Ringkasan JSON: ${options.json}`);
      }
      ctx.stdout.write(`${out.join('\n')}\n`);
      ctx.setExitCode(report.rejected > 0 || report.total === 0 ? 1 : 0);
    });
}
