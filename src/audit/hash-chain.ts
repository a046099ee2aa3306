/**
 * The audit hash chain, pure: how an event's hash is computed and how a sequence of events is verified.
 * hash = sha256(canonicalJson({ seq, at, actor, action, documentId, versionHash, details, prevHash })),
 * prevHash of the first event = 64 zeros. Imports only canonical-json; no database.
 */
import { canonicalHash } from './canonical-json.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; seq, prevHash and hash are assigned when the event is chained. */
export interface AuditEventInput {
  readonly actor: string;
  readonly action: string;
  readonly documentId?: string | null;
  readonly versionHash?: string | null;
  readonly details?: unknown;
}

export interface ChainedAuditEvent {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly action: string;
  readonly documentId: string | null;
  readonly versionHash: string | null;
  readonly details: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export type ChainBreakReason = 'SEQUENCE_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH' | 'HEAD_MISMATCH';

export type ChainVerification =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: ChainBreakReason; readonly message: string; readonly count: number };

/** The last link as recorded elsewhere (the chain-head row): lets verify notice events cut from the end. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export function computeEventHash(event: Omit<ChainedAuditEvent, 'hash'>): string {
  return canonicalHash({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    documentId: event.documentId,
    versionHash: event.versionHash,
    details: event.details ?? null,
    prevHash: event.prevHash,
  });
}

/** Links `input` after `previous` (undefined for the first event of the chain). */
export function chainEvent(previous: Pick<ChainedAuditEvent, 'seq' | 'hash'> | undefined, input: AuditEventInput, at: Date): ChainedAuditEvent {
  const unhashed = {
    seq: previous ? previous.seq + 1 : 1,
    at: new Date(at.getTime()),
    actor: input.actor,
    action: input.action,
    documentId: input.documentId ?? null,
    versionHash: input.versionHash ?? null,
    details: input.details ?? null,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...unhashed, hash: computeEventHash(unhashed) };
}

/**
 * Incremental verifier, so a long chain can be checked page by page from the database. Feed events in
 * ascending seq order; `push` returns the first break and keeps returning it afterwards.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private broken: Extract<ChainVerification, { ok: false }> | undefined;

  push(event: ChainedAuditEvent): Extract<ChainVerification, { ok: false }> | undefined {
    if (this.broken) return this.broken;
    if (event.seq !== this.expectedSeq) {
      const missing = event.seq > this.expectedSeq;
      return this.fail(
        this.expectedSeq,
        'SEQUENCE_GAP',
        missing
          ? `peristiwa ${this.expectedSeq} hilang (peristiwa berikutnya yang ada: ${event.seq})`
          : `peristiwa ${event.seq} muncul tidak berurutan atau dua kali, padahal yang diharapkan peristiwa ${this.expectedSeq}`,
      );
    }
    if (event.prevHash !== this.prevHash) {
      return this.fail(event.seq, 'PREV_HASH_MISMATCH', `peristiwa ${event.seq} tidak menunjuk hash peristiwa ${event.seq - 1}: ada peristiwa sebelumnya yang dihapus, disisipkan atau diganti`);
    }
    if (computeEventHash(event) !== event.hash) {
      return this.fail(event.seq, 'HASH_MISMATCH', `peristiwa ${event.seq} diubah setelah dicatat: isinya tidak lagi cocok dengan hash-nya`);
    }
    this.count += 1;
    this.expectedSeq = event.seq + 1;
    this.prevHash = event.hash;
    return undefined;
  }

  finish(head?: ChainHead): ChainVerification {
    if (this.broken) return this.broken;
    const last = this.expectedSeq - 1;
    if (head && head.seq > last) {
      return this.fail(last + 1, 'HEAD_MISMATCH', `kepala rantai mencatat ${head.seq} peristiwa tetapi hanya ${last} yang ada: peristiwa mulai ${last + 1} dihapus`);
    }
    if (head && head.seq < last) {
      return this.fail(head.seq + 1, 'HEAD_MISMATCH', `peristiwa mulai ${head.seq + 1} ditambahkan di luar rantai: kepala rantai berhenti pada peristiwa ${head.seq}`);
    }
    if (head && head.hash !== this.prevHash) {
      return this.fail(last, 'HEAD_MISMATCH', `hash peristiwa ${last} tidak sama dengan yang dicatat kepala rantai`);
    }
    return { ok: true, count: this.count, headHash: this.prevHash };
  }

  private fail(brokenAt: number, reason: ChainBreakReason, message: string): Extract<ChainVerification, { ok: false }> {
    this.broken = { ok: false, brokenAt, reason, message, count: this.count };
    return this.broken;
  }
}

/** Verifies events given in ascending seq order; names the first broken link. */
export function verifyChain(events: Iterable<ChainedAuditEvent>, head?: ChainHead): ChainVerification {
  const verifier = new ChainVerifier();
  for (const event of events) {
    if (verifier.push(event)) break;
  }
  return verifier.finish(head);
}
