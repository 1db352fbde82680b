import { defineFeature, loadFeature } from 'jest-cucumber';
import { waitFor } from '@shared/util';
import { startStack, type Stack } from './stack';
import type { JsonReply } from './support';

const feature = loadFeature(`${__dirname}/../events-on-sale.feature`);
const DAY_MS = 24 * 3600 * 1000;

/**
 * Browsing stories against the apps as deployed: the sold-out event is sold by real bookings
 * through booking and the seat engine, and reaches the list through seat.results.
 */
defineFeature(feature, (test) => {
  let stack: Stack;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    stack = await startStack('feat_sale');
  });
  afterAll(() => stack?.stop());

  const listed = async (qs = '') => {
    const res = await stack.call(stack.ticketing, 'GET', `/api/events?q=Gig&${qs}`);
    expect(res.status).toBe(200);
    return res.json.items as { id: string; name: string; soldOut: boolean }[];
  };

  test('Buyers see upcoming events, sold-out ones marked, past ones only on request', ({
    given,
    and,
    when,
    then,
    but,
  }) => {
    const publish = async (seller: string, name: string, inDays: number, seats: string) => {
      const startsAt = new Date(Date.now() + inDays * DAY_MS).toISOString();
      ids.set(
        name,
        await stack.publish(seller, {
          name,
          startsAt,
          section: 'A',
          rows: 1,
          seats: +seats,
          price: 1000,
        }),
      );
    };
    given(
      /^"(.*)" has published "(.*)" that started (\d+) days ago with (\d+) seats$/,
      (seller: string, name: string, days: string, seats: string) =>
        publish(seller, name, -Number(days), seats),
    );
    and(
      /^"(.*)" has published "(.*)" starting in (\d+) days with (\d+) seats$/,
      (seller: string, name: string, days: string, seats: string) =>
        publish(seller, name, Number(days), seats),
    );
    and(
      /^"(.*)" has published "(.*)" starting in (\d+) days with (\d+) seats$/,
      (seller: string, name: string, days: string, seats: string) =>
        publish(seller, name, Number(days), seats),
    );
    when(/^buyers book every seat of "(.*)"$/, async (name: string) => {
      const booked = await stack.call(stack.booking, 'POST', '/api/bookings', {
        token: await stack.account('Hugo'),
        key: `hugo-${name.replace(/\W+/g, '-')}`,
        body: { eventId: ids.get(name), mode: 'best-available', section: 'A', quantity: 2 },
      });
      expect(booked.status).toBe(202);
    });
    then(
      /^the events list shows "(.*)" on sale and "(.*)" sold out$/,
      async (open: string, full: string) => {
        const items = await waitFor(
          `${full} marked sold out`,
          async () => {
            const found = await listed();
            return found.find((e) => e.name === full)?.soldOut ? found : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 200 },
        );
        expect(items.map((e) => [e.name, e.soldOut])).toEqual([
          [open, false],
          [full, true],
        ]);
      },
    );
    and(/^"(.*)" is not in the events list$/, async (name: string) => {
      expect((await listed()).map((e) => e.name)).not.toContain(name);
    });
    but(/^the events list with when=past shows "(.*)"$/, async (name: string) => {
      expect((await listed('when=past')).map((e) => e.name)).toEqual([name]);
    });
  });

  test('A misspelt query parameter is refused on every route', ({ given, when, then }) => {
    let replies: { path: string; status: number; code: string }[] = [];
    given(
      /^"(.*)" has published "(.*)" starting in (\d+) days with (\d+) seats$/,
      async (seller: string, name: string, days: string, seats: string) => {
        ids.set(
          name,
          await stack.publish(seller, {
            name,
            startsAt: new Date(Date.now() + Number(days) * DAY_MS).toISOString(),
            section: 'A',
            rows: 1,
            seats: +seats,
            price: 1000,
          }),
        );
      },
    );
    when(
      /^the events list, that event, the seller's own events and the event's analytics and orders are asked with "(.*)"$/,
      async (qs: string) => {
        const id = ids.get('Query Gig')!;
        const token = await stack.account('Sue', 'seller');
        const paths = [
          '/api/events',
          `/api/events/${id}`,
          '/api/events/mine',
          `/api/events/${id}/analytics`,
          `/api/events/${id}/orders`,
        ];
        replies = await Promise.all(
          paths.map(async (path) => {
            const res = await stack.call(stack.ticketing, 'GET', `${path}?${qs}`, { token });
            return { path, status: res.status, code: res.json?.error?.code as string };
          }),
        );
      },
    );
    then(/^each answers (\d+) "(.*)"$/, (status: string, code: string) => {
      expect(replies.filter((r) => r.status !== Number(status) || r.code !== code)).toEqual([]);
      expect(replies).toHaveLength(5);
    });
  });

  test('A draft shows the capacity of its layout', ({ when, then }) => {
    let draft: JsonReply;
    when(
      /^"(.*)" saves a draft with section "(.*)" of (\d+) rows of (\d+) seats and section "(.*)" of (\d+) row of (\d+) seats$/,
      async (
        seller: string,
        a: string,
        aRows: string,
        aSeats: string,
        b: string,
        bRows: string,
        bSeats: string,
      ) => {
        const section = (name: string, rows: string, seats: string) => ({
          name,
          price: 1000,
          rows: Array.from({ length: +rows }, (_, r) => ({ label: String(r + 1), seats: +seats })),
        });
        const created = await stack.call(stack.ticketing, 'POST', '/api/events', {
          token: await stack.account(seller, 'seller'),
          body: {
            name: 'Draft Gala',
            venue: 'Story Hall',
            startsAt: new Date(Date.now() + 30 * DAY_MS).toISOString(),
            sections: [section(a, aRows, aSeats), section(b, bRows, bSeats)],
          },
        });
        expect(created.status).toBe(201);
        draft = await stack.call(stack.ticketing, 'GET', `/api/events/${created.json.id}`, {
          token: await stack.account(seller, 'seller'),
        });
      },
    );
    then(
      /^the draft shows section "(.*)" with capacity (\d+) and section "(.*)" with capacity (\d+)$/,
      (a: string, aCap: string, b: string, bCap: string) => {
        expect(draft.json.status).toBe('DRAFT');
        const sections = draft.json.sections as { name: string; capacity: number }[];
        expect(sections.map((s) => [s.name, s.capacity])).toEqual([
          [a, Number(aCap)],
          [b, Number(bCap)],
        ]);
      },
    );
  });
});
