import type { BookingStatus, BookingStatusChanged, SeatCommand } from '@shared/contracts';
import type { Prisma } from '@shared/db';
import { sectionKey, type TopicNames } from '@shared/streams';

/**
 * The transactional outbox. Every Kafka record booking must send (seat commands, status
 * changes) is written as a row in the SAME PostgreSQL transaction as the state change that
 * causes it; the relay (outbox.relay.ts) sends rows later and marks them sent.
 *
 * Why an outbox and not a re-drive of stale PROCESSING bookings: a re-drive only covers the
 * Reserve command of a PROCESSING booking. Release (on expiry or cancel) and Finalize (on payment)
 * have the same crash window between the database commit and the Kafka send, and losing a Release
 * leaves seats held forever, losing a Finalize leaves paid seats unsold. The outbox closes that
 * window for every record with one mechanism, and needs no guess of "how stale is stale".
 * Delivery is at-least-once (a crash after the send but before marking sends again); the
 * receivers are idempotent per bookingId (seat-reservation replays a held reservation's result,
 * booking's consumers guard every transition).
 */
export interface OutboxRecord {
  topic: string;
  partition: number | null;
  key: string;
  value: SeatCommand | BookingStatusChanged;
}

/** A seat command to the partition that owns its section (from the published assignment). */
export function seatCommandRecord(
  topics: TopicNames,
  partition: number,
  command: SeatCommand,
): OutboxRecord {
  return {
    topic: topics.seatCommands,
    partition,
    key: sectionKey(command.eventId, command.section),
    value: command,
  };
}

export interface StatusChange {
  bookingId: string;
  eventId: string;
  section: string;
  previous: BookingStatus | null;
  status: BookingStatus;
  seats: string[];
  totalCents: number;
  reason?: string | null;
  at: Date;
  /** Set on PENDING_PAYMENT: the end of the payment window. */
  expiresAt?: Date;
  /** The booking's buyer and creation time, for the seller's order list (event-ticketing). */
  buyerId?: string;
  createdAt?: Date;
}

/** BookingStatusChanged to booking.events, keyed by booking id (order per booking). */
export function statusChangedRecord(topics: TopicNames, change: StatusChange): OutboxRecord {
  const value: BookingStatusChanged = {
    type: 'BookingStatusChanged',
    v: 1,
    bookingId: change.bookingId,
    eventId: change.eventId,
    section: change.section,
    status: change.status,
    previous: change.previous,
    seats: change.seats,
    totalCents: change.totalCents,
    ...(change.reason ? { reason: change.reason.slice(0, 200) } : {}),
    at: change.at.toISOString(),
    ...(change.buyerId ? { buyerId: change.buyerId } : {}),
    ...(change.createdAt ? { createdAt: change.createdAt.toISOString() } : {}),
    ...(change.expiresAt ? { expiresAt: change.expiresAt.toISOString() } : {}),
  };
  return { topic: topics.bookingEvents, partition: null, key: change.bookingId, value };
}

/** Writes records inside the caller's transaction. */
export async function enqueue(
  tx: Prisma.TransactionClient,
  records: readonly OutboxRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await tx.outboxMessage.createMany({
    data: records.map((r) => ({
      topic: r.topic,
      partition: r.partition,
      key: r.key,
      value: r.value as unknown as Prisma.InputJsonValue,
    })),
  });
}
