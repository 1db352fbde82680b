import type { Consumer, Kafka } from 'kafkajs';
import { IDLE_FETCH_WAIT_MS } from '@shared/kafka';
import { BookingStatusChanged, decodeMessage } from '@shared/contracts';
import { instanceGroupId, type TopicNames } from '@shared/streams';
import { waitFor, type Logger } from '@shared/util';
import type { BookingFeed } from './booking-feed';

/**
 * booking.events -> this instance's live feed. A group of one member per instance, so every
 * instance sees every change whichever instance made it (a buyer's SSE connection may sit on
 * another instance than the one that consumed the seat result). It starts at the end: a client
 * that connects gets the current status from PostgreSQL first, so nothing older is needed.
 * Bad-message policy: skip (this feed only triggers re-reads; the results consumer owns
 * dead-lettering of anything that matters).
 */
export async function startFeedConsumer(deps: {
  kafka: Kafka;
  topics: TopicNames;
  namespace: string;
  instanceId: string;
  feed: BookingFeed;
  logger: Logger;
}): Promise<Consumer> {
  const log = deps.logger.child({ component: 'booking-feed' });
  const consumer = deps.kafka.consumer({
    groupId: instanceGroupId('booking', deps.instanceId, deps.namespace),
    maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: deps.topics.bookingEvents, fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const ids: string[] = [];
      for (const message of batch.messages) {
        // Records are keyed by booking id (outbox.ts), and the id is all a listener needs: no
        // JSON parse and schema check for each of the two changes every booking makes.
        if (message.key && message.key.length > 0) {
          ids.push(message.key.toString());
          continue;
        }
        const decoded = decodeMessage(BookingStatusChanged, message.value);
        if (decoded.ok) ids.push(decoded.value.bookingId);
        else log.debug({ offset: message.offset, reason: decoded.reason }, 'skipped');
      }
      deps.feed.publish(ids);
    },
  });
  // Ready only once it owns the partitions: changes made from then on reach this instance.
  await waitFor('the booking feed consumer to join', () => joined, { timeoutMs: 60_000 });
  return consumer;
}
