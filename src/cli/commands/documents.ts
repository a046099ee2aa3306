/**
 * CLI: `naskah documents draft|submit|paraf|return|revise|status|history` — the paraf hierarki up to
 * signing. Thin: parse, call the use case, print (Indonesian). The acting user is named with --as
 * (an operator tool on the server; the web app authenticates with passwords).
 * Imports: use cases, cli context, errors.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { draftDocument } from '../../use-cases/draft-document.ts';
import { getDocumentHistory, getDocumentStatus, type DocumentStatus } from '../../use-cases/get-document-status.ts';
import { giveParaf } from '../../use-cases/give-paraf.ts';
import { returnDocument } from '../../use-cases/return-document.ts';
import { reviseDocument } from '../../use-cases/revise-document.ts';
import { submitDocument } from '../../use-cases/submit-document.ts';
import { findDocumentId } from '../../workflow/load-workflow.ts';
import { stateLabel } from '../../workflow/paraf-state.ts';
import { withCommandDb, type CliContext } from '../cli-context.ts';

function readData(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `Berkas data tidak dapat dibaca; periksa jalurnya.`, { file, cause });
  }
}

export function registerDocumentsCommand(program: Command, ctx: CliContext): void {
  const documents = program.command('documents').description('Konsep dokumen dan paraf hierarki');

  documents
    .command('draft <jenis> <data.yaml>')
    .description('Membuat konsep dari jenis templat dan berkas data')
    .requiredOption('--as <pengguna>', 'perancang')
    .action(async (kind: string, file: string, opts: { as: string }) => {
      const dataYaml = readData(file);
      const config = ctx.config();
      const r = await withCommandDb(ctx, (db) => draftDocument(db, { templatesDir: config.templatesDir, dataDir: config.dataDir, kind, dataYaml, dataFile: file, username: opts.as }));
      ctx.stdout.write(`Konsep dibuat: ${r.documentId}\nVersi ${r.versionNo}, hash isi ${r.contentHash}\n`);
    });

  documents
    .command('submit <dokumen>')
    .description('Mengajukan konsep untuk paraf (rantai templat untuk daerah dokumen; --chain bila templat mengizinkan pejabat tambahan)')
    .requiredOption('--as <pengguna>', 'perancang')
    .requiredOption('--hash <hash-isi>', 'hash isi versi yang Anda ajukan (lihat "documents status")')
    .option('--chain <id,id,...>', 'id pejabat paraf berurutan: pejabat rantai templat dengan tambahan yang diizinkan templat')
    .action(async (doc: string, opts: { as: string; hash: string; chain?: string }) => {
      const config = ctx.config();
      const r = await withCommandDb(ctx, async (db) =>
        submitDocument(db, {
          templatesDir: config.templatesDir,
          dataDir: config.dataDir,
          documentId: await findDocumentId(db.prisma, doc),
          username: opts.as,
          baseContentHash: opts.hash.toLowerCase(),
          chainOfficialIds: opts.chain?.split(',').map((s) => s.trim()).filter(Boolean),
        }),
      );
      ctx.stdout.write(`Diajukan untuk paraf (hash isi ${r.contentHash}):\n`);
      for (const s of r.chain) ctx.stdout.write(`  ${s.position}. ${s.jabatan} — ${s.name}\n`);
    });

  documents
    .command('paraf <dokumen>')
    .description('Memberi paraf atas versi dengan hash isi yang Anda periksa')
    .requiredOption('--as <pengguna>', 'pejabat paraf (atau Plt./Plh.-nya)')
    .requiredOption('--hash <hash-isi>', 'hash isi versi yang diperiksa (lihat "documents status")')
    .action(async (doc: string, opts: { as: string; hash: string }) => {
      const config = ctx.config();
      const r = await withCommandDb(ctx, async (db) =>
        giveParaf(db, { templatesDir: config.templatesDir, dataDir: config.dataDir, documentId: await findDocumentId(db.prisma, doc), username: opts.as, contentHash: opts.hash.toLowerCase() }),
      );
      const via = r.actingAs.via === 'self' ? '' : ` sebagai ${r.actingAs.via === 'plt' ? 'Plt.' : 'Plh.'}`;
      ctx.stdout.write(`Paraf urutan ${r.position} dicatat${via}. Status: ${stateLabel(r.state)}.\n`);
    });

  documents
    .command('return <dokumen>')
    .description('Mengembalikan dokumen kepada perancang dengan catatan')
    .requiredOption('--as <pengguna>', 'pejabat yang sedang mendapat giliran')
    .requiredOption('--note <catatan>', 'apa yang perlu diperbaiki')
    .option('--hash <hash-isi>', 'hash isi versi yang diperiksa')
    .action(async (doc: string, opts: { as: string; note: string; hash?: string }) => {
      const r = await withCommandDb(ctx, async (db) =>
        returnDocument(db, {
          templatesDir: ctx.config().templatesDir,
          dataDir: ctx.config().dataDir,
          documentId: await findDocumentId(db.prisma, doc),
          username: opts.as,
          note: opts.note,
          contentHash: opts.hash?.toLowerCase(),
        }),
      );
      ctx.stdout.write(`Dokumen dikembalikan kepada perancang pada urutan ${r.position}. Status: ${stateLabel(r.state)}.\n`);
    });

  documents
    .command('revise <dokumen> <data.yaml>')
    .description('Merevisi dokumen: versi baru, rantai paraf dimulai ulang')
    .requiredOption('--as <pengguna>', 'perancang')
    .requiredOption('--hash <hash-isi>', 'hash isi versi yang Anda ubah (lihat "documents status"); revisi atas versi lama ditolak')
    .action(async (doc: string, file: string, opts: { as: string; hash: string }) => {
      const dataYaml = readData(file);
      const config = ctx.config();
      const r = await withCommandDb(ctx, async (db) =>
        reviseDocument(db, {
          documentId: await findDocumentId(db.prisma, doc),
          dataYaml,
          dataFile: file,
          username: opts.as,
          templatesDir: config.templatesDir,
          dataDir: config.dataDir,
          baseContentHash: opts.hash.toLowerCase(),
        }),
      );
      ctx.stdout.write(`Versi ${r.versionNo} dibuat, hash isi ${r.contentHash}. Status: ${stateLabel(r.state)}; ajukan kembali untuk paraf.\n`);
    });

  documents
    .command('status <dokumen>')
    .description('Status, versi terkini dan rantai paraf')
    .option('--json', 'keluaran JSON')
    .action(async (doc: string, opts: { json?: boolean }) => {
      const s = await withCommandDb(ctx, (db) => getDocumentStatus(db, doc));
      ctx.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
    });

  documents
    .command('history <dokumen>')
    .description('Versi dan peristiwa audit dokumen')
    .option('--json', 'keluaran JSON')
    .action(async (doc: string, opts: { json?: boolean }) => {
      const h = await withCommandDb(ctx, (db) => getDocumentHistory(db, doc));
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(h, null, 2)}\n`);
        return;
      }
      ctx.stdout.write(`Dokumen ${h.documentId}\nVersi:\n`);
      for (const v of h.versions) ctx.stdout.write(`  ${v.versionNo}. ${v.contentHash}  ${v.createdAt.toISOString()}  ${v.createdBy}\n`);
      ctx.stdout.write('Peristiwa:\n');
      for (const e of h.events) {
        const d = e.details as Record<string, unknown> | null;
        const note = d && typeof d.note === 'string' ? `  "${d.note}"` : '';
        ctx.stdout.write(`  #${e.seq}  ${e.at.toISOString()}  ${e.actor.padEnd(18)} ${e.action}${note}\n`);
      }
    });
}

function formatStatus(s: DocumentStatus): string {
  const lines = [
    `Dokumen   : ${s.documentId}`,
    `Jenis     : ${s.kind}`,
    `Tentang   : ${s.tentang}`,
    `Status    : ${stateLabel(s.state)}`,
    `Versi     : ${s.versionNo}`,
    `Hash isi  : ${s.contentHash}`,
    `Nomor     : ${s.number ?? '(diberikan saat penandatanganan)'}`,
    `Perancang : ${s.drafter}`,
    `Penandatangan: ${s.signer ? `${s.signer.jabatan} — ${s.signer.name}` : '(belum ditetapkan)'}`,
    'Paraf hierarki:',
    ...s.steps.map((st) => {
      const mark = st.position === s.currentPosition ? '→' : ' ';
      const state = st.state === 'done' ? `paraf ${st.actedAt?.toISOString() ?? ''}${st.actedBy && st.actedBy !== st.name ? ` oleh ${st.actedBy}` : ''}` : st.state === 'returned' ? `dikembalikan: ${st.note ?? ''}` : 'menunggu';
      return ` ${mark} ${st.position}. ${st.jabatan} — ${st.name}: ${state}`;
    }),
  ];
  if (s.steps.length === 0) lines.push('   (belum diajukan)');
  return `${lines.join('\n')}\n`;
}
