/**
 * A compact set of NIKs with the row each was first seen on, for duplicate detection in lists of
 * millions: open addressing over typed arrays (12 bytes a slot) instead of a Map of strings. Pure.
 */

export class NikIndex {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private rows: Int32Array;
  private used = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
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
    const hi = Number(nik.slice(0, 8)) + 1;
    const lo = Number(nik.slice(8));
    const mask = this.hi.length - 1;
    let slot = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b)) & mask;
    for (;;) {
      const h = this.hi[slot]!;
      if (h === 0) break;
      if (h === hi && this.lo[slot] === lo) return this.rows[slot]!;
      slot = (slot + 1) & mask;
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.rows[slot] = row;
    this.used++;
    if (this.used * 2 > this.hi.length) this.grow();
    return 0;
  }

  private grow(): void {
    const { hi, lo, rows } = this;
    const cap = hi.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.rows = new Int32Array(cap);
    const mask = cap - 1;
    for (let i = 0; i < hi.length; i++) {
      const h = hi[i]!;
      if (h === 0) continue;
      const l = lo[i]!;
      let slot = (Math.imul(h, 0x9e3779b1) ^ Math.imul(l, 0x85ebca6b)) & mask;
      while (this.hi[slot] !== 0) slot = (slot + 1) & mask;
      this.hi[slot] = h;
      this.lo[slot] = l;
      this.rows[slot] = rows[i]!;
    }
  }
}
