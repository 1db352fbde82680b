import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import type { BookingRuntime } from '../src/runtime';
import {
  auth,
  openTestBed,
  publishEvent,
  seatCommandTypes,
  waitForBooking,
  type TestBed,
} from './support';

/**
 * The payment window: an unpaid hold expires, its seats go back on sale, and a deadline that
 * passed while booking was down is honoured by the sweep at start.
 */
describe('booking: a hold that is not paid in time', () => {
  let bed: TestBed;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    bed = await openTestBed('booking-expiry');
    alice = await bed.buyerToken('alice');
    bob = await bed.buyerToken('bob');
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  const book = (runtime: BookingRuntime, token: string, key: string, eventId: string) =>
    runtime.app
      .inject({
        method: 'POST',
        url: '/api/bookings',
        headers: { ...auth(token), 'idempotency-key': key },
        payload: { eventId, mode: 'best-available', quantity: 3 },
      })
      .then((r) => (r.json() as { id: string }).id);

  it('expires, releases the seats, refuses payment, and lets another buyer take them', async () => {
    const booking = await bed.startBooking({ PAYMENT_WINDOW_MS: '1500', SWEEP_INTERVAL_MS: '200' });
    await publishEvent(bed, 'small', [{ name: 'A', rows: 1, seatsPerRow: 3, priceCents: 1000 }]);
    const first = await book(booking, alice, 'alice-hold-1', 'small');
    const held = await waitForBooking(booking, alice, first, 'PENDING_PAYMENT');
    expect(held.seats).toEqual(['A-1-1', 'A-1-2', 'A-1-3']);

    // The section is full while the hold lives.
    const tooEarly = await book(booking, bob, 'bob-early-1', 'small');
    expect(await waitForBooking(booking, bob, tooEarly)).toMatchObject({
      status: 'FAILED',
      reason: expect.stringMatching(/SOLD_OUT/),
    });

    const expired = await waitForBooking(booking, alice, first, 'EXPIRED');
    expect(expired.reason).toMatch(/expired/);
    const pay = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${first}/pay`,
      headers: auth(alice),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(pay.statusCode).toBe(409);
    expect(pay.json()).toMatchObject({ error: { code: 'BOOKING_EXPIRED' } });

    // The Release went out through the outbox; once the engine applied it, bob gets the seats.
    const second = await waitFor('bob to get the released seats', async () => {
      const id = await book(booking, bob, `bob-retry-${Date.now()}`, 'small');
      const view = await waitForBooking(booking, bob, id);
      return view.status === 'PENDING_PAYMENT' ? view : undefined;
    });
    expect(second.seats).toEqual(['A-1-1', 'A-1-2', 'A-1-3']);
    await booking.stop();
  });

  it('expires on start the holds whose deadline passed while booking was down', async () => {
    // A sweep interval far longer than the test: only the sweep at start can expire the hold.
    const overrides = { PAYMENT_WINDOW_MS: '1000', SWEEP_INTERVAL_MS: '600000' };
    const before = await bed.startBooking(overrides);
    await publishEvent(bed, 'restart', [{ name: 'A', rows: 1, seatsPerRow: 5, priceCents: 1000 }]);
    const id = await book(before, alice, 'alice-restart-1', 'restart');
    await waitForBooking(before, alice, id, 'PENDING_PAYMENT');
    await before.stop();

    await waitFor(
      'the hold deadline to pass while booking is down',
      async () => {
        const [row] = await bed.prisma.$queryRaw<{ overdue: boolean }[]>`
          SELECT expires_at <= now() AS overdue FROM booking.bookings WHERE id = ${id}`;
        return row?.overdue === true;
      },
      { timeoutMs: 10_000 },
    );
    expect((await bed.prisma.booking.findUniqueOrThrow({ where: { id } })).status).toBe(
      'PENDING_PAYMENT',
    );

    const after = await bed.startBooking(overrides);
    const row = await bed.prisma.booking.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('EXPIRED');
    const commands = await collect(bed.kafka, [bed.topics.seatCommands], {
      groupId: `c-${bed.ns}`,
      readUncommitted: true,
    });
    try {
      expect(await seatCommandTypes(bed, after, commands.messages, id)).toEqual([
        'ReserveSeats',
        'ReleaseSeats',
      ]);
    } finally {
      await commands.stop();
    }
    await after.stop();
  });
});
