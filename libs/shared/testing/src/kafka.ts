import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { createKafka, deleteTopics, ensureTopics } from '@shared/kafka';
import { topicCreations, topicNames, type TopicNames } from '@shared/streams';
import { InfraEnv, brokerList, parseEnv, waitFor } from '@shared/util';

/** The real broker that `npm test` brought up (KAFKA_BROKERS), never a mock. */
export function testKafka(clientId = 'test'): Kafka {
  const env = parseEnv(InfraEnv, process.env);
  return createKafka({ brokers: brokerList(env.KAFKA_BROKERS), clientId });
}

export function testBrokers(): string[] {
  return brokerList(parseEnv(InfraEnv, process.env).KAFKA_BROKERS);
}

/** Creates the whole topic table under `namespace`; returns its names and a cleanup. */
export async function createTestTopics(
  kafka: Kafka,
  namespace: string,
  partitions = 10,
): Promise<{ names: TopicNames; cleanup: () => Promise<void> }> {
  await ensureTopics(kafka, topicCreations({ namespace, partitions, replicationFactor: 1 }));
  const names = topicNames(namespace);
  return { names, cleanup: () => deleteTopics(kafka, Object.values(names)) };
}

export interface Collected {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Subscribes a fresh group to `topics` from the beginning and collects every message, with
 * the isolation level given (read_committed by default, as every consumer of results uses).
 */
export async function collect(
  kafka: Kafka,
  topics: string[],
  opts: { groupId: string; readUncommitted?: boolean },
): Promise<{ messages: Collected[]; consumer: Consumer; stop: () => Promise<void> }> {
  const messages: Collected[] = [];
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    readUncommitted: opts.readUncommitted ?? false,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {}))
        if (v !== undefined) headers[k] = String(v);
      messages.push({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: message.value?.toString() ?? null,
        headers,
      });
    },
  });
  await waitFor(`consumer group ${opts.groupId} to join`, () => joined, { timeoutMs: 30_000 });
  return { messages, consumer, stop: () => consumer.disconnect() };
}
