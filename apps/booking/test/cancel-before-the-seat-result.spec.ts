import {
  decodeMessage,
  SeatResult,
  type BookingView,
  type SeatResult as SeatResultValue,
} from '@shared/contracts';
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
 * Issue 22: a buyer may cancel before the seat engine decided (PROCESSING); the booking is
 * CANCELLED at once, the section is told with a ReleaseSeats, and the hold the engine reports
 * afterwards is given back. Also: the history filtered by status, unknown query parameters
 * refused, and a past event refused.
 */
describe('booking: cancel before the seat result, history filters, past events', () => {
  let bed: TestBed;
  let booking: BookingRuntime;
  let alice: string;
  let results: Awaited<ReturnType<typeof collect>>;
  let commands: Awaited<ReturnType<typeof collect>>;
  let keys = 0;

  beforeAll(async () => {
    bed = await openTestBed('booking-cancel-early');
    booking = await bed.startBooking();
    await publishEvent(bed, 'evc', [{ name: 'A', rows: 1, seatsPerRow: 4, priceCents: 1000 }]);
    alice = await bed.buyerToken('alice');
    results = await collect(bed.kafka, [bed.topics.seatResults], { groupId: `r-${bed.ns}` });
    commands = await collect(bed.kafka, [bed.topics.seatCommands], {
      groupId: `c-${bed.ns}`,
      readUncommitted: true,
    });
  });

  afterAll(async () => {
    await results?.stop();
    await commands?.stop();
    await bed?.cleanup();
  });

  const book = (token: string, body: object) =>
    booking.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(token), 'idempotency-key': `cancel-key-${++keys}` },
      payload: body,
    });
  const call = (method: 'GET' | 'POST', url: string, token = alice) =>
    booking.app.inject({ method, url, headers: auth(token) });
  const resultsOf = (id: string) =>
    results.messages
      .map((m) => decodeMessage(SeatResult, m.value))
      .flatMap((d) => (d.ok && 'bookingId' in d.value && d.value.bookingId === id ? [d.value] : []))
      .map((r: SeatResultValue) => r.type);

  it('cancels a PROCESSING booking at once and gives back the seats the engine holds for it', async () => {
    // The Reserve waits in the outbox: the booking is PROCESSING for as long as we like.
    await booking.relay.stop();
    const res = await book(alice, { eventId: 'evc', mode: 'manual', seats: ['A-1-1', 'A-1-2'] });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    const cancelled = await call('POST', `/api/bookings/${id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id, status: 'CANCELLED', seats: [] });
    // A repeated cancel answers the same.
    expect((await call('POST', `/api/bookings/${id}/cancel`)).json()).toMatchObject({
      status: 'CANCELLED',
    });

    // The Reserve goes out, then the cancel's Release, in that order, to the section's
    // partition: the engine holds the seats, then gives them back. The results consumer may
    // answer the reported hold with one more Release (stray-holds.ts), which finds nothing.
    booking.relay.start();
    await waitFor('the seats held for the cancelled booking to be released', () => {
      const types = resultsOf(id);
      return types.includes('SeatsReleased') ? types : undefined;
    });
    const sent = await seatCommandTypes(bed, booking, commands.messages, id);
    expect(sent.slice(0, 2)).toEqual(['ReserveSeats', 'ReleaseSeats']);
    expect(sent.slice(2).every((t) => t === 'ReleaseSeats')).toBe(true);
    // Whatever the engine reported, the booking stays CANCELLED and holds nothing.
    const view = (await call('GET', `/api/bookings/${id}`)).json() as BookingView;
    expect(view).toMatchObject({ status: 'CANCELLED', seats: [], totalCents: 0 });

    // The seats are on sale again.
    const again = await book(alice, { eventId: 'evc', mode: 'manual', seats: ['A-1-1', 'A-1-2'] });
    const held = await waitForBooking(booking, alice, (again.json() as { id: string }).id);
    expect(held).toMatchObject({ status: 'PENDING_PAYMENT', seats: ['A-1-1', 'A-1-2'] });
  });

  it('filters the history by status and refuses unknown query parameters', async () => {
    const res = await book(alice, { eventId: 'evc', mode: 'manual', seats: ['A-1-4'] });
    const paidId = (res.json() as { id: string }).id;
    await waitForBooking(booking, alice, paidId, 'PENDING_PAYMENT');
    const paid = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${paidId}/pay`,
      headers: auth(alice),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(paid.statusCode).toBe(200);

    const list = async (query: string) => {
      const r = await call('GET', `/api/bookings${query}`);
      expect(r.statusCode).toBe(200);
      return (r.json() as { bookings: BookingView[] }).bookings;
    };
    const all = await list('');
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect((await list('?status=PAID')).map((b) => b.id)).toEqual([paidId]);
    const ended = await list('?status=PAID,CANCELLED');
    expect(new Set(ended.map((b) => b.status))).toEqual(new Set(['PAID', 'CANCELLED']));
    expect(await list('?status=PAID&status=CANCELLED')).toEqual(ended);
    expect(await list('?status=EXPIRED')).toEqual([]);

    for (const url of [
      '/api/bookings?status=SOLD',
      '/api/bookings?stauts=PAID',
      `/api/bookings/${paidId}?verbose=1`,
      `/api/bookings/${paidId}/cancel?force=1`,
    ]) {
      const r = await call(url.includes('/cancel') ? 'POST' : 'GET', url);
      expect({ url, status: r.statusCode }).toEqual({ url, status: 400 });
    }
    // Nothing was cancelled by the refused request.
    expect((await call('GET', `/api/bookings/${paidId}`)).json()).toMatchObject({ status: 'PAID' });
  });

  it('refuses to book an event that has started', async () => {
    await publishEvent(bed, 'evpast', [{ name: 'A', rows: 1, seatsPerRow: 2, priceCents: 500 }], {
      startsAt: new Date(Date.now() - 3_600_000),
    });
    const res = await book(alice, {
      eventId: 'evpast',
      mode: 'best-available',
      section: 'A',
      quantity: 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'BOOKING_EVENT_PAST' } });
    expect(await bed.prisma.booking.count({ where: { eventId: 'evpast' } })).toBe(0);
  });
});
