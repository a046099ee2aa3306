import { describe, expect, it } from 'vitest';
import {
  currentStep,
  decideParaf,
  decideReturn,
  decideRevise,
  decideSign,
  decideSubmit,
  type DelegationGrant,
  type WorkflowActor,
  type WorkflowDocument,
} from '../src/workflow/paraf-state.ts';

const HASH = 'a'.repeat(64);
const OLD_HASH = 'b'.repeat(64);
const at = new Date(Date.UTC(2025, 2, 20, 9));

const drafter: WorkflowActor = { userId: 'u-drafter', officialId: 'o-perancang', roles: ['drafter', 'paraf'], regions: ['prov-ntt'] };
const biro: WorkflowActor = { userId: 'u-biro', officialId: 'o-biro', roles: ['paraf'], regions: ['prov-ntt'] };
const asisten: WorkflowActor = { userId: 'u-asisten', officialId: 'o-asisten', roles: ['paraf'], regions: ['prov-ntt'] };
const sekda: WorkflowActor = { userId: 'u-sekda', officialId: 'o-sekda', roles: ['signer'], regions: ['prov-ntt'] };
const plh: WorkflowActor = { userId: 'u-plh', officialId: 'o-plh', roles: ['paraf'], regions: ['prov-ntt'] };
const outsider: WorkflowActor = { userId: 'u-x', officialId: 'o-x', roles: ['paraf'], regions: ['prov-ntt'] };
const archivist: WorkflowActor = { userId: 'u-arsip', officialId: null, roles: ['archivist'], regions: ['prov-ntt'] };

function doc(overrides: Partial<WorkflowDocument> = {}): WorkflowDocument {
  return {
    state: 'in_paraf',
    drafterId: 'u-drafter',
    contentHash: HASH,
    signerOfficialId: 'o-sekda',
    region: 'prov-ntt',
    steps: [
      { position: 1, officialId: 'o-perancang', state: 'done' },
      { position: 2, officialId: 'o-biro', state: 'pending' },
      { position: 3, officialId: 'o-asisten', state: 'pending' },
    ],
    ...overrides,
  };
}

const plhForBiro = (from: Date, to: Date): DelegationGrant => ({ id: 'd-1', officialId: 'o-biro', delegateOfficialId: 'o-plh', kind: 'plh', validFrom: from, validTo: to });

