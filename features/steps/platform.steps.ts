import { defineFeature, loadFeature } from 'jest-cucumber';
import type { Kafka, Producer } from 'kafkajs';
import { decodeMessage, encodeMessage, SeatCommand, type ReserveSeats } from '@shared/contracts';
import { assignSections, sectionKey, type TopicNames } from '@shared/streams';
import {
  collect,
  createTestTopics,
  testKafka,
  testNamespace,
  type Collected,
} from '@shared/testing';
import { sleep, waitFor } from '@shared/util';

const feature = loadFeature(`${__dirname}/../platform.feature`);
const layout = [
  { name: 'A', seats: 500 },
  { name: 'B', seats: 300 },
];

defineFeature(feature, (test) => {
  let kafka: Kafka;
  let names: TopicNames;
  let cleanup: () => Promise<void>;
  let producer: Producer;
  let ns: string;
  const assignment = assignSections('evt_gala', layout, 10);

  const reserve = (eventId: string, section: string): ReserveSeats => ({
    type: 'ReserveSeats',
    v: 1,
    eventId,
    section,
    bookingId: `bk_${section}`,
    mode: 'best-available',
    quantity: 2,
  });
  const send = async (command: ReserveSeats, outcome: 'commit' | 'abort') => {
    const tx = await producer.transaction();
    await tx.send({
      topic: names.seatCommands,
      messages: [
        {
          key: sectionKey(command.eventId, command.section),
          value: encodeMessage(command),
          partition: assignment[command.section],
        },
      ],
    });
    await (outcome === 'commit' ? tx.commit() : tx.abort());
  };

  afterAll(async () => {
    await producer?.disconnect();
    await cleanup?.();
  });

  test('A committed command reaches the seat processor, an aborted one never does', ({
    given,
    when,
    and,
    then,
  }) => {
    let received: Collected[] = [];

    given('the topic table of the system, created in a fresh namespace', async () => {
      kafka = testKafka('features');
      ns = testNamespace('f');
      ({ names, cleanup } = await createTestTopics(kafka, ns));
      producer = kafka.producer({
        transactionalId: `features-${ns}`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
    });

    when(
      /^a producer commits a ReserveSeats command for section "(.*)" of event "(.*)"$/,
      (section: string, eventId: string) => send(reserve(eventId, section), 'commit'),
    );

    and(
      /^a producer aborts a ReserveSeats command for section "(.*)" of event "(.*)"$/,
      (section: string, eventId: string) => send(reserve(eventId, section), 'abort'),
    );

    then(
      /^a read_committed consumer of the command topic receives exactly (\d+) command$/,
      async (count: string) => {
        const reader = await collect(kafka, [names.seatCommands], { groupId: `features-${ns}` });
        try {
          await waitFor('the committed command', () => reader.messages.length >= Number(count), {
            timeoutMs: 20_000,
          });
          await sleep(500); // give an aborted record the chance to (wrongly) show up
          received = [...reader.messages];
        } finally {
          await reader.stop();
        }
        expect(received).toHaveLength(Number(count));
      },
    );

    and(/^that command is a valid ReserveSeats for section "(.*)"$/, (section: string) => {
      const decoded = decodeMessage(SeatCommand, received[0]!.value);
      expect(decoded).toMatchObject({ ok: true, value: { type: 'ReserveSeats', section } });
    });

    and("it arrived on the partition the event's section assignment names", () => {
      expect(received[0]!.partition).toBe(assignment['A']);
    });
  });
});
