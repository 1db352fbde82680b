/**
 * One store's picture of an event's seats, in a common shape so the stores can be compared:
 * seat id -> status (and owning booking where the store knows it), plus per-section totals.
 */
import {
  bookingIds,
  bookingSeats,
  sectionCounts,
  seatStatuses,
  type SectionState,
} from '@seat/domain';
import type { SeatStatus } from '@shared/contracts';

export interface SeatEntry {
  status: SeatStatus;
  /** The owning booking; undefined when this store does not record owners. */
  owner?: string | null;
}

export interface SectionTotals {
  capacity?: number;
  available: number;
  reserved: number;
  sold: number;
  seq?: number;
}

export interface SeatPicture {
  /** Which store this is, as violations name it: "seat state (changelog)", "tickets", ... */
  store: string;
  seats: Map<string, SeatEntry>;
  sections: Map<string, SectionTotals>;
}

/** The engine's own state: decoded section snapshots (changelog or RocksDB). */
export function pictureFromSections(
  store: string,
  sections: Map<string, SectionState>,
): SeatPicture {
  const seats = new Map<string, SeatEntry>();
  const totals = new Map<string, SectionTotals>();
  for (const [name, state] of sections) {
    const owner = new Map<string, string>();
    for (const id of bookingIds(state))
      for (const seat of bookingSeats(state, id)) owner.set(seat, id);
    for (const s of seatStatuses(state))
      seats.set(s.seat, { status: s.status, owner: owner.get(s.seat) ?? null });
    totals.set(name, sectionCounts(state));
  }
  return { store, seats, sections: totals };
}
