import type { BookingStatus, ReleaseReason } from '@shared/contracts';

/** A hold the seat side reported (a SeatsReserved result): where, and which seats. */
export interface ReportedHold {
  eventId: string;
  section: string;
  seats: readonly string[];
}

/** The booking a reported hold names, as booking stores it. */
export interface HeldBooking {
  status: BookingStatus;
  eventId: string;
  section: string;
  seats: readonly string[];
}

/**
 * What booking does about a reported hold that did not just move its booking out of PROCESSING:
 * - keep: the booking holds exactly these seats (a replayed result), or still waits for its own
 *   result;
 * - release: nobody should hold these seats (the booking ended without seats, or booking has no
 *   such booking in that section); a ReleaseSeats with `reason` gives them back;
 * - conflict: a live booking holds other seats than the engine reports. Releasing would take
 *   the buyer's hold away (a Release frees whatever the booking holds), so it is left for an
 *   operator, and `npm run loadtest -- verify` reports it.
 */
export type HoldVerdict =
  { kind: 'keep' } | { kind: 'release'; reason: ReleaseReason } | { kind: 'conflict' };

/** Statuses that own seats, and the statuses that ended without keeping any. */
const HOLDS_SEATS: readonly BookingStatus[] = ['PENDING_PAYMENT', 'PAID'];
const ENDED: Partial<Record<BookingStatus, ReleaseReason>> = {
  FAILED: 'FAILED',
  EXPIRED: 'EXPIRED',
  CANCELLED: 'CANCELLED',
};

/**
 * Judges one reported hold against the booking it names (undefined when booking has none).
 * A hold for an unknown booking, or in another section than its booking's, is released with
 * reason FAILED: no booking ever asked for it there.
 */
export function holdVerdict(booking: HeldBooking | undefined, hold: ReportedHold): HoldVerdict {
  if (!booking || booking.eventId !== hold.eventId || booking.section !== hold.section) {
    return { kind: 'release', reason: 'FAILED' };
  }
  const ended = ENDED[booking.status];
  if (ended) return { kind: 'release', reason: ended };
  if (!HOLDS_SEATS.includes(booking.status)) return { kind: 'keep' };
  return sameSeats(booking.seats, hold.seats) ? { kind: 'keep' } : { kind: 'conflict' };
}

/** True when both list the same seats, in any order. */
export function sameSeats(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((s) => set.has(s));
}
