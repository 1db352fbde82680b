import { createPostgresDesign } from '../src/baselines/postgres-design';
import { createRedisDesign } from '../src/baselines/redis-design';
import type { SeatDesign } from '../src/baselines/seat-design';
import { runOnSale } from '../src/bench/onsale-runner';
import { generateOnSale, uniformPlan } from '../src/workload/onsale';

/**
 * The benchmark's competitors are only honest if they are correct: on the real PostgreSQL and
 * Redis, each sells a small on-sale out under 50 concurrent buyers without a seat sold twice,
 * and keeps the semantics the engine has (manual picks all-or-nothing, adjacent best-available).
 */
const DATABASE_URL =
  process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/seat_engine';
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const designs: [string, () => SeatDesign][] = [
  ['postgres', () => createPostgresDesign({ url: DATABASE_URL, poolSize: 8 })],
  ['redis', () => createRedisDesign({ url: REDIS_URL })],
];

describe.each(designs)('the %s design', (_name, make) => {
  let design: SeatDesign;
  const plan = uniformPlan('evt_baseline', 3, 6, 10);

  beforeEach(async () => {
    design = make();
    await design.prepare(plan);
  });
  afterEach(async () => {
    await design.close();
  });

  it('sells out under concurrent buyers with no seat sold twice', async () => {
    const result = await runOnSale(design, plan, generateOnSale(plan), {
      concurrency: 50,
      deadlineMs: 60_000,
      shouldStop: () => false,
    });
    expect(result.seatsOwnedTwice).toBe(0);
    expect(result.soldOut).toBe(true);
    expect(result.seatsSold).toBe(180);
    expect(result.storeHeld).toBe(180);
  });

  it('holds adjacent seats front first, and refuses a manual pick with one seat taken', async () => {
    const best = await design.reserve('b1', {
      id: 'r1',
      section: 'S1',
      mode: 'best-available',
      quantity: 3,
    });
    expect(best).toEqual({ ok: true, seats: ['S1-1-1', 'S1-1-2', 'S1-1-3'] });
    const clash = await design.reserve('b2', {
      id: 'r2',
      section: 'S1',
      mode: 'manual',
      quantity: 2,
      seats: ['S1-1-4', 'S1-1-3'],
    });
    expect(clash).toEqual({ ok: false, reason: 'SEATS_UNAVAILABLE' });
    // All-or-nothing: the free seat of the refused pick is still free.
    const free = await design.reserve('b3', {
      id: 'r3',
      section: 'S1',
      mode: 'manual',
      quantity: 1,
      seats: ['S1-1-4'],
    });
    expect(free).toEqual({ ok: true, seats: ['S1-1-4'] });
    expect((await design.heldPerSection()).get('S1')).toBe(4);
  });
});
