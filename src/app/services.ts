/**
 * The one way to start: everything a running naskah needs — the database, the keystore (development CA
 * and officials' PKCS#12 in <dataDir>/keys), the content-addressed file store (<dataDir>/files), the
 * body fonts, the emblem, the signer provider and the program configuration. `naskah serve`, every CLI
 * command and the tests build it with openServices, and createApp receives it whole; a test injects a
 * fake signer or an already-open database through the overrides. Opening sweeps nothing: leftovers of
 * another process are recovered only by the lease-aware recovery (serve start, `naskah worker`).
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
import { createLocalFileStore, type FileStore } from '../storage/file-store.ts';
import type { ParafEvidenceSigner } from '../workflow/paraf-evidence.ts';

export interface Services {
  readonly config: Config;
  readonly db: Database;
  readonly keystore: Keystore;
  readonly fileStore: FileStore;
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

export function filesDir(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'files');
}

export function fontsFor(config: Pick<Config, 'fontDir'>): FontFiles {
  return loadConfiguredFonts(config.fontDir);
}

/** What a caller (a test, mostly) may supply instead of what openServices would build. */
export interface ServiceOverrides {
  /** An already-open database; openServices then does not close it. */
  readonly db?: Database;
  readonly signerProvider?: SignerProvider;
  readonly fileStore?: FileStore;
  readonly programConfig?: ProgramConfig;
}

export async function openServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const db = overrides.db ?? (await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const ownsDb = overrides.db === undefined;
  try {
    const fileStore = overrides.fileStore ?? createLocalFileStore(filesDir(config));
    let programConfig: ProgramConfig | undefined = overrides.programConfig;
    const emblem = config.emblemPath ? await loadEmblem(config.emblemPath) : undefined;
    const keystore = openKeystore(keysDir(config));
    return {
      signerProvider: overrides.signerProvider ?? signerProviderFor(config, keystore),
      ...(emblem ? { emblem } : {}),
      config,
      db,
      keystore,
      fileStore,
      fonts: fontsFor(config),
      programConfig: () => (programConfig ??= loadProgramConfig()),
      close: async () => {
        if (ownsDb) await db.close();
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
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
