/**
 * `naskah demo [--out DIR] [--participants N] [--quiet]`: the seed documents end to end on a fresh data
 * directory (<out>/data, SQLite, its own development CA), printing the signed PDFs. Thin adapter over
 * runDemo.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { openServices } from '../../app/services.ts';
import { loadConfig } from '../../config/load-config.ts';
import { AppError } from '../../errors/app-error.ts';
import { DEMO_PASSPHRASE, runDemo } from '../../use-cases/run-demo.ts';
import type { CliContext } from '../cli-context.ts';
import { createProgress } from '../progress.ts';

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('Jalankan contoh dari awal sampai akhir: impor daftar, rancangan, paraf berurutan, tanda tangan, arsip')
    .option('--out <dir>', 'folder keluaran (PDF bertanda tangan dan folder data demo)', 'output/demo')
    .option('--participants <n>', 'jumlah peserta yang dibangkitkan untuk daftar PBPU', '250')
    .option('--quiet', 'tanpa keterangan kemajuan')
    .action(async (opts: { out: string; participants: string; quiet?: boolean }) => {
      const participants = Number(opts.participants);
      if (!Number.isInteger(participants) || participants < 1) throw new AppError('USAGE', `--participants ${opts.participants} harus bilangan bulat positif.`);
      const outDir = path.resolve(opts.out);
      const dataDir = path.join(outDir, 'data');
      await rm(dataDir, { recursive: true, force: true });
      const base = ctx.config();
      const config = loadConfig({ ...process.env, DATABASE_URL: undefined }, { dataDir, databaseUrl: `file:${path.join(dataDir, 'naskah.db')}`, baseUrl: base.baseUrl });
      const services = await openServices(config);
      const steps = ['Pejabat'];
      const progress = createProgress({ label: 'demo', unit: 'langkah', quiet: opts.quiet === true, stream: ctx.stderr, intervalMs: 0 });
      try {
        const result = await runDemo(services, {
          outDir,
          participants,
          onStep: (message) => {
            steps.push(message);
            if (!opts.quiet && !ctx.stderr.isTTY) ctx.stderr.write(`demo: ${message}\n`);
            else progress.report(steps.length, 30);
          },
        });
        progress.finish();
        ctx.stdout.write(`Data demo: ${dataDir}\n`);
        ctx.stdout.write(`Daftar peserta: ${result.list.total} baris, ${result.list.accepted} diterima, ${result.list.rejected} ditolak, ${result.list.approved} disetujui (hash ${result.list.contentHash.slice(0, 16)}…)\n`);
        ctx.stdout.write(`Kunci pejabat demo: kata sandi PKCS#12 "${DEMO_PASSPHRASE}" (CA pengembangan, BUKAN sertifikat BSrE)\n`);
        if (result.passwords.length > 0) {
          ctx.stdout.write('Pengguna demo (kata sandi ditampilkan sekali):\n');
          for (const u of result.passwords) ctx.stdout.write(`  ${u.username.padEnd(20)} ${u.password}\n`);
        }
        ctx.stdout.write('PDF bertanda tangan:\n');
        for (const d of result.documents) ctx.stdout.write(`  ${d.pdfPath}  (nomor ${d.number}, ${d.pageCount} halaman)\n`);
      } finally {
        await services.close();
      }
    });
}
