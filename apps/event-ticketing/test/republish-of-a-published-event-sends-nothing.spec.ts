import { groupId } from '@shared/streams';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import { layout, signUp, startTicketing, type Harness } from './harness';

/**
 * A published event's layout is frozen, so publishing it again (a double click, a client retry
 * after a lost answer) has nothing new to say: it answers the event as it is and sends nothing.
 * Every InitSection sent again made each seat node rewrite the section's snapshot to its
 * changelog, for a 500 x 500 section a large record per section, per click.
 */
describe('re-publishing a published event', () => {
  let h: Harness;
  let seller: { authorization: string };
  beforeAll(async () => {
    h = await startTicketing();
    seller = await signUp(h.app, 'seller');
  });
  afterAll(() => h.close());

  const create = async (sections: number) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/events',
      headers: { authorization: seller.authorization },
      payload: layout(sections, 2, 5),
    });
    return res.json().id as string;
  };
  const publish = (id: string) =>
    h.app.inject({
      method: 'POST',
      url: `/api/events/${id}/publish`,
      headers: { authorization: seller.authorization },
    });

  /** Records in a topic: the sum of its partitions' high watermarks, as the broker counts. */
  const recordsIn = async (topic: string) => {
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((n, p) => n + Number(p.high), 0);
    } finally {
      await admin.disconnect();
    }
  };

  it('answers the published event and sends no record to seat.commands or the catalog', async () => {
    const seen = await collect(h.kafka, [h.names.seatCommands, h.names.eventCatalog], {
      groupId: groupId('ticketingResults', `${h.ns}_republish`),
    });
    const of = (id: string, topic: string) =>
      seen.messages.filter((m) => m.topic === topic && m.key?.startsWith(id));
    try {
      const id = await create(4);
      const published = await publish(id);
      expect(published.statusCode).toBe(200);
      await waitFor('the announcement', () => of(id, h.names.eventCatalog).length >= 1);
      await waitFor('its 4 InitSection', () => of(id, h.names.seatCommands).length >= 4);
      const commandsBefore = await recordsIn(h.names.seatCommands);
      const catalogBefore = await recordsIn(h.names.eventCatalog);

      const tickets = await h.runtime.services.prisma.ticket.count({ where: { eventId: id } });
      const again = await Promise.all([publish(id), publish(id)]);
      for (const res of again) {
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(published.json());
      }

      // Another event published after the repeats: once its catalog record is in Kafka,
      // everything the repeats could have sent before it is there too.
      const marker = await create(1);
      expect((await publish(marker)).statusCode).toBe(200);
      await waitFor('the later event announced', () => of(marker, h.names.eventCatalog).length);
      await waitFor('the later event sent', () => of(marker, h.names.seatCommands).length);
      // Its one InitSection and one catalog record, and nothing else.
      expect(await recordsIn(h.names.seatCommands)).toBe(commandsBefore + 1);
      expect(await recordsIn(h.names.eventCatalog)).toBe(catalogBefore + 1);
      expect(of(id, h.names.seatCommands)).toHaveLength(4);
      expect(await h.runtime.services.prisma.ticket.count({ where: { eventId: id } })).toBe(
        tickets,
      );
    } finally {
      await seen.stop();
    }
  });
});
