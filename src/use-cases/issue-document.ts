/**
 * Use case: sign and issue a document that is ready to sign.
 *   load → check (signer or their Plt./Plh., current version, passphrase) → number → render the final
 *   PDF (number, date, paraf, e-signature footer + QR) → sign (PAdES B-B, paraf evidence embedded) →
 *   store (content-addressed) → archive → audit.
 * Numbering, the state change, the archive record and the audit event are one transaction: a failure
 * anywhere (or a crash) consumes no number. The signed PDF is staged under a pending name before the
 * commit and given its real name after it; a crash in between leaves only a pending file, which the
 * sweep of a long-running process finishes or removes once it is older than the lease
 * (FileStore.sweepStaged, src/app/services.ts).
 * Imports: db, workflow, audit, compose, render, sign, storage, archive.
 */
import path from 'node:path';
import { parseDocument } from 'yaml';
import { appendAuditEvent } from '../audit/append-audit-event.ts';
import { recordIssuedDocument, type JdihMetadata } from '../archive/record-issued-document.ts';
import { composeDocument } from '../compose/compose-document.ts';
import { parseDocumentData } from '../compose/document-data.ts';
import { loadTemplate } from '../compose/load-template.ts';
import { assignNumber, formatNumber } from '../db/number-register.ts';
import { AppError } from '../errors/app-error.ts';
import type { EmblemImage, RowSources } from '../model/document-model.ts';
import type { FontFiles } from '../render/fonts.ts';
import { renderPdf } from '../render/pdf/render-pdf.ts';
import type { Keystore } from '../sign/keystore.ts';
import type { EmbeddedAttachment } from '../sign/sign-pdf.ts';
import { LocalSignerProvider, type SignerProvider } from '../sign/signer-provider.ts';
import { ensureDocumentSources } from '../storage/data-files.ts';
import type { FileStore, StagedObject } from '../storage/file-store.ts';
import { PARAF_MANIFEST_NAME } from '../verify/verify-pdf.ts';
import { compareAndSetDocument, runTransition } from '../workflow/compare-and-set.ts';
import { loadDelegations, loadDocument, resolveActor } from '../workflow/load-workflow.ts';
import { decideSign, refusalError } from '../workflow/paraf-state.ts';
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
  /** Test hook: runs after the number is assigned, inside the transaction (crash tests kill here). */
  readonly afterNumbering?: (number: string) => Promise<void> | void;
  /** Test hook: runs when the signed PDF is staged and every row written, just before the commit. */
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

