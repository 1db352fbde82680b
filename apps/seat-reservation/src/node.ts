import { SeatProcessor } from '@seat/adapters';
import { createAvailabilityView } from '@seat/live';
import { createKafka, ensureTopics } from '@shared/kafka';
import { topicCreations } from '@shared/streams';
import { brokerList, type Logger } from '@shared/util';
import type { SeatConfig } from './config';

/**
 * One seat-reservation node: creates the topics it needs (idempotent), starts the live
 * availability view and the stream processor. The HTTP side (app.ts) only reads from what this returns.
 */
export async function startSeatNode(config: Readonly<SeatConfig>, logger: Logger) {
  const kafka = createKafka({
    brokers: brokerList(config.KAFKA_BROKERS),
    clientId: `seat-reservation-${config.NODE_ID}`,
    logger,
  });
  await ensureTopics(
    kafka,
    topicCreations({
      namespace: config.KAFKA_NAMESPACE,
      partitions: config.KAFKA_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
    }),
  );
  const processor = new SeatProcessor({
    kafka,
    transactionalKafka: createKafka({
      brokers: brokerList(config.KAFKA_BROKERS),
      clientId: `seat-reservation-${config.NODE_ID}-tx`,
      logger,
      retry: { initialRetryTime: 10, multiplier: 1.6, maxRetryTime: 1000, retries: 15 },
    }),
    node: config.NODE_ID,
    dataDir: config.DATA_DIR,
    namespace: config.KAFKA_NAMESPACE,
    partitions: config.KAFKA_PARTITIONS,
    logger,
    concurrency: config.SEAT_CONCURRENCY,
    fetchWaitMs: config.SEAT_FETCH_WAIT_MS,
    sessionTimeoutMs: config.SEAT_SESSION_TIMEOUT_MS,
  });
  // The live seat map reads the topics, not the processor: it covers every partition,
  // whichever node owns it.
  const view = await createAvailabilityView({
    kafka,
    namespace: config.KAFKA_NAMESPACE,
    instanceId: `${config.NODE_ID}-${process.pid}`,
    logger,
  });
  await processor.start();
  return { kafka, processor, view };
}
