/**
 * CLI: `naskah officials add|list|delegate|seed-demo` and `naskah users add`. Thin: parse, call the use
 * case, print (Indonesian). Imports: use cases, seed, cli context, errors.
 */
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { generatePassword } from '../../officials/password-hash.ts';
import { seedDemo } from '../../seed/seed-demo.ts';
import { createDelegation, createOfficial, listOfficials } from '../../use-cases/create-official.ts';
import { createUser } from '../../use-cases/create-user.ts';
import type { DelegationKind } from '../../workflow/paraf-state.ts';
import { withCommandDb, type CliContext } from '../cli-context.ts';

export function registerOfficialsCommand(program: Command, ctx: CliContext): void {
  const officials = program.command('officials').description('Pejabat: daftar, tambah, penunjukan Plt./Plh., data demo');

  officials
    .command('add')
    .description('Mendaftarkan pejabat')
    .requiredOption('--jabatan <jabatan>', 'jabatan, mis. "Kepala Biro Hukum"')
    .requiredOption('--name <nama>', 'nama tanpa gelar akademik')
    .option('--nip <nip>', 'NIP (18 angka)')
    .option('--rank <pangkat>', 'pangkat/golongan')
    .option('--unit <unit>', 'unit kerja')
    .option('--region <daerah>', 'id profil daerah (templates/daerah/<id>.yaml), mis. prov-ntt')
    .option('--nik <nik>', 'NIK untuk layanan tanda tangan jarak jauh')
    .option('--as <pengguna>', 'pelaku yang dicatat di jejak audit', 'admin')
    .action(async (opts: { jabatan: string; name: string; nip?: string; rank?: string; unit?: string; region?: string; nik?: string; as: string }) => {
      const official = await withCommandDb(ctx, (db) =>
        createOfficial(db, { jabatan: opts.jabatan, name: opts.name, nip: opts.nip, rank: opts.rank, unit: opts.unit, region: opts.region, nik: opts.nik, actor: opts.as }),
      );
      ctx.stdout.write(`Pejabat terdaftar: ${official.id}  ${official.jabatan} — ${official.name}\n`);
    });

  officials
    .command('list')
    .description('Menampilkan pejabat terdaftar')
    .option('--json', 'keluaran JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withCommandDb(ctx, (db) => listOfficials(db));
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(rows.map((o) => ({ id: o.id, jabatan: o.jabatan, name: o.name, region: o.region, nip: o.nip })), null, 2)}\n`);
        return;
      }
      if (rows.length === 0) ctx.stdout.write('Belum ada pejabat terdaftar ("naskah officials add" atau "naskah officials seed-demo").\n');
      for (const o of rows) ctx.stdout.write(`${o.id}  ${o.region ?? '-'}  ${o.jabatan} — ${o.name}\n`);
    });

  officials
    .command('delegate <pejabat>')
    .description('Mencatat Plt./Plh. bagi seorang pejabat (id pejabat yang digantikan)')
    .requiredOption('--to <pejabat-pengganti>', 'id pejabat pengganti')
    .requiredOption('--kind <plt|plh>', 'jenis penunjukan')
    .requiredOption('--from <tanggal>', 'mulai berlaku (YYYY-MM-DD atau ISO 8601)')
    .requiredOption('--until <tanggal>', 'akhir berlaku (YYYY-MM-DD = sampai akhir hari itu, UTC)')
    .option('--as <pengguna>', 'pelaku yang dicatat di jejak audit', 'admin')
    .action(async (officialId: string, opts: { to: string; kind: string; from: string; until: string; as: string }) => {
      const kind = opts.kind.toLowerCase();
      if (kind !== 'plt' && kind !== 'plh') throw new AppError('USAGE', '--kind harus plt atau plh.');
      const validFrom = parseDate(opts.from, false);
      const validTo = parseDate(opts.until, true);
      const d = await withCommandDb(ctx, (db) => createDelegation(db, { officialId, delegateOfficialId: opts.to, kind: kind as DelegationKind, validFrom, validTo, actor: opts.as }));
      ctx.stdout.write(`Penunjukan ${kind === 'plt' ? 'Plt.' : 'Plh.'} dicatat: ${d.id} (${d.validFrom.toISOString()} s.d. ${d.validTo.toISOString()})\n`);
    });

  officials
    .command('seed-demo')
    .description('Mengisi pejabat dan pengguna demo (NTT dan Kota Bekasi); kata sandi dicetak sekali')
    .action(async () => {
      const result = await withCommandDb(ctx, (db) => seedDemo(db));
      ctx.stdout.write(`Pejabat demo: ${Object.keys(result.officials).length}. Pengguna baru: ${result.newPasswords.length}.\n`);
      if (result.newPasswords.length > 0) {
        ctx.stdout.write('Kata sandi (hanya ditampilkan sekali ini; simpan sekarang):\n');
        for (const p of result.newPasswords) ctx.stdout.write(`  ${p.username.padEnd(20)} ${p.password}\n`);
      }
    });

  const users = program.command('users').description('Pengguna sistem');
  users
    .command('add <nama-pengguna>')
    .description('Menambah pengguna; tanpa --password-env kata sandi dibuat acak dan dicetak sekali')
    .requiredOption('--name <nama>', 'nama tampilan')
    .requiredOption('--roles <peran>', 'dipisah koma: drafter, paraf, signer, archivist, admin')
    .option('--official <id>', 'id pejabat yang diwakili pengguna ini')
    .option('--password-env <VAR>', 'ambil kata sandi dari variabel lingkungan ini')
    .option('--as <pengguna>', 'pelaku yang dicatat di jejak audit', 'admin')
    .action(async (username: string, opts: { name: string; roles: string; official?: string; passwordEnv?: string; as: string }) => {
      let password: string | undefined;
      if (opts.passwordEnv) {
        password = process.env[opts.passwordEnv];
        if (!password) throw new AppError('USAGE', `Variabel lingkungan ${opts.passwordEnv} kosong atau tidak ada.`);
      }
      const generated = password === undefined;
      const pw = password ?? generatePassword();
      const roles = opts.roles.split(',').map((r) => r.trim()).filter(Boolean);
      const user = await withCommandDb(ctx, (db) => createUser(db, { username, displayName: opts.name, password: pw, roles, officialId: opts.official ?? null, actor: opts.as }));
      ctx.stdout.write(`Pengguna dibuat: ${user.username} (${user.roles})\n`);
      if (generated) ctx.stdout.write(`Kata sandi (hanya ditampilkan sekali ini): ${pw}\n`);
    });
}

function parseDate(text: string, endOfDay: boolean): Date {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const d = new Date(day ? `${text}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : text);
  if (Number.isNaN(d.getTime())) throw new AppError('USAGE', `Tanggal "${text}" tidak dikenali; tulis YYYY-MM-DD atau ISO 8601.`);
  return d;
}
