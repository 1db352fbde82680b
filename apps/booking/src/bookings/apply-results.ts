import type { Pool, PoolClient } from 'pg';
import { canTransition, priceSeats } from '@booking/domain';
import type { BookingStatus, ReservationRejected, SeatsReserved } from '@shared/contracts';
import type { TopicNames } from '@shared/streams';
import type { CatalogEntry } from '../catalog/catalog.repository';
import { statusChangedRecord, type StatusChange } from '../outbox/outbox';

/**
 * Seat results -> booking statuses, for one fetched batch, in one transaction of four round
 * trips whatever the batch size: BEGIN; lock the batch's bookings FOR UPDATE (in id order, so two
 * instances never deadlock); one statement with every write (statuses, seats, history, outbox);
 * COMMIT. Moves are decided in memory by the transition table, so a duplicate inside one batch
 * is a no-op too. Written in SQL rather than through Prisma: its query compiler spent ~2 ms of
 * CPU per createMany here, and the results path must keep up with an on-sale rush.
 */
export async function applyResults(
  deps: {
    pool: Pool;
    topics: TopicNames;
    /** The published event (prices), as the catalog answers it. */
    catalog: (eventId: string) => Promise<CatalogEntry | undefined>;
  },
  results: readonly (SeatsReserved | ReservationRejected)[],
  opts: { now: Date; windowMs: number; actor: string },
): Promise<StatusChange[]> {
  if (results.length === 0) return [];
  return inTransaction(deps.pool, async (client) => {
    const ids = [...new Set(results.map((r) => r.bookingId))].sort();
    const { rows } = await client.query<{
      id: string;
      status: BookingStatus;
      event_id: string;
      section: string;
    }>({
      name: 'booking-results-lock',
      text: `SELECT id, status, event_id, section FROM booking.bookings
        WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
      values: [ids],
    });
    const current = new Map(rows.map((r) => [r.id, r]));
    const events = new Map<string, CatalogEntry | undefined>();
    for (const eventId of new Set(rows.map((r) => r.event_id))) {
      events.set(eventId, await deps.catalog(eventId));
    }
    const expiresAt = new Date(opts.now.getTime() + opts.windowMs);
    const reserved: { id: string; total: number }[] = [];
    const seats: { booking_id: string; seat_id: string; price_cents: number }[] = [];
    const failed: { id: string; reason: string }[] = [];
    const changes: StatusChange[] = [];
    for (const result of results) {
      const row = current.get(result.bookingId);
      if (!row) continue; // not ours (or not yet visible): nothing to guard, nothing to do
      const to: BookingStatus = result.type === 'SeatsReserved' ? 'PENDING_PAYMENT' : 'FAILED';
      if (!canTransition(row.status, to)) continue;
      const base = {
        bookingId: row.id,
        eventId: row.event_id,
        section: row.section,
        previous: row.status,
        status: to,
        at: opts.now,
      };
      if (result.type === 'SeatsReserved') {
        const section = events.get(row.event_id)?.sections.find((s) => s.name === row.section);
        const priced = priceSeats(result.seats, { priceCents: section?.priceCents ?? 0 });
        reserved.push({ id: row.id, total: priced.totalCents });
        for (const s of priced.seats) {
          seats.push({ booking_id: row.id, seat_id: s.seatId, price_cents: s.priceCents });
        }
        changes.push({
          ...base,
          seats: result.seats,
          totalCents: priced.totalCents,
          expiresAt,
        });
      } else {
        const reason = `${result.code}: ${result.message}`.slice(0, 500);
        failed.push({ id: row.id, reason });
        changes.push({ ...base, seats: [], totalCents: 0, reason });
      }
      row.status = to;
    }
    if (changes.length === 0) return [];
    const history = changes.map((c) => ({
      booking_id: c.bookingId,
      from: c.previous,
      to: c.status,
      actor: opts.actor,
      reason: c.reason ?? null,
      at: c.at.toISOString(),
    }));
    const outbox = changes.map((c) => {
      const r = statusChangedRecord(deps.topics, c);
      return { topic: r.topic, partition: r.partition, key: r.key, value: r.value };
    });
    await client.query({
      name: 'booking-results-write',
      text: WRITE_SQL,
      values: [
        JSON.stringify(reserved),
        expiresAt,
        JSON.stringify(failed),
        JSON.stringify(seats),
        JSON.stringify(history),
        JSON.stringify(outbox),
      ],
    });
    return changes;
  });
}

/*
 * Every write of a batch; the row locks taken before make the updates safe. Seats skip
 * duplicates (a redelivered result), history and outbox keep the order of the changes.
 */
const WRITE_SQL = `
WITH held AS (
  UPDATE booking.bookings b
  SET status = 'PENDING_PAYMENT', total_cents = r.total, expires_at = $2, updated_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, total int)
  WHERE b.id = r.id
), failed AS (
  UPDATE booking.bookings b SET status = 'FAILED', reason = f.reason, updated_at = now()
  FROM jsonb_to_recordset($3::jsonb) AS f(id text, reason text)
  WHERE b.id = f.id
), seats AS (
  INSERT INTO booking.booking_seats (booking_id, seat_id, price_cents)
  SELECT booking_id, seat_id, price_cents
  FROM jsonb_to_recordset($4::jsonb) AS s(booking_id text, seat_id text, price_cents int)
  ON CONFLICT DO NOTHING
), history AS (
  INSERT INTO booking.booking_transitions (booking_id, "from", "to", actor, reason, at)
  SELECT h.booking_id, h."from"::booking."BookingStatus", h."to"::booking."BookingStatus",
    h.actor, h.reason, h.at
  FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS e(value, ord),
    jsonb_to_record(e.value) AS h(booking_id text, "from" text, "to" text, actor text,
      reason text, at timestamptz)
  ORDER BY e.ord
)
INSERT INTO booking.outbox (topic, partition, key, value)
SELECT o.topic, o.partition, o.key, o.value
FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS e(value, ord),
  jsonb_to_record(e.value) AS o(topic text, partition int, key text, value jsonb)
ORDER BY e.ord`;

/** BEGIN ... COMMIT on one pooled connection; ROLLBACK (and a broken connection dropped) on error. */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
