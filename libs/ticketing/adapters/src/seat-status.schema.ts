import { z } from 'zod';
import { Id, IsoDateTime, SeatId, SeatName } from '@shared/contracts';

/**
 * The seat-status view of GET /api/events/:id/seat-status: the seller's seat map of held and
 * sold seats, and since when. These schemas validate the request and the response, and are the
 * contract the seller dashboard codes against (through the gateway, same path).
 *
 * No personal data of buyers: no buyer id, email or name, and no booking id (it leads to a
 * buyer). A seat that is not listed is AVAILABLE; the event's layout (GET /api/events/:id)
 * names every seat.
 *
 * Paging is by key, not offset, so a page boundary cannot skip or repeat seats while sales move
 * seats around: pass the previous page's `nextAfter` as `after` until it is null. Seats come
 * ordered by section, then seat id.
 *
 * Kept next to its reader rather than in @shared/contracts (where HTTP bodies belong) only
 * because that lib was outside this change; it depends on nothing but zod and the contracts'
 * primitives, so it can move there as is.
 */

/** Statuses the view lists: AVAILABLE is the default of every seat not listed. */
export const HeldSeatStatus = z.enum(['RESERVED', 'SOLD']);
export type HeldSeatStatus = z.infer<typeof HeldSeatStatus>;

/** Seats per page: a 50,000-seat sell-out is 25 pages of the largest size. */
export const SEAT_STATUS_MAX_LIMIT = 2000;

export const SeatStatusQuery = z.strictObject({
  /** Only this section's seats. */
  section: SeatName.optional(),
  /** Only RESERVED (held, awaiting payment) or only SOLD seats; both when absent. */
  status: HeldSeatStatus.optional(),
  /** Continue after this seat id: the `nextAfter` of the previous page. */
  after: SeatId.optional(),
  limit: z.coerce.number().int().min(1).max(SEAT_STATUS_MAX_LIMIT).default(500),
});
export type SeatStatusQuery = z.infer<typeof SeatStatusQuery>;

export const HeldSeat = z.strictObject({
  /** "<section>-<row>-<number>" */
  seatId: SeatId,
  section: SeatName,
  row: SeatName,
  /** 1-based seat number within its row. */
  number: z.number().int().positive(),
  status: HeldSeatStatus,
  /** When the seat took this status (the seat-reservation result's time); ISO-8601. */
  since: IsoDateTime,
  /**
   * The section availability sequence of that change. A live delta for this seat from
   * GET /api/events/:id/stream with a seq not above this one is older than this page: skip it.
   */
  seq: z.number().int().nonnegative(),
});
export type HeldSeat = z.infer<typeof HeldSeat>;

export const SeatStatusPage = z.strictObject({
  eventId: Id,
  seats: z.array(HeldSeat),
  /** The `after` of the next page; null on the last page. */
  nextAfter: SeatId.nullable(),
  /** When the page was read; ISO-8601. */
  at: IsoDateTime,
});
export type SeatStatusPage = z.infer<typeof SeatStatusPage>;
