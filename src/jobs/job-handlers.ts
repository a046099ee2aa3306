/**
 * What each job does: thin adapters from a job's payload to the use cases, built from the services (the
 * same object the CLI and the web app use). Each is idempotent — a try retried after a crash finds what
 * an earlier try finished and returns it:
 *   list.import      the uploaded file fetched from the store → import under the list id the payload
 *                    fixes (a stored list with that id is the result);
 *   list.approve     approve within the quota (approving twice is refused, once approved it stays);
 *   document.preview render into the preview cache (a cached preview is the result);
 *   document.issue   the three-step issuance (a later try finds what an earlier one issued; a reservation still held
 *                    under a live lease is waited for — RETRY_LATER — and one whose lease ran out is
 *                    released first).
 * archive.extend and notification.send have their types and payloads; their handlers come with the
 * features they run.
 * May import: app services, jobs/*, storage, use cases, the AppError module.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Services } from '../app/services.ts';
import { AppError } from '../errors/app-error.ts';
import type { ApprovalOrder } from '../participants/approve-within-quota.ts';
import type { PreviewCache } from '../storage/preview-cache.ts';
import { approveParticipantList } from '../use-cases/approve-participant-list.ts';
import { importParticipantList } from '../use-cases/import-participant-list.ts';
import { issueDocument, recoverAbandonedIssuances, type IssueDocumentDeps } from '../use-cases/issue-document.ts';
import { renderPreview } from '../use-cases/preview-document.ts';
import type { JobHandlers } from './job-queue.ts';
import type { JobSealer } from './job-secrets.ts';

export interface JobHandlerDeps {
  readonly services: Services;
  readonly sealer: JobSealer;
  readonly previewCache: PreviewCache;
  /** The clock of the use cases (tests fix it). */
  readonly now?: () => Date;
}

/** At most this many rows outside the quota are kept in a job's result (the list keeps them all). */
const OUTSIDE_QUOTA_SHOWN = 2000;

/** An uploaded file's name, safe as a file name in a private folder (the reader picks CSV/XLSX by its extension). */
export function safeUploadName(fileName: string): string {
  const base = path.basename(fileName).replace(/[^A-Za-z0-9 ._()-]+/g, '_').slice(0, 120);
  const ext = path.extname(base).toLowerCase();
  return ext === '.csv' || ext === '.xlsx' ? base : `daftar${ext === '' ? '.csv' : ext}`;
}

export function issueDepsOf(services: Services): IssueDocumentDeps {
  return {
    db: services.db,
    templatesDir: services.config.templatesDir,
    dataDir: services.config.dataDir,
    fonts: services.fonts,
    ...(services.emblem ? { emblem: services.emblem } : {}),
    keystore: services.keystore,
    signerProvider: services.signerProvider,
    fileStore: services.fileStore,
    baseUrl: services.config.baseUrl,
    programConfig: services.programConfig(),
  };
}

export function createJobHandlers(deps: JobHandlerDeps): JobHandlers {
  const { services } = deps;
  const { db, config } = services;
  const useCaseOptions = deps.now ? { now: deps.now } : {};

  return {
    async 'list.import'(payload, ctx) {
      const dir = path.join(config.dataDir, 'tmp', `job-${ctx.id}-${ctx.attempt}`);
      const file = path.join(dir, safeUploadName(payload.fileName));
      await mkdir(dir, { recursive: true });
      try {
        await services.fileStore.copyToFile(payload.uploadSha256, file);
        const result = await importParticipantList(
          db,
          {
            file,
            program: payload.program,
            year: payload.year,
            username: payload.username,
            listId: payload.listId,
            fileName: payload.fileName,
            ...(payload.region ? { region: payload.region } : {}),
            onProgress: (rows: number) => ctx.progress({ done: rows, unit: 'baris' }),
          },
          useCaseOptions,
        );
        const { issues: _issues, ...summary } = result.report;
        return { listId: result.listId, report: { ...summary, file: payload.fileName } };
      } catch (error) {
        // messages name the file the user uploaded, not this worker's copy
        if (!(error instanceof AppError) || error.location.file !== file) throw error;
        throw new AppError(error.code, error.message.replaceAll(file, payload.fileName), { ...error.location, file: payload.fileName, details: error.details, cause: error });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },

    async 'list.approve'(payload) {
      // approving twice is refused by the use case itself (INVALID_STATE), also when an earlier try of
      // this job approved it before the worker died: the approval stands, once
      const result = await approveParticipantList(
        db,
        {
          listId: payload.listId,
          username: payload.username,
          order: payload.order as ApprovalOrder,
          programConfig: services.programConfig(),
          dataDir: config.dataDir,
          fileStore: services.fileStore,
        },
        useCaseOptions,
      );
      return { ...result, outsideQuotaCount: result.outsideQuota, outsideQuotaFirst: result.outsideQuotaFirst.slice(0, OUTSIDE_QUOTA_SHOWN) };
    },

    async 'document.preview'(payload, ctx) {
      const rendered = await renderPreview(
        {
          db,
          templatesDir: config.templatesDir,
          dataDir: config.dataDir,
          fonts: services.fonts,
          ...(services.emblem ? { emblem: services.emblem } : {}),
          fileStore: services.fileStore,
          previewCache: deps.previewCache,
          programConfig: services.programConfig(),
        },
        { documentId: payload.documentId, format: payload.format },
        (p) => ctx.progress({ done: p.done, ...(p.total !== undefined ? { total: p.total } : {}), unit: p.unit === 'rows' ? 'baris' : 'halaman' }),
      );
      return { ...rendered, documentId: payload.documentId, format: payload.format };
    },

    async 'document.issue'(payload, ctx) {
      const issuedAlready = async () => {
        const issued = await db.prisma.issuedDocument.findUnique({ where: { documentId: payload.documentId } });
        return issued ? { documentId: issued.documentId, number: issued.number, pdfSha256: issued.pdfSha256, state: 'signed' } : undefined;
      };
      const doc = await db.prisma.document.findUnique({ where: { id: payload.documentId }, select: { state: true } });
      // a later try of this job finds the decree an earlier try issued (a first try is refused as usual)
      if (doc?.state === 'signed' && ctx.attempt > 1) {
        const done = await issuedAlready();
        if (done) return done;
      }
      if (doc?.state === 'signing') {
        // an earlier try (or another request) holds the number: wait for its lease, release it once it ran out
        await recoverAbandonedIssuances(db, useCaseOptions);
        const now = await db.prisma.document.findUnique({ where: { id: payload.documentId }, select: { state: true } });
        if (now?.state === 'signing') throw new AppError('RETRY_LATER', 'Dokumen ini sedang ditandatangani oleh proses lain; pekerjaan diulang setelah masa sewanya.');
        if (now?.state === 'signed' && ctx.attempt > 1) {
          const done = await issuedAlready();
          if (done) return done;
        }
      }
      const issued = await issueDocument(
        issueDepsOf(services),
        { documentId: payload.documentId, username: payload.username, passphrase: deps.sealer.open(payload.sealedPassphrase), contentHash: payload.contentHash },
        useCaseOptions,
      );
      return { documentId: issued.documentId, number: issued.number, date: issued.date, pdfSha256: issued.pdfSha256, pageCount: issued.pageCount, state: 'signed' };
    },
  };
}
