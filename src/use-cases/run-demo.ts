/**
 * Use case "demo": the seed documents end to end on a fresh data directory — demo officials, users and
 * keys, a participant list imported, checked and approved within the quota, the NTT decree, the Bekasi
 * instruction and the participant decree drafted, paraf'd in order (each paraf signed as evidence with
 * the official's key), signed (number, date, PAdES) and archived. Returns the signed PDFs.
 * Imports: services, seed, use cases.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { keystoreEvidenceSigner, type Services } from '../app/services.ts';
import { PROJECT_ROOT } from '../config/load-config.ts';
import { writeRosterCsv } from '../participants/generate-roster.ts';
import { DEMO_CHAINS, seedDemo } from '../seed/seed-demo.ts';
import { approveParticipantList } from './approve-participant-list.ts';
import { importParticipantList } from './import-participant-list.ts';
import { draftDocument } from './draft-document.ts';
import { giveParaf } from './give-paraf.ts';
import { issueDocument } from './issue-document.ts';
import { computeTkkContributions } from './compute-tkk-contributions.ts';
import { submitDocument } from './submit-document.ts';

/** Passphrase of every demo official's PKCS#12 (development CA only; printed by the demo). */
export const DEMO_PASSPHRASE = 'naskah-demo';

export interface DemoDocument {
  readonly name: string;
  readonly documentId: string;
  readonly number: string;
  readonly pdfPath: string;
  readonly pageCount: number;
  readonly pdfSha256: string;
}

export interface DemoResult {
  readonly documents: readonly DemoDocument[];
  readonly passwords: readonly { readonly username: string; readonly password: string }[];
  readonly list: { readonly total: number; readonly accepted: number; readonly rejected: number; readonly approved: number; readonly contentHash: string };
}

export interface DemoOptions {
  /** Folder the signed PDFs are copied to. */
  readonly outDir: string;
  /** Participants generated for the list (default 250). */
  readonly participants?: number;
  readonly onStep?: (message: string) => void;
  readonly now?: () => Date;
}

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

/** An example's YAML without nomor/tanggal (assigned at signing), with `edit` applied. */
async function draftYaml(file: string, edit?: (doc: ReturnType<typeof parseDocument>) => void): Promise<string> {
  const doc = parseDocument(await readFile(path.join(EXAMPLES, file), 'utf8'));
  doc.delete('nomor');
  doc.delete('tanggal');
  edit?.(doc);
  return doc.toString({ lineWidth: 0 });
}

