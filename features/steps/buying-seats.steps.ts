import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { defineFeature, loadFeature, type DefineStepFunction } from 'jest-cucumber';
import { applyMigrations, createPgPool, dropDatabase, ensureDatabase } from '@shared/db';
import {
  createTestTopics,
  freePort,
  spawnApp,
  spawnSeatNode,
  SseClient,
  stopChild,
  testDatabaseUrl,
  testKafka,
  testNamespace,
  type AppProcess,
} from '@shared/testing';
import { waitFor } from '@shared/util';
import { callApi } from './support';

const feature = loadFeature(`${__dirname}/../buying-seats.feature`);

/**
 * Short enough for the expiry story to run in seconds, long enough for the other stories to pay
 * or cancel on a slow, shared CI machine.
 */
const PAYMENT_WINDOW_MS = 20_000;
const JWT_SECRET = 'features-buying-seats-secret-0123456789';
const CARD = /^[0-9]{12,19}$/;

interface Booking {
  id: string;
  status: string;
  seats: string[];
  totalCents: number;
  expiresAt: string | null;
  reason: string | null;
  tickets?: { seat: string; priceCents: number; status: string }[];
}

/**
 * The buyer's stories over real HTTP against the apps as deployed: event-ticketing (accounts,
 * events), booking and one seat-reservation node, each its own process, on one database, topic
 * namespace and Redis prefix of this file.
 */
