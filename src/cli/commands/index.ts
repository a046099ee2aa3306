/**
 * The list of CLI commands: each top-level name with its one-line summary (what `naskah --help` lists)
 * and a loader of the module that registers it (`register…Command(program, ctx)`). Modules are imported
 * only when their command runs, so `naskah --help` or `naskah render` does not load Prisma, ExcelJS or
 * Express. A module may register more than one name (sign + keys, officials + users); a test checks that
 * every module's own description is the summary given here.
 * May import: commander's types, the CLI context type, and (lazily) the command modules.
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.ts';

export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'db', summary: 'Basis data: migrasi skema', load: async () => (await import('./db.ts')).registerDbCommand },
  { name: 'participants', summary: 'Daftar peserta: pemeriksaan, kuota, iuran', load: async () => (await import('./participants.ts')).registerParticipantsCommand },
  {
    name: 'verify',
    summary: 'Periksa tanda tangan elektronik (PAdES) sebuah PDF: keutuhan, penanda tangan, rantai sertifikat',
    load: async () => {
      const [verify, archive] = await Promise.all([import('./verify.ts'), import('./archive.ts')]);
      return verify.createVerifyCommand({ archiveLookup: archive.archiveLookupFor });
    },
  },
  { name: 'render', summary: 'Membuat draf PDF dan DOCX dari berkas data dokumen (YAML), tanpa basis data', load: async () => (await import('./render.ts')).registerRenderCommand },
  { name: 'serve', summary: 'Jalankan aplikasi web dan API JSON (/api/v1); juga PORT dan HOST dari lingkungan', load: async () => (await import('./serve.ts')).registerServeCommand },
  { name: 'officials', summary: 'Pejabat: daftar, tambah, penunjukan Plt./Plh., data demo', load: async () => (await import('./officials.ts')).registerOfficialsCommand },
  { name: 'users', summary: 'Pengguna sistem', load: async () => (await import('./officials.ts')).registerOfficialsCommand },
  { name: 'documents', summary: 'Konsep dokumen dan paraf hierarki', load: async () => (await import('./documents.ts')).registerDocumentsCommand },
  { name: 'audit', summary: 'Jejak audit berantai hash', load: async () => (await import('./audit.ts')).registerAuditCommand },
  {
    name: 'demo',
    summary: 'Jalankan contoh dari awal sampai akhir: impor daftar, rancangan, paraf berurutan, tanda tangan, arsip',
    load: async () => (await import('./demo.ts')).registerDemoCommand,
  },
  { name: 'archive', summary: 'Arsip dokumen yang telah ditetapkan: cari dan unduh', load: async () => (await import('./archive.ts')).registerArchiveCommand },
  {
    name: 'sign',
    summary: 'Tandatangani dokumen yang siap ditandatangani: nomor dan tanggal, PDF akhir, tanda tangan PAdES, arsip',
    load: async () => (await import('./sign.ts')).registerSignCommand,
  },
  { name: 'keys', summary: 'Kunci dan sertifikat pejabat (PKCS#12 di folder data/keys)', load: async () => (await import('./sign.ts')).registerSignCommand },
  { name: 'lists', summary: 'Daftar peserta tersimpan: impor, setujui dalam kuota, lihat', load: async () => (await import('./lists.ts')).registerListsCommand },
  { name: 'backup', summary: 'Cadangkan basis data, berkas tersimpan, kunci dan daftar beku ke satu berkas (ZIP)', load: async () => (await import('./backup.ts')).registerBackupCommand },
  {
    name: 'restore',
    summary: 'Pulihkan cadangan ke tempat kosong (NASKAH_DATA_DIR baru; basis data PostgreSQL kosong), lalu verifikasi',
    load: async () => (await import('./backup.ts')).registerBackupCommand,
  },
  {
    name: 'worker',
    summary: 'Jalankan pekerjaan latar (impor dan persetujuan daftar, pratinjau besar, penandatanganan) dari antrean',
    load: async () => (await import('./worker.ts')).registerWorkerCommand,
  },
];

/** The command an argument list asks for: its first word, or the word after `help`; undefined for none. */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}
