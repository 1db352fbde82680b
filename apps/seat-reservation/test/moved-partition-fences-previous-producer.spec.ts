import type { Producer } from 'kafkajs';
import type { SeatProcessor } from '@seat/adapters';
import { SeatResult, decodeMessage } from '@shared/contracts';
import { groupId } from '@shared/streams';
import { collect } from '@shared/testing';
import { sleep, waitFor } from '@shared/util';
import { eventLayout, openTestBed, sendCommands, startProcessor, tempDataDir } from './support';

/**
 * The claim step of the zombie protocol (seat-processor.ts), on its own: a node that takes a
 * partition over fences the producer the partition's committed offset names, before it restores
 * anything. Here the "previous owner" is a transactional producer of the test's that registered
 * for partition p (a committed offset naming it) and then opened a transaction with a result
 * and an offset for p. Once a node claims p, that transaction must fail to commit, its result
 * must never reach a read_committed reader, and the node must sell on p as usual.
 */
describe('a partition that moves to a node', () => {
  const layout = eventLayout('evt_claim', 1, 2, 5);
  const p = layout.assignment['S0']!;
  let bed: Awaited<ReturnType<typeof openTestBed>>;
  let previous: Producer;
  let node: SeatProcessor | undefined;

  beforeAll(async () => {
    bed = await openTestBed('seat-claim');
    previous = bed.kafka.producer({
      transactionalId: `seat-reservation.${bed.ns}.old-owner.x1`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await previous.connect();
  });

  afterAll(async () => {
    await node?.stop();
    await previous.disconnect().catch(() => undefined);
    await bed.cleanup();
  });

  it("fences the producer its committed offset names: that producer's open transaction never commits", async () => {
    const { kafka, ns, topics, producer } = bed;
    const group = groupId('seatReservation', ns);
    const holder = `seat-reservation.${ns}.old-owner.x1`;
    const offsetsOf = (metadata: string) => ({
      consumerGroupId: group,
      topics: [
        { topic: topics.seatCommands, partitions: [{ partition: p, offset: '0', metadata }] },
      ],
    });

    // The previous owner registered for p (its committed offset names it) ...
    const registered = await previous.transaction();
    await registered.sendOffsets(offsetsOf(holder));
    await registered.commit();
    // ... and is mid-transaction when the partition moves.
    const open = await previous.transaction();
    await open.send({
      topic: topics.seatResults,
      messages: [{ key: 'zombie-booking', value: 'published by a fenced producer', partition: p }],
    });
    await open.sendOffsets(offsetsOf(holder));

    const results = await collect(kafka, [topics.seatResults], { groupId: `claim-${ns}` });
    try {
      node = await startProcessor(kafka, ns, 'node-a', tempDataDir());
      await waitFor('the node to restore partition p', () => node!.readyPartitions().includes(p), {
        timeoutMs: 60_000,
      });
      await expect(open.commit()).rejects.toThrow(/epoch|fenced/i);

      await sendCommands(producer, topics, layout.assignment, [
        ...layout.inits,
        {
          type: 'ReserveSeats',
          v: 1,
          eventId: 'evt_claim',
          section: 'S0',
          bookingId: 'after-move',
          mode: 'best-available',
          quantity: 2,
        },
      ]);
      await waitFor(
        "the node's result for p",
        () => results.messages.some((m) => m.key === 'after-move'),
        { timeoutMs: 30_000 },
      );
      await sleep(500);
      expect(results.messages.map((m) => m.key)).toEqual(['after-move']);
      const decoded = decodeMessage(SeatResult, results.messages[0]!.value);
      expect(decoded.ok && decoded.value.type).toBe('SeatsReserved');

      // The committed offset of p now names the node's producer, not the fenced one.
      const admin = kafka.admin();
      await admin.connect();
      try {
        const [offsets] = await admin.fetchOffsets({
          groupId: group,
          topics: [topics.seatCommands],
        });
        const mine = offsets!.partitions.find((x) => x.partition === p)!;
        expect(mine.metadata).toMatch(new RegExp(`^seat-reservation\\.${ns}\\.node-a\\.`));
        expect(Number(mine.offset)).toBe(layout.inits.length + 1);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await results.stop();
    }
  });
});
