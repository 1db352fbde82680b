import { DEV_ONLY_JWT_SECRET } from '@shared/auth';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { MAX_SEATS_PER_BOOKING } from '@shared/contracts';
import { DEMO_RULES, InfraEnv, parseEnv, secretRule, type ProductionRule } from '@shared/util';

/** The webhook secret of local development; published here, so production refuses it. */
export const DEV_ONLY_WEBHOOK_SECRET = 'dev-only-webhook-secret-0123';

/** What NODE_ENV=production refuses in booking (every problem listed at once). */
export const BOOKING_PRODUCTION_RULES: readonly ProductionRule[] = [
  secretRule('JWT_SECRET', DEV_ONLY_JWT_SECRET),
  secretRule('PAYMENT_WEBHOOK_SECRET', DEV_ONLY_WEBHOOK_SECRET),
  // The simulated provider approves every charge: in production it must be a stated choice
  // (a staging platform), never what an unset variable falls back to.
  (env) =>
    env['PAYMENT_PROVIDER']
      ? undefined
      : 'PAYMENT_PROVIDER: unset, so the simulated provider (approves every charge) is used; set PAYMENT_PROVIDER=simulated to accept it explicitly',
  ...DEMO_RULES,
];

/** Everything booking reads from its environment, parsed and frozen once at start. */
export const BookingConfig = InfraEnv.extend({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /**
   * HS256 secret of access tokens, shared with event-ticketing, which issues them (at least 32
   * characters). The default is event-ticketing's development-only one, so local runs agree.
   */
  JWT_SECRET: z.string().min(32).default(DEV_ONLY_JWT_SECRET),
  /**
   * Prefix of every Redis key of this app (tests use their own). Logout's deny-list lives under
   * it too, so it must equal event-ticketing's REDIS_KEY_PREFIX for a revoked token to be refused.
   */
  REDIS_KEY_PREFIX: z.string().max(64).default(''),
  /** Names this instance's live-feed consumer group; unique per running instance. */
  BOOKING_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/)
    .default(
      () => `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-${randomBytes(3).toString('hex')}`,
    ),
  /**
   * PostgreSQL connections of this instance. Half of them (at least one) insert new bookings,
   * each insert a batch of whatever requests arrived meanwhile, one commit per batch; the rest
   * serve seat results, the outbox relay, reads and the sweeper.
   */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(200).default(10),
  /** The payment window in ms (default 15 min; tests use seconds). */
  PAYMENT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60 * 1000),
  /** Seats per booking; may lower the platform maximum, never raise it. */
  MAX_SEATS_PER_BOOKING: z.coerce.number().int().min(1).max(MAX_SEATS_PER_BOOKING).default(10),
  /** How often the outbox relay looks for unsent records when nothing woke it (ms). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(60_000).default(100),
  /** How often the sweeper looks for overdue holds (ms). */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  /** Secret of the payment provider's webhook signature (HMAC-SHA256). */
  PAYMENT_WEBHOOK_SECRET: z.string().min(16).default(DEV_ONLY_WEBHOOK_SECRET),
  /** The payment provider; only the simulated one exists so far (production must name it). */
  PAYMENT_PROVIDER: z.enum(['simulated']).default('simulated'),
  /** Simulated provider: ms each charge takes (a slow provider). */
  PAYMENT_SIM_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Simulated provider: webhook confirmations sent per approved charge (0: none). */
  PAYMENT_SIM_WEBHOOK_DELIVERIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Booking creations per buyer per minute (Redis-backed rate limit). */
  BOOKING_RATE_LIMIT_PER_MIN: z.coerce.number().int().min(1).max(100_000).default(60),
});
export type BookingConfig = z.infer<typeof BookingConfig>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<BookingConfig> {
  return parseEnv(BookingConfig, env, { production: BOOKING_PRODUCTION_RULES });
}