describe('paraf state machine', () => {
  it('lets the official whose turn it is paraf the current hash, staying in paraf until the last', () => {
    const r = decideParaf(doc(), biro, { contentHash: HASH, at, delegations: [] });
    expect(r).toMatchObject({ ok: true, from: 'in_paraf', to: 'in_paraf', step: { position: 2 }, actingAs: { via: 'self', officialId: 'o-biro' } });
  });

  it('moves to ready_to_sign on the last paraf', () => {
    const d = doc({ steps: [{ position: 1, officialId: 'o-biro', state: 'done' }, { position: 2, officialId: 'o-asisten', state: 'pending' }] });
    expect(decideParaf(d, asisten, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: true, to: 'ready_to_sign' });
  });

  it('refuses a later official out of turn (PARAF_OUT_OF_TURN)', () => {
    expect(decideParaf(doc(), asisten, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'PARAF_OUT_OF_TURN' });
  });

  it('refuses a second paraf by an official who already gave theirs (PARAF_OUT_OF_TURN)', () => {
    expect(decideParaf(doc(), drafter, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'PARAF_OUT_OF_TURN' });
  });

  it('refuses a paraf on a stale content hash (STALE_VERSION)', () => {
    const r = decideParaf(doc(), biro, { contentHash: OLD_HASH, at, delegations: [] });
    expect(r).toMatchObject({ ok: false, code: 'STALE_VERSION' });
  });

  it('refuses paraf outside the in_paraf state (INVALID_STATE)', () => {
    for (const state of ['draft', 'returned', 'ready_to_sign', 'signed'] as const) {
      expect(decideParaf(doc({ state }), biro, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    }
  });

  it('refuses someone outside the chain (FORBIDDEN), also without an official', () => {
    expect(decideParaf(doc(), outsider, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideParaf(doc(), archivist, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses the official whose turn it is when their account lost the paraf role (FORBIDDEN)', () => {
    const noRole: WorkflowActor = { ...biro, roles: ['archivist'], regions: ['prov-ntt'] };
    const r = decideParaf(doc(), noRole, { contentHash: HASH, at, delegations: [] });
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(r.ok ? '' : r.message).toContain('peran paraf');
    expect(decideSign(doc({ state: 'ready_to_sign' }), { ...sekda, roles: ['paraf'] }, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('accepts a Plh. with a delegation valid at that moment', () => {
    const d = plhForBiro(new Date(Date.UTC(2025, 2, 18)), new Date(Date.UTC(2025, 2, 22)));
    const r = decideParaf(doc(), plh, { contentHash: HASH, at, delegations: [d] });
    expect(r).toMatchObject({ ok: true, actingAs: { officialId: 'o-biro', actorOfficialId: 'o-plh', via: 'plh', delegationId: 'd-1' } });
  });

  it('refuses a Plh. whose delegation expired or has not started (DELEGATION_INVALID)', () => {
    const expired = plhForBiro(new Date(Date.UTC(2025, 2, 1)), new Date(Date.UTC(2025, 2, 10)));
    const future = plhForBiro(new Date(Date.UTC(2025, 3, 1)), new Date(Date.UTC(2025, 3, 10)));
    const r1 = decideParaf(doc(), plh, { contentHash: HASH, at, delegations: [expired] });
    expect(r1).toMatchObject({ ok: false, code: 'DELEGATION_INVALID' });
    expect(r1.ok ? '' : r1.message).toContain('2025-03-10');
    expect(decideParaf(doc(), plh, { contentHash: HASH, at, delegations: [future] })).toMatchObject({ ok: false, code: 'DELEGATION_INVALID' });
  });

  it('refuses a delegate of a later official as out of turn', () => {
    const forAsisten: DelegationGrant = { ...plhForBiro(new Date(0), new Date(Date.UTC(2030, 0))), officialId: 'o-asisten' };
    expect(decideParaf(doc(), plh, { contentHash: HASH, at, delegations: [forAsisten] })).toMatchObject({ ok: false, code: 'PARAF_OUT_OF_TURN' });
  });

  it('lets the current official return the document, with or without a hash', () => {
    expect(decideReturn(doc(), biro, { at, delegations: [] })).toMatchObject({ ok: true, to: 'returned', step: { position: 2 } });
    expect(decideReturn(doc(), biro, { contentHash: OLD_HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'STALE_VERSION' });
    expect(decideReturn(doc(), asisten, { at, delegations: [] })).toMatchObject({ ok: false, code: 'PARAF_OUT_OF_TURN' });
  });

  it('submits only drafts (a returned one must be revised first), only by their drafter, with a sound chain', () => {
    const draft = doc({ state: 'draft', steps: [] });
    expect(decideSubmit(draft, drafter, ['o-biro', 'o-asisten'], HASH)).toMatchObject({ ok: true, to: 'in_paraf' });
    const returned = decideSubmit(doc({ state: 'returned' }), drafter, ['o-biro'], HASH);
    expect(returned).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(returned.ok ? '' : returned.message).toMatch(/revisi/);
    expect(decideSubmit(doc(), drafter, ['o-biro'], HASH)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(decideSubmit(draft, biro, ['o-biro'], HASH)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideSubmit(draft, drafter, [], HASH)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(decideSubmit(draft, drafter, ['o-biro', 'o-biro'], HASH)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    // the version the drafter previewed is no longer the current one
    expect(decideSubmit(draft, drafter, ['o-biro'], OLD_HASH)).toMatchObject({ ok: false, code: 'STALE_VERSION' });
  });

  it('refuses every action to an account of another region, whatever its roles', () => {
    const bekasi = (a: WorkflowActor): WorkflowActor => ({ ...a, regions: ['kota-bekasi'] });
    const draft = doc({ state: 'draft', steps: [] });
    expect(decideSubmit(draft, bekasi(drafter), ['o-biro'], HASH)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideParaf(doc(), bekasi(biro), { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRevise(doc(), bekasi(drafter), HASH)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideSign(doc({ state: 'ready_to_sign' }), bekasi(sekda), { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const message = decideParaf(doc(), bekasi(biro), { contentHash: HASH, at, delegations: [] });
    expect(message.ok ? '' : message.message).toContain('prov-ntt');
  });

  it('revises anything unsigned back to draft, only by the drafter', () => {
    for (const state of ['draft', 'in_paraf', 'returned', 'ready_to_sign'] as const) {
      expect(decideRevise(doc({ state }), drafter, HASH)).toMatchObject({ ok: true, to: 'draft' });
    }
    expect(decideRevise(doc({ state: 'signed' }), drafter, HASH)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(decideRevise(doc({ state: 'signing' }), drafter, HASH)).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(decideRevise(doc(), biro, HASH)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // an edit made on a version someone else has since replaced never overwrites theirs
    expect(decideRevise(doc(), drafter, OLD_HASH)).toMatchObject({ ok: false, code: 'STALE_VERSION' });
  });

  it('signs only ready documents, by the signer, on the current hash', () => {
    const ready = doc({ state: 'ready_to_sign' });
    expect(decideSign(ready, sekda, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: true, to: 'signing', actingAs: { via: 'self' } });
    expect(decideSign(doc({ state: 'signing' }), sekda, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(decideSign(ready, sekda, { contentHash: OLD_HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'STALE_VERSION' });
    expect(decideSign(ready, biro, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideSign(doc(), sekda, { contentHash: HASH, at, delegations: [] })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  it('finds the current step by lowest pending position whatever the order given', () => {
    expect(currentStep([{ position: 3, officialId: 'c', state: 'pending' }, { position: 2, officialId: 'b', state: 'pending' }, { position: 1, officialId: 'a', state: 'done' }])?.officialId).toBe('b');
    expect(currentStep([{ position: 1, officialId: 'a', state: 'done' }])).toBeUndefined();
  });
});
