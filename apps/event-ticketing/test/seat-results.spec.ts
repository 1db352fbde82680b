import type { Producer } from 'kafkajs';
import {
  decodeMessage,
  DeadLetter,
  encodeMessage,
  type BookingStatusChanged,
  type SeatResult,
} from '@shared/contracts';
import { collect, SseClient } from '@shared/testing';
import { waitFor } from '@shared/util';
import { layout, signUp, startTicketing, type Harness } from './harness';

/**
 * Tickets follow one booking's seat results from seat.results; duplicated and reordered
 * deliveries change nothing; the seller's analytics move with them and stay the seller's own.
 */
describe('tickets follow seat results', () => {
  let h: Harness;
  let producer: Producer;
  let seller: { authorization: string; id: string };
  let eventId: string;

  beforeAll(async () => {
    h = await startTicketing();
    producer = h.kafka.producer();
    await producer.connect();
    seller = await signUp(h.app, 'seller');
    eventId = (
      await h.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { authorization: seller.authorization },
        payload: layout(2, 1, 10),
      })
    ).json().id;
    const published = await h.app.inject({
      method: 'POST',
      url: `/api/events/${eventId}/publish`,
      headers: { authorization: seller.authorization },
    });
    expect(published.statusCode).toBe(200);
    await h.runtime.consumer.start();
  });
  afterAll(async () => {
    await producer.disconnect();
    await h.close();
  });

  // One partition for every record, so the test controls the delivery order exactly.
  const send = (...results: (SeatResult | string)[]) =>
    producer.send({
      topic: h.names.seatResults,
      messages: results.map((r) => ({
        partition: 0,
        key: typeof r === 'string' ? 'junk' : r.bookingId,
        value: typeof r === 'string' ? r : encodeMessage(r),
      })),
    });
  const statusOf = async (seat: string) =>
    (
      await h.runtime.services.prisma.ticket.findUniqueOrThrow({
        where: { eventId_seatId: { eventId, seatId: seat } },
      })
    ).status;
  const base = () => ({ v: 1 as const, eventId, section: 'S1' });
  /** A later record on the same partition: once it is applied, everything before it was too. */
  let markers = 0;
  const settle = async () => {
    markers += 1;
    const seat = `S2-R1-${markers}`;
    await send({
      ...base(),
      section: 'S2',
      type: 'SeatsReserved',
      bookingId: `marker_${markers}`,
      seats: [seat],
      adjacent: true,
      seq: markers,
    });
    await waitFor(`marker ${seat}`, async () => (await statusOf(seat)) === 'RESERVED', {
      timeoutMs: 60_000,
    });
  };

  it('moves tickets AVAILABLE -> RESERVED -> SOLD, and back to AVAILABLE on release', async () => {
    await send({
      ...base(),
      type: 'SeatsReserved',
      bookingId: 'bk_1',
      seats: ['S1-R1-1', 'S1-R1-2'],
      adjacent: true,
      seq: 1,
    });
    await settle();
    expect(await statusOf('S1-R1-1')).toBe('RESERVED');
    const held = await h.runtime.services.prisma.ticket.findUniqueOrThrow({
      where: { eventId_seatId: { eventId, seatId: 'S1-R1-2' } },
    });
    expect(held).toMatchObject({ status: 'RESERVED', bookingId: 'bk_1', seq: 1 });

    await send(
      {
        ...base(),
        type: 'SeatsFinalized',
        bookingId: 'bk_1',
        seats: ['S1-R1-1', 'S1-R1-2'],
        seq: 2,
      },
      {
        ...base(),
        type: 'SeatsReserved',
        bookingId: 'bk_2',
        seats: ['S1-R1-3'],
        adjacent: true,
        seq: 3,
      },
      {
        ...base(),
        type: 'SeatsReleased',
        bookingId: 'bk_2',
        seats: ['S1-R1-3'],
        reason: 'EXPIRED',
        seq: 4,
      },
    );
    await settle();
    expect(await statusOf('S1-R1-1')).toBe('SOLD');
    expect(await statusOf('S1-R1-2')).toBe('SOLD');
    expect(await statusOf('S1-R1-3')).toBe('AVAILABLE');
  });

  it('ignores duplicated and late (reordered) results: nothing regresses', async () => {
    await send(
      // A duplicate of the first reservation, after the seats were sold...
      {
        ...base(),
        type: 'SeatsReserved',
        bookingId: 'bk_1',
        seats: ['S1-R1-1', 'S1-R1-2'],
        adjacent: true,
        seq: 1,
      },
      // ...and bk_2's reservation delivered again after its release.
      {
        ...base(),
        type: 'SeatsReserved',
        bookingId: 'bk_2',
        seats: ['S1-R1-3'],
        adjacent: true,
        seq: 3,
      },
      {
        ...base(),
        type: 'SeatsFinalized',
        bookingId: 'bk_1',
        seats: ['S1-R1-1', 'S1-R1-2'],
        seq: 2,
      },
      // A rejection touches no ticket.
      {
        ...base(),
        type: 'ReservationRejected',
        bookingId: 'bk_3',
        code: 'SEATS_UNAVAILABLE',
        message: 'taken',
        seats: ['S1-R1-4'],
      },
    );
    await settle();
    expect(await statusOf('S1-R1-1')).toBe('SOLD');
    expect(await statusOf('S1-R1-3')).toBe('AVAILABLE');
    expect(await statusOf('S1-R1-4')).toBe('AVAILABLE');
    const sold = await h.runtime.services.prisma.ticket.findMany({
      where: { eventId, status: 'SOLD' },
      select: { seatId: true, seq: true, bookingId: true },
      orderBy: { seatId: 'asc' },
    });
    expect(sold).toEqual([
      { seatId: 'S1-R1-1', seq: 2, bookingId: 'bk_1' },
      { seatId: 'S1-R1-2', seq: 2, bookingId: 'bk_1' },
    ]);
  });

  it('dead-letters an invalid result with the reason, and carries on', async () => {
    const dead = await collect(h.kafka, [h.names.deadLetter], { groupId: `${h.ns}_dlq` });
    try {
      await send('{"type":"SeatsReserved","v":1}');
      await settle();
      await waitFor('a dead letter', () => dead.messages.length >= 1, { timeoutMs: 30_000 });
      const letter = decodeMessage(DeadLetter, dead.messages[0]!.value);
      expect(letter).toMatchObject({
        ok: true,
        value: { sourceTopic: h.names.seatResults, reason: expect.stringMatching(/^schema:/) },
      });
    } finally {
      await dead.stop();
    }
  });

  it("gives the seller their event's analytics, and answers 404 to another seller", async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/analytics`,
      headers: { authorization: seller.authorization },
    });
    expect(res.statusCode).toBe(200);
    const analytics = res.json();
    // S1: 2 sold at 1000 cents; S2: the test's marker reservations.
    expect(analytics.sections[0]).toEqual({
      name: 'S1',
      capacity: 10,
      available: 8,
      reserved: 0,
      sold: 2,
      revenueCents: 2000,
    });
    expect(analytics.totals).toMatchObject({ capacity: 20, sold: 2, revenueCents: 2000 });
    expect(analytics.totals.reserved).toBe(markers);
    expect(analytics.salesPerMinute).toHaveLength(1);
    expect(analytics.salesPerMinute[0]).toMatchObject({ seats: 2, revenueCents: 2000 });
    expect(JSON.stringify(analytics)).not.toContain('bk_1');

    const other = await signUp(h.app, 'seller');
    const denied = await h.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/analytics`,
      headers: { authorization: other.authorization },
    });
    expect(denied.statusCode).toBe(404);
    const buyer = await signUp(h.app, 'buyer');
    const forbidden = await h.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/analytics`,
      headers: { authorization: buyer.authorization },
    });
    expect(forbidden.statusCode).toBe(403);

    // The public event view counts the same tickets.
    const view = (await h.app.inject({ method: 'GET', url: `/api/events/${eventId}` })).json();
    expect(view.sections[0]).toMatchObject({ name: 'S1', available: 8, sold: 2, seq: 4 });
  });

  it('shows the seller which seats are held or sold and since when, without buyer data, paged and filtered', async () => {
    const statusPage = (qs = '', authorization = seller.authorization) =>
      h.app.inject({
        method: 'GET',
        url: `/api/events/${eventId}/seat-status${qs}`,
        headers: { authorization },
      });
    const res = await statusPage();
    expect(res.statusCode).toBe(200);
    const page = res.json();
    // S1-R1-1 and S1-R1-2 were sold (seq 2); the markers hold S2-R1-1..markers; the rest of the
    // seats (released S1-R1-3 included) are AVAILABLE and not listed.
    const markerSeats = Array.from({ length: markers }, (_, i) => `S2-R1-${i + 1}`);
    expect(page.seats.map((x: { seatId: string; status: string }) => [x.seatId, x.status])).toEqual(
      [['S1-R1-1', 'SOLD'], ['S1-R1-2', 'SOLD'], ...markerSeats.map((seat) => [seat, 'RESERVED'])],
    );
    expect(page.seats[0]).toEqual({
      seatId: 'S1-R1-1',
      section: 'S1',
      row: 'R1',
      number: 1,
      status: 'SOLD',
      since: expect.any(String),
      seq: 2,
    });
    expect(page.nextAfter).toBeNull();
    // "since" is when the seat took its status: the stored time of the change that moved it.
    const ticket = await h.runtime.services.prisma.ticket.findUniqueOrThrow({
      where: { eventId_seatId: { eventId, seatId: 'S1-R1-1' } },
    });
    expect(page.seats[0].since).toBe(ticket.changedAt!.toISOString());
    // No personal data of buyers: neither the booking ids nor anything keyed by them.
    expect(res.body).not.toMatch(/bk_1|marker_|booking/i);

    // Filters: by section, by status.
    const s1 = (await statusPage('?section=S1')).json();
    expect(s1.seats.map((x: { seatId: string }) => x.seatId)).toEqual(['S1-R1-1', 'S1-R1-2']);
    const held = (await statusPage('?status=RESERVED')).json();
    expect(held.seats.map((x: { seatId: string }) => x.seatId)).toEqual(markerSeats);

    // Paging by key: one seat a page walks the same list, and the last page says so.
    const walked: string[] = [];
    let after: string | null = null;
    do {
      const next: { seats: { seatId: string }[]; nextAfter: string | null } = (
        await statusPage(`?limit=1${after ? `&after=${after}` : ''}`)
      ).json();
      expect(next.seats.length).toBeLessThanOrEqual(1);
      walked.push(...next.seats.map((x: { seatId: string }) => x.seatId));
      after = next.nextAfter;
    } while (after !== null && walked.length <= page.seats.length);
    expect(walked).toEqual(page.seats.map((x: { seatId: string }) => x.seatId));

    // Bounded and validated: AVAILABLE is not a listed status, pages have a maximum size.
    expect((await statusPage('?status=AVAILABLE')).statusCode).toBe(400);
    expect((await statusPage('?limit=100000')).statusCode).toBe(400);
    expect((await statusPage('?buyer=x')).statusCode).toBe(400);

    // The event's seller only: another seller gets 404, a buyer 403, nobody 401.
    const other = await signUp(h.app, 'seller');
    expect((await statusPage('', other.authorization)).statusCode).toBe(404);
    const buyer = await signUp(h.app, 'buyer');
    expect((await statusPage('', buyer.authorization)).statusCode).toBe(403);
    const anonymous = await h.app.inject({
      method: 'GET',
      url: `/api/events/${eventId}/seat-status`,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('streams the seller live analytics over SSE: a snapshot, then the change', async () => {
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address}/api/events/${eventId}/analytics/stream`;
    const other = await signUp(h.app, 'seller');
    const stranger = await SseClient.open(url, { authorization: other.authorization });
    expect(stranger.status).toBe(404);
    stranger.close();

    const stream = await SseClient.open(url, { authorization: seller.authorization });
    try {
      expect(stream.status).toBe(200);
      const snapshot = await stream.next(10_000);
      expect(snapshot.event).toBe('analytics');
      const before = JSON.parse(snapshot.data);
      expect(before.totals).toMatchObject({ sold: 2, revenueCents: 2000 });
      await send({
        ...base(),
        type: 'SeatsReserved',
        bookingId: 'bk_live',
        seats: ['S1-R1-5', 'S1-R1-6'],
        adjacent: true,
        seq: 5,
      });
      const update = JSON.parse((await stream.next(30_000)).data);
      expect(update.totals.reserved).toBe(before.totals.reserved + 2);
      expect(update.sections[0]).toMatchObject({ name: 'S1', reserved: 2, available: 6 });
    } finally {
      stream.close();
    }
  });

  it('counts holds converted vs expired from booking.events, each booking once', async () => {
    const change = (
      bookingId: string,
      status: BookingStatusChanged['status'],
      previous: BookingStatusChanged['previous'],
    ): BookingStatusChanged => ({
      type: 'BookingStatusChanged',
      v: 1,
      bookingId,
      eventId,
      section: 'S1',
      status,
      previous,
      seats: ['S1-R1-1'],
      totalCents: 1000,
      at: new Date().toISOString(),
    });
    const paid = change('bk_1', 'PAID', 'PENDING_PAYMENT');
    await producer.send({
      topic: h.names.bookingEvents,
      messages: [
        change('bk_1', 'PENDING_PAYMENT', 'PROCESSING'),
        paid,
        paid, // delivered twice
        change('bk_2', 'EXPIRED', 'PENDING_PAYMENT'),
      ].map((c) => ({ partition: 0, key: c.bookingId, value: encodeMessage(c) })),
    });
    const holds = async () =>
      (
        await h.app.inject({
          method: 'GET',
          url: `/api/events/${eventId}/analytics`,
          headers: { authorization: seller.authorization },
        })
      ).json().holds;
    await waitFor('both hold ends', async () => (await holds()).expired === 1, {
      timeoutMs: 60_000,
    });
    expect(await holds()).toEqual({ converted: 1, expired: 1 });
  });
});
