import type { Consumer, Kafka, Producer } from 'kafkajs';
import { EventPublished } from '@shared/contracts';
import { decodeOrDeadLetter, IDLE_FETCH_WAIT_MS } from '@shared/kafka';
import { groupId, type TopicNames } from '@shared/streams';
import type { Logger } from '@shared/util';
import type { CatalogRepository } from './catalog.repository';

/**
 * event.catalog -> booking.catalog_events. The topic is compacted by eventId, and the group reads
 * it from the beginning on first start, so booking's copy converges on the latest publication of
 * every event. Upserts make a redelivered batch harmless. Bad-message policy: dead-letter, go on.
 */
export async function startCatalogConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  topics: TopicNames;
  namespace: string;
  catalog: CatalogRepository;
  logger: Logger;
}): Promise<Consumer> {
  const log = deps.logger.child({ component: 'catalog-consumer' });
  const consumer = deps.kafka.consumer({
    groupId: groupId('bookingCatalog', deps.namespace),
    maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: deps.topics.eventCatalog, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const latest = new Map<string, EventPublished | null>();
      for (const message of batch.messages) {
        if (message.value === null && message.key) {
          latest.set(message.key.toString(), null);
          continue;
        }
        const event = await decodeOrDeadLetter(EventPublished, {
          producer: deps.producer,
          deadLetterTopic: deps.topics.deadLetter,
          consumer: groupId('bookingCatalog', deps.namespace),
          sourceTopic: batch.topic,
          partition: batch.partition,
          message,
          logger: log,
        });
        if (!event) continue;
        latest.set(event.eventId, event);
      }
      const upserts = [...latest.values()].filter((e): e is EventPublished => e !== null);
      const removed = [...latest].filter(([, e]) => e === null).map(([id]) => id);
      await deps.catalog.upsertMany(upserts);
      await deps.catalog.removeMany(removed);
    },
  });
  return consumer;
}
