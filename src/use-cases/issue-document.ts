/**
 * Use case: sign and issue a document that is ready to sign, in three steps so that no rendering,
 * signing, network or file I/O ever runs inside a database transaction:
 *   1. reserve (one transaction): the signer's decision (turn, delegation, current content hash,
 *      region), a number reserved from the register, the document moved to `signing`, the reservation
 *      row (held under a lease by this process), audited;
 *   2. produce (no transaction): the final data (number, date, paraf), compose, render, sign through the
 *      signer provider (local keys or a remote BSrE-style service), verify what came back before
 *      accepting it, stage the signed PDF in the file store; the lease is renewed while this runs;
 *   3. finalise (one transaction): the reservation still ours, the document signed with its number, the
 *      archive record, the audit event; then the staged file gets its real name — or, on any failure,
 *      release: the number goes back to the register (gapless), the document back to ready_to_sign.
 * A process that dies in step 2 leaves a reservation whose lease runs out: recoverAbandonedIssuances
 * (serve start, the worker, a periodic sweep) releases it; the staged file is swept after the lease.
 * Imports: db, workflow, audit, compose, render, sign, verify, storage, archive.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { recordIssuedDocument, type JdihMetadata } from '../archive/record-issued-document.ts';
import { composeDocument } from '../compose/compose-document.ts';
import { parseDocumentData } from '../compose/document-data.ts';
import { loadTemplate } from '../compose/load-template.ts';
import type { Official } from '../db/prisma-client.ts';
import { formatNumber, releaseNumber, reserveNumber } from '../db/number-register.ts';
import { loadProgramConfig, type ProgramConfig } from '../participants/program-config.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import type { EmblemImage, RowSources } from '../model/document-model.ts';
import type { FontFiles } from '../render/fonts.ts';
import { renderPdf } from '../render/pdf/render-pdf.ts';
import type { Keystore } from '../sign/keystore.ts';
import type { EmbeddedAttachment } from '../sign/sign-pdf.ts';
import { LocalSignerProvider, type SignerProvider } from '../sign/signer-provider.ts';
import { ensureDocumentSources } from '../storage/data-files.ts';
import type { FileStore, StagedObject } from '../storage/file-store.ts';
import { PARAF_MANIFEST_NAME, verifyPdf } from '../verify/verify-pdf.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { EMBEDDED_DATA_NAME, EMBEDDED_MANIFEST_NAME } from '../workflow/content-manifest.ts';
import { loadDelegations, loadDocument, resolveActor, type LoadedDocument } from '../workflow/load-workflow.ts';
import { decideSign, refusalError, type ActingAs } from '../workflow/paraf-state.ts';
import { ensureContentCurrent } from './content-currency.ts';
import { clockOf, type UseCaseDb, type UseCaseOptions } from './use-case-db.ts';

export interface IssueDocumentDeps {
  readonly db: UseCaseDb;
  readonly templatesDir: string;
  /** Folder that relative `sumber` file paths of stored drafts resolve against (the data directory). */
  readonly dataDir: string;
  readonly fonts: FontFiles;
  readonly keystore: Keystore;
  readonly fileStore: FileStore;
  /** Public base URL of this system: the QR code opens `${baseUrl}/verifikasi/<documentId>`. */
  readonly baseUrl: string;
  /** The Garuda emblem for the kop, when the deployment supplies one. */
  readonly emblem?: EmblemImage;
  /** Who signs; the local keystore's PKCS#12 by default. A remote (BSrE) provider cannot embed files. */
  readonly signerProvider?: SignerProvider;
  /** Tariffs for the kind's derived figures (config/programs.yaml by default). */
  readonly programConfig?: ProgramConfig;
  /** How long a reservation is held without renewal (default 2 minutes; renewed every third of it). */
  readonly leaseMs?: number;
  /** Test hook: runs after the number is reserved and committed (crash tests kill here). */
  readonly afterNumbering?: (number: string) => Promise<void> | void;
  /** Test hook: runs inside the finalising transaction, just before its commit. */
  readonly beforeCommit?: () => Promise<void> | void;
}

