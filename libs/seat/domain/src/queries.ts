// Read-only views of a section for adapters (GET /seats, booking lookups) and tests.
import { layoutsEqual } from './layout';
import { STATUS_NAMES, type SectionState } from './section-state';
import type { SeatStatus } from './seat.types';

/** Seat totals of a section; available + reserved + sold === capacity. */
export interface SectionCounts {
  capacity: number;
  available: number;
  reserved: number;
  sold: number;
  /** Sequence number of the last availability delta. */
  seq: number;
}

export function sectionCounts(state: SectionState): SectionCounts {
  return {
    capacity: state.capacity,
    available: state.available,
    reserved: state.reserved,
    sold: state.sold,
    seq: state.seq,
  };
}

/** Every seat with its status, in row order then seat order (builds one object per seat). */
export function seatStatuses(state: SectionState): Array<{ seat: string; status: SeatStatus }> {
  const out: Array<{ seat: string; status: SeatStatus }> = [];
  for (let r = 0; r < state.rowCount; r++) {
    const first = state.rowStart[r]!;
    const prefix = state.section + '-' + state.rowLabels[r] + '-';
    for (let i = first; i < state.rowStart[r + 1]!; i++) {
      out.push({ seat: prefix + (i - first + 1), status: STATUS_NAMES[state.status[i]!]! });
    }
  }
  return out;
}

/**
 * Compact form of seatStatuses: per row its label and one character per seat
 * ('A' available, 'R' reserved, 'S' sold), e.g. { row: 'A', statuses: 'AARRS' }.
 */
export function rowStatuses(state: SectionState): Array<{ row: string; statuses: string }> {
  const letters = ['A', 'R', 'S'];
  return state.rowLabels.map((row, r) => {
    let statuses = '';
    for (let i = state.rowStart[r]!; i < state.rowStart[r + 1]!; i++) {
      statuses += letters[state.status[i]!];
    }
    return { row, statuses };
  });
}

/** The seats a booking holds (RESERVED or SOLD) in row/seat order; [] when it holds none. */
export function bookingSeats(state: SectionState, bookingId: string): string[] {
  const slot = state.bookings.slotOf(bookingId);
  return slot === -1 ? [] : state.seatsOfSlot(slot).map((i) => state.seatId(i));
}

/** Booking ids that hold seats in this section, sorted. */
export function bookingIds(state: SectionState): string[] {
  return state.bookings
    .liveSlots()
    .map((slot) => state.bookings.idOf(slot))
    .sort();
}

/**
 * Deep equality of two sections: layout, seq, counts, every seat's status and owner. Internal
 * slot numbers and buffer sizes are ignored, so a restored snapshot equals its original.
 */
export function sectionsEqual(a: SectionState, b: SectionState): boolean {
  if (!layoutsEqual(a.layout, b.layout) || a.seq !== b.seq) return false;
  if (a.available !== b.available || a.reserved !== b.reserved || a.sold !== b.sold) return false;
  if (a.bookings.count !== b.bookings.count) return false;
  if (!a.ended.equals(b.ended)) return false;
  const ownersA = a.ownerSlots();
  const ownersB = b.ownerSlots();
  for (let i = 0; i < a.capacity; i++) {
    if (a.status[i] !== b.status[i]) return false;
    const slotA = ownersA[i]!;
    const slotB = ownersB[i]!;
    if ((slotA === -1) !== (slotB === -1)) return false;
    if (slotA !== -1 && a.bookings.idOf(slotA) !== b.bookings.idOf(slotB)) return false;
  }
  return true;
}
