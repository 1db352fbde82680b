import type { Redis } from 'ioredis';

/**
 * The Redis keys of event-ticketing's abuse limits, built in one place. Every instance of the
 * app counts in the same keys, so a limit holds across instances; each key expires with its
 * window, so nothing accumulates.
 */
export const limitKeys = (prefix: string) => ({
  loginByAccount: (email: string) => `${prefix}ticketing:limit:login:account:${email}`,
  loginByAddress: (ip: string) => `${prefix}ticketing:limit:login:address:${ip}`,
  signupByAddress: (ip: string) => `${prefix}ticketing:limit:signup:address:${ip}`,
  publishByEvent: (sellerId: string, eventId: string) =>
    `${prefix}ticketing:limit:publish:${sellerId}:${eventId}`,
});

/**
 * Counts one attempt in each key's fixed window of `windowSeconds` (the window starts at a
 * key's first attempt) and answers every key's count, in one round trip. Attempts are counted
 * before they are judged, so concurrent ones cannot all slip under a limit.
 */
export async function countAttempts(
  redis: Redis,
  keys: readonly string[],
  windowSeconds: number,
): Promise<number[]> {
  const multi = redis.multi();
  for (const key of keys) multi.incr(key).expire(key, windowSeconds, 'NX');
  const replies = (await multi.exec()) ?? [];
  return keys.map((_, i) => {
    const [err, count] = replies[2 * i] ?? [new Error('no reply'), 0];
    if (err) throw err;
    return Number(count);
  });
}
