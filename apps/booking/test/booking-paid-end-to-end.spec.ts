import {
  decodeMessage,
  encodeMessage,
  SeatResult,
  SeatCommand,
  BookingStatusChanged,
  DeadLetter,
  type BookingView,
  type SeatsReserved,
} from '@shared/contracts';
import { collect, SseClient, type Collected } from '@shared/testing';
import { waitFor } from '@shared/util';
import type { BookingRuntime } from '../src/runtime';
import { signPayload } from '../src/payments/webhook-signature';
import {
  auth,
  openTestBed,
  publishEvent,
  waitForBooking,
  seatCommandTypes,
  WEBHOOK_SECRET,
  type TestBed,
} from './support';

/**
 * A buyer books best-available seats, pays and owns them; the seat engine sells them. Around that
 * path: idempotency, validation, privacy, a declined card, cancel, and duplicated results.
 */
describe('booking: from request to PAID through the real seat engine', () => {
  let bed: TestBed;
  let booking: BookingRuntime;
  let alice: string;
  let bob: string;
  let results: Awaited<ReturnType<typeof collect>>;
  let commands: Awaited<ReturnType<typeof collect>>;

  beforeAll(async () => {
    bed = await openTestBed('booking-paid');
    booking = await bed.startBooking();
    await publishEvent(bed, 'ev1', [
      { name: 'A', rows: 2, seatsPerRow: 5, priceCents: 5000, category: 'gold' },
      { name: 'B', rows: 1, seatsPerRow: 5, priceCents: 2500, category: 'silver' },
    ]);
    alice = await bed.buyerToken('alice');
    bob = await bed.buyerToken('bob');
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

  const post = (token: string, key: string | undefined, body: unknown) =>
    booking.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) },
      payload: body as object,
    });

  const decoded = <T>(list: Collected[], schema: Parameters<typeof decodeMessage>[0]) =>
    list.map((m) => decodeMessage(schema, m.value)).flatMap((d) => (d.ok ? [d.value as T] : []));

  it('accepts at once, reserves, takes payment and finalizes the seats', async () => {
    const res = await post(alice, 'alice-key-0001', {
      eventId: 'ev1',
      mode: 'best-available',
      section: 'A',
      quantity: 2,
    });
    expect(res.statusCode).toBe(202);
    const { id, status } = res.json() as { id: string; status: string };
    expect(status).toBe('PROCESSING');

    const held = await waitForBooking(booking, alice, id);
    expect(held.status).toBe('PENDING_PAYMENT');
    expect(held.seats).toHaveLength(2);
    expect(held.totalCents).toBe(10_000);
    expect(held.expiresAt).not.toBeNull();
    expect(await bed.redis.exists(`${bed.ns}:booking:hold:${id}`)).toBe(1);

    const paid = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/pay`,
      headers: auth(alice),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'PAID', totalCents: 10_000 });

    const finalized = await waitFor('SeatsFinalized for the booking', () =>
      decoded<SeatResult>(results.messages, SeatResult).find(
        (r) => r.type === 'SeatsFinalized' && r.bookingId === id,
      ),
    );
    expect([...(finalized as { seats: string[] }).seats].sort()).toEqual([...held.seats].sort());
    const sent = decoded<SeatCommand>(commands.messages, SeatCommand).filter(
      (c) => 'bookingId' in c && c.bookingId === id,
    );
    expect(sent.map((c) => c.type)).toEqual(['ReserveSeats', 'FinalizeSeats']);

    const history = await booking.app.inject({
      method: 'GET',
      url: '/api/bookings',
      headers: auth(alice),
    });
    const mine = (history.json() as { bookings: BookingView[] }).bookings.find((b) => b.id === id);
    expect(mine?.tickets?.map((t) => [t.section, t.priceCents, t.status])).toEqual([
      ['A', 5000, 'SOLD'],
      ['A', 5000, 'SOLD'],
    ]);
    const transitions = await bed.prisma.bookingTransition.findMany({
      where: { bookingId: id },
      orderBy: { id: 'asc' },
    });
    expect(transitions.map((t) => [t.from, t.to])).toEqual([
      [null, 'PROCESSING'],
      ['PROCESSING', 'PENDING_PAYMENT'],
      ['PENDING_PAYMENT', 'PAID'],
    ]);
  });

  it('reports the sale and a stuck booking at /metrics, for Prometheus', async () => {
    // A booking whose seat result never came: a minute old, still PROCESSING.
    await bed.prisma.$executeRaw`
      INSERT INTO booking.bookings (id, buyer_id, event_id, section, idempotency_key,
        request_hash, request, created_at, updated_at)
      VALUES ('stuck-1', 'nobody', 'ev1', 'A', 'stuck-key', 'h', '{}',
        now() - interval '60 seconds', now())`;
    try {
      const res = await booking.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      const value = (series: string) => {
        const line = res.body.split('\n').find((l) => l.startsWith(`${series} `));
        return line === undefined ? undefined : Number(line.slice(series.length + 1));
      };
      // The happy path above moved a booking to PENDING_PAYMENT and then to PAID.
      expect(value('booking_status_changes_total{to="PENDING_PAYMENT"}')).toBeGreaterThanOrEqual(1);
      expect(value('booking_status_changes_total{to="PAID"}')).toBeGreaterThanOrEqual(1);
      const processing = await bed.prisma.booking.count({ where: { status: 'PROCESSING' } });
      expect(processing).toBeGreaterThanOrEqual(1);
      expect(value('booking_processing')).toBe(processing);
      expect(value('booking_processing_oldest_seconds')).toBeGreaterThanOrEqual(59);
      expect(value('booking_outbox_unsent')).toBe(await bed.prisma.outboxMessage.count());
      // Every record the relay sent is timed, by topic (the Reserve commands among them).
      expect(
        value(`booking_outbox_delay_seconds_count{topic="${bed.topics.seatCommands}"}`),
      ).toBeGreaterThanOrEqual(1);
      // Routes by pattern, never by id: one series for every booking's page.
      expect(
        value(
          'http_request_duration_seconds_count{method="POST",route="/api/bookings",status="202"}',
        ),
      ).toBeGreaterThanOrEqual(1);
      expect(res.body).toContain('route="/api/bookings/:id/pay"');
      expect(res.body).not.toMatch(/route="\/api\/bookings\/[0-9a-z]{10,}/);
      expect(value('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    } finally {
      await bed.prisma.$executeRaw`DELETE FROM booking.bookings WHERE id = 'stuck-1'`;
    }
  });

  it('answers a repeated Idempotency-Key with the same booking, and a changed body with 409', async () => {
    const body = { eventId: 'ev1', mode: 'manual', seats: ['B-1-1'] };
    const first = await post(alice, 'alice-key-0002', body);
    const again = await post(alice, 'alice-key-0002', {
      seats: ['B-1-1'],
      mode: 'manual',
      eventId: 'ev1',
    });
    expect(first.statusCode).toBe(202);
    expect([200, 202]).toContain(again.statusCode);
    expect((again.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
    const other = await post(alice, 'alice-key-0002', { ...body, seats: ['B-1-2'] });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ error: { code: 'BOOKING_IDEMPOTENCY_CONFLICT' } });
    // Another buyer's identical key is another booking.
    const bobs = await post(bob, 'alice-key-0002', { ...body, seats: ['B-1-3'] });
    expect(bobs.statusCode).toBe(202);
    expect(await bed.prisma.booking.count({ where: { idempotencyKey: 'alice-key-0002' } })).toBe(2);
  });

  it('stores one booking and one Reserve for one key sent many times at once (batched inserts)', async () => {
    // B-1-1 is alice's already: the engine refuses this one, so no seat of later tests is used.
    const body = { eventId: 'ev1', mode: 'manual', seats: ['B-1-1'] };
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(bob, 'bob-key-burst1', body)),
    );
    expect(answers.map((a) => a.statusCode).every((s) => s === 200 || s === 202)).toBe(true);
    const ids = new Set(answers.map((a) => (a.json() as { id: string }).id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await bed.prisma.booking.count({ where: { idempotencyKey: 'bob-key-burst1' } })).toBe(1);
    expect(
      await bed.prisma.bookingTransition.count({ where: { bookingId: id!, to: 'PROCESSING' } }),
    ).toBe(1);
    expect(await seatCommandTypes(bed, booking, commands.messages, id!)).toEqual(['ReserveSeats']);
    // A different body under the same key, sent with identical ones, is the conflict it was.
    const mixed = await Promise.all([
      post(bob, 'bob-key-burst2', body),
      post(bob, 'bob-key-burst2', body),
      post(bob, 'bob-key-burst2', { ...body, seats: ['B-1-3'] }),
    ]);
    // 200 is a replay of a booking that has already moved on; for this test it is 202's twin.
    const codes = mixed.map((m) => (m.statusCode === 200 ? 202 : m.statusCode)).sort();
    expect(await bed.prisma.booking.count({ where: { idempotencyKey: 'bob-key-burst2' } })).toBe(1);
    const stored = await bed.prisma.booking.findFirstOrThrow({
      where: { idempotencyKey: 'bob-key-burst2' },
    });
    // Whichever body won the key, every request with the other body got 409 and no booking.
    const wonWithIdentical = (stored.request as { seats: string[] }).seats[0] === 'B-1-1';
    expect(codes).toEqual(wonWithIdentical ? [202, 202, 409] : [202, 409, 409]);
    await waitForBooking(booking, bob, id!);
    await waitForBooking(booking, bob, stored.id);
  });

  it('refuses bad requests with clear 4xx codes', async () => {
    const ok = { eventId: 'ev1', mode: 'best-available', quantity: 1 };
    expect((await post(alice, undefined, ok)).json()).toMatchObject({
      error: { code: 'BOOKING_IDEMPOTENCY_KEY_REQUIRED' },
    });
    const cases: [unknown, string][] = [
      [{ ...ok, eventId: 'nope' }, 'BOOKING_EVENT_UNKNOWN'],
      [{ ...ok, section: 'Z' }, 'BOOKING_SECTION_UNKNOWN'],
      [{ ...ok, category: 'bronze' }, 'BOOKING_CATEGORY_UNKNOWN'],
      [{ ...ok, quantity: 11 }, 'HTTP_VALIDATION_FAILED'],
      [{ ...ok, extra: 1 }, 'HTTP_VALIDATION_FAILED'],
      [{ eventId: 'ev1', mode: 'manual', seats: ['A-1-1', 'B-1-1'] }, 'BOOKING_SEATS_INVALID'],
      [{ eventId: 'ev1', mode: 'manual', seats: ['A-9-1'] }, 'BOOKING_SEATS_INVALID'],
    ];
    for (const [i, [body, code]] of cases.entries()) {
      const res = await post(alice, `bad-request-${i}`, body);
      expect([res.statusCode, res.json()]).toMatchObject([400, { error: { code } }]);
    }
    const seller = await booking.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { 'idempotency-key': 'no-token-1' },
      payload: ok,
    });
    expect(seller.statusCode).toBe(401);
  });

  it('shows a booking to its buyer only; another buyer gets 404', async () => {
    const res = await post(alice, 'alice-key-0003', {
      eventId: 'ev1',
      mode: 'best-available',
      quantity: 1,
    });
    const { id } = res.json() as { id: string };
    const asBob = await booking.app.inject({
      method: 'GET',
      url: `/api/bookings/${id}`,
      headers: auth(bob),
    });
    expect(asBob.statusCode).toBe(404);
    const cancelAsBob = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/cancel`,
      headers: auth(bob),
    });
    expect(cancelAsBob.statusCode).toBe(404);
  });

  it('keeps a declined booking payable, and cancelling releases its seats', async () => {
    const res = await post(bob, 'bob-key-00001', {
      eventId: 'ev1',
      mode: 'best-available',
      section: 'A',
      quantity: 1,
    });
    const { id } = res.json() as { id: string };
    await waitForBooking(booking, bob, id, 'PENDING_PAYMENT');
    const declined = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/pay`,
      headers: auth(bob),
      payload: { cardNumber: '4000000000000002' },
    });
    expect(declined.statusCode).toBe(402);
    expect(declined.json()).toMatchObject({ error: { code: 'BOOKING_PAYMENT_DECLINED' } });
    expect((await waitForBooking(booking, bob, id)).status).toBe('PENDING_PAYMENT');

    const cancelled = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/cancel`,
      headers: auth(bob),
    });
    expect(cancelled.json()).toMatchObject({ status: 'CANCELLED' });
    expect(await bed.redis.exists(`${bed.ns}:booking:hold:${id}`)).toBe(0);
    const released = await waitFor('SeatsReleased for the cancelled booking', () =>
      decoded<SeatResult>(results.messages, SeatResult).find(
        (r) => r.type === 'SeatsReleased' && r.bookingId === id,
      ),
    );
    expect(released).toMatchObject({ reason: 'CANCELLED' });
    const payLate = await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/pay`,
      headers: auth(bob),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(payLate.statusCode).toBe(409);
  });

  it('takes the signed webhook of the provider once, however often it is delivered', async () => {
    const res = await post(bob, 'bob-key-hook1', {
      eventId: 'ev1',
      mode: 'best-available',
      section: 'B',
      quantity: 1,
    });
    const { id } = res.json() as { id: string };
    const held = await waitForBooking(booking, bob, id, 'PENDING_PAYMENT');
    const body = JSON.stringify({
      type: 'PaymentSucceeded',
      v: 1,
      chargeId: 'ch_1',
      bookingId: id,
      amountCents: held.totalCents,
    });
    const deliver = (signature: string) =>
      booking.app.inject({
        method: 'POST',
        url: '/api/payments/webhook',
        headers: { 'content-type': 'application/json', 'x-payment-signature': signature },
        payload: body,
      });
    const now = Math.floor(Date.now() / 1000);
    const forged = await deliver(signPayload('not-the-provider-secret', body, now));
    expect(forged.statusCode).toBe(401);
    expect((await waitForBooking(booking, bob, id)).status).toBe('PENDING_PAYMENT');

    const signature = signPayload(WEBHOOK_SECRET, body, now);
    const [first, second] = [await deliver(signature), await deliver(signature)];
    expect(first.json()).toEqual({ outcome: 'paid' });
    expect(second.json()).toEqual({ outcome: 'duplicate' });
    expect((await waitForBooking(booking, bob, id)).status).toBe('PAID');
    expect(await seatCommandTypes(bed, booking, commands.messages, id)).toEqual([
      'ReserveSeats',
      'FinalizeSeats',
    ]);
    expect(await bed.prisma.bookingTransition.count({ where: { bookingId: id } })).toBe(3);
  });

  it('lets a slow simulated provider confirm on the webhook twice: PAID once, one Finalize', async () => {
    const live = await bed.startBooking({
      PAYMENT_SIM_DELAY_MS: '300',
      PAYMENT_SIM_WEBHOOK_DELIVERIES: '2',
    });
    await live.app.listen({ host: '127.0.0.1', port: 0 });
    const carol = await bed.buyerToken('carol');
    const res = await live.app.inject({
      method: 'POST',
      url: '/api/bookings',
      headers: { ...auth(carol), 'idempotency-key': 'carol-key-webhook1' },
      payload: { eventId: 'ev1', mode: 'best-available', section: 'B', quantity: 1 },
    });
    const { id } = res.json() as { id: string };
    await waitForBooking(live, carol, id, 'PENDING_PAYMENT');
    const started = Date.now();
    const paid = await live.app.inject({
      method: 'POST',
      url: `/api/bookings/${id}/pay`,
      headers: auth(carol),
      payload: { cardNumber: '4242424242424242' },
    });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ id, status: 'PAID' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // the provider was slow

    const provider = live.simulatedPayments!;
    const deliveries = await waitFor(
      'both webhook deliveries',
      () => {
        const mine = provider.deliveries().filter((d) => d.bookingId === id);
        return mine.length >= 2 ? mine : undefined;
      },
      { timeoutMs: 15_000 },
    );
    // Whichever came first, the synchronous answer or a delivery, the others were repeats.
    expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
    const outcomes = deliveries.map((d) => d.outcome);
    expect(outcomes.every((o) => o === 'paid' || o === 'duplicate')).toBe(true);
    expect(outcomes.filter((o) => o === 'paid').length).toBeLessThanOrEqual(1);
    expect(await seatCommandTypes(bed, live, commands.messages, id)).toEqual([
      'ReserveSeats',
      'FinalizeSeats',
    ]);
    expect(await bed.prisma.bookingTransition.count({ where: { bookingId: id } })).toBe(3);
  });

  it('streams the booking status live: the current status first, then each change', async () => {
    // The stream is served by a second instance; the cancel goes through the first, so the
    // change can only reach the stream through booking.events.
    const other = await bed.startBooking();
    const base = await other.app.listen({ host: '127.0.0.1', port: 0 });
    const res = await post(alice, 'alice-key-sse1', {
      eventId: 'ev1',
      mode: 'best-available',
      section: 'B',
      quantity: 1,
    });
    const { id } = res.json() as { id: string };
    const asBob = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(bob));
    expect(asBob.status).toBe(404);
    asBob.close();

    const stream = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(alice));
    try {
      expect(stream.status).toBe(200);
      const statuses: string[] = [];
      const nextStatus = async () => {
        const event = await stream.next(10_000);
        expect(event.event).toBe('status');
        const view = JSON.parse(event.data) as BookingView;
        expect(view.id).toBe(id);
        statuses.push(view.status);
        return view.status;
      };
      while ((await nextStatus()) !== 'PENDING_PAYMENT');
      await booking.app.inject({
        method: 'POST',
        url: `/api/bookings/${id}/cancel`,
        headers: auth(alice),
      });
      while ((await nextStatus()) !== 'CANCELLED');
      // Whatever the first status was, the stream never went backwards.
      expect(statuses.indexOf('PENDING_PAYMENT')).toBeLessThan(statuses.indexOf('CANCELLED'));
      expect(statuses.slice(statuses.indexOf('PENDING_PAYMENT'))).not.toContain('PROCESSING');
    } finally {
      stream.close();
    }

    // A client that connects after the result still learns it first.
    const late = await SseClient.open(`${base}/api/bookings/${id}/stream`, auth(alice));
    try {
      const first = await late.next(10_000);
      expect(JSON.parse(first.data)).toMatchObject({ id, status: 'CANCELLED' });
    } finally {
      late.close();
    }
  });

  it('ignores duplicated and late results, and dead-letters an invalid one', async () => {
    const created = await post(alice, 'alice-key-dupes', {
      eventId: 'ev1',
      mode: 'best-available',
      section: 'A',
      quantity: 2,
    });
    const paidId = (created.json() as { id: string }).id;
    await waitForBooking(booking, alice, paidId, 'PENDING_PAYMENT');
    await booking.app.inject({
      method: 'POST',
      url: `/api/bookings/${paidId}/pay`,
      headers: auth(alice),
      payload: { cardNumber: '4242424242424242' },
    });
    const paidRow = await bed.prisma.booking.findFirstOrThrow({
      where: { id: paidId, status: 'PAID' },
    });
    const original = await waitFor('the SeatsReserved of the paid booking', () =>
      results.messages.find((m) => {
        const r = decodeMessage(SeatResult, m.value);
        return r.ok && r.value.type === 'SeatsReserved' && r.value.bookingId === paidRow.id;
      }),
    );
    const reserved = decodeMessage(SeatResult, original.value);
    expect(reserved.ok).toBe(true);
    const value = (reserved as { ok: true; value: SeatsReserved }).value;
    // A marker booking, still PROCESSING, whose rejection travels last in the same partition:
    // once it is FAILED, the consumer has committed everything sent before it.
    await bed.prisma.booking.create({
      data: {
        id: 'marker-1',
        buyerId: 'carol',
        eventId: 'ev1',
        section: 'A',
        idempotencyKey: 'marker-key-1',
        requestHash: 'x',
        request: {},
      },
    });
    const before = await bed.prisma.bookingTransition.count();
    const dead = await collect(bed.kafka, [bed.topics.deadLetter], { groupId: `d-${bed.ns}` });
    const events = await collect(bed.kafka, [bed.topics.bookingEvents], { groupId: `e-${bed.ns}` });
    try {
      const rejected = {
        type: 'ReservationRejected',
        v: 1,
        eventId: 'ev1',
        section: 'A',
        code: 'SOLD_OUT',
        message: 'late',
      };
      const partition = original.partition;
      await bed.producer.send({
        topic: bed.topics.seatResults,
        messages: [
          { partition, key: paidRow.id, value: encodeMessage(value) },
          { partition, key: paidRow.id, value: encodeMessage(value) },
          {
            partition,
            key: paidRow.id,
            value: encodeMessage({ ...rejected, bookingId: paidRow.id }),
          },
          { partition, key: 'junk', value: Buffer.from('{"type":"SeatsReserved"}') },
          {
            partition,
            key: 'marker-1',
            value: encodeMessage({ ...rejected, bookingId: 'marker-1' }),
          },
        ],
      });
      const letter = await waitFor('the invalid result in the dead-letter topic', () =>
        decoded<DeadLetter>(dead.messages, DeadLetter).find((d) => d.key === 'junk'),
      );
      expect(letter.reason).toMatch(/schema/);
      await waitFor('the marker booking to fail', () =>
        bed.prisma.booking
          .findFirst({ where: { id: 'marker-1', status: 'FAILED' } })
          .then((b) => b ?? undefined),
      );
      const row = await bed.prisma.booking.findUniqueOrThrow({
        where: { id: paidRow.id },
        include: { seats: true },
      });
      expect(row.status).toBe('PAID');
      expect(row.seats).toHaveLength(2);
      expect(row.reason).toBeNull();
      // Only the marker's own transition was added.
      expect(await bed.prisma.bookingTransition.count()).toBe(before + 1);
      await waitFor('the marker status change on booking.events', () =>
        decoded<BookingStatusChanged>(events.messages, BookingStatusChanged).find(
          (c) => c.bookingId === 'marker-1',
        ),
      );
      // Each change once, however often its result came; the PROCESSING start is not announced.
      const changes = decoded<BookingStatusChanged>(events.messages, BookingStatusChanged);
      expect(changes.filter((c) => c.bookingId === paidRow.id).map((c) => c.status)).toEqual([
        'PENDING_PAYMENT',
        'PAID',
      ]);
    } finally {
      await dead.stop();
      await events.stop();
    }
  });
});
