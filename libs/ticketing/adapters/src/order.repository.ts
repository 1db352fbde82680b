import type {
  BookingStatus,
  OrderExportQuery,
  OrderPage,
  OrderQuery,
  OrderView,
} from '@shared/contracts';
import type { PrismaClient } from '@shared/db';
import { latestPerOrder, type OrderChange } from '@ticketing/domain';

/**
 * The seller's order list of an event (issue 22): ticketing.orders, one row per booking, kept by
 * the seat-results consumer from booking.events. Booking's database is never read: the buyer's
 * name and email come from this app's own users table.
 */

/** The rank of a status as @ticketing/domain orderRank gives it, in SQL. */
const rank = (column: string) =>
  `CASE ${column} WHEN 'PROCESSING' THEN 0 WHEN 'PENDING_PAYMENT' THEN 1 ELSE 2 END`;

/*
 * One upsert per batch. A row takes a change only when supersedesOrder would say so (a later
 * rank, or the same non-final rank at a later time), so a redelivered or late record changes
 * nothing; what a later record lacks (seats of a cancel before the result, the buyer of a record
 * written before records carried it) keeps the stored value.
 */
const UPSERT_SQL = `
INSERT INTO ticketing.orders AS o
  (booking_id, event_id, section, status, seats, total_cents, booked_at, updated_at, expires_at,
   buyer_id)
SELECT c.booking_id, c.event_id, c.section, c.status, c.seats, c.total_cents, c.booked_at, c.at,
       c.expires_at, c.buyer_id
  FROM jsonb_to_recordset($1::jsonb) AS c(booking_id text, event_id text, section text,
       status text, seats jsonb, total_cents int, booked_at timestamptz, at timestamptz,
       expires_at timestamptz, buyer_id text)
ON CONFLICT (booking_id) DO UPDATE SET
  status = EXCLUDED.status,
  seats = CASE WHEN jsonb_array_length(EXCLUDED.seats) > 0 THEN EXCLUDED.seats ELSE o.seats END,
  total_cents = CASE WHEN EXCLUDED.total_cents > 0 THEN EXCLUDED.total_cents ELSE o.total_cents END,
  booked_at = LEAST(o.booked_at, EXCLUDED.booked_at),
  updated_at = EXCLUDED.updated_at,
  expires_at = COALESCE(EXCLUDED.expires_at, o.expires_at),
  buyer_id = COALESCE(EXCLUDED.buyer_id, o.buyer_id)
WHERE ${rank('EXCLUDED.status')} > ${rank('o.status')}
   OR (${rank('EXCLUDED.status')} = ${rank('o.status')} AND ${rank('o.status')} < 2
       AND EXCLUDED.updated_at > o.updated_at)`;

/** Applies a batch of order changes in one statement; returns the rows written. */
export async function recordOrderChanges(
  prisma: PrismaClient,
  changes: readonly OrderChange[],
): Promise<number> {
  const latest = latestPerOrder(changes);
  if (latest.length === 0) return 0;
  const rows = latest.map((c) => ({
    booking_id: c.bookingId,
    event_id: c.eventId,
    section: c.section,
    status: c.status,
    seats: c.seats,
    total_cents: c.totalCents,
    booked_at: c.bookedAt.toISOString(),
    at: c.at.toISOString(),
    expires_at: c.expiresAt?.toISOString() ?? null,
    buyer_id: c.buyerId,
  }));
  return prisma.$executeRawUnsafe(UPSERT_SQL, JSON.stringify(rows));
}

interface OrderRow {
  booking_id: string;
  status: BookingStatus;
  section: string;
  seats: string[];
  total_cents: number;
  booked_at: Date;
  updated_at: Date;
  expires_at: Date | null;
  buyer_id: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
}

const viewOf = (r: OrderRow): OrderView => ({
  bookingId: r.booking_id,
  status: r.status,
  section: r.section,
  seats: r.seats,
  totalCents: r.total_cents,
  bookedAt: r.booked_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  expiresAt: r.expires_at?.toISOString() ?? null,
  buyerId: r.buyer_id,
  buyerName: r.buyer_name,
  buyerEmail: r.buyer_email,
});

/** Rows of one batch of the export; each batch is one keyset query on the event's index. */
const EXPORT_BATCH = 1000;

export function createOrderReader(prisma: PrismaClient) {
  return {
    /** One page of an event's orders, newest booking first, with the count of all matching. */
    async page(eventId: string, q: OrderQuery): Promise<OrderPage> {
      const status = q.status ?? null;
      const [rows, counted] = await Promise.all([
        prisma.$queryRaw<OrderRow[]>`
          SELECT o.booking_id, o.status, o.section, o.seats, o.total_cents, o.booked_at,
                 o.updated_at, o.expires_at, o.buyer_id, u.name AS buyer_name,
                 u.email AS buyer_email
            FROM ticketing.orders o LEFT JOIN ticketing.users u ON u.id = o.buyer_id
           WHERE o.event_id = ${eventId} AND (${status}::text IS NULL OR o.status = ${status}::text)
           ORDER BY o.booked_at DESC, o.booking_id DESC
           LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
        prisma.$queryRaw<{ n: number }[]>`
          SELECT count(*)::int AS n FROM ticketing.orders
           WHERE event_id = ${eventId} AND (${status}::text IS NULL OR status = ${status}::text)`,
      ]);
      return {
        eventId,
        items: rows.map(viewOf),
        page: q.page,
        pageSize: q.pageSize,
        total: counted[0]?.n ?? 0,
        at: new Date().toISOString(),
      };
    },

    /**
     * Every matching order, newest first, in batches by key (booked_at, booking_id), so an
     * export of a sold-out 100,000-seat event never holds more than one batch in memory.
     */
    async *all(eventId: string, q: OrderExportQuery): AsyncGenerator<OrderView> {
      const status = q.status ?? null;
      let after: { at: Date; id: string } | null = null;
      for (;;) {
        const at: Date | null = after?.at ?? null;
        const id: string | null = after?.id ?? null;
        const rows: OrderRow[] = await prisma.$queryRaw<OrderRow[]>`
          SELECT o.booking_id, o.status, o.section, o.seats, o.total_cents, o.booked_at,
                 o.updated_at, o.expires_at, o.buyer_id, u.name AS buyer_name,
                 u.email AS buyer_email
            FROM ticketing.orders o LEFT JOIN ticketing.users u ON u.id = o.buyer_id
           WHERE o.event_id = ${eventId} AND (${status}::text IS NULL OR o.status = ${status}::text)
             AND (${at}::timestamptz IS NULL
                  OR (o.booked_at, o.booking_id) < (${at}::timestamptz, ${id}::text))
           ORDER BY o.booked_at DESC, o.booking_id DESC
           LIMIT ${EXPORT_BATCH}`;
        for (const r of rows) yield viewOf(r);
        if (rows.length < EXPORT_BATCH) return;
        const last = rows.at(-1)!;
        after = { at: last.booked_at, id: last.booking_id };
      }
    },
  };
}
export type OrderReader = ReturnType<typeof createOrderReader>;
