/**
 * The services a running naskah needs beyond the database: the keystore (development CA and officials'
 * PKCS#12 in <dataDir>/keys), the content-addressed file store (<dataDir>/files or an S3 bucket), the
 * preview store, the body fonts and the program configuration. Opened once by the CLI, the web server
 * and workers. Long-running processes (serve, worker) also sweep staged files left by a crash
 * (sweepStagedFiles): only those older than the lease, finished when the database recorded them and
 * removed otherwise — never another live process's work.
 * May import: config, db, sign, storage, render/fonts, participants config.
 */
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { createDatabase, type Database } from '../db/create-database.ts';
import { loadProgramConfig, type ProgramConfig } from '../participants/program-config.ts';
import type { EmblemImage } from '../model/document-model.ts';
import { loadConfiguredFonts, type FontFiles } from '../render/fonts.ts';
import { loadEmblem } from '../use-cases/render-document.ts';
import { openKeystore, type Keystore } from '../sign/keystore.ts';
import { signDetachedHash } from '../sign/cms.ts';
import { LocalSignerProvider, RemoteBsreSignerProvider, type SignerProvider } from '../sign/signer-provider.ts';
import type { FileStore, SweepReport } from '../storage/file-store.ts';
import { openFileStores } from '../storage/open-file-store.ts';
import type { ParafEvidenceSigner } from '../workflow/paraf-evidence.ts';

export interface Services {
  readonly config: Config;
  readonly db: Database;
  readonly keystore: Keystore;
  readonly fileStore: FileStore;
  /** Where rendered draft previews are cached (bounded by bytes; src/storage/preview-cache.ts). */
  readonly previewStore: FileStore;
  readonly fonts: FontFiles;
  readonly programConfig: () => ProgramConfig;
  /** Who signs: local PKCS#12 keys, or the BSrE-style remote service (NASKAH_SIGNER). */
  readonly signerProvider: SignerProvider;
  /** The Garuda emblem for the kop (NASKAH_EMBLEM), when the deployment supplies one. */
  readonly emblem?: EmblemImage;
  close(): Promise<void>;
}

export function keysDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'keys');
}

export function fontsFor(config: Pick<Config, 'fontDir'>): FontFiles {
  return loadConfiguredFonts(config.fontDir);
}

export async function openServices(config: Config): Promise<Services> {
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const stores = openFileStores(config);
  let programConfig: ProgramConfig | undefined;
  const emblem = config.emblemPath ? await loadEmblem(config.emblemPath) : undefined;
  const keystore = openKeystore(keysDir(config));
  return {
    signerProvider: signerProviderFor(config, keystore),
    ...(emblem ? { emblem } : {}),
    config,
    db,
    keystore,
    fileStore: stores.files,
    previewStore: stores.previews,
    fonts: fontsFor(config),
    programConfig: () => (programConfig ??= loadProgramConfig()),
    close: () => db.close(),
  };
}

/**
 * Finishes or removes staged files older than the lease: a staged object the database recorded (a
 * StoredFile row) gets its real key; one it did not is removed. Younger ones are left alone.
 */
export async function sweepStagedFiles(services: Pick<Services, 'db' | 'fileStore' | 'config'>): Promise<SweepReport> {
  return services.fileStore.sweepStaged({
    leaseMs: services.config.stagingLeaseMs,
    isRecorded: async ({ sha256 }) => (await services.db.prisma.storedFile.findUnique({ where: { id: sha256 }, select: { id: true } })) !== null,
  });
}

export function signerProviderFor(config: Pick<Config, 'signer'>, keystore: Keystore): SignerProvider {
  return config.signer.kind === 'bsre' ? new RemoteBsreSignerProvider({ baseUrl: config.signer.url }) : new LocalSignerProvider(keystore);
}

/** Paraf evidence signed with the official's own key (their PKCS#12 opened with `passphrase`). */
export function keystoreEvidenceSigner(keystore: Keystore, passphrase: string): ParafEvidenceSigner {
  return {
    async signContentHash(officialId, contentHash) {
      const signer = keystore.loadSigner(officialId, passphrase);
      return Buffer.from(await signDetachedHash(contentHash, signer)).toString('base64');
    },
  };
}
