import type { BookingView } from '@shared/contracts';
import type { BookingRecord } from '../bookings/booking.repository';
import { toView } from '../bookings/booking.service';
import { applyChange, type BookingFeed, type FeedChange } from './booking-feed';

/**
 * The live state of the bookings someone streams: one entry per booking, shared by every
 * stream of it (a buyer with three tabs open, or a page that reconnects). An entry is read from
 * PostgreSQL once, when its first stream opens; from then on each change of the feed is merged
 * into the view it holds and serialised once for all its streams. Nothing is read per change.
 * The entry goes when its last stream closes.
 */
/** A booking's view and its JSON (what a stream sends). */
export interface LiveState {
  view: BookingView;
  json: string;
}

export interface LiveBooking {
  readonly current: LiveState;
  /** Calls `listener` with each newer state; returns the unsubscribe. */
  onChange(listener: (state: LiveState) => void): () => void;
}

export interface BookingWatches {
  /**
   * The live booking, when `buyerId` owns it; undefined when no such booking is the buyer's
   * (the caller answers 404 either way, so ids cannot be probed). Release it with the returned
   * `close` once the stream ends.
   */
  open(
    bookingId: string,
    buyerId: string,
  ): Promise<{ live: LiveBooking; close: () => void } | undefined>;
  /** Bookings with an entry now (tests, metrics). */
  size(): number;
}

interface Entry {
  buyerId: string;
  state: LiveState;
  listeners: Set<(state: LiveState) => void>;
  users: number;
  unsubscribe: () => void;
}

export function createBookingWatches(deps: {
  feed: BookingFeed;
  /** Reads a booking (any owner): the one read of an entry. */
  read: (bookingId: string) => Promise<BookingRecord | undefined>;
}): BookingWatches {
  const entries = new Map<string, Entry>();
  // Entries being read: concurrent first opens share the read.
  const loading = new Map<string, Promise<Entry | undefined>>();

  async function load(bookingId: string): Promise<Entry | undefined> {
    // Subscribed before the read, so a change committed in between is not lost: it is merged
    // over what the read returns (a change the read already shows is not newer, and is dropped).
    const early: FeedChange[] = [];
    const unsubscribe = deps.feed.subscribe(bookingId, (c) => early.push(c));
    let record: BookingRecord | undefined;
    try {
      record = await deps.read(bookingId);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    unsubscribe();
    if (!record) return undefined;
    let view = toView(record);
    const remembered = deps.feed.latest(bookingId);
    for (const c of remembered ? [remembered, ...early] : early)
      view = applyChange(view, c) ?? view;
    const entry: Entry = {
      buyerId: record.buyerId,
      state: { view, json: JSON.stringify(view) },
      listeners: new Set(),
      users: 0,
      unsubscribe: () => undefined,
    };
    entry.unsubscribe = deps.feed.subscribe(bookingId, (c) => {
      const next = applyChange(entry.state.view, c);
      if (!next) return;
      entry.state = { view: next, json: JSON.stringify(next) };
      for (const listener of [...entry.listeners]) listener(entry.state);
    });
    entries.set(bookingId, entry);
    return entry;
  }

  return {
    async open(bookingId, buyerId) {
      let entry = entries.get(bookingId);
      if (!entry) {
        let pending = loading.get(bookingId);
        if (!pending) {
          pending = load(bookingId).finally(() => loading.delete(bookingId));
          loading.set(bookingId, pending);
        }
        entry = await pending;
      }
      if (!entry || entry.buyerId !== buyerId) {
        // Another buyer's booking. An entry this call loaded and nobody uses goes again, after
        // the other openers that shared the read (queued before this check) took theirs.
        const unused = entry;
        if (unused) queueMicrotask(() => unused.users === 0 && release(bookingId, unused));
        return undefined;
      }
      const e = entry;
      e.users++;
      let closed = false;
      return {
        live: {
          get current() {
            return e.state;
          },
          onChange(listener) {
            e.listeners.add(listener);
            return () => e.listeners.delete(listener);
          },
        },
        close() {
          if (closed) return;
          closed = true;
          if (--e.users === 0) release(bookingId, e);
        },
      };
    },
    size: () => entries.size,
  };

  function release(bookingId: string, entry: Entry): void {
    if (entries.get(bookingId) !== entry) return;
    entries.delete(bookingId);
    entry.unsubscribe();
  }
}
