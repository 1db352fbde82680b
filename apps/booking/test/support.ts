import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Kafka, Producer } from 'kafkajs';
import { createTokenService } from '@shared/auth';
import {
  decodeMessage,
  encodeMessage,
  SeatCommand,
  type BookingView,
  type EventPublished,
  type InitSection,
} from '@shared/contracts';
import {
  applyMigrations,
  createPrisma,
  dropDatabase,
  ensureDatabase,
  type PrismaClient,
} from '@shared/db';
import { assignSections, groupId, sectionKey, type TopicNames } from '@shared/streams';
import {
  type Collected,
  createTestTopics,
  spawnSeatNode,
  stopChild,
  testBrokers,
  testDatabaseUrl,
  testKafka,
  testNamespace,
} from '@shared/testing';
import { createLogger, waitFor } from '@shared/util';
import { loadConfig } from '../src/config';
import { startBooking, type BookingRuntime } from '../src/runtime';

/**
 * The booking integration test bed: real Kafka (own topic namespace), PostgreSQL (own
 * database), Redis (own key prefix) and a real seat-reservation node as a child process.
 */

export const PARTITIONS = 10;
const JWT_SECRET = 'booking-integration-secret-0123456789abcdef';
export const WEBHOOK_SECRET = 'booking-integration-webhook-secret';
export const quietLogger = createLogger('booking-test', process.env['TEST_LOG_LEVEL'] ?? 'silent');

