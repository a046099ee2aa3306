/**
 * The one way to start: everything a running naskah needs — the database, the keystore (development CA
 * and officials' PKCS#12 in <dataDir>/keys), the content-addressed file store (<dataDir>/files or an S3
 * bucket) and the preview store, the body fonts, the emblem, the signer provider and the program
 * configuration. `naskah serve`, every CLI command and the tests build it with openServices, and
 * createApp receives it whole; a test injects a fake signer, a store or an already-open database through
 * the overrides. Opening sweeps nothing: leftovers of another process are recovered only by the
 * lease-aware recovery (serve start, `naskah worker`: sweepStagedFiles finishes or removes staged files
 * older than the lease, never another live process's work).
 * May import: config, db, sign, storage, render/fonts, participants config.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import { createDatabase, type Database } from '../db/create-database.ts';
import { loadProgramConfig, type ProgramConfig } from '../participants/program-config.ts';
import type { EmblemImage } from '../model/document-model.ts';
import { loadConfiguredFonts, type FontFiles } from '../render/fonts.ts';
import { openKeystore, type Keystore } from '../sign/keystore.ts';
import { signDetachedHash } from '../sign/cms.ts';
import { LocalTimestampAuthority } from '../sign/local-tsa.ts';
import { LocalSignerProvider, RemoteBsreSignerProvider, type LongTermSigning, type SignerProvider } from '../sign/signer-provider.ts';
import { HttpTimestampAuthority, type TimestampAuthority } from '../sign/timestamp-authority.ts';
import { CombinedValidationData, DevCaValidationData, NetworkValidationData } from '../sign/validation-data.ts';
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

/** What a caller (a test, mostly) may supply instead of what openServices would build. */
export interface ServiceOverrides {
  /** An already-open database; openServices then does not close it. */
  readonly db?: Database;
  readonly signerProvider?: SignerProvider;
  readonly fileStore?: FileStore;
  readonly previewStore?: FileStore;
  readonly programConfig?: ProgramConfig;
}

export async function openServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const db = overrides.db ?? (await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const ownsDb = overrides.db === undefined;
  try {
    const stores = overrides.fileStore && overrides.previewStore ? undefined : openFileStores(config);
    const fileStore = overrides.fileStore ?? stores!.files;
    const previewStore = overrides.previewStore ?? stores!.previews;
    let programConfig: ProgramConfig | undefined = overrides.programConfig;
    // the render stack is loaded only for an emblem here: commands that never render start lighter
    const emblem = config.emblemPath ? await (await import('../use-cases/render-document.ts')).loadEmblem(config.emblemPath) : undefined;
    const keystore = openKeystore(keysDir(config));
    return {
      signerProvider: overrides.signerProvider ?? signerProviderFor(config, keystore, fontsFor(config)),
      ...(emblem ? { emblem } : {}),
      config,
      db,
      keystore,
      fileStore,
      previewStore,
      fonts: fontsFor(config),
      programConfig: () => (programConfig ??= loadProgramConfig(config.programsFile)),
      close: async () => {
        if (ownsDb) await db.close();
      },
    };
  } catch (error) {
    if (ownsDb) await db.close();
    throw error;
  }
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

/** The TSA: NASKAH_TSA_URL, else the development CA's local TSA (so B-T needs no configuration). */
export function timestampAuthorityFor(config: Pick<Config, 'tsaUrl'>, keystore: Keystore): TimestampAuthority {
  return config.tsaUrl ? new HttpTimestampAuthority(config.tsaUrl) : new LocalTimestampAuthority(() => ({ tsa: keystore.devTsa(), ca: keystore.devCa() }));
}

/** B-LTA: time stamps from the TSA, validation data from the development CA or the certificates' own CRL/OCSP. */
export function longTermSigningFor(config: Pick<Config, 'tsaUrl'>, keystore: Keystore): Required<LongTermSigning> {
  return {
    tsa: timestampAuthorityFor(config, keystore),
    validationData: new CombinedValidationData([
      // The development CA answers only where it exists (never created just to be asked).
      { collect: async (certs, at) => (existsSync(path.join(keystore.dir, 'dev-ca.crt.pem')) ? new DevCaValidationData(keystore.dir, keystore.devCa()).collect(certs, at) : { certificates: [], crls: [], ocsps: [] }) },
      new NetworkValidationData(),
    ]),
  };
}

export function signerProviderFor(config: Pick<Config, 'signer' | 'tsaUrl'>, keystore: Keystore, fonts?: FontFiles): SignerProvider {
  const longTerm = longTermSigningFor(config, keystore);
  return config.signer.kind === 'bsre'
    ? new RemoteBsreSignerProvider({ baseUrl: config.signer.url }, longTerm)
    : new LocalSignerProvider(keystore, { ...longTerm, ...(fonts ? { fonts } : {}) });
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
