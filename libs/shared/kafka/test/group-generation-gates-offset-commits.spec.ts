import type { Consumer, Kafka } from 'kafkajs';
import { createTestTopics, testKafka, testNamespace } from '@shared/testing';
import { waitFor } from '@shared/util';
import { groupGeneration, type GroupGeneration } from '../src/group-generation';

/**
 * The seat processor's zombie gate rests on this: an offset commit made with a generation the
 * group has moved past is refused by the real coordinator, while one made with the current
 * generation lands, metadata and all.
 */
describe('an offset commit bound to a group generation', () => {
  let kafka: Kafka;
  let topic: string;
  let group: string;
  let cleanup: () => Promise<void>;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = testKafka('generation');
    const ns = testNamespace();
    const created = await createTestTopics(kafka, ns, 2);
    topic = created.names.seatCommands;
    group = `generation-${ns}`;
    cleanup = created.cleanup;
    // Offsets committed below must lie inside the log: KafkaJS resets (and commits) an offset
    // that is out of range.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ value: String(i), partition: 0 })),
    });
    await producer.disconnect();
  });

  afterAll(async () => {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await cleanup();
  });

  /** A group member whose latest generation (with its assigned partitions) is kept up to date. */
  async function member() {
    const consumer = kafka.consumer({
      groupId: group,
      sessionTimeout: 6000,
      heartbeatInterval: 500,
    });
    consumers.push(consumer);
    const seen: { generation: GroupGeneration; partitions: number[] }[] = [];
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      seen.push({
        generation: groupGeneration(payload.memberId)!,
        partitions: payload.memberAssignment[topic] ?? [],
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await waitFor('a join', () => seen.length > 0, { timeoutMs: 30_000 });
    return seen;
  }

  const commit = (g: GroupGeneration, metadata: string, offset: string) =>
    g.commit([{ topic, partitions: [{ partition: 0, offset, metadata }] }]);

  async function committed() {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      return offsets!.partitions.find((x) => x.partition === 0)!;
    } finally {
      await admin.disconnect();
    }
  }

  it('is refused once the group moved to a newer generation, and lands with the current one', async () => {
    const first = await member();
    const old = first[first.length - 1]!.generation;
    expect(old.generationId).toBeGreaterThan(0);
    await commit(old, 'holder-1', '5');
    expect(await committed()).toMatchObject({ offset: '5', metadata: 'holder-1' });

    // A second member joins: the group rebalances to a newer generation.
    await member();
    await waitFor(
      'the first member to join the newer generation',
      () => first[first.length - 1]!.generation.generationId > old.generationId,
      { timeoutMs: 30_000 },
    );
    await expect(commit(old, 'zombie', '1')).rejects.toThrow();
    expect(await committed()).toMatchObject({ offset: '5', metadata: 'holder-1' });

    const current = first[first.length - 1]!.generation;
    await commit(current, 'holder-2', '7');
    expect(await committed()).toMatchObject({ offset: '7', metadata: 'holder-2' });
  });
});
