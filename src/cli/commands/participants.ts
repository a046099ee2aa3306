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
}
