/**
 * CLI: `naskah users add|list|passwd|reset-password|deactivate|activate|revoke-sessions|set` — accounts
 * from the server's command line. Passwords are read from an environment variable (never an argument:
 * arguments show in process lists) or generated and printed once. Thin: parse, call the use case,
 * print (Indonesian). Imports: the account use cases, cli context, errors.
 */
import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.ts';
import { generatePassword } from '../../officials/password-hash.ts';
import { createUser } from '../../use-cases/create-user.ts';
import { changePassword, resetPassword, revokeUserSessions, setUserActive, updateUser } from '../../use-cases/manage-user-account.ts';
import { withCommandDb, type CliContext } from '../cli-context.ts';

function fromEnv(variable: string): string {
  const value = process.env[variable];
  if (!value) throw new AppError('USAGE', `Variabel lingkungan ${variable} kosong atau tidak ada.`);
  return value;
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function registerUsersCommand(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('Pengguna sistem: buat, ganti/atur ulang kata sandi, nonaktifkan, akhiri sesi');

  users
    .command('add <nama-pengguna>')
    .description('Menambah pengguna; tanpa --password-env kata sandi dibuat acak, dicetak sekali, dan wajib diganti saat masuk')
    .requiredOption('--name <nama>', 'nama tampilan')
    .requiredOption('--roles <peran>', 'dipisah koma: drafter, paraf, signer, approver, archivist, admin')
    .option('--official <id>', 'id pejabat yang diwakili pengguna ini')
    .option('--regions <daerah>', 'daerah dipisah koma (bawaan: daerah pejabatnya)')
    .option('--email <surel>', 'alamat surel untuk pemberitahuan')
    .option('--password-env <VAR>', 'ambil kata sandi dari variabel lingkungan ini')
    .option('--as <pengguna>', 'pelaku yang dicatat di jejak audit', 'admin')
    .action(async (username: string, opts: { name: string; roles: string; official?: string; regions?: string; email?: string; passwordEnv?: string; as: string }) => {
      const generated = opts.passwordEnv === undefined;
      const pw = generated ? generatePassword() : fromEnv(opts.passwordEnv!);
      const regions = list(opts.regions);
      const user = await withCommandDb(ctx, (db) =>
        createUser(db, {
          username,
          displayName: opts.name,
          password: pw,
          roles: list(opts.roles) ?? [],
          officialId: opts.official ?? null,
          ...(regions ? { regions } : {}),
          email: opts.email ?? null,
          mustChangePassword: generated,
          actor: opts.as,
        }),
      );
      ctx.stdout.write(`Pengguna dibuat: ${user.username} (${user.roles})\n`);
      if (generated) ctx.stdout.write(`Kata sandi (hanya ditampilkan sekali ini): ${pw}\nPengguna wajib menggantinya saat pertama masuk.\n`);
    });

  users
    .command('list')
    .description('Menampilkan pengguna')
    .option('--json', 'keluaran JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withCommandDb(ctx, (db) => db.prisma.user.findMany({ orderBy: { username: 'asc' }, take: 10_000 }));
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(rows.map((u) => ({ username: u.username, displayName: u.displayName, roles: u.roles, regions: u.regions, email: u.email, active: u.active })), null, 2)}\n`);
        return;
      }
      for (const u of rows) ctx.stdout.write(`${u.username.padEnd(24)} ${u.active ? 'aktif   ' : 'nonaktif'} ${u.roles || '-'}  ${u.regions || '-'}\n`);
    });

  users
    .command('passwd <nama-pengguna>')
    .description('Mengganti kata sandi sendiri: kata sandi sekarang dan yang baru dari variabel lingkungan; sesi lain diakhiri')
    .requiredOption('--current-env <VAR>', 'variabel lingkungan berisi kata sandi sekarang')
    .requiredOption('--new-env <VAR>', 'variabel lingkungan berisi kata sandi baru (minimal 10 karakter)')
    .action(async (username: string, opts: { currentEnv: string; newEnv: string }) => {
      await withCommandDb(ctx, (db) => changePassword(db, { username, currentPassword: fromEnv(opts.currentEnv), newPassword: fromEnv(opts.newEnv) }));
      ctx.stdout.write(`Kata sandi ${username} diganti; semua sesinya diakhiri.\n`);
    });

  users
    .command('reset-password <nama-pengguna>')
    .description('Admin: kata sandi baru acak (dicetak sekali, wajib diganti saat masuk); semua sesinya diakhiri')
    .requiredOption('--as <admin>', 'admin yang melakukannya')
    .action(async (username: string, opts: { as: string }) => {
      const r = await withCommandDb(ctx, (db) => resetPassword(db, { actor: opts.as, user: username }));
      ctx.stdout.write(`Kata sandi ${r.username} diatur ulang. Kata sandi baru (hanya ditampilkan sekali ini): ${r.password}\n`);
    });

  for (const [name, active, description] of [
    ['deactivate', false, 'Admin: menonaktifkan pengguna (sesinya diakhiri, token API-nya berhenti)'],
    ['activate', true, 'Admin: mengaktifkan kembali pengguna'],
  ] as const) {
    users
      .command(`${name} <nama-pengguna>`)
      .description(description)
      .requiredOption('--as <admin>', 'admin yang melakukannya')
      .action(async (username: string, opts: { as: string }) => {
        await withCommandDb(ctx, (db) => setUserActive(db, { actor: opts.as, user: username, active }));
        ctx.stdout.write(`${username}: ${active ? 'aktif kembali' : 'dinonaktifkan; sesinya diakhiri'}.\n`);
      });
  }

  users
    .command('revoke-sessions <nama-pengguna>')
    .description('Admin (atau pengguna itu sendiri): mengakhiri semua sesinya')
    .requiredOption('--as <pengguna>', 'admin, atau pengguna itu sendiri')
    .action(async (username: string, opts: { as: string }) => {
      const ended = await withCommandDb(ctx, (db) => revokeUserSessions(db, { actor: opts.as, user: username }));
      ctx.stdout.write(`${username}: ${ended} sesi diakhiri.\n`);
    });

  users
    .command('set <nama-pengguna>')
    .description('Admin: mengubah nama, peran, daerah atau surel pengguna')
    .requiredOption('--as <admin>', 'admin yang melakukannya')
    .option('--name <nama>', 'nama tampilan')
    .option('--roles <peran>', 'peran dipisah koma (menggantikan yang lama)')
    .option('--regions <daerah>', 'daerah dipisah koma (menggantikan yang lama)')
    .option('--email <surel>', 'alamat surel; "" mengosongkan')
    .action(async (username: string, opts: { as: string; name?: string; roles?: string; regions?: string; email?: string }) => {
      const roles = list(opts.roles);
      const regions = list(opts.regions);
      const u = await withCommandDb(ctx, (db) =>
        updateUser(db, { actor: opts.as, user: username, ...(opts.name !== undefined ? { displayName: opts.name } : {}), ...(roles ? { roles } : {}), ...(regions ? { regions } : {}), ...(opts.email !== undefined ? { email: opts.email } : {}) }),
      );
      ctx.stdout.write(`${u.username}: peran ${u.roles || '-'}, daerah ${u.regions || '-'}, surel ${u.email ?? '-'}\n`);
    });
}
