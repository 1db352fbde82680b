import type { KafkaMessage, Producer, Transaction } from 'kafkajs';
import type { z } from 'zod';
import { decodeMessage, encodeMessage, type DeadLetter } from '@shared/contracts';
import type { Logger } from '@shared/util';

/** How much of a dead-lettered value travels along, in characters. */
const VALUE_LIMIT = 100_000;

/**
 * Builds the dead-letter record for a message a consumer cannot accept. The original bytes
 * travel along (as text), so an operator can fix and re-drive the message.
 */
export function deadLetterRecord(args: {
  sourceTopic: string;
  partition: number;
  message: KafkaMessage;
  reason: string;
  consumer: string;
}): { key: Buffer | null; value: Buffer } {
  const value: DeadLetter = {
    type: 'DeadLetter',
    v: 1,
    sourceTopic: args.sourceTopic,
    partition: args.partition,
    offset: args.message.offset,
    key: args.message.key ? args.message.key.toString('utf8') : null,
    value: args.message.value ? args.message.value.toString('utf8').slice(0, VALUE_LIMIT) : null,
    reason: args.reason,
    consumer: args.consumer,
    at: new Date().toISOString(),
  };
  return { key: args.message.key ?? null, value: encodeMessage(value) };
}

/**
 * Builds the dead-letter record of an outbox row that Kafka refused to take (see
 * createOutboxRelay): it never reached a partition's log, so it has no offset. `relay` names
 * the outbox (`booking.outbox`); the value is the row's JSON as stored, its first 100,000
 * characters (the reason says when it was cut), so an operator can fix and re-queue it.
 */
export function outboxDeadLetterRecord(args: {
  topic: string;
  partition: number | null;
  key: string | null;
  value: string;
  reason: string;
  relay: string;
}): { key: string | null; value: Buffer } {
  const cut = args.value.length > VALUE_LIMIT;
  const value: DeadLetter = {
    type: 'DeadLetter',
    v: 1,
    sourceTopic: args.topic,
    partition: args.partition,
    offset: null,
    key: args.key,
    value: cut ? args.value.slice(0, VALUE_LIMIT) : args.value,
    reason: cut
      ? `${args.reason} (value cut to its first ${VALUE_LIMIT} of ${args.value.length} characters)`
      : args.reason,
    consumer: args.relay,
    at: new Date().toISOString(),
  };
  return { key: args.key, value: encodeMessage(value) };
}

/** Sends one dead letter through a producer or an open transaction. */
export async function sendDeadLetter(
  sender: Producer | Transaction,
  topic: string,
  args: Parameters<typeof deadLetterRecord>[0],
): Promise<void> {
  await sender.send({ topic, messages: [deadLetterRecord(args)] });
}

/**
 * The policy every consumer here applies to a bad message: decode it against its schema, and if
 * it does not fit, send it to the dead-letter topic with the reason, log it, and carry on.
 * Returns the decoded value, or undefined for a message that was dead-lettered.
 */
export async function decodeOrDeadLetter<S extends z.ZodType>(
  schema: S,
  ctx: {
    producer: Producer;
    deadLetterTopic: string;
    consumer: string;
    sourceTopic: string;
    partition: number;
    message: KafkaMessage;
    logger?: Logger;
  },
): Promise<z.infer<S> | undefined> {
  const decoded = decodeMessage(schema, ctx.message.value);
  if (decoded.ok) return decoded.value;
  ctx.logger?.warn(
    {
      topic: ctx.sourceTopic,
      partition: ctx.partition,
      offset: ctx.message.offset,
      reason: decoded.reason,
    },
    'dead-lettering',
  );
  await sendDeadLetter(ctx.producer, ctx.deadLetterTopic, {
    sourceTopic: ctx.sourceTopic,
    partition: ctx.partition,
    message: ctx.message,
    reason: decoded.reason,
    consumer: ctx.consumer,
  });
  return undefined;
}
