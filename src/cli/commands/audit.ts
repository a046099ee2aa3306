/**
 * CLI: `naskah audit verify` (exit 0 intact, 1 naming the first broken event) and `naskah audit report
 * <doc> [--pdf FILE] [--json FILE]`. Thin: parse, call the use case, print (Indonesian).
 * Imports: audit, use cases, render/fonts, cli context, errors.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderAuditReportPdf } from '../../audit/audit-report-pdf.ts';
import { buildAuditReport } from '../../audit/build-audit-report.ts';
import { AppError } from '../../errors/app-error.ts';
import { loadFonts } from '../../render/fonts.ts';
import { verifyAuditChain } from '../../use-cases/verify-audit-chain.ts';
import { findDocumentId } from '../../workflow/load-workflow.ts';
import { withCommandDb, type CliContext } from '../cli-context.ts';
import { createProgress } from '../progress.ts';

export function registerAuditCommand(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('Jejak audit berantai hash');

  audit
    .command('verify')
    .description('Menghitung ulang seluruh rantai hash audit dan menyebut mata rantai pertama yang rusak')
    .option('--json', 'keluaran JSON')
    .option('--quiet', 'tanpa tampilan kemajuan')
    .action(async (opts: { json?: boolean; quiet?: boolean }) => {
      const progress = createProgress({ label: 'Memeriksa rantai audit', unit: 'peristiwa', quiet: opts.quiet === true, stream: ctx.stderr });
      const result = await withCommandDb(ctx, (db) => verifyAuditChain(db, (done, total) => progress.report(done, total)));
      progress.finish();
      if (opts.json) ctx.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.ok) {
        if (!opts.json) ctx.stdout.write(`Rantai audit utuh: ${result.count} peristiwa, hash terakhir ${result.headHash}\n`);
        return;
      }
      throw new AppError('AUDIT_CHAIN_BROKEN', `Rantai audit rusak pada peristiwa #${result.brokenAt} (${result.reason}): ${result.message}. ${result.count} peristiwa sebelumnya utuh.`, {
        details: result,
      });
    });

  audit
    .command('report <dokumen>')
    .description('Laporan jejak audit satu dokumen (JSON dan/atau PDF)')
    .option('--pdf <berkas>', 'tulis laporan PDF')
    .option('--json <berkas>', 'tulis laporan JSON')
    .action(async (doc: string, opts: { pdf?: string; json?: string }) => {
      const config = ctx.config();
      const report = await withCommandDb(ctx, async (db) => buildAuditReport(db, await findDocumentId(db.prisma, doc)));
      if (opts.json) writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
      if (opts.pdf) writeFileSync(opts.pdf, await renderAuditReportPdf(report, loadFonts()));
      if (!opts.json && !opts.pdf) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else ctx.stdout.write(`Laporan audit ${report.document.id}: ${report.events.length} peristiwa${opts.json ? `, JSON ${opts.json}` : ''}${opts.pdf ? `, PDF ${opts.pdf}` : ''}\n`);
      if (!report.chain.ok) {
        ctx.stderr.write(`Peringatan: rantai audit rusak pada peristiwa #${report.chain.brokenAt}: ${report.chain.message}\n`);
        ctx.setExitCode(1);
      }
    });
}
