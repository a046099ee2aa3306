/**
 * `naskah serve [--port 3000] [--host 0.0.0.0]`: opens (and migrates) the database, seeds the demo
 * officials and users when it has no users yet (printing their passwords once, and creating development
 * signing keys for the demo officials, printing their passphrases), then serves the web
 * app and the JSON API until SIGINT/SIGTERM: /readyz turns 503 first (balancers stop sending), requests
 * in flight finish, the embedded worker finishes or returns its jobs, then the database closes. Jobs
 * (list import and approval, large previews, signing) go to the queue and run in a worker process —
 * the one serve starts beside itself (so they never run on this event loop), or, with --no-worker,
 * separate `naskah worker` processes. At start and every minute it recovers what crashed
 * processes left: issuance reservations whose lease ran out, staged files older than their lease.
 * A thin adapter over openServices, createApp and seedDemo.
 */
import { once } from 'node:events';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { pino } from 'pino';
import { loadConfig } from '../../config/load-config.ts';
import { openServices } from '../../app/services.ts';
import { AppError } from '../../errors/app-error.ts';
import { createApp } from '../../http/create-app.ts';
import { generatePassword } from '../../officials/password-hash.ts';
import { seedDemo } from '../../seed/seed-demo.ts';
import { createMetrics } from '../../ops/metrics.ts';
import { startEmbeddedWorker } from '../../ops/embedded-worker.ts';
import { openJobQueue } from '../../jobs/open-job-queue.ts';
import { recoverLeftovers } from '../../use-cases/recover-leftovers.ts';
import type { CliContext } from '../cli-context.ts';

interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
  /** false with --no-worker: jobs are left to separate `naskah worker` processes. */
  readonly worker: boolean;
}

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Jalankan aplikasi web dan API JSON (/api/v1); juga PORT dan HOST dari lingkungan')
    .option('--port <port>', 'port TCP (bawaan: PORT atau 3000)')
    .option('--host <host>', 'alamat yang didengarkan (bawaan: HOST atau 0.0.0.0)')
    .option('--no-worker', 'tanpa pekerja bawaan; pekerjaan latar dijalankan oleh proses "naskah worker" terpisah')
    .action(async (opts: ServeOptions) => {
      let port: number | undefined;
      if (opts.port !== undefined) {
        port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new AppError('USAGE', `--port ${opts.port} bukan nomor port (0–65535).`);
      }
      const base = ctx.config();
      const config = port !== undefined || opts.host !== undefined ? loadConfig(process.env, { ...(port !== undefined ? { port } : {}), ...(opts.host ? { host: opts.host } : {}) }) : base;
      // Logs go to stderr as JSON lines; stdout keeps the human-readable start-up message.
      const logger = pino({ level: config.logLevel }, pino.destination(2));
      const services = await openServices(config);
      const { db } = services;
      let seededNow = false;
      try {
        if (db.migration.applied.length > 0) ctx.stdout.write(`Migrasi basis data diterapkan: ${db.migration.applied.join(', ')}\n`);
        if ((await db.prisma.user.count()) === 0) {
          const seeded = await seedDemo(db);
          seededNow = true;
          ctx.stdout.write('Basis data baru: pejabat dan pengguna demo dibuat. Kata sandi (hanya ditampilkan sekali ini):\n');
          for (const u of seeded.newPasswords) ctx.stdout.write(`  ${u.username.padEnd(24)} ${u.password}\n`);
          // Demo officials get a development-CA key (not a BSrE certificate) so signing and signed paraf
          // evidence work from the web.
          const { keystore } = services;
          const signers = await db.prisma.user.findMany({
            where: { OR: [{ roles: { contains: 'signer' } }, { roles: { contains: 'paraf' } }], officialId: { not: null } },
            include: { official: true },
          });
          const made: string[] = [];
          for (const u of signers) {
            if (!u.official || keystore.hasOfficialKey(u.official.id)) continue;
            const passphrase = generatePassword();
            keystore.createOfficialKey({ officialId: u.official.id, name: u.official.name, jabatan: u.official.jabatan }, passphrase);
            made.push(`  ${u.username.padEnd(24)} ${passphrase}`);
          }
          if (made.length > 0) {
            ctx.stdout.write('Kunci pejabat demo (CA pengembangan, bukan sertifikat BSrE). Passphrase untuk paraf dan tanda tangan:\n');
            ctx.stdout.write(`${made.join('\n')}\n`);
          }
        }
      } catch (error) {
        await services.close();
        throw error;
      }

      // what a crashed signer left: released once its lease ran out, never another live process's work
      const recovered = await recoverLeftovers(services);
      if (recovered.releasedNumbers.length > 0 || recovered.filesRemoved > 0 || recovered.filesCommitted > 0) {
        logger.info(recovered, 'leftovers of an interrupted signing recovered');
      }
      const sweeper = setInterval(() => {
        recoverLeftovers(services)
          .then((r) => {
            if (r.releasedNumbers.length > 0 || r.filesRemoved > 0 || r.filesCommitted > 0) logger.info(r, 'leftovers of an interrupted signing recovered');
          })
          .catch((error: unknown) => logger.error({ err: error }, 'recovering leftovers failed'));
      }, 60_000);
      sweeper.unref();

      let draining = false;
      const metrics = createMetrics();
      // Jobs go to the queue; a worker runs them — the embedded one below, or `naskah worker` processes.
      const jobs = await openJobQueue(services, { logger });
      const app = createApp(services, { logger, metrics, isDraining: () => draining, jobs });
      const server = app.listen(config.port, config.host);
      await Promise.race([
        once(server, 'listening'),
        once(server, 'error').then(([error]) => {
          throw new AppError('USAGE', `Tidak dapat mendengarkan ${config.host}:${config.port}: ${(error as Error).message}. Pilih port lain dengan --port.`, { cause: error });
        }),
      ]).catch(async (error: unknown) => {
        await services.close();
        throw error;
      });
      const worker = opts.worker ? startEmbeddedWorker({ logger, metrics }) : undefined;
      const actual = (server.address() as AddressInfo).port;
      const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      ctx.stdout.write(`naskah berjalan di http://${shownHost}:${actual}/  (API: /api/v1, OpenAPI: /api/v1/openapi.json, verifikasi publik: /verifikasi)\n`);
      ctx.stdout.write(
        seededNow
          ? 'Masuk dengan nama pengguna dan kata sandi di atas. Hentikan dengan Ctrl+C.\n'
          : 'Masuk dengan akun yang sudah terdaftar di basis data ini. Hentikan dengan Ctrl+C.\n',
      );

      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          ctx.stdout.write(`\n${signal} diterima: menutup koneksi dan basis data...\n`);
          // /readyz now says 503, so a balancer stops sending new requests while these finish
          draining = true;
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close(() => resolve());
          // Idle keep-alive connections would hold close() open; active requests finish first.
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 10_000).unref();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      clearInterval(sweeper);
      // the worker finishes its jobs or gives them back to the queue
      await worker?.stop();
      await jobs.close();
      await services.close();
      ctx.stdout.write('naskah berhenti.\n');
    });
}