defineFeature(feature, (test) => {
  const ns = testNamespace('buy');
  const dbUrl = testDatabaseUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'features-seat-state-'));
  let ticketing: AppProcess;
  let booking: AppProcess;
  let seatNode: ChildProcess;
  let seatBase: string;
  let seatPort: number;
  let db: Pool;
  let cleanupTopics: () => Promise<void>;
  const tokens = new Map<string, string>();
  const streams: SseClient[] = [];

  const call = (
    base: string,
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; key?: string } = {},
  ) =>
    callApi(base, method, path, { body: opts.body, token: opts.token, idempotencyKey: opts.key });

  /** A logged-in account per name (registered on first use). */
  const account = async (name: string, role: 'buyer' | 'seller' = 'buyer'): Promise<string> => {
    const known = tokens.get(name);
    if (known) return known;
    const email = `${name}@example.com`;
    const password = `${name}'s long password`;
    const reg = await call(ticketing.base, 'POST', '/api/auth/register', {
      body: { email, password, role, name },
    });
    expect(reg.status).toBe(201);
    const login = await call(ticketing.base, 'POST', '/api/auth/login', {
      body: { email, password },
    });
    expect(login.status).toBe(200);
    tokens.set(name, login.json.token as string);
    return login.json.token as string;
  };

  let keys = 0;
  const book = async (buyer: string, body: Record<string, unknown>) => {
    const res = await call(booking.base, 'POST', '/api/bookings', {
      body,
      token: await account(buyer),
      key: `${buyer}-key-${++keys}`,
    });
    expect(res.status).toBe(202);
    return res.json.id as string;
  };
  const bookingOf = async (buyer: string, id: string): Promise<Booking> => {
    const res = await call(booking.base, 'GET', `/api/bookings/${id}`, {
      token: await account(buyer),
    });
    expect(res.status).toBe(200);
    return res.json as Booking;
  };
  /** The booking once the seat engine decided it (or once it reached `status`). */
  const decided = (buyer: string, id: string, status?: string, timeoutMs = 30_000) =>
    waitFor(
      `booking ${id} to be ${status ?? 'decided'}`,
      async () => {
        const b = await bookingOf(buyer, id);
        return (status ? b.status === status : b.status !== 'PROCESSING') ? b : undefined;
      },
      { timeoutMs, intervalMs: 100 },
    );
  const pay = async (buyer: string, id: string, cardNumber: string) => {
    expect(cardNumber).toMatch(CARD);
    return call(booking.base, 'POST', `/api/bookings/${id}/pay`, {
      body: { cardNumber },
      token: await account(buyer),
    });
  };

  /** Seat -> status of one section, from the seat-reservation node's live map. */
  const seatMap = async (eventId: string, section: string): Promise<Map<string, string>> => {
    const res = await call(seatBase, 'GET', `/api/events/${eventId}/seats?section=${section}`);
    const found = (res.json?.sections ?? []) as {
      section: string;
      seats: { seat: string; status: string }[];
    }[];
    const one = found.find((s) => s.section === section);
    return new Map((one?.seats ?? []).map((s) => [s.seat, s.status]));
  };
  const seatBecomes = (eventId: string, seats: readonly string[], status: string) =>
    waitFor(`seats ${seats.join(', ')} to be ${status}`, async () => {
      const map = await seatMap(eventId, seats[0]!.split('-')[0]!);
      return seats.every((s) => map.get(s) === status) ? map : undefined;
    });

  /** "Given a published event ..." (every scenario has its own event). */
  const publishedEvent = (given: DefineStepFunction) => {
    const created = { id: '' };
    given(
      /^a published event "(.*)" at "(.*)" with section "(.*)" of (\d+) rows of (\d+) seats at (\d+) cents$/,
      async (
        name: string,
        venue: string,
        section: string,
        rows: string,
        seats: string,
        price: string,
      ) => {
        const seller = await account('sam', 'seller');
        const res = await call(ticketing.base, 'POST', '/api/events', {
          token: seller,
          body: {
            name,
            venue,
            startsAt: '2027-07-01T19:00:00Z',
            sections: [
              {
                name: section,
                price: Number(price),
                rows: Array.from({ length: Number(rows) }, (_, r) => ({
                  label: String(r + 1),
                  seats: Number(seats),
                })),
              },
            ],
          },
        });
        expect(res.status).toBe(201);
        created.id = res.json.id as string;
        const published = await call(ticketing.base, 'POST', `/api/events/${created.id}/publish`, {
          token: seller,
        });
        expect(published.status).toBe(200);
        // Bookable once the seat engine owns its section and booking's catalog has it.
        const capacity = Number(rows) * Number(seats);
        await waitFor(`the seat map of ${name}`, async () =>
          (await seatMap(created.id, section)).size === capacity ? true : undefined,
        );
        await waitFor(`${name} in booking's catalog`, async () =>
          (await db.query('SELECT 1 FROM booking.catalog_events WHERE id = $1', [created.id]))
            .rowCount === 1
            ? true
            : undefined,
        );
      },
    );
    return created;
  };

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    db = createPgPool(dbUrl, { max: 2 });
    ({ cleanup: cleanupTopics } = await createTestTopics(testKafka('features-buy'), ns));
    const env = {
      DATABASE_URL: dbUrl,
      KAFKA_NAMESPACE: ns,
      REDIS_KEY_PREFIX: `${ns}:`,
      JWT_SECRET,
      LOG_LEVEL: 'error',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
      // Every buyer of these stories signs up from this one address.
      SIGNUPS_PER_ADDRESS: '1000',
      LOGIN_ATTEMPTS_PER_ADDRESS: '1000',
    };
    seatPort = await freePort();
    seatBase = `http://127.0.0.1:${seatPort}`;
    seatNode = spawnSeatNode({ namespace: ns, node: 'node-1', dataDir, port: seatPort });
    [ticketing, booking] = await Promise.all([
      spawnApp({ script: 'apps/event-ticketing/src/server.ts', env }),
      spawnApp({
        script: 'apps/booking/src/server.ts',
        env: { ...env, PAYMENT_WINDOW_MS: String(PAYMENT_WINDOW_MS) },
      }),
    ]);
    await waitFor(
      'the seat-reservation node to be ready',
      async () =>
        (await fetch(`${seatBase}/ready`).catch(() => undefined))?.ok ? true : undefined,
      { timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.all([booking?.stop(), ticketing?.stop(), seatNode && stopChild(seatNode)]);
    rmSync(dataDir, { recursive: true, force: true });
    await db?.end();
    const redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
    const left = await redis.keys(`${ns}:*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
    await cleanupTopics?.();
    await dropDatabase(dbUrl);
  });

  test('A buyer browses events and the seat map', ({ given, when, then, and }) => {
    const event = publishedEvent(given);
    let found: { items: { id: string; name: string }[] } = { items: [] };
    when(/^a buyer searches events for "(.*)"$/, async (q: string) => {
      const res = await call(ticketing.base, 'GET', `/api/events?q=${encodeURIComponent(q)}`, {
        token: await account('ivy'),
      });
      expect(res.status).toBe(200);
      found = res.json;
    });
    then(
      /^the search finds "(.*)" with (\d+) available seats at (\d+) cents$/,
      async (name: string, seats: string, price: string) => {
        expect(found.items.map((e) => e.name)).toEqual([name]);
        expect(found.items[0]!.id).toBe(event.id);
        const view = await call(ticketing.base, 'GET', `/api/events/${event.id}`);
        const sections = view.json.sections as { available: number; price: number }[];
        expect(sections.reduce((n, s) => n + s.available, 0)).toBe(Number(seats));
        expect(sections.map((s) => s.price)).toEqual([Number(price)]);
      },
    );
    and(
      /^the seat map of section "(.*)" shows (\d+) seats, all AVAILABLE$/,
      async (section: string, count: string) => {
        const map = await seatMap(event.id, section);
        expect(map.size).toBe(Number(count));
        expect([...map.values()].every((s) => s === 'AVAILABLE')).toBe(true);
      },
    );
  });

  test('Two buyers want the same seat at the same time', ({ given, when, then, and }) => {
    const event = publishedEvent(given);
    let outcomes: { buyer: string; booking: Booking }[] = [];
    when(
      /^"(.*)" and "(.*)" both ask for seat "(.*)" at the same moment$/,
      async (a: string, b: string, seat: string) => {
        await Promise.all([account(a), account(b)]);
        const body = { eventId: event.id, mode: 'manual', seats: [seat] };
        const ids = await Promise.all([book(a, body), book(b, body)]);
        outcomes = await Promise.all(
          [a, b].map(async (buyer, i) => ({ buyer, booking: await decided(buyer, ids[i]!) })),
        );
      },
    );
    then(/^exactly one of them holds "(.*)", awaiting payment$/, (seat: string) => {
      const held = outcomes.filter((o) => o.booking.status === 'PENDING_PAYMENT');
      expect(held).toHaveLength(1);
      expect(held[0]!.booking.seats).toEqual([seat]);
    });
    and(/^the other's booking failed with a reason naming "(.*)"$/, (seat: string) => {
      const other = outcomes.find((o) => o.booking.status !== 'PENDING_PAYMENT')!;
      expect(other.booking.status).toBe('FAILED');
      expect(other.booking.reason).toContain(seat);
      expect(other.booking.seats).toEqual([]);
    });
    and(/^the seat map shows "(.*)" as RESERVED$/, async (seat: string) => {
      await seatBecomes(event.id, [seat], 'RESERVED');
    });
  });

  test('A buyer pays within the payment window', ({ given, when, then, and }) => {
    const event = publishedEvent(given);
    let id = '';
    let held: Booking;
    let bookedAt = 0;
    when(
      /^"(.*)" books (\d+) best-available seats in section "(.*)"$/,
      async (buyer: string, quantity: string, section: string) => {
        bookedAt = Date.now();
        id = await book(buyer, {
          eventId: event.id,
          mode: 'best-available',
          section,
          quantity: Number(quantity),
        });
      },
    );
    then(
      /^her booking awaits payment for (\d+) seats, (\d+) cents in all, until the window ends$/,
      async (seats: string, total: string) => {
        held = await decided('cat', id, 'PENDING_PAYMENT');
        expect(held.seats).toHaveLength(Number(seats));
        expect(held.totalCents).toBe(Number(total));
        const deadline = Date.parse(held.expiresAt!);
        expect(deadline).toBeGreaterThan(Date.now());
        expect(deadline).toBeLessThanOrEqual(Date.now() + PAYMENT_WINDOW_MS);
        expect(deadline).toBeGreaterThan(bookedAt);
      },
    );
    when(/^she pays with card "(.*)"$/, async (card: string) => {
      const res = await pay('cat', id, card);
      expect(res.status).toBe(200);
    });
    then('her booking is PAID', async () => {
      expect((await bookingOf('cat', id)).status).toBe('PAID');
    });
    and('the seat map shows her seats as SOLD', async () => {
      await seatBecomes(event.id, held.seats, 'SOLD');
    });
  });

  test('A hold not paid in time is released', ({ given, when, then, and }) => {
    const event = publishedEvent(given);
    let id = '';
    when(/^"(.*)" books seat "(.*)" and does not pay$/, async (buyer: string, seat: string) => {
      id = await book(buyer, { eventId: event.id, mode: 'manual', seats: [seat] });
      await decided(buyer, id, 'PENDING_PAYMENT');
    });
    then('once the payment window has passed his booking is EXPIRED', async () => {
      const expired = await decided('dan', id, 'EXPIRED', PAYMENT_WINDOW_MS + 30_000);
      expect(Date.parse(expired.expiresAt!)).toBeLessThanOrEqual(Date.now());
    });
    and(/^paying for it is refused with 409 "(.*)"$/, async (code: string) => {
      const res = await pay('dan', id, '4242424242424242');
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe(code);
    });
    and(/^"(.*)" can then book seat "(.*)"$/, async (buyer: string, seat: string) => {
      const again = await book(buyer, { eventId: event.id, mode: 'manual', seats: [seat] });
      const held = await decided(buyer, again);
      expect(held.status).toBe('PENDING_PAYMENT');
      expect(held.seats).toEqual([seat]);
    });
  });

  test("A buyer's history lists bookings with their tickets", ({ given, and, when, then }) => {
    const event = publishedEvent(given);
    let history: Booking[] = [];
    const ids = { paid: '', cancelled: '' };
    and(
      /^"(.*)" has paid for seats "(.*)" and cancelled a hold on seat "(.*)"$/,
      async (buyer: string, seats: string, cancelled: string) => {
        ids.paid = await book(buyer, {
          eventId: event.id,
          mode: 'manual',
          seats: seats.split(','),
        });
        await decided(buyer, ids.paid, 'PENDING_PAYMENT');
        expect((await pay(buyer, ids.paid, '4242424242424242')).status).toBe(200);
        ids.cancelled = await book(buyer, {
          eventId: event.id,
          mode: 'manual',
          seats: [cancelled],
        });
        await decided(buyer, ids.cancelled, 'PENDING_PAYMENT');
        const res = await call(booking.base, 'POST', `/api/bookings/${ids.cancelled}/cancel`, {
          token: await account(buyer),
        });
        expect(res.status).toBe(200);
      },
    );
    when('she opens her booking history', async () => {
      const res = await call(booking.base, 'GET', '/api/bookings', { token: await account('fay') });
      expect(res.status).toBe(200);
      history = res.json.bookings as Booking[];
    });
    then(
      /^it lists the PAID booking with tickets "(.*)", SOLD at (\d+) cents each$/,
      (seats: string, price: string) => {
        const paid = history.find((b) => b.id === ids.paid)!;
        expect(paid.status).toBe('PAID');
        expect(paid.tickets!.map((t) => t.seat)).toEqual(seats.split(','));
        expect(paid.tickets!.every((t) => t.status === 'SOLD')).toBe(true);
        expect(paid.tickets!.every((t) => t.priceCents === Number(price))).toBe(true);
      },
    );
    and(/^it lists the CANCELLED booking with ticket "(.*)", AVAILABLE again$/, (seat: string) => {
      const cancelled = history.find((b) => b.id === ids.cancelled)!;
      expect(cancelled.status).toBe('CANCELLED');
      expect(cancelled.tickets!.map((t) => [t.seat, t.status])).toEqual([[seat, 'AVAILABLE']]);
      // Newest first.
      expect(history.map((b) => b.id)).toEqual([ids.cancelled, ids.paid]);
    });
    and(/^"(.*)" sees none of her bookings in his history$/, async (other: string) => {
      const token = await account(other);
      const res = await call(booking.base, 'GET', '/api/bookings', { token });
      expect(res.json.bookings).toEqual([]);
      const peek = await call(booking.base, 'GET', `/api/bookings/${ids.paid}`, { token });
      expect(peek.status).toBe(404);
    });
  });

  test("A buyer follows the booking's status live", ({ given, when, then, and }) => {
    const event = publishedEvent(given);
    let id = '';
    let stream: SseClient;
    /** Status events until one says `status` (earlier ones, e.g. PROCESSING, may come first). */
    const untilStatus = async (status: string) => {
      const seen: string[] = [];
      for (;;) {
        const next = await stream.next(20_000);
        if (next.event !== 'status') continue;
        const view = JSON.parse(next.data) as Booking;
        seen.push(view.status);
        if (view.status === status) return seen;
        expect(['PROCESSING', 'PENDING_PAYMENT']).toContain(view.status);
      }
    };
    when(
      /^"(.*)" books seat "(.*)" and opens its status stream$/,
      async (buyer: string, seat: string) => {
        id = await book(buyer, { eventId: event.id, mode: 'manual', seats: [seat] });
        stream = await SseClient.open(`${booking.base}/api/bookings/${id}/stream`, {
          authorization: `Bearer ${await account(buyer)}`,
        });
        streams.push(stream);
        expect(stream.status).toBe(200);
      },
    );
    then('the stream tells him the booking awaits payment', async () => {
      await untilStatus('PENDING_PAYMENT');
    });
    when(/^he pays with card "(.*)"$/, async (card: string) => {
      expect((await pay('hal', id, card)).status).toBe(200);
    });
    then('the stream tells him the booking is PAID', async () => {
      const seen = await untilStatus('PAID');
      expect(seen.at(-1)).toBe('PAID');
    });
    and('the stream then ends', async () => {
      const rest = await stream.drainToEnd(10_000);
      expect(rest.ended).toBe(true);
      expect(rest.events).toEqual([]);
    });
  });

  /** The seat node back after a story stopped it (also when the story failed meanwhile). */
  let seatNodeDown = false;
  const restartSeatNode = async () => {
    if (!seatNodeDown) return;
    seatNodeDown = false;
    seatNode = spawnSeatNode({ namespace: ns, node: 'node-1', dataDir, port: seatPort });
    await waitFor(
      'the seat-reservation node to be ready again',
      async () =>
        (await fetch(`${seatBase}/ready`).catch(() => undefined))?.ok ? true : undefined,
      { timeoutMs: 60_000 },
    );
  };
  afterEach(restartSeatNode, 90_000);

  /** A booking of `seats` held, then paid (or cancelled); resolves its id. */
  const holdThen = async (
    buyer: string,
    eventId: string,
    seats: string[],
    end: 'pay' | 'cancel',
  ) => {
    const id = await book(buyer, { eventId, mode: 'manual', seats });
    await decided(buyer, id, 'PENDING_PAYMENT');
    const res =
      end === 'pay'
        ? await pay(buyer, id, '4242424242424242')
        : await call(booking.base, 'POST', `/api/bookings/${id}/cancel`, {
            token: await account(buyer),
          });
    expect(res.status).toBe(200);
    return id;
  };

  test('A buyer filters the booking history by status', ({ given, and, when, then }) => {
    const event = publishedEvent(given);
    const ids = { paid: '', cancelled: '' };
    let listed: Booking[] = [];
    and(
      /^"(.*)" has paid for seat "(.*)" and cancelled a hold on seat "(.*)"$/,
      async (buyer: string, paid: string, cancelled: string) => {
        ids.paid = await holdThen(buyer, event.id, [paid], 'pay');
        ids.cancelled = await holdThen(buyer, event.id, [cancelled], 'cancel');
      },
    );
    const ask = async (status: string) => {
      const res = await call(booking.base, 'GET', `/api/bookings?status=${status}`, {
        token: await account('ida'),
      });
      expect(res.status).toBe(200);
      listed = res.json.bookings as Booking[];
    };
    when(/^she asks for her bookings with status "(.*)"$/, ask);
    then('only the PAID booking is listed', () => {
      expect(listed.map((b) => [b.id, b.status])).toEqual([[ids.paid, 'PAID']]);
    });
    when(/^she asks for her bookings with status "(.*)"$/, ask);
    then('both bookings are listed', () => {
      // Newest first.
      expect(listed.map((b) => [b.id, b.status])).toEqual([
        [ids.cancelled, 'CANCELLED'],
        [ids.paid, 'PAID'],
      ]);
    });
    and(/^asking with an unknown parameter "(.*)" is refused with 400$/, async (query: string) => {
      const res = await call(booking.base, 'GET', `/api/bookings?${query}`, {
        token: await account('ida'),
      });
      expect(res.status).toBe(400);
    });
  });

  test('A buyer cancels while the seats are still being found', ({ given, and, when, then }) => {
    const event = publishedEvent(given);
    let id = '';
    and('the seat engine is not answering', async () => {
      seatNodeDown = true;
      await stopChild(seatNode);
    });
    when(
      /^"(.*)" books seat "(.*)" and cancels before the seat engine decided$/,
      async (buyer: string, seat: string) => {
        id = await book(buyer, { eventId: event.id, mode: 'manual', seats: [seat] });
        expect((await bookingOf(buyer, id)).status).toBe('PROCESSING');
        const res = await call(booking.base, 'POST', `/api/bookings/${id}/cancel`, {
          token: await account(buyer),
        });
        expect(res.status).toBe(200);
        expect(res.json.status).toBe('CANCELLED');
      },
    );
    then('his booking is CANCELLED at once', async () => {
      expect((await bookingOf('jon', id)).status).toBe('CANCELLED');
    });
    when('the seat engine is back', restartSeatNode);
    then('his booking stays CANCELLED and holds no seats', async () => {
      // The engine took the Reserve and then the Release; the seat is on sale again.
      await seatBecomes(event.id, ['A-1-1'], 'AVAILABLE');
      const view = await bookingOf('jon', id);
      expect(view.status).toBe('CANCELLED');
      expect(view.seats).toEqual([]);
    });
    and(/^"(.*)" can then book seat "(.*)"$/, async (buyer: string, seat: string) => {
      const again = await book(buyer, { eventId: event.id, mode: 'manual', seats: [seat] });
      const held = await decided(buyer, again);
      expect(held.status).toBe('PENDING_PAYMENT');
      expect(held.seats).toEqual([seat]);
    });
  });

  test('The status stream of a finished booking sends the final status and ends', ({
    given,
    and,
    when,
    then,
  }) => {
    const event = publishedEvent(given);
    let id = '';
    let stream: SseClient;
    and(/^"(.*)" has cancelled a hold on seat "(.*)"$/, async (buyer: string, seat: string) => {
      id = await holdThen(buyer, event.id, [seat], 'cancel');
    });
    when("she opens the booking's status stream", async () => {
      stream = await SseClient.open(`${booking.base}/api/bookings/${id}/stream`, {
        authorization: `Bearer ${await account('lea')}`,
      });
      streams.push(stream);
      expect(stream.status).toBe(200);
    });
    then('the stream sends CANCELLED and ends', async () => {
      const { ended, events } = await stream.drainToEnd(10_000);
      expect(ended).toBe(true);
      expect(events.map((e) => (JSON.parse(e.data) as Booking).status)).toEqual(['CANCELLED']);
    });
  });

  test('Booking an event that has already started is refused', ({ given, when, then }) => {
    let eventId = '';
    let answer: Awaited<ReturnType<typeof call>>;
    given(/^a published event "(.*)" that started yesterday$/, async (name: string) => {
      const seller = await account('sam', 'seller');
      const res = await call(ticketing.base, 'POST', '/api/events', {
        token: seller,
        body: {
          name,
          venue: 'Old Hall',
          startsAt: new Date(Date.now() - 86_400_000).toISOString(),
          sections: [{ name: 'A', price: 1000, rows: [{ label: '1', seats: 2 }] }],
        },
      });
      expect(res.status).toBe(201);
      eventId = res.json.id as string;
      const published = await call(ticketing.base, 'POST', `/api/events/${eventId}/publish`, {
        token: seller,
      });
      expect(published.status).toBe(200);
      await waitFor(`${name} in booking's catalog`, async () =>
        (await db.query('SELECT 1 FROM booking.catalog_events WHERE id = $1', [eventId]))
          .rowCount === 1
          ? true
          : undefined,
      );
    });
    when(/^"(.*)" books a seat of it$/, async (buyer: string) => {
      answer = await call(booking.base, 'POST', '/api/bookings', {
        body: { eventId, mode: 'manual', seats: ['A-1-1'] },
        token: await account(buyer),
        key: `${buyer}-key-${++keys}`,
      });
    });
    then(/^the booking is refused with (\d+) "(.*)"$/, (status: string, code: string) => {
      expect(answer.status).toBe(Number(status));
      expect(answer.json.error.code).toBe(code);
    });
  });
});
