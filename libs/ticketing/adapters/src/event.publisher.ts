import type { Producer } from 'kafkajs';
import { encodeMessage, type EventPublished, type InitSection } from '@shared/contracts';
import { sectionKey, type TopicNames } from '@shared/streams';
import type { Prisma } from '@shared/db';
import type { StoredLayout } from './event.repository';

type EventRow = Prisma.EventGetPayload<object>;

/**
 * Tells the rest of the system that an event is on sale: one InitSection per section on the
 * seat command topic, on the partition the stored assignment gives it (keyed eventId:section),
 * then EventPublished on the compacted catalog (keyed eventId).
 *
 * Crash between the database commit and these sends: the event is PUBLISHED in PostgreSQL but
 * nobody heard of it. Publishing is therefore re-drivable: POST /publish on a published event
 * sends the same records again. Re-sends are harmless: InitSection of an identical layout is a
 * no-op for seat-reservation (a different one would be LAYOUT_CONFLICT, which cannot happen as
 * the layout is frozen), and the catalog is compacted by eventId. The producer is idempotent,
 * so its own retries add no duplicates either.
 */
export function createEventPublisher(opts: { producer: Producer; topics: TopicNames }) {
  return {
    async announce(event: EventRow, layout: StoredLayout): Promise<void> {
      const assignment = layout.assignment;
      if (!assignment) throw new Error(`event ${event.id} has no partition assignment`);
      const partitionOf = (section: string): number => {
        const p = assignment[section];
        if (p === undefined) throw new Error(`section ${section} of ${event.id} is unassigned`);
        return p;
      };
      const commands = layout.sections.map((s) => {
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
          key: sectionKey(event.id, s.name),
          partition: partitionOf(s.name),
          value: encodeMessage(cmd),
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
      // Commands first: a booking app that sees the catalog entry may send ReserveSeats at once,
      // and those must land behind the section's InitSection in the same partition.
      await opts.producer.send({ topic: opts.topics.seatCommands, acks: -1, messages: commands });
      await opts.producer.send({
        topic: opts.topics.eventCatalog,
        acks: -1,
        messages: [{ key: event.id, value: encodeMessage(published) }],
      });
    },
  };
}
export type EventPublisher = ReturnType<typeof createEventPublisher>;
