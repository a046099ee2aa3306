/**
 * `naskah verify <file.pdf> [--json] [--ca FILE.pem]... [--crl F]... [--ocsp F]... [--at TIME]`: checks the
 * PDF's signatures and time stamps against the data directory's development CA and the given CAs, with
 * the given revocation data, as of now or --at; reports the PAdES level reached per signature. Exit 0
 * valid, 1 not valid, 2 unreadable. The archive
 * lookup ("is it ours, which number, revoked?") is plugged in with createVerifyCommand({ archiveLookup }).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { formatVerifyReport, verifyReportJson, type ArchiveRecordView } from '../../verify/format-verify-report.ts';
import { loadTrustAnchors } from '../../verify/trust-anchors.ts';
import { verifyPdf } from '../../verify/verify-pdf.ts';
import type { CliContext } from '../cli-context.ts';

export interface VerifyCommandDeps {
  /** Given the CLI context, a lookup of the archive by the file's SHA-256. */
  readonly archiveLookup?: (ctx: CliContext) => (sha256: string) => Promise<ArchiveRecordView | undefined> | ArchiveRecordView | undefined;
}

export function createVerifyCommand(deps: VerifyCommandDeps = {}) {
  return (program: Command, ctx: CliContext): void => {
    program
      .command('verify')
      .description('Periksa tanda tangan elektronik (PAdES) sebuah PDF: keutuhan, penanda tangan, rantai sertifikat')
      .argument('<file>', 'berkas PDF')
      .option('--json', 'keluaran JSON')
      .option('--ca <file>', 'sertifikat CA tepercaya tambahan (PEM), boleh berulang', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--crl <file>', 'CRL (DER atau PEM) untuk status pencabutan, boleh berulang', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--ocsp <file>', 'respons OCSP (DER) untuk status pencabutan, boleh berulang', (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option('--at <waktu>', 'periksa seolah-olah pada waktu ini (ISO 8601, mis. 2030-01-01T00:00:00Z); bawaan: sekarang')
      .action(async (file: string, opts: { json?: boolean; ca: string[]; crl: string[]; ocsp: string[]; at?: string }) => {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch (cause) {
          throw new AppError('FILE_UNREADABLE', `Berkas ${file} tidak dapat dibaca.`, { cause, file });
        }
        const validationTime = opts.at === undefined ? undefined : new Date(opts.at);
        if (validationTime && Number.isNaN(validationTime.getTime())) throw new AppError('USAGE', `--at ${opts.at} bukan waktu ISO 8601 (mis. 2030-01-01T00:00:00Z).`);
        const readAll = async (files: string[]) =>
          Promise.all(
            files.map(async (f) => {
              try {
                return new Uint8Array(await readFile(f));
              } catch (cause) {
                throw new AppError('FILE_UNREADABLE', `Berkas ${f} tidak dapat dibaca.`, { cause, file: f });
              }
            }),
          );
        const keysDir = path.join(ctx.config().dataDir, 'keys');
        const trustAnchors = loadTrustAnchors(keysDir, opts.ca);
        const archiveLookup = deps.archiveLookup?.(ctx);
        const revocation = { crls: await readAll(opts.crl), ocsps: await readAll(opts.ocsp) };
        const result = await verifyPdf<ArchiveRecordView | undefined>(bytes, { trustAnchors, archiveLookup, revocation, ...(validationTime ? { validationTime } : {}) });
        if (opts.json) ctx.stdout.write(`${JSON.stringify(verifyReportJson(file, result), null, 2)}\n`);
        else ctx.stdout.write(formatVerifyReport(file, result, archiveLookup !== undefined));
        ctx.setExitCode(result.valid ? 0 : 1);
      });
  };
}

export const registerVerifyCommand = createVerifyCommand();
