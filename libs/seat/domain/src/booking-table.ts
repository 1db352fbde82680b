// The per-section intern table of booking ids. Each booking id is stored once and known by a
// small integer slot; seats refer to slots, never to strings. Per slot we keep the head of the
// booking's seat list (a linked list threaded through SectionState.next) and its seat count.
//
// Memory is the point (a sold-out 50,000-seat event has ~18,000 bookings): a JS Map of UUID
// strings costs ~100 bytes per booking, this table ~40. Canonical lowercase UUIDs (what the
// booking app generates) are packed into four 32-bit words; any other id is kept as a string.
// The index is open addressing with linear probing over slot numbers (0 = empty, -1 = deleted).
//
// Slots of released bookings are recycled, so the table never grows beyond the number of
// bookings holding seats (<= capacity). Slot numbers never reach a snapshot or an outcome, so
// recycling order cannot make two replicas disagree.

import type { ByteWriter } from './byte-codec';

const INITIAL_SLOTS = 16;
const EMPTY = 0;
const DELETED = -1;
const HEX = '0123456789abcdef';

// Scratch: the words of the id being looked up, and char codes for rebuilding an id.
const words = new Int32Array(4);
const codes: number[] = new Array<number>(36).fill(0);

/** Value of each lowercase hex digit by char code, -1 for any other char below 128. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) HEX_VALUE[HEX.charCodeAt(i)] = i;
/** Positions of the 32 hex digits in "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". */
const HEX_POSITIONS = Int8Array.from(
  { length: 32 },
  (_, k) => k + (k >= 8 ? 1 : 0) + (k >= 12 ? 1 : 0) + (k >= 16 ? 1 : 0) + (k >= 20 ? 1 : 0),
);

/** Packs a canonical lowercase UUID into `words`; false when the id is not one. */
function packUuid(id: string): boolean {
  if (id.length !== 36) return false;
  if (id.charCodeAt(8) !== 45 || id.charCodeAt(13) !== 45) return false;
  if (id.charCodeAt(18) !== 45 || id.charCodeAt(23) !== 45) return false;
  // Table lookups and one sign check at the end: about twice as fast as branching per char.
  let invalid = 0;
  for (let w = 0; w < 4; w++) {
    let word = 0;
    for (let k = w * 8; k < w * 8 + 8; k++) {
      const c = id.charCodeAt(HEX_POSITIONS[k]!);
      const v = c < 128 ? HEX_VALUE[c]! : -1;
      invalid |= v;
      word = (word << 4) | (v & 15);
    }
    words[w] = word;
  }
  return invalid >= 0;
}

/** A well-mixed 32-bit hash (murmur3 finalizer over the words / FNV over chars). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// The last id prepared: decide looks a booking up and apply adds it right after, so the
// parse and hash are done once per command. Only valid while `words` is not reused (rehash).
let lastId: string | undefined;
let lastPacked = false;
let lastHash = 0;

/** Parses and hashes an id into lastPacked/lastHash (and `words` when it is a UUID). */
function prepare(id: string): void {
  if (id === lastId) return;
  lastPacked = packUuid(id);
  lastHash = lastPacked ? hashWords() : hashString(id);
  lastId = id;
}

function hashWords(): number {
  return mix(words[0]! ^ mix(words[1]! ^ mix(words[2]! ^ mix(words[3]!))));
}

function hashString(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return mix(h);
}

export class BookingTable {
  /** First seat index of each slot's seat list (ascending seat order), -1 for none. */
  head: Int32Array;
  /** Number of seats each slot holds; 0 marks a free slot. */
  size: Int32Array;
  /** Packed UUID of each slot, four words per slot (meaningless for text ids). */
  private uuid: Int32Array;
  /** Ids that are not canonical UUIDs, by slot; isText[slot] === 1 marks those slots. */
  private readonly texts = new Map<number, string>();
  private isText: Uint8Array;
  /** Open-addressing index: slot + 1, EMPTY or DELETED; a power of two, <= 2/3 full. */
  private index: Int32Array;
  private used = 0;
  private deleted = 0;
  private live = 0;
  private slotsInUse = 0;
  private freeSlots: number[] = [];

  constructor(initialSlots = INITIAL_SLOTS) {
    this.head = new Int32Array(initialSlots).fill(-1);
    this.size = new Int32Array(initialSlots);
    this.uuid = new Int32Array(initialSlots * 4);
    this.isText = new Uint8Array(initialSlots);
    this.index = new Int32Array(initialSlots * 2);
  }

  /** Number of bookings that hold seats. */
  get count(): number {
    return this.live;
  }

  /** The slot of a booking id, or -1 when the booking holds no seats here. */
  slotOf(bookingId: string): number {
    prepare(bookingId);
    const packed = lastPacked;
    const mask = this.index.length - 1;
    for (let i = lastHash & mask; ; i = (i + 1) & mask) {
      const entry = this.index[i]!;
      if (entry === EMPTY) return -1;
      if (entry !== DELETED && this.matches(entry - 1, bookingId, packed)) return entry - 1;
    }
  }

