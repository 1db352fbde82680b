import type { Producer } from 'kafkajs';
import { encodeMessage, type SeatResult } from '@shared/contracts';
import { waitFor } from '@shared/util';
import { layout, signUp, startTicketing, type Harness } from './harness';

/**
 * Buyers browse what they can still book: GET /api/events lists upcoming published events by
 * default, past ones only with ?when=past (or all with ?when=all), and marks an event with no
 * seat left sold out. Every event-ticketing route refuses a query parameter it does not know.
 */
describe('the events buyers browse', () => {
  let h: Harness;
  let producer: Producer;
  let seller: { authorization: string; id: string };
  const ids: Record<string, string> = {};
  const day = 24 * 3600 * 1000;

  beforeAll(async () => {
    h = await startTicketing();
    producer = h.kafka.producer();
    await producer.connect();
    seller = await signUp(h.app, 'seller');
    const make = async (key: string, startsAt: Date) => {
      const id = (
        await h.app.inject({
          method: 'POST',
          url: '/api/events',
          headers: { authorization: seller.authorization },
          payload: { ...layout(1, 1, 2), name: `Listing ${key}`, startsAt: startsAt.toISOString() },
        })
      ).json().id as string;
      await h.app.inject({
        method: 'POST',
        url: `/api/events/${id}/publish`,
        headers: { authorization: seller.authorization },
      });
      ids[key] = id;
    };
    await make('past', new Date(Date.now() - 2 * day));
    await make('older', new Date(Date.now() - 5 * day));
    await make('soon', new Date(Date.now() + 2 * day));
    await make('full', new Date(Date.now() + 3 * day));
    await h.runtime.consumer.start();
  });
  afterAll(async () => {
    await producer.disconnect();
    await h.close();
  });

  const list = async (qs = '') => {
    const res = await h.app.inject({ method: 'GET', url: `/api/events?q=Listing&${qs}` });
    expect(res.statusCode).toBe(200);
    return res.json().items as { id: string; soldOut: boolean }[];
  };
  const names = (items: { id: string }[]) =>
    items.map((e) => Object.keys(ids).find((k) => ids[k] === e.id));

  it('lists upcoming events by default, soonest first, and past ones only on request', async () => {
    expect(names(await list())).toEqual(['soon', 'full']);
    expect(names(await list('when=upcoming'))).toEqual(['soon', 'full']);
    expect(names(await list('when=past'))).toEqual(['past', 'older']);
    expect(names(await list('when=all'))).toEqual(['older', 'past', 'soon', 'full']);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/events?when=yesterday' })).statusCode,
    ).toBe(400);
  });

  it('marks an event sold out once no seat is left to book', async () => {
    expect((await list()).map((e) => e.soldOut)).toEqual([false, false]);
    const sold: SeatResult = {
      type: 'SeatsFinalized',
      v: 1,
      eventId: ids['full']!,
      section: 'S1',
      bookingId: 'bk_all',
      seats: ['S1-R1-1', 'S1-R1-2'],
      seq: 2,
    };
    await producer.send({
      topic: h.names.seatResults,
      messages: [{ partition: 0, key: sold.bookingId, value: encodeMessage(sold) }],
    });
    await waitFor('the full event sold out', async () => (await list())[1]?.soldOut === true, {
      timeoutMs: 60_000,
    });
    expect((await list()).map((e) => e.soldOut)).toEqual([false, true]);
  });

  it('refuses unknown query parameters with 400 on every route', async () => {
    const auth = { authorization: seller.authorization };
    const calls: [string, string][] = [
      ['GET', '/api/events?stauts=PAID'],
      ['GET', `/api/events/${ids['soon']}?x=1`],
      ['GET', '/api/events/mine?x=1'],
      ['GET', `/api/events/${ids['soon']}/analytics?x=1`],
      ['GET', `/api/events/${ids['soon']}/seat-status?x=1`],
      ['POST', `/api/events/${ids['soon']}/publish?x=1`],
      ['GET', '/api/auth/me?x=1'],
      ['POST', '/api/auth/logout?x=1'],
    ];
    for (const [method, url] of calls) {
      const res = await h.app.inject({ method: method as 'GET', url, headers: auth });
      expect([url, res.statusCode, res.json().error?.code]).toEqual([
        url,
        400,
        'HTTP_VALIDATION_FAILED',
      ]);
    }
    // The token still works: logout above was refused before it ran.
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth })).statusCode,
    ).toBe(200);
  });
});
