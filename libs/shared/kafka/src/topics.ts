import type { Kafka } from 'kafkajs';
import type { TopicCreation } from '@shared/streams';
import { waitFor } from '@shared/util';

/**
 * Creates the topics that do not exist yet; leaves existing ones alone (idempotent), but
 * fails loudly when an existing topic has fewer partitions than required, since the
 * section-to-partition assignment depends on the count.
 */
export async function ensureTopics(
  kafka: Kafka,
  creations: TopicCreation[],
): Promise<{ created: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = creations.filter((c) => !existing.has(c.topic));
    if (missing.length > 0) {
      // Not KafkaJS's waitForLeaders: a KRaft broker briefly answers "does not host this
      // topic-partition" right after creating a topic, and KafkaJS gives up on that answer
      // (tulios/kafkajs#1222). Poll the metadata until every partition has a leader instead.
      await admin.createTopics({ topics: missing, waitForLeaders: false });
      await waitFor(
        `leaders for ${missing.length} new topic(s)`,
        async () => {
          const meta = await admin.fetchTopicMetadata({ topics: missing.map((c) => c.topic) });
          return missing.every((c) => {
            const t = meta.topics.find((x) => x.name === c.topic);
            return (
              t !== undefined &&
              t.partitions.length >= c.numPartitions &&
              t.partitions.every((p) => p.leader >= 0)
            );
          });
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
    }
    const present = creations.filter((c) => existing.has(c.topic));
    if (present.length > 0) {
      const meta = await admin.fetchTopicMetadata({ topics: present.map((c) => c.topic) });
      for (const t of meta.topics) {
        const want = present.find((c) => c.topic === t.name)!.numPartitions;
        if (t.partitions.length < want) {
          throw new Error(
            `topic ${t.name} has ${t.partitions.length} partitions, the system needs ${want}: raise it with kafka-topics --alter or use a fresh namespace`,
          );
        }
      }
    }
    return { created: missing.map((c) => c.topic) };
  } finally {
    await admin.disconnect();
  }
}

/** Deletes topics (tests clean up their namespaced copies). Missing topics are ignored. */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout: 10_000 });
  } finally {
    await admin.disconnect();
  }
}
