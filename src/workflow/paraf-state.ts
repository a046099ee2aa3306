/**
 * The paraf hierarki as a pure state machine: document states, the transitions submit, paraf, return,
 * revise and sign, and who may take them. Decides only; the use cases load, call these, then write with
 * a compare-and-set. Imports only the error type — no database, no clock (the moment is passed in).
 *
 *   draft ──submit──► in_paraf ──paraf (last)──► ready_to_sign ──sign──► signing ──finalise──► signed
 *     ▲                 │ ▲ paraf (not last)               ▲                 │
 *     │                 └─┘                                └─────release─────┘
 *     └──revise── returned ◄──return── in_paraf          (revise from any state but signing/signed:
 *                                                         new version, chain restarts, back to draft)
 *
 * Every decision that acts on a version takes the content hash the actor saw (baseContentHash) and
 * refuses a stale one; every decision checks the actor's regions against the document's region. The use
 * cases call these inside the transaction that writes, on rows read in that transaction.
 */
import { AppError, type ErrorCode } from '../errors/app-error.ts';

export const DOCUMENT_STATES = ['draft', 'in_paraf', 'returned', 'ready_to_sign', 'signing', 'signed'] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

/** superseded: a step still pending when its version was revised; it can never be acted on. */
export const PARAF_STEP_STATES = ['pending', 'done', 'returned', 'superseded'] as const;
export type ParafStepState = (typeof PARAF_STEP_STATES)[number];

