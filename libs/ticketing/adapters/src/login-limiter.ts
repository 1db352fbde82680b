import type { Redis } from 'ioredis';

/**
 * Fixed-window login limiter in Redis, per (client IP, email): a password-guessing client gets
 * 429 after `perMinute` attempts, across every instance of the app. Keys expire with their window.
 */
export function createLoginLimiter(opts: { redis: Redis; keyPrefix: string; perMinute: number }) {
  const key = (ip: string, email: string) =>
    `${opts.keyPrefix}ticketing:login:${ip}:${email.toLowerCase()}`;
  return {
    /** Counts an attempt; false when the window's budget is spent. */
    async allow(ip: string, email: string): Promise<boolean> {
      const k = key(ip, email);
      const [[, count]] = (await opts.redis.multi().incr(k).expire(k, 60, 'NX').exec()) as [
        [Error | null, number],
        [Error | null, number],
      ];
      return count <= opts.perMinute;
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
