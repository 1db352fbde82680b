import { waitFor } from '@shared/util';
import type { BookingRuntime } from '../src/runtime';
import { auth, openTestBed, publishEvent, waitForBooking, type TestBed } from './support';

/**
 * An on-sale rush at issue 5's numbers: 1,000 buyers at once for the last 100 seats. Exactly 100
 * are held, every other booking FAILED with a reason, none is left PROCESSING, no seat twice.
 */
const BUYERS = 1000;
const CAPACITY = 110;
const TAKEN_BEFORE = 10;

describe('booking: a burst of buyers for the last seats', () => {
  let bed: TestBed;
  let booking: BookingRuntime;

  beforeAll(async () => {
    bed = await openTestBed('booking-burst');
    booking = await bed.startBooking();
    await publishEvent(bed, 'rush', [{ name: 'F', rows: 11, seatsPerRow: 10, priceCents: 4200 }]);
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  it('holds exactly the remaining seats and fails the rest with a reason', async () => {
    const early = await bed.buyerToken('early');
    const first = await booking.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(early), 'idempotency-key': 'early-bird-1' },
      payload: { eventId: 'rush', mode: 'best-available', quantity: TAKEN_BEFORE },
    });
    await waitForBooking(booking, early, (first.json() as { id: string }).id, 'PENDING_PAYMENT');

    const tokens = await Promise.all(
      Array.from({ length: BUYERS }, (_, i) => bed.buyerToken(`buyer-${i}`)),
    );
    const responses = await Promise.all(
      tokens.map((token, i) =>
        booking.app.inject({
          method: 'POST',
          url: '/api/bookings',
          headers: { ...auth(token), 'idempotency-key': `rush-key-${i}` },
          payload: { eventId: 'rush', mode: 'best-available', section: 'F', quantity: 1 },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(BUYERS).fill(202));

    await waitFor(
      'every booking of the burst to be decided',
      async () => (await bed.prisma.booking.count({ where: { status: 'PROCESSING' } })) === 0,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const rows = await bed.prisma.booking.findMany({
      where: { buyerId: { startsWith: 'buyer-' } },
      include: { seats: true },
    });
    expect(rows).toHaveLength(BUYERS);
    const held = rows.filter((r) => r.status === 'PENDING_PAYMENT');
    const failed = rows.filter((r) => r.status === 'FAILED');
    expect(held).toHaveLength(CAPACITY - TAKEN_BEFORE);
    expect(failed).toHaveLength(BUYERS - (CAPACITY - TAKEN_BEFORE));
    expect(failed.every((r) => /SOLD_OUT|SEATS_UNAVAILABLE/.test(r.reason ?? ''))).toBe(true);
    expect(held.every((r) => r.seats.length === 1 && r.totalCents === 4200)).toBe(true);

    const allSeats = (await bed.prisma.bookingSeat.findMany()).map((s) => s.seatId);
    expect(new Set(allSeats).size).toBe(allSeats.length);
    expect(allSeats).toHaveLength(CAPACITY);
  });

  it('limits how fast one buyer may create bookings, per buyer, across instances', async () => {
    const env = { BOOKING_RATE_LIMIT_PER_MIN: '3' };
    const [one, two] = [await bed.startBooking(env), await bed.startBooking(env)];
    const greedy = await bed.buyerToken('greedy');
    const other = await bed.buyerToken('patient');
    const create = (runtime: BookingRuntime, token: string, key: string) =>
      runtime.app.inject({
        method: 'POST',
        url: '/api/bookings',
        headers: { ...auth(token), 'idempotency-key': key },
        payload: { eventId: 'rush', mode: 'best-available', quantity: 1 },
      });
    // Alternating instances: the budget lives in Redis, not in one process.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await create(i % 2 === 0 ? one : two, greedy, `greedy-key-${i}`);
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json()).toMatchObject({ error: { code: 'HTTP_RATE_LIMITED' } });
      }
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    expect((await create(two, other, 'patient-key-1')).statusCode).toBe(202);
  });
});
