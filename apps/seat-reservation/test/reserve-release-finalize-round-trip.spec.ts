import type { Kafka, Producer } from 'kafkajs';
import { bookingSeats, seatStatuses } from '@seat/domain';
import type { SeatProcessor } from '@seat/adapters';
import { DeadLetter, SeatResult, decodeMessage, type SeatCommand } from '@shared/contracts';
import { sectionKey, type TopicNames } from '@shared/streams';
import { collect } from '@shared/testing';
import { waitFor } from '@shared/util';
import { eventLayout, sendCommands, startProcessor, tempDataDir, openTestBed } from './support';

describe('seat commands through the real broker', () => {
  let kafka: Kafka;
  let ns: string;
  let topics: TopicNames;
  let cleanup: () => Promise<void>;
  let producer: Producer;
  let processor: SeatProcessor;
  const layout = eventLayout('evt_rt', 2, 2, 5);

  beforeAll(async () => {
    ({ kafka, ns, topics, producer, cleanup } = await openTestBed('seat-rt'));
    processor = await startProcessor(kafka, ns, 'node-a', tempDataDir());
    await sendCommands(producer, topics, layout.assignment, layout.inits);
  });

  afterAll(async () => {
    await processor.stop();
    await cleanup();
  });

  const S0 = { v: 1 as const, eventId: 'evt_rt', section: 'S0' };

  it('reserves, releases and finalizes, and a duplicated command has one effect', async () => {
    const reader = await collect(kafka, [topics.seatResults], { groupId: `rt-results-${ns}` });
    try {
      const commands: SeatCommand[] = [
        { type: 'ReserveSeats', ...S0, bookingId: 'b1', mode: 'best-available', quantity: 2 },
        { type: 'ReserveSeats', ...S0, bookingId: 'b1', mode: 'best-available', quantity: 2 }, // duplicate delivery
        { type: 'ReserveSeats', ...S0, bookingId: 'b2', mode: 'manual', seats: ['S0-2-5'] },
        { type: 'ReserveSeats', ...S0, bookingId: 'b3', mode: 'manual', seats: ['S0-2-5'] }, // taken
        { type: 'ReleaseSeats', ...S0, bookingId: 'b1', reason: 'EXPIRED' },
        { type: 'FinalizeSeats', ...S0, bookingId: 'b2' },
        { type: 'FinalizeSeats', ...S0, bookingId: 'b2' }, // duplicate delivery
      ];
      await sendCommands(producer, topics, layout.assignment, commands);
      await waitFor('7 results', () => reader.messages.length >= 7, { timeoutMs: 30_000 });
      const results = reader.messages.map((m) => {
        const d = decodeMessage(SeatResult, m.value);
        if (!d.ok) throw new Error(d.reason);
        return d.value;
      });
      // Results are keyed by booking: order holds per booking, not across bookings.
      const of = (id: string) => results.filter((r) => r.bookingId === id);
      const [r1, r1again, rel] = of('b1');
      const [r2, fin, finAgain] = of('b2');
      expect(r1).toMatchObject({ type: 'SeatsReserved', adjacent: true });
      expect(r1again).toMatchObject({
        type: 'SeatsReserved',
        seats: (r1 as { seats: string[] }).seats,
      });
      expect(rel).toMatchObject({
        type: 'SeatsReleased',
        seats: (r1 as { seats: string[] }).seats,
        reason: 'EXPIRED',
      });
      expect(r2).toMatchObject({ type: 'SeatsReserved', seats: ['S0-2-5'] });
      expect(fin).toMatchObject({ type: 'SeatsFinalized', seats: ['S0-2-5'] });
      expect(finAgain).toMatchObject({ type: 'SeatsFinalized', seats: ['S0-2-5'] });
      expect(of('b3')).toEqual([
        expect.objectContaining({
          type: 'ReservationRejected',
          code: 'SEATS_UNAVAILABLE',
          seats: ['S0-2-5'],
        }),
      ]);

      const section = processor.section('evt_rt', 'S0')!;
      const statuses = seatStatuses(section);
      expect(statuses.filter((s) => s.status === 'SOLD').map((s) => s.seat)).toEqual(['S0-2-5']);
      expect(statuses.filter((s) => s.status === 'RESERVED')).toEqual([]);
      expect(bookingSeats(section, 'b1')).toEqual([]);
    } finally {
      await reader.stop();
    }
  });

  it('dead-letters a schema-invalid command with the reason and processes the next one', async () => {
    const dlq = await collect(kafka, [topics.deadLetter], { groupId: `rt-dlq-${ns}` });
    const results = await collect(kafka, [topics.seatResults], { groupId: `rt-results2-${ns}` });
    try {
      const p = layout.assignment['S1']!;
      await producer.send({
        topic: topics.seatCommands,
        messages: [
          {
            key: sectionKey('evt_rt', 'S1'),
            value: '{"type":"ReserveSeats","v":1,"eventId":"evt_rt"}',
            partition: p,
          },
        ],
      });
      await sendCommands(producer, topics, layout.assignment, [
        {
          type: 'ReserveSeats',
          v: 1,
          eventId: 'evt_rt',
          section: 'S1',
          bookingId: 'after-bad',
          mode: 'best-available',
          quantity: 1,
        },
      ]);
      await waitFor('the dead letter', () => dlq.messages.length >= 1, { timeoutMs: 30_000 });
      await waitFor(
        'the next valid command processed',
        () => results.messages.some((m) => m.key === 'after-bad'),
        { timeoutMs: 30_000 },
      );
      const letter = decodeMessage(DeadLetter, dlq.messages[0]!.value);
      expect(letter).toMatchObject({
        ok: true,
        value: {
          sourceTopic: topics.seatCommands,
          partition: p,
          reason: expect.stringMatching(/section/),
        },
      });
    } finally {
      await dlq.stop();
      await results.stop();
    }
  });
});
