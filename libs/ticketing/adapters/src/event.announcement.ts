import type { EventPublished, InitSection } from '@shared/contracts';
import { sectionKey, type TopicNames } from '@shared/streams';
import type { Prisma } from '@shared/db';
import type { StoredLayout } from './event.repository';

type EventRow = Prisma.EventGetPayload<object>;

/** One Kafka record of an announcement, as the outbox stores it. */
export interface AnnouncementRecord {
  topic: string;
  /** The section's partition for a command; null for the catalog record (keyed by event id). */
  partition: number | null;
  key: string;
  value: InitSection | EventPublished;
}

/**
 * What tells the rest of the system that an event is on sale: one InitSection per section on
 * the seat command topic, on the partition the stored assignment gives it (keyed
 * eventId:section), then EventPublished on the compacted catalog (keyed eventId).
 *
 * Commands come first, and the relay sends the catalog record only once they are acknowledged
 * (inTopicRuns): a booking instance that sees the catalog entry may send ReserveSeats at once,
 * and those must land behind the section's InitSection in the same partition.
 *
 * Written to the outbox in the transaction that publishes the event (event.repository.ts), so
 * the records go out exactly when the event is PUBLISHED, whatever dies when. Delivery is
 * at-least-once: an InitSection of an identical layout is a no-op for seat-reservation, and the
 * catalog is compacted by eventId.
 */
export function announcementRecords(
  topics: TopicNames,
  event: EventRow,
  layout: StoredLayout,
): AnnouncementRecord[] {
  const assignment = layout.assignment;
  if (!assignment) throw new Error(`event ${event.id} has no partition assignment`);
  const partitionOf = (section: string): number => {
    const p = assignment[section];
    if (p === undefined) throw new Error(`section ${section} of ${event.id} is unassigned`);
    return p;
  };
  const commands = layout.sections.map((s): AnnouncementRecord => {
    const cmd: InitSection = {
      type: 'InitSection',
      v: 1,
      eventId: event.id,
      section: s.name,
      rows: s.rows,
      priceCents: s.price,
      ...(s.focal ? { focal: s.focal } : {}),
      ...(s.category ? { category: s.category } : {}),
    };
    return {
      topic: topics.seatCommands,
      partition: partitionOf(s.name),
      key: sectionKey(event.id, s.name),
      value: cmd,
    };
  });
  const published: EventPublished = {
    type: 'EventPublished',
    v: 1,
    eventId: event.id,
    sellerId: event.sellerId,
    name: event.name,
    venue: event.venue,
    startsAt: event.startsAt.toISOString(),
    publishedAt: (event.publishedAt ?? new Date()).toISOString(),
    sections: layout.sections.map((s) => ({
      name: s.name,
      priceCents: s.price,
      rows: s.rows,
      partition: partitionOf(s.name),
      ...(s.focal ? { focal: s.focal } : {}),
      ...(s.category ? { category: s.category } : {}),
    })),
  };
  return [
    ...commands,
    { topic: topics.eventCatalog, partition: null, key: event.id, value: published },
  ];
}
