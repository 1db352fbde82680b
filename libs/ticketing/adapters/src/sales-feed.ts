import type { EventAnalytics } from '@shared/contracts';
import type { Logger } from '@shared/util';

type Listener = (analytics: EventAnalytics) => void;

/**
 * The in-process feed behind the analytics SSE stream. The seat-results consumer calls
 * `changed(eventIds)` after each batch; the feed recomputes an event's analytics at most once
 * per `minIntervalMs` (1 s) however fast sales come, once for all of that event's watchers,
 * and only while someone watches. SSE routes read from here, never from Kafka.
 */
export function createSalesFeed(opts: {
  compute: (eventId: string) => Promise<EventAnalytics>;
  logger: Logger;
  minIntervalMs?: number;
}) {
  const interval = opts.minIntervalMs ?? 1000;
  const log = opts.logger.child({ component: 'sales-feed' });
  const watchers = new Map<string, Set<Listener>>();
  const lastRun = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();

  async function run(eventId: string): Promise<void> {
    pending.delete(eventId);
    lastRun.set(eventId, Date.now());
    const listeners = watchers.get(eventId);
    if (!listeners || listeners.size === 0) return;
    try {
      const analytics = await opts.compute(eventId);
      for (const l of listeners) l(analytics);
    } catch (err) {
      // The next change retries; watchers keep their last figures meanwhile.
      log.warn({ err, eventId }, 'could not compute analytics');
    }
  }

  return {
    /** Listens to an event's analytics updates; returns the unsubscribe. */
    subscribe(eventId: string, listener: Listener): () => void {
      const set = watchers.get(eventId) ?? new Set<Listener>();
      watchers.set(eventId, set);
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) watchers.delete(eventId);
      };
    },
    changed(eventIds: Iterable<string>): void {
      for (const id of eventIds) {
        if (!watchers.has(id) || pending.has(id)) continue;
        const wait = Math.max(0, (lastRun.get(id) ?? 0) + interval - Date.now());
        pending.set(
          id,
          setTimeout(() => void run(id), wait),
        );
      }
    },
    close(): void {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
      watchers.clear();
    },
  };
}
export type SalesFeed = ReturnType<typeof createSalesFeed>;
