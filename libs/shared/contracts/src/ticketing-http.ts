import { z } from 'zod';
import { Id, IsoDateTime, SeatName } from './primitives';
import { SectionAvailability, SectionInput } from './http';

/**
 * Response bodies of event-ticketing's event and analytics routes (requests are in http.ts).
 * Money in integer cents; times ISO-8601.
 */

export const EventIdParams = z.strictObject({ id: Id });
export type EventIdParams = z.infer<typeof EventIdParams>;

export const EventStatus = z.enum(['DRAFT', 'PUBLISHED']);
export type EventStatus = z.infer<typeof EventStatus>;

/** An event with its layout; `sections` carries live counts once published. */
export const EventView = z.strictObject({
  id: Id,
  sellerId: Id,
  name: z.string(),
  venue: z.string(),
  startsAt: IsoDateTime,
  status: EventStatus,
  publishedAt: IsoDateTime.nullable(),
  layout: z.array(SectionInput),
  /** Section -> command-topic partition, fixed at publication (null while a draft). */
  assignment: z.record(z.string(), z.number().int().nonnegative()).nullable(),
  sections: z.array(SectionAvailability),
});
export type EventView = z.infer<typeof EventView>;

export const EventSummary = z.strictObject({
  id: Id,
  name: z.string(),
  venue: z.string(),
  startsAt: IsoDateTime,
});
export type EventSummary = z.infer<typeof EventSummary>;

export const EventPage = z.strictObject({
  items: z.array(EventSummary),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type EventPage = z.infer<typeof EventPage>;

const SalesFigures = {
  capacity: z.number().int().nonnegative(),
  available: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  sold: z.number().int().nonnegative(),
  revenueCents: z.number().int().nonnegative(),
};

/** A seller's live view of one event: no buyer data, only counts and money. */
export const EventAnalytics = z.strictObject({
  eventId: Id,
  totals: z.strictObject(SalesFigures),
  sections: z.array(z.strictObject({ name: SeatName, ...SalesFigures })),
  /** Seats sold per minute (by when the sale was recorded), oldest first. */
  salesPerMinute: z.array(
    z.strictObject({
      minute: IsoDateTime,
      seats: z.number().int().nonnegative(),
      revenueCents: z.number().int().nonnegative(),
    }),
  ),
  /** Holds that ended: paid (converted) or ran out (expired), from booking.events. */
  holds: z.strictObject({
    converted: z.number().int().nonnegative(),
    expired: z.number().int().nonnegative(),
  }),
  at: IsoDateTime,
});
export type EventAnalytics = z.infer<typeof EventAnalytics>;