  private matches(slot: number, bookingId: string, packed: boolean): boolean {
    if (this.isText[slot] === 1) return !packed && this.texts.get(slot) === bookingId;
    if (!packed) return false;
    const u = this.uuid;
    const o = slot * 4;
    return (
      u[o] === words[0] && u[o + 1] === words[1] && u[o + 2] === words[2] && u[o + 3] === words[3]
    );
  }

  /** The booking id of a live slot (a new flat string for packed UUIDs). */
  idOf(slot: number): string {
    if (this.size[slot] === 0) throw new Error(`booking slot ${slot} is not in use`);
    if (this.isText[slot] === 1) return this.texts.get(slot)!;
    let k = 0;
    for (let w = 0; w < 4; w++) {
      const word = this.uuid[slot * 4 + w]!;
      for (let shift = 28; shift >= 0; shift -= 4) {
        if (k === 8 || k === 13 || k === 18 || k === 23) codes[k++] = 45;
        codes[k++] = HEX.charCodeAt((word >>> shift) & 15);
      }
    }
    return String.fromCharCode.apply(null, codes);
  }

  /**
   * Writes a live slot's booking id for a snapshot straight from the packed words, without
   * building the string and parsing it again (ByteReader.bookingId reads it back).
   */
  writeId(slot: number, writer: ByteWriter): void {
    if (this.size[slot] === 0) throw new Error(`booking slot ${slot} is not in use`);
    if (this.isText[slot] === 1) writer.textId(this.texts.get(slot)!);
    else writer.uuidWords(this.uuid, slot * 4);
  }

  /**
   * Interns a booking id that is not in the table and returns its slot. The caller must set
   * size[slot] to the number of seats (>= 1) right away: size 0 means "free".
   */
  add(bookingId: string): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.slotsInUse++;
      if (slot >= this.head.length) this.growSlots(slot + 1);
    }
    // Keep the index at most 2/3 full (tombstones included) so probes stay short.
    if ((this.used + this.deleted + 1) * 3 > this.index.length * 2) this.rehash();
    prepare(bookingId);
    const packed = lastPacked;
    const o = slot * 4;
    if (packed) {
      this.uuid[o] = words[0]!;
      this.uuid[o + 1] = words[1]!;
      this.uuid[o + 2] = words[2]!;
      this.uuid[o + 3] = words[3]!;
    } else this.texts.set(slot, bookingId);
    this.isText[slot] = packed ? 0 : 1;
    this.insert(slot, lastHash);
    this.head[slot] = -1;
    this.size[slot] = 1;
    this.live++;
    return slot;
  }

  /** Forgets a slot's booking (its seats must already be freed by the caller). */
  remove(slot: number): void {
    prepare(this.idOf(slot));
    const mask = this.index.length - 1;
    for (let i = lastHash & mask; ; i = (i + 1) & mask) {
      const entry = this.index[i]!;
      if (entry === EMPTY) throw new Error(`booking slot ${slot} missing from the index`);
      if (entry === slot + 1) {
        this.index[i] = DELETED;
        break;
      }
    }
    this.used--;
    this.deleted++;
    this.live--;
    this.texts.delete(slot);
    this.isText[slot] = 0;
    this.head[slot] = -1;
    this.size[slot] = 0;
    this.freeSlots.push(slot);
  }

  /** Live slots, ascending. */
  liveSlots(): number[] {
    const out: number[] = [];
    for (let slot = 0; slot < this.slotsInUse; slot++) if (this.size[slot]! > 0) out.push(slot);
    return out;
  }

  private insert(slot: number, hash: number): void {
    const mask = this.index.length - 1;
    let i = hash & mask;
    while (this.index[i]! > 0) i = (i + 1) & mask;
    if (this.index[i] === DELETED) this.deleted--;
    this.index[i] = slot + 1;
    this.used++;
  }

  /** Rebuilds the index without tombstones, at most half full afterwards. */
  private rehash(): void {
    let length = this.index.length;
    while ((this.used + 1) * 2 > length) length *= 2;
    this.index = new Int32Array(length);
    lastId = undefined; // `words` is reused below
    this.used = 0;
    this.deleted = 0;
    for (let slot = 0; slot < this.slotsInUse; slot++) {
      if (this.size[slot] === 0) continue;
      const text = this.texts.get(slot);
      if (text !== undefined) this.insert(slot, hashString(text));
      else {
        for (let w = 0; w < 4; w++) words[w] = this.uuid[slot * 4 + w]!;
        this.insert(slot, hashWords());
      }
    }
  }

  private growSlots(minimum: number): void {
    let capacity = this.head.length * 2;
    while (capacity < minimum) capacity *= 2;
    const head = new Int32Array(capacity).fill(-1);
    head.set(this.head);
    const size = new Int32Array(capacity);
    size.set(this.size);
    const uuid = new Int32Array(capacity * 4);
    uuid.set(this.uuid);
    const isText = new Uint8Array(capacity);
    isText.set(this.isText);
    this.isText = isText;
    this.head = head;
    this.size = size;
    this.uuid = uuid;
  }
}
