/**
 * Configuration: parsed and validated once at start-up into a typed, frozen object. The only module
 * that reads process.env; everything else receives the Config it needs.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const EnvSchema = z.object({
  NASKAH_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).optional(),
  NASKAH_BASE_URL: z.string().url().optional(),
  NASKAH_TEMPLATES_DIR: z.string().min(1).optional(),
  NASKAH_FONT_DIR: z.string().min(1).optional(),
  NASKAH_EMBLEM: z.string().min(1).optional(),
  NASKAH_PROGRAMS: z.string().min(1).optional(),
  NASKAH_SESSION_SECRET: z.string().min(16).optional(),
  NASKAH_SIGNER: z.enum(['local', 'bsre']).optional(),
  NASKAH_BSRE_URL: z.string().url().optional(),
  NASKAH_TSA_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NASKAH_STORAGE: z.enum(['local', 's3']).optional(),
  NASKAH_S3_ENDPOINT: z.string().url().optional(),
  NASKAH_S3_REGION: z.string().min(1).optional(),
  NASKAH_S3_BUCKET: z.string().min(3).max(63).optional(),
  NASKAH_S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'kosong, atau segmen [A-Za-z0-9._-] yang masing-masing diakhiri "/" (mis. naskah/)')
    .optional(),
  NASKAH_S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  NASKAH_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  NASKAH_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  NASKAH_STAGING_LEASE_MINUTES: z.coerce.number().int().min(1).max(10_080).optional(),
  NASKAH_PREVIEW_CACHE_MB: z.coerce.number().int().min(1).max(1_000_000).optional(),
  NASKAH_METRICS_TOKEN: z.string().min(16).optional(),
  NASKAH_QUEUE: z.enum(['table', 'pg-boss']).optional(),
  NASKAH_JOB_SECRET: z.string().min(16).optional(),
  NASKAH_JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  NASKAH_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
});

/** Where stored files live: the data directory (default) or an S3-compatible object store. */
export type StorageConfig =
  | { readonly kind: 'local' }
  | {
      readonly kind: 's3';
      readonly endpoint?: string;
      readonly region: string;
      readonly bucket: string;
      /** Key prefix under which naskah keeps everything, "" or ending in "/". */
      readonly prefix: string;
      readonly forcePathStyle: boolean;
      readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
    };

export interface Config {
  /** Folder of the SQLite database, stored files and development keys. */
  readonly dataDir: string;
  /** "file:<dataDir>/naskah.db" by default; PostgreSQL when it starts with postgres. */
  readonly databaseUrl: string;
  readonly databaseProvider: 'sqlite' | 'postgresql';
  readonly port: number;
  readonly host: string;
  /** Public base URL of this system, used in QR codes that open the verification page. */
  readonly baseUrl: string;
  readonly templatesDir: string;
  /** Folder with a licensed Bookman Old Style (four faces) or undefined for TeX Gyre Bonum. */
  readonly fontDir?: string;
  /** PNG of the Garuda emblem for the kop, supplied by the deployment. */
  readonly emblemPath?: string;
  /** Program years, tariffs, budgets (the quota), UMK: config/programs.yaml unless NASKAH_PROGRAMS names another file. */
  readonly programsFile: string;
  readonly sessionSecret?: string;
  /** Who signs: "local" (PKCS#12 per official in <dataDir>/keys) or "bsre" (a BSrE-style signing API). */
  readonly signer: { readonly kind: 'local' } | { readonly kind: 'bsre'; readonly url: string };
  /** RFC 3161 time-stamping authority; undefined: the local TSA of the development CA. */
  readonly tsaUrl?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly storage: StorageConfig;
  /**
   * How old a staged file (written between signing and the commit that records it) must be before a
   * sweep may finish or remove it: younger ones can be another live process's work.
   */
  readonly stagingLeaseMs: number;
  /** Bytes of rendered previews kept in storage before the least recently used are evicted. */
  readonly previewCacheBytes: number;
  /** When set, /metrics answers only "Authorization: Bearer <token>". */
  readonly metricsToken?: string;
  /** Which queue runs jobs: pg-boss (default on PostgreSQL) or our Job table (default on SQLite). */
  readonly queue: 'table' | 'pg-boss';
  /** Seals secrets carried by jobs; every API process and worker of a deployment sets the same. */
  readonly jobSecret?: string;
  /** Overrides every job type's timeout (pg-boss expiry): a killed worker's job is retried after it. */
  readonly jobTimeoutSeconds?: number;
  /** Jobs one worker process runs at a time. */
  readonly workerConcurrency: number;
}

