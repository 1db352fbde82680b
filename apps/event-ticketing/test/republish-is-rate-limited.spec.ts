import { layout, signUp, startTicketing, type Harness } from './harness';

/**
 * Publishing is idempotent (republish-of-a-published-event-sends-nothing.spec.ts) and limited:
 * past PUBLISHES_PER_EVENT_PER_MINUTE requests for one event a seller gets 429, while the
 * seller's other events publish as before (issue 21).
 */
describe('re-publishing an event again and again', () => {
  let h: Harness;
  let seller: { authorization: string };
  beforeAll(async () => {
    h = await startTicketing({ PUBLISHES_PER_EVENT_PER_MINUTE: '3' });
    seller = await signUp(h.app, 'seller');
  });
  afterAll(() => h.close());

  const create = async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: seller.authorization },
      payload: layout(1, 1, 5),
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const publish = (id: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/events/${id}/publish`,
      headers: { authorization: seller.authorization },
    });

  it("is refused with 429 past the limit, leaving the seller's other events alone", async () => {
    const id = await create();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await publish(id)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    expect((await publish(id)).json().error.code).toBe('TICKETING_PUBLISH_RATE_LIMITED');
    expect((await publish(await create())).statusCode).toBe(200);
  });
});
