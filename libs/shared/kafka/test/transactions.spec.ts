import type { Kafka, Producer } from 'kafkajs';
import { collect, createTestTopics, testKafka, testNamespace } from '@shared/testing';
import { waitFor, sleep } from '@shared/util';
import { COORDINATOR_CACHE_TTL_MS } from '../src/coordinator-cache';

/**
 * Smoke test of the broker that `npm test` brings up: exactly-once rests on transactions and
 * read_committed consumers, so prove both against the real thing.
 */
describe('Kafka transactions on the real broker', () => {
  let kafka: Kafka;
  let ns: string;
  let topic: string;
  let cleanup: () => Promise<void>;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka('smoke');
    ns = testNamespace();
    const created = await createTestTopics(kafka, ns, 3);
    topic = created.names.seatResults;
    cleanup = created.cleanup;
    producer = kafka.producer({
      transactionalId: `smoke-${ns}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await cleanup();
  });

  it('delivers a committed transaction to a read_committed consumer', async () => {
    const tx = await producer.transaction();
    await tx.send({
      topic,
      messages: [
        { key: 'k1', value: 'committed-1', partition: 0 },
        { key: 'k2', value: 'committed-2', partition: 1 },
      ],
    });
    await tx.commit();

    const reader = await collect(kafka, [topic], { groupId: `smoke-commit-${ns}` });
    try {
      await waitFor('both committed messages', () => reader.messages.length >= 2, {
        timeoutMs: 20_000,
      });
      expect(reader.messages.map((m) => m.value).sort()).toEqual(['committed-1', 'committed-2']);
    } finally {
      await reader.stop();
    }
  });

  it('never shows an aborted transaction to a read_committed consumer, though the bytes are in the log', async () => {
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'x', value: 'aborted', partition: 2 }] });
    await aborted.abort();
    const after = await producer.transaction();
    await after.send({ topic, messages: [{ key: 'y', value: 'after-abort', partition: 2 }] });
    await after.commit();

    const committed = await collect(kafka, [topic], { groupId: `smoke-rc-${ns}` });
    const uncommitted = await collect(kafka, [topic], {
      groupId: `smoke-ru-${ns}`,
      readUncommitted: true,
    });
    try {
      await waitFor(
        'the message after the abort',
        () => committed.messages.some((m) => m.value === 'after-abort'),
        { timeoutMs: 20_000 },
      );
      // read_uncommitted sees the aborted record: the test would notice if the abort never reached the log.
      await waitFor(
        'the aborted bytes for read_uncommitted',
        () => uncommitted.messages.some((m) => m.value === 'aborted'),
        { timeoutMs: 20_000 },
      );
      await sleep(500);
      expect(committed.messages.map((m) => m.value)).not.toContain('aborted');
    } finally {
      await committed.stop();
      await uncommitted.stop();
    }
  });

  it('looks the coordinators up once for a run of transactions, not before every step', async () => {
    // Each transaction below sends, adds consumer offsets and commits: KafkaJS alone asks
    // FindCoordinator 4 times for that; with the cache, once per coordinator while it is fresh.
    const lookups: string[] = [];
    const off = producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'GroupCoordinator') lookups.push(payload.apiName); // KafkaJS's name for FindCoordinator
    });
    const started = Date.now();
    try {
      for (let i = 0; i < 5; i++) {
        const tx = await producer.transaction();
        await tx.send({ topic, messages: [{ key: `c${i}`, value: `run-${i}`, partition: 0 }] });
        await tx.sendOffsets({
          consumerGroupId: `smoke-offsets-${ns}`,
          topics: [{ topic, partitions: [{ partition: 0, offset: String(i + 1) }] }],
        });
        await tx.commit();
      }
    } finally {
      off();
    }
    // Two coordinators (transaction and group), each looked up again once its answer is stale.
    const windows = 1 + Math.ceil((Date.now() - started) / COORDINATOR_CACHE_TTL_MS);
    expect(lookups.length).toBeLessThanOrEqual(2 * windows);
    expect(lookups.length).toBeGreaterThan(0); // the listener really saw the requests
  });
});
