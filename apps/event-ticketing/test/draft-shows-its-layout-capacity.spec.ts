import { layout, signUp, startTicketing, type Harness } from './harness';

/** A draft has no tickets yet; its sections still show the layout's capacity, not 0. */
describe('a draft event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startTicketing();
  });
  afterAll(() => h.close());

  it("shows each section's capacity from its layout before and after publishing", async () => {
    const seller = await signUp(h.app, 'seller');
    const headers = { authorization: seller.authorization };
    const body = layout(2, 3, 4);
    body.sections[1]!.rows[0]!.seats = 10; // S2: 10 + 4 + 4
    const draft = await h.app.inject({
      method: 'POST',
      url: '/api/events',
      headers,
      payload: body,
    });
    expect(draft.statusCode).toBe(201);
    const figures = (sections: { name: string; capacity: number; available: number }[]) =>
      sections.map((s) => [s.name, s.capacity, s.available]);
    expect(figures(draft.json().sections)).toEqual([
      ['S1', 12, 12],
      ['S2', 18, 18],
    ]);
    const id = draft.json().id as string;
    const seen = await h.app.inject({ method: 'GET', url: `/api/events/${id}`, headers });
    expect(figures(seen.json().sections)).toEqual([
      ['S1', 12, 12],
      ['S2', 18, 18],
    ]);
    const published = await h.app.inject({
      method: 'POST',
      url: `/api/events/${id}/publish`,
      headers,
    });
    expect(figures(published.json().sections)).toEqual([
      ['S1', 12, 12],
      ['S2', 18, 18],
    ]);
  });
});
