import { escapeLiteral, type Pool } from 'pg';
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
/** The plan's reads of the bookings table, as [node type, index]. */
const readsOfBookings = (plan: PlanNode) =>
  nodes(plan)
    .filter((n) => n['Relation Name'] === 'bookings' && n['Node Type'] !== 'ModifyTable')
    .map((n) => [n['Node Type'], n['Index Name']]);
const BY_KEY = [
  ['Index Scan', 'bookings_pkey'],
  ['Index Scan', 'bookings_pkey'],
];

/** One published section of 300 seats; results priced from it. */
const applyDeps = (namespace: string): ApplyDeps => ({
  topics: topicNames(namespace),
  catalog: () =>
    Promise.resolve({
      id: EVENT,
      sections: [
        { name: 'S1', priceCents: 5000, rows: [{ label: '1', seats: 300 }], partition: 0 },
      ],
    }),
});
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
/** PROCESSING bookings b<from>..b<to> of the section. */
const addBookings = (pool: Pool, from: number, to: number) =>
  pool.query(
    `INSERT INTO booking.bookings (id, buyer_id, event_id, section, idempotency_key,
       request_hash, request, updated_at)
     SELECT 'b' || g, 'u' || (g % 500), $1, 'S1', 'k' || g, 'h', '{}'::jsonb, now()
     FROM generate_series($2::int, $3::int) g`,
    [EVENT, from, to],
  );

describe('seat results reach their bookings by primary key', () => {
  const dbUrl = testDatabaseUrl(testNamespace('plan_'));
  let pool: Pool;
  const deps = applyDeps('plan');
  const batch = [
    ...Array.from({ length: 30 }, (_, i) => reserved(100 + i)),
    ...Array.from({ length: 5 }, (_, i) => rejected(200 + i)),
  ];

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    pool = createPgPool(dbUrl, { max: 2 });
    await addBookings(pool, 1, TABLE_ROWS);
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
    // One read of the table for the holds, one for the failures.
    expect(readsOfBookings(rows[0]!['QUERY PLAN'][0]!.Plan)).toEqual(BY_KEY);
  });

  it('moves exactly the bookings of the batch, and a second delivery changes nothing', async () => {
    const { changes: first } = await applyResults({ ...deps, pool }, batch, opts);
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
    expect((await applyResults({ ...deps, pool }, batch, opts)).changes).toEqual([]);
  });
});

/**
 * The statement is prepared on each connection when an on-sale begins, with the bookings table
 * small. PostgreSQL switches a prepared statement to a generic plan after five executions and
 * keeps it until the table is analyzed again, which a rush outruns (and which never happens
 * where autovacuum is off): the plan it kept scanned every booking on every batch, 22 ms a batch
 * at 30,000 bookings in bench:booking. The pool's connections must plan each execution afresh.
 */
describe('seat results still reach their bookings by key when the table grew after preparing', () => {
  const dbUrl = testDatabaseUrl(testNamespace('plangrow_'));
  let pool: Pool;
  const deps = applyDeps('plangrow');
  const result = (i: number) => (i % 4 === 0 ? rejected(i) : reserved(i));

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    // One connection, so every execution below uses the statement prepared on it.
    pool = createPgPool(dbUrl, { max: 1 });
    // No analyze behind the spec's back: the table's statistics stay those of its first rows.
    await pool.query('ALTER TABLE booking.bookings SET (autovacuum_enabled = false)');
    await addBookings(pool, 1, 40);
    await pool.query('ANALYZE booking.bookings');
  });

  afterAll(async () => {
    await pool?.end();
    await dropDatabase(dbUrl);
  });

  it('plans an index lookup per result after the table grew 500-fold', async () => {
    // Eight batches while the table is small: past the five after which PostgreSQL may keep a
    // generic plan.
    for (let b = 0; b < 8; b++) {
      const batch = Array.from({ length: 5 }, (_, i) => result(1 + b * 5 + i));
      const { changes: moved } = await applyResults({ ...deps, pool }, batch, opts);
      expect(moved).toHaveLength(5);
    }
    await addBookings(pool, 41, 20_040);
    const batch = Array.from({ length: 30 }, (_, i) => result(1000 + i));
    const statement = await applyStatement(deps, batch, opts);
    // EXECUTE takes no bind parameters: the batch's values go in as literals.
    const args = (statement!.query.values as unknown[]).map(literal).join(', ');
    const { rows } = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (FORMAT JSON) EXECUTE "${statement!.query.name}"(${args})`,
    );
    expect(readsOfBookings(rows[0]!['QUERY PLAN'][0]!.Plan)).toEqual(BY_KEY);
    // And the statement the plan belongs to moves the batch.
    const { changes: moved } = await applyResults({ ...deps, pool }, batch, opts);
    expect(moved).toHaveLength(30);
  });
});

/** A statement parameter as an SQL literal (arrays in PostgreSQL's text form). */
function literal(value: unknown): string {
  if (value instanceof Date) return escapeLiteral(value.toISOString());
  if (Array.isArray(value)) {
    const items = value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`);
    return escapeLiteral(`{${items.join(',')}}`);
  }
  return escapeLiteral(String(value));
}
