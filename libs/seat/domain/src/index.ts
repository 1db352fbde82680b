/**
 * @packageDocumentation
 * The seat allocation core: a pure library (no IO) that keeps one section's seats in typed
 * arrays and decides reservations deterministically, so every replica that processes the same
 * commands in the same order reaches byte-identical state.
 *
 * Typical use by the stream processor, per command of one section:
 * ```ts
 * const { state: next, decision } = execute(state, command);   // mutates `state` in place
 * publish(decision.outcome); if (decision.delta) publishAvailability(decision.delta);
 * store(encodeSection(next!));                                   // RocksDB value + changelog
 * ```
 * Or, split per STYLE.md point 2: `decide(state, command)` -> `{ decision, events }`, then
 * `apply(state, events)`. `apply` mutates typed arrays in place: the caller owns the state.
 */

/** Seat statuses, layouts, commands, outcomes, deltas and events (plain JSON-safe data). */
export type {
  AvailabilityDelta,
  Decision,
  SeatChange,
  SeatCommand,
  SeatEvent,
  SeatOptions,
  SeatOutcome,
  SeatStatus,
  SectionLayout,
} from './seat.types';

/** The rejection catalogue: stable codes with message and retriable flag. */
export { SEAT_REJECTIONS, rejectionMessage, type RejectionCode } from './seat.errors';

/**
 * `SectionState`: one section's compact mutable state (opaque: use the queries below).
 * `createSection(layout)`: a fresh, all-AVAILABLE section (InitSection via execute is preferred).
 */
export { SectionState, createSection } from './section-state';

/** `decide(state, command, options?)`: the pure decision; never changes the state. */
export { decide, DEFAULT_MAX_QUANTITY, type Decided } from './decide';

/** `apply(state, events)`: carries out decided events, mutating the state in place. */
export { apply } from './apply';

/** `execute(state, command, options?)`: decide + apply; `{ state, decision }`. */
export { execute, type Executed } from './execute';

/** `encodeSection(state)` -> bytes and `decodeSection(bytes)` -> state (throws on corruption). */
export { encodeSection, decodeSection, readSectionHeader, type SectionHeader } from './snapshot';

/** Read-only views: counts, seats in row/seat order, a booking's seats, deep equality. */
export {
  sectionCounts,
  seatStatuses,
  rowStatuses,
  bookingSeats,
  bookingIds,
  sectionsEqual,
  type SectionCounts,
} from './queries';

/** Seat ids "<section>-<row>-<seat>" (1-based seat number). */
export { parseSeatId, formatSeatId, type SeatIdParts } from './seat-id';

/** Layout validation (returns the problem or undefined) and structural equality. */
export { layoutProblem, layoutsEqual } from './layout';
