import type { BookingView } from '@shared/contracts';
import { SseClient } from '@shared/testing';
import { waitFor } from '@shared/util';
import type { BookingRuntime } from '../src/runtime';
import { auth, openTestBed, publishEvent, waitForBooking, type TestBed } from './support';

/**
 * Issue 25: the path a buyer's browser takes. `Prefer: wait=N` answers the decided booking when
 * the decision comes within N seconds (from the live feed, no polling), 202 when it does not;
 * the status stream shows the same final status whenever it is opened, reads the database at
 * most once per open, and ends after the final status (issue 22).
 */
describe('booking: the decision reaches the waiting request and every stream', () => {
  let bed: TestBed;
  let booking: BookingRuntime;
  let base: string;
  let alice: string;
  let bob: string;
  let keys = 0;

  beforeAll(async () => {
    bed = await openTestBed('booking-decision');
    booking = await bed.startBooking();
    base = await booking.app.listen({ host: '127.0.0.1', port: 0 });
    await publishEvent(bed, 'evw', [{ name: 'A', rows: 2, seatsPerRow: 5, priceCents: 3000 }]);
    alice = await bed.buyerToken('alice');
    bob = await bed.buyerToken('bob');
  });

  afterAll(async () => {
    await bed?.cleanup();
  });

  const post = (token: string, body: object, prefer?: string, key = `wait-key-${++keys}`) =>
    booking.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(token), 'idempotency-key': key, ...(prefer ? { prefer } : {}) },
      payload: { eventId: 'evw', ...body },
    });

  it('answers the held booking with Prefer: wait when the decision comes in time', async () => {
    const started = Date.now();
    const res = await post(alice, { mode: 'manual', seats: ['A-1-1', 'A-1-2'] }, 'wait=10');
    expect(res.statusCode).toBe(200);
    const view = res.json() as BookingView;
    expect(view).toMatchObject({ status: 'PENDING_PAYMENT', seats: ['A-1-1', 'A-1-2'] });
    expect(view.totalCents).toBe(6000);
    expect(Date.parse(view.expiresAt!)).toBeGreaterThan(Date.now());
    expect(Date.now() - started).toBeLessThan(10_000);
    // What the wait answered is what the booking is.
    const stored = await waitForBooking(booking, alice, view.id);
    expect({ ...stored, tickets: undefined }).toEqual({ ...view, tickets: undefined });
  });

  it("answers a FAILED booking with its reason, and only ever the buyer's own", async () => {
    const res = await post(bob, { mode: 'manual', seats: ['A-1-1'] }, 'respond-async, wait=10');
    expect(res.statusCode).toBe(200);
    const view = res.json() as BookingView;
    expect(view.status).toBe('FAILED');
    expect(view.reason).toContain('A-1-1');
    expect(view.seats).toEqual([]);
    // Bob's key is the one alice used first: keys are per buyer, so he gets his own booking.
    const again = await post(bob, { mode: 'manual', seats: ['A-1-1'] }, 'wait=10', 'wait-key-1');
    expect(again.statusCode).toBe(200);
    expect((again.json() as BookingView).status).toBe('FAILED');
    const asAlice = await booking.app.inject({
      method: 'GET',
      url: `/api/bookings/${(again.json() as BookingView).id}`,
      headers: auth(alice),
    });
    expect(asAlice.statusCode).toBe(404);
  });

  it('answers 202 when the decision does not come in time, and ignores an invalid Prefer', async () => {
    // The relay is held, so the Reserve stays in the outbox and nothing can be decided.
    await booking.relay.stop();
    try {
      const started = Date.now();
      const late = await post(alice, { mode: 'manual', seats: ['A-2-1'] }, 'wait=1');
      expect(late.statusCode).toBe(202);
      expect(late.json()).toMatchObject({ status: 'PROCESSING' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      const invalid = await post(alice, { mode: 'manual', seats: ['A-2-2'] }, 'wait=soon');
      expect(invalid.statusCode).toBe(202);
    } finally {
      booking.relay.start();
    }
  });

  it('streams opened before, during and after the decision show the same final status, then end', async () => {
    await booking.relay.stop();
    const res = await post(alice, { mode: 'manual', seats: ['A-2-5'] });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    const readsBefore = booking.streamReads();
    const statusOf = (e: { data: string }) => (JSON.parse(e.data) as BookingView).status;

    const before = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(alice));
    expect(before.status).toBe(200);
    expect(statusOf(await before.next(10_000))).toBe('PROCESSING');
    // Another buyer's stream of it is a 404, and reads nothing more (the entry is shared).
    const asBob = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(bob));
    expect(asBob.status).toBe(404);
    asBob.close();

    booking.relay.start();
    const during = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(alice));
    await waitForBooking(booking, alice, id, 'PENDING_PAYMENT');
    const after = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(alice));
    expect(statusOf(await after.next(10_000))).toBe('PENDING_PAYMENT');
    // One read served all three opens: the first one's, while its stream was open.
    expect(booking.streamReads() - readsBefore).toBe(1);

    const pay = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/pay`,
      headers: auth(alice),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(pay.statusCode).toBe(200);
    for (const stream of [before, during, after]) {
      const { ended, events } = await stream.drainToEnd(10_000);
      expect(ended).toBe(true);
      expect(events.map(statusOf).at(-1)).toBe('PAID');
      // Never backwards: once PENDING_PAYMENT was shown, PROCESSING never again.
      const shown = events.map(statusOf);
      expect(shown.slice(shown.indexOf('PENDING_PAYMENT') + 1)).not.toContain('PROCESSING');
    }
    // The entry goes with its last stream.
    await waitFor('the live entry to go', () => (booking.watches.size() === 0 ? true : undefined));

    // Opened once the booking is final: the final status alone, then the end. One read.
    const reads = booking.streamReads();
    const late = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(alice));
    const { ended, events } = await late.drainToEnd(10_000);
    expect(ended).toBe(true);
    expect(events.map(statusOf)).toEqual(['PAID']);
    expect(booking.streamReads() - reads).toBe(1);
  });
});