function storageConfig(e: z.infer<typeof EnvSchema>): StorageConfig {
  if (e.NASKAH_STORAGE !== 's3') return { kind: 'local' };
  if (!e.NASKAH_S3_BUCKET) {
    throw new AppError('CONFIG_INVALID', 'NASKAH_STORAGE=s3 memerlukan NASKAH_S3_BUCKET (nama bucket yang sudah dibuat), dan NASKAH_S3_ENDPOINT untuk layanan selain AWS.', {
      field: 'NASKAH_S3_BUCKET',
    });
  }
  if ((e.NASKAH_S3_ACCESS_KEY_ID === undefined) !== (e.NASKAH_S3_SECRET_ACCESS_KEY === undefined)) {
    throw new AppError('CONFIG_INVALID', 'Isi NASKAH_S3_ACCESS_KEY_ID dan NASKAH_S3_SECRET_ACCESS_KEY bersama-sama (atau keduanya kosong untuk kredensial bawaan AWS).', {
      field: e.NASKAH_S3_ACCESS_KEY_ID === undefined ? 'NASKAH_S3_ACCESS_KEY_ID' : 'NASKAH_S3_SECRET_ACCESS_KEY',
    });
  }
  return {
    kind: 's3',
    ...(e.NASKAH_S3_ENDPOINT ? { endpoint: e.NASKAH_S3_ENDPOINT } : {}),
    region: e.NASKAH_S3_REGION ?? 'us-east-1',
    bucket: e.NASKAH_S3_BUCKET,
    prefix: e.NASKAH_S3_PREFIX ?? '',
    // MinIO and most self-hosted stores want path-style addressing; AWS itself prefers virtual hosts.
    forcePathStyle: e.NASKAH_S3_FORCE_PATH_STYLE ? e.NASKAH_S3_FORCE_PATH_STYLE === 'true' : e.NASKAH_S3_ENDPOINT !== undefined,
    ...(e.NASKAH_S3_ACCESS_KEY_ID && e.NASKAH_S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: e.NASKAH_S3_ACCESS_KEY_ID, secretAccessKey: e.NASKAH_S3_SECRET_ACCESS_KEY } }
      : {}),
  };
}

function signerConfig(kind: 'local' | 'bsre' | undefined, url: string | undefined): Config['signer'] {
  if (kind !== 'bsre') return { kind: 'local' };
  if (!url) {
    throw new AppError('CONFIG_INVALID', 'NASKAH_SIGNER=bsre memerlukan NASKAH_BSRE_URL (alamat layanan tanda tangan, mis. https://esign.example.go.id).', {
      field: 'NASKAH_BSRE_URL',
    });
  }
  return { kind: 'bsre', url };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('CONFIG_INVALID', `Environment variable ${String(issue?.path[0])} is invalid: ${issue?.message}`, {
      field: String(issue?.path[0]),
    });
  }
  const e = parsed.data;
  const dataDir = path.resolve(overrides.dataDir ?? e.NASKAH_DATA_DIR ?? path.join(process.cwd(), 'output'));
  const databaseUrl = overrides.databaseUrl ?? e.DATABASE_URL ?? `file:${path.join(dataDir, 'naskah.db')}`;
  const databaseProvider = /^postgres(ql)?:/.test(databaseUrl) ? 'postgresql' : 'sqlite';
  const port = overrides.port ?? e.PORT ?? 3000;
  const host = overrides.host ?? e.HOST ?? '0.0.0.0';
  const config: Config = {
    dataDir,
    databaseUrl,
    databaseProvider,
    port,
    host,
    baseUrl: (overrides.baseUrl ?? e.NASKAH_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    templatesDir: path.resolve(overrides.templatesDir ?? e.NASKAH_TEMPLATES_DIR ?? path.join(PROJECT_ROOT, 'templates')),
    fontDir: overrides.fontDir ?? e.NASKAH_FONT_DIR,
    emblemPath: overrides.emblemPath ?? e.NASKAH_EMBLEM,
    programsFile: path.resolve(overrides.programsFile ?? e.NASKAH_PROGRAMS ?? path.join(PROJECT_ROOT, 'config', 'programs.yaml')),
    sessionSecret: overrides.sessionSecret ?? e.NASKAH_SESSION_SECRET,
    signer: overrides.signer ?? signerConfig(e.NASKAH_SIGNER, e.NASKAH_BSRE_URL),
    tsaUrl: overrides.tsaUrl ?? e.NASKAH_TSA_URL,
    logLevel: overrides.logLevel ?? e.LOG_LEVEL ?? 'info',
    storage: overrides.storage ?? storageConfig(e),
    stagingLeaseMs: overrides.stagingLeaseMs ?? (e.NASKAH_STAGING_LEASE_MINUTES ?? 60) * 60_000,
    previewCacheBytes: overrides.previewCacheBytes ?? (e.NASKAH_PREVIEW_CACHE_MB ?? 512) * 1024 * 1024,
    ...((overrides.metricsToken ?? e.NASKAH_METRICS_TOKEN) ? { metricsToken: overrides.metricsToken ?? e.NASKAH_METRICS_TOKEN } : {}),
    queue: overrides.queue ?? e.NASKAH_QUEUE ?? (databaseProvider === 'postgresql' ? 'pg-boss' : 'table'),
    ...((overrides.jobSecret ?? e.NASKAH_JOB_SECRET) ? { jobSecret: overrides.jobSecret ?? e.NASKAH_JOB_SECRET } : {}),
    ...((overrides.jobTimeoutSeconds ?? e.NASKAH_JOB_TIMEOUT_SECONDS) ? { jobTimeoutSeconds: overrides.jobTimeoutSeconds ?? e.NASKAH_JOB_TIMEOUT_SECONDS } : {}),
    workerConcurrency: overrides.workerConcurrency ?? e.NASKAH_WORKER_CONCURRENCY ?? 1,
  };
  return Object.freeze(config);
}
