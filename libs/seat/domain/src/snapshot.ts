// Snapshot format (version 1) of one section: the RocksDB value and the changelog record.
//   'S' 0x01 | seq | eventId | section | rows: count, (label, seats)* | focal: 0 | 1 row seat
//   | bookings: count, id* | seat runs: (length, code)* covering every seat in index order
// All integers are unsigned varints, strings UTF-8 with a varint length. Booking ids are
// interned: listed once, in the order of their first seat, and seat runs refer to that position
// (code 0 = AVAILABLE, else code - 1 = 2 * booking + (SOLD ? 1 : 0)). Held seats of one booking
// are usually contiguous, so a run costs ~2-3 bytes. Equal states give byte-equal snapshots
// because numbering follows seat order, not internal slot numbers.
import { ByteReader, ByteWriter } from './byte-codec';
import { layoutProblem } from './layout';
import {
  AVAILABLE as AVAILABLE_STATUS,
  RESERVED as RESERVED_STATUS,
  SOLD as SOLD_STATUS,
  createSection,
  type SectionState,
} from './section-state';
import type { SectionLayout } from './seat.types';

// Local copies: CommonJS bundles turn imported constants into getters (see best-available.ts).
const AVAILABLE = AVAILABLE_STATUS;
const RESERVED = RESERVED_STATUS;
const SOLD = SOLD_STATUS;

const MAGIC = 0x53;
const VERSION = 1;

/** Serialises a section (layout, seq, every seat's status and owner) to compact bytes. */
export function encodeSection(state: SectionState): Uint8Array {
  const w = new ByteWriter(64 + state.capacity);
  w.byte(MAGIC);
  w.byte(VERSION);
  w.varint(state.seq);
  const { layout } = state;
  w.string(layout.eventId);
  w.string(layout.section);
  w.varint(layout.rows.length);
  for (const row of layout.rows) {
    w.string(row.label);
    w.varint(row.seats);
  }
  if (layout.focal) {
    w.byte(1);
    w.varint(layout.focal.row);
    w.varint(layout.focal.seat);
  } else w.byte(0);

  // Dense booking numbers in order of first seat.
  const owners = state.ownerSlots();
  // Dense number + 1 of each slot (0 = not numbered yet); slots are below the table's size.
  const dense = new Int32Array(state.bookings.head.length);
  const slots: number[] = [];
  for (let i = 0; i < owners.length; i++) {
    const slot = owners[i]!;
    if (slot !== -1 && dense[slot] === 0) {
      slots.push(slot);
      dense[slot] = slots.length;
    }
  }
  w.varint(slots.length);
  for (const slot of slots) state.bookings.writeId(slot, w);

  const { status } = state;
  let i = 0;
  while (i < state.capacity) {
    const code = seatCode(status[i]!, owners[i]!, dense);
    let j = i + 1;
    while (j < state.capacity && owners[j] === owners[i] && status[j] === status[i]) j++;
    w.varint(j - i);
    w.varint(code);
    i = j;
  }
  return w.finish();
}

function seatCode(status: number, slot: number, dense: Int32Array): number {
  if (status === AVAILABLE) return 0;
  return 1 + 2 * (dense[slot]! - 1) + (status === SOLD ? 1 : 0);
}

/** What a snapshot says about itself before its seats: enough to tell whether it is news. */
export interface SectionHeader {
  seq: number;
  eventId: string;
  section: string;
  /** The layout's rows: a replaced layout keeps its seq, so the rows tell it apart. */
  rows: SectionLayout['rows'];
}

/**
 * Reads only the header of `encodeSection` bytes (ids and rows, not the seats): a reader
 * that already holds the section at this seq or later can skip decoding the whole snapshot.
 * Throws on bytes that are not a snapshot of this version, like `decodeSection`.
 */
export function readSectionHeader(bytes: Uint8Array): SectionHeader {
  return readHeader(new ByteReader(bytes));
}

/** Magic and version, then seq, ids and rows; leaves `r` at the focal point. */
function readHeader(r: ByteReader): SectionHeader {
  if (r.byte() !== MAGIC) throw new Error('not a section snapshot');
  const version = r.byte();
  if (version !== VERSION) throw new Error(`unsupported section snapshot version ${version}`);
  const seq = r.varint();
  const eventId = r.string();
  const section = r.string();
  const rows: SectionLayout['rows'] = [];
  for (let n = r.varint(); n > 0; n--) rows.push({ label: r.string(), seats: r.varint() });
  return { seq, eventId, section, rows };
}

/**
 * Rebuilds a section from `encodeSection` bytes. Throws on bytes that are not a valid snapshot:
 * that is corruption or a version mismatch, not a domain outcome; an operator should restore the
 * partition from the changelog.
 */
export function decodeSection(bytes: Uint8Array): SectionState {
  const r = new ByteReader(bytes);
  const { seq, eventId, section, rows } = readHeader(r);
  const layout: SectionLayout = { eventId, section, rows };
  if (r.byte() === 1) layout.focal = { row: r.varint(), seat: r.varint() };
  const problem = layoutProblem(layout);
  if (problem) throw new Error(`snapshot layout invalid: ${problem}`);
  const state = createSection(layout, seq);

  const bookingCount = r.varint();
  const slots: number[] = [];
  for (let n = 0; n < bookingCount; n++) {
    const id = r.bookingId();
    if (state.bookings.slotOf(id) !== -1) throw new Error('snapshot repeats a booking id');
    slots.push(state.bookings.add(id));
  }
  const tails = new Int32Array(bookingCount).fill(-1);
  const sizes = new Int32Array(bookingCount);
  const { status, next, bookings } = state;
  let i = 0;
  while (i < state.capacity) {
    const length = r.varint();
    const code = r.varint();
    if (length === 0 || i + length > state.capacity) throw new Error('snapshot seat runs invalid');
    if (code !== 0) {
      const booking = (code - 1) >> 1;
      const slot = slots[booking];
      if (slot === undefined) throw new Error('snapshot refers to an unknown booking');
      const seatStatus = (code - 1) & 1 ? SOLD : RESERVED;
      for (let k = i; k < i + length; k++) {
        status[k] = seatStatus;
        const tail = tails[booking]!;
        if (tail === -1) bookings.head[slot] = k;
        else next[tail] = k;
        tails[booking] = k;
      }
      sizes[booking] = sizes[booking]! + length;
      if (seatStatus === SOLD) state.sold += length;
      else state.reserved += length;
      state.available -= length;
    }
    i += length;
  }
  if (!r.done) throw new Error('snapshot has trailing bytes');
  if (tails.includes(-1)) throw new Error('snapshot lists a booking without seats');
  slots.forEach((slot, booking) => (bookings.size[slot] = sizes[booking]!));
  for (let row = 0; row < state.rowCount; row++) state.refreshRow(row);
  return state;
}
