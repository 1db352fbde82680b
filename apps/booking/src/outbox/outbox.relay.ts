import {
  createOutboxRelay as createRelay,
  type OutboxRelay,
  type OutboxRelayOptions,
} from '@shared/kafka';

export type { OutboxRelay };

/** Booking's outbox table (see outbox.ts and booking-inserts.ts for what is written to it). */
export const BOOKING_OUTBOX = 'booking.outbox';

/**
 * Booking's relay: the shared outbox relay (@shared/kafka, where its guarantees are written
 * out) over booking.outbox. Records of all topics go in one request per round: booking's order
 * is per key (a booking's status changes, a section's commands), which one sender in id order
 * keeps.
 */
export function createOutboxRelay(deps: Omit<OutboxRelayOptions, 'table'>): OutboxRelay {
  return createRelay({ ...deps, table: BOOKING_OUTBOX });
}
