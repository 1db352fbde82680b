import type { Producer, RecordMetadata } from 'kafkajs';

/** One outbox row as a relay claims it. */
export interface OutboxRow {
  /** bigint, as node-postgres returns it. */
  id: string;
  topic: string;
  /** int4; node-postgres parses it, Number() where it is used is belt and braces. */
  partition: number | null;
  key: string | null;
  /** The JSON as PostgreSQL stores it: sent as is, never parsed here. */
  value: string;
  /** Earlier rounds in which Kafka refused this row (see refusalOf). */
  attempts: number;
}

/** What one delivery achieved, in claim order. */
export interface Delivery {
  /** Rows Kafka acknowledged. */
  acked: OutboxRow[];
  /** The first row Kafka refused for itself; none of the rows behind it was sent. */
  refused?: { row: OutboxRow; reason: string };
  /** Kafka failed as a whole (down, no leader, a timeout): nothing behind `acked` was sent. */
  failed?: unknown;
}

/**
 * Kafka's answers that concern a record, not the broker: sent again, it is refused again,
 * whatever the state of the cluster. Anything else (connection lost, leader moving, timeouts,
 * the producer fenced) concerns every row alike and is waited out. UNKNOWN_TOPIC_OR_PARTITION
 * is retriable to KafkaJS (a topic being created) and reaches here only once its retries are
 * spent; the relay still gives such a row several rounds before it gives up on it.
 */
const RECORD_REFUSALS = new Set([
  'CORRUPT_MESSAGE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'MESSAGE_TOO_LARGE',
  'INVALID_TOPIC_EXCEPTION',
  'RECORD_LIST_TOO_LARGE',
  'TOPIC_AUTHORIZATION_FAILED',
  'INVALID_RECORD',
]);

/** A record the relay refused itself (too large), or one KafkaJS reported sent that went nowhere. */
class RecordNotTaken extends Error {}

/** Bytes a record puts on the wire, near enough: its key and value, UTF-8. */
const recordBytes = (row: OutboxRow): number =>
  Buffer.byteLength(row.value, 'utf8') +
  (row.key === null ? 0 : Buffer.byteLength(row.key, 'utf8'));

/**
 * Why Kafka refused a record, or undefined for an error that is not about the record. Walks
 * KafkaJS's wrappers (a non-retriable error, retries exhausted) down to the broker's answer.
 */
export function refusalOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof RecordNotTaken) return e.message;
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && RECORD_REFUSALS.has(type)) return `${type}: ${e.message}`;
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return undefined;
}

/**
 * The requests rows go in, in order: a new one when the bytes would pass `maxBytes` (a broker
 * refuses a partition's batch over its limit as it refuses a record), and with `inTopicRuns` at
 * each change of topic.
 */
function requests(rows: OutboxRow[], opts: DeliveryOptions): OutboxRow[][] {
  const out: OutboxRow[][] = [];
  let bytes = 0;
  for (const row of rows) {
    const last = out.at(-1);
    const size = recordBytes(row);
    if (
      last &&
      bytes + size <= opts.maxRecordBytes &&
      (!opts.inTopicRuns || last[0]!.topic === row.topic)
    ) {
      last.push(row);
      bytes += size;
    } else {
      out.push([row]);
      bytes = size;
    }
  }
  return out;
}

/**
 * Sends rows in one request and checks that a partition took each. KafkaJS drops the records of
 * a partition its metadata does not have (partition 7 of a 2-partition topic) and answers
 * success; taken at its word, the relay would delete a record that went nowhere.
 */
async function sendChecked(producer: Producer, rows: OutboxRow[]): Promise<void> {
  const byTopic = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const list = byTopic.get(row.topic);
    if (list) list.push(row);
    else byTopic.set(row.topic, [row]);
  }
  const meta: RecordMetadata[] = await producer.sendBatch({
    topicMessages: [...byTopic].map(([topic, list]) => ({
      topic,
      messages: list.map((r) => ({
        key: r.key,
        value: r.value,
        ...(r.partition === null ? {} : { partition: Number(r.partition) }),
      })),
    })),
  });
  const taken = new Set(meta.map((m) => `${m.topicName}\u0000${m.partition}`));
  const topics = new Set(meta.map((m) => m.topicName));
  for (const row of rows) {
    const ok =
      row.partition === null
        ? topics.has(row.topic)
        : taken.has(`${row.topic}\u0000${Number(row.partition)}`);
    if (!ok)
      throw new RecordNotTaken(
        row.partition === null
          ? `no partition of ${row.topic} took the record`
          : `partition ${row.partition} of ${row.topic} took no record: the topic has no such partition`,
      );
  }
}

export interface DeliveryOptions {
  /**
   * Send each run of one topic's rows only once the run before it is acknowledged (see
   * OutboxRelayOptions.inTopicRuns).
   */
  inTopicRuns: boolean;
  /** Key and value bytes a record may have, and a request may carry (see OutboxRelayOptions). */
  maxRecordBytes: number;
}

/**
 * Sends claimed rows in claim order: one request for all of them in the common case, more when
 * they pass `maxRecordBytes` together or change topic in `inTopicRuns`.
 *
 * A record over `maxRecordBytes` is refused here, unsent: a broker refuses it anyway, and a
 * request the broker refuses in part must be avoided. KafkaJS's idempotent producer then takes
 * back the sequence numbers of every partition in the request, also of those the broker wrote,
 * and its next send to those partitions is refused as out of order, for good (until the
 * producer is made anew). A topic that does not or cannot exist, or a partition the topic lacks,
 * is refused before any record leaves, so those are safe.
 *
 * When Kafka refuses a request anyway (a broker whose limit is below `maxRecordBytes`), the
 * request does not say which record: the rows are then sent one at a time, in order, until the
 * refused one, so the rows before it are acknowledged and none behind it overtakes it.
 */
export async function deliver(
  producer: Producer,
  rows: OutboxRow[],
  opts: DeliveryOptions,
): Promise<Delivery> {
  const acked: OutboxRow[] = [];
  const oversize = rows.findIndex((r) => recordBytes(r) > opts.maxRecordBytes);
  const sendable = oversize < 0 ? rows : rows.slice(0, oversize);
  for (const run of requests(sendable, opts)) {
    try {
      await sendChecked(producer, run);
      acked.push(...run);
      continue;
    } catch (err) {
      if (refusalOf(err) === undefined) return { acked, failed: err };
    }
    for (const row of run) {
      try {
        await sendChecked(producer, [row]);
        acked.push(row);
      } catch (err) {
        const reason = refusalOf(err);
        return reason === undefined ? { acked, failed: err } : { acked, refused: { row, reason } };
      }
    }
  }
  if (oversize >= 0) {
    const row = rows[oversize]!;
    const reason =
      `MESSAGE_TOO_LARGE: the record has ${recordBytes(row)} bytes of key and value, over the ` +
      `${opts.maxRecordBytes} a record may have (brokers refuse records over message.max.bytes, ` +
      `1 MiB by default)`;
    return { acked, refused: { row, reason } };
  }
  return { acked };
}