export interface TestBed {
  kafka: Kafka;
  ns: string;
  topics: TopicNames;
  producer: Producer;
  prisma: PrismaClient;
  redis: Redis;
  dbUrl: string;
  /** Env of a booking instance of this bed (overrides on top). */
  env(overrides?: Record<string, string>): Record<string, string>;
  startBooking(overrides?: Record<string, string>): Promise<BookingRuntime>;
  buyerToken(id: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function openTestBed(clientId: string): Promise<TestBed> {
  const kafka = testKafka(clientId);
  const ns = testNamespace('b');
  const { names: topics, cleanup: deleteTopics } = await createTestTopics(kafka, ns, PARTITIONS);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const dbUrl = testDatabaseUrl(ns);
  await ensureDatabase(dbUrl);
  await applyMigrations(dbUrl);
  const prisma = createPrisma(dbUrl, { max: 4 });
  const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const prefix = `${ns}:`;
  const tokens = createTokenService({ secret: JWT_SECRET, redis, keyPrefix: prefix });
  const seat = startSeatNode(ns);
  const runtimes: BookingRuntime[] = [];

  const env = (overrides: Record<string, string> = {}) => ({
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_NAMESPACE: ns,
    KAFKA_PARTITIONS: String(PARTITIONS),
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_MS: '20',
    ...overrides,
  });
  await waitForSeatGroup(kafka, ns);

  return {
    kafka,
    ns,
    topics,
    producer,
    prisma,
    redis,
    dbUrl,
    env,
    async startBooking(overrides) {
      const runtime = await startBooking(loadConfig(env(overrides)), { logger: quietLogger });
      runtimes.push(runtime);
      return runtime;
    },
    buyerToken: async (id) => (await tokens.issue({ id, role: 'buyer' })).token,
    async cleanup() {
      for (const r of runtimes) await r.stop().catch(() => undefined);
      await seat.stop();
      await producer.disconnect();
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await prisma.$disconnect();
      await dropDatabase(dbUrl);
      await deleteTopics();
    },
  };
}

/** A seat-reservation node: the real apps/seat-reservation/src/server.ts as a child process. */
function startSeatNode(ns: string): { child: ChildProcess; stop: () => Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'booking-seat-state-'));
  const child = spawnSeatNode({ namespace: ns, node: 'node-1', dataDir });
  return {
    child,
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForSeatGroup(kafka: Kafka, ns: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      'the seat-reservation node to join its group',
      async () => {
        const { groups } = await admin.describeGroups([groupId('seatReservation', ns)]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 1;
      },
      { timeoutMs: 90_000, intervalMs: 300 },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Publishes an event the way event-ticketing does: InitSection per section to its partition,
 * then EventPublished on the catalog; waits until booking's catalog copy has it.
 */
export async function publishEvent(
  bed: TestBed,
  eventId: string,
  sections: {
    name: string;
    rows: number;
    seatsPerRow: number;
    priceCents: number;
    category?: string;
  }[],
  opts: { startsAt?: Date } = {},
): Promise<EventPublished> {
  const assignment = assignSections(
    eventId,
    sections.map((s) => ({ name: s.name, seats: s.rows * s.seatsPerRow })),
    PARTITIONS,
  );
  const rowsOf = (s: (typeof sections)[number]) =>
    Array.from({ length: s.rows }, (_, r) => ({ label: String(r + 1), seats: s.seatsPerRow }));
  const inits: InitSection[] = sections.map((s) => ({
    type: 'InitSection',
    v: 1,
    eventId,
    section: s.name,
    rows: rowsOf(s),
    priceCents: s.priceCents,
    ...(s.category ? { category: s.category } : {}),
  }));
  await bed.producer.send({
    topic: bed.topics.seatCommands,
    messages: inits.map((c) => ({
      key: sectionKey(eventId, c.section),
      value: encodeMessage(c),
      partition: assignment[c.section]!,
    })),
  });
  const event: EventPublished = {
    type: 'EventPublished',
    v: 1,
    eventId,
    sellerId: 'seller-1',
    name: `Event ${eventId}`,
    venue: 'Arena',
    startsAt: (opts.startsAt ?? new Date(Date.now() + 86_400_000)).toISOString(),
    sections: sections.map((s) => ({
      name: s.name,
      priceCents: s.priceCents,
      ...(s.category ? { category: s.category } : {}),
      rows: rowsOf(s),
      partition: assignment[s.name]!,
    })),
    publishedAt: new Date().toISOString(),
  };
  await bed.producer.send({
    topic: bed.topics.eventCatalog,
    messages: [{ key: eventId, value: encodeMessage(event) }],
  });
  await waitFor(`event ${eventId} in booking's catalog`, () =>
    bed.prisma.catalogEvent.findUnique({ where: { id: eventId } }).then((e) => e ?? undefined),
  );
  return event;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Polls GET /api/bookings/:id until the booking leaves PROCESSING (or reaches `status`). */
export async function waitForBooking(
  runtime: BookingRuntime,
  token: string,
  id: string,
  status?: BookingView['status'],
  timeoutMs = 30_000,
): Promise<BookingView> {
  return waitFor(
    `booking ${id} to be ${status ?? 'decided'}`,
    async () => {
      const res = await runtime.app.inject({
        method: 'GET',
        url: `/api/bookings/${id}`,
        headers: auth(token),
      });
      const view = res.json() as BookingView;
      if (status ? view.status === status : view.status !== 'PROCESSING') return view;
      return undefined;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/**
 * The types of the seat commands of one booking in Kafka, in order, all of them: the outbox is
 * emptied first (every command booking stored is acknowledged), then the collector is waited on
 * until it has read each partition of the topic to its end. A duplicate is therefore counted,
 * not missed. The outbox keeps no sent rows, so Kafka is where to look.
 */
export async function seatCommandTypes(
  bed: TestBed,
  runtime: BookingRuntime,
  collected: readonly Collected[],
  bookingId: string,
): Promise<string[]> {
  await runtime.relay.flush();
  // Rows another instance's relay had claimed are acknowledged when the outbox is empty.
  await waitFor('the outbox to empty', async () => (await bed.prisma.outboxMessage.count()) === 0);
  const admin = bed.kafka.admin();
  await admin.connect();
  const ends = await admin
    .fetchTopicOffsets(bed.topics.seatCommands)
    .finally(() => admin.disconnect());
  await waitFor('the collector to reach the end of the seat command topic', () =>
    ends.every((end) => {
      const last = BigInt(end.high) - 1n;
      return (
        last < 0n ||
        collected.some((m) => m.partition === end.partition && BigInt(m.offset) >= last)
      );
    }),
  );
  return collected
    .map((m) => decodeMessage(SeatCommand, m.value))
    .flatMap((d) =>
      d.ok && 'bookingId' in d.value && d.value.bookingId === bookingId ? [d.value.type] : [],
    );
}
