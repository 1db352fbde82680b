/**
 * Follows a topic from its current end: the end offsets are taken before this resolves, and the
 * consumer is sought to them, so whatever is produced after tailTopic() returns is delivered
 * (no race between joining the group and the first record). read_committed.
 */
import type { Kafka, KafkaMessage } from 'kafkajs';
import { positionOnEveryJoin } from '@shared/kafka';
import { waitFor } from '@shared/util';

export async function tailTopic(
  kafka: Kafka,
  topic: string,
  onMessage: (message: KafkaMessage, partition: number) => void,
): Promise<{ stop: () => Promise<void> }> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const consumer = kafka.consumer({
    groupId: `loadtest-tail-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    readUncommitted: false,
    maxWaitTimeInMs: 10,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  // Where each partition goes on: its end at the start, then past the last message delivered.
  const next = new Map(ends.map((e) => [e.partition, e.offset]));
  let joined = false;
  positionOnEveryJoin(
    consumer,
    topic,
    () => next,
    () => (joined = true),
  );
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        if (BigInt(m.offset) < BigInt(next.get(batch.partition) ?? '0')) continue; // before a seek
        next.set(batch.partition, (BigInt(m.offset) + 1n).toString());
        onMessage(m, batch.partition);
      }
    },
  });
  await waitFor(`a consumer of ${topic} to join`, () => joined, {
    timeoutMs: 30_000,
    intervalMs: 20,
  });
  return { stop: () => consumer.disconnect() };
}
