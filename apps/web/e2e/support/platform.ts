import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import { groupId } from '@shared/streams';
import {
  createTestTopics,
  spawnSeatNode,
  testBrokers,
  testDatabaseUrl,
  testKafka,
  testNamespace,
} from '@shared/testing';
import { sleep, waitFor } from '@shared/util';

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
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startApp(name: string, entry: string, env: Record<string, string>): ChildProcess {
  mkdirSync(join(ARTIFACTS, 'logs'), { recursive: true });
  const log = openSync(join(ARTIFACTS, 'logs', `${name}.log`), 'w');
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log],
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 2xx; fails at once when one of the apps has exited. */
async function ready(name: string, url: string, children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead)
      throw new Error(
        `an app exited (${dead.exitCode}) while ${name} started; see ${ARTIFACTS}/logs`,
      );
    const res = await fetch(url).catch(() => undefined);
    if (res?.ok) return;
    if (Date.now() > deadline) throw new Error(`${name} not ready at ${url} within 90 s`);
    await sleep(250);
  }
}

export async function startPlatform(): Promise<Platform> {
  // This run's screenshots only: one of a test that no longer exists would mislead.
  rmSync(join(ARTIFACTS, 'screenshots'), { recursive: true, force: true });
  const ns = testNamespace('w');
  const kafka = testKafka('web-e2e');
  const { cleanup: deleteTopics } = await createTestTopics(kafka, ns, 10);
  const dbUrl = testDatabaseUrl(ns);
  await ensureDatabase(dbUrl);
  await applyMigrations(dbUrl);
  const [gateway, ticketing, booking, seat1, seat2] = await Promise.all(
    Array.from({ length: 5 }, freePort),
  );
  const common = {
    HOST: '127.0.0.1',
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_NAMESPACE: ns,
    KAFKA_PARTITIONS: '10',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: `${ns}:`,
    JWT_SECRET,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'warn',
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'web-e2e-seat-state-'));
  const children: ChildProcess[] = [
    spawnSeatNode({ namespace: ns, node: 'node-1', dataDir, port: seat1 }),
    spawnSeatNode({ namespace: ns, node: 'node-2', dataDir, port: seat2 }),
    startApp('event-ticketing', 'apps/event-ticketing/src/server.ts', {
      ...common,
      PORT: String(ticketing),
    }),
    startApp('booking', 'apps/booking/src/server.ts', {
      ...common,
      PORT: String(booking),
      OUTBOX_POLL_MS: '20',
    }),
    startApp('gateway', 'apps/gateway/src/server.ts', {
      HOST: '127.0.0.1',
      PORT: String(gateway),
      LOG_LEVEL: common.LOG_LEVEL,
      TICKETING_URL: `http://127.0.0.1:${ticketing}`,
      BOOKING_URL: `http://127.0.0.1:${booking}`,
      SEAT_URLS: `http://127.0.0.1:${seat1},http://127.0.0.1:${seat2}`,
      WEB_DIST: join(ROOT, 'apps', 'web', 'dist'),
    }),
  ];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${ns}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await dropDatabase(dbUrl).catch(() => undefined);
    await deleteTopics().catch(() => undefined);
  };
  try {
    for (const [name, port] of [
      ['seat node-1', seat1],
      ['seat node-2', seat2],
      ['event-ticketing', ticketing],
      ['booking', booking],
      ['gateway', gateway],
    ] as const) {
      await ready(name, `http://127.0.0.1:${port}/ready`, children);
    }
    await seatGroupStable(ns);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl: `http://127.0.0.1:${gateway}`, ns, stop };
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
