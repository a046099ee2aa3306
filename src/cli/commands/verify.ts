/**
 * `naskah verify <file.pdf> [--json] [--ca FILE.pem]...`: checks the PDF's signatures against the data
 * directory's development CA and the given CAs; exit 0 valid, 1 not valid, 2 unreadable. The archive
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
      .action(async (file: string, opts: { json?: boolean; ca: string[] }) => {
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(await readFile(file));
        } catch (cause) {
          throw new AppError('FILE_UNREADABLE', `Berkas ${file} tidak dapat dibaca.`, { cause, file });
        }
        const keysDir = path.join(ctx.config().dataDir, 'keys');
        const trustAnchors = loadTrustAnchors(keysDir, opts.ca);
        const archiveLookup = deps.archiveLookup?.(ctx);
        const result = await verifyPdf<ArchiveRecordView | undefined>(bytes, { trustAnchors, archiveLookup });
        if (opts.json) ctx.stdout.write(`${JSON.stringify(verifyReportJson(file, result), null, 2)}\n`);
        else ctx.stdout.write(formatVerifyReport(file, result, archiveLookup !== undefined));
        ctx.setExitCode(result.valid ? 0 : 1);
      });
  };
}

export const registerVerifyCommand = createVerifyCommand();
