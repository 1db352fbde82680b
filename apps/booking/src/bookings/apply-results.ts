import type { Pool, QueryConfig } from 'pg';
import { priceSeats, sameSeats, sourcesOf } from '@booking/domain';
import type { ReservationRejected, SeatsReserved } from '@shared/contracts';
import type { TopicNames } from '@shared/streams';
import type { CatalogEntry } from '../catalog/catalog.repository';
import { statusChangedRecord, type StatusChange } from '../outbox/outbox';
import { releaseStrayHolds, type StrayHoldOutcome } from './stray-holds';

/*
 * The only moves a seat result makes, and the status they start from (the transition table of
 * @booking/domain decides both; the statement below guards on it).
 */
const HOLD_FROM = sourcesOf('PENDING_PAYMENT');
const FAIL_FROM = sourcesOf('FAILED');
if (HOLD_FROM.length !== 1 || FAIL_FROM.length !== 1) {
  throw new Error('apply-results assumes one source status per result move (PROCESSING)');
}

/**
 * Seat results -> booking statuses, for one fetched batch, in ONE statement (one round trip,
 * atomic on its own): guarded UPDATEs (WHERE status = PROCESSING, so a duplicate, a late result
 * or a booking another instance already moved changes nothing) whose RETURNING decides which
 * seats, history rows and outbox records go in with them. Inside a batch the first result per
 * booking is the one that counts, as if they were applied one by one. Prisma's query compiler
 * and four round trips per batch (lock, read, write, commit) made this path trail the requests
 * in an on-sale rush (BENCHMARKS.md, bench:booking).
 * Reported holds that moved no booking then go to releaseStrayHolds (stray-holds.ts), in
 * statements of their own; a crash between the two redelivers the batch (its offsets are
 * committed after both), the moves above change nothing the second time, and the holds are
 * judged again.
 */
export async function applyResults(
  deps: ApplyDeps & { pool: Pool },
  results: readonly (SeatsReserved | ReservationRejected)[],
  opts: ApplyOptions,
): Promise<AppliedResults> {
  const statement = await applyStatement(deps, results, opts);
  let changes: StatusChange[] = [];
  if (statement) {
    const { rows } = await deps.pool.query<{ id: string }>(statement.query);
    const moved = new Set(rows.map((r) => r.id));
    changes = statement.candidates.filter((c) => moved.has(c.bookingId));
  }
  // Every reported hold but the one each booking just moved to PENDING_PAYMENT with: in an
  // on-sale none is left, and this costs nothing. The rest (a redelivery, a replay, a hold for
  // a booking that ended or never was) are judged after the moves above, as if the batch's
  // results were applied one by one: a rejection followed by a hold in one batch releases it.
  const holds = new Map(
    changes.filter((c) => c.status === 'PENDING_PAYMENT').map((c) => [c.bookingId, c]),
  );
  const reports = results.filter(
    (r): r is SeatsReserved => r.type === 'SeatsReserved' && !sameHold(holds.get(r.bookingId), r),
  );
  return { changes, ...(await releaseStrayHolds(deps, reports, opts.now)) };
}

/** What a batch of results did: the status changes, and the stray holds it dealt with. */
export interface AppliedResults extends StrayHoldOutcome {
  changes: StatusChange[];
}

function sameHold(held: StatusChange | undefined, report: SeatsReserved): boolean {
  return (
    held !== undefined &&
    held.eventId === report.eventId &&
    held.section === report.section &&
    sameSeats(held.seats, report.seats)
  );
}

export interface ApplyDeps {
  topics: TopicNames;
  /** The published event (prices, partitions), as the catalog answers it. */
  catalog: (eventId: string) => Promise<Pick<CatalogEntry, 'sections'> | undefined>;
}
export interface ApplyOptions {
  now: Date;
  windowMs: number;
  actor: string;
}

/**
 * The one statement that applies a batch of results, and the status change each result makes
 * if its booking is still PROCESSING; undefined for an empty batch. Apart from applyResults so
 * that a spec can ask PostgreSQL for its plan.
 */
