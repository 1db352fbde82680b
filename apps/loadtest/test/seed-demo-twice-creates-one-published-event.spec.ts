import type { Kafka } from 'kafkajs';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import { createTestTopics, testDatabaseUrl, testKafka, testNamespace } from '@shared/testing';
import { DEMO_SECTIONS, seatTotal } from '../src/demo/demo-event';
import { DEMO_BUYER, DEMO_SELLER, seedDemo } from '../src/demo/seed-demo';
import { createApiClient, type ApiClient, type ApiOrigins } from '../src/http/api-client';
import { startApp } from './support';

/**
 * `npm start` seeds the demo on every start, so the seed must be safe to run again: event-ticketing
 * and booking (their real servers) on a private namespace and database, the seed run twice, and
 * the demo seller owns exactly one event, published and bookable, with the demo layout; and two
 * runs at once make one event between them.
 */
describe('seed-demo run twice', () => {
  const password = 'seed spec password 0123';
  let kafka: Kafka;
  let api: ApiClient;
  let origins: ApiOrigins;
  const stops: (() => Promise<void>)[] = [];
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeAll(async () => {
    kafka = testKafka('loadtest-seed-spec');
    const ns = testNamespace('ls');
    const dbUrl = testDatabaseUrl(ns);
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    const topics = await createTestTopics(kafka, ns);
    stops.push(topics.cleanup, () => dropDatabase(dbUrl));
    const env = {
      KAFKA_NAMESPACE: ns,
      DATABASE_URL: dbUrl,
      REDIS_KEY_PREFIX: `${ns}:`,
      JWT_SECRET: 'loadtest-seed-spec-secret-0123456789abcdef',
    };
    const [ticketing, booking] = await Promise.all([
      // Every seed logs both accounts in, and this spec seeds eight times within a minute, all
      // from this one address.
      startApp('event-ticketing', {
        ...env,
        LOGIN_ATTEMPTS_PER_ACCOUNT: '50',
        LOGIN_ATTEMPTS_PER_ADDRESS: '200',
      }),
      startApp('booking', { ...env, BOOKING_INSTANCE_ID: ns }),
    ]);
    stops.push(ticketing.stop, booking.stop);
    origins = { ticketing: ticketing.url, booking: booking.url };
    api = createApiClient(origins);
  }, 180_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  });

  it('creates and publishes the demo event once, then finds it', async () => {
    const first = await seedDemo(api, origins, { password, log });
    expect(first.action).toBe('created');
    expect(first.registered).toEqual({ seller: true, buyer: true });
    expect(first.event.status).toBe('PUBLISHED');
    expect(first.event.name).toBe('Demo Night');
    expect(first.event.sections.map((s) => [s.name, s.capacity, s.price])).toEqual(
      DEMO_SECTIONS.map((s) => [s.name, seatTotal([s]), s.price]),
    );
    expect(first.event.sections.reduce((n, s) => n + s.capacity, 0)).toBe(3472);

    const second = await seedDemo(api, origins, { password, log });
    expect(second.action).toBe('existing');
    expect(second.registered).toEqual({ seller: false, buyer: false });
    expect(second.event.id).toBe(first.event.id);

    // What the demo seller owns, as the API sees it: still one event, published.
    const seller = await api.login(DEMO_SELLER.email, password);
    const own = await api.ownEvents(seller);
    expect(own.map((e) => [e.id, e.status])).toEqual([[first.event.id, 'PUBLISHED']]);
    // Anyone browsing finds it.
    const found = await fetch(new URL('/api/events?q=Demo%20Night', origins.ticketing));
    const page = (await found.json()) as { items: { id: string }[] };
    expect(page.items.map((e) => e.id)).toEqual([first.event.id]);
  });

  it('leaves the demo buyer able to log in and book the event', async () => {
    const buyer = await api.login(DEMO_BUYER.email, password);
    const own = await api.ownEvents(await api.login(DEMO_SELLER.email, password));
    const r = await api.book(
      buyer,
      { eventId: own[0]!.id, mode: 'best-available', section: 'Balcony', quantity: 2 },
      'seed-spec-book-0001',
    );
    expect(r).toMatchObject({ accepted: true });
  });

  it('creates the next demo event once the show of the last one has started', async () => {
    const seller = await api.login(DEMO_SELLER.email, password);
    const [before] = await api.ownEvents(seller);
    // A seed run on the evening of the show: the demo event is no longer upcoming.
    const showtime = new Date(Date.parse(before!.startsAt) + 60_000);
    const later = await seedDemo(api, origins, { password, log, now: showtime });
    expect(later.action).toBe('created');
    expect(later.event.id).not.toBe(before!.id);
    expect(Date.parse(later.event.startsAt)).toBeGreaterThan(showtime.getTime());
    // And the run after that finds the new one.
    const again = await seedDemo(api, origins, { password, log, now: showtime });
    expect([again.action, again.event.id]).toEqual(['existing', later.event.id]);
  });

  it('makes one event between two seeds run at once', async () => {
    const seller = await api.login(DEMO_SELLER.email, password);
    const latest = (await api.ownEvents(seller)).map((e) => Date.parse(e.startsAt));
    // Both runs find no upcoming demo (a day after the latest show), and neither looks at the
    // seller's events until both have: both go on to create one, as two starts at once can.
    const now = new Date(Math.max(...latest) + 86_400_000);
    let looked = 0;
    let bothLooked!: () => void;
    const barrier = new Promise<void>((resolve) => (bothLooked = resolve));
    const racing: ApiClient = {
      ...api,
      ownEvents: async (token) => {
        const events = await api.ownEvents(token);
        if (++looked === 2) bothLooked();
        await barrier;
        return events;
      },
    };
    const [a, b] = await Promise.all([
      seedDemo(racing, origins, { password, log, now }),
      seedDemo(racing, origins, { password, log, now }),
    ]);
    expect([a.action, b.action]).toEqual(['created', 'created']);
    expect(a.event.id).toBe(b.event.id);
    expect(a.event.status).toBe('PUBLISHED');
    const upcoming = (await api.ownEvents(seller)).filter((e) => Date.parse(e.startsAt) > +now);
    expect(upcoming.map((e) => e.id)).toEqual([a.event.id]);
  });

  it('refuses a password that does not match the existing accounts', async () => {
    await expect(
      seedDemo(api, origins, { password: 'another password 0123', log }),
    ).rejects.toMatchObject({ code: 'LOADTEST_USAGE' });
  });
});
