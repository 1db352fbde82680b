import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { applyMigrations, createPgPool, dropDatabase, ensureDatabase } from '@shared/db';
import { groupId } from '@shared/streams';
import {
  createTestTopics,
  freePort,
  spawnApp,
  spawnSeatNode,
  stopChild,
  testBrokers,
  testDatabaseUrl,
  testKafka,
  testNamespace,
  type AppProcess,
} from '@shared/testing';
import { waitFor } from '@shared/util';

/**
 * The whole platform for browser tests, as child processes running each app's real server.ts:
 * event-ticketing, booking, two seat-reservation nodes and the gateway serving the built UI,
 * on free ports, in a fresh Kafka namespace, a fresh database and a fresh Redis prefix.
 */

export const ROOT = join(__dirname, '..', '..', '..', '..');
export const ARTIFACTS = join(ROOT, 'artifacts', 'web-e2e');
const JWT_SECRET = 'web-e2e-secret-0123456789abcdefghijklmnop';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface Platform {
  /** The gateway, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  ns: string;
  /**
   * Ends a hold's payment window now: its PostgreSQL deadline (the durable truth the sweeper
   * reads) moves into the past, so a test need not wait 15 minutes. Everything after that is
   * the platform's own doing: the sweeper, the Release, the seat engine, the live streams.
   */
  endPaymentWindow(bookingId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  // This run's screenshots only: one of a test that no longer exists would mislead. Once per
  // jest run (spec files run in one process, --runInBand, but each with its own modules and
  // environment), so a second spec's platform does not delete the first one's.
  const cleared = join(ARTIFACTS, 'screenshots', `.cleared-by-${process.pid}`);
  if (!existsSync(cleared)) {
    rmSync(join(ARTIFACTS, 'screenshots'), { recursive: true, force: true });
    mkdirSync(join(ARTIFACTS, 'screenshots'), { recursive: true });
    writeFileSync(cleared, '');
  }
  const ns = testNamespace('w');
  const kafka = testKafka('web-e2e');
  const { cleanup: deleteTopics } = await createTestTopics(kafka, ns, 10);
  const dbUrl = testDatabaseUrl(ns);
  await ensureDatabase(dbUrl);
  await applyMigrations(dbUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'web-e2e-seat-state-'));
  const seatPorts = [await freePort(), await freePort()];
  const seats: ChildProcess[] = seatPorts.map((port, i) =>
    spawnSeatNode({ namespace: ns, node: `node-${i + 1}`, dataDir, port }),
  );
  const apps: AppProcess[] = [];

  const stop = async () => {
    await Promise.all([...apps.map((a) => a.stop()), ...seats.map((c) => stopChild(c))]);
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${ns}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase(dbUrl).catch(() => undefined);
    await deleteTopics().catch(() => undefined);
  };

  try {
    const env = {
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_NAMESPACE: ns,
      KAFKA_PARTITIONS: '10',
      DATABASE_URL: dbUrl,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${ns}:`,
      JWT_SECRET,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'error',
    };
    const started = await Promise.allSettled([
      spawnApp({ script: 'apps/event-ticketing/src/server.ts', env }),
      spawnApp({ script: 'apps/booking/src/server.ts', env: { ...env, OUTBOX_POLL_MS: '20' } }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const [ticketing, booking] = apps as [AppProcess, AppProcess];
    for (const [i, port] of seatPorts.entries()) {
      await waitFor(
        `seat node-${i + 1} to be ready`,
        async () => {
          if (seats[i]!.exitCode !== null) throw new Error(`seat node-${i + 1} exited`);
          const res = await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined);
          return res?.ok ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      );
    }
    const gateway = await spawnApp({
      script: 'apps/gateway/src/server.ts',
      env: {
        LOG_LEVEL: env.LOG_LEVEL,
        TICKETING_URL: ticketing.base,
        BOOKING_URL: booking.base,
        SEAT_URLS: seatPorts.map((p) => `http://127.0.0.1:${p}`).join(','),
        WEB_DIST: join(ROOT, 'apps', 'web', 'dist'),
      },
    });
    apps.push(gateway);
    await seatGroupStable(ns);
    const endPaymentWindow = async (bookingId: string) => {
      const pool = createPgPool(dbUrl, { max: 1 });
      try {
        const { rowCount } = await pool.query(
          `UPDATE booking.bookings SET expires_at = now() - interval '1 second'
           WHERE id = $1 AND status = 'PENDING_PAYMENT'`,
          [bookingId],
        );
        if (rowCount !== 1) throw new Error(`booking ${bookingId} holds no seats to expire`);
      } finally {
        await pool.end();
      }
    };
    return { baseUrl: gateway.base, ns, endPaymentWindow, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Both seat nodes own their partitions before anyone books. */
async function seatGroupStable(ns: string): Promise<void> {
  const admin = testKafka('web-e2e-admin').admin();
  await admin.connect();
  try {
    await waitFor(
      'both seat-reservation nodes to join their group',
      async () => {
        const { groups } = await admin.describeGroups([groupId('seatReservation', ns)]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 2 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  } finally {
    await admin.disconnect();
  }
}
