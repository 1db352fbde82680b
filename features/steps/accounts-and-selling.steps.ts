import { defineFeature, loadFeature } from 'jest-cucumber';
import { applyMigrations, dropDatabase, ensureDatabase } from '@shared/db';
import {
  createTestTopics,
  testDatabaseUrl,
  testKafka,
  testNamespace,
  type AppProcess,
} from '@shared/testing';
import { callApi, signIn, startTicketing } from './support';

const feature = loadFeature(`${__dirname}/../accounts-and-selling.feature`);

/**
 * The stories run against event-ticketing as it is deployed: its server.ts in a child process
 * over real HTTP, on its own database, topic namespace and Redis prefix.
 */
defineFeature(feature, (test) => {
  const ns = testNamespace('feat');
  const dbUrl = testDatabaseUrl();
  let server: AppProcess;
  let base: string;
  let cleanupTopics: () => Promise<void>;

  const call = (method: string, path: string, body?: unknown, token?: string) =>
    callApi(base, method, path, { body, token });
  const account = (role: 'buyer' | 'seller', email: string) => signIn(base, role, email);

  beforeAll(async () => {
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    ({ cleanup: cleanupTopics } = await createTestTopics(testKafka('features'), ns));
    server = await startTicketing(ns, dbUrl);
    base = server.base;
  });
  afterAll(async () => {
    await server.stop();
    await cleanupTopics();
    await dropDatabase(dbUrl);
  });

  test('A buyer signs up, logs in and logs out', ({ when, then }) => {
    let token = '';
    when(/^"(.*)" registers as a buyer$/, async (email: string) => {
      const res = await call('POST', '/api/auth/register', {
        email,
        password: 'anns password',
        role: 'buyer',
        name: 'Ann',
      });
      expect(res.status).toBe(201);
    });
    when(/^"(.*)" logs in$/, async (email: string) => {
      const res = await call('POST', '/api/auth/login', { email, password: 'anns password' });
      expect(res.status).toBe(200);
      token = res.json.token;
    });
    then(/^her own account answers with the role "(.*)"$/, async (role: string) => {
      const me = await call('GET', '/api/auth/me', undefined, token);
      expect(me.json).toMatchObject({ email: 'ann@example.com', role });
    });
    when('she logs out', async () => {
      expect((await call('POST', '/api/auth/logout', undefined, token)).status).toBe(204);
    });
    then('her token is refused with 401', async () => {
      expect((await call('GET', '/api/auth/me', undefined, token)).status).toBe(401);
    });
  });

  test('A seller publishes an event that buyers can find', ({ given, when, then, and }) => {
    let seller = '';
    let buyer = '';
    let eventId = '';
    const gala = (
      name: string,
      venue: string,
      a: string,
      b: string,
      rows: number,
      seats: number,
    ) => ({
      name,
      venue,
      startsAt: '2027-09-01T19:00:00Z',
      sections: [a, b].map((section, i) => ({
        name: section,
        price: 2500 * (i + 1),
        rows: Array.from({ length: rows }, (_, r) => ({ label: String(r + 1), seats })),
      })),
    });
    given('a seller and a buyer, both logged in', async () => {
      seller = await account('seller', 'sam@example.com');
      buyer = await account('buyer', 'bob@example.com');
    });
    when(
      /^the seller creates "(.*)" at "(.*)" with sections "(.*)" and "(.*)" of (\d+) rows of (\d+) seats$/,
      async (name: string, venue: string, a: string, b: string, rows: string, seats: string) => {
        const res = await call(
          'POST',
          '/api/events',
          gala(name, venue, a, b, +rows, +seats),
          seller,
        );
        expect(res.status).toBe(201);
        eventId = res.json.id;
      },
    );
    then('the buyer may not create an event (403)', async () => {
      const res = await call('POST', '/api/events', gala('X', 'Y', 'A', 'B', 1, 1), buyer);
      expect(res.status).toBe(403);
    });
    when('the seller publishes the event', async () => {
      const res = await call('POST', `/api/events/${eventId}/publish`, undefined, seller);
      expect(res.status).toBe(200);
    });
    then(
      /^searching events for "(.*)" finds it with (\d+) available seats$/,
      async (q: string, seats: string) => {
        const found = await call('GET', `/api/events?q=${encodeURIComponent(q)}`);
        expect(found.json.items.map((e: { id: string }) => e.id)).toEqual([eventId]);
        const view = await call('GET', `/api/events/${eventId}`, undefined, buyer);
        const available = view.json.sections.reduce(
          (n: number, s: { available: number }) => n + s.available,
          0,
        );
        expect(available).toBe(+seats);
      },
    );
    and('another seller asking for its analytics gets 404', async () => {
      const other = await account('seller', 'eve@example.com');
      expect((await call('GET', `/api/events/${eventId}/analytics`, undefined, other)).status).toBe(
        404,
      );
      expect(
        (await call('GET', `/api/events/${eventId}/analytics`, undefined, seller)).status,
      ).toBe(200);
    });
  });
});
