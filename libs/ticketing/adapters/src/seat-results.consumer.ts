import type { Consumer, Kafka, Producer } from 'kafkajs';
import { BookingStatusChanged, SeatResult } from '@shared/contracts';
import type { PrismaClient } from '@shared/db';
import { decodeOrDeadLetter } from '@shared/kafka';
import { groupId, type TopicNames } from '@shared/streams';
import type { Logger } from '@shared/util';
import {
  latestPerSeat,
  orderChangeOf,
  seatChangesOf,
  type OrderChange,
  type SeatChange,
} from '@ticketing/domain';
import { recordOrderChanges } from './order.repository';

const CONSUMER = 'event-ticketing.seat-results';

/**
 * Applies a batch of seat changes in ONE statement. The `t.seq < c.seq` guard is the
 * never-regress rule: a ticket only takes a change newer than the last one it applied, so
 * duplicates (at-least-once delivery) and late messages change nothing.
 */
export async function applySeatChanges(
  prisma: PrismaClient,
  changes: readonly SeatChange[],
): Promise<number> {
  const latest = latestPerSeat(changes);
  if (latest.length === 0) return 0;
  return prisma.$executeRaw`
    UPDATE ticketing.tickets t
       SET status = c.status::ticketing."SeatStatus", booking_id = c.booking_id,
           seq = c.seq, changed_at = c.at
      FROM unnest(${latest.map((c) => c.eventId)}::text[], ${latest.map((c) => c.seatId)}::text[],
                  ${latest.map((c) => c.status)}::text[], ${latest.map((c) => c.bookingId)}::text[],
                  ${latest.map((c) => c.seq)}::int[],
                  ${latest.map((c) => new Date(c.at).toISOString())}::timestamptz[])
           AS c(event_id, seat_id, status, booking_id, seq, at)
     WHERE t.event_id = c.event_id AND t.seat_id = c.seat_id AND t.seq < c.seq`;
}

/** A hold's end as analytics counts it: paid (converted) or run out (expired). */
export interface HoldEnd {
  bookingId: string;
  eventId: string;
  outcome: 'CONVERTED' | 'EXPIRED';
  at: Date;
}

export function holdEndOf(change: BookingStatusChanged): HoldEnd | undefined {
  const outcome =
    change.status === 'PAID' ? 'CONVERTED' : change.status === 'EXPIRED' ? 'EXPIRED' : undefined;
  if (!outcome) return undefined;
  return { bookingId: change.bookingId, eventId: change.eventId, outcome, at: new Date(change.at) };
}

/** Records hold ends once per booking: a re-delivered status change inserts nothing. */
export async function recordHoldEnds(
  prisma: PrismaClient,
  ends: readonly HoldEnd[],
): Promise<void> {
  if (ends.length === 0) return;
  await prisma.holdOutcome.createMany({ data: [...ends], skipDuplicates: true });
}

/**
 * Consumes seat.results (read_committed: only results of committed seat-reservation
 * transactions) and moves tickets; and booking.events, whose PAID and EXPIRED transitions are
 * the holds converted vs expired of analytics, and every transition the seller's order list
 * (order.repository.ts). At-least-once: offsets are committed after the batch's
 * UPDATE, and a re-delivered batch is absorbed by the seq guard. Bad-message policy: a record
 * that fails its schema goes to the dead-letter topic with the reason, and the batch carries on.
 */
export function createSeatResultsConsumer(opts: {
  kafka: Kafka;
  prisma: PrismaClient;
  producer: Producer;
  topics: TopicNames;
  namespace: string;
  logger: Logger;
  /** Called with the events whose tickets may have changed (feeds analytics). */
  onChanged?: (eventIds: Set<string>) => void;
}) {
  const log = opts.logger.child({ component: 'seat-results-consumer' });
  let consumer: Consumer | undefined;
  return {
    async start(): Promise<void> {
      consumer = opts.kafka.consumer({
        groupId: groupId('ticketingResults', opts.namespace),
        readUncommitted: false,
        maxWaitTimeInMs: 200,
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: [opts.topics.seatResults, opts.topics.bookingEvents],
        fromBeginning: true,
      });
      await consumer.run({
        eachBatch: async ({ batch, heartbeat }) => {
          const changes: SeatChange[] = [];
          const holdEnds: HoldEnd[] = [];
          const orders: OrderChange[] = [];
          const events = new Set<string>();
          const isBookingEvents = batch.topic === opts.topics.bookingEvents;
          for (const message of batch.messages) {
            const value = await decodeOrDeadLetter(
              isBookingEvents ? BookingStatusChanged : SeatResult,
              {
                producer: opts.producer,
                deadLetterTopic: opts.topics.deadLetter,
                consumer: CONSUMER,
                sourceTopic: batch.topic,
                partition: batch.partition,
                message,
                logger: log,
              },
            );
            if (!value) continue;
            events.add(value.eventId);
            if (value.type === 'BookingStatusChanged') {
              const end = holdEndOf(value);
              if (end) holdEnds.push(end);
              orders.push(orderChangeOf(value));
            } else {
              changes.push(...seatChangesOf(value, Number(message.timestamp)));
            }
          }
          await recordHoldEnds(opts.prisma, holdEnds);
          await recordOrderChanges(opts.prisma, orders);
          const updated = await applySeatChanges(opts.prisma, changes);
          log.debug({ messages: batch.messages.length, updated }, 'applied seat results');
          await heartbeat();
          if (events.size > 0) opts.onChanged?.(events);
        },
      });
    },
    async stop(): Promise<void> {
      await consumer?.disconnect();
    },
  };
}
