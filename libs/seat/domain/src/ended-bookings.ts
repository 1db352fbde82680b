// The memory of bookings that ended in a section (rejected, or released), so a command that
// arrives again later (booking's outbox is at-least-once) is never decided differently: a
// repeated ReserveSeats of a rejected or released booking must not take seats that nobody will
// ever release. Bookings that hold seats (or bought them) need no entry: the booking table
// already answers their repeats.
//
// Bounded: a ring of ENDED_CAPACITY entries per section, each a 64-bit fingerprint of the id
// and one outcome byte, written in blocks of ENDED_BLOCK entries. Past the bound the oldest
// entries are forgotten; a repeat that old is decided as a new booking, and booking's own
// second line of defence releases seats reserved for a booking that is no longer waiting.
// A 64-bit fingerprint stands for the id: a new booking mistaken for an ended one needs a
// collision among 4,096 ids (p ~ 2e-16 per command), and costs that booking a rejection.
//
// Determinism: entries go in command order and the index is rebuilt from the ring in position
// order, so every replica and every restore answers lookups identically.
import { ByteReader, ByteWriter } from './byte-codec';
import { SEAT_REJECTIONS, type RejectionCode } from './seat.errors';

/** Entries per block: the unit of the changelog (one record per block that changed). */
export const ENDED_BLOCK = 256;
/** Blocks in the ring. */
export const ENDED_BLOCKS = 16;
/** Ended bookings one section remembers (the most recent ones). */
export const ENDED_CAPACITY = ENDED_BLOCK * ENDED_BLOCKS;

/** How a booking ended in a section. */
export type EndedOutcome = { kind: 'released' } | { kind: 'rejected'; code: RejectionCode };

// Outcome bytes: 0 = released, 1 + position of the code in the catalogue = rejected with that
// code. The bytes are in snapshots and changelog records: the catalogue is append only.
const REJECTION_CODES = Object.keys(SEAT_REJECTIONS) as RejectionCode[];
const RELEASED = 0;

const BLOCK_MAGIC = 0x45; // 'E'
const BLOCK_VERSION = 1;
const INDEX_SLOTS = ENDED_CAPACITY * 4; // <= 1/2 full: at most 2 * capacity keys between rebuilds
const EMPTY = 0;

/** Two independent 32-bit hashes of the id (FNV-1a and a multiplicative one), as one fingerprint. */
function fingerprint(id: string, out: Uint32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  out[0] = a >>> 0;
  out[1] = (b ^ (b >>> 13)) >>> 0;
}

const scratch = new Uint32Array(2);

export class EndedBookings {
  /** Entries ever recorded; entry i sits at ring position i % ENDED_CAPACITY. */
  private total = 0;
  private lo: Uint32Array | undefined;
  private hi: Uint32Array | undefined;
  private outcome: Uint8Array | undefined;
  /** Open addressing by `lo`: ring position + 1, or EMPTY; stale positions are skipped on read. */
  private index: Int32Array | undefined;
  private indexed = 0;
  private readonly dirty = new Set<number>();

  /** Number of ended bookings remembered (at most ENDED_CAPACITY). */
  get size(): number {
    return this.total - this.windowStart();
  }

  /**
   * The first entry still remembered: the start of the oldest of the ENDED_BLOCKS newest
   * blocks. When a block starts over, the whole generation it held is forgotten at once, in
   * memory exactly as in the changelog (where the block's record now holds the new one), so a
   * restored memory answers every lookup as the live one did.
   */
  private windowStart(): number {
    if (this.total === 0) return 0;
    const newest = Math.floor((this.total - 1) / ENDED_BLOCK);
    return Math.max(0, newest - ENDED_BLOCKS + 1) * ENDED_BLOCK;
  }

  /** How `bookingId` ended here, or undefined when it did not (or is forgotten). */
  lookup(bookingId: string): EndedOutcome | undefined {
    if (this.total === 0) return undefined;
    fingerprint(bookingId, scratch);
    const position = this.find(scratch[0]!, scratch[1]!);
    return position === -1 ? undefined : outcomeOf(this.outcome![position]!);
  }

