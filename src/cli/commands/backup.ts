/**
 * `naskah backup <file> [--without-keys]` and `naskah restore <file> [--no-verify]`: a whole
 * installation (database, stored files, keys, frozen lists) into one file and back into an empty place,
 * then verified (audit chain, every issued PDF). Thin adapters over src/backup.
 */
import type { Command } from 'commander';
import { writeBackup } from '../../backup/write-backup.ts';
import { restoreBackup } from '../../backup/restore-backup.ts';
import { createDatabase } from '../../db/create-database.ts';
import { AppError } from '../../errors/app-error.ts';
import { openFileStores } from '../../storage/open-file-store.ts';
import type { CliContext } from '../cli-context.ts';
import { createProgress } from '../progress.ts';

export function registerBackupCommand(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('Cadangkan basis data, berkas tersimpan, kunci dan daftar beku ke satu berkas (ZIP)')
    .argument('<berkas>', 'berkas cadangan yang ditulis, mis. cadangan-2026-12-01.zip')
    .option('--without-keys', 'tanpa folder kunci (CA pengembangan dan PKCS#12 pejabat)')
    .option('--quiet', 'tanpa tampilan kemajuan')
    .action(async (file: string, opts: { withoutKeys?: boolean; quiet?: boolean }) => {
      const config = ctx.config();
      const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const progress = createProgress({ label: 'Mencadangkan berkas', unit: 'berkas', quiet: opts.quiet === true, stream: ctx.stderr });
      try {
        const summary = await writeBackup({ config, db, fileStore: openFileStores(config).files }, file, {
          withKeys: opts.withoutKeys !== true,
          onProgress: (done, total) => progress.report(done, total),
        });
        progress.finish();
        ctx.stdout.write(
          `Cadangan ${summary.file}: basis data ${summary.provider}, ${summary.storedFiles} berkas tersimpan, ${summary.counts.issuedDocuments} dokumen terbit, ` +
            `${summary.counts.auditEvents} peristiwa audit; ${summary.entries} entri, ${summary.bytes} byte.\n`,
        );
        if (opts.withoutKeys !== true) ctx.stdout.write('Cadangan ini memuat kunci penandatanganan: simpan di tempat yang aman.\n');
      } finally {
        await db.close();
      }
    });

  program
    .command('restore')
    .description('Pulihkan cadangan ke tempat kosong (NASKAH_DATA_DIR baru; basis data PostgreSQL kosong), lalu verifikasi')
    .argument('<berkas>', 'berkas cadangan dari "naskah backup"')
    .option('--no-verify', 'tanpa memeriksa rantai audit dan setiap PDF terbit sesudahnya')
    .option('--quiet', 'tanpa tampilan kemajuan')
    .action(async (file: string, opts: { verify: boolean; quiet?: boolean }) => {
      const config = ctx.config();
      const progress = createProgress({ label: 'Memulihkan', unit: 'berkas', quiet: opts.quiet === true, stream: ctx.stderr });
      const summary = await restoreBackup({ config, fileStore: openFileStores(config).files }, file, {
        verify: opts.verify,
        onProgress: (_stage, done, total) => progress.report(done, total),
      });
      progress.finish();
      ctx.stdout.write(
        `Dipulihkan: cadangan ${summary.manifest.createdAt} (${summary.manifest.provider}), ${summary.storedFiles} berkas tersimpan` +
          `${summary.migrationsApplied.length > 0 ? `, migrasi baru diterapkan: ${summary.migrationsApplied.join(', ')}` : ''}.\n`,
      );
      if (!summary.audit || !summary.archive) return;
      const { audit, archive } = summary;
      ctx.stdout.write(audit.ok ? `Rantai audit utuh: ${audit.count} peristiwa.\n` : `Rantai audit RUSAK pada peristiwa #${audit.brokenAt}: ${audit.message}\n`);
      ctx.stdout.write(`PDF terbit diverifikasi: ${archive.valid} dari ${archive.checked} sah.\n`);
      for (const p of archive.problems.slice(0, 20)) ctx.stdout.write(`  ${p.number}: ${p.problem}\n`);
      if (!audit.ok || archive.problems.length > 0) {
        throw new AppError('VERIFICATION_FAILED', 'Data dipulihkan, tetapi pemeriksaan menemukan masalah (lihat di atas); pakai cadangan lain atau periksa penyimpanan.');
      }
    });
}
