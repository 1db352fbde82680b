import { decodeMessage, EventPublished, InitSection } from '@shared/contracts';
import { assignSections, groupId } from '@shared/streams';
import { collect } from '@shared/testing';
import { expandSeats } from '@ticketing/domain';
import { waitFor } from '@shared/util';
import { layout, signUp, startTicketing, type Harness } from './harness';

/** Sellers create and publish events; tickets are written in bulk and the layout announced. */
describe('creating and publishing events', () => {
  let h: Harness;
  let seller: { authorization: string; id: string };
  beforeAll(async () => {
    h = await startTicketing();
    seller = await signUp(h.app, 'seller');
  });
  afterAll(() => h.close());

  const create = (authorization: string, payload: object) =>
    h.app.inject({ method: 'POST', url: '/api/events', headers: { authorization }, payload });

  it('lets only sellers create events: a buyer gets 403, nobody 401', async () => {
    const buyer = await signUp(h.app, 'buyer');
    expect((await create(buyer.authorization, layout(1, 1, 10))).statusCode).toBe(403);
    const anonymous = await h.app.inject({
      method: 'POST',
      url: '/api/events',
      payload: layout(1, 1, 10),
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('refuses bad layouts with 400: a repeated section, a zero price, over 100,000 seats', async () => {
    const dup = layout(2, 1, 10);
    dup.sections[1]!.name = dup.sections[0]!.name;
    const duplicate = await create(seller.authorization, dup);
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().error).toMatchObject({ code: 'TICKETING_LAYOUT_INVALID' });
    const free = layout(1, 1, 10);
    free.sections[0]!.price = 0;
    expect((await create(seller.authorization, free)).statusCode).toBe(400);
    const huge = await create(seller.authorization, layout(201, 1, 500));
    expect(huge.statusCode).toBe(400);
    const tooMany = await create(seller.authorization, layout(200, 2, 251));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/100000/);
  });

  it('makes one event of a create repeated under one Idempotency-Key; another body under it is 409', async () => {
    const keyed = (authorization: string, key: string, payload: object) =>
      h.app.inject({
        method: 'POST',
        url: '/api/events',
        headers: { authorization, 'idempotency-key': key },
        payload,
      });
    const body = layout(2, 3, 10);
    // Two at once (a double submit): one event, and the loser of the race answers it too.
    const [a, b] = await Promise.all([
      keyed(seller.authorization, 'create-key-0001', body),
      keyed(seller.authorization, 'create-key-0001', body),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(b.json().id).toBe(a.json().id);
    // A retry later, with the same body: the same event, 200.
    const again = await keyed(seller.authorization, 'create-key-0001', body);
    expect([again.statusCode, again.json().id]).toEqual([200, a.json().id]);
    // The same instant spelled another way is the same request.
    const respelled = { ...body, startsAt: new Date(body.startsAt).toISOString() };
    expect(respelled.startsAt).not.toBe(body.startsAt);
    const same = await keyed(seller.authorization, 'create-key-0001', respelled);
    expect([same.statusCode, same.json().id]).toEqual([200, a.json().id]);
    // Another body under the key: refused, nothing created.
    const other = await keyed(seller.authorization, 'create-key-0001', layout(3, 3, 10));
    expect(other.statusCode).toBe(409);
    expect(other.json().error).toMatchObject({ code: 'TICKETING_IDEMPOTENCY_CONFLICT' });
    // Keys are the seller's own: another seller's create under the same key is its own event.
    const rival = await signUp(h.app, 'seller');
    const theirs = await keyed(rival.authorization, 'create-key-0001', body);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json().id).not.toBe(a.json().id);
    // A malformed key is a 400, not a silently unkeyed create.
    expect((await keyed(seller.authorization, 'no spaces allowed', body)).statusCode).toBe(400);
    const created = await h.runtime.services.prisma.event.count({
      where: { createKey: 'create-key-0001' },
    });
    expect(created).toBe(2);
    // Without a key every create is a new event, as before.
    const plain = [
      await create(seller.authorization, body),
      await create(seller.authorization, body),
    ];
    expect(plain.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(plain[0]!.json().id).not.toBe(plain[1]!.json().id);
  });

  it('edits a draft, then publishes 50,000 seats in bulk with a stored balanced assignment and announces the layout', async () => {
    const draft = await create(seller.authorization, layout(1, 1, 10));
    expect(draft.statusCode).toBe(201);
    const id: string = draft.json().id;
    // 20 sections x 100 rows x 25 seats = 50,000 seats.
    const big = layout(20, 100, 25);
    const edited = await h.app.inject({
      method: 'PUT',
      url: `/api/events/${id}`,
      headers: { authorization: seller.authorization },
      payload: big,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ status: 'DRAFT', assignment: null });

    // How long this takes is measured by `npm run bench:publish`, not here: tests check outcomes.
    const published = await h.app.inject({
      method: 'POST',
      url: `/api/events/${id}/publish`,
      headers: { authorization: seller.authorization },
    });
    expect(published.statusCode).toBe(200);
    const view = published.json();
    const expected = assignSections(
      id,
      big.sections.map((s) => ({ name: s.name, seats: 2500 })),
      10,
    );
    expect(view.status).toBe('PUBLISHED');
    expect(view.assignment).toEqual(expected);
    expect(new Set(Object.values(expected)).size).toBe(10);
    const stored = await h.runtime.services.prisma.ticket.findMany({
      where: { eventId: id },
      select: { seatId: true, section: true, row: true, number: true, priceCents: true },
    });
    expect(stored).toHaveLength(50_000);
    // The SQL expansion agrees with the domain's definition of the seats, seat by seat.
    const seats = expandSeats(big.sections);
    const expectedSeats = seats.seatId.map((seat, i) => ({
      seatId: seat,
      section: seats.section[i],
      row: seats.row[i],
      number: seats.number[i],
      priceCents: seats.priceCents[i],
    }));
    const bySeatId = (a: { seatId: string }, b: { seatId: string }) =>
      a.seatId < b.seatId ? -1 : a.seatId > b.seatId ? 1 : 0;
    expect(stored.sort(bySeatId)).toEqual(expectedSeats.sort(bySeatId));
    expect(view.sections[0]).toMatchObject({
      name: 'S1',
      capacity: 2500,
      available: 2500,
      sold: 0,
    });

    // The layout was announced: one InitSection per section on its assigned partition, keyed
    // eventId:section, and the event on the catalog.
    const seen = await collect(h.kafka, [h.names.seatCommands, h.names.eventCatalog], {
      groupId: groupId('ticketingResults', `${h.ns}_check`),
    });
    try {
      await waitFor('20 InitSection and 1 EventPublished', () => seen.messages.length >= 21, {
        timeoutMs: 30_000,
      });
      const inits = seen.messages.filter((m) => m.topic === h.names.seatCommands);
      expect(inits).toHaveLength(20);
      for (const m of inits) {
        const cmd = decodeMessage(InitSection, m.value);
        if (!cmd.ok) throw new Error(cmd.reason);
        expect(m.key).toBe(`${id}:${cmd.value.section}`);
        expect(m.partition).toBe(expected[cmd.value.section]);
        expect(cmd.value.rows).toHaveLength(100);
      }
      const catalog = seen.messages.filter((m) => m.topic === h.names.eventCatalog);
      const event = decodeMessage(EventPublished, catalog[0]!.value);
      expect(event).toMatchObject({ ok: true, value: { eventId: id, sellerId: seller.id } });

      // Re-publishing answers the event and writes no ticket twice (and sends nothing:
      // republish-of-a-published-event-sends-nothing.spec.ts).
      const again = await h.app.inject({
        method: 'POST',
        url: `/api/events/${id}/publish`,
        headers: { authorization: seller.authorization },
      });
      expect(again.statusCode).toBe(200);
      expect(await h.runtime.services.prisma.ticket.count({ where: { eventId: id } })).toBe(50_000);
    } finally {
      await seen.stop();
    }

    // The layout is frozen once published.
    const late = await h.app.inject({
      method: 'PUT',
      url: `/api/events/${id}`,
      headers: { authorization: seller.authorization },
      payload: layout(1, 1, 1),
    });
    expect(late.statusCode).toBe(409);
  });

  it('edits a draft in part with PATCH, validating the result, and refuses it once published (409)', async () => {
    const id = (await create(seller.authorization, layout(2, 1, 10))).json().id as string;
    const patch = (payload: object, authorization = seller.authorization) =>
      h.app.inject({
        method: 'PATCH',
        url: `/api/events/${id}`,
        headers: { authorization },
        payload,
      });
    const renamed = await patch({ name: 'Gala night, second show' });
    expect(renamed.statusCode).toBe(200);
    // Only the name changed; venue, date and layout stay as they were.
    expect(renamed.json()).toMatchObject({
      name: 'Gala night, second show',
      venue: 'Royal Hall',
      startsAt: '2027-06-01T19:30:00.000Z',
      status: 'DRAFT',
    });
    expect(renamed.json().layout.map((x: { name: string }) => x.name)).toEqual(['S1', 'S2']);

    const relaid = await patch({ sections: layout(1, 2, 5).sections });
    expect(relaid.statusCode).toBe(200);
    expect(relaid.json()).toMatchObject({ name: 'Gala night, second show' });
    expect(relaid.json().layout).toEqual(layout(1, 2, 5).sections);

    // The merged event is validated like a new one; an empty or unknown edit is refused.
    const dup = layout(2, 1, 10).sections;
    dup[1]!.name = dup[0]!.name;
    expect((await patch({ sections: dup })).json().error).toMatchObject({
      code: 'TICKETING_LAYOUT_INVALID',
    });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ status: 'PUBLISHED' })).statusCode).toBe(400);

    // Another seller's event does not exist for them.
    const other = await signUp(h.app, 'seller');
    expect((await patch({ name: 'mine now' }, other.authorization)).statusCode).toBe(404);

    const published = await h.app.inject({
      method: 'POST',
      url: `/api/events/${id}/publish`,
      headers: { authorization: seller.authorization },
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().layout).toEqual(layout(1, 2, 5).sections);
    const late = await patch({ name: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'TICKETING_EVENT_PUBLISHED' });
  });

  it("answers 404 to a seller publishing another seller's event, and hides drafts from others", async () => {
    const mine = (await create(seller.authorization, layout(1, 1, 5))).json().id as string;
    const other = await signUp(h.app, 'seller');
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/events/${mine}/publish`,
      headers: { authorization: other.authorization },
    });
    expect(res.statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/events/${mine}` })).statusCode).toBe(
      404,
    );
    const own = await h.app.inject({
      method: 'GET',
      url: `/api/events/${mine}`,
      headers: { authorization: seller.authorization },
    });
    expect(own.json()).toMatchObject({ status: 'DRAFT' });
  });

  it('lists published events only, searched by name or venue and date range, paged', async () => {
    const make = async (name: string, venue: string, startsAt: string, publish: boolean) => {
      const id = (
        await create(seller.authorization, { ...layout(1, 1, 2), name, venue, startsAt })
      ).json().id as string;
      if (publish)
        await h.app.inject({
          method: 'POST',
          url: `/api/events/${id}/publish`,
          headers: { authorization: seller.authorization },
        });
      return id;
    };
    const jazz = await make('Jazz Brunch', 'Blue Note', '2028-01-10T12:00:00Z', true);
    const opera = await make('Tosca', 'Opera House', '2028-02-10T19:00:00Z', true);
    await make('Secret Jazz', 'Opera House', '2028-01-20T19:00:00Z', false);
    const list = async (qs: string) =>
      (await h.app.inject({ method: 'GET', url: `/api/events?${qs}` })).json();
    expect((await list('q=jazz')).items.map((e: { id: string }) => e.id)).toEqual([jazz]);
    expect((await list('q=opera')).items.map((e: { id: string }) => e.id)).toEqual([opera]);
    const range = await list('from=2028-01-01T00:00:00Z&to=2028-01-31T00:00:00Z');
    expect(range.items.map((e: { id: string }) => e.id)).toEqual([jazz]);
    const paged = await list('from=2028-01-01T00:00:00Z&pageSize=1&page=2');
    expect(paged).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(paged.items.map((e: { id: string }) => e.id)).toEqual([opera]);
  });
});