  /** Remembers that `bookingId` ended; the caller checked it is not remembered already. */
  record(bookingId: string, ended: EndedOutcome): void {
    fingerprint(bookingId, scratch);
    this.put(scratch[0]!, scratch[1]!, outcomeByte(ended));
  }

  /** Blocks changed since the last call, ascending (each is one changelog record). */
  takeDirtyBlocks(): number[] {
    const blocks = [...this.dirty].sort((a, b) => a - b);
    this.dirty.clear();
    return blocks;
  }

  /** A block's record: its generation (entry number / ENDED_BLOCK) and its entries. */
  encodeBlock(block: number): Uint8Array {
    const w = new ByteWriter(16 + ENDED_BLOCK * 9);
    w.byte(BLOCK_MAGIC);
    w.byte(BLOCK_VERSION);
    const latest = this.total === 0 ? 0 : Math.floor((this.total - 1) / ENDED_BLOCK);
    // The newest generation that maps to this block (the ring keeps the last ENDED_BLOCKS).
    const generation = latest - ((((latest - block) % ENDED_BLOCKS) + ENDED_BLOCKS) % ENDED_BLOCKS);
    const first = generation * ENDED_BLOCK;
    const count = generation < 0 ? 0 : Math.max(0, Math.min(ENDED_BLOCK, this.total - first));
    w.varint(Math.max(0, generation));
    w.varint(count);
    for (let i = first; i < first + count; i++) {
      const position = i % ENDED_CAPACITY;
      writeUint32(w, this.lo![position]!);
      writeUint32(w, this.hi![position]!);
      w.byte(this.outcome![position]!);
    }
    return w.finish();
  }

  /** Every block that holds entries, by block number: the whole memory as records. */
  encodeAll(): Map<number, Uint8Array> {
    const blocks = new Map<number, Uint8Array>();
    const generations = Math.min(ENDED_BLOCKS, Math.ceil(this.total / ENDED_BLOCK));
    const latest = Math.floor((this.total - 1) / ENDED_BLOCK);
    for (let g = latest; g > latest - generations; g--) {
      blocks.set(g % ENDED_BLOCKS, this.encodeBlock(g % ENDED_BLOCKS));
    }
    return blocks;
  }

  /**
   * Rebuilds the memory from block records (as `encodeBlock` wrote them), replacing what it
   * held. Throws on bytes that are not a block: corruption, like a bad section snapshot.
   */
  restore(blocks: Iterable<Uint8Array>): void {
    const read: { generation: number; entries: Uint8Array; count: number }[] = [];
    for (const bytes of blocks) {
      const r = new ByteReader(bytes);
      if (r.byte() !== BLOCK_MAGIC) throw new Error('not an ended-bookings block');
      const version = r.byte();
      if (version !== BLOCK_VERSION) throw new Error(`unsupported ended block version ${version}`);
      const generation = r.varint();
      const count = r.varint();
      if (count > ENDED_BLOCK) throw new Error('ended block too long');
      const entries = new Uint8Array(count * 9);
      for (let k = 0; k < count * 9; k++) entries[k] = r.byte();
      if (!r.done) throw new Error('ended block has trailing bytes');
      if (count > 0) read.push({ generation, entries, count });
    }
    this.total = 0;
    this.lo = this.hi = this.outcome = this.index = undefined;
    this.indexed = 0;
    if (read.length === 0) return;
    const newest = Math.max(...read.map((b) => b.generation));
    // Blocks older than the ring's reach were overwritten in the writer's memory: skip them.
    const live = read
      .filter((b) => b.generation > newest - ENDED_BLOCKS)
      .sort((a, b) => a.generation - b.generation);
    // Replayed in entry order from the oldest remembered one, so the ring ends up as the
    // writer's (generations consecutive, each full but the newest).
    this.total = live[0]!.generation * ENDED_BLOCK;
    const view = (b: (typeof live)[number], k: number) =>
      new DataView(b.entries.buffer, b.entries.byteOffset + k * 9, 9);
    for (const b of live) {
      const start = b.generation * ENDED_BLOCK;
      if (start + b.count <= this.total) continue;
      if (start > this.total) this.total = start; // a block never written (cannot happen)
      for (let k = this.total - start; k < b.count; k++) {
        const v = view(b, k);
        this.put(v.getUint32(0), v.getUint32(4), v.getUint8(8));
      }
    }
    this.dirty.clear();
  }

