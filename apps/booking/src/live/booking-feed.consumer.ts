import type { Consumer, Kafka } from 'kafkajs';
import { IDLE_FETCH_WAIT_MS } from '@shared/kafka';
import { BookingStatusChanged, decodeMessage } from '@shared/contracts';
import { instanceGroupId, type TopicNames } from '@shared/streams';
import { waitFor, type Logger } from '@shared/util';
import type { BookingFeed, FeedChange } from './booking-feed';

/**
 * booking.events -> this instance's live feed. A group of one member per instance, so every
 * instance sees every change whichever instance made it (a buyer's SSE connection may sit on
 * another instance than the one that consumed the seat result). It starts at the end: a client
 * that connects gets the current status from PostgreSQL first, so nothing older is needed.
 * Bad-message policy: skip (the feed only informs live readers, who keep their last status;
 * the results consumer owns dead-lettering of anything that matters).
 */
export async function startFeedConsumer(deps: {
  kafka: Kafka;
  topics: TopicNames;
  namespace: string;
  instanceId: string;
  feed: BookingFeed;
  /** PAYMENT_WINDOW_MS: the deadline of a PENDING_PAYMENT change is its time plus this. */
  windowMs: number;
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
      const changes: FeedChange[] = [];
      for (const message of batch.messages) {
        // Records are keyed by booking id (outbox.ts): a change nobody on this instance waits
        // for or streams is skipped without a JSON parse and a schema check.
        const key = message.key?.toString();
        if (key && !deps.feed.watched(key)) continue;
        const decoded = decodeMessage(BookingStatusChanged, message.value);
        if (!decoded.ok) {
          log.debug({ offset: message.offset, reason: decoded.reason }, 'skipped');
          continue;
        }
        const c = decoded.value;
        changes.push({
          bookingId: c.bookingId,
          status: c.status,
          seats: c.seats,
          totalCents: c.totalCents,
          reason: c.reason ?? null,
          ...(c.expiresAt
            ? { expiresAt: new Date(c.expiresAt) }
            : c.status === 'PENDING_PAYMENT'
              ? // A record written before it carried the deadline: every instance computes it
                // the same way (apply-results.ts: the decision's time plus the payment window).
                { expiresAt: new Date(Date.parse(c.at) + deps.windowMs) }
              : {}),
        });
      }
      deps.feed.publish(changes);
    },
  });
  // Ready only once it owns the partitions: changes made from then on reach this instance.
  await waitFor('the booking feed consumer to join', () => joined, { timeoutMs: 60_000 });
  return consumer;
}
