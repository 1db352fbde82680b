// The compact, mutable state of one section. Seats are numbered row-major: seat s (1-based) of
// row r has the flat index rowStart[r] + s - 1. Per seat we keep a status byte, the link of its
// booking's seat list and a search hint (8 + 32 + 16 bits), never an object: 50,000 seats cost
// ~350 KB before bookings.
// Invariants (checked by the property tests):
//   - available + reserved + sold === capacity, and each count matches the status array;
//   - a seat is RESERVED or SOLD iff it is on exactly one live booking's seat list;
//   - every live booking holds >= 1 seat, all RESERVED or all SOLD, listed in ascending index;
//   - outside a search, rowMaxRun, rowRunMask and jump describe the free runs of each row
//     exactly (best-available reads them to skip rows and hop over runs).
import { BookingTable } from './booking-table';
import { EndedBookings } from './ended-bookings';
import { copyLayout } from './layout';
import type { SectionLayout, SeatStatus } from './seat.types';

/** Status bytes. PENDING only exists transiently inside a best-available search (see there). */
export const AVAILABLE = 0;
export const RESERVED = 1;
export const SOLD = 2;
export const PENDING = 3;

export const STATUS_NAMES: readonly SeatStatus[] = ['AVAILABLE', 'RESERVED', 'SOLD'];

/**
 * One section's seats and holds. Treat it as opaque outside this library: read it through
 * `sectionCounts`, `seatStatuses`, `bookingSeats`, change it only through `apply`/`execute`.
 * Ownership rule: `apply` mutates the state in place (typed arrays are updated, not copied), so
 * the caller that applies events owns the state; keep an `encodeSection` snapshot if an older
 * version is needed.
 */
export class SectionState {
  readonly eventId: string;
  readonly section: string;
  readonly layout: SectionLayout;
  readonly capacity: number;
  readonly rowLabels: readonly string[];
  readonly rowIndex: ReadonlyMap<string, number>;
  /** "<section>-<row>-" per row, so a seat id costs one concatenation. */
  readonly rowPrefix: readonly string[];
  /** Flat index of each row's first seat; rowStart[rows] === capacity. */
  readonly rowStart: Int32Array;
  /** Row index of the focal point (0-based). */
  readonly focalRow: number;
  /**
   * Offset of the focal point from the centre of its row, in half-seats. Rows are assumed to be
   * centred on one axis, so a seat's distance sideways is measured from its own row's centre.
   */
  readonly focalOffset2: number;
  /** One status byte per seat (AVAILABLE, RESERVED, SOLD). */
  readonly status: Uint8Array;
  /** Next seat index of the same booking, -1 at the end of the list. */
  readonly next: Int32Array;
  /** Longest AVAILABLE run per row, so searches skip rows that cannot fit a group. */
  readonly rowMaxRun: Int32Array;
  /**
   * Per row, bit L set when the row has a free run of exactly L seats (bit 31: 31 or more), so
   * the search can tell without reading the row whether a block fits without stranding a seat.
   */
  readonly rowRunMask: Int32Array;
  /**
   * Per seat, where its stretch ends, relative to its row start: for a free seat the end of its
   * free run, for a taken seat the next free seat (or the row end). Lets the search hop over
   * whole runs and taken stretches instead of reading every seat.
   */
  readonly jump: Uint16Array;
  readonly bookings: BookingTable;
  /**
   * Bookings that ended here (rejected or released), so a repeated command is answered as the
   * first time. Carried over when a layout is replaced; not part of the section snapshot (its
   * blocks are records of their own, see ended-bookings.ts).
   */
  ended = new EndedBookings();
  available: number;
  reserved = 0;
  sold = 0;
  /** Sequence number of the last availability delta (0 before the first). */
  seq = 0;

  constructor(layout: SectionLayout, seq = 0) {
    this.layout = copyLayout(layout);
    this.eventId = layout.eventId;
    this.section = layout.section;
    const rows = this.layout.rows;
    this.rowLabels = rows.map((r) => r.label);
    this.rowIndex = new Map(rows.map((r, i) => [r.label, i]));
    this.rowPrefix = rows.map((r) => `${layout.section}-${r.label}-`);
    this.rowStart = new Int32Array(rows.length + 1);
    this.rowMaxRun = new Int32Array(rows.length);
    this.rowRunMask = new Int32Array(rows.length);
    let start = 0;
    rows.forEach((r, i) => {
      this.rowStart[i] = start;
      this.rowMaxRun[i] = r.seats;
      this.rowRunMask[i] = runBit(r.seats);
      start += r.seats;
    });
    this.rowStart[rows.length] = start;
    this.capacity = start;
    this.available = start;
    this.status = new Uint8Array(start);
    this.jump = new Uint16Array(start);
    rows.forEach((r, i) => this.jump.fill(r.seats, this.rowStart[i]!, this.rowStart[i + 1]!));
    this.next = new Int32Array(start).fill(-1);
    // Sized for a typical sale (~3 seats per booking) so the hot path rarely regrows it.
    this.bookings = new BookingTable(initialBookingSlots(start));
    this.seq = seq;
    const focal = this.layout.focal;
    this.focalRow = focal ? focal.row : 0;
    const focalRowSeats = rows[this.focalRow]!.seats;
    this.focalOffset2 = focal ? 2 * focal.seat - (focalRowSeats + 1) : 0;
  }

