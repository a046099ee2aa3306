import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from '../src/audit/canonical-json.ts';
import { chainEvent, computeEventHash, GENESIS_HASH, verifyChain, type ChainedAuditEvent } from '../src/audit/hash-chain.ts';

function buildChain(n: number): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push(
      chainEvent(events.at(-1), { actor: `user-${i % 3}`, action: i % 2 ? 'paraf' : 'submit', documentId: 'doc-1', versionHash: 'ab'.repeat(32), details: { i, note: `n${i}` } }, new Date(Date.UTC(2025, 2, 24, 8, 0, i))),
    );
  }
  return events;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('writes dates as ISO strings and drops undefined members', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2025, 2, 24)), gone: undefined, n: null })).toBe('{"at":"2025-03-24T00:00:00.000Z","n":null}');
  });
  it('gives the same text whatever the key insertion order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: 'é' })).toBe(canonicalJson({ z: 'é', y: [1, 2], x: 1 }));
  });
  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a/);
    expect(() => canonicalJson([Infinity])).toThrow(/canonical JSON/);
  });
  it('hashes with sha256 over the canonical text', () => {
    const expected = createHash('sha256').update('{"a":1,"b":"dua"}').digest('hex');
    expect(canonicalHash({ b: 'dua', a: 1 })).toBe(expected);
  });
});

describe('hash chain', () => {
  it('starts at 64 zeros and links each event to the previous hash', () => {
    const events = buildChain(4);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[0]!.seq).toBe(1);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    const e = events[2]!;
    const manual = createHash('sha256')
      .update(
        canonicalJson({ seq: e.seq, at: e.at.toISOString(), actor: e.actor, action: e.action, documentId: e.documentId, versionHash: e.versionHash, details: e.details, prevHash: e.prevHash }),
      )
      .digest('hex');
    expect(e.hash).toBe(manual);
  });

  it('verifies an intact chain and counts it', () => {
    const events = buildChain(10);
    expect(verifyChain(events)).toEqual({ ok: true, count: 10, headHash: events[9]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, headHash: GENESIS_HASH });
  });

  it('names an edited event by its hash mismatch', () => {
    const events = buildChain(10);
    events[5] = { ...events[5]!, details: { i: 5, note: 'diubah' } };
    const r = verifyChain(events);
    expect(r).toMatchObject({ ok: false, brokenAt: 6, reason: 'HASH_MISMATCH', count: 5 });
  });

  it('names an edited event even when its own hash was recomputed, at the next link', () => {
    const events = buildChain(10);
    const edited = { ...events[3]!, actor: 'penyusup' };
    events[3] = { ...edited, hash: computeEventHash(edited) };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 5, reason: 'PREV_HASH_MISMATCH' });
  });

  it('names a deleted event as a gap in the sequence', () => {
    const events = buildChain(10);
    events.splice(4, 1);
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 5, reason: 'SEQUENCE_GAP' });
  });

  it('names a deleted first event', () => {
    const events = buildChain(3).slice(1);
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 1, reason: 'SEQUENCE_GAP' });
  });

  it('names events cut from the end when the chain head is known', () => {
    const events = buildChain(6);
    const head = { seq: 6, hash: events[5]!.hash };
    expect(verifyChain(events, head)).toMatchObject({ ok: true, count: 6 });
    expect(verifyChain(events.slice(0, 4), head)).toMatchObject({ ok: false, brokenAt: 5, reason: 'HEAD_MISMATCH' });
    // an event appended, properly chained, but not through the head: named as the first extra one
    const extra = [...events, chainEvent(events[5], { actor: 'penyusup', action: 'paraf' }, new Date(0))];
    expect(verifyChain(extra, head)).toMatchObject({ ok: false, brokenAt: 7, reason: 'HEAD_MISMATCH' });
    expect(verifyChain(events, { seq: 6, hash: 'f'.repeat(64) })).toMatchObject({ ok: false, brokenAt: 6, reason: 'HEAD_MISMATCH' });
  });

  it('names two swapped events', () => {
    const events = buildChain(8);
    // swap contents but keep the positions' seq numbers (as an UPDATE of two rows would)
    const a = events[2]!;
    const b = events[6]!;
    events[2] = { ...b, seq: a.seq };
    events[6] = { ...a, seq: b.seq };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3, reason: 'PREV_HASH_MISMATCH' });
    // swapped including seq: the order is wrong
    const again = buildChain(8);
    [again[2], again[3]] = [again[3]!, again[2]!];
    expect(verifyChain(again)).toMatchObject({ ok: false, brokenAt: 3, reason: 'SEQUENCE_GAP' });
  });

  it('names an inserted event, with or without renumbering', () => {
    const events = buildChain(6);
    const forged = chainEvent(events[2], { actor: 'penyusup', action: 'paraf' }, new Date(Date.UTC(2025, 2, 25)));
    const renumbered = [...events.slice(0, 3), forged, ...events.slice(3).map((e) => ({ ...e, seq: e.seq + 1 }))];
    expect(verifyChain(renumbered)).toMatchObject({ ok: false, brokenAt: 5, reason: 'PREV_HASH_MISMATCH' });
    const duplicated = [...events.slice(0, 3), forged, ...events.slice(3)];
    expect(verifyChain(duplicated)).toMatchObject({ ok: false, brokenAt: 5, reason: 'SEQUENCE_GAP' });
  });
});
