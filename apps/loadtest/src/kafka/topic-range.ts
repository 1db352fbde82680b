/**
 * Reads a range of a topic, every partition, once: from an offset or a time (default: the
 * beginning) to an offset or a time (default: the end as of the start of the read). Nothing is
 * committed (the group id is throwaway), so a read never disturbs the system's consumers.
 * Reads read_committed: aborted transactions of the seat processor are not part of history.
 */
import type { Kafka, KafkaMessage } from 'kafkajs';
import { positionOnEveryJoin } from '@shared/kafka';

export interface RangeOptions {
  /** First offset to read in every partition (inclusive). */
  fromOffset?: bigint;
  /** Offset to stop at in every partition (exclusive). */
  toOffset?: bigint;
  /** Epoch ms: start at the first record at or after it. */
  fromTime?: number;
  /** Epoch ms: stop before the first record at or after it. */
  toTime?: number;
  /** Only these partitions (default: all). */
  partitions?: number[];
  shouldStop?: () => boolean;
  /** Told how many records the range holds, once it is resolved (before reading). */
  onRange?: (expected: number) => void;
  /** Give up when nothing arrives for this long (ms); the result is then marked incomplete. */
  idleTimeoutMs?: number;
}

export interface RangeRead {
  /** Records per partition that fall in the range (known before reading, for progress bars). */
  expected: number;
  complete: boolean;
}

interface PartitionRange {
  start: bigint;
  end: bigint;
}

/** The per-partition [start, end) offsets of the range. */
export async function resolveRange(
  kafka: Kafka,
  topic: string,
  opts: RangeOptions,
): Promise<Map<number, PartitionRange>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const at = async (time: number | undefined) =>
      time === undefined
        ? undefined
        : new Map(
            (await admin.fetchTopicOffsetsByTimestamp(topic, time)).map((o) => [
              o.partition,
              BigInt(o.offset),
            ]),
          );
    const fromTime = await at(opts.fromTime);
    const toTime = await at(opts.toTime);
    const ranges = new Map<number, PartitionRange>();
    for (const o of offsets) {
      if (opts.partitions && !opts.partitions.includes(o.partition)) continue;
      const low = BigInt(o.low);
      const high = BigInt(o.high);
      const candidatesStart = [low, opts.fromOffset ?? low, fromTime?.get(o.partition) ?? low];
      const candidatesEnd = [high, opts.toOffset ?? high, toTime?.get(o.partition) ?? high];
      // fetchTopicOffsetsByTimestamp answers -1 past the end: that is the end.
      const start = candidatesStart.reduce((a, b) => (b > a ? b : a));
      const end = candidatesEnd.map((e) => (e < 0n ? high : e)).reduce((a, b) => (b < a ? b : a));
      ranges.set(o.partition, { start, end: end < start ? start : end });
    }
    return ranges;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Calls `onRecord` for every record in the range, partition by partition in offset order
 * (partitions interleave). Resolves when every partition reached its end.
 */
export async function readTopicRange(
  kafka: Kafka,
  topic: string,
  opts: RangeOptions,
  onRecord: (partition: number, message: KafkaMessage) => void | Promise<void>,
): Promise<RangeRead> {
  const ranges = await resolveRange(kafka, topic, opts);
  const pending = new Set([...ranges].filter(([, r]) => r.end > r.start).map(([p]) => p));
  const expected = [...ranges.values()].reduce((n, r) => n + Number(r.end - r.start), 0);
  opts.onRange?.(expected);
  if (pending.size === 0) return { expected, complete: true };
  const consumer = kafka.consumer({
    groupId: `loadtest-read-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    readUncommitted: false,
    maxWaitTimeInMs: 200,
    sessionTimeout: 10_000,
    heartbeatInterval: 1000,
  });
  const next = new Map([...ranges].map(([p, r]) => [p, r.start]));
  let lastProgress = Date.now();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const passed = (partition: number, offset: bigint) => {
    const range = ranges.get(partition);
    if (range && offset + 1n >= range.end && pending.delete(partition) && pending.size === 0)
      finish();
  };
  // Partitions with nothing (more) to read go to their end, not to the beginning. Idle time
  // counts from joining the group: a busy broker may take a while to let us in.
  positionOnEveryJoin(
    consumer,
    topic,
    () => [...ranges].map(([p, r]) => [p, pending.has(p) ? next.get(p)! : r.end] as const),
    () => (lastProgress = Date.now()),
  );
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic === topic) passed(payload.partition, BigInt(payload.lastOffset));
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch, heartbeat }) => {
        const range = ranges.get(batch.partition);
        if (!range || !pending.has(batch.partition)) return;
        lastProgress = Date.now();
        for (const m of batch.messages) {
          const offset = BigInt(m.offset);
          // Below `next`: already delivered (a fetch that raced the seek delivers again).
          if (offset < next.get(batch.partition)! || offset >= range.end) continue;
          next.set(batch.partition, offset + 1n);
          await onRecord(batch.partition, m);
        }
        await heartbeat();
      },
    });
    const idle = opts.idleTimeoutMs ?? 30_000;
    const complete = await Promise.race([
      finished.then(() => true),
      (async () => {
        while (pending.size > 0) {
          await new Promise((r) => setTimeout(r, 100));
          if (opts.shouldStop?.() || Date.now() - lastProgress > idle) return false;
        }
        return true;
      })(),
    ]);
    return { expected, complete };
  } finally {
    await consumer.disconnect();
  }
}
