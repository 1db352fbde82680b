import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/client';

export { PrismaClient };
export type { Prisma } from './generated/client';

/**
 * A node-postgres pool, for the few hot paths that send their own SQL (one prepared statement
 * per round trip, no query compilation). Pass it to createPrisma so both share one set of
 * connections; the caller ends it after prisma.$disconnect().
 *
 * Its connections plan every execution of a prepared statement afresh (plan_cache_mode
 * force_custom_plan). PostgreSQL otherwise switches a named statement to a generic plan after
 * five executions and keeps it until the table is analyzed again: booking's batch statements
 * were prepared when the on-sale began with an empty bookings table, so the plan it kept
 * scanned the whole table on every batch of seat results (a seq scan that grew with the sale,
 * 22 ms a batch at 30,000 bookings; BENCHMARKS.md, bench:booking, 2026-12-04 08:40). A fresh
 * plan costs a fraction of a millisecond; parsing is still saved.
 */
export function createPgPool(
  url: string,
  opts: { max?: number; onIdleError?: (err: Error) => void } = {},
): Pool {
  const pool = new Pool({ connectionString: withCustomPlans(url), max: opts.max ?? 10 });
  // An idle connection that the server ends (restart, failover, a dropped test database) is
  // reported on the pool; unheard, node-postgres would throw it at the process. The pool
  // replaces the connection on the next checkout.
  pool.on('error', (err) => opts.onIdleError?.(err));
  return pool;
}

/**
 * The connection URL with `-c plan_cache_mode=force_custom_plan` added to its `options` startup
 * parameter, keeping any options it already has (options in the URL would replace a separate
 * `options` setting, and a SET sent on connect would race the connection's first query).
 */
function withCustomPlans(url: string): string {
  const parsed = new URL(url);
  const given = parsed.searchParams.get('options');
  const ours = '-c plan_cache_mode=force_custom_plan';
  parsed.searchParams.set('options', given ? `${given} ${ours}` : ours);
  return parsed.toString();
}

/**
 * A Prisma client over node-postgres (Prisma 7's driver adapter: no query-engine binary, so it
 * runs on machines that cannot reach Prisma's CDN). `max` bounds the pool per process; with
 * `pool` the client uses that pool instead of its own (and does not end it).
 */
export function createPrisma(url: string, opts: { max?: number; pool?: Pool } = {}): PrismaClient {
  const adapter = new PrismaPg(opts.pool ?? { connectionString: url, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}

/**
 * Prisma's P2002: a unique constraint refused the write. Checking the constraint by inserting and
 * catching this is race-free, unlike a read before the write.
 */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'P2002';
}
