import { Redis } from 'ioredis';
import type { Consumer } from 'kafkajs';
import { createTokenService } from '@shared/auth';
import { createPgPool, createPrisma } from '@shared/db';
import type { HttpServer } from '@shared/http';
import { createKafka, ensureTopics } from '@shared/kafka';
import { topicCreations, topicNames } from '@shared/streams';
import { brokerList, type Logger } from '@shared/util';
import { buildApp } from './app';
import { createBookingRepository } from './bookings/booking.repository';
import { createBookingService } from './bookings/booking.service';
import { startCatalogConsumer } from './catalog/catalog.consumer';
import { createCatalogRepository } from './catalog/catalog.repository';
import type { BookingConfig } from './config';
import { createExpirySweeper, type ExpirySweeper } from './expiry/expiry.sweeper';
import { createBookingFeed, type BookingFeed } from './live/booking-feed';
import { createBookingWatches, type BookingWatches } from './live/booking-watches';
import { startFeedConsumer } from './live/booking-feed.consumer';
import type { StatusChange } from './outbox/outbox';
import { createOutboxRelay, type OutboxRelay } from './outbox/outbox.relay';
import {
  createSimulatedProvider,
  type PaymentProvider,
  type SimulatedProvider,
} from './payments/payment-provider';
import { bookingKeys } from './redis-keys';
import { createBookingMetrics } from './metrics';
import { startResultsConsumer } from './results/results.consumer';

export interface BookingRuntime {
  app: HttpServer;
  /** The simulated payment provider, when no real one was given (what it delivered, for tests). */
  simulatedPayments?: SimulatedProvider;
  relay: OutboxRelay;
  sweeper: ExpirySweeper;
  feed: BookingFeed;
  watches: BookingWatches;
  /** Database reads of booking status streams so far (one per open at most). */
  streamReads(): number;
  stop(): Promise<void>;
}

/**
 * Wires one booking instance: PostgreSQL, Redis, Kafka, the outbox relay, the catalog and
 * results consumers, the expiry sweeper (one sweep before anything else, so holds that ran out
 * while the app was down expire first), and the HTTP app. server.ts listens on `app`;
 * integration specs use app.inject.
 */
