import type { Consumer, Kafka, Producer } from 'kafkajs';
import { SeatResult, type ReservationRejected, type SeatsReserved } from '@shared/contracts';
import { decodeOrDeadLetter, IDLE_FETCH_WAIT_MS } from '@shared/kafka';
import { groupId, type TopicNames } from '@shared/streams';
import type { Logger } from '@shared/util';
import type { AppliedResults } from '../bookings/apply-results';
import type { BookingRepository } from '../bookings/booking.repository';
import type { StatusChange } from '../outbox/outbox';

/**
 * seat.results -> booking status. read_committed: only results of committed seat-reservation
 * transactions are seen. One database transaction per fetched batch (bulk writes); the offsets
 * are committed after it, so a crash in between redelivers the batch, and the transition guards
 * turn the redelivery into no-ops. SeatsReleased/SeatsFinalized confirm moves booking already
 * made (cancel, expiry, payment) and change nothing here. A SeatsReserved for a booking that
 * holds no seats (FAILED, EXPIRED, CANCELLED, unknown) is answered with one ReleaseSeats
 * (bookings/stray-holds.ts).
 * Bad-message policy: dead-letter with the reason and carry on; a database failure stops the
 * batch (KafkaJS retries it), since skipping it would lose results.
 */
export async function startResultsConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  topics: TopicNames;
  namespace: string;
  bookings: BookingRepository;
  windowMs: number;
  logger: Logger;
  /** Called after each committed batch with the changes it made (Redis holds, live feed). */
  onChanges: (changes: StatusChange[]) => Promise<void>;
}): Promise<Consumer> {
  const log = deps.logger.child({ component: 'results-consumer' });
  const group = groupId('bookingResults', deps.namespace);
  const consumer = deps.kafka.consumer({
    groupId: group,
    readUncommitted: false,
    maxWaitTimeInMs: IDLE_FETCH_WAIT_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topic: deps.topics.seatResults, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 4,
    eachBatch: async ({ batch, heartbeat }) => {
      const results: (SeatsReserved | ReservationRejected)[] = [];
      for (const message of batch.messages) {
        const result = await decodeOrDeadLetter(SeatResult, {
          producer: deps.producer,
          deadLetterTopic: deps.topics.deadLetter,
          consumer: group,
          sourceTopic: batch.topic,
          partition: batch.partition,
          message,
          logger: log,
        });
        if (!result) continue;
        if (result.type === 'SeatsReserved' || result.type === 'ReservationRejected') {
          results.push(result);
        }
      }
      const applied = await deps.bookings.applyResults(results, {
        now: new Date(),
        windowMs: deps.windowMs,
        actor: 'seat-results',
      });
      reportStrayHolds(log, applied);
      await deps.onChanges(applied.changes);
      await heartbeat();
    },
  });
  return consumer;
}

/**
 * A stray hold means the seat side decided a booking it had already decided: each is logged
 * for an operator. A released one needs nothing more (its seats go back on sale); a conflict or
 * an unroutable one still holds seats: compare the event's stores with
 * `npm run loadtest -- verify` and release or refund by hand.
 */
function reportStrayHolds(log: Logger, applied: AppliedResults): void {
  for (const hold of applied.released)
    log.warn({ hold }, 'seats held for a booking that holds none: ReleaseSeats queued');
  for (const hold of applied.conflicts)
    log.error({ hold }, 'seats held for a live booking differ from its own: left alone');
  for (const hold of applied.unroutable)
    log.error(
      { hold },
      'seats held for a booking that holds none, in a section not in the catalog',
    );
}
