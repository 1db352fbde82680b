import { DEV_ONLY_JWT_SECRET } from '@shared/auth';
import { z } from 'zod';
import { DEMO_RULES, InfraEnv, parseEnv, secretRule, type ProductionRule } from '@shared/util';

/** What NODE_ENV=production refuses in event-ticketing (every problem listed at once). */
export const TICKETING_PRODUCTION_RULES: readonly ProductionRule[] = [
  // Anyone who knows the development secret (it is in the repository) mints any user's token.
  secretRule('JWT_SECRET', DEV_ONLY_JWT_SECRET),
  (env) =>
    env['COOKIE_SECURE'] === 'true'
      ? undefined
      : 'COOKIE_SECURE: the token cookie would be sent without Secure (over plain HTTP too); set COOKIE_SECURE=true and serve over HTTPS',
  ...DEMO_RULES,
];

/** Everything event-ticketing reads from its environment, parsed and frozen once at start. */
export const TicketingConfig = InfraEnv.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  /** HMAC secret of access tokens, at least 32 characters; shared by every app. */
  JWT_SECRET: z.string().min(32).default(DEV_ONLY_JWT_SECRET),
  /** Lifetime of an access token, seconds. */
  TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(12 * 3600),
  /** Secure flag of the token cookie: only over HTTPS (production requires true). */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Prefix of every Redis key this app writes (tests and shared Redis servers use their own). */
  REDIS_KEY_PREFIX: z.string().max(64).default(''),
  /** Login attempts on one account, from all addresses together, per login window (429 past it). */
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Login attempts from one client address, on all accounts together, per login window. */
  LOGIN_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** The login window, seconds: a locked account or address waits at most this long. */
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Sign-ups from one client address per sign-up window (429 past it). */
  SIGNUPS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** The sign-up window, seconds. */
  SIGNUP_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  /** Publish requests per seller and event per minute (a repeat sends nothing, but costs a lock). */
  PUBLISHES_PER_EVENT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  /**
   * How often the outbox relay looks for unsent announcements when nothing woke it (ms). A
   * publish wakes it at once; the poll only matters for rows another instance or a crashed
   * process left, and for retries while Kafka is down.
   */
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(60_000).default(1000),
});
export type TicketingConfig = z.infer<typeof TicketingConfig>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<TicketingConfig> {
  return parseEnv(TicketingConfig, env, { production: TICKETING_PRODUCTION_RULES });
}
