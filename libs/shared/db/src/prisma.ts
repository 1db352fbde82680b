import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/client';

export { PrismaClient };
export type { Prisma } from './generated/client';

/**
 * A node-postgres pool, for the few hot paths that send their own SQL (one prepared statement
 * per round trip, no query compilation). Pass it to createPrisma so both share one set of
 * connections; the caller ends it after prisma.$disconnect().
 */
export function createPgPool(
  url: string,
  opts: { max?: number; onIdleError?: (err: Error) => void } = {},
): Pool {
  const pool = new Pool({ connectionString: url, max: opts.max ?? 10 });
  // An idle connection that the server ends (restart, failover, a dropped test database) is
  // reported on the pool; unheard, node-postgres would throw it at the process. The pool
  // replaces the connection on the next checkout.
  pool.on('error', (err) => opts.onIdleError?.(err));
  return pool;
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
