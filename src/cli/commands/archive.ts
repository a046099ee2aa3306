/**
 * `naskah archive search [--number] [--year] [--nik] [--text] [--signer] [--kind] [--json]` and
 * `naskah archive get <documentId|number> [--out FILE]`, plus the archive lookup `naskah verify` uses
 * ("is this PDF ours, which number, revoked?"). Thin adapters over src/archive.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { longTermSigningFor } from '../../app/services.ts';
import { findIssuedByDocumentId, findIssuedByPdfHash, searchArchive, type ArchiveRecord } from '../../archive/search-archive.ts';
import type { Config } from '../../config/load-config.ts';
import { createDatabase } from '../../db/create-database.ts';
import { parseDatabaseUrl } from '../../db/database-url.ts';
import { AppError } from '../../errors/app-error.ts';
import { formatTanggal } from '../../format/indonesian.ts';
import type { ArchiveRecordView } from '../../verify/format-verify-report.ts';
import { extendArchivedDocuments } from '../../use-cases/extend-archived-documents.ts';
import { revokeDocument } from '../../use-cases/revoke-document.ts';
import { findDocumentId } from '../../workflow/load-workflow.ts';
import type { CliContext } from '../cli-context.ts';

function databaseExists(config: Config): boolean {
  const target = parseDatabaseUrl(config.databaseUrl, config.dataDir);
  return target.provider !== 'sqlite' || existsSync(target.filePath);
}

/** For `naskah verify`: looks the file's SHA-256 up in the archive of the configured data directory. */
export function archiveLookupFor(ctx: CliContext): (sha256: string) => Promise<ArchiveRecordView | undefined> {
  return async (sha256) => {
    const config = ctx.config();
    if (!databaseExists(config)) return undefined;
    const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const hit = await findIssuedByPdfHash(db, sha256);
      if (!hit) return undefined;
      return {
        number: hit.number,
        title: hit.tentang,
        kind: hit.kind,
        issuedAt: hit.date,
        revoked: hit.status === 'dicabut',
        revokedReason: hit.revokeReason ?? undefined,
      };
    } finally {
      await db.close();
    }
  };
}

function printRecords(ctx: CliContext, total: number, records: readonly ArchiveRecord[]): void {
  ctx.stdout.write(`${total} dokumen ditemukan${total > records.length ? ` (ditampilkan ${records.length})` : ''}.\n`);
  for (const r of records) {
    ctx.stdout.write(`\n${r.number}  ${formatTanggal(r.date)}  [${r.status}]\n  ${r.kind}: ${r.tentang}\n  ditandatangani ${r.signerName}; id ${r.documentId}; sha256 ${r.pdfSha256}\n`);
  }
}

