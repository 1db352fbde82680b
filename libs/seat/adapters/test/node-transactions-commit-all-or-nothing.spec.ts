// A node's shared transactions against the real broker, all or nothing.
// - Back to back, as a busy node sends them: each round touches every partition of three topics
//   and commits offsets, and the next starts while the coordinator may still be writing the
//   previous one's commit markers. None may fail: a failed transaction retires the producer and
//   makes every partition of the node restore.
// - Records and offsets go concurrently: when one half is refused, the other must not commit.
import type { Admin, Kafka } from 'kafkajs';
import type { TopicNames } from '@shared/streams';
import { createKafka } from '@shared/kafka';
import { collect, createTestTopics, testBrokers, testNamespace } from '@shared/testing';
import { createLogger, sleep, waitFor } from '@shared/util';
import { createSeatMetrics } from '../src/processor/metrics';
import { NodeTransactions, TransactionFailed } from '../src/processor/node-transactions';

const log = createLogger('node-transactions-it', 'silent');
const ns = testNamespace('ntx');
const PARTITIONS = 10;
const ROUNDS = 30;

let kafka: Kafka;
let admin: Admin;
let topics: TopicNames;
let cleanup: () => Promise<void>;
const opened: NodeTransactions[] = [];
const metrics = createSeatMetrics('ntx-it');
const groupId = `ntx-group-${ns}`;

beforeAll(async () => {
  // The client the seat node gives its transactional producers (apps/seat-reservation/src/node.ts).
  kafka = createKafka({
    brokers: testBrokers(),
    clientId: 'node-transactions-it',
    retry: { initialRetryTime: 10, multiplier: 1.6, maxRetryTime: 1000, retries: 15 },
  });
  ({ names: topics, cleanup } = await createTestTopics(kafka, ns, PARTITIONS));
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  for (const t of opened) await t.close();
  await admin?.disconnect();
  await cleanup?.();
});

const aborts = async () => (await metrics.aborts.get()).values.reduce((sum, v) => sum + v.value, 0);

describe("a node's shared transactions", () => {
  it('commit round after round over every partition, none aborted, offsets and records all there', async () => {
    const txs = new NodeTransactions({
      kafka,
      transactionalId: (incarnation) => `ntx-${ns}-${incarnation}`,
      groupId,
      metrics,
      logger: log,
    });
    opened.push(txs);
    const registeredAs = await txs.initializedId();
    for (let round = 0; round < ROUNDS; round++) {
      // One contribution per partition, all submitted at once: one transaction per round.
      await Promise.all(
        Array.from({ length: PARTITIONS }, (_, p) =>
          txs.submit({
            topicMessages: [topics.seatResults, topics.seatAvailability, topics.seatChangelog].map(
              (topic) => ({
                topic,
                messages: [{ key: `k${p}`, value: `${round}`, partition: p }],
              }),
            ),
            offset: { topic: topics.seatCommands, partition: p, offset: String(round + 1) },
            registeredAs,
          }),
        ),
      );
    }
    expect(await aborts()).toBe(0);
    expect(txs.id).toBe(registeredAs); // never retired

    const committed = await admin.fetchOffsets({ groupId, topics: [topics.seatCommands] });
    const partitions = committed[0]!.partitions.sort((a, b) => a.partition - b.partition);
    expect(partitions.map((x) => [x.partition, x.offset, x.metadata])).toEqual(
      Array.from({ length: PARTITIONS }, (_, p) => [p, String(ROUNDS), registeredAs]),
    );
    // Every round's records reach a read_committed reader, each once.
    const results = await collect(kafka, [topics.seatResults], { groupId: `ntx-read-${ns}` });
    try {
      await waitFor('the committed results', () => results.messages.length >= ROUNDS * PARTITIONS, {
        timeoutMs: 20_000,
      });
      await sleep(300); // a duplicate would arrive in the same fetches
      expect(results.messages).toHaveLength(ROUNDS * PARTITIONS);
      expect(new Set(results.messages.map((m) => `${m.partition}:${m.value}`)).size).toBe(
        ROUNDS * PARTITIONS,
      );
    } finally {
      await results.stop();
    }
  });
  it('aborts the whole transaction when its offsets are refused: the records sent with them are never read', async () => {
    // The offsets half fails at once (no group id), while the records half reaches the broker.
    const brokenMetrics = createSeatMetrics('ntx-it-broken');
    const broken = new NodeTransactions({
      kafka,
      transactionalId: (incarnation) => `ntx-broken-${ns}-${incarnation}`,
      groupId: '',
      metrics: brokenMetrics,
      logger: log,
    });
    opened.push(broken);
    const registeredAs = await broken.initializedId();
    const partition = 7;
    await expect(
      broken.submit({
        topicMessages: [
          { topic: topics.seatResults, messages: [{ key: 'x', value: 'refused', partition }] },
        ],
        offset: { topic: topics.seatCommands, partition, offset: '1' },
        registeredAs,
      }),
    ).rejects.toBeInstanceOf(TransactionFailed);
    const aborted = (await brokenMetrics.aborts.get()).values;
    expect(aborted.map((v) => [v.labels['reason'], v.value])).toEqual([['error', 1]]);
    expect(broken.id).not.toBe(registeredAs); // retired: the next transaction uses a new id

    // A committed record behind it on the same partition: read_committed gets past the aborted
    // one only once its abort marker is written.
    const good = new NodeTransactions({
      kafka,
      transactionalId: (incarnation) => `ntx-after-${ns}-${incarnation}`,
      groupId,
      metrics,
      logger: log,
    });
    opened.push(good);
    await good.submit({
      topicMessages: [
        { topic: topics.seatResults, messages: [{ key: 'y', value: 'after', partition }] },
      ],
      registeredAs: await good.initializedId(),
    });
    const committed = await collect(kafka, [topics.seatResults], { groupId: `ntx-rc-${ns}` });
    const uncommitted = await collect(kafka, [topics.seatResults], {
      groupId: `ntx-ru-${ns}`,
      readUncommitted: true,
    });
    try {
      await waitFor('the record after', () => committed.messages.some((m) => m.value === 'after'), {
        timeoutMs: 20_000,
      });
      // The refused transaction's record is in the log (so the records half did run) ...
      await waitFor(
        'the refused bytes for read_uncommitted',
        () => uncommitted.messages.some((m) => m.value === 'refused'),
        { timeoutMs: 20_000 },
      );
      // ... and never reaches a read_committed reader.
      expect(committed.messages.map((m) => m.value)).not.toContain('refused');
    } finally {
      await committed.stop();
      await uncommitted.stop();
    }
  });
});
