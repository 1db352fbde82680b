import type { Redis } from 'ioredis';
import { countAttempts, limitKeys } from './window-counter';

/**
 * Publish requests per seller and event per minute. Publishing is idempotent (a repeat sends
 * nothing), but each request still takes a transaction on the event's row: a loop of repeats
 * is refused with 429 instead of queueing on that lock.
 */
export function createPublishLimiter(opts: { redis: Redis; keyPrefix: string; perMinute: number }) {
  const keys = limitKeys(opts.keyPrefix);
  return {
    async allow(sellerId: string, eventId: string): Promise<boolean> {
      const [count] = await countAttempts(opts.redis, [keys.publishByEvent(sellerId, eventId)], 60);
      return count! <= opts.perMinute;
    },
  };
}
export type PublishLimiter = ReturnType<typeof createPublishLimiter>;
