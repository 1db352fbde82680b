// The changelog reader against the real broker: a restore must read a partition that is larger
// than one fetch to its barrier, every record once, without waiting on its watchdog.
import type { Kafka } from 'kafkajs';
import type { TopicNames } from '@shared/streams';
import { createTestTopics, testKafka, testNamespace } from '@shared/testing';
import { createLogger } from '@shared/util';
import { ChangelogReader } from '../src/processor/changelog-reader';

const log = createLogger('changelog-reader-it', 'silent');
const ns = testNamespace('clr');
const PARTITION = 1;
const RECORDS = 400;

let kafka: Kafka;
let topics: TopicNames;
let cleanup: () => Promise<void>;
let reader: ChangelogReader;

beforeAll(async () => {
  kafka = testKafka('changelog-reader-it');
  ({ names: topics, cleanup } = await createTestTopics(kafka, ns, 2));
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  // 40 sends of 10 records of 1 KB: 40 record batches, so a 16 KB fetch holds one or two.
  for (let send = 0; send < RECORDS / 10; send++) {
    await producer.send({
      topic: topics.seatChangelog,
      messages: Array.from({ length: 10 }, (_, i) => ({
        key: `ev:S${send * 10 + i}`,
        value: Buffer.alloc(1024, send),
        partition: PARTITION,
      })),
    });
  }
  await producer.send({
    topic: topics.seatChangelog,
    messages: [{ key: '__barrier__:it', value: null, partition: PARTITION }],
  });
  await producer.disconnect();
  reader = new ChangelogReader(kafka, topics.seatChangelog, `clr-${ns}`, 2, log, 16 * 1024);
  await reader.start();
});

afterAll(async () => {
  await reader?.stop();
  await cleanup?.();
});

describe('the changelog reader', () => {
  it('reads a partition many fetches long to its barrier, each record once', async () => {
    const seen: string[] = [];
    // The watchdog would re-seek only after 60 s without progress and the read gives up after
    // 30 s: a reader that fetched the same records again instead of moving on fails here.
    await reader.read(PARTITION, 0n, '__barrier__:it', (key) => seen.push(key), {
      attemptMs: 60_000,
      timeoutMs: 30_000,
    });
    expect(seen).toHaveLength(RECORDS);
    expect(new Set(seen).size).toBe(RECORDS);
    expect(seen[0]).toBe('ev:S0');
    expect(seen[RECORDS - 1]).toBe(`ev:S${RECORDS - 1}`);
  });
});
