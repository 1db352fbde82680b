import { Writable } from 'node:stream';
import type { Kafka, Producer } from 'kafkajs';
import type { Pool } from 'pg';
import pino from 'pino';
import { DeadLetter, decodeMessage } from '@shared/contracts';
import { applyMigrations, createPgPool, dropDatabase, ensureDatabase } from '@shared/db';
import { createKafka } from '@shared/kafka';
import type { TopicNames } from '@shared/streams';
import {
  collect,
  createTestTopics,
  testBrokers,
  testDatabaseUrl,
  testKafka,
  testNamespace,
} from '@shared/testing';
import { waitFor } from '@shared/util';
import { createBookingMetrics } from '../src/metrics';
import { createOutboxRelay } from '../src/outbox/outbox.relay';

/**
 * The relay sends in id order and a row leaves the outbox only once Kafka has it. A row Kafka
 * will never take (too large for the broker, a topic that does not exist or cannot exist, a
 * partition the topic does not have) used to stop every row behind it for good: each round
 * failed on it and rolled back. After a bounded number of refusals it must go to the
 * dead-letter topic with Kafka's reason, leave the outbox, and be counted and logged, while the
 * rows behind it are sent. On the real broker, whose records are limited to about 1 MB.
 */
describe('outbox relay: a record Kafka refuses is dead-lettered and the rows behind it go out', () => {
  const ns = testNamespace('poison');
  const dbUrl = testDatabaseUrl(testNamespace('poison_'));
  let kafka: Kafka;
  let topics: TopicNames;
  let cleanupTopics: () => Promise<void>;
  let pool: Pool;

  beforeAll(async () => {
    kafka = testKafka('poison-spec');
    ({ names: topics, cleanup: cleanupTopics } = await createTestTopics(kafka, ns, 2));
    await ensureDatabase(dbUrl);
    await applyMigrations(dbUrl);
    pool = createPgPool(dbUrl, { max: 4 });
  });

  afterAll(async () => {
    await pool?.end();
    await dropDatabase(dbUrl);
    await cleanupTopics?.();
  });

  interface StoredRow {
    topic: string;
    partition: number | null;
    key: string;
    value: unknown;
  }
  async function store(rows: StoredRow[]): Promise<void> {
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
  const good = (tag: string, i: number): StoredRow => ({
    topic: topics.seatCommands,
    partition: i % 2,
    key: `s-${i % 2}`,
    value: { tag, i },
  });

  /** A logger whose lines the test reads, as an operator's log search would. */
  function capturingLogger() {
    const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    return { logger: pino({ level: 'info' }, stream), lines };
  }

  async function expectDeadLettered(opts: {
    tag: string;
    poison: StoredRow;
    reason: RegExp;
    /** Default: as booking's runtime makes it, one per case. */
    producer?: Producer;
    /** The good rows' partition (default: 0 and 1 in turn). */
    partition?: number;
    maxRecordBytes?: number;
  }): Promise<void> {
    const goodRow = (i: number): StoredRow =>
      opts.partition === undefined
        ? good(opts.tag, i)
        : { ...good(opts.tag, i), partition: opts.partition, key: `s-${opts.partition}` };
    const seen = await collect(kafka, [topics.seatCommands, topics.deadLetter], {
      groupId: `g-${opts.tag}-${ns}`,
    });
    const metrics = createBookingMetrics(pool);
    const { logger, lines } = capturingLogger();
    const producer = opts.producer ?? kafka.producer({ idempotent: true });
    if (!opts.producer) await producer.connect();
    const relay = createOutboxRelay({
      pool,
      producer,
      logger,
      pollMs: 50,
      deadLetterTopic: topics.deadLetter,
      onDeadLettered: (topic: string) => metrics.outboxDeadLettered.inc({ topic }),
      ...(opts.maxRecordBytes ? { maxRecordBytes: opts.maxRecordBytes } : {}),
    });
    try {
      // Good rows before and after: the poison row sits in the middle of a claim.
      await store([
        goodRow(0),
        goodRow(1),
        opts.poison,
        ...Array.from({ length: 6 }, (_, i) => goodRow(i + 2)),
      ]);
      relay.start();
      const sent = await waitFor(
        'the 8 good records in Kafka',
        () => {
          const list = seen.messages
            .filter((m) => m.topic === topics.seatCommands)
            .map((m) => JSON.parse(m.value ?? 'null') as { tag?: string; i: number })
            .filter((v) => v.tag === opts.tag)
            .map((v) => v.i);
          return new Set(list).size >= 8 ? list : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect([...new Set(sent)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      const letter = await waitFor('the poison record in the dead-letter topic', () => {
        for (const m of seen.messages.filter((x) => x.topic === topics.deadLetter)) {
          const d = decodeMessage(DeadLetter, m.value);
          if (d.ok && d.value.key === opts.poison.key) return d.value;
        }
        return undefined;
      });
      expect(letter.sourceTopic).toBe(opts.poison.topic);
      expect(letter.reason).toMatch(opts.reason);
      expect(letter.value).toContain(`"poison"`);
      await waitFor('the outbox to empty', async () => (await unsent()) === 0);
      // Counted, for the topic it was meant for, and logged with the reason.
      const exposition = await metrics.registry.metrics();
      expect(exposition).toContain(
        `booking_outbox_dead_lettered_total{topic="${opts.poison.topic}"} 1`,
      );
      const logged = lines.find((l) => /dead-letter/i.test(l.msg) && l['reason']);
      expect(logged).toBeDefined();
      expect(String(logged!['reason'])).toMatch(opts.reason);
      expect(logged!.level).toBeGreaterThanOrEqual(40);
    } finally {
      await relay.stop();
      if (!opts.producer) await producer.disconnect();
      await seen.stop();
      // A failed case leaves its rows: the next case starts from an empty outbox.
      await pool.query('DELETE FROM booking.outbox');
    }
  }

  it('dead-letters a record too large for the broker', async () => {
    await expectDeadLettered({
      tag: 'large',
      poison: {
        topic: topics.seatCommands,
        partition: 0,
        key: 'poison-large',
        value: { poison: true, padding: 'x'.repeat(1_200_000) },
      },
      reason: /MESSAGE_TOO_LARGE|larger than/i,
    });
  });

  it('dead-letters a record the broker refuses when the relay is told a larger limit', async () => {
    // The relay's own check let it through: the broker's answer is what refuses it.
    await expectDeadLettered({
      tag: 'broker',
      partition: 0,
      maxRecordBytes: 4_000_000,
      poison: {
        topic: topics.seatCommands,
        partition: 0,
        key: 'poison-broker',
        value: { poison: true, padding: 'x'.repeat(1_200_000) },
      },
      reason: /MESSAGE_TOO_LARGE: The request included a message larger/,
    });
  });

  it('dead-letters a record for a topic name Kafka cannot have', async () => {
    await expectDeadLettered({
      tag: 'invalid',
      poison: { topic: 'no spaces allowed!', partition: null, key: 'poison-name', value: 'poison' },
      reason: /INVALID_TOPIC|invalid topic/i,
    });
  });

  it('dead-letters a record for a partition the topic does not have, instead of losing it', async () => {
    // KafkaJS answers such a send with success and sends nothing: deleting the row on that
    // answer loses the record without a trace.
    await expectDeadLettered({
      tag: 'partition',
      poison: {
        topic: topics.seatCommands,
        partition: 7,
        key: 'poison-partition',
        value: { poison: true },
      },
      reason: /partition 7/,
    });
  });

  it('dead-letters a record for a topic that does not exist', async () => {
    // A producer that gives up on a missing topic after a few short retries (the default
    // schedule takes about 9 s per attempt; the outcome is the same).
    const quick = createKafka({
      brokers: testBrokers(),
      clientId: 'poison-spec-quick',
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 300 },
    }).producer({ idempotent: true });
    await quick.connect();
    try {
      await expectDeadLettered({
        tag: 'missing',
        poison: {
          topic: `seat.commands.missing${ns}`,
          partition: null,
          key: 'poison-missing',
          value: { poison: true },
        },
        reason: /UNKNOWN_TOPIC_OR_PARTITION|does not host/i,
        producer: quick,
      });
    } finally {
      await quick.disconnect();
    }
  });
});
