import { randomBytes } from 'node:crypto';

/**
 * A fresh name for one test's topics, groups, database schema and Redis key prefix, so
 * concurrent or repeated runs never see each other's data.
 */
export function testNamespace(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * A database of its own for one test file: same server as DATABASE_URL, fresh name.
 * Create it with ensureDatabase + applyMigrations (@shared/db) and drop it afterwards.
 */
export function testDatabaseUrl(namespace = testNamespace('db_')): string {
  const base = new URL(
    process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/seat_engine',
  );
  base.pathname = `/seat_engine_${namespace}`;
  return base.toString();
}
