import { EventEmitter } from 'node:events';

/**
 * The in-process feed of "booking X changed" that SSE routes read (never Kafka directly). Two
 * sources publish into it: this instance's own writers, right after their commit, and the
 * booking.events consumer (booking-feed.consumer.ts), which brings the changes other instances
 * made. A listener re-reads the booking, so a change announced twice costs a read, not a lie.
 */
export interface BookingFeed {
  publish(bookingIds: readonly string[]): void;
  subscribe(bookingId: string, listener: () => void): () => void;
}

export function createBookingFeed(): BookingFeed {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(bookingIds) {
      for (const id of bookingIds) emitter.emit(id);
    },
    subscribe(bookingId, listener) {
      emitter.on(bookingId, listener);
      return () => emitter.off(bookingId, listener);
    },
  };
}
