import { z } from 'zod';
import { Id, RejectionCode, ReleaseReason, SeatId, SeatName, SeatStatus } from './primitives';

/** Results of seat commands (topic seat.results), read_committed by booking and event-ticketing. */

const Result = {
  v: z.literal(1),
  eventId: Id,
  section: SeatName,
  bookingId: Id,
};

export const SeatsReserved = z.strictObject({
  type: z.literal('SeatsReserved'),
  ...Result,
  seats: z.array(SeatId).min(1),
  /** True when all seats sit side by side in one row. */
  adjacent: z.boolean(),
  /** Section availability sequence after this change; orders changes of one section. */
  seq: z.number().int().nonnegative(),
});
export type SeatsReserved = z.infer<typeof SeatsReserved>;

export const ReservationRejected = z.strictObject({
  type: z.literal('ReservationRejected'),
  ...Result,
  code: RejectionCode,
  message: z.string().max(500),
  /** The seats that failed, when the rejection is about particular seats. */
  seats: z.array(SeatId).optional(),
});
export type ReservationRejected = z.infer<typeof ReservationRejected>;

export const SeatsReleased = z.strictObject({
  type: z.literal('SeatsReleased'),
  ...Result,
  seats: z.array(SeatId),
  reason: ReleaseReason,
  seq: z.number().int().nonnegative(),
});
export type SeatsReleased = z.infer<typeof SeatsReleased>;

export const SeatsFinalized = z.strictObject({
  type: z.literal('SeatsFinalized'),
  ...Result,
  seats: z.array(SeatId),
  seq: z.number().int().nonnegative(),
});
export type SeatsFinalized = z.infer<typeof SeatsFinalized>;

export const SeatResult = z.discriminatedUnion('type', [
  SeatsReserved,
  ReservationRejected,
  SeatsReleased,
  SeatsFinalized,
]);
export type SeatResult = z.infer<typeof SeatResult>;

/** One live-map delta (topic seat.availability); seq grows by exactly 1 per section. */
export const SeatAvailabilityChanged = z.strictObject({
  type: z.literal('SeatAvailabilityChanged'),
  v: z.literal(1),
  eventId: Id,
  section: SeatName,
  seq: z.number().int().positive(),
  changes: z.array(z.strictObject({ seat: SeatId, status: SeatStatus })),
  available: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  sold: z.number().int().nonnegative(),
  at: z.iso.datetime(),
});
export type SeatAvailabilityChanged = z.infer<typeof SeatAvailabilityChanged>;

/**
 * A message no consumer could accept, or a record an outbox relay could not send (Kafka refused
 * it), with the reason (topic dead-letter).
 */
export const DeadLetter = z.strictObject({
  type: z.literal('DeadLetter'),
  v: z.literal(1),
  /** The topic it came from, or the one a refused outbox record was meant for. */
  sourceTopic: z.string(),
  /** null: an outbox record that named no partition (it never reached one). */
  partition: z.number().int().nonnegative().nullable(),
  /** null: an outbox record, which never had an offset. */
  offset: z.string().nullable(),
  key: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
  /** Who dead-lettered it: a consumer's name, or an outbox relay's (booking.outbox, ...). */
  consumer: z.string(),
  at: z.iso.datetime(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;