export interface IssueDocumentInput {
  readonly documentId: string;
  readonly username: string;
  readonly passphrase: string;
  /** The content hash the signer saw; a stale one is refused. */
  readonly contentHash: string;
}

export interface IssueDocumentResult {
  readonly documentId: string;
  readonly number: string;
  readonly date: string;
  readonly pdfSha256: string;
  /** Where the signed PDF is stored: a path in the local store, s3://bucket/key in an object store. */
  readonly pdfPath: string;
  readonly pageCount: number;
}

export const E_SIGN_FOOTER =
  'Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh {issuer}. ' +
  'Sesuai Pasal 5 ayat (1) Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik, informasi elektronik ' +
  'dan/atau dokumen elektronik dan/atau hasil cetaknya merupakan alat bukti hukum yang sah.';

export const DEFAULT_LEASE_MS = 120_000;

/** A number held for one document by one process (step 1's result). */
export interface IssuanceReservationInfo {
  readonly documentId: string;
  readonly holder: string;
  readonly scope: string;
  readonly year: number;
  readonly seq: number;
  readonly number: string;
  readonly date: string;
  readonly versionId: string;
  readonly contentHash: string;
  readonly signerOfficialId: string;
  readonly actingAs: ActingAs;
}

/** ISO date (YYYY-MM-DD) of `at` in `timeZone` (the region's WIB/WITA/WIT), the date a decree carries. */
export function dateInZone(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Every `nik` value the document's row sources hold (participants of its lampiran). */
async function collectNiks(sources: RowSources): Promise<Set<string>> {
  const niks = new Set<string>();
  for (const source of sources.values()) {
    for await (const record of source.records()) {
      const nik = record.nik ?? record.NIK;
      if (nik && /^\d{16}$/.test(nik)) niks.add(nik);
    }
  }
  return niks;
}

/**
 * The stored YAML with the number, date and the paraf chain as it was actually walked (top-down, the
 * way the paraf table lists it) with each paraf given, written in (comments and order kept).
 */
function finalDataYaml(
  dataYaml: string,
  number: string,
  date: string,
  chain: readonly string[],
  parafs: ReadonlyMap<string, string>,
  acting?: { readonly nama: string; readonly status: 'plt' | 'plh' },
): string {
  const doc = parseDocument(dataYaml);
  doc.set('nomor', number);
  doc.set('tanggal', date);
  if (acting) {
    // Signed by the registered Plt./Plh.: the block names them, "Plt."/"Plh." before the jabatan, no NIP.
    doc.setIn(['penandatangan', 'nama'], acting.nama);
    doc.setIn(['penandatangan', 'status'], acting.status);
    doc.deleteIn(['penandatangan', 'nip']);
    doc.deleteIn(['penandatangan', 'pangkat']);
  }
  if (chain.length > 0) doc.setIn(['paraf', 'rantai'], [...chain]);
  if (parafs.size > 0) doc.setIn(['paraf', 'diberikan'], Object.fromEntries(parafs));
  return doc.toString();
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  return Buffer.from(bytes.buffer, bytes.byteOffset, prefix.length).equals(Buffer.from(prefix.buffer, prefix.byteOffset, prefix.length));
}

interface IssuancePlan {
  readonly loaded: LoadedDocument;
  readonly username: string;
  readonly signerOfficial: Official;
  readonly provider: SignerProvider;
  readonly issuer: string;
  readonly template: ReturnType<typeof loadTemplate>;
  readonly timeZone: string;
  readonly numberingPattern: string;
  readonly numberingScope: string;
}

/** Step 0, no transaction: refusals that need no number (turn, content, passphrase) and what signing needs. */
async function planIssuance(deps: IssueDocumentDeps, input: IssueDocumentInput, at: Date): Promise<IssuancePlan> {
  const { db } = deps;
  const loaded = await loadDocument(db.prisma, input.documentId);
  const { actor } = await resolveActor(db.prisma, input.username);
  const delegations = await loadDelegations(db.prisma, loaded.workflow.signerOfficialId ? [loaded.workflow.signerOfficialId] : []);
  const decision = decideSign(loaded.workflow, actor, { contentHash: input.contentHash, at, delegations });
  if (!decision.ok) throw refusalError(decision);
  // The frozen lists the data names, fetched from the shared store when this machine lacks them (or
  // holds other bytes) — before the content check hashes them.
  await ensureDocumentSources({ db, fileStore: deps.fileStore, dataDir: deps.dataDir }, loaded.version.dataYaml);
  await ensureContentCurrent(db, loaded, { templatesDir: deps.templatesDir, dataDir: deps.dataDir }, input.username, at);
  const signerOfficial = await db.prisma.official.findUniqueOrThrow({ where: { id: decision.actingAs.actorOfficialId } });
  const provider = deps.signerProvider ?? new LocalSignerProvider(deps.keystore);
  // With local keys a wrong passphrase is refused before anything is reserved; a remote service refuses
  // in step 2, which releases the number.
  const certificate =
    provider.kind === 'local' ? deps.keystore.loadSigner(signerOfficial.id, input.passphrase).certificateChain[0] : deps.keystore.officialCertificate(signerOfficial.id);
  const issuerCn = (certificate?.issuer.getField('CN') as { value?: string } | null)?.value;
  const issuer = issuerCn ?? (provider.kind === 'bsre' ? 'Balai Sertifikasi Elektronik (BSrE) BSSN' : 'penyelenggara sertifikasi elektronik');
  // the kind as the document's region issues it: numbering, place, signer block and time zone
  const template = loadTemplate(deps.templatesDir, loaded.document.kindId, loaded.document.region ?? undefined);
  return {
    loaded,
    username: input.username,
    signerOfficial,
    provider,
    issuer,
    template,
    timeZone: template.meta.timeZone,
    numberingPattern: template.meta.numbering.pattern,
    numberingScope: template.meta.numbering.scope,
  };
}

/** Step 1, one transaction: decide on committed state, reserve a number, move to signing, audit. */
export async function reserveIssuance(
  db: UseCaseDb,
  input: {
    readonly documentId: string;
    readonly username: string;
    readonly contentHash: string;
    readonly numberingPattern: string;
    readonly numberingScope: string;
    readonly timeZone: string;
    readonly leaseMs: number;
  },
  at: Date,
): Promise<IssuanceReservationInfo> {
  const holder = randomBytes(12).toString('hex');
  return runTransition(db, (transact) =>
    transact(async (tx) => {
      const { user, actor } = await resolveActor(tx, input.username);
      const loaded = await loadDocument(tx, input.documentId);
      const delegations = await loadDelegations(tx, loaded.workflow.signerOfficialId ? [loaded.workflow.signerOfficialId] : []);
      const decision = decideSign(loaded.workflow, actor, { contentHash: input.contentHash, at, delegations });
      if (!decision.ok) throw refusalError(decision);
      const date = dateInZone(at, input.timeZone);
      const year = Number(date.slice(0, 4));
      const seq = await reserveNumber(tx, input.numberingScope, year);
      const number = formatNumber(input.numberingPattern, { seq, year, klasifikasi: loaded.document.klasifikasi ?? undefined });
      await compareAndSetDocument(tx, { id: loaded.document.id, lockVersion: loaded.document.lockVersion, state: 'ready_to_sign' }, { state: 'signing' });
      await tx.issuanceReservation.create({
        data: {
          documentId: loaded.document.id,
          scope: input.numberingScope,
          year,
          seq,
          number,
          date,
          versionId: loaded.version.id,
          signerOfficialId: decision.actingAs.actorOfficialId,
          via: decision.actingAs.via,
          holder,
          reservedAt: at,
          leaseUntil: new Date(at.getTime() + input.leaseMs),
        },
      });
      await appendAuditEvent(
        tx,
        {
          actor: user.username,
          action: 'document.number_reserved',
          documentId: loaded.document.id,
          versionHash: loaded.version.contentHash,
          details: { number, seq, year, scope: input.numberingScope, signerOfficialId: decision.actingAs.actorOfficialId, via: decision.actingAs.via },
        },
        at,
      );
      return {
        documentId: loaded.document.id,
        holder,
        scope: input.numberingScope,
        year,
        seq,
        number,
        date,
        versionId: loaded.version.id,
        contentHash: loaded.version.contentHash,
        signerOfficialId: decision.actingAs.actorOfficialId,
        actingAs: decision.actingAs,
      };
    }),
  );
}

interface ProducedPdf {
  readonly staged: StagedObject;
  readonly pageCount: number;
  readonly niks: ReadonlySet<string>;
  readonly parafEvidence: number;
}

/** Step 2, no transaction: render the final PDF, sign it, verify the result, stage it. */
async function produceSignedPdf(deps: IssueDocumentDeps, plan: IssuancePlan, reservation: IssuanceReservationInfo, passphrase: string, at: Date): Promise<ProducedPdf> {
  const { loaded, template, provider, signerOfficial } = plan;
  const officials = new Map((await deps.db.prisma.official.findMany({ where: { id: { in: loaded.steps.map((s) => s.actedByOfficialId ?? s.officialId) } } })).map((o) => [o.id, o]));
  const parafs = new Map<string, string>();
  const attachments: EmbeddedAttachment[] = [];
  const manifest: { position: number; jabatan: string; officialId: string; official: string; at: string; file: string }[] = [];
  for (const step of loaded.steps) {
    if (step.state !== 'done' || !step.actedAt) continue;
    const actedBy = officials.get(step.actedByOfficialId ?? step.officialId);
    const initials = (actedBy?.name ?? '').split(/\s+/).filter(Boolean).map((w) => w[0]).join('').toUpperCase();
    const [y, m, d] = dateInZone(step.actedAt, plan.timeZone).split('-');
    parafs.set(step.jabatan.toLocaleUpperCase('id'), `${initials} ${d}-${m}-${y}`);
    if (step.evidenceCms) {
      const file = `paraf-${step.position}.p7s`;
      attachments.push({ name: file, bytes: Buffer.from(step.evidenceCms, 'base64'), mimeType: 'application/pkcs7-signature', description: `Paraf ${step.jabatan}` });
      manifest.push({ position: step.position, jabatan: step.jabatan, officialId: step.actedByOfficialId ?? step.officialId, official: actedBy?.name ?? step.officialId, at: step.actedAt.toISOString(), file });
    }
  }
  if (attachments.length > 0) {
    // The shape verify-pdf reads: the version hash every paraf evidence signs, and one entry per file.
    const manifestJson = { contentHash: loaded.version.contentHash, documentId: loaded.document.id, entries: manifest };
    attachments.push({ name: PARAF_MANIFEST_NAME, bytes: Buffer.from(JSON.stringify(manifestJson, null, 2)), mimeType: 'application/json', description: 'Daftar bukti paraf' });
  }
  // The data and the content manifest the paraf signed: a holder of the PDF recomputes the content hash.
  attachments.push({ name: EMBEDDED_DATA_NAME, bytes: Buffer.from(loaded.version.dataYaml, 'utf8'), mimeType: 'application/yaml', description: 'Data dokumen yang diparaf', relationship: 'Source' });
  attachments.push({ name: EMBEDDED_MANIFEST_NAME, bytes: Buffer.from(loaded.version.manifestJson, 'utf8'), mimeType: 'application/json', description: 'Manifes hash isi (data, templat, sumber)', relationship: 'Supplement' });

  const chain = [...loaded.steps].sort((a, b) => b.position - a.position).map((st) => st.jabatan.toLocaleUpperCase('id'));
  const via = reservation.actingAs.via;
  const yamlText = finalDataYaml(loaded.version.dataYaml, reservation.number, reservation.date, chain, parafs, via === 'self' ? undefined : { nama: signerOfficial.name, status: via });
  const source = parseDocumentData(yamlText, `dokumen-${loaded.document.id}.yaml`, deps.dataDir);
  const composed = await composeDocument(template, source, { ...(deps.emblem ? { emblem: deps.emblem } : {}), programConfig: deps.programConfig ?? loadProgramConfig() });
  const model = {
    ...composed.model,
    electronicSignature: {
      footerText: E_SIGN_FOOTER.replace('{issuer}', plan.issuer),
      verifyUrl: `${deps.baseUrl}/verifikasi/${loaded.document.id}`,
    },
  };
  const rendered = await renderPdf(model, { fonts: deps.fonts, sources: composed.sources, clock: at });
  if (!rendered.bytes) throw new AppError('SIGNING_FAILED', 'Renderer tidak menghasilkan PDF.');
  const slot = rendered.signatureSlots[0];
  const signed = await provider.signPdf({
    pdf: rendered.bytes,
    signer: { officialId: signerOfficial.id, name: signerOfficial.name, jabatan: signerOfficial.jabatan, ...(signerOfficial.nik ? { nik: signerOfficial.nik } : {}) },
    passphrase,
    clock: at,
    slot: slot ? { page: slot.page + 1, x: slot.x, y: slot.y, width: slot.width, height: slot.height } : undefined,
    reason: `Penetapan ${template.meta.title} Nomor ${reservation.number}`,
    location: template.meta.place,
    // /M and the visible time in the region's WIB/WITA/WIT
    timeZone: plan.timeZone,
    // The paraf evidence stays in the database when a remote service signs (it embeds nothing).
    ...(provider.kind === 'local' ? { attachments } : {}),
  });
  await checkSignedResult(deps, plan, rendered.bytes, signed);
  const niks = await collectNiks(composed.sources);
  const staged = await deps.fileStore.stage(signed, { owner: `doc-${plan.loaded.document.id}` });
  return { staged, pageCount: rendered.pageCount, niks, parafEvidence: provider.kind === 'local' ? manifest.length : 0 };
}

/**
 * What a signer returns is accepted only when it is the PDF we rendered, unchanged, with one more
 * signature that is intact and covers the whole file (and, with local keys, chains to our CA and names
 * the signer).
 */
async function checkSignedResult(deps: IssueDocumentDeps, plan: IssuancePlan, rendered: Uint8Array, signed: Uint8Array): Promise<void> {
  const refuse = (why: string): never => {
    throw new AppError('SIGNING_FAILED', `Hasil penandatanganan ditolak: ${why}. Tidak ada nomor yang terpakai; coba lagi atau hubungi admin.`);
  };
  if (!startsWith(signed, rendered)) refuse('berkas yang dikembalikan penanda tangan bukan PDF yang dikirim ditambah tanda tangan (isinya diubah)');
  const local = plan.provider.kind === 'local';
  const result = await verifyPdf(signed, { trustAnchors: local ? deps.keystore.trustAnchors() : [] });
  // the rendered PDF carries no signature: exactly one must come back (document time stamps a
  // long-term signer appends after it are allowed, anything else is not)
  const signatures = result.signatures.filter((s) => s.kind === 'signature');
  if (signatures.length !== 1) refuse(`berisi ${signatures.length} tanda tangan, bukan satu`);
  const ours = signatures[0]!;
  if (!ours.digestOk || !ours.signatureOk) refuse(`tanda tangan tidak utuh (${ours.problems.join('; ') || 'digest atau tanda tangan salah'})`);
  if (!ours.revisionIsPrefix) refuse('tanda tangan tidak menutup revisi berkas yang utuh');
  if (local) {
    if (!result.valid) refuse(result.problems.concat(ours.problems).join('; ') || 'verifikasi gagal');
    if (ours.signerName !== undefined && ours.signerName !== plan.signerOfficial.name) refuse(`ditandatangani oleh ${ours.signerName}, bukan ${plan.signerOfficial.name}`);
  } else if (!ours.coversWholeFile && result.signatures.some((s) => s.kind === 'timestamp' && !s.digestOk)) {
    refuse('stempel waktu yang ditambahkan tidak utuh');
  }
}

/** Step 3, one transaction: the reservation is still ours; the document signed; archive; audit. */
async function finaliseIssuance(
  deps: IssueDocumentDeps,
  plan: IssuancePlan,
  reservation: IssuanceReservationInfo,
  produced: ProducedPdf,
  at: Date,
): Promise<{ readonly pdfSha256: string }> {
  const { loaded, template, signerOfficial } = plan;
  return runTransition(deps.db, (transact) =>
    transact(async (tx) => {
      const held = await tx.issuanceReservation.deleteMany({ where: { documentId: reservation.documentId, holder: reservation.holder } });
      if (held.count !== 1) {
        throw new AppError('SIGNING_FAILED', `Pemesanan nomor ${reservation.number} sudah kedaluwarsa dan dilepas sebelum penandatanganan selesai; tanda tangani lagi.`);
      }
      const document = await tx.document.findUniqueOrThrow({ where: { id: reservation.documentId } });
      await compareAndSetDocument(tx, { id: document.id, lockVersion: document.lockVersion, state: 'signing' }, { state: 'signed' });
      await tx.document.update({ where: { id: document.id }, data: { number: reservation.number, numberSeq: reservation.seq, numberYear: reservation.year, signedAt: at } });
      const jdih: JdihMetadata = {
        jenis: template.meta.title.split(' ')[0] === 'INSTRUKSI' ? 'Instruksi' : 'Keputusan',
        nomor: reservation.number,
        tahun: reservation.year,
        judul: `${template.meta.title} NOMOR ${reservation.number} TENTANG ${loaded.document.tentang.toUpperCase()}`,
        tempatPenetapan: template.meta.place,
        tanggalPenetapan: reservation.date,
        subjek: loaded.document.tentang,
        status: 'berlaku',
        bahasa: 'Indonesia',
        bidangHukum: 'Hukum Tata Negara',
        teuBadan: template.meta.region,
        penandatangan: signerOfficial.name,
      };
      await recordIssuedDocument(tx, {
        documentId: document.id,
        kind: template.kind,
        number: reservation.number,
        year: reservation.year,
        date: new Date(`${reservation.date}T00:00:00Z`),
        tentang: loaded.document.tentang,
        signerName: signerOfficial.name,
        region: loaded.document.region ?? template.meta.region,
        pdf: produced.staged,
        jdih,
        niks: produced.niks,
      });
      await appendAuditEvent(
        tx,
        {
          actor: plan.username,
          action: 'document.signed',
          documentId: document.id,
          versionHash: reservation.contentHash,
          details: {
            number: reservation.number,
            date: reservation.date,
            pdfSha256: produced.staged.sha256,
            signerOfficialId: signerOfficial.id,
            via: reservation.actingAs.via,
            pages: produced.pageCount,
            parafEvidence: produced.parafEvidence,
            signer: plan.provider.kind,
            participants: produced.niks.size,
          },
        },
        at,
      );
      await deps.beforeCommit?.();
      return { pdfSha256: produced.staged.sha256 };
    }),
  );
}

/**
 * Gives a reservation back: the number to the register, the document to ready_to_sign, audited with the
 * reason. `holder` limits it to the process that holds it; `expiredBefore` (recovery) to leases that ran
 * out. Returns false when the reservation was not there (already finalised or released).
 */
export async function releaseIssuance(
  db: UseCaseDb,
  target: { readonly documentId: string; readonly holder?: string; readonly expiredBefore?: Date },
  reason: string,
  actor: string,
  at: Date,
): Promise<boolean> {
  return runTransition(db, (transact) =>
    transact(async (tx) => {
      const reservation = await tx.issuanceReservation.findUnique({ where: { documentId: target.documentId } });
      if (!reservation) return false;
      if (target.holder !== undefined && reservation.holder !== target.holder) return false;
      if (target.expiredBefore !== undefined && reservation.leaseUntil.getTime() >= target.expiredBefore.getTime()) return false;
      const gone = await tx.issuanceReservation.deleteMany({ where: { documentId: reservation.documentId, holder: reservation.holder, leaseUntil: reservation.leaseUntil } });
      if (gone.count !== 1) return false;
      await releaseNumber(tx, reservation.scope, reservation.year, reservation.seq, at);
      const document = await tx.document.findUniqueOrThrow({ where: { id: reservation.documentId } });
      if (document.state === 'signing') {
        await compareAndSetDocument(tx, { id: document.id, lockVersion: document.lockVersion, state: 'signing' }, { state: 'ready_to_sign' });
      }
      await appendAuditEvent(
        tx,
        {
          actor,
          action: 'document.number_released',
          documentId: reservation.documentId,
          details: { number: reservation.number, seq: reservation.seq, year: reservation.year, scope: reservation.scope, reason: reason.slice(0, 500) },
        },
        at,
      );
      return true;
    }),
  );
}

/**
 * Releases every reservation whose lease ran out before `now` (its holder died or hung): the next start
 * of the server or a worker, and a periodic sweep, call this. Live holders renew their lease, so their
 * work is never taken from them.
 */
export async function recoverAbandonedIssuances(db: UseCaseDb, options?: UseCaseOptions): Promise<{ readonly released: readonly string[] }> {
  const now = clockOf(options)();
  const expired = await db.prisma.issuanceReservation.findMany({ where: { leaseUntil: { lt: now } }, select: { documentId: true, number: true } });
  const released: string[] = [];
  for (const r of expired) {
    if (await releaseIssuance(db, { documentId: r.documentId, expiredBefore: now }, 'masa pemesanan habis: proses penandatanganan berhenti sebelum selesai', 'sistem', now)) {
      released.push(r.number);
    }
  }
  return { released };
}

/** Renews the reservation's lease every third of it until stopped. */
function keepLease(db: UseCaseDb, reservation: IssuanceReservationInfo, leaseMs: number, clock: () => Date): () => void {
  const timer = setInterval(() => {
    db.prisma.issuanceReservation
      .updateMany({ where: { documentId: reservation.documentId, holder: reservation.holder }, data: { leaseUntil: new Date(clock().getTime() + leaseMs) } })
      .catch(() => undefined);
  }, Math.max(1000, Math.floor(leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

function describeFailure(error: unknown): string {
  if (isAppError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export async function issueDocument(deps: IssueDocumentDeps, input: IssueDocumentInput, options?: UseCaseOptions): Promise<IssueDocumentResult> {
  const clock = clockOf(options);
  const at = clock();
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const plan = await planIssuance(deps, input, at);
  const reservation = await reserveIssuance(
    deps.db,
    {
      documentId: input.documentId,
      username: input.username,
      contentHash: input.contentHash,
      numberingPattern: plan.numberingPattern,
      numberingScope: plan.numberingScope,
      timeZone: plan.timeZone,
      leaseMs,
    },
    at,
  );
  // the lease runs on the wall clock even when the decree's time is fixed by a test
  const stopLease = keepLease(deps.db, reservation, leaseMs, () => new Date());
  let produced: ProducedPdf | undefined;
  let finalised: { readonly pdfSha256: string };
  try {
    await deps.afterNumbering?.(reservation.number);
    produced = await produceSignedPdf(deps, plan, reservation, input.passphrase, at);
    finalised = await finaliseIssuance(deps, plan, reservation, produced, at);
  } catch (error) {
    await produced?.staged.abort().catch(() => undefined);
    await releaseIssuance(deps.db, { documentId: reservation.documentId, holder: reservation.holder }, describeFailure(error), input.username, clock()).catch(() => undefined);
    throw error;
  } finally {
    stopLease();
  }
  // Recorded: from here the file must never be removed. Should naming it fail, the pending file stays and
  // the sweep finishes it (the database records it).
  await produced.staged.commit();
  return {
    documentId: reservation.documentId,
    number: reservation.number,
    date: reservation.date,
    pdfSha256: finalised.pdfSha256,
    pdfPath: deps.fileStore.location(finalised.pdfSha256),
    pageCount: produced.pageCount,
  };
}

/** Where stored drafts' relative `sumber` files live. */
export function listsDir(dataDir: string): string {
  return path.join(dataDir, 'daftar');
}
