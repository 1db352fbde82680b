// apply(state, events) -> state: carries out what `decide` chose. It trusts its events (they
// were decided on this very state) and validates nothing, which keeps it branch-light.
// Ownership: the state is MUTATED IN PLACE (typed arrays are updated, not copied) and returned;
// only SectionDefined returns a new object. Whoever applies events owns the state; take an
// `encodeSection` snapshot first if the previous version is still needed.
import {
  AVAILABLE as AVAILABLE_STATUS,
  RESERVED as RESERVED_STATUS,
  SOLD as SOLD_STATUS,
  createSection,
  type SectionState,
} from './section-state';
import type { SeatEvent } from './seat.types';

// Local copies of the status bytes: bundlers that emit CommonJS (tsx/esbuild) turn imported
// constants into getter calls, which costs more than the work in the hot loops below.
const AVAILABLE = AVAILABLE_STATUS;
const RESERVED = RESERVED_STATUS;
const SOLD = SOLD_STATUS;

/** Applies events in order. seq grows by 1 for each event that changes seat statuses. */
export function apply(
  state: SectionState | undefined,
  events: readonly SeatEvent[],
): SectionState | undefined {
  let current = state;
  for (const event of events) {
    if (event.type === 'SectionDefined') {
      // A replaced layout keeps counting from the old seq, so deltas never go backwards, and
      // keeps the memory of ended bookings (their repeats must still change nothing).
      const previous = current;
      current = createSection(event.layout, previous?.seq ?? 0);
      if (previous) current.ended = previous.ended;
      continue;
    }
    if (!current) throw new Error(`${event.type} applied to an unknown section`);
    if (event.type === 'BookingEnded') {
      current.ended.record(event.bookingId, event.outcome); // no seat changes: seq stays
      continue;
    }
    switch (event.type) {
      case 'SeatsHeld':
        hold(current, event.bookingId, event.seatIndexes);
        break;
      case 'SeatsFreed':
        free(current, event.bookingId);
        break;
      case 'SeatsSold':
        sell(current, event.bookingId);
        break;
    }
    current.seq++;
  }
  return current;
}

/** Marks ascending, AVAILABLE seats RESERVED and links them into a new booking's list. */
function hold(state: SectionState, bookingId: string, seatIndexes: readonly number[]): void {
  const { status, next } = state;
  const slot = state.bookings.add(bookingId);
  const n = seatIndexes.length;
  let row = -1;
  // Walk maximal blocks of consecutive seats in one row: each is carved out of one free run.
  for (let k = 0; k < n;) {
    const a = seatIndexes[k]!;
    row = state.rowAfter(a, row);
    const rowEnd = state.rowStart[row + 1]!;
    let b = a + 1;
    while (k + (b - a) < n && seatIndexes[k + (b - a)] === b && b < rowEnd) b++;
    for (let i = a; i < b; i++) status[i] = RESERVED;
    k += b - a;
    state.takeBlock(row, a, b);
  }
  // Thread the booking's list through the seats, ascending.
  state.bookings.head[slot] = seatIndexes[0]!;
  for (let k = 0; k < n; k++) next[seatIndexes[k]!] = k + 1 < n ? seatIndexes[k + 1]! : -1;
  state.bookings.size[slot] = n;
  state.available -= n;
  state.reserved += n;
}

/** Returns a booking's RESERVED seats to AVAILABLE and forgets the booking. */
function free(state: SectionState, bookingId: string): void {
  const { status, next, bookings } = state;
  const slot = bookings.slotOf(bookingId);
  if (slot === -1) return;
  let lastRow = -1;
  let n = 0;
  for (let i = bookings.head[slot]!; i !== -1;) {
    const following = next[i]!;
    status[i] = AVAILABLE;
    next[i] = -1;
    n++;
    const row = state.rowAfter(i, lastRow);
    if (row !== lastRow) {
      if (lastRow !== -1) state.refreshRow(lastRow);
      lastRow = row;
    }
    i = following;
  }
  if (lastRow !== -1) state.refreshRow(lastRow);
  bookings.remove(slot);
  state.available += n;
  state.reserved -= n;
}

/** Turns a booking's RESERVED seats SOLD; the booking stays so replays find its seats. */
function sell(state: SectionState, bookingId: string): void {
  const { status, next, bookings } = state;
  const slot = bookings.slotOf(bookingId);
  if (slot === -1) return;
  let n = 0;
  for (let i = bookings.head[slot]!; i !== -1; i = next[i]!) {
    status[i] = SOLD;
    n++;
  }
  state.reserved -= n;
  state.sold += n;
}
