/**
 * @packageDocumentation
 * Event-ticketing's adapters: the PostgreSQL repositories (events and their tickets, the
 * seller's seat-status view), the Kafka side (announcing a published event through the outbox
 * and its relay, consuming seat results and booking status changes into tickets, hold
 * outcomes and the seller's order list), the Redis limiters, the in-process sales feed behind
 * the analytics stream, and the error catalogue. The app (apps/event-ticketing) wires them to
 * its config and routes.
 */

/** Events: drafts, publication (tickets in bulk), browsing and analytics; PostgreSQL. */
export {
  createEventRepository,
  layoutOf,
  newEventId,
  StoredLayout,
  type EventRepository,
} from './event.repository';
/** A published event's announcement: InitSection per section, then EventPublished. */
export { announcementRecords, type AnnouncementRecord } from './event.announcement';
/** The outbox the announcement is written to when an event is published, and its relay. */
export { createTicketingOutboxRelay, TICKETING_OUTBOX } from './ticketing.outbox';
/** Seat results and booking status changes into tickets and hold outcomes (Kafka to PostgreSQL). */
export {
  createSeatResultsConsumer,
  applySeatChanges,
  holdEndOf,
  recordHoldEnds,
  type HoldEnd,
} from './seat-results.consumer';
/** The seller's seat map (held and sold seats, no buyer data): reader and its HTTP schemas. */
export { createSeatStatusReader, type SeatStatusReader } from './seat-status.repository';
export {
  HeldSeat,
  HeldSeatStatus,
  SEAT_STATUS_MAX_LIMIT,
  SeatStatusPage,
  SeatStatusQuery,
} from './seat-status.schema';
/** The seller's order list of an event, projected from booking.events (PostgreSQL). */
export { createOrderReader, recordOrderChanges, type OrderReader } from './order.repository';
/** Abuse limits in Redis: logins per account and per address, sign-ups per address, publishes. */
export { createLoginLimiter, type LoginLimiter, type LoginLimits } from './login-limiter';
export { createSignupLimiter, type SignupLimiter } from './signup-limiter';
export { createPublishLimiter, type PublishLimiter } from './publish-limiter';
/** Throttled analytics updates (at most one per second per event) for the SSE stream. */
export { createSalesFeed, type SalesFeed } from './sales-feed';
/** Error codes of event-ticketing, mapped to HTTP statuses by the shared error handler. */
export { TicketingErrors } from './ticketing.errors';
