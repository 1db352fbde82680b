import type { Producer } from 'kafkajs';
import { encodeMessage, type BookingStatusChanged } from '@shared/contracts';
import { waitFor } from '@shared/util';
import { layout, signUp, startTicketing, type Harness } from './harness';

/**
 * The seller's order list of an event is built from booking.events alone (never booking's
 * database): each booking once, at its latest status whatever the delivery order, with the
 * buyer's name and email from event-ticketing's own accounts; paged, filtered by status,
 * exported as CSV, and nobody's but the event's seller.
 */
describe("an event's order list for its seller", () => {
  let h: Harness;
  let producer: Producer;
  let seller: { authorization: string; id: string };
  let buyer: { authorization: string; id: string; email: string };
  let eventId: string;

  beforeAll(async () => {
    h = await startTicketing();
    producer = h.kafka.producer();
    await producer.connect();
    seller = await signUp(h.app, 'seller');
    buyer = await signUp(h.app, 'buyer', 'ann.order@example.com');
    eventId = (
      await h.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { authorization: seller.authorization },
        payload: layout(1, 1, 20),
      })
    ).json().id;
    await h.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/publish`,
      headers: { authorization: seller.authorization },
    });
    await h.runtime.consumer.start();
  });
  afterAll(async () => {
    await producer.disconnect();
    await h.close();
  });

  const change = (
    bookingId: string,
    status: BookingStatusChanged['status'],
    at: string,
    extra: Partial<BookingStatusChanged> = {},
  ): BookingStatusChanged => ({
    type: 'BookingStatusChanged',
    v: 1,
    bookingId,
    eventId,
    section: 'S1',
    status,
    previous: status === 'PENDING_PAYMENT' ? 'PROCESSING' : 'PENDING_PAYMENT',
    seats: [`S1-R1-${bookingId.slice(-1)}`],
    totalCents: 1000,
    at,
    buyerId: buyer.id,
    createdAt: `2027-01-01T10:0${bookingId.slice(-1)}:00.000Z`,
    ...extra,
  });
  const get = (url: string, authorization = seller.authorization) =>
    h.app.inject({ method: 'GET', url, headers: { authorization } });

  it('lists each booking once at its latest status, newest first, with its buyer', async () => {
    const held = change('bk_1', 'PENDING_PAYMENT', '2027-01-01T10:01:01.000Z', {
      expiresAt: '2027-01-01T10:16:01.000Z',
    });
    const paid = change('bk_1', 'PAID', '2027-01-01T10:05:00.000Z');
    // A record from before records carried the buyer: listed with no buyer.
    const {
      buyerId: _b,
      createdAt: _c,
      ...old
    } = change('bk_2', 'EXPIRED', '2027-01-01T10:20:00.000Z');
    await producer.send({
      topic: h.names.bookingEvents,
      messages: [
        held,
        paid,
        held, // re-delivered after the payment: changes nothing
        old,
        change('bk_3', 'PENDING_PAYMENT', '2027-01-01T10:03:01.000Z'),
      ].map((c) => ({ partition: 0, key: c.bookingId, value: encodeMessage(c) })),
    });
    await waitFor(
      'three orders',
      async () => (await get(`/api/events/${eventId}/orders`)).json().total === 3,
      { timeoutMs: 60_000 },
    );
    const page = (await get(`/api/events/${eventId}/orders`)).json();
    expect(page.items.map((o: { bookingId: string }) => o.bookingId)).toEqual([
      'bk_2', // booked (known) at its record's time, 10:20
      'bk_3',
      'bk_1',
    ]);
    expect(page.items[2]).toEqual({
      bookingId: 'bk_1',
      status: 'PAID',
      section: 'S1',
      seats: ['S1-R1-1'],
      totalCents: 1000,
      bookedAt: '2027-01-01T10:01:00.000Z',
      updatedAt: '2027-01-01T10:05:00.000Z',
      expiresAt: '2027-01-01T10:16:01.000Z',
      buyerId: buyer.id,
      buyerName: 'A buyer',
      buyerEmail: 'ann.order@example.com',
    });
    expect(page.items[0]).toMatchObject({ status: 'EXPIRED', buyerId: null, buyerEmail: null });
  });

  it('filters by status and pages', async () => {
    const paid = (await get(`/api/events/${eventId}/orders?status=PAID`)).json();
    expect(paid).toMatchObject({ total: 1, items: [{ bookingId: 'bk_1' }] });
    const second = (await get(`/api/events/${eventId}/orders?pageSize=2&page=2`)).json();
    expect(second).toMatchObject({
      page: 2,
      pageSize: 2,
      total: 3,
      items: [{ bookingId: 'bk_1' }],
    });
    expect((await get(`/api/events/${eventId}/orders?status=SOLD`)).statusCode).toBe(400);
    expect((await get(`/api/events/${eventId}/orders?stauts=PAID`)).statusCode).toBe(400);
  });

  it('exports the filtered list as CSV', async () => {
    const csv = await get(`/api/events/${eventId}/orders.csv?status=PAID`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`orders-${eventId}.csv`);
    expect(csv.body.split('\r\n')).toEqual([
      'booking_id,status,section,seats,amount_cents,booked_at,updated_at,expires_at,buyer_name,buyer_email',
      `bk_1,PAID,S1,S1-R1-1,1000,2027-01-01T10:01:00.000Z,2027-01-01T10:05:00.000Z,2027-01-01T10:16:01.000Z,A buyer,ann.order@example.com`,
      '',
    ]);
    const all = await get(`/api/events/${eventId}/orders.csv`);
    expect(all.body.trim().split('\r\n')).toHaveLength(4);
  });

  it("is the event's seller's alone: 404 for another seller and for buyers, 401 for nobody", async () => {
    const other = await signUp(h.app, 'seller');
    for (const url of [`/api/events/${eventId}/orders`, `/api/events/${eventId}/orders.csv`]) {
      expect((await get(url, other.authorization)).statusCode).toBe(404);
      expect((await get(url, buyer.authorization)).statusCode).toBe(404);
      expect((await h.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });
});
