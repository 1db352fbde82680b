import type { BookingStatus, BookingView } from '@shared/contracts';

/**
 * A booking's status change as the live feed carries it: what a waiting request or a status
 * stream needs to show the booking's new state without reading it again.
 */
export interface FeedChange {
  bookingId: string;
  status: BookingStatus;
  seats: readonly string[];
  totalCents: number;
  reason: string | null;
  /** Set on PENDING_PAYMENT: the end of the payment window. */
  expiresAt?: Date;
}

/**
 * The in-process feed of booking status changes that waiting requests (`Prefer: wait`) and SSE
 * routes read (never Kafka directly). Two sources publish into it: this instance's own writers,
 * right after their commit, with the change they hold, and the booking.events consumer
 * (booking-feed.consumer.ts), which brings the changes other instances made. A change may thus
 * arrive twice, or late; readers keep a status only when it moves forward (`isNewer`).
 *
 * It also remembers the latest change of the last RECENT bookings, so a reader that subscribes a
 * moment after the change (a request whose insert answered after its own decision, a replayed
 * Idempotency-Key) still learns it, from memory.
 */
export interface BookingFeed {
  publish(changes: readonly FeedChange[]): void;
  subscribe(bookingId: string, listener: (change: FeedChange) => void): () => void;
  /** True when someone listens to this booking (the Kafka consumer decodes only those). */
  watched(bookingId: string): boolean;
  /** The latest change of a booking, when it was one of the last RECENT changed. */
  latest(bookingId: string): FeedChange | undefined;
}

/** Bookings whose latest change is remembered (~200 bytes each). */
const RECENT = 20_000;

export function createBookingFeed(opts: { recent?: number } = {}): BookingFeed {
  const capacity = opts.recent ?? RECENT;
  const listeners = new Map<string, Set<(change: FeedChange) => void>>();
  // Insertion-ordered: the first key is the oldest, dropped when full.
  const recent = new Map<string, FeedChange>();
  return {
    publish(changes) {
      for (const change of changes) {
        const seen = recent.get(change.bookingId);
        if (!seen || isNewer(change.status, seen.status)) {
          recent.delete(change.bookingId);
          recent.set(change.bookingId, change);
          if (recent.size > capacity) recent.delete(recent.keys().next().value!);
        }
        const set = listeners.get(change.bookingId);
        if (set) for (const listener of [...set]) listener(change);
      }
    },
    subscribe(bookingId, listener) {
      let set = listeners.get(bookingId);
      if (!set) listeners.set(bookingId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(bookingId) === set) listeners.delete(bookingId);
      };
    },
    watched: (bookingId) => listeners.has(bookingId),
    latest: (bookingId) => recent.get(bookingId),
  };
}

/**
 * Progress of a status: PROCESSING, then PENDING_PAYMENT, then one of the final ones. The
 * state machine (@booking/domain) only ever moves forward along it, so a change that is not
 * further along than what a reader shows is a repeat or a late copy, never news.
 */
const STAGE: Record<BookingStatus, number> = {
  PROCESSING: 0,
  PENDING_PAYMENT: 1,
  PAID: 2,
  FAILED: 2,
  EXPIRED: 2,
  CANCELLED: 2,
};

export function isNewer(status: BookingStatus, than: BookingStatus): boolean {
  return STAGE[status] > STAGE[than];
}

export function isFinal(status: BookingStatus): boolean {
  return STAGE[status] === 2;
}

/** The view after `change`, or undefined when the change is not newer than the view. */
export function applyChange(view: BookingView, change: FeedChange): BookingView | undefined {
  if (!isNewer(change.status, view.status)) return undefined;
  return {
    ...view,
    status: change.status,
    // A change that ends a hold carries the seats it held (history); one without seats (a
    // failure, a cancel before the result) leaves the view's, which are none.
    seats: change.seats.length > 0 ? [...change.seats] : view.seats,
    totalCents: change.seats.length > 0 ? change.totalCents : view.totalCents,
    reason: change.reason ?? view.reason,
    expiresAt: change.expiresAt?.toISOString() ?? view.expiresAt,
  };
}

/**
 * The decision of a PROCESSING booking (its first newer change), from the feed only: no
 * polling, no database read. Undefined when none came within `timeoutMs`.
 */
export function nextChange(
  feed: BookingFeed,
  bookingId: string,
  timeoutMs: number,
): Promise<FeedChange | undefined> {
  const known = feed.latest(bookingId);
  if (known) return Promise.resolve(known);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(undefined);
    }, timeoutMs);
    const unsubscribe = feed.subscribe(bookingId, (change) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(change);
    });
  });
}
