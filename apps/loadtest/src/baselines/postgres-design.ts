/**
 * Design (b), the one most teams write first: every seat is a PostgreSQL row, and a booking is
 * one transaction that locks the seats it takes with SELECT ... FOR UPDATE SKIP LOCKED, marks
 * them RESERVED and inserts the booking. SKIP LOCKED lets concurrent buyers of one section take
 * different seats instead of queueing on the same rows; a partial index over available seats
 * keeps "the first free seats of a section" an index range scan. Best-available is first-fit
 * front to back (row, then seat); a group that gets fewer seats than it asked for rolls back.
 *
 * It runs in a database of its own (created here, dropped by close()) on the same server.
 */
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import type { BookingRequest, OnSalePlan } from '../workload/onsale';
import type { ReserveOutcome, SeatDesign } from './seat-design';

const SCHEMA = `
CREATE TABLE seats (
  seat_id    text PRIMARY KEY,
  section    text NOT NULL,
  row_no     int NOT NULL,
  seat_no    int NOT NULL,
  status     text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'RESERVED', 'SOLD')),
  booking_id text
);
CREATE INDEX seats_available ON seats (section, row_no, seat_no) WHERE status = 'AVAILABLE';
CREATE TABLE bookings (
  id         text PRIMARY KEY,
  section    text NOT NULL,
  status     text NOT NULL,
  seats      int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);`;

export function createPostgresDesign(opts: { url: string; poolSize: number }): SeatDesign {
  const dbName = `seat_bench_pg_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const adminUrl = new URL(opts.url);
  const benchUrl = new URL(opts.url);
  benchUrl.pathname = `/${dbName}`;
  let pool: Pool | undefined;

  const admin = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    adminUrl.pathname = '/postgres';
    const c = new Client({ connectionString: adminUrl.toString() });
    await c.connect();
    try {
      return await work(c);
    } finally {
      await c.end();
    }
  };

  return {
    name: 'postgres',
    description: `PostgreSQL row per seat, one transaction per booking, SELECT ... FOR UPDATE SKIP LOCKED, pool of ${opts.poolSize}`,
    async prepare(plan: OnSalePlan) {
      await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
      pool = new Pool({ connectionString: benchUrl.toString(), max: opts.poolSize });
      // An idle client whose connection ends (the database dropped at close, a server restart)
      // is reported here; without a listener the pool would throw it at the process.
      pool.on('error', () => undefined);
      await pool.query(SCHEMA);
      // Bulk insert, one statement per section, as a publish step would.
      for (const s of plan.sections) {
        await pool.query(
          `INSERT INTO seats (seat_id, section, row_no, seat_no)
           SELECT $1 || '-' || r || '-' || n, $1, r, n
           FROM generate_series(1, $2::int) r, generate_series(1, $3::int) n`,
          [s.name, s.rows, s.seatsPerRow],
        );
      }
      await pool.query('ANALYZE seats');
    },
    async reserve(bookingId: string, request: BookingRequest): Promise<ReserveOutcome> {
      const client = await pool!.connect();
      try {
        await client.query('BEGIN');
        const locked =
          request.mode === 'manual'
            ? await client.query<{ seat_id: string }>(
                `SELECT seat_id FROM seats
                 WHERE section = $1 AND seat_id = ANY($2::text[]) AND status = 'AVAILABLE'
                 FOR UPDATE SKIP LOCKED`,
                [request.section, request.seats],
              )
            : await client.query<{ seat_id: string }>(
                `SELECT seat_id FROM seats
                 WHERE section = $1 AND status = 'AVAILABLE'
                 ORDER BY row_no, seat_no
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED`,
                [request.section, request.quantity],
              );
        if (locked.rowCount !== request.quantity) {
          await client.query('ROLLBACK');
          return {
            ok: false,
            reason: request.mode === 'manual' ? 'SEATS_UNAVAILABLE' : 'SOLD_OUT',
          };
        }
        const seats = locked.rows.map((r) => r.seat_id);
        await client.query(
          `UPDATE seats SET status = 'RESERVED', booking_id = $1 WHERE seat_id = ANY($2::text[])`,
          [bookingId, seats],
        );
        await client.query(
          `INSERT INTO bookings (id, section, status, seats) VALUES ($1, $2, 'PENDING_PAYMENT', $3)`,
          [bookingId, request.section, seats.length],
        );
        await client.query('COMMIT');
        return { ok: true, seats };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async heldPerSection() {
      const { rows } = await pool!.query<{ section: string; held: string }>(
        `SELECT section, count(*) AS held FROM seats WHERE status <> 'AVAILABLE' GROUP BY section`,
      );
      return new Map(rows.map((r) => [r.section, Number(r.held)]));
    },
    async close() {
      await pool?.end();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    },
  };
}
