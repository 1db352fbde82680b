import type { Redis } from 'ioredis';
import { countAttempts, limitKeys } from './window-counter';

/**
 * Sign-ups per client address per window (Redis, shared by the app's instances): one address
 * cannot mint accounts by the thousand to spread a guess or a hoard over them. Refused attempts
 * count too. Addresses are what the app trusts (the gateway's X-Forwarded-For from loopback).
 */
export function createSignupLimiter(opts: {
  redis: Redis;
  keyPrefix: string;
  perAddress: number;
  windowSeconds: number;
}) {
  const keys = limitKeys(opts.keyPrefix);
  return {
    /** Counts a sign-up attempt from `ip`; false when the window's budget is spent. */
    async allow(ip: string): Promise<boolean> {
      const [count] = await countAttempts(
        opts.redis,
        [keys.signupByAddress(ip)],
        opts.windowSeconds,
      );
      return count! <= opts.perAddress;
    },
  };
}
export type SignupLimiter = ReturnType<typeof createSignupLimiter>;
