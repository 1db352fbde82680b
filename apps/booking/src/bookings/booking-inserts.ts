import type { Pool } from 'pg';
import type { OutboxRecord } from '../outbox/outbox';

/**
 * The hot write of an on-sale rush: new PROCESSING bookings, inserted in batches.
 *
 * Requests that arrive while earlier inserts are in flight wait for a free slot and then go
 * together, as one statement: the bookings, their first history rows and their outbox records
 * (the Reserve command), atomic per statement, one round trip and one WAL flush
 * for the whole batch. Under light load every request is its own batch (nothing waits on a
 * timer); under a rush batches grow to whatever arrived during one commit, so the number of
 * commits per second stays near `concurrency / commit latency` while bookings per commit grow.
 *
 * Measured (BENCHMARKS.md, bench:booking): Prisma's query compiler and interactive round trips
 * per request cost ~5 ms of CPU each on this machine; this statement costs a fraction of it.
 */
export interface NewBooking {
  id: string;
  buyerId: string;
  eventId: string;
  section: string;
  idempotencyKey: string;
  requestHash: string;
  /** The request body as received (stored for replays and audits). */
  request: unknown;
  at: Date;
  /** Outbox records, in send order. */
  records: readonly OutboxRecord[];
}

export interface BookingInserts {
  /**
   * Inserts the booking with its history row and outbox records; false when the buyer's
   * Idempotency-Key was already used (nothing of this request was written).
   */
  insert(booking: NewBooking): Promise<boolean>;
}

/** Bookings per statement at most; bounds the statement's size (~1 KB per booking). */
const MAX_BATCH = 500;

/*
 * ON CONFLICT DO NOTHING skips a row whose (buyer_id, idempotency_key) is taken, including by
 * an earlier row of the same batch; RETURNING names the rows that went in, and only those get
 * history and outbox rows. The outbox rows are inserted in input order, so their ids (the
 * relay's send order) keep a booking's records in the order the caller gave them.
 */
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
    id text, buyer_id text, event_id text, section text, idempotency_key text,
    request_hash text, request jsonb, at timestamptz)
), b AS (
  INSERT INTO booking.bookings (id, buyer_id, event_id, section, idempotency_key, request_hash,
    request, status, created_at, updated_at)
  SELECT id, buyer_id, event_id, section, idempotency_key, request_hash, request, 'PROCESSING',
    at, at
  FROM input
  ON CONFLICT (buyer_id, idempotency_key) DO NOTHING
  RETURNING id, buyer_id, created_at
), t AS (
  INSERT INTO booking.booking_transitions (booking_id, "from", "to", actor, at)
  SELECT id, NULL, 'PROCESSING', buyer_id, created_at FROM b
), o AS (
  INSERT INTO booking.outbox (topic, partition, key, value)
  SELECT r.topic, r.partition, r.key, r.value
  FROM jsonb_to_recordset($2::jsonb) AS r(ord int, booking_id text, topic text, partition int,
    key text, value jsonb)
  JOIN b ON b.id = r.booking_id
  ORDER BY r.ord
)
SELECT id FROM b`;

interface Waiting {
  booking: NewBooking;
  resolve: (inserted: boolean) => void;
  reject: (err: unknown) => void;
}

export function createBookingInserts(deps: {
  pool: Pool;
  /** Statements in flight at most (each holds one pooled connection while it runs). */
  concurrency: number;
}): BookingInserts {
  const queue: Waiting[] = [];
  let active = 0;

  function pump(): void {
    while (active < deps.concurrency && queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      active++;
      void run(batch).finally(() => {
        active--;
        pump();
      });
    }
  }

  async function run(batch: Waiting[]): Promise<void> {
    try {
      const inserted = await insertBatch(batch.map((w) => w.booking));
      for (const w of batch) w.resolve(inserted.has(w.booking.id));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  async function insertBatch(batch: readonly NewBooking[]): Promise<Set<string>> {
    // Sorted by the unique key, so two batches that both hold retries of the same requests take
    // their index locks in the same order and cannot deadlock. Every field was validated by the
    // route's schemas (ids and keys are plain ASCII), so one request cannot fail its batch-mates.
    const bookings = [...batch].sort((a, b) =>
      a.buyerId === b.buyerId
        ? compare(a.idempotencyKey, b.idempotencyKey)
        : compare(a.buyerId, b.buyerId),
    );
    const rows = bookings.map((b) => ({
      id: b.id,
      buyer_id: b.buyerId,
      event_id: b.eventId,
      section: b.section,
      idempotency_key: b.idempotencyKey,
      request_hash: b.requestHash,
      request: b.request,
      at: b.at.toISOString(),
    }));
    let ord = 0;
    const records = bookings.flatMap((b) =>
      b.records.map((r) => ({
        ord: ord++,
        booking_id: b.id,
        topic: r.topic,
        partition: r.partition,
        key: r.key,
        value: r.value,
      })),
    );
    // A named statement is parsed and planned once per connection.
    const result = await deps.pool.query<{ id: string }>({
      name: 'booking-insert-batch',
      text: INSERT_SQL,
      values: [JSON.stringify(rows), JSON.stringify(records)],
    });
    return new Set(result.rows.map((r) => r.id));
  }

  return {
    insert(booking) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ booking, resolve, reject });
        pump();
      });
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
