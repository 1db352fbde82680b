// Plain data the live view hands to its subscribers and routes. Everything is JSON-safe so an
// SSE route can serialise it unchanged.
import type { SeatStatus } from '@seat/domain';

/** One seat's status as the seat map shows it. */
export interface SeatState {
  seat: string;
  status: SeatStatus;
}

/**
 * A change of one section as the view applied it. `fromSeq` is the seq the change starts from
 * and `seq` the one it ends at: `seq === fromSeq + 1` for a delta read from the availability
 * topic, larger when a changelog snapshot folded several commands (then `changes` is the diff of
 * the statuses, which may even be empty when a hold was taken and released in one batch).
 * The counts are the section totals after the change.
 */
export interface LiveDelta {
  eventId: string;
  section: string;
  fromSeq: number;
  seq: number;
  changes: SeatState[];
  available: number;
  reserved: number;
  sold: number;
}

/**
 * What the in-process feed emits. `reset` means the section appeared or its layout changed:
 * no delta can express that, so a subscriber re-reads `sectionView` (synchronously, inside the
 * listener, so nothing can slip in between).
 */
export type LiveUpdate =
  | ({ kind: 'delta' } & LiveDelta)
  | { kind: 'reset'; eventId: string; section: string; seq: number };

/** Every seat of a section with its counts and seq: a consistent starting point. */
export interface SectionSnapshot {
  section: string;
  seq: number;
  capacity: number;
  available: number;
  reserved: number;
  sold: number;
  seats: SeatState[];
}

/** A read-only view of one section as the live view holds it. */
export interface LiveSection {
  readonly eventId: string;
  readonly section: string;
  readonly seq: number;
  readonly capacity: number;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
  /** Every seat in row/seat order (builds one object per seat). */
  seats(): SeatState[];
  /** The section as plain data. */
  snapshot(): SectionSnapshot;
}

/** Called synchronously for each update; must be cheap and must not throw (errors are logged). */
export type LiveListener = (update: LiveUpdate) => void;

/**
 * The read side routes need: what the view knows and its feed. `AvailabilityView` implements
 * it on top of Kafka; tests can use `LiveSections` directly.
 */
export interface AvailabilityFeed {
  /** True once the view caught up with the changelog as it was when the view started. */
  ready(): boolean;
  /** Section names of an event, sorted; [] when the event is unknown. */
  eventSections(eventId: string): string[];
  sectionView(eventId: string, section: string): LiveSection | undefined;
  /** Listens to one section, or to every section of the event when `section` is undefined. */
  subscribe(eventId: string, section: string | undefined, listener: LiveListener): () => void;
  /**
   * The emitted changes that take a client from `seq` to the current seq, oldest first ([] when
   * it is current), or undefined when the buffer no longer reaches back to `seq` (or `seq` is
   * not a seq this view can continue from): then the client needs a fresh snapshot.
   */
  deltasSince(eventId: string, section: string, seq: number): LiveDelta[] | undefined;
}
