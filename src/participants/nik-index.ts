/**
 * A compact set of NIKs with the row each was first seen on, for duplicate detection in lists of
 * millions: open addressing over one typed array (12 bytes a slot: the two 8-digit halves and the row,
 * side by side so that a probe touches one cache line) instead of a Map of strings. Pure.
 */
import { digitsValue } from './check-id-number.ts';

export class NikIndex {
  /** Slot i is slots[3i] = high half + 1 (0 = empty), slots[3i + 1] = low half, slots[3i + 2] = row. */
  private slots: Uint32Array;
  private capacity: number;
  private used = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.capacity = cap;
    this.slots = new Uint32Array(cap * 3);
  }

  get size(): number {
    return this.used;
  }

  /**
   * Records `nik` (16 digits) as seen on `row` unless it was seen before; returns the first row it was
   * seen on, or 0 when it is new.
   */
  firstRowOrAdd(nik: string, row: number): number {
    // Two 8-digit halves, each < 1e8 < 2^32; hi + 1 so that 0 marks an empty slot.
    const hi = digitsValue(nik, 0, 8) + 1;
    const lo = digitsValue(nik, 8, 8);
    const slots = this.slots;
    const mask = this.capacity - 1;
    let slot = slotOf(hi, lo, mask);
    for (;;) {
      const h = slots[slot * 3]!;
      if (h === 0) break;
      if (h === hi && slots[slot * 3 + 1] === lo) return slots[slot * 3 + 2]!;
      slot = (slot + 1) & mask;
    }
    slots[slot * 3] = hi;
    slots[slot * 3 + 1] = lo;
    slots[slot * 3 + 2] = row;
    this.used++;
    if (this.used * 2 > this.capacity) this.grow();
    return 0;
  }

  private grow(): void {
    const old = this.slots;
    const cap = this.capacity * 2;
    const slots = new Uint32Array(cap * 3);
    const mask = cap - 1;
    for (let i = 0; i < old.length; i += 3) {
      const h = old[i]!;
      if (h === 0) continue;
      const l = old[i + 1]!;
      let slot = slotOf(h, l, mask);
      while (slots[slot * 3] !== 0) slot = (slot + 1) & mask;
      slots[slot * 3] = h;
      slots[slot * 3 + 1] = l;
      slots[slot * 3 + 2] = old[i + 2]!;
    }
    this.slots = slots;
    this.capacity = cap;
  }
}

function slotOf(hi: number, lo: number, mask: number): number {
  return (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) & mask;
}