export async function applyStatement(
  deps: ApplyDeps,
  results: readonly (SeatsReserved | ReservationRejected)[],
  opts: ApplyOptions,
): Promise<{ query: QueryConfig; candidates: StatusChange[] } | undefined> {
  const first = new Map<string, SeatsReserved | ReservationRejected>();
  for (const r of results) if (!first.has(r.bookingId)) first.set(r.bookingId, r);
  if (first.size === 0) return undefined;
  const expiresAt = new Date(opts.now.getTime() + opts.windowMs);
  const held: { id: string; event_id: string; section: string; total: number }[] = [];
  const failed: { id: string; event_id: string; section: string; reason: string }[] = [];
  const seats: { booking_id: string; seat_id: string; price_cents: number }[] = [];
  const candidates = new Map<string, StatusChange>();
  for (const result of first.values()) {
    const address = { id: result.bookingId, event_id: result.eventId, section: result.section };
    const base = {
      bookingId: result.bookingId,
      eventId: result.eventId,
      section: result.section,
      at: opts.now,
    };
    if (result.type === 'SeatsReserved') {
      const section = (await deps.catalog(result.eventId))?.sections.find(
        (s) => s.name === result.section,
      );
      const priced = priceSeats(result.seats, { priceCents: section?.priceCents ?? 0 });
      held.push({ ...address, total: priced.totalCents });
      for (const s of priced.seats) {
        seats.push({ booking_id: result.bookingId, seat_id: s.seatId, price_cents: s.priceCents });
      }
      candidates.set(result.bookingId, {
        ...base,
        previous: HOLD_FROM[0]!,
        status: 'PENDING_PAYMENT',
        seats: result.seats,
        totalCents: priced.totalCents,
        expiresAt,
      });
    } else {
      const reason = `${result.code}: ${result.message}`.slice(0, 500);
      failed.push({ ...address, reason });
      candidates.set(result.bookingId, {
        ...base,
        previous: FAIL_FROM[0]!,
        status: 'FAILED',
        seats: [],
        totalCents: 0,
        reason,
      });
    }
  }
  const all = [...candidates.values()];
  const history = all.map((c, ord) => ({
    ord,
    booking_id: c.bookingId,
    from: c.previous,
    to: c.status,
    actor: opts.actor,
    reason: c.reason ?? null,
    at: c.at.toISOString(),
  }));
  const outbox = all.map((c, ord) => {
    const r = statusChangedRecord(deps.topics, c);
    return { ord, booking_id: c.bookingId, topic: r.topic, key: r.key, value: r.value };
  });
  const query: QueryConfig = {
    name: 'booking-results-apply',
    text: APPLY_SQL,
    values: [
      held.map((h) => h.id),
      held.map((h) => h.event_id),
      held.map((h) => h.section),
      held.map((h) => h.total),
      expiresAt,
      failed.map((f) => f.id),
      failed.map((f) => f.event_id),
      failed.map((f) => f.section),
      failed.map((f) => f.reason),
      JSON.stringify(seats),
      JSON.stringify(history),
      JSON.stringify(outbox),
      HOLD_FROM,
      FAIL_FROM,
    ],
  };
  return { query, candidates: all };
}

/*
 * $1-$4 holds, $6-$9 failures, as parallel arrays: guarded by status (and by the result naming
 * the booking's own event and section). Arrays through unnest, not jsonb_to_recordset, so that
 * the planner reaches each booking through its primary key: with the recordset's fixed estimate
 * of 100 rows it hashed the batch and scanned the whole bookings table on every batch, which
 * grew with the table (7.5 ms a batch at 20,000 bookings against 0.3 ms; bench:booking).
 * Seats, history and outbox rows join the bookings that moved; history and outbox keep
 * the batch's order; the BookingStatusChanged records take the buyer and creation time from
 * the moved rows (the results do not know them). A redelivered batch finds nothing in
 * PROCESSING and writes nothing. Two instances applying the same results at once (a
 * rebalance) wait on each other's row locks; if PostgreSQL ever reports a deadlock between
 * them, the statement fails and KafkaJS redelivers the batch, which the guards make harmless.
 */
const APPLY_SQL = `
WITH held AS (
  UPDATE booking.bookings b
  SET status = 'PENDING_PAYMENT', total_cents = r.total, expires_at = $5, updated_at = now()
  FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS r(id, event_id, section, total)
  WHERE b.id = r.id AND b.event_id = r.event_id AND b.section = r.section
    AND b.status::text = ANY($13::text[])
  RETURNING b.id, b.buyer_id, b.created_at
), failed AS (
  UPDATE booking.bookings b SET status = 'FAILED', reason = f.reason, updated_at = now()
  FROM unnest($6::text[], $7::text[], $8::text[], $9::text[]) AS f(id, event_id, section, reason)
  WHERE b.id = f.id AND b.event_id = f.event_id AND b.section = f.section
    AND b.status::text = ANY($14::text[])
  RETURNING b.id, b.buyer_id, b.created_at
), moved AS (
  SELECT id, buyer_id, created_at FROM held UNION ALL SELECT id, buyer_id, created_at FROM failed
), seats AS (
  INSERT INTO booking.booking_seats (booking_id, seat_id, price_cents)
  SELECT s.booking_id, s.seat_id, s.price_cents
  FROM jsonb_to_recordset($10::jsonb) AS s(booking_id text, seat_id text, price_cents int)
  JOIN held ON held.id = s.booking_id
  ON CONFLICT DO NOTHING
), history AS (
  INSERT INTO booking.booking_transitions (booking_id, "from", "to", actor, reason, at)
  SELECT h.booking_id, h."from"::booking."BookingStatus", h."to"::booking."BookingStatus",
    h.actor, h.reason, h.at
  FROM jsonb_to_recordset($11::jsonb) AS h(ord int, booking_id text, "from" text, "to" text,
    actor text, reason text, at timestamptz)
  JOIN moved ON moved.id = h.booking_id
  ORDER BY h.ord
), outbox AS (
  INSERT INTO booking.outbox (topic, partition, key, value)
  SELECT o.topic, NULL, o.key, o.value || jsonb_build_object('buyerId', moved.buyer_id,
    'createdAt', to_char(moved.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  FROM jsonb_to_recordset($12::jsonb) AS o(ord int, booking_id text, topic text, key text,
    value jsonb)
  JOIN moved ON moved.id = o.booking_id
  ORDER BY o.ord
)
SELECT id FROM moved`;