export async function runDemo(services: Services, options: DemoOptions): Promise<DemoResult> {
  const { db, keystore, config } = services;
  const step = options.onStep ?? (() => undefined);
  const useCaseOptions = options.now ? { now: options.now } : {};
  const now = options.now ?? (() => new Date());

  step('Pejabat dan pengguna demo');
  const seeded = await seedDemo(db, useCaseOptions);
  for (const [key, officialId] of Object.entries(seeded.officials)) {
    if (keystore.hasOfficialKey(officialId)) continue;
    const official = await db.prisma.official.findUniqueOrThrow({ where: { id: officialId } });
    step(`Kunci penanda tangan (CA pengembangan) untuk ${official.name} (${key})`);
    keystore.createOfficialKey({ officialId, name: official.name, jabatan: official.jabatan, nik: official.nik ?? undefined }, DEMO_PASSPHRASE, now());
  }
  const evidenceSigner = keystoreEvidenceSigner(keystore, DEMO_PASSPHRASE);
  const user = (key: string): string => seeded.usernames[key]!;

  step('Daftar peserta PBPU Pemda: impor, periksa, setujui dalam kuota');
  const year = 2025;
  const rosterFile = path.join(config.dataDir, 'impor', 'peserta-pbpu-ntt.csv');
  await mkdir(path.dirname(rosterFile), { recursive: true });
  await writeRosterCsv(rosterFile, { seed: 53, count: options.participants ?? 250, program: 'pbpu-pemda' });
  const imported = await importParticipantList(db, { file: rosterFile, program: 'pbpu-pemda', year, username: user('ntt.perancang') }, useCaseOptions);
  const approved = await approveParticipantList(
    db,
    { listId: imported.listId, username: user('penyetuju.ntt'), programConfig: services.programConfig(), dataDir: config.dataDir, fileStore: services.fileStore },
    useCaseOptions,
  );

  const listSha256 = createHash('sha256').update(await readFile(path.join(config.dataDir, approved.listFile))).digest('hex');

  step('Daftar TKK Kota Bekasi: iuran 4 % / 1 % per Perangkat Daerah untuk lampiran instruksi');
  const tkk = await computeTkkContributions({ file: path.join(EXAMPLES, 'peserta-tkk-bekasi.csv'), year, config: services.programConfig() });

  const plans = [
    { name: 'keputusan-gubernur-ntt', kind: 'keputusan-kepala-daerah', yaml: await draftYaml('keputusan-gubernur-ntt-99-2025.yaml'), drafter: 'ntt.perancang', chain: DEMO_CHAINS.ntt, signer: 'ntt.sekda' },
    {
      name: 'instruksi-walikota-bekasi',
      kind: 'instruksi-kepala-daerah',
      yaml: await draftYaml('instruksi-walikota-bekasi-440-301.yaml', (doc) => {
        doc.set('lampiran', [
          {
            templat: 'lampiran-iuran.hbs',
            judul: 'Rekapitulasi Tenaga Kontrak Kerja dan Iuran Jaminan Kesehatan per Perangkat Daerah',
            rekap: tkk.table.rows,
            jumlah: tkk.table.total,
          },
        ]);
      }),
      drafter: 'bekasi.perancang',
      chain: DEMO_CHAINS.bekasi,
      signer: 'bekasi.walikota',
    },
    {
      name: 'keputusan-peserta-pbpu-ntt',
      kind: 'keputusan-peserta-pbpu',
      yaml: await draftYaml('keputusan-peserta-pbpu-ntt.yaml', (doc) => {
        // The frozen list, pinned by the SHA-256 of its bytes; count, tariff and total are derived from it.
        doc.setIn(['sumber', 'peserta'], { berkas: approved.listFile, sha256: listSha256 });
        doc.setIn(['iuran', 'bulan'], approved.iuran.bulan);
        doc.setIn(['iuran', 'tahun'], approved.iuran.tahun);
      }),
      drafter: 'ntt.perancang',
      chain: DEMO_CHAINS.ntt,
      signer: 'ntt.sekda',
    },
  ];

  await mkdir(options.outDir, { recursive: true });
  const documents: DemoDocument[] = [];
  for (const plan of plans) {
    step(`${plan.name}: rancangan`);
    const where = { templatesDir: config.templatesDir, dataDir: config.dataDir };
    const draft = await draftDocument(db, { ...where, kind: plan.kind, dataYaml: plan.yaml, dataFile: `${plan.name}.yaml`, username: user(plan.drafter) }, useCaseOptions);
    // the chain is the template's, resolved to the officials of the document's region
    const submitted = await submitDocument(db, { ...where, documentId: draft.documentId, username: user(plan.drafter), baseContentHash: draft.contentHash }, useCaseOptions);
    for (const key of plan.chain) {
      step(`${plan.name}: paraf ${key}`);
      await giveParaf(db, { ...where, documentId: draft.documentId, username: user(key), contentHash: submitted.contentHash }, { ...useCaseOptions, evidenceSigner });
    }
    step(`${plan.name}: tanda tangan ${plan.signer}`);
    const issued = await issueDocument(
      { db, templatesDir: config.templatesDir, dataDir: config.dataDir, fonts: services.fonts, keystore, fileStore: services.fileStore, baseUrl: config.baseUrl, emblem: services.emblem, signerProvider: services.signerProvider },
      { documentId: draft.documentId, username: user(plan.signer), passphrase: DEMO_PASSPHRASE, contentHash: submitted.contentHash },
      useCaseOptions,
    );
    const target = path.join(options.outDir, `${plan.name}-${issued.number.replace(/[^0-9A-Za-z.-]+/g, '_')}.pdf`);
    await services.fileStore.copyToFile(issued.pdfSha256, target);
    documents.push({ name: plan.name, documentId: draft.documentId, number: issued.number, pdfPath: target, pageCount: issued.pageCount, pdfSha256: issued.pdfSha256 });
  }
  return {
    documents,
    passwords: seeded.newPasswords,
    list: { total: imported.report.total, accepted: imported.report.accepted, rejected: imported.report.rejected, approved: approved.approved, contentHash: approved.contentHash },
  };
}
