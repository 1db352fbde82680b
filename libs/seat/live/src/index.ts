/**
 * @packageDocumentation
 * Live seat availability: an in-memory view of every section, fed from the seat changelog
 * (snapshots) and availability (deltas) topics, and the HTTP routes that serve it as JSON and
 * as Server-Sent Events with resumable ids. Any instance serves any section, whichever
 * seat-reservation node owns its partition.
 *
 * ```ts
 * const view = await createAvailabilityView({ kafka, namespace, instanceId, logger });
 * await registerAvailabilityRoutes(app, view, { heartbeatMs: 15_000 });
 * registerHealth(app, { availability: () => view.ready() });
 * app.addHook('onClose', () => view.stop());
 * ```
 */

/**
 * `createAvailabilityView(opts)`: starts the Kafka-fed view (resolves once consuming;
 * `ready()` turns true once the changelog is caught up).
 */
export {
  createAvailabilityView,
  type AvailabilityView,
  type AvailabilityViewOptions,
} from './availability-view';

/**
 * `registerAvailabilityRoutes(app, view, opts?)`: GET /api/events/:id/seats and the SSE
 * stream GET /api/events/:id/stream (events `snapshot`, `delta`, `heartbeat`).
 */
export { registerAvailabilityRoutes, type AvailabilityRoutesOptions } from './availability.routes';

/** The feed interface routes read, and the plain data it hands out. */
export type {
  AvailabilityFeed,
  LiveDelta,
  LiveListener,
  LiveSection,
  LiveUpdate,
  SeatState,
  SectionSnapshot,
} from './live.types';

/** The view's state without Kafka (for tests and for feeding it from another source). */
export { LiveSections, DEFAULT_MAX_DELTAS_PER_SECTION, type ApplyResult } from './live-sections';

/** Wire format of the stream: event data shapes and the Last-Event-ID codec. */
export type { DeltaData, SnapshotData, StreamEventName } from './stream-session';
export { encodeSeenSeqs, parseSeenSeqs } from './sse-id';

/** Response schemas (zod) of GET /seats, also the `snapshot` event's data. */
export { EventSeats, SectionSeats } from './availability.schemas';

/** The routes' error catalogue: EVENT_NOT_FOUND, SECTION_NOT_FOUND, AVAILABILITY_NOT_READY. */
export { LiveErrors } from './live.errors';