export function registerArchiveCommand(program: Command, ctx: CliContext): void {
  const archive = program.command('archive').description('Arsip dokumen yang telah ditetapkan: cari dan unduh');
  archive
    .command('search')
    .description('Cari dokumen menurut nomor, tahun, NIK peserta, penanda tangan, jenis atau kata dalam judul')
    .option('--number <nomor>', 'nomor (atau bagiannya), mis. 99/KEP/HK/2025')
    .option('--year <tahun>', 'tahun penetapan')
    .option('--nik <nik>', 'NIK peserta dalam lampiran')
    .option('--text <kata>', 'kata-kata dalam judul (tentang)')
    .option('--signer <nama>', 'nama penanda tangan')
    .option('--kind <jenis>', 'jenis dokumen (nama templat)')
    .option('--limit <n>', 'paling banyak', '50')
    .option('--json', 'keluaran JSON')
    .action(async (opts: { number?: string; year?: string; nik?: string; text?: string; signer?: string; kind?: string; limit: string; json?: boolean }) => {
      const year = opts.year !== undefined ? Number(opts.year) : undefined;
      if (year !== undefined && !Number.isInteger(year)) throw new AppError('USAGE', `--year ${opts.year} bukan tahun.`);
      if (opts.nik !== undefined && !/^\d{16}$/.test(opts.nik)) throw new AppError('USAGE', `--nik harus 16 digit.`);
      const config = ctx.config();
      if (!databaseExists(config)) {
        throw new AppError('FILE_UNREADABLE', `Belum ada arsip di ${config.dataDir}: jalankan "naskah demo" atau "npm start" dahulu, atau atur NASKAH_DATA_DIR.`);
      }
      const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const result = await searchArchive(db, { number: opts.number, year, nik: opts.nik, text: opts.text, signer: opts.signer, kind: opts.kind, limit: Number(opts.limit) });
        if (opts.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printRecords(ctx, result.total, result.records);
      } finally {
        await db.close();
      }
    });
  archive
    .command('revoke')
    .description('Catat pencabutan dokumen terbit (status arsip "dicabut"); PDF bertanda tangan tetap utuh')
    .argument('<dokumen>', 'id dokumen (atau awalannya, min. 8 karakter)')
    .requiredOption('--as <pengguna>', 'pengguna admin')
    .requiredOption('--reason <alasan>', 'alasan, mis. "dicabut dengan Keputusan Gubernur Nomor …"')
    .action(async (ref: string, opts: { as: string; reason: string }) => {
      const services = await ctx.services();
      const documentId = await findDocumentId(services.db.prisma, ref);
      const r = await revokeDocument(services.db, { documentId, username: opts.as, reason: opts.reason });
      ctx.stdout.write(`${r.number}: dicabut (${r.revokedAt.toISOString()}); "naskah verify" kini melaporkannya.\n`);
    });
  archive
    .command('extend')
    .description('Perpanjang arsip: tambahkan data validasi (DSS) dan stempel waktu dokumen baru pada PDF yang stempel waktunya akan kedaluwarsa (ditambahkan, tidak ditulis ulang)')
    .requiredOption('--as <pengguna>', 'pengguna arsiparis atau admin')
    .option('--within-days <n>', 'perpanjang bila sertifikat TSA stempel waktu terbaru kedaluwarsa dalam n hari', '365')
    .option('--document <id>', 'hanya dokumen ini (boleh berulang)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (opts: { as: string; withinDays: string; document: string[] }) => {
      const days = Number(opts.withinDays);
      if (!Number.isFinite(days) || days < 0) throw new AppError('USAGE', `--within-days ${opts.withinDays} bukan jumlah hari.`);
      const services = await ctx.services();
      const documentIds = opts.document.length > 0 ? await Promise.all(opts.document.map((d) => findDocumentId(services.db.prisma, d))) : undefined;
      const { tsa, validationData } = longTermSigningFor(services.config, services.keystore);
      const now = new Date();
      const results = await extendArchivedDocuments(
        { db: services.db, fileStore: services.fileStore, tsa, validationData },
        { username: opts.as, horizon: new Date(now.getTime() + days * 24 * 60 * 60 * 1000), documentIds },
      );
      for (const r of results) {
        ctx.stdout.write(
          r.outcome === 'diperpanjang'
            ? `${r.number}: diperpanjang; stempel waktu baru berlaku sampai ${r.expiresAfter ?? '?'} (sebelumnya ${r.expiresBefore ?? 'tanpa stempel waktu'}); sha256 ${r.pdfSha256}\n`
            : `${r.number}: tidak perlu; stempel waktu terbaru berlaku sampai ${r.expiresBefore}\n`,
        );
      }
      ctx.stdout.write(`${results.filter((r) => r.outcome === 'diperpanjang').length} dari ${results.length} dokumen diperpanjang.\n`);
    });
  archive
    .command('get')
    .description('Unduh PDF bertanda tangan sebuah dokumen (menurut id dokumen atau nomor)')
    .argument('<dokumen>', 'id dokumen atau nomor persis')
    .requiredOption('--out <file>', 'berkas PDF tujuan')
    .action(async (ref: string, opts: { out: string }) => {
      const services = await ctx.services();
      const record =
        (await findIssuedByDocumentId(services.db, ref)) ??
        (await searchArchive(services.db, { number: ref, limit: 2 })).records.find((r) => r.number === ref);
      if (!record) throw new AppError('NOT_FOUND', `Tidak ada dokumen terbit dengan id atau nomor "${ref}".`);
      const bytes = await services.fileStore.get(record.pdfSha256);
      await writeFile(opts.out, bytes);
      ctx.stdout.write(`${record.number} → ${opts.out} (${bytes.length} byte, sha256 ${record.pdfSha256})\n`);
    });
}
