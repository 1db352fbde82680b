import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  SectionInput,
  type CreateEventBody,
  type EventAnalytics,
  type EventView,
  type ListEventsQuery,
  type EventPage,
  type SeatStatus,
} from '@shared/contracts';
import { isUniqueViolation, Prisma, type PrismaClient } from '@shared/db';
import type { TopicNames } from '@shared/streams';
import { requestHash } from '@shared/util';
import { layoutCounts, seatCount, summarizeSales, type StatusCount } from '@ticketing/domain';
import { announcementRecords } from './event.announcement';
import { TicketingErrors } from './ticketing.errors';
import { enqueue } from './ticketing.outbox';

/** What events.layout holds: the sections as the seller gave them, and the partitions once published. */
export const StoredLayout = z.object({
  sections: z.array(SectionInput),
  assignment: z.record(z.string(), z.number().int().nonnegative()).nullable(),
});
export type StoredLayout = z.infer<typeof StoredLayout>;

type EventRow = Prisma.EventGetPayload<object>;

export function newEventId(): string {
  return `evt_${randomUUID().replace(/-/g, '')}`;
}

export function layoutOf(event: EventRow): StoredLayout {
  return StoredLayout.parse(event.layout);
}

/** `topics`: where a published event is announced (its outbox records name them). */
export function createEventRepository(prisma: PrismaClient, opts: { topics: TopicNames }) {
  async function countsOf(eventId: string): Promise<(StatusCount & { seq: number })[]> {
    const rows = await prisma.$queryRaw<
      { section: string; status: SeatStatus; seats: number; cents: bigint; seq: number }[]
    >`SELECT section, status::text AS status, count(*)::int AS seats,
             coalesce(sum(price_cents), 0)::bigint AS cents, max(seq)::int AS seq
        FROM ticketing.tickets WHERE event_id = ${eventId} GROUP BY section, status`;
    return rows.map((r) => ({ ...r, cents: Number(r.cents) }));
  }

  async function view(event: EventRow): Promise<EventView> {
    const layout = layoutOf(event);
    // A draft has no tickets yet: its sections show the layout's capacity, all of it available.
    const counts: (StatusCount & { seq: number })[] =
      event.status === 'PUBLISHED'
        ? await countsOf(event.id)
        : layoutCounts(layout.sections).map((c) => ({ ...c, seq: 0 }));
    const summary = summarizeSales(
      counts,
      layout.sections.map((s) => s.name),
    );
    return {
      id: event.id,
      sellerId: event.sellerId,
      name: event.name,
      venue: event.venue,
      startsAt: event.startsAt.toISOString(),
      status: event.status,
      publishedAt: event.publishedAt?.toISOString() ?? null,
      layout: layout.sections,
      assignment: layout.assignment,
      sections: layout.sections.map((s) => {
        const figures = summary.sections.find((x) => x.name === s.name)!;
        const seq = Math.max(0, ...counts.filter((c) => c.section === s.name).map((c) => c.seq));
        return {
          name: s.name,
          price: s.price,
          ...(s.category ? { category: s.category } : {}),
          capacity: figures.capacity,
          available: figures.available,
          reserved: figures.reserved,
          sold: figures.sold,
          seq,
        };
      }),
    };
  }

  return {
    view,

    /**
     * A new draft. With the seller's Idempotency-Key, a repeat of the same request (a double
     * submit, a retry after a lost answer) gets the event the first one made (`created` false)
     * and a different request under that key is refused (409); the unique (seller, key) index
     * decides, so two repeats racing each other still make one event.
     */
    async create(
      sellerId: string,
      body: CreateEventBody,
      createKey?: string,
    ): Promise<{ event: EventRow; created: boolean }> {
      const layout: StoredLayout = { sections: body.sections, assignment: null };
      // The instant, not its spelling: "...T19:30:00Z" and "...T19:30:00.000Z" are one request.
      const createHash =
        createKey === undefined
          ? null
          : requestHash({ ...body, startsAt: new Date(body.startsAt).toISOString() });
      try {
        const event = await prisma.event.create({
          data: {
            id: newEventId(),
            sellerId,
            name: body.name,
            venue: body.venue,
            startsAt: new Date(body.startsAt),
            layout,
            createKey: createKey ?? null,
            createHash,
          },
        });
        return { event, created: true };
      } catch (err) {
        if (createKey === undefined || !isUniqueViolation(err)) throw err;
        const first = await prisma.event.findUnique({
          where: { sellerId_createKey: { sellerId, createKey } },
        });
        // Events are never deleted, so the row that refused this one is there.
        if (!first) throw err;
        if (first.createHash !== createHash) {
          throw TicketingErrors.idempotencyConflict(
            'this Idempotency-Key already created an event from a different request; use a new key',
          );
        }
        return { event: first, created: false };
      }
    },

    /** A seller's own event (any status), or a published event for everyone else; else 404. */
    async visible(id: string, viewer?: { id: string }): Promise<EventRow> {
      const event = await prisma.event.findUnique({ where: { id } });
      if (!event || (event.status !== 'PUBLISHED' && event.sellerId !== viewer?.id))
        throw TicketingErrors.eventNotFound(`no event ${id}`);
      return event;
    },

    /** A seller's own events, drafts included, newest first (at most 200: a seller's list). */
    async listOwned(sellerId: string) {
      const rows = await prisma.event.findMany({
        where: { sellerId },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: 200,
      });
      return rows.map((e) => ({
        id: e.id,
        name: e.name,
        venue: e.venue,
        startsAt: e.startsAt.toISOString(),
        status: e.status,
      }));
    },

    /** The seller's own event, else 404 (another seller's event is not disclosed). */
    async owned(id: string, sellerId: string): Promise<EventRow> {
      const event = await prisma.event.findUnique({ where: { id } });
      if (!event || event.sellerId !== sellerId)
        throw TicketingErrors.eventNotFound(`no event ${id}`);
      return event;
    },

    /** Replaces a draft's details and layout; a published layout is frozen (409). */
    async replaceDraft(id: string, sellerId: string, body: CreateEventBody): Promise<EventRow> {
      const layout: StoredLayout = { sections: body.sections, assignment: null };
      const { count } = await prisma.event.updateMany({
        where: { id, sellerId, status: 'DRAFT' },
        data: {
          name: body.name,
          venue: body.venue,
          startsAt: new Date(body.startsAt),
          layout,
        },
      });
      const event = await this.owned(id, sellerId);
      if (count === 0)
        throw TicketingErrors.eventPublished(`event ${id} is published; its layout is frozen`);
      return event;
    },

    /**
     * Applies a partial edit to a draft: the fields given replace the draft's, the others stay.
     * Runs under the row lock publish also takes, so an edit and a publish of the same event
     * serialize (no edit lands on a frozen layout). `check` validates the merged event (400).
     */
    async patchDraft(
      id: string,
      sellerId: string,
      patch: Partial<CreateEventBody>,
      check: (merged: CreateEventBody) => void,
    ): Promise<EventRow> {
      return prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<{ status: string }[]>`
          SELECT status::text AS status FROM ticketing.events
           WHERE id = ${id} AND seller_id = ${sellerId} FOR UPDATE`;
        if (!locked[0]) throw TicketingErrors.eventNotFound(`no event ${id}`);
        if (locked[0].status !== 'DRAFT')
          throw TicketingErrors.eventPublished(
            `event ${id} is published; it can no longer be edited`,
          );
        const current = await tx.event.findUniqueOrThrow({ where: { id } });
        const merged: CreateEventBody = {
          name: patch.name ?? current.name,
          venue: patch.venue ?? current.venue,
          startsAt: patch.startsAt ?? current.startsAt.toISOString(),
          sections: patch.sections ?? layoutOf(current).sections,
        };
        check(merged);
        const layout: StoredLayout = { sections: merged.sections, assignment: null };
        return tx.event.update({
          where: { id },
          data: {
            name: merged.name,
            venue: merged.venue,
            startsAt: new Date(merged.startsAt),
            layout,
          },
        });
      });
    },

    /**
     * Publishes a draft in one transaction: locks the row, writes every ticket with ONE
     * INSERT ... SELECT that expands the layout (50,000 seats in one statement, not a row per
     * query), stores the section -> partition assignment, flips the status and writes the
     * announcement (InitSection per section, EventPublished) to the outbox, which the relay
     * sends once this commits. So the event is PUBLISHED exactly when its announcement is
     * queued: a crash before the commit leaves a draft with no tickets and nothing queued, one
     * after it leaves the records for the relay of the next process to start.
     *
     * Idempotent: a published event is returned as it is (`alreadyPublished`), and nothing is
     * written or queued again (its layout is frozen, so there is nothing new to announce).
     */
    async publish(
      id: string,
      sellerId: string,
      assign: (sections: SectionInput[]) => Record<string, number>,
    ): Promise<{ event: EventRow; alreadyPublished: boolean; tickets: number }> {
      return prisma.$transaction(
        async (tx) => {
          const locked = await tx.$queryRaw<{ status: string }[]>`
            SELECT status::text AS status FROM ticketing.events
             WHERE id = ${id} AND seller_id = ${sellerId} FOR UPDATE`;
          if (!locked[0]) throw TicketingErrors.eventNotFound(`no event ${id}`);
          const current = await tx.event.findUniqueOrThrow({ where: { id } });
          if (locked[0].status === 'PUBLISHED')
            return { event: current, alreadyPublished: true, tickets: 0 };
          const layout = layoutOf(current);
          // The seats are expanded inside PostgreSQL from the stored layout (one statement, one
          // small parameter): shipping 50,000-element arrays through the driver adapter cost
          // more than the INSERT itself. Seat ids follow @ticketing/domain expandSeats (the
          // publishing spec checks they agree). Every per-row cost is paid 50,000 times here, so
          // the table has no foreign key and one index besides its key (a partial one that a
          // fresh, all-AVAILABLE event adds nothing to; see the tickets_by_seat migration), and
          // the INSERT has no ON CONFLICT: its speculative insertion wrote a third WAL record
          // per seat and nearly doubled the statement's time, with nothing to skip. Tickets
          // exist only once this transaction commits (which also flips the status), and the
          // locked row is still a DRAFT; a duplicate would violate the (event_id, seat_id) key
          // and roll everything back.
          const tickets = await tx.$executeRaw`
            INSERT INTO ticketing.tickets (event_id, section, "row", number, seat_id, price_cents)
            SELECT e.id, s.sec->>'name', r.rw->>'label', n,
                   (s.sec->>'name') || '-' || (r.rw->>'label') || '-' || n,
                   (s.sec->>'price')::int
              FROM ticketing.events e
             CROSS JOIN LATERAL jsonb_array_elements(e.layout->'sections') AS s(sec)
             CROSS JOIN LATERAL jsonb_array_elements(s.sec->'rows') AS r(rw)
             CROSS JOIN LATERAL generate_series(1, (r.rw->>'seats')::int) AS n
             WHERE e.id = ${id}`;
          const frozen: StoredLayout = { ...layout, assignment: assign(layout.sections) };
          const event = await tx.event.update({
            where: { id },
            data: { status: 'PUBLISHED', publishedAt: new Date(), layout: frozen },
          });
          await enqueue(tx, announcementRecords(opts.topics, event, frozen));
          return { event, alreadyPublished: false, tickets };
        },
        // A 100,000-seat insert takes seconds on a slow disk; the default 5 s is too tight.
        { timeout: 60_000, maxWait: 10_000 },
      );
    },

    /**
     * Published events as buyers browse them: by default those still to come (`when`), soonest
     * first; past ones only on request (`when=past`, most recent first, or `all`). Each says
     * whether it is sold out: no seat left to book, every ticket sold or held (a held seat may
     * come back on sale when its hold ends).
     */
    async listPublished(q: ListEventsQuery, now = new Date()): Promise<EventPage> {
      const when: Prisma.DateTimeFilter =
        q.when === 'upcoming' ? { gte: now } : q.when === 'past' ? { lt: now } : {};
      const where: Prisma.EventWhereInput = {
        status: 'PUBLISHED',
        AND: [{ startsAt: when }],
        ...(q.q
          ? {
              OR: [
                { name: { contains: q.q, mode: 'insensitive' } },
                { venue: { contains: q.q, mode: 'insensitive' } },
              ],
            }
          : {}),
        ...(q.from || q.to
          ? {
              startsAt: {
                ...(q.from ? { gte: new Date(q.from) } : {}),
                ...(q.to ? { lte: new Date(q.to) } : {}),
              },
            }
          : {}),
      };
      const [rows, total] = await Promise.all([
        prisma.event.findMany({
          where,
          orderBy:
            q.when === 'past'
              ? [{ startsAt: 'desc' }, { id: 'asc' }]
              : [{ startsAt: 'asc' }, { id: 'asc' }],
          skip: (q.page - 1) * q.pageSize,
          take: q.pageSize,
        }),
        prisma.event.count({ where }),
      ]);
      // Seats held or sold per listed event, from the partial index of such seats (a fresh
      // event costs nothing); sold out when they are the whole layout.
      const ids = rows.map((e) => e.id);
      const taken =
        ids.length === 0
          ? []
          : await prisma.$queryRaw<{ event_id: string; seats: number }[]>`
              SELECT event_id, count(*)::int AS seats FROM ticketing.tickets
               WHERE event_id = ANY(${ids}::text[]) AND status <> 'AVAILABLE'
               GROUP BY event_id`;
      const takenOf = new Map(taken.map((t) => [t.event_id, t.seats]));
      return {
        items: rows.map((e) => ({
          id: e.id,
          name: e.name,
          venue: e.venue,
          startsAt: e.startsAt.toISOString(),
          soldOut: (takenOf.get(e.id) ?? 0) >= seatCount(layoutOf(e).sections),
        })),
        page: q.page,
        pageSize: q.pageSize,
        total,
      };
    },

    /** Sales figures of one event, computed from its tickets (the source of truth). */
    async analytics(event: EventRow): Promise<EventAnalytics> {
      const layout = layoutOf(event);
      const summary = summarizeSales(
        await countsOf(event.id),
        layout.sections.map((s) => s.name),
      );
      const perMinute = await prisma.$queryRaw<{ minute: Date; seats: number; cents: bigint }[]>`
        SELECT date_trunc('minute', changed_at) AS minute, count(*)::int AS seats,
               sum(price_cents)::bigint AS cents
          FROM ticketing.tickets
         WHERE event_id = ${event.id} AND status = 'SOLD' AND changed_at IS NOT NULL
         GROUP BY 1 ORDER BY 1`;
      return {
        eventId: event.id,
        totals: summary.totals,
        sections: summary.sections,
        salesPerMinute: perMinute.map((m) => ({
          minute: m.minute.toISOString(),
          seats: m.seats,
          revenueCents: Number(m.cents),
        })),
        holds: {
          converted: await prisma.holdOutcome.count({
            where: { eventId: event.id, outcome: 'CONVERTED' },
          }),
          expired: await prisma.holdOutcome.count({
            where: { eventId: event.id, outcome: 'EXPIRED' },
          }),
        },
        at: new Date().toISOString(),
      };
    },
  };
}
export type EventRepository = ReturnType<typeof createEventRepository>;
