import type { Pool } from 'pg';
import { holdVerdict, type HeldBooking } from '@booking/domain';
import type { BookingStatus, ReleaseReason, SeatsReserved } from '@shared/contracts';
import type { TopicNames } from '@shared/streams';
import type { CatalogEntry } from '../catalog/catalog.repository';
import { seatCommandRecord } from '../outbox/outbox';

/**
 * Booking's second line of defence against seats held for nobody (issue 18). The seat side may
 * report a hold (SeatsReserved) for a booking that should hold no seats: a ReserveSeats the
 * outbox sent twice and the section decided again after the booking FAILED, EXPIRED or was
 * CANCELLED, or a command booking never sent. The hold would never end, since no booking
 * will pay for it or let it expire: booking gives the seats back with a ReleaseSeats.
 *
 * Once per hold: the Release goes into the outbox in the same statement as a row of
 * booking.stray_holds (one per booking), so a redelivered or replayed report of the same hold
 * queues nothing more, whichever instance reads it. A report of a later hold on other seats
 * (a higher section seq) is a new hold and is released again; a later hold on the very same
 * seats cannot be told from a replay here and is left to the seat side, which never decides a
 * booking twice, and to `npm run loadtest -- verify`.
 */

/** A reported hold booking released, or found in conflict with a live booking. */
export interface StrayHold {
  bookingId: string;
  eventId: string;
  section: string;
  seats: string[];
  seq: number;
  /** The booking's status; undefined when booking has no such booking. */
  status: BookingStatus | undefined;
}

export interface StrayHoldOutcome {
  /** Holds whose ReleaseSeats went into the outbox by this call. */
  released: StrayHold[];
  /**
   * Live bookings (PENDING_PAYMENT, PAID) the engine reports on other seats than booking
   * stored: left alone, for an operator (a Release would take the buyer's hold away).
   */
  conflicts: StrayHold[];
  /** Holds to release in a section booking's catalog does not have (no partition to send to). */
  unroutable: StrayHold[];
}

export interface StrayHoldDeps {
  pool: Pool;
  topics: TopicNames;
  /** The published event (its sections' partitions), as the catalog answers it. */
  catalog: (eventId: string) => Promise<Pick<CatalogEntry, 'sections'> | undefined>;
}

/**
 * Judges reports of holds that did not move their booking (see applyResults) and releases
 * the stray ones. Two round trips, only for batches that have such reports: one read of the
 * bookings named, one statement that records and queues the releases.
 */
export async function releaseStrayHolds(
  deps: StrayHoldDeps,
  reports: readonly SeatsReserved[],
  now: Date,
): Promise<StrayHoldOutcome> {
  if (reports.length === 0) return { released: [], conflicts: [], unroutable: [] };
  const bookings = await readBookings(
    deps.pool,
    reports.map((r) => r.bookingId),
  );
  // The latest report per booking: one Release frees whatever the booking holds by then.
  const latest = new Map<string, { hold: StrayHold; reason: ReleaseReason }>();
  const conflicts: StrayHold[] = [];
  for (const r of reports) {
    const booking = bookings.get(r.bookingId);
    const verdict = holdVerdict(booking, r);
    const hold: StrayHold = {
      bookingId: r.bookingId,
      eventId: r.eventId,
      section: r.section,
      seats: [...r.seats].sort(),
      seq: r.seq,
      status: booking?.status,
    };
    if (verdict.kind === 'conflict') conflicts.push(hold);
    if (verdict.kind !== 'release') continue;
    const seen = latest.get(r.bookingId);
    if (!seen || seen.hold.seq < r.seq) latest.set(r.bookingId, { hold, reason: verdict.reason });
  }
  if (latest.size === 0) return { released: [], conflicts, unroutable: [] };

  const unroutable: StrayHold[] = [];
  const rows: Record<string, unknown>[] = [];
  const outbox: Record<string, unknown>[] = [];
  for (const { hold, reason } of latest.values()) {
    const partition = (await deps.catalog(hold.eventId))?.sections.find(
      (s) => s.name === hold.section,
    )?.partition;
    if (partition === undefined) {
      unroutable.push(hold);
      continue;
    }
    rows.push({
      booking_id: hold.bookingId,
      event_id: hold.eventId,
      section: hold.section,
      seats: hold.seats,
      seq: hold.seq,
      status: hold.status ?? null,
      at: now.toISOString(),
    });
    const r = seatCommandRecord(deps.topics, partition, {
      type: 'ReleaseSeats',
      v: 1,
      eventId: hold.eventId,
      section: hold.section,
      bookingId: hold.bookingId,
      reason,
    });
    outbox.push({ booking_id: hold.bookingId, ...r });
  }
  if (rows.length === 0) return { released: [], conflicts, unroutable };
  const { rows: noted } = await deps.pool.query<{ booking_id: string }>({
    name: 'booking-stray-holds-release',
    text: RELEASE_SQL,
    values: [JSON.stringify(rows), JSON.stringify(outbox)],
  });
  const released = new Set(noted.map((n) => n.booking_id));
  return {
    released: [...latest.values()].map((l) => l.hold).filter((h) => released.has(h.bookingId)),
    conflicts,
    unroutable,
  };
}

/** Status, address and stored seats of each booking named (absent ids are left out). */
async function readBookings(pool: Pool, ids: readonly string[]): Promise<Map<string, HeldBooking>> {
  const { rows } = await pool.query<{
    id: string;
    status: BookingStatus;
    event_id: string;
    section: string;
    seats: string[];
  }>({
    name: 'booking-stray-holds-read',
    text: `SELECT b.id, b.status, b.event_id, b.section,
             array(SELECT s.seat_id FROM booking.booking_seats s WHERE s.booking_id = b.id) AS seats
           FROM booking.bookings b WHERE b.id = ANY($1::text[])`,
    values: [[...new Set(ids)]],
  });
  return new Map(
    rows.map((r) => [
      r.id,
      { status: r.status, eventId: r.event_id, section: r.section, seats: r.seats },
    ]),
  );
}

/*
 * One row per booking: a first report inserts it; a later one updates it only when it is a new
 * hold (other seats, higher seq), and then counts one more release. RETURNING names the rows
 * written, and only their Release records go into the outbox. Two instances releasing the same
 * booking at once (a rebalance) meet at the primary key: the second waits, then finds the row
 * and writes nothing. Seats are compared as sorted JSON arrays (sorted by the caller).
 */
const RELEASE_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(booking_id text, event_id text, section text,
    seats jsonb, seq int, status text, at timestamptz)
), noted AS (
  INSERT INTO booking.stray_holds AS h (booking_id, event_id, section, seats, seq,
    booking_status, released_at)
  SELECT booking_id, event_id, section, seats, seq, status::booking."BookingStatus", at
  FROM input
  ON CONFLICT (booking_id) DO UPDATE SET event_id = excluded.event_id,
    section = excluded.section, seats = excluded.seats, seq = excluded.seq,
    booking_status = excluded.booking_status, releases = h.releases + 1,
    released_at = excluded.released_at
  WHERE h.seats <> excluded.seats AND h.seq < excluded.seq
  RETURNING h.booking_id
), outbox AS (
  INSERT INTO booking.outbox (topic, partition, key, value)
  SELECT o.topic, o.partition, o.key, o.value
  FROM jsonb_to_recordset($2::jsonb) AS o(booking_id text, topic text, partition int, key text,
    value jsonb)
  JOIN noted ON noted.booking_id = o.booking_id
)
SELECT booking_id FROM noted`;
