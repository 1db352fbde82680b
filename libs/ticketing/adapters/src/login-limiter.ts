import type { Redis } from 'ioredis';
import { countAttempts, limitKeys } from './window-counter';

export interface LoginLimits {
  /** Attempts on one account per window, from all addresses together (a distributed guess). */
  perAccount: number;
  /** Attempts from one client address per window, on all accounts together (a spray). */
  perAddress: number;
  windowSeconds: number;
}

/**
 * Login attempts, limited per account across every address and per address across every
 * account, in Redis fixed windows shared by the app's instances. Every attempt counts on both,
 * successful or not and even when refused: a guesser cannot wait out one limit by hitting the
 * other. The price of the per-account limit: someone who sprays one account's email locks its
 * owner out until the window ends (as any per-account lock does); the window is short for it.
 */
export function createLoginLimiter(opts: { redis: Redis; keyPrefix: string } & LoginLimits) {
  const keys = limitKeys(opts.keyPrefix);
  return {
    /** Counts an attempt; false when either budget of the window is spent. */
    async allow(ip: string, email: string): Promise<boolean> {
      const [account, address] = await countAttempts(
        opts.redis,
        [keys.loginByAccount(email.toLowerCase()), keys.loginByAddress(ip)],
        opts.windowSeconds,
      );
      return account! <= opts.perAccount && address! <= opts.perAddress;
    },
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
