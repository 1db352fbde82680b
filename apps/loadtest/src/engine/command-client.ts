/**
 * Sends seat commands straight to the command topic and resolves each with its result from
 * seat.results (read_committed, as booking reads it). Commands queued in the same tick go out in
 * one produce request, and the next batch forms while one is in flight: the engine sees the
 * bursts a busy booking service would send, and the client never waits on its own producer.
 */
import type { Consumer, Kafka, Producer } from 'kafkajs';
import {
  SeatResult,
  decodeMessage,
  encodeMessage,
  type SeatCommand,
  type SeatResult as SeatResultValue,
} from '@shared/contracts';
import { sectionKey, topicNames } from '@shared/streams';

export interface CommandClient {
  /** Sends a command to `partition`; for Reserve/Release/Finalize resolves with its result. */
  request(
    command: SeatCommand & { bookingId: string },
    partition: number,
  ): Promise<SeatResultValue>;
  /** Fire and forget (InitSection has no result on seat.results). */
  send(command: SeatCommand, partition: number): Promise<void>;
  close(): Promise<void>;
}

export async function createCommandClient(kafka: Kafka, namespace: string): Promise<CommandClient> {
  const topics = topicNames(namespace);
  const waiting = new Map<string, (r: SeatResultValue) => void>();
  const consumer: Consumer = kafka.consumer({
    groupId: `loadtest-results-${namespace}-${process.pid}-${Date.now().toString(36)}`,
    readUncommitted: false,
    maxWaitTimeInMs: 10,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.seatResults], fromBeginning: false });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const r = decodeMessage(SeatResult, m.value);
        if (!r.ok) continue;
        const resolve = waiting.get(r.value.bookingId);
        if (resolve) {
          waiting.delete(r.value.bookingId);
          resolve(r.value);
        }
      }
    },
  });
  while (!joined) await new Promise((r) => setTimeout(r, 50));
  // fromBeginning: false starts at the latest offset once assigned; a short pause lets the
  // fetch position settle before the first command so no result is missed.
  await new Promise((r) => setTimeout(r, 500));

  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let queue: { key: string; value: Buffer; partition: number }[] = [];
  let queued: (() => void)[] = [];
  let flushing = false;
  const flush = async () => {
    if (flushing || queue.length === 0) return;
    flushing = true;
    while (queue.length > 0) {
      const messages = queue;
      const done = queued;
      queue = [];
      queued = [];
      await producer.send({ topic: topics.seatCommands, messages });
      done.forEach((d) => d());
    }
    flushing = false;
  };
  const enqueue = (command: SeatCommand, partition: number) =>
    new Promise<void>((resolve, reject) => {
      queue.push({
        key: sectionKey(command.eventId, command.section),
        value: encodeMessage(command),
        partition,
      });
      queued.push(resolve);
      setImmediate(() => flush().catch(reject));
    });

  return {
    request(command, partition) {
      const result = new Promise<SeatResultValue>((resolve) =>
        waiting.set(command.bookingId, resolve),
      );
      return enqueue(command, partition).then(() => result);
    },
    send: enqueue,
    async close() {
      await producer.disconnect();
      await consumer.disconnect();
    },
  };
}
