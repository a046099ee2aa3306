/**
 * The kinds of background work naskah runs as jobs, each with the payload it carries (validated when a
 * job is submitted and again when a worker takes it), how often it is tried and how long one try may
 * take. Payloads carry ids and content hashes — never file contents, and secrets only sealed
 * (job-secrets.ts).
 * May import zod.
 */
import { z } from 'zod';

export const JOB_TYPES = ['list.import', 'list.approve', 'document.preview', 'document.issue', 'archive.extend', 'notification.send'] as const;
export type JobType = (typeof JOB_TYPES)[number];

/** queued → running → completed; a try that fails waits in retry; `failed` = refused input (not retried); `dead` = every try failed. */
export const JOB_STATES = ['queued', 'running', 'retry', 'completed', 'failed', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];
export const FINAL_JOB_STATES: readonly JobState[] = ['completed', 'failed', 'dead'];

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const Username = z.string().min(1).max(200);
const Id = z.string().min(1).max(100);

export const JOB_PAYLOADS = {
  'list.import': z.object({
    /** The id the new list gets: a retried import finds the list an earlier try stored. */
    listId: z.string().uuid(),
    /** The uploaded file in the file store. */
    uploadSha256: Sha256,
    fileName: z.string().min(1).max(255),
    program: z.enum(['pbpu-pemda', 'ppu-tkk']),
    /** The region the list belongs to, when the importer has several (one of theirs). */
    region: z.string().min(1).max(100).optional(),
    year: z.number().int().min(2000).max(2999),
    username: Username,
  }),
  'list.approve': z.object({ listId: Id, username: Username, order: z.string().min(1).max(40) }),
  'document.preview': z.object({ documentId: Id, versionId: Id, format: z.enum(['pdf', 'docx']) }),
  'document.issue': z.object({
    documentId: Id,
    username: Username,
    contentHash: Sha256,
    /** The signer's key passphrase, sealed with the job secret. */
    sealedPassphrase: z.string().min(1).max(4000),
  }),
  'archive.extend': z.object({ documentId: Id.optional(), username: Username }),
  'notification.send': z.object({ notificationId: Id }),
} as const satisfies Record<JobType, z.ZodType>;

export type JobPayload<T extends JobType> = z.infer<(typeof JOB_PAYLOADS)[T]>;

export interface JobPolicy {
  /** Tries in all, the first included. */
  readonly maxAttempts: number;
  /** Longest one try may run before it is taken as lost (a crashed worker's job is retried after it). */
  readonly timeoutSeconds: number;
  /** First wait before a retry; doubled for each later one. */
  readonly backoffSeconds: number;
  /** Payload fields removed from the record once the job ended. */
  readonly scrubOnEnd?: readonly string[];
}

export const JOB_POLICIES: Readonly<Record<JobType, JobPolicy>> = {
  'list.import': { maxAttempts: 3, timeoutSeconds: 3600, backoffSeconds: 10 },
  'list.approve': { maxAttempts: 3, timeoutSeconds: 1800, backoffSeconds: 10 },
  'document.preview': { maxAttempts: 2, timeoutSeconds: 1800, backoffSeconds: 5 },
  'document.issue': { maxAttempts: 5, timeoutSeconds: 900, backoffSeconds: 5, scrubOnEnd: ['sealedPassphrase'] },
  'archive.extend': { maxAttempts: 5, timeoutSeconds: 3600, backoffSeconds: 60 },
  'notification.send': { maxAttempts: 8, timeoutSeconds: 120, backoffSeconds: 30 },
};

/** Labels shown in the web app. */
export const JOB_LABELS: Readonly<Record<JobType, string>> = {
  'list.import': 'Impor daftar peserta',
  'list.approve': 'Persetujuan daftar peserta',
  'document.preview': 'Pratinjau dokumen',
  'document.issue': 'Penandatanganan dan penerbitan',
  'archive.extend': 'Perpanjangan arsip (cap waktu)',
  'notification.send': 'Pemberitahuan',
};

export function isJobType(value: string): value is JobType {
  return (JOB_TYPES as readonly string[]).includes(value);
}
