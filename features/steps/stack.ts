import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { applyMigrations, createPgPool, dropDatabase, ensureDatabase } from '@shared/db';
import {
  createTestTopics,
  freePort,
  spawnApp,
  spawnSeatNode,
  stopChild,
  testDatabaseUrl,
  testKafka,
  testNamespace,
  type AppProcess,
} from '@shared/testing';
import { waitFor } from '@shared/util';
import { callApi, type JsonReply } from './support';

/**
 * The apps as deployed, each its own process (event-ticketing, booking, one seat-reservation
 * node), on one fresh database, topic namespace and Redis prefix: what a story that crosses the
 * apps runs against. Test code reads no app's database to assert; `db` only waits for booking's
 * catalog to know an event before a story books it.
 */
export interface Stack {
  /** The gateway serving the built web UI and every API (with `{ gateway: true }`). */
  gateway?: string;
  ticketing: string;
  booking: string;
  seats: string;
  /** Registers (first time) and logs in `name` (email name@example.com); its token. */
  account(name: string, role?: 'buyer' | 'seller'): Promise<string>;
  call(
    base: string,
    method: string,
    path: string,
    opts?: { body?: unknown; token?: string; key?: string },
  ): Promise<JsonReply>;
  /** Creates and publishes an event of one section, and waits until it can be booked. */
  publish(
    seller: string,
    event: {
      name: string;
      startsAt: string;
      section: string;
      rows: number;
      seats: number;
      price: number;
    },
  ): Promise<string>;
  stop(): Promise<void>;
}

const JWT_SECRET = 'features-stack-secret-0123456789abcdef';

export async function startStack(prefix: string, opts: { gateway?: boolean } = {}): Promise<Stack> {
  const ns = testNamespace(prefix);
  const dbUrl = testDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), `features-${prefix}-`));
  await ensureDatabase(dbUrl);
  await applyMigrations(dbUrl);
  const db: Pool = createPgPool(dbUrl, { max: 2 });
  const { cleanup } = await createTestTopics(testKafka(`features-${prefix}`), ns);
  const env = {
    DATABASE_URL: dbUrl,
    KAFKA_NAMESPACE: ns,
    REDIS_KEY_PREFIX: `${ns}:`,
    JWT_SECRET,
    LOG_LEVEL: 'error',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const seatPort = await freePort();
  const seats = `http://127.0.0.1:${seatPort}`;
  const seatNode: ChildProcess = spawnSeatNode({
    namespace: ns,
    node: 'node-1',
    dataDir,
    port: seatPort,
  });
  const [ticketing, booking]: AppProcess[] = await Promise.all([
    spawnApp({ script: 'apps/event-ticketing/src/server.ts', env }),
    spawnApp({ script: 'apps/booking/src/server.ts', env }),
  ]);
  await waitFor(
    'the seat-reservation node to be ready',
    async () => ((await fetch(`${seats}/ready`).catch(() => undefined))?.ok ? true : undefined),
    { timeoutMs: 60_000 },
  );

  // The gateway serves apps/web/dist: features:integration builds the web UI first.
  const gateway = opts.gateway
    ? await spawnApp({
        script: 'apps/gateway/src/server.ts',
        env: {
          LOG_LEVEL: 'error',
          TICKETING_URL: ticketing!.base,
          BOOKING_URL: booking!.base,
          SEAT_URLS: seats,
          WEB_DIST: join(__dirname, '..', '..', 'apps', 'web', 'dist'),
        },
      })
    : undefined;

  const tokens = new Map<string, string>();
  const call: Stack['call'] = (base, method, path, opts = {}) =>
    callApi(base, method, path, { body: opts.body, token: opts.token, idempotencyKey: opts.key });
  const account: Stack['account'] = async (name, role = 'buyer') => {
    const known = tokens.get(name);
    if (known) return known;
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`;
    const password = `${name}'s long password`;
    const reg = await call(ticketing!.base, 'POST', '/api/auth/register', {
      body: { email, password, role, name },
    });
    if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status} ${reg.text}`);
    const login = await call(ticketing!.base, 'POST', '/api/auth/login', {
      body: { email, password },
    });
    tokens.set(name, login.json.token as string);
    return login.json.token as string;
  };

  return {
    ...(gateway ? { gateway: gateway.base } : {}),
    ticketing: ticketing!.base,
    booking: booking!.base,
    seats,
    account,
    call,
    async publish(seller, e) {
      const token = await account(seller, 'seller');
      const created = await call(ticketing!.base, 'POST', '/api/events', {
        token,
        body: {
          name: e.name,
          venue: 'Story Hall',
          startsAt: e.startsAt,
          sections: [
            {
              name: e.section,
              price: e.price,
              rows: Array.from({ length: e.rows }, (_, r) => ({
                label: String(r + 1),
                seats: e.seats,
              })),
            },
          ],
        },
      });
      if (created.status !== 201) throw new Error(`create ${e.name}: ${created.text}`);
      const id = created.json.id as string;
      const published = await call(ticketing!.base, 'POST', `/api/events/${id}/publish`, { token });
      if (published.status !== 200) throw new Error(`publish ${e.name}: ${published.text}`);
      await waitFor(`${e.name} on the seat map`, async () => {
        const res = await call(seats, 'GET', `/api/events/${id}/seats?section=${e.section}`);
        const found = (res.json?.sections ?? []) as { seats: unknown[] }[];
        return found[0]?.seats.length === e.rows * e.seats ? true : undefined;
      });
      await waitFor(`${e.name} in booking's catalog`, async () =>
        (await db.query('SELECT 1 FROM booking.catalog_events WHERE id = $1', [id])).rowCount === 1
          ? true
          : undefined,
      );
      return id;
    },
    async stop() {
      await gateway?.stop();
      await Promise.all([booking?.stop(), ticketing?.stop(), stopChild(seatNode)]);
      rmSync(dataDir, { recursive: true, force: true });
      await db.end();
      const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
      const left = await redis.keys(`${ns}:*`);
      if (left.length > 0) await redis.del(...left);
      redis.disconnect();
      await cleanup();
      await dropDatabase(dbUrl);
    },
  };
}