  /** True when both memories hold the same entries in the same order. */
  equals(other: EndedBookings): boolean {
    if (this.total !== other.total) return false;
    for (let i = this.windowStart(); i < this.total; i++) {
      const p = i % ENDED_CAPACITY;
      if (this.lo![p] !== other.lo![p] || this.hi![p] !== other.hi![p]) return false;
      if (this.outcome![p] !== other.outcome![p]) return false;
    }
    return true;
  }

  private put(lo: number, hi: number, outcome: number): void {
    if (!this.lo) {
      this.lo = new Uint32Array(ENDED_CAPACITY);
      this.hi = new Uint32Array(ENDED_CAPACITY);
      this.outcome = new Uint8Array(ENDED_CAPACITY);
      this.index = new Int32Array(INDEX_SLOTS);
    }
    const position = this.total % ENDED_CAPACITY;
    this.lo[position] = lo;
    this.hi![position] = hi;
    this.outcome![position] = outcome;
    this.dirty.add(Math.floor(this.total / ENDED_BLOCK) % ENDED_BLOCKS);
    this.total++;
    // Overwritten positions leave stale index entries (find checks the fingerprint and the
    // position's age); rebuilding every ENDED_CAPACITY entries keeps the index at most half full.
    if (this.indexed >= 2 * ENDED_CAPACITY) this.rebuildIndex();
    else this.insert(lo, position);
  }

  private insert(lo: number, position: number): void {
    const index = this.index!;
    const mask = INDEX_SLOTS - 1;
    let i = lo & mask;
    while (index[i] !== EMPTY) i = (i + 1) & mask;
    index[i] = position + 1;
    this.indexed++;
  }

  private rebuildIndex(): void {
    this.index!.fill(EMPTY);
    this.indexed = 0;
    for (let i = this.windowStart(); i < this.total; i++) {
      const position = i % ENDED_CAPACITY;
      this.insert(this.lo![position]!, position);
    }
  }

  /** The ring position holding this remembered fingerprint, or -1. */
  private find(lo: number, hi: number): number {
    const index = this.index;
    if (!index) return -1;
    const mask = INDEX_SLOTS - 1;
    const last = this.total - 1;
    const oldest = this.windowStart();
    for (let i = lo & mask; index[i] !== EMPTY; i = (i + 1) & mask) {
      const position = index[i]! - 1;
      if (this.lo![position] !== lo || this.hi![position] !== hi) continue;
      // The entry number now at this position: forgotten if its generation left the window.
      const entry = last - ((last - position) % ENDED_CAPACITY);
      if (entry >= oldest) return position;
    }
    return -1;
  }
}

/** Big-endian, as restore reads it back with a DataView. */
function writeUint32(w: ByteWriter, value: number): void {
  w.byte(value >>> 24);
  w.byte((value >>> 16) & 0xff);
  w.byte((value >>> 8) & 0xff);
  w.byte(value & 0xff);
}

function outcomeByte(ended: EndedOutcome): number {
  if (ended.kind === 'released') return RELEASED;
  const n = REJECTION_CODES.indexOf(ended.code);
  if (n === -1) throw new Error(`rejection code ${ended.code} has no ended-bookings byte`);
  return 1 + n;
}

function outcomeOf(byte: number): EndedOutcome {
  if (byte === RELEASED) return { kind: 'released' };
  const code = REJECTION_CODES[byte - 1];
  if (!code) throw new Error(`unknown ended outcome byte ${byte}`);
  return { kind: 'rejected', code };
}
