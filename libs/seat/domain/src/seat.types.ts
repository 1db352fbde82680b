// The vocabulary of the seat allocation core: layouts in, commands in, outcomes and deltas out.
// Everything here is plain data (JSON-safe) so adapters can validate and ship it unchanged.
import type { EndedOutcome } from './ended-bookings';
import type { RejectionCode } from './seat.errors';

/** Status of one seat. RESERVED and SOLD seats always belong to exactly one booking. */
export type SeatStatus = 'AVAILABLE' | 'RESERVED' | 'SOLD';

/**
 * The seating of one section of one event.
 * Row labels and the section name never contain "-" (seat ids are "<section>-<row>-<seat>").
 * `focal` is the point best-available aims at: a 0-based row index and a 1-based seat number;
 * when absent it is the centre of the front row (row 0).
 */
export interface SectionLayout {
  eventId: string;
  section: string;
  rows: { label: string; seats: number }[];
  focal?: { row: number; seat: number };
}

/** Fields every command on an existing section carries: the section it is routed to. */
interface SectionAddress {
  eventId: string;
  section: string;
}

/** A command for one section; all are idempotent by bookingId (or by layout for InitSection). */
export type SeatCommand =
  | { type: 'InitSection'; layout: SectionLayout }
  | (SectionAddress & {
      type: 'ReserveBestAvailable';
      bookingId: string;
      quantity: number;
      partial?: boolean;
    })
  | (SectionAddress & {
      type: 'ReserveManual';
      bookingId: string;
      /** Seat ids "<section>-<row>-<seat>"; duplicates count once. */
      seats: string[];
      partial?: boolean;
    })
  | (SectionAddress & { type: 'Release'; bookingId: string })
  | (SectionAddress & { type: 'Finalize'; bookingId: string });

/** One seat's new status, as the live seat map needs it. */
export interface SeatChange {
  seat: string;
  status: SeatStatus;
}

/**
 * What changed in a section, for the live map. `seq` grows by exactly 1 per delta and is part of
 * the section's state (and snapshot), so a client that sees a gap knows it missed a delta and
 * must reload. The counts are the section totals after the change.
 */
export interface AvailabilityDelta {
  eventId: string;
  section: string;
  seq: number;
  changes: SeatChange[];
  available: number;
  reserved: number;
  sold: number;
}

/** The result of one command. Expected failures are `ReservationRejected`/`SectionRejected`. */
export type SeatOutcome =
  | {
      kind: 'SectionInitialized';
      eventId: string;
      section: string;
      capacity: number;
      /** True when a different layout (with no holds or sales) replaced the previous one. */
      replaced: boolean;
      /** True when the same layout was already in place (nothing changed). */
      confirmed: boolean;
    }
  | {
      kind: 'SeatsReserved';
      bookingId: string;
      eventId: string;
      section: string;
      /** In row/seat order. */
      seats: string[];
      /** True when all seats are in one row with no gap between them. */
      adjacent: boolean;
      /** True when the booking already held these seats (a replayed command): nothing changed. */
      replayed: boolean;
    }
  | {
      kind: 'SeatsReleased';
      bookingId: string;
      eventId: string;
      section: string;
      /** Seats that became AVAILABLE; [] for an unknown, released or finalized booking. */
      seats: string[];
    }
  | {
      kind: 'SeatsFinalized';
      bookingId: string;
      eventId: string;
      section: string;
      /** The booking's SOLD seats ([] for an unknown booking). */
      seats: string[];
      /** True when the seats were already SOLD (a replayed Finalize): nothing changed. */
      replayed: boolean;
    }
  | {
      kind: 'ReservationRejected';
      bookingId: string;
      eventId: string;
      section: string;
      code: RejectionCode;
      message: string;
      /** The seats that caused the rejection (unknown or taken), when there are such seats. */
      seats?: string[];
    }
  | {
      /** InitSection refused: LAYOUT_CONFLICT or LAYOUT_INVALID. */
      kind: 'SectionRejected';
      eventId: string;
      section: string;
      code: RejectionCode;
      message: string;
    };

/** The outcome of a command plus, iff any seat status changed, the delta for the live map. */
export interface Decision {
  outcome: SeatOutcome;
  delta?: AvailabilityDelta;
}

/**
 * State changes decided by `decide` and carried out by `apply`. Seat positions are flat indexes
 * (row-major, see `SectionState`) so `apply` never parses strings; events are only meaningful
 * for the state they were decided on.
 */
export type SeatEvent =
  | { type: 'SectionDefined'; layout: SectionLayout }
  | { type: 'SeatsHeld'; bookingId: string; seatIndexes: number[] }
  | { type: 'SeatsFreed'; bookingId: string }
  | { type: 'SeatsSold'; bookingId: string }
  /** The booking is over here (rejected or released): a repeat of its commands changes nothing. */
  | { type: 'BookingEnded'; bookingId: string; outcome: EndedOutcome };

/** Tuning of the core; the same options must be used on every replica for determinism. */
export interface SeatOptions {
  /** Largest quantity (best-available) or seat count (manual) one booking may ask for. Default 10. */
  maxQuantity?: number;
}
