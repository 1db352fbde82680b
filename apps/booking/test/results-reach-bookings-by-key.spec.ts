import type { Pool } from 'pg';
import type { ReservationRejected, SeatsReserved } from '@shared/contracts';
import { applyMigrations, createPgPool, dropDatabase, ensureDatabase } from '@shared/db';
import { topicNames } from '@shared/streams';
import { testDatabaseUrl, testNamespace } from '@shared/testing';
import { applyResults, applyStatement, type ApplyDeps } from '../src/bookings/apply-results';

/**
 * A batch of seat results must reach its bookings through the primary key, whatever the size
 * of the bookings table: the first version hashed the batch and scanned every booking, so each
 * batch cost more as sales went on (7.5 ms a batch at 20,000 bookings; bench:booking).
 */
const TABLE_ROWS = 20_000;
const EVENT = 'ev-plan';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

describe('seat results reach their bookings by primary key', () => {
  const dbUrl = testDatabaseUrl(testNamespace('plan_'));
  let pool: Pool;
  const deps: ApplyDeps = {
    topics: topicNames('plan'),
    catalog: () =>
      Promise.resolve({
        id: EVENT,
        sections: [
          { name: 'S1', priceCents: 5000, rows: [{ label: '1', seats: 300 }], partition: 0 },
        ],
      }),
  };
  const opts = { now: new Date(), windowMs: 60_000, actor: 'spec' };

  const reserved = (i: number): SeatsReserved => ({
    type: 'SeatsReserved',
    v: 1,
    eventId: EVENT,
    section: 'S1',
    bookingId: `b${i}`,
    seats: [`S1-1-${i}`],
    adjacent: true,
    seq: i,
  });
  const rejected = (i: number): ReservationRejected => ({
    type: 'ReservationRejected',
    v: 1,
    eventId: EVENT,
    section: 'S1',
    bookingId: `b${i}`,
    code: 'SEATS_UNAVAILABLE',
    message: 'sold out',
  });
  const batch = [
    ...Array.from({ length: 30 }, (_, i) => reserved(100 + i)),
    ...Array.from({ length: 5 }, (_, i) => rejected(200 + i)),
  ];

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    pool = createPgPool(dbUrl, { max: 2 });
    await pool.query(
      `INSERT INTO booking.bookings (id, buyer_id, event_id, section, idempotency_key,
         request_hash, request, updated_at)
       SELECT 'b' || g, 'u' || (g % 500), $1, 'S1', 'k' || g, 'h', '{}'::jsonb, now()
       FROM generate_series(1, $2::int) g`,
      [EVENT, TABLE_ROWS],
    );
    await pool.query('ANALYZE booking.bookings');
  });

  afterAll(async () => {
    await pool?.end();
    await dropDatabase(dbUrl);
  });

  it('plans an index lookup per result, never a scan of the bookings table', async () => {
    const statement = await applyStatement(deps, batch, opts);
    expect(statement).toBeDefined();
    const { rows } = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
      text: `EXPLAIN (FORMAT JSON) ${statement!.query.text}`,
      values: statement!.query.values,
    });
    const onBookings = nodes(rows[0]!['QUERY PLAN'][0]!.Plan).filter(
      (n) => n['Relation Name'] === 'bookings' && n['Node Type'] !== 'ModifyTable',
    );
    // One read of the table for the holds, one for the failures.
    expect(onBookings.map((n) => [n['Node Type'], n['Index Name']])).toEqual([
      ['Index Scan', 'bookings_pkey'],
      ['Index Scan', 'bookings_pkey'],
    ]);
  });

  it('moves exactly the bookings of the batch, and a second delivery changes nothing', async () => {
    const first = await applyResults({ ...deps, pool }, batch, opts);
    expect(first.map((c) => c.status).sort()).toEqual([
      ...Array<string>(5).fill('FAILED'),
      ...Array<string>(30).fill('PENDING_PAYMENT'),
    ]);
    const { rows } = await pool.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM booking.bookings GROUP BY status ORDER BY status',
    );
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([
      ['PROCESSING', TABLE_ROWS - 35],
      ['PENDING_PAYMENT', 30],
      ['FAILED', 5],
    ]);
    expect(await applyResults({ ...deps, pool }, batch, opts)).toEqual([]);
  });
});