export async function startBooking(
  config: Readonly<BookingConfig>,
  opts: { logger: Logger; payments?: PaymentProvider },
): Promise<BookingRuntime> {
  const { logger } = opts;
  const namespace = config.KAFKA_NAMESPACE;
  const topics = topicNames(namespace);
  // One pool: Prisma for the rare paths, its own SQL for the hot ones (booking inserts, relay).
  const pool = createPgPool(config.DATABASE_URL, {
    max: config.DB_POOL_MAX,
    onIdleError: (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'),
  });
  const prisma = createPrisma(config.DATABASE_URL, { pool });
  // Every request asks Redis twice (deny-list, rate limit); auto-pipelining sends the commands
  // of one event-loop turn in one write, instead of one syscall and one reply wake-up each.
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: false,
    maxRetriesPerRequest: 3,
    enableAutoPipelining: true,
  });
  const keys = bookingKeys(config.REDIS_KEY_PREFIX);
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: 'booking',
    logger,
  });
  await ensureTopics(
    kafka,
    topicCreations({
      namespace,
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    }),
  );
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();

  const metrics = createBookingMetrics(pool, {
    onError: (gauge, err) =>
      logger.warn({ component: 'booking-metrics', gauge, err }, 'gauge not read from PostgreSQL'),
  });
  const feed = createBookingFeed();
  const catalog = createCatalogRepository(prisma);
  const bookings = createBookingRepository({
    prisma,
    pool,
    topics,
    catalog: (eventId) => catalog.find(eventId),
    // Half the pool, so results, relay, reads and the sweeper always find a connection.
    insertConcurrency: Math.max(1, Math.floor(config.DB_POOL_MAX / 2)),
  });
  const relay = createOutboxRelay({
    pool,
    producer,
    logger,
    pollMs: config.OUTBOX_POLL_MS,
    deadLetterTopic: topics.deadLetter,
    onSent: (topic, seconds) => metrics.outboxDelay.observe({ topic }, seconds),
    onDeadLettered: (topic) => metrics.outboxDeadLettered.inc({ topic }),
  });

  /** After a commit: the Redis hold of each new PENDING_PAYMENT, the live feed, the relay. */
  async function afterCommit(changes: StatusChange[]): Promise<void> {
    if (changes.length === 0) return;
    for (const c of changes) metrics.statusChanges.inc({ to: c.status });
    const pipeline = redis.pipeline();
    for (const c of changes) {
      if (c.status === 'PENDING_PAYMENT' && c.expiresAt) {
        const ttl = Math.max(1, c.expiresAt.getTime() - Date.now());
        pipeline.set(keys.hold(c.bookingId), '1', 'PX', ttl);
      } else if (c.previous === 'PENDING_PAYMENT') {
        pipeline.del(keys.hold(c.bookingId));
      }
    }
    await pipeline.exec();
    feed.publish(
      changes.map((c) => ({
        bookingId: c.bookingId,
        status: c.status,
        seats: c.seats,
        totalCents: c.totalCents,
        reason: c.reason ?? null,
        ...(c.expiresAt ? { expiresAt: c.expiresAt } : {}),
      })),
    );
    relay.kick();
  }

  const sweeper = createExpirySweeper({
    bookings,
    intervalMs: config.SWEEP_INTERVAL_MS,
    logger,
    onChanges: afterCommit,
  });
  await sweeper.sweep();
  relay.start();
  sweeper.start();

  const consumers: Consumer[] = [];
  consumers.push(
    await startCatalogConsumer({ kafka, producer, topics, namespace, catalog, logger }),
    await startResultsConsumer({
      kafka,
      producer,
      topics,
      namespace,
      bookings,
      windowMs: config.PAYMENT_WINDOW_MS,
      logger,
      onChanges: afterCommit,
    }),
    await startFeedConsumer({
      kafka,
      topics,
      namespace,
      instanceId: config.BOOKING_INSTANCE_ID,
      feed,
      windowMs: config.PAYMENT_WINDOW_MS,
      logger,
    }),
  );

  const tokens = createTokenService({
    secret: config.JWT_SECRET,
    redis,
    keyPrefix: config.REDIS_KEY_PREFIX,
  });
  // The simulated provider confirms charges on this instance's own webhook once it listens.
  let webhookUrl: () => string | undefined = () => undefined;
  const simulatedPayments = opts.payments
    ? undefined
    : createSimulatedProvider({
        delayMs: config.PAYMENT_SIM_DELAY_MS,
        webhook: {
          url: () => webhookUrl(),
          secret: config.PAYMENT_WEBHOOK_SECRET,
          deliveries: config.PAYMENT_SIM_WEBHOOK_DELIVERIES,
          onDelivery: (d) => logger.info(d, 'simulated provider delivered its webhook'),
        },
      });
  const payments = opts.payments ?? simulatedPayments!;
  const service = createBookingService({
    bookings,
    catalog,
    payments,
    redis,
    keys,
    maxSeats: config.MAX_SEATS_PER_BOOKING,
    logger,
    afterCommit,
    kickOutbox: () => relay.kick(),
  });
  let streamReads = 0;
  const watches = createBookingWatches({
    feed,
    read: (id) => {
      streamReads++;
      return bookings.read(id);
    },
  });
  const app = buildApp({
    logger,
    metrics: metrics.registry,
    checks: {
      postgres: async () => (await prisma.$queryRaw`SELECT 1`) !== undefined,
      redis: async () => (await redis.ping()) === 'PONG',
    },
    bookings: {
      service,
      tokens,
      feed,
      watches,
      webhookSecret: config.PAYMENT_WEBHOOK_SECRET,
      rateLimit: {
        redis,
        nameSpace: keys.rateLimit(),
        perMinute: config.BOOKING_RATE_LIMIT_PER_MIN,
      },
    },
  });

  webhookUrl = () => {
    const address = app.server.address();
    if (!address || typeof address !== 'object') return undefined;
    const host = ['0.0.0.0', '::'].includes(config.HOST) ? '127.0.0.1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/api/payments/webhook`;
  };

  let stopped: Promise<void> | undefined;
  async function shutdown(): Promise<void> {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await sweeper.stop();
    await relay.stop();
    await producer.disconnect();
    redis.disconnect();
    await prisma.$disconnect();
    await pool.end();
  }
  // The app's close (SIGTERM in server.ts, or stop()) releases everything else once.
  app.addHook('onClose', async () => {
    stopped ??= shutdown();
    await stopped;
  });

  return {
    app,
    ...(simulatedPayments ? { simulatedPayments } : {}),
    relay,
    sweeper,
    feed,
    watches,
    streamReads: () => streamReads,
    async stop() {
      await app.close();
      stopped ??= shutdown();
      await stopped;
    },
  };
}
