import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export { PrismaClient };
export type { Prisma } from './generated/client';

/**
 * A Prisma client over node-postgres (Prisma 7's driver adapter: no query-engine binary, so it
 * runs on machines that cannot reach Prisma's CDN). `max` bounds the pool per process.
 */
export function createPrisma(url: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
}
