import Redis from 'ioredis';
import { Partitioners, type Producer } from 'kafkajs';
import { createAuthHooks, createTokenService } from '@shared/auth';
import { createPgPool, createPrisma, type PrismaClient } from '@shared/db';
import { createKafka, type OutboxRelay } from '@shared/kafka';
import { topicNames } from '@shared/streams';
import { brokerList, type Logger } from '@shared/util';
import {
  createEventRepository,
  createLoginLimiter,
  createPublishLimiter,
  createOrderReader,
  createSalesFeed,
  createSeatResultsConsumer,
  createSeatStatusReader,
  createSignupLimiter,
  createTicketingOutboxRelay,
} from '@ticketing/adapters';
import type { TicketingConfig } from './config';
import { createTicketingMetrics, type TicketingMetrics } from './metrics';
import type { TicketingServices } from './services';

export interface TicketingRuntime {
  services: TicketingServices;
  consumer: ReturnType<typeof createSeatResultsConsumer>;
  producer: Producer;
  /** The outbox relay, already started: it sends what earlier processes left unsent first. */
  relay: OutboxRelay;
  metrics: TicketingMetrics;
  /**
   * Stops the consumer and the relay, flushes the producer, closes Redis and the pool (in that
   * order).
   */
  close(): Promise<void>;
}

/**
 * Connects event-ticketing to PostgreSQL, Redis and Kafka, builds its services and starts the
 * outbox relay (whose first round sends any announcement a process that died after publishing
 * left behind). server.ts and the integration specs both start here, so what the tests exercise
 * is what production runs.
 */
export async function createRuntime(
  config: Readonly<TicketingConfig>,
  logger: Logger,
): Promise<TicketingRuntime> {
  // One pool: Prisma for the routes, the relay's own few statements per round.
  const pool = createPgPool(config.DATABASE_URL, {
    onIdleError: (err) => logger.warn({ err }, 'idle PostgreSQL connection failed'),
  });
  const prisma: PrismaClient = createPrisma(config.DATABASE_URL, { pool });
  const redis = new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: 'event-ticketing',
    logger,
  });
  // Partitions are always explicit (commands) or by key (catalog); the default partitioner is
  // named only to silence KafkaJS's v2 migration warning.
  const producer = kafka.producer({
    idempotent: true,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const topics = topicNames(config.KAFKA_NAMESPACE);
  const tokens = createTokenService({
    secret: config.JWT_SECRET,
    redis,
    keyPrefix: config.REDIS_KEY_PREFIX,
    ttlSeconds: config.TOKEN_TTL_SECONDS,
  });
  const events = createEventRepository(prisma, { topics });
  const metrics = createTicketingMetrics();
  const relay = createTicketingOutboxRelay({
    pool,
    producer,
    logger,
    pollMs: config.OUTBOX_POLL_MS,
    deadLetterTopic: topics.deadLetter,
    onDeadLettered: (topic) => metrics.outboxDeadLettered.inc({ topic }),
  });
  relay.start();
  const salesFeed = createSalesFeed({
    logger,
    compute: async (eventId) =>
      events.analytics(await prisma.event.findUniqueOrThrow({ where: { id: eventId } })),
  });
  const services: TicketingServices = {
    prisma,
    redis,
    tokens,
    auth: createAuthHooks(tokens),
    loginLimiter: createLoginLimiter({
      redis,
      keyPrefix: config.REDIS_KEY_PREFIX,
      perAccount: config.LOGIN_ATTEMPTS_PER_ACCOUNT,
      perAddress: config.LOGIN_ATTEMPTS_PER_ADDRESS,
      windowSeconds: config.LOGIN_WINDOW_SECONDS,
    }),
    signupLimiter: createSignupLimiter({
      redis,
      keyPrefix: config.REDIS_KEY_PREFIX,
      perAddress: config.SIGNUPS_PER_ADDRESS,
      windowSeconds: config.SIGNUP_WINDOW_SECONDS,
    }),
    publishLimiter: createPublishLimiter({
      redis,
      keyPrefix: config.REDIS_KEY_PREFIX,
      perMinute: config.PUBLISHES_PER_EVENT_PER_MINUTE,
    }),
    events,
    salesFeed,
    outbox: relay,
    seatStatus: createSeatStatusReader(prisma),
    orders: createOrderReader(prisma),
    partitions: config.KAFKA_PARTITIONS,
    secureCookies: config.COOKIE_SECURE,
  };
  const consumer = createSeatResultsConsumer({
    kafka,
    prisma,
    producer,
    topics,
    namespace: config.KAFKA_NAMESPACE,
    logger,
    onChanged: (eventIds) => salesFeed.changed(eventIds),
  });
  return {
    services,
    consumer,
    producer,
    relay,
    metrics,
    async close() {
      await consumer.stop();
      await relay.stop();
      salesFeed.close();
      await producer.disconnect();
      redis.disconnect();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
