import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import { applyMigrations, createPgPool, dropDatabase, ensureDatabase } from '@shared/db';
import type { TopicNames } from '@shared/streams';
import {
  collect,
  createTestTopics,
  testDatabaseUrl,
  testKafka,
  testNamespace,
} from '@shared/testing';
import { waitFor } from '@shared/util';
import { createOutboxRelay } from '../src/outbox/outbox.relay';
import { quietLogger } from './support';

/**
 * The relay deletes an outbox row once Kafka has acknowledged it; the table holds unsent rows
 * only. So a delete that ran without the acknowledgement would lose the record for good: a
 * Reserve never sent leaves its booking PROCESSING, a Release never sent leaves seats held.
 */
describe('outbox relay: a row leaves the outbox only when Kafka has it', () => {
  const ns = testNamespace('relay');
  const dbUrl = testDatabaseUrl(testNamespace('relay_'));
  let kafka: Kafka;
  let topics: TopicNames;
  let cleanupTopics: () => Promise<void>;
  let pool: Pool;
  let producer: Producer;

  beforeAll(async () => {
    kafka = testKafka('relay-spec');
    ({ names: topics, cleanup: cleanupTopics } = await createTestTopics(kafka, ns, 2));
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    pool = createPgPool(dbUrl, { max: 4 });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await pool?.end();
    await dropDatabase(dbUrl);
    await cleanupTopics?.();
  });

  /** Stores `n` records as booking would: commands to a partition, status changes by key. */
  async function store(tag: string, n: number): Promise<void> {
    const rows = Array.from({ length: n }, (_, i) =>
      i % 3 === 2
        ? { topic: topics.bookingEvents, partition: null, key: `b-${tag}-${i}`, value: { tag, i } }
        : { topic: topics.seatCommands, partition: i % 2, key: `s-${i % 2}`, value: { tag, i } },
    );
    await pool.query(
      `INSERT INTO booking.outbox (topic, partition, key, value)
       SELECT topic, partition, key, value
       FROM jsonb_to_recordset($1::jsonb) AS r(topic text, partition int, key text, value jsonb)`,
      [JSON.stringify(rows)],
    );
  }
  const unsent = async () =>
    Number(
      (await pool.query<{ n: string }>('SELECT count(*) AS n FROM booking.outbox')).rows[0]!.n,
    );
  /**
   * A producer whose sends wait until `release` is called, as a relay whose send is slow or whose
   * host froze mid-round: its claim stays open meanwhile. `sendStarted` resolves at the first send.
   */
  function heldProducer() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const sendStarted = new Promise<void>((resolve) => (started = resolve));
    const held = {
      sendBatch: async (batch: Parameters<Producer['sendBatch']>[0]) => {
        started();
        await released;
        return producer.sendBatch(batch);
      },
    } as unknown as Producer;
    return { producer: held, release, sendStarted };
  }
  const mine = (messages: { value: string | null }[], tag: string) =>
    messages
      .map((m) => JSON.parse(m.value ?? 'null') as { tag: string; i: number })
      .filter((v) => v.tag === tag);

  it('keeps every row while the send fails, and sends each exactly once when it works', async () => {
    const seen = await collect(kafka, [topics.seatCommands, topics.bookingEvents], {
      groupId: `g-${ns}`,
    });
    try {
      await store('down', 30);
      // A producer that is not connected: the send fails the way a Kafka outage does.
      const broken = kafka.producer({ idempotent: true });
      const down = createOutboxRelay({
        pool,
        producer: broken,
        logger: quietLogger,
        pollMs: 50,
        deadLetterTopic: topics.deadLetter,
      });
      await expect(down.flush()).rejects.toThrow();
      await expect(down.flush()).rejects.toThrow();
      expect(await unsent()).toBe(30);

      const sent: [string, number][] = [];
      const relay = createOutboxRelay({
        pool,
        producer,
        logger: quietLogger,
        pollMs: 50,
        deadLetterTopic: topics.deadLetter,
        onSent: (topic, seconds) => sent.push([topic, seconds]),
      });
      expect(await relay.flush()).toBe(30);
      expect(await unsent()).toBe(0);
      expect(await relay.flush()).toBe(0);

      const arrived = await waitFor('the 30 records in Kafka', () => {
        const list = mine(seen.messages, 'down');
        return list.length >= 30 ? list : undefined;
      });
      expect(arrived.map((v) => v.i).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 30 }, (_, i) => i),
      );
      // Per partition, in the order booking stored them.
      for (const p of [0, 1]) {
        const inPartition = seen.messages
          .filter((m) => m.topic === topics.seatCommands && m.partition === p)
          .map((m) => (JSON.parse(m.value!) as { i: number }).i);
        expect(inPartition).toEqual([...inPartition].sort((a, b) => a - b));
      }
      // Each acknowledged row was timed once, under its topic.
      expect(sent).toHaveLength(30);
      expect(sent.filter(([t]) => t === topics.bookingEvents)).toHaveLength(10);
      expect(sent.every(([, s]) => s >= 0 && s < 60)).toBe(true);
    } finally {
      await seen.stop();
    }
  });

  it('with two instances, one sends at a time: a later record never overtakes an earlier one', async () => {
    const seen = await collect(kafka, [topics.bookingEvents], { groupId: `g2-${ns}` });
    // Instance A's producer holds its send: A has claimed the first record and is still sending
    // it when the booking's next record is written.
    const slow = heldProducer();
    const a = createOutboxRelay({
      pool,
      producer: slow.producer,
      logger: quietLogger,
      pollMs: 50,
      deadLetterTopic: topics.deadLetter,
    });
    const b = createOutboxRelay({
      pool,
      producer,
      logger: quietLogger,
      pollMs: 50,
      deadLetterTopic: topics.deadLetter,
    });
    const record = (step: string) =>
      pool.query(
        `INSERT INTO booking.outbox (topic, partition, key, value) VALUES ($1, NULL, 'b-order', $2)`,
        [topics.bookingEvents, JSON.stringify({ tag: 'order', step })],
      );
    try {
      await record('PENDING_PAYMENT');
      const aDone = a.flush();
      await slow.sendStarted;
      await record('PAID');
      // B's round must wait for A's: were it to claim the PAID row now (A holds only the first),
      // PAID would reach Kafka first. Give it a second to do so before A's send may finish.
      const bDone = b.flush();
      const bFirst = await Promise.race([
        bDone.then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 1_000)),
      ]);
      slow.release();
      expect(await aDone).toBe(1);
      expect(await bDone).toBe(1);
      expect(bFirst).toBe(false);
      const steps = await waitFor('both records in Kafka', () => {
        const list = seen.messages
          .filter((m) => m.key === 'b-order')
          .map((m) => (JSON.parse(m.value!) as { step: string }).step);
        return list.length >= 2 ? list : undefined;
      });
      expect(steps).toEqual(['PENDING_PAYMENT', 'PAID']);
    } finally {
      slow.release();
      await seen.stop();
    }
  });

  it('lets another instance send once a round that stopped answering is ended by PostgreSQL', async () => {
    const seen = await collect(kafka, [topics.bookingEvents], { groupId: `g3-${ns}` });
    // Instance A claims the record, then its send hangs (a frozen host): its transaction sits
    // idle with the record's row locked, and B's round waits behind it.
    const hung = heldProducer();
    const a = createOutboxRelay({
      pool,
      producer: hung.producer,
      logger: quietLogger,
      pollMs: 50,
      deadLetterTopic: topics.deadLetter,
      roundIdleLimitMs: 500,
    });
    const b = createOutboxRelay({
      pool,
      producer,
      logger: quietLogger,
      pollMs: 50,
      deadLetterTopic: topics.deadLetter,
    });
    try {
      await pool.query(
        `INSERT INTO booking.outbox (topic, partition, key, value) VALUES ($1, NULL, 'b-stall', '{}')`,
        [topics.bookingEvents],
      );
      const aDone = a.flush();
      aDone.catch(() => undefined);
      await hung.sendStarted;
      // PostgreSQL ends A's idle transaction after half a second; B then sends the record,
      // while A's send is still hanging.
      const bSent = await Promise.race([
        b.flush(),
        new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 15_000)),
      ]);
      expect(bSent).toBe(1);
      expect(await unsent()).toBe(0);
      // A wakes up: its send goes out (a duplicate, which consumers absorb), its delete fails.
      hung.release();
      await expect(aDone).rejects.toThrow();
      await waitFor('the record in Kafka', () =>
        seen.messages.some((m) => m.key === 'b-stall') ? true : undefined,
      );
    } finally {
      hung.release();
      await seen.stop();
    }
  });

  it('sends rows stored while it runs, woken by kick, and leaves none behind', async () => {
    const relay = createOutboxRelay({
      pool,
      producer,
      logger: quietLogger,
      pollMs: 60_000,
      deadLetterTopic: topics.deadLetter,
    });
    relay.start();
    try {
      for (let round = 0; round < 5; round++) {
        await store(`live${round}`, 9);
        relay.kick();
      }
      // The poll interval is a minute: only the kicks can have sent them.
      await waitFor('the outbox to empty', async () => (await unsent()) === 0, {
        timeoutMs: 20_000,
      });
    } finally {
      await relay.stop();
    }
  });
});
