import { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from '@shared/kafka';
import type { Prisma } from '@shared/db';
import type { AnnouncementRecord } from './event.announcement';

/** Event-ticketing's outbox table (prisma model TicketingOutboxMessage). */
export const TICKETING_OUTBOX = 'ticketing.outbox';

/** Writes records to the outbox inside the caller's transaction; the relay sends them. */
export async function enqueue(
  tx: Prisma.TransactionClient,
  records: readonly AnnouncementRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.ticketingOutboxMessage.createMany({
    data: records.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      key: r.key,
      value: r.value as unknown as Prisma.InputJsonValue,
    })),
  });
}

/**
 * Event-ticketing's relay: the shared outbox relay (@shared/kafka, where its guarantees are
 * written out) over ticketing.outbox, in topic runs, so an event's catalog record is only sent
 * once its InitSection commands are acknowledged. Started with the app, it also sends what a
 * process that died after a publish committed left unsent.
 */
export function createTicketingOutboxRelay(
  deps: Omit<OutboxRelayOptions, 'table' | 'inTopicRuns'>,
): OutboxRelay {
  return createOutboxRelay({ ...deps, table: TICKETING_OUTBOX, inTopicRuns: true });
}
