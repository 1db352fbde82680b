import { randomUUID } from 'node:crypto';
import { sourcesOf } from '@booking/domain';
import type {
  BookingStatus,
  CreateBookingBody,
  PublishedSection,
  ReleaseReason,
  ReservationRejected,
  SeatsReserved,
} from '@shared/contracts';
import type { Pool } from 'pg';
import type { Prisma, PrismaClient } from '@shared/db';
import type { TopicNames } from '@shared/streams';
import { findEntries, sectionOf, type CatalogEntry } from '../catalog/catalog.repository';
import { applyResults, type AppliedResults } from './apply-results';
import { createBookingInserts } from './booking-inserts';
import {
  enqueue,
  seatCommandRecord,
  statusChangedRecord,
  type OutboxRecord,
  type StatusChange,
} from '../outbox/outbox';

/**
 * Every write to bookings. Each status change is one transaction holding the new status, its
 * history row and its outbox records; each is guarded by the transition table of
 * @booking/domain in the WHERE clause (or on rows locked FOR UPDATE), so concurrent or repeated
 * writers can never apply an illegal move: the loser simply changes nothing.
 */

export interface BookingRecord {
  id: string;
  buyerId: string;
  eventId: string;
  section: string;
  status: BookingStatus;
  totalCents: number;
  reason: string | null;
  expiresAt: Date | null;
  createdAt: Date;
  seats: { seatId: string; priceCents: number }[];
}

export type CreateOutcome =
  | { kind: 'created'; booking: BookingRecord }
  | { kind: 'replayed'; booking: BookingRecord }
  | { kind: 'conflict' };

const withSeats = { seats: { orderBy: { seatId: 'asc' } } } as const;

/** Waiting for a pooled connection under load is normal; a stuck transaction is not. */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