/** approver: approves participant lists within the quota (never a list the same user imported). */
export const USER_ROLES = ['drafter', 'paraf', 'signer', 'approver', 'archivist', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const DELEGATION_KINDS = ['plt', 'plh'] as const;
export type DelegationKind = (typeof DELEGATION_KINDS)[number];

export type WorkflowAction = 'submit' | 'paraf' | 'return' | 'revise' | 'sign';

/** The user acting, with the official they are (if any). */
export interface WorkflowActor {
  readonly userId: string;
  readonly officialId: string | null;
  readonly roles: readonly UserRole[];
  /** Region ids the user may act in (User.regions). */
  readonly regions: readonly string[];
}

export interface WorkflowStep {
  readonly position: number;
  readonly officialId: string;
  readonly state: ParafStepState;
}

export interface DelegationGrant {
  readonly id: string;
  /** The official who is replaced. */
  readonly officialId: string;
  readonly delegateOfficialId: string;
  readonly kind: DelegationKind;
  readonly validFrom: Date;
  readonly validTo: Date;
}

export interface WorkflowDocument {
  readonly state: DocumentState;
  readonly drafterId: string;
  /** Content hash of the current version. */
  readonly contentHash: string;
  /** Paraf steps of the current version, any order. */
  readonly steps: readonly WorkflowStep[];
  readonly signerOfficialId: string | null;
  /** Region id the document belongs to; null only for documents of a kind without a region. */
  readonly region: string | null;
}

/** How the actor stands in for the official whose turn it is. */
export interface ActingAs {
  readonly officialId: string;
  readonly actorOfficialId: string;
  readonly via: 'self' | DelegationKind;
  readonly delegationId: string | null;
}

export type WorkflowRefusalCode = Extract<ErrorCode, 'PARAF_OUT_OF_TURN' | 'STALE_VERSION' | 'INVALID_STATE' | 'DELEGATION_INVALID' | 'FORBIDDEN'>;

export interface WorkflowRefusal {
  readonly ok: false;
  readonly code: WorkflowRefusalCode;
  readonly message: string;
}

export interface TransitionAllowed {
  readonly ok: true;
  readonly from: DocumentState;
  readonly to: DocumentState;
}

export interface StepActionAllowed extends TransitionAllowed {
  readonly step: WorkflowStep;
  readonly actingAs: ActingAs;
}

export type TransitionDecision = TransitionAllowed | WorkflowRefusal;
export type StepActionDecision = StepActionAllowed | WorkflowRefusal;

const STATE_LABEL: Record<DocumentState, string> = {
  draft: 'konsep',
  in_paraf: 'dalam paraf',
  returned: 'dikembalikan',
  ready_to_sign: 'siap ditandatangani',
  signing: 'sedang ditandatangani',
  signed: 'ditandatangani',
};

export function isDocumentState(value: string): value is DocumentState {
  return (DOCUMENT_STATES as readonly string[]).includes(value);
}

/** The region ids of a comma list (User.regions), trimmed, without blanks or repeats. */
export function parseRegions(text: string): string[] {
  return [...new Set(text.split(',').map((r) => r.trim()).filter((r) => r.length > 0))];
}

export function parseRoles(text: string): UserRole[] {
  return text
    .split(',')
    .map((r) => r.trim())
    .filter((r): r is UserRole => (USER_ROLES as readonly string[]).includes(r));
}

function refuse(code: WorkflowRefusalCode, message: string): WorkflowRefusal {
  return { ok: false, code, message };
}

/** The pending step with the lowest position: whose turn it is. */
export function currentStep(steps: readonly WorkflowStep[]): WorkflowStep | undefined {
  let best: WorkflowStep | undefined;
  for (const s of steps) if (s.state === 'pending' && (best === undefined || s.position < best.position)) best = s;
  return best;
}

function isAdmin(actor: WorkflowActor): boolean {
  return actor.roles.includes('admin');
}

/** Whether the actor may see and act on documents of `region` (a document without a region: anyone). */
export function actorInRegion(actor: Pick<WorkflowActor, 'regions'>, region: string | null): boolean {
  return region === null || actor.regions.includes(region);
}

function regionRefusal(doc: WorkflowDocument, actor: WorkflowActor): WorkflowRefusal | undefined {
  if (actorInRegion(actor, doc.region)) return undefined;
  return refuse('FORBIDDEN', `Dokumen ini milik daerah ${doc.region}, yang bukan daerah akun Anda; minta admin menambahkan daerah itu bila Anda memang bertugas di sana.`);
}

function staleRefusal(doc: WorkflowDocument, baseContentHash: string | undefined): WorkflowRefusal | undefined {
  if (baseContentHash === undefined || baseContentHash === doc.contentHash) return undefined;
  return refuse(
    'STALE_VERSION',
    `Versi yang Anda lihat (${baseContentHash.slice(0, 12)}…) bukan versi terkini (${doc.contentHash.slice(0, 12)}…); muat ulang dokumen, periksa versi terbaru, lalu ulangi.`,
  );
}

/**
 * Only the drafter (or an admin) submits a draft into the paraf chain, on the version they saw (a returned
 * one is revised first).
 */
export function decideSubmit(doc: WorkflowDocument, actor: WorkflowActor, chain: readonly string[], baseContentHash: string): TransitionDecision {
  const outside = regionRefusal(doc, actor);
  if (outside) return outside;
  if (doc.state === 'returned') {
    // the chain of a version runs once: a returned document is revised (new version) before it goes again
    return refuse('INVALID_STATE', 'Dokumen dikembalikan; revisi dahulu (versi baru), lalu ajukan kembali untuk paraf.');
  }
  if (doc.state !== 'draft') {
    return refuse('INVALID_STATE', `Dokumen berstatus ${STATE_LABEL[doc.state]}; hanya konsep yang dapat diajukan untuk paraf.`);
  }
  if (actor.userId !== doc.drafterId && !isAdmin(actor)) {
    return refuse('FORBIDDEN', 'Hanya perancang dokumen ini yang dapat mengajukannya untuk paraf.');
  }
  const stale = staleRefusal(doc, baseContentHash);
  if (stale) return stale;
  if (chain.length === 0) {
    return refuse('INVALID_STATE', 'Rantai paraf kosong; tetapkan paling sedikit satu pejabat paraf.');
  }
  if (new Set(chain).size !== chain.length) {
    return refuse('INVALID_STATE', 'Seorang pejabat muncul dua kali dalam rantai paraf; setiap pejabat memaraf sekali.');
  }
  return { ok: true, from: doc.state, to: 'in_paraf' };
}

/**
 * Decides whether `actor` may act for `officialId` at `at`: as that official, or as their Plt./Plh. under
 * a delegation valid at that moment.
 */
export function resolveActingAs(
  officialId: string,
  actor: WorkflowActor,
  delegations: readonly DelegationGrant[],
  at: Date,
): ActingAs | WorkflowRefusal | undefined {
  if (actor.officialId === null) return undefined;
  if (actor.officialId === officialId) return { officialId, actorOfficialId: officialId, via: 'self', delegationId: null };
  const mine = delegations.filter((d) => d.officialId === officialId && d.delegateOfficialId === actor.officialId);
  if (mine.length === 0) return undefined;
  const t = at.getTime();
  const valid = mine.find((d) => d.validFrom.getTime() <= t && t <= d.validTo.getTime());
  if (!valid) {
    const latest = [...mine].sort((a, b) => b.validTo.getTime() - a.validTo.getTime())[0]!;
    const when = t < latest.validFrom.getTime() ? `baru berlaku mulai ${isoDay(latest.validFrom)}` : `berakhir ${isoDay(latest.validTo)}`;
    return refuse('DELEGATION_INVALID', `Penunjukan ${latest.kind === 'plt' ? 'Plt.' : 'Plh.'} Anda untuk pejabat ini ${when}; minta admin mendaftarkan penunjukan yang berlaku.`);
  }
  return { officialId, actorOfficialId: actor.officialId, via: valid.kind, delegationId: valid.id };
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Paraf or return at the current step: only in_paraf, only a user with the paraf role who is the official
 * whose turn it is (or their valid Plt./Plh.), only on the content hash of the current version (a return
 * without a hash skips that check).
 */
export function decideStepAction(
  action: 'paraf' | 'return',
  doc: WorkflowDocument,
  actor: WorkflowActor,
  options: { readonly contentHash: string | undefined; readonly at: Date; readonly delegations: readonly DelegationGrant[] },
): StepActionDecision {
  const verb = action === 'paraf' ? 'diparaf' : 'dikembalikan';
  const outside = regionRefusal(doc, actor);
  if (outside) return outside;
  if (doc.state !== 'in_paraf') {
    return refuse('INVALID_STATE', `Dokumen berstatus ${STATE_LABEL[doc.state]}, tidak sedang dalam paraf; tidak dapat ${verb}.`);
  }
  if (!actor.roles.includes('paraf')) {
    return refuse('FORBIDDEN', 'Akun Anda tidak berperan paraf; minta admin menambahkan peran itu bila Anda pejabat paraf.');
  }
  const step = currentStep(doc.steps);
  if (!step) return refuse('INVALID_STATE', 'Tidak ada langkah paraf yang menunggu; muat ulang status dokumen.');
  const acting = resolveActingAs(step.officialId, actor, options.delegations, options.at);
  if (acting !== undefined && 'ok' in acting) return acting;
  if (acting === undefined) {
    // Neither the official whose turn it is nor their delegate: out of turn if they are elsewhere in the chain.
    const inChain =
      actor.officialId !== null &&
      doc.steps.some((s) => s.officialId === actor.officialId || options.delegations.some((d) => d.officialId === s.officialId && d.delegateOfficialId === actor.officialId));
    if (inChain) {
      return refuse('PARAF_OUT_OF_TURN', `Belum atau bukan lagi giliran Anda: dokumen menunggu paraf pada urutan ${step.position}.`);
    }
    return refuse('FORBIDDEN', 'Anda tidak termasuk dalam rantai paraf dokumen ini.');
  }
  const stale = staleRefusal(doc, options.contentHash);
  if (stale) return stale;
  if (action === 'return') return { ok: true, from: 'in_paraf', to: 'returned', step, actingAs: acting };
  const remaining = doc.steps.filter((s) => s.state === 'pending' && s.position !== step.position).length;
  return { ok: true, from: 'in_paraf', to: remaining === 0 ? 'ready_to_sign' : 'in_paraf', step, actingAs: acting };
}

export function decideParaf(
  doc: WorkflowDocument,
  actor: WorkflowActor,
  options: { readonly contentHash: string; readonly at: Date; readonly delegations: readonly DelegationGrant[] },
): StepActionDecision {
  return decideStepAction('paraf', doc, actor, options);
}

export function decideReturn(
  doc: WorkflowDocument,
  actor: WorkflowActor,
  options: { readonly contentHash?: string; readonly at: Date; readonly delegations: readonly DelegationGrant[] },
): StepActionDecision {
  return decideStepAction('return', doc, actor, { ...options, contentHash: options.contentHash });
}

/**
 * Any edit makes a new version: allowed to the drafter (or an admin) in every state but signing and
 * signed, and only on top of the version they edited (a concurrent revise never silently overwrites).
 */
export function decideRevise(doc: WorkflowDocument, actor: WorkflowActor, baseContentHash: string): TransitionDecision {
  const outside = regionRefusal(doc, actor);
  if (outside) return outside;
  if (doc.state === 'signed') {
    return refuse('INVALID_STATE', 'Dokumen sudah ditandatangani dan tidak dapat diubah; buat dokumen baru (pencabutan/perubahan).');
  }
  if (doc.state === 'signing') {
    return refuse('INVALID_STATE', 'Dokumen sedang ditandatangani; tunggu sampai selesai (atau gagal) sebelum merevisinya.');
  }
  if (actor.userId !== doc.drafterId && !isAdmin(actor)) {
    return refuse('FORBIDDEN', 'Hanya perancang dokumen ini yang dapat merevisinya.');
  }
  const stale = staleRefusal(doc, baseContentHash);
  if (stale) return stale;
  return { ok: true, from: doc.state, to: 'draft' };
}

/**
 * Signing (issuance step 1): only ready_to_sign, only a user with the signer role who is the designated
 * signer (or their valid Plt./Plh.), only on the current content hash; the document moves to signing
 * while its number is reserved. For the issuance use case.
 */
export function decideSign(
  doc: WorkflowDocument,
  actor: WorkflowActor,
  options: { readonly contentHash: string; readonly at: Date; readonly delegations: readonly DelegationGrant[] },
): (TransitionAllowed & { readonly actingAs: ActingAs }) | WorkflowRefusal {
  const outside = regionRefusal(doc, actor);
  if (outside) return outside;
  if (doc.state !== 'ready_to_sign') {
    return refuse('INVALID_STATE', `Dokumen berstatus ${STATE_LABEL[doc.state]}; hanya dokumen yang siap ditandatangani yang dapat ditandatangani.`);
  }
  if (!actor.roles.includes('signer')) return refuse('FORBIDDEN', 'Akun Anda tidak berperan penandatangan (signer).');
  if (doc.signerOfficialId === null) return refuse('INVALID_STATE', 'Dokumen belum menetapkan pejabat penandatangan.');
  const acting = resolveActingAs(doc.signerOfficialId, actor, options.delegations, options.at);
  if (acting === undefined) return refuse('FORBIDDEN', 'Anda bukan pejabat penandatangan dokumen ini.');
  if ('ok' in acting) return acting;
  const stale = staleRefusal(doc, options.contentHash);
  if (stale) return stale;
  return { ok: true, from: 'ready_to_sign', to: 'signing', actingAs: acting };
}

/** Turns a refusal into the AppError the adapters map to exit codes and HTTP statuses. */
export function refusalError(refusal: WorkflowRefusal): AppError {
  return new AppError(refusal.code, refusal.message);
}

export function stateLabel(state: DocumentState): string {
  return STATE_LABEL[state];
}