/** ISO date (YYYY-MM-DD) of `at` in Western Indonesian Time, the date a decree carries. */
function dateInJakarta(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
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

export async function issueDocument(deps: IssueDocumentDeps, input: IssueDocumentInput, options?: UseCaseOptions): Promise<IssueDocumentResult> {
  const clock = clockOf(options);
  const { db } = deps;
  let staged: StagedObject | undefined;
  try {
    const result = await runTransition(db, async (transact) => {
      const { user, actor } = await resolveActor(db.prisma, input.username);
      const loaded = await loadDocument(db.prisma, input.documentId);
      // The frozen lists the data names, fetched from the shared store when this machine lacks them.
      await ensureDocumentSources({ db, fileStore: deps.fileStore, dataDir: deps.dataDir }, loaded.version.dataYaml);
      const at = clock();
      const delegations = await loadDelegations(db.prisma, loaded.workflow.signerOfficialId ? [loaded.workflow.signerOfficialId] : []);
      const decision = decideSign(loaded.workflow, actor, { contentHash: input.contentHash, at, delegations });
      if (!decision.ok) throw refusalError(decision);
      const signerOfficial = await db.prisma.official.findUniqueOrThrow({ where: { id: decision.actingAs.actorOfficialId } });
      const provider = deps.signerProvider ?? new LocalSignerProvider(deps.keystore);
      // With local keys a wrong passphrase is refused before anything is numbered; a remote service
      // refuses during signing, which rolls the number back with everything else.
      const localCertificate =
        provider.kind === 'local' ? deps.keystore.loadSigner(signerOfficial.id, input.passphrase).certificateChain[0] : deps.keystore.officialCertificate(signerOfficial.id);
      const issuerCn = (localCertificate?.issuer.getField('CN') as { value?: string } | null)?.value;
      const issuer = issuerCn ?? (provider.kind === 'bsre' ? 'Balai Sertifikasi Elektronik (BSrE) BSSN' : 'penyelenggara sertifikasi elektronik');
      const template = loadTemplate(deps.templatesDir, loaded.document.kindId);
      const kind = await db.prisma.documentKind.findUniqueOrThrow({ where: { id: loaded.document.kindId } });

      const officials = new Map((await db.prisma.official.findMany()).map((o) => [o.id, o]));
      const parafs = new Map<string, string>();
      const attachments: EmbeddedAttachment[] = [];
      const manifest: { position: number; jabatan: string; officialId: string; official: string; at: string; file: string }[] = [];
      for (const step of loaded.steps) {
        if (step.state !== 'done' || !step.actedAt) continue;
        const actedBy = officials.get(step.actedByOfficialId ?? step.officialId);
        const initials = (actedBy?.name ?? '').split(/\s+/).filter(Boolean).map((w) => w[0]).join('').toUpperCase();
        const [y, m, d] = dateInJakarta(step.actedAt).split('-');
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

      return transact(async (tx) => {
        if (staged) {
          // a retried transaction: the earlier attempt's file is not the one that will be recorded
          await staged.abort();
          staged = undefined;
        }
        const date = dateInJakarta(at);
        const year = Number(date.slice(0, 4));
        const seq = await assignNumber(tx, kind.numberingScope, year);
        const number = formatNumber(kind.numberingPattern, { seq, year, klasifikasi: loaded.document.klasifikasi ?? undefined });
        await deps.afterNumbering?.(number);

        const chain = [...loaded.steps].sort((a, b) => b.position - a.position).map((st) => st.jabatan.toLocaleUpperCase('id'));
        const via = decision.actingAs.via;
        const yamlText = finalDataYaml(loaded.version.dataYaml, number, date, chain, parafs, via === 'self' ? undefined : { nama: signerOfficial.name, status: via });
        const source = parseDocumentData(yamlText, `dokumen-${loaded.document.id}.yaml`, deps.dataDir);
        const composed = composeDocument(template, source, deps.emblem ? { emblem: deps.emblem } : {});
        const model = {
          ...composed.model,
          electronicSignature: {
            footerText: E_SIGN_FOOTER.replace('{issuer}', issuer),
            verifyUrl: `${deps.baseUrl}/verifikasi/${loaded.document.id}`,
          },
        };
        const rendered = await renderPdf(model, { fonts: deps.fonts, sources: composed.sources, clock: at });
        if (!rendered.bytes) throw new AppError('SIGNING_FAILED', 'Renderer tidak menghasilkan PDF.');
        const slot = rendered.signatureSlots[0];
        const signed = await provider.signPdf({
          pdf: rendered.bytes,
          signer: { officialId: signerOfficial.id, name: signerOfficial.name, jabatan: signerOfficial.jabatan, ...(signerOfficial.nik ? { nik: signerOfficial.nik } : {}) },
          passphrase: input.passphrase,
          clock: at,
          slot: slot ? { page: slot.page + 1, x: slot.x, y: slot.y, width: slot.width, height: slot.height } : undefined,
          reason: `Penetapan ${template.meta.title} Nomor ${number}`,
          location: template.meta.place,
          // The paraf evidence stays in the database when a remote service signs (it embeds nothing).
          ...(provider.kind === 'local' ? { attachments } : {}),
        });
        staged = await deps.fileStore.stage(signed, { owner: `doc-${loaded.document.id}` });
        const niks = await collectNiks(composed.sources);
        const jdih: JdihMetadata = {
          jenis: template.meta.title.split(' ')[0] === 'INSTRUKSI' ? 'Instruksi' : 'Keputusan',
          nomor: number,
          tahun: year,
          judul: `${template.meta.title} NOMOR ${number} TENTANG ${loaded.document.tentang.toUpperCase()}`,
          tempatPenetapan: template.meta.place,
          tanggalPenetapan: date,
          subjek: loaded.document.tentang,
          status: 'berlaku',
          bahasa: 'Indonesia',
          bidangHukum: 'Hukum Tata Negara',
          teuBadan: template.meta.region,
          penandatangan: signerOfficial.name,
        };
        await recordIssuedDocument(tx, {
          documentId: loaded.document.id,
          kind: template.kind,
          number,
          year,
          date: new Date(`${date}T00:00:00Z`),
          tentang: loaded.document.tentang,
          signerName: signerOfficial.name,
          region: loaded.document.region ?? template.meta.region,
          pdf: staged,
          jdih,
          niks,
        });
        await compareAndSetDocument(tx, { id: loaded.document.id, lockVersion: loaded.document.lockVersion, state: 'ready_to_sign' }, { state: 'signed' });
        await tx.document.update({ where: { id: loaded.document.id }, data: { number, numberSeq: seq, numberYear: year, signedAt: at } });
        await appendAuditEvent(
          tx,
          {
            actor: user.username,
            action: 'document.signed',
            documentId: loaded.document.id,
            versionHash: loaded.version.contentHash,
            details: {
              number,
              date,
              pdfSha256: staged.sha256,
              signerOfficialId: signerOfficial.id,
              via: decision.actingAs.via,
              pages: rendered.pageCount,
              parafEvidence: provider.kind === 'local' ? manifest.length : 0,
              signer: provider.kind,
              participants: niks.size,
            },
          },
          at,
        );
        await deps.beforeCommit?.();
        return { documentId: loaded.document.id, number, date, pdfSha256: staged.sha256, pageCount: rendered.pageCount };
      });
    });
    await staged!.commit();
    return { ...result, pdfPath: deps.fileStore.location(result.pdfSha256) };
  } catch (error) {
    await staged?.abort();
    throw error;
  }
}

/** Where stored drafts' relative `sumber` files live. */
export function listsDir(dataDir: string): string {
  return path.join(dataDir, 'daftar');
}