  get rowCount(): number {
    return this.rowLabels.length;
  }

  /** Number of seats in row r. */
  rowSeats(r: number): number {
    return this.rowStart[r + 1]! - this.rowStart[r]!;
  }

  /** Row index of a flat seat index (binary search over rowStart). */
  rowOf(index: number): number {
    let lo = 0;
    let hi = this.rowLabels.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.rowStart[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Row of `index` when walking seats in ascending order: `row` is the row of the previous seat
   * (-1 at the start). Steps forward instead of searching, the common case being the same row.
   */
  rowAfter(index: number, row: number): number {
    if (row < 0) return this.rowOf(index);
    let r = row;
    while (index >= this.rowStart[r + 1]!) r++;
    return r;
  }

  /** Seat id of a flat seat index. */
  seatId(index: number): string {
    return this.seatIdInRow(index, this.rowOf(index));
  }

  /** Seat id of a flat seat index whose row is known. */
  seatIdInRow(index: number, row: number): string {
    return this.rowPrefix[row]! + (index - this.rowStart[row]! + 1);
  }

  /** Recomputes the free-run bookkeeping of row r after its seats changed (<= 2,000 seats). */
  refreshRow(r: number): void {
    const { status, jump } = this;
    const first = this.rowStart[r]!;
    const end = this.rowStart[r + 1]!;
    let best = 0;
    let mask = 0;
    let run = 0;
    // Backwards, so each seat knows where its stretch (free run or taken stretch) ends.
    let stretchEnd = end - first;
    for (let i = end - 1; i >= first; i--) {
      const free = status[i] === AVAILABLE;
      if (i + 1 < end && free !== (status[i + 1] === AVAILABLE)) stretchEnd = i + 1 - first;
      jump[i] = stretchEnd;
      if (free) run++;
      if (run > 0 && (!free || i === first)) {
        if (run > best) best = run;
        mask |= runBit(run);
        run = 0;
      }
    }
    this.rowMaxRun[r] = best;
    this.rowRunMask[r] = mask;
  }

  /**
   * Bookkeeping after seats [a, b) of row r, all AVAILABLE before, were just taken (statuses
   * already set, nothing else in the row changed since the last update). Touches only the free
   * run that held them and the taken stretch before it: O(run), not O(row).
   */
  takeBlock(r: number, a: number, b: number): void {
    const { status, jump } = this;
    const first = this.rowStart[r]!;
    const end = this.rowStart[r + 1]!;
    const runEnd = first + jump[a]!; // still the old value: end of the free run that held a
    let runStart = a;
    while (runStart > first && status[runStart - 1] === AVAILABLE) runStart--;
    // The new taken stretch ends at b while the run goes on, else where the next stretch ends.
    const takenEnd = b < runEnd ? b - first : runEnd < end ? jump[runEnd]! : end - first;
    for (let i = a; i < b; i++) jump[i] = takenEnd;
    for (let i = runStart; i < a; i++) jump[i] = a - first;
    if (runStart === a) {
      // Nothing free is left before a: the taken stretch before it now reaches takenEnd.
      for (let i = a - 1; i >= first && status[i] !== AVAILABLE; i--) jump[i] = takenEnd;
    }
    this.summarizeRow(r);
  }

  /** Recomputes rowMaxRun and rowRunMask of row r from `jump`, one hop per stretch. */
  private summarizeRow(r: number): void {
    const { status, jump } = this;
    const first = this.rowStart[r]!;
    const end = this.rowStart[r + 1]!;
    let best = 0;
    let mask = 0;
    for (let i = first; i < end;) {
      const stretchEnd = first + jump[i]!;
      if (status[i] === AVAILABLE) {
        const run = stretchEnd - i;
        if (run > best) best = run;
        mask |= runBit(run);
      }
      i = stretchEnd;
    }
    this.rowMaxRun[r] = best;
    this.rowRunMask[r] = mask;
  }

  /** Seat indexes of a booking slot, ascending. */
  seatsOfSlot(slot: number): number[] {
    const out: number[] = [];
    for (let i = this.bookings.head[slot]!; i !== -1; i = this.next[i]!) out.push(i);
    return out;
  }

  /** Per seat, the slot of its owner or -1; built on demand (snapshots, equality), not kept. */
  ownerSlots(): Int32Array {
    const owners = new Int32Array(this.capacity).fill(-1);
    for (const slot of this.bookings.liveSlots()) {
      for (let i = this.bookings.head[slot]!; i !== -1; i = this.next[i]!) owners[i] = slot;
    }
    return owners;
  }
}

/** A power of two near capacity / 4, between 16 and 1,024 slots (25 bytes each). */
function initialBookingSlots(capacity: number): number {
  let slots = 16;
  while (slots < 1024 && slots * 4 < capacity) slots *= 2;
  return slots;
}

/** The run-mask bit of a free run of `length` seats. */
function runBit(length: number): number {
  return 1 << (length < 31 ? length : 31);
}

/** A fresh section with every seat AVAILABLE. The layout must be valid (see layoutProblem). */
export function createSection(layout: SectionLayout, seq = 0): SectionState {
  return new SectionState(layout, seq);
}
