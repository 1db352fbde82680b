/**
 * Sends seat commands straight to the command topic and resolves each with its result from
 * seat.results (read_committed, as booking reads it). Commands queued in the same tick go out in
 * one produce request, and the next batch forms while one is in flight: the engine sees the
 * bursts a busy booking service would send, and the client never waits on its own producer.
 */
import type { Kafka, Producer } from 'kafkajs';
import {
  SeatResult,
  decodeMessage,
  encodeMessage,
  type SeatCommand,
  type SeatResult as SeatResultValue,
} from '@shared/contracts';
import { sectionKey, topicNames } from '@shared/streams';
import { tailTopic } from '../kafka/tail';

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
  const tail = await tailTopic(kafka, topics.seatResults, (m) => {
    const r = decodeMessage(SeatResult, m.value);
    if (!r.ok) return;
    const resolve = waiting.get(r.value.bookingId);
    if (resolve) {
      waiting.delete(r.value.bookingId);
      resolve(r.value);
    }
  });

  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  type Settle = { resolve: () => void; reject: (err: Error) => void };
  let queue: { key: string; value: Buffer; partition: number }[] = [];
  let queued: Settle[] = [];
  let flushing = false;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    while (queue.length > 0) {
      const messages = queue;
      const batch = queued;
      queue = [];
      queued = [];
      try {
        await producer.send({ topic: topics.seatCommands, messages });
        batch.forEach((b) => b.resolve());
      } catch (err) {
        // The producer retried already: every command of the batch fails, the next batch tries again.
        batch.forEach((b) => b.reject(err as Error));
      }
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
      queued.push({ resolve, reject });
      setImmediate(() => void flush());
    });

  return {
    request(command, partition) {
      const result = new Promise<SeatResultValue>((resolve) =>
        waiting.set(command.bookingId, resolve),
      );
      return enqueue(command, partition).then(
        () => result,
        (err: Error) => {
          waiting.delete(command.bookingId);
          throw err;
        },
      );
    },
    send: enqueue,
    async close() {
      await producer.disconnect();
      await tail.stop();
    },
  };
}
