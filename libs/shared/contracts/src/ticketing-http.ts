import { z } from 'zod';
import { BookingStatus, Id, IsoDateTime, SeatId, SeatName } from './primitives';
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

/** An event as buyers browse it: `soldOut` when no seat is left to book (all sold or held). */
export const EventListing = EventSummary.extend({ soldOut: z.boolean() });
export type EventListing = z.infer<typeof EventListing>;

export const EventPage = z.strictObject({
  items: z.array(EventListing),
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

// --- orders: the seller's list of an event's bookings (customer service) -----------------

/** Largest page of GET /api/events/:id/orders; the CSV export has every matching order. */
export const ORDERS_MAX_PAGE_SIZE = 200;

export const OrderExportQuery = z.strictObject({
  /** Only orders in this booking status; all when absent. */
  status: BookingStatus.optional(),
});
export type OrderExportQuery = z.infer<typeof OrderExportQuery>;

export const OrderQuery = OrderExportQuery.extend({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(ORDERS_MAX_PAGE_SIZE).default(50),
});
export type OrderQuery = z.infer<typeof OrderQuery>;

/**
 * One booking of the seller's event, as event-ticketing learnt it from booking.events (a
 * booking appears once its seat result is known: PROCESSING is not announced). The buyer's
 * fields are null for bookings announced before records carried the buyer.
 */
export const OrderView = z.strictObject({
  bookingId: Id,
  status: BookingStatus,
  section: SeatName,
  seats: z.array(SeatId),
  totalCents: z.number().int().nonnegative(),
  /** When the buyer booked. */
  bookedAt: IsoDateTime,
  /** When the booking took its current status. */
  updatedAt: IsoDateTime,
  /** End of the payment window while PENDING_PAYMENT (and after, as it was); else null. */
  expiresAt: IsoDateTime.nullable(),
  buyerId: Id.nullable(),
  buyerName: z.string().nullable(),
  buyerEmail: z.string().nullable(),
});
export type OrderView = z.infer<typeof OrderView>;

/** Newest booking first; `total` counts every order matching the filter. */
export const OrderPage = z.strictObject({
  eventId: Id,
  items: z.array(OrderView),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  at: IsoDateTime,
});
export type OrderPage = z.infer<typeof OrderPage>;
