/**
 * `naskah sign <document> --as <user> --hash <contentHash> [--passphrase-env VAR]`: the signer (or their
 * Plt./Plh.) signs a ready document: number and date assigned, final PDF rendered, PAdES signature,
 * archived. The passphrase of the signer's PKCS#12 is read from an environment variable or asked on a
 * terminal — never taken as an argument (it would land in the shell history).
 * Also `naskah keys create <officialId> --passphrase-env VAR` and `naskah keys import <officialId> <file.p12|cert.pem>`.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { issueDocument } from '../../use-cases/issue-document.ts';
import { findDocumentId } from '../../workflow/load-workflow.ts';
import type { CliContext } from '../cli-context.ts';

async function readPassphrase(ctx: CliContext, envName: string | undefined): Promise<string> {
  if (envName) {
    const value = process.env[envName];
    if (!value) throw new AppError('USAGE', `Variabel lingkungan ${envName} kosong; isi dengan kata sandi kunci penanda tangan.`);
    return value;
  }
  if (!process.stdin.isTTY) throw new AppError('USAGE', 'Kata sandi kunci tidak diberikan: pakai --passphrase-env NAMA_VARIABEL.');
  const rl = createInterface({ input: process.stdin, output: ctx.stderr });
  try {
    return await rl.question('Kata sandi kunci penanda tangan: ');
  } finally {
    rl.close();
  }
}

export function registerSignCommand(program: Command, ctx: CliContext): void {
  program
    .command('sign')
    .description('Tandatangani dokumen yang siap ditandatangani: nomor dan tanggal, PDF akhir, tanda tangan PAdES, arsip')
    .argument('<dokumen>', 'id dokumen (atau awalannya, min. 8 karakter)')
    .requiredOption('--as <pengguna>', 'pengguna penanda tangan (atau Plt./Plh.-nya)')
    .requiredOption('--hash <hash>', 'hash isi versi yang ditandatangani (lihat "naskah documents status")')
    .option('--passphrase-env <VAR>', 'nama variabel lingkungan berisi kata sandi PKCS#12')
    .action(async (ref: string, opts: { as: string; hash: string; passphraseEnv?: string }) => {
      const passphrase = await readPassphrase(ctx, opts.passphraseEnv);
      const services = await ctx.services();
      const documentId = await findDocumentId(services.db.prisma, ref);
      const { config } = services;
      const issued = await issueDocument(
        { db: services.db, templatesDir: config.templatesDir, dataDir: config.dataDir, fonts: services.fonts, keystore: services.keystore, fileStore: services.fileStore, baseUrl: config.baseUrl, emblem: services.emblem, signerProvider: services.signerProvider },
        { documentId, username: opts.as, passphrase, contentHash: opts.hash },
      );
      ctx.stdout.write(`Ditetapkan: nomor ${issued.number}, tanggal ${issued.date}, ${issued.pageCount} halaman\nPDF: ${issued.pdfPath}\nSHA-256: ${issued.pdfSha256}\n`);
    });

  const keys = program.command('keys').description('Kunci dan sertifikat pejabat (PKCS#12 di folder data/keys)');
  keys
    .command('create')
    .description('Buat kunci RSA-3072 dan sertifikat CA pengembangan (BUKAN BSrE) untuk seorang pejabat')
    .argument('<officialId>', 'id pejabat')
    .option('--passphrase-env <VAR>', 'nama variabel lingkungan berisi kata sandi PKCS#12 baru')
    .action(async (officialId: string, opts: { passphraseEnv?: string }) => {
      const passphrase = await readPassphrase(ctx, opts.passphraseEnv);
      if (passphrase.length < 8) throw new AppError('USAGE', 'Kata sandi kunci minimal 8 karakter.');
      const services = await ctx.services();
      const official = await services.db.prisma.official.findUnique({ where: { id: officialId } });
      if (!official) throw new AppError('NOT_FOUND', `Pejabat ${officialId} tidak ada; lihat "naskah officials list".`);
      const cert = services.keystore.createOfficialKey({ officialId, name: official.name, jabatan: official.jabatan, nik: official.nik ?? undefined }, passphrase);
      ctx.stdout.write(`Kunci dibuat untuk ${official.name}: sertifikat ${cert.serialNumber}, berlaku sampai ${cert.validity.notAfter.toISOString().slice(0, 10)}\n`);
    });
  keys
    .command('import')
    .description('Impor PKCS#12 (.p12/.pfx) atau sertifikat (PEM) milik pejabat')
    .argument('<officialId>', 'id pejabat')
    .argument('<file>', 'berkas .p12/.pfx atau .pem')
    .option('--passphrase-env <VAR>', 'kata sandi PKCS#12 (untuk .p12/.pfx)')
    .action(async (officialId: string, file: string, opts: { passphraseEnv?: string }) => {
      const bytes = await readFile(file).catch((cause: unknown) => {
        throw new AppError('FILE_UNREADABLE', `Berkas ${file} tidak dapat dibaca.`, { file, cause });
      });
      const services = await ctx.services();
      if (/\.pem$|\.crt$|\.cer$/i.test(file)) {
        const cert = services.keystore.importCertificate(officialId, bytes.toString('utf8'));
        ctx.stdout.write(`Sertifikat diimpor untuk ${officialId}: ${cert.subject.getField('CN')?.value ?? ''}\n`);
      } else {
        const passphrase = await readPassphrase(ctx, opts.passphraseEnv);
        const cert = services.keystore.importPkcs12(officialId, new Uint8Array(bytes), passphrase);
        ctx.stdout.write(`PKCS#12 diimpor untuk ${officialId}: ${cert.subject.getField('CN')?.value ?? ''}\n`);
      }
    });
}
