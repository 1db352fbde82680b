import { z } from 'zod';
import {
  BookingStatus,
  Cents,
  FocalPoint,
  Id,
  IsoDateTime,
  MAX_ROWS_PER_SECTION,
  MAX_SECTIONS_PER_EVENT,
  ReleaseReason,
  Row,
  SeatId,
  SeatName,
} from './primitives';

/**
 * Facts that event-ticketing and booking tell each other (topics event.catalog and booking.events).
 * Apps share nothing but these topics and schemas.
 */

export const PublishedSection = z.strictObject({
  name: SeatName,
  priceCents: Cents,
  category: SeatName.optional(),
  focal: FocalPoint.optional(),
  rows: z.array(Row).min(1).max(MAX_ROWS_PER_SECTION),
  /** The command-topic partition that owns this section, fixed at publication. */
  partition: z.number().int().nonnegative(),
});
export type PublishedSection = z.infer<typeof PublishedSection>;

/** Compacted by eventId: the latest record is the event as buyers may book it. */
export const EventPublished = z.strictObject({
  type: z.literal('EventPublished'),
  v: z.literal(1),
  eventId: Id,
  sellerId: Id,
  name: z.string().min(1).max(200),
  venue: z.string().min(1).max(200),
  startsAt: IsoDateTime,
  sections: z.array(PublishedSection).min(1).max(MAX_SECTIONS_PER_EVENT),
  publishedAt: IsoDateTime,
});
export type EventPublished = z.infer<typeof EventPublished>;

/**
 * Every booking status transition from PROCESSING on, for analytics (holds converted vs expired)
 * and live status. The start (a new PROCESSING booking) is not announced: its buyer has it from
 * the 202, and booking's history table records it. `previous` is null only in records written
 * before that change.
 */
export const BookingStatusChanged = z.strictObject({
  type: z.literal('BookingStatusChanged'),
  v: z.literal(1),
  bookingId: Id,
  eventId: Id,
  section: SeatName,
  status: BookingStatus,
  previous: BookingStatus.nullable(),
  seats: z.array(SeatId),
  totalCents: z.number().int().nonnegative(),
  reason: z.union([ReleaseReason, z.string().max(200)]).optional(),
  at: IsoDateTime,
  /**
   * Who booked (the buyer's account id) and when the booking was made: event-ticketing's
   * order list for the event's seller (customer service) is built from these records alone.
   * Optional, so records written before they were added still decode (their orders show no
   * buyer); every producer sets them now.
   */
  buyerId: Id.optional(),
  createdAt: IsoDateTime.optional(),
  /** Set on PENDING_PAYMENT: the end of the payment window. */
  expiresAt: IsoDateTime.optional(),
});
export type BookingStatusChanged = z.infer<typeof BookingStatusChanged>;
