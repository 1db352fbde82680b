import { defineFeature, loadFeature } from 'jest-cucumber';
import { waitFor } from '@shared/util';
import { startStack, type Stack } from './stack';

const feature = loadFeature(`${__dirname}/../seller-orders.feature`);

interface Order {
  bookingId: string;
  status: string;
  seats: string[];
  totalCents: number;
  bookedAt: string;
  updatedAt: string;
  buyerName: string | null;
  buyerEmail: string | null;
}

/**
 * The seller's order list against the apps as deployed: buyers book, pay and cancel through
 * booking, the seat engine assigns the seats, and event-ticketing builds the list from
 * booking.events only.
 */
defineFeature(feature, (test) => {
  let stack: Stack;
  const events = new Map<string, string>();
  beforeAll(async () => {
    stack = await startStack('feat_orders');
  });
  afterAll(() => stack?.stop());

  const published = (given: (m: RegExp, f: (...a: string[]) => Promise<void>) => void) =>
    given(
      /^"(.*)" has published "(.*)" with section "(.*)" of 1 row of (\d+) seats at (\d+) cents$/,
      async (seller, name, section, seats, price) => {
        events.set(
          name,
          await stack.publish(seller, {
            name,
            startsAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
            section,
            rows: 1,
            seats: +seats,
            price: +price,
          }),
        );
      },
    );
  const orders = async (eventName: string, qs = '', seller = 'Olga') =>
    stack.call(stack.ticketing, 'GET', `/api/events/${events.get(eventName)}/orders${qs}`, {
      token: await stack.account(seller, 'seller'),
    });

  /** Books best-available seats and waits until the hold is decided. */
  const bookAndHold = async (buyer: string, eventName: string, quantity: number) => {
    const token = await stack.account(buyer);
    const booked = await stack.call(stack.booking, 'POST', '/api/bookings', {
      token,
      key: `${buyer}-${eventName}`.replace(/\W+/g, '-'),
      body: { eventId: events.get(eventName), mode: 'best-available', quantity },
    });
    expect(booked.status).toBe(202);
    const id = booked.json.id as string;
    await waitFor(`${buyer}'s hold`, async () => {
      const b = await stack.call(stack.booking, 'GET', `/api/bookings/${id}`, { token });
      return b.json.status === 'PENDING_PAYMENT' ? true : undefined;
    });
    return { id, token };
  };

  test("A seller finds a buyer's order and exports the paid ones", ({ given, when, and, then }) => {
    published(given);
    when(
      /^"(.*)" books (\d+) best-available seats of "(.*)" and pays$/,
      async (buyer: string, n: string, name: string) => {
        const { id, token } = await bookAndHold(buyer, name, +n);
        const paid = await stack.call(stack.booking, 'POST', `/api/bookings/${id}/pay`, {
          token,
          body: { cardNumber: '4242424242424242' },
        });
        expect(paid.status).toBeLessThan(300);
      },
    );
    and(
      /^"(.*)" books (\d+) best-available seat of "(.*)" and cancels$/,
      async (buyer: string, n: string, name: string) => {
        const { id, token } = await bookAndHold(buyer, name, +n);
        const cancelled = await stack.call(stack.booking, 'POST', `/api/bookings/${id}/cancel`, {
          token,
        });
        expect(cancelled.status).toBeLessThan(300);
      },
    );
    then(
      /^Olga's order list of "(.*)" shows (\d+) orders, newest first$/,
      async (name: string, n: string) => {
        const page = await waitFor(
          'the paid and the cancelled order',
          async () => {
            const res = await orders(name);
            const items = (res.json.items ?? []) as Order[];
            return items
              .map((o) => o.status)
              .sort()
              .join() === 'CANCELLED,PAID'
              ? res.json
              : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 200 },
        );
        expect(page.total).toBe(Number(n));
        const items = page.items as Order[];
        expect(items.map((o) => o.status)).toEqual(['CANCELLED', 'PAID']);
        expect(items[0]!.bookedAt >= items[1]!.bookedAt).toBe(true);
      },
    );
    and(
      /^the PAID order is (.*)'s, with her email, (\d+) seats and (\d+) cents$/,
      async (buyer: string, seats: string, cents: string) => {
        const paid = (await orders('Order Night', '?status=PAID')).json.items[0] as Order;
        expect(paid).toMatchObject({
          buyerName: buyer,
          buyerEmail: 'pia.buyer@example.com',
          totalCents: Number(cents),
        });
        expect(paid.seats).toHaveLength(Number(seats));
        expect(paid.updatedAt >= paid.bookedAt).toBe(true);
      },
    );
    and(/^filtered by CANCELLED it shows only (.*)'s order$/, async (buyer: string) => {
      const res = await orders('Order Night', '?status=CANCELLED');
      expect(res.json.total).toBe(1);
      expect((res.json.items as Order[]).map((o) => o.buyerName)).toEqual([buyer]);
    });
    and(
      /^the CSV export of the PAID orders has a header and (.*)'s order$/,
      async (buyer: string) => {
        // Not JSON: read as the file a browser downloads.
        const res = await fetch(
          `${stack.ticketing}/api/events/${events.get('Order Night')}/orders.csv?status=PAID`,
          { headers: { authorization: `Bearer ${await stack.account('Olga', 'seller')}` } },
        );
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
        const lines = (await res.text()).trim().split('\r\n');
        expect(lines[0]).toBe(
          'booking_id,status,section,seats,amount_cents,booked_at,updated_at,expires_at,buyer_name,buyer_email',
        );
        expect(lines).toHaveLength(2);
        expect(lines[1]).toContain(`,PAID,A,`);
        expect(lines[1]).toContain(`,${buyer},pia.buyer@example.com`);
      },
    );
  });

  test('Nobody but the seller reads the order list', ({ given, then, and }) => {
    published(given);
    then(/^another seller asking for the orders of "(.*)" gets 404$/, async (name: string) => {
      expect((await orders(name, '', 'Rita')).status).toBe(404);
      expect((await orders(name)).status).toBe(200);
    });
    and(/^a buyer asking for the orders of "(.*)" gets 404$/, async (name: string) => {
      const res = await stack.call(
        stack.ticketing,
        'GET',
        `/api/events/${events.get(name)}/orders`,
        {
          token: await stack.account('Sid'),
        },
      );
      expect(res.status).toBe(404);
    });
    and('nobody logged in asking for them gets 401', async () => {
      const res = await stack.call(
        stack.ticketing,
        'GET',
        `/api/events/${events.get('Quiet Night')}/orders.csv`,
      );
      expect(res.status).toBe(401);
    });
  });
});
