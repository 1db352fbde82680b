import type { AddressInfo } from 'node:net';
import type { Kafka, Producer } from 'kafkajs';
import type { SeatProcessor } from '@seat/adapters';
import { createAvailabilityView, type AvailabilityView } from '@seat/live';
import type { HttpServer } from '@shared/http';
import type { TopicNames } from '@shared/streams';
import { SseClient } from '@shared/testing';
import { waitFor } from '@shared/util';
import { buildApp } from '../src/app';
import {
  eventLayout,
  quietLogger,
  sendCommands,
  startProcessor,
  tempDataDir,
  openTestBed,
} from './support';

/** The whole seat-reservation node: a command in Kafka becomes a colour change on every open seat map. */
describe('the live seat map of a seat-reservation node', () => {
  let kafka: Kafka;
  let ns: string;
  let topics: TopicNames;
  let cleanup: () => Promise<void>;
  let producer: Producer;
  let processor: SeatProcessor;
  let view: AvailabilityView;
  let app: HttpServer;
  let base: string;
  const layout = eventLayout('evt_live', 2, 3, 10);

  beforeAll(async () => {
    ({ kafka, ns, topics, producer, cleanup } = await openTestBed('seat-live'));
    view = await createAvailabilityView({
      kafka,
      namespace: ns,
      instanceId: 'live-test',
      logger: quietLogger,
    });
    processor = await startProcessor(kafka, ns, 'node-live', tempDataDir());
    app = await buildApp({ logger: quietLogger, processor, view, heartbeatMs: 1000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await sendCommands(producer, topics, layout.assignment, layout.inits);
    await waitFor(
      'the view to know both sections',
      () => view.eventSections('evt_live').length === 2,
      { timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await app.close();
    await processor.stop();
    await view.stop();
    await cleanup();
  });

  it('serves the seats with their sequence, then streams a reservation as it happens', async () => {
    const seats = (await fetch(`${base}/api/events/evt_live/seats?section=S1`).then((r) =>
      r.json(),
    )) as { sections: unknown[] };
    expect(seats.sections).toEqual([
      expect.objectContaining({ section: 'S1', seq: 0, available: 30 }),
    ]);

    const stream = await SseClient.open(`${base}/api/events/evt_live/stream`);
    try {
      const first = await stream.next(10_000);
      expect(first.event).toBe('snapshot');
      await sendCommands(producer, topics, layout.assignment, [
        {
          type: 'ReserveSeats',
          v: 1,
          eventId: 'evt_live',
          section: 'S1',
          bookingId: 'live-1',
          mode: 'manual',
          seats: ['S1-2-4', 'S1-2-5'],
        },
      ]);
      const delta = await stream.next(10_000);
      expect(delta.event).toBe('delta');
      expect(JSON.parse(delta.data)).toMatchObject({
        section: 'S1',
        seq: 1,
        changes: [
          { seat: 'S1-2-4', status: 'RESERVED' },
          { seat: 'S1-2-5', status: 'RESERVED' },
        ],
        reserved: 2,
      });
    } finally {
      stream.close();
    }
  });

  it('reports itself ready once the processor runs and the view has caught up', async () => {
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { processor: true, availability: true } });
    expect(await fetch(`${base}/metrics`).then((r) => r.text())).toMatch(/seat_commands_total/);
  });
});