export function createBookingRepository(deps: {
  prisma: PrismaClient;
  /** The pool Prisma runs on; the hot insert sends its own SQL through it. */
  pool: Pool;
  topics: TopicNames;
  /** The published event of a booking (prices), as the catalog answers it. */
  catalog: (eventId: string) => Promise<Pick<CatalogEntry, 'sections'> | undefined>;
  /** Insert statements in flight at most (default 4). */
  insertConcurrency?: number;
}) {
  const { prisma, topics } = deps;
  const inserts = createBookingInserts({
    pool: deps.pool,
    concurrency: deps.insertConcurrency ?? 4,
  });

  async function byKey(buyerId: string, idempotencyKey: string) {
    return prisma.booking.findUnique({
      where: { buyerId_idempotencyKey: { buyerId, idempotencyKey } },
      include: withSeats,
    });
  }

  return {
    /**
     * Stores a PROCESSING booking with its Reserve command in the outbox, or answers the booking
     * an earlier request with the same key made (same body) or a conflict (another body). Two
     * racing requests with one key meet at the unique (buyer_id, idempotency_key) index.
     */
    async create(input: {
      buyerId: string;
      idempotencyKey: string;
      requestHash: string;
      body: CreateBookingBody;
      section: PublishedSection;
    }): Promise<CreateOutcome> {
      const id = randomUUID();
      const now = new Date();
      const { body, section } = input;
      // Only the Reserve: no BookingStatusChanged for PROCESSING. The buyer learns that status
      // from the 202, a status stream starts with the current status, and event-ticketing reads
      // only the ends of holds; the history table records the PROCESSING transition. One
      // record fewer per booking to store, relay, send and consume (BENCHMARKS.md, bench:booking).
      const reserve = seatCommandRecord(topics, section.partition, {
        type: 'ReserveSeats',
        v: 1,
        eventId: body.eventId,
        section: section.name,
        bookingId: id,
        mode: body.mode,
        ...(body.mode === 'manual' ? { seats: body.seats } : { quantity: body.quantity }),
      });
      // Batched with concurrent requests into one statement (booking-inserts.ts): the booking,
      // its first history row and its outbox record, or nothing when the key was used.
      const inserted = await inserts.insert({
        id,
        buyerId: input.buyerId,
        eventId: body.eventId,
        section: section.name,
        idempotencyKey: input.idempotencyKey,
        requestHash: input.requestHash,
        request: body,
        at: now,
        records: [reserve],
      });
      if (inserted) {
        return {
          kind: 'created',
          booking: {
            id,
            buyerId: input.buyerId,
            eventId: body.eventId,
            section: section.name,
            status: 'PROCESSING',
            totalCents: 0,
            reason: null,
            expiresAt: null,
            createdAt: now,
            seats: [],
          },
        };
      }
      const earlier = await byKey(input.buyerId, input.idempotencyKey);
      if (!earlier) throw new Error('idempotency key conflicted but no booking holds it');
      return replayOf(earlier, input.requestHash);
    },

    /** The buyer's own booking; another buyer's id reads as absent. */
    async findOwn(id: string, buyerId: string): Promise<BookingRecord | undefined> {
      const row = await prisma.booking.findFirst({ where: { id, buyerId }, include: withSeats });
      return row ?? undefined;
    },

    /**
     * Any buyer's booking with its seats, in one round trip of plain SQL (no Prisma compile):
     * the read of a status stream's open, which an on-sale makes once per buyer request.
     */
    async read(id: string): Promise<BookingRecord | undefined> {
      const { rows } = await deps.pool.query<{
        id: string;
        buyer_id: string;
        event_id: string;
        section: string;
        status: BookingStatus;
        total_cents: number;
        reason: string | null;
        expires_at: Date | null;
        created_at: Date;
        seats: { seatId: string; priceCents: number }[];
      }>({ name: 'booking-read-one', text: READ_ONE_SQL, values: [id] });
      const r = rows[0];
      if (!r) return undefined;
      return {
        id: r.id,
        buyerId: r.buyer_id,
        eventId: r.event_id,
        section: r.section,
        status: r.status,
        totalCents: r.total_cents,
        reason: r.reason,
        expiresAt: r.expires_at,
        createdAt: r.created_at,
        seats: r.seats,
      };
    },

    async statusOf(id: string): Promise<BookingStatus | undefined> {
      const row = await prisma.booking.findUnique({ where: { id }, select: { status: true } });
      return row?.status;
    },

    /** The buyer's newest bookings, only those in `statuses` when given. */
    async listOwn(
      buyerId: string,
      opts: { statuses?: readonly BookingStatus[]; limit?: number } = {},
    ): Promise<BookingRecord[]> {
      return prisma.booking.findMany({
        where: { buyerId, ...(opts.statuses ? { status: { in: [...opts.statuses] } } : {}) },
        orderBy: { createdAt: 'desc' },
        take: opts.limit ?? 100,
        include: withSeats,
      });
    },

    /**
     * Applies a batch of seat results in one statement, and releases the holds reported for
     * bookings that hold no seats (apply-results.ts, stray-holds.ts).
     */
    applyResults: (
      results: readonly (SeatsReserved | ReservationRejected)[],
      opts: { now: Date; windowMs: number; actor: string },
    ): Promise<AppliedResults> =>
      applyResults({ pool: deps.pool, topics, catalog: deps.catalog }, results, opts),

    /**
     * One guarded move of one booking (pay, cancel): UPDATE ... WHERE status IN (legal sources)
     * [AND the hold is still alive]. Returns the change, or undefined when the guard refused it.
     */
    async transitionOne(args: {
      id: string;
      /** The owner, for buyer actions; absent for the provider's webhook. */
      buyerId?: string;
      to: BookingStatus;
      actor: string;
      reason?: string;
      requireAlive?: Date;
      command: 'FinalizeSeats' | ReleaseReason;
    }): Promise<StatusChange | undefined> {
      return prisma.$transaction(async (tx) => {
        const from = sourcesOf(args.to);
        const alive = args.requireAlive ?? new Date(0);
        const moved = await tx.$queryRaw<
          {
            id: string;
            previous: BookingStatus;
            event_id: string;
            section: string;
            total_cents: number;
            buyer_id: string;
            created_at: Date;
          }[]
        >`UPDATE booking.bookings b SET status = ${args.to}::booking."BookingStatus",
              reason = ${args.reason ?? null}, updated_at = now()
            FROM (SELECT id, status FROM booking.bookings WHERE id = ${args.id} FOR UPDATE) old
            WHERE b.id = old.id AND (${args.buyerId ?? null}::text IS NULL OR b.buyer_id = ${args.buyerId ?? null})
              AND b.status::text = ANY(${from}::text[])
              AND (b.expires_at IS NULL OR b.expires_at > ${alive})
            RETURNING b.id, old.status AS previous, b.event_id, b.section, b.total_cents,
              b.buyer_id, b.created_at`;
        const row = moved[0];
        if (!row) return undefined;
        const seats = await tx.bookingSeat.findMany({ where: { bookingId: row.id } });
        const change: StatusChange = {
          bookingId: row.id,
          eventId: row.event_id,
          section: row.section,
          previous: row.previous,
          status: args.to,
          seats: seats.map((s) => s.seatId).sort(),
          totalCents: row.total_cents,
          reason: args.reason ?? null,
          at: new Date(),
          buyerId: row.buyer_id,
          createdAt: row.created_at,
        };
        const catalog = await findEntries(tx, [row.event_id]);
        const partition = sectionOf(catalog, row.event_id, row.section)?.partition;
        const commands: OutboxRecord[] = [];
        if (partition !== undefined) {
          const address = {
            v: 1 as const,
            eventId: row.event_id,
            section: row.section,
            bookingId: row.id,
          };
          commands.push(
            seatCommandRecord(
              topics,
              partition,
              args.command === 'FinalizeSeats'
                ? { type: 'FinalizeSeats', ...address }
                : { type: 'ReleaseSeats', ...address, reason: args.command },
            ),
          );
        }
        await recordChanges(tx, [change], args.actor, commands);
        return change;
      }, TX_OPTIONS);
    },

    /**
     * Expires up to `limit` overdue holds. FOR UPDATE SKIP LOCKED: several booking instances
     * sweep at once without waiting on, or double-expiring, each other's rows.
     */
    async expireOverdue(now: Date, limit: number): Promise<StatusChange[]> {
      return prisma.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<
          {
            id: string;
            event_id: string;
            section: string;
            total_cents: number;
            buyer_id: string;
            created_at: Date;
          }[]
        >`SELECT id, event_id, section, total_cents, buyer_id, created_at FROM booking.bookings
          WHERE status = 'PENDING_PAYMENT' AND expires_at <= ${now}
          ORDER BY expires_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return [];
        const ids = rows.map((r) => r.id);
        const reason = 'payment window expired';
        await tx.$executeRaw`UPDATE booking.bookings SET status = 'EXPIRED', reason = ${reason},
          updated_at = now() WHERE id = ANY(${ids}::text[])`;
        const seats = await tx.bookingSeat.findMany({ where: { bookingId: { in: ids } } });
        const catalog = await findEntries(
          tx,
          rows.map((r) => r.event_id),
        );
        const commands: OutboxRecord[] = [];
        const changes = rows.map((r): StatusChange => {
          const partition = sectionOf(catalog, r.event_id, r.section)?.partition;
          if (partition !== undefined) {
            commands.push(
              seatCommandRecord(topics, partition, {
                type: 'ReleaseSeats',
                v: 1,
                eventId: r.event_id,
                section: r.section,
                bookingId: r.id,
                reason: 'EXPIRED',
              }),
            );
          }
          return {
            bookingId: r.id,
            eventId: r.event_id,
            section: r.section,
            previous: 'PENDING_PAYMENT',
            status: 'EXPIRED',
            seats: seats
              .filter((s) => s.bookingId === r.id)
              .map((s) => s.seatId)
              .sort(),
            totalCents: r.total_cents,
            reason,
            at: now,
            buyerId: r.buyer_id,
            createdAt: r.created_at,
          };
        });
        await recordChanges(tx, changes, 'expiry-sweeper', commands);
        return changes;
      }, TX_OPTIONS);
    },
  };

  /** History rows and outbox records (commands, then one BookingStatusChanged per change). */
  async function recordChanges(
    tx: Prisma.TransactionClient,
    changes: readonly StatusChange[],
    actor: string,
    commands: readonly OutboxRecord[],
  ): Promise<void> {
    if (changes.length === 0) return;
    await tx.bookingTransition.createMany({
      data: changes.map((c) => ({
        bookingId: c.bookingId,
        from: c.previous,
        to: c.status,
        actor,
        reason: c.reason ?? null,
        at: c.at,
      })),
    });
    await enqueue(tx, [...commands, ...changes.map((c) => statusChangedRecord(topics, c))]);
  }
}
export type BookingRepository = ReturnType<typeof createBookingRepository>;

const READ_ONE_SQL = `
SELECT b.id, b.buyer_id, b.event_id, b.section, b.status::text AS status, b.total_cents,
  b.reason, b.expires_at, b.created_at,
  coalesce((SELECT json_agg(json_build_object('seatId', s.seat_id, 'priceCents', s.price_cents)
      ORDER BY s.seat_id)
    FROM booking.booking_seats s WHERE s.booking_id = b.id), '[]'::json) AS seats
FROM booking.bookings b WHERE b.id = $1`;

function replayOf(
  booking: BookingRecord & { requestHash: string },
  requestHash: string,
): CreateOutcome {
  return booking.requestHash === requestHash ? { kind: 'replayed', booking } : { kind: 'conflict' };
}
