import type { Consumer } from 'kafkajs';

/**
 * Seeks `topic`'s partitions to `positions()` each time the consumer joins its group, then calls
 * `onJoin`. For consumers that choose their own positions (restores, replays, tails), instead of
 * seeking once after `run()`: when a join fails (a broker just started, a coordinator loading),
 * KafkaJS's `run()` returns before any group exists, so a seek would throw, and the consumer it
 * restarts has forgotten every earlier seek and pause. The handler runs inside the join, before
 * the joined group's first fetch.
 */
export function positionOnEveryJoin(
  consumer: Consumer,
  topic: string,
  positions: () => Iterable<readonly [partition: number, offset: bigint | string]>,
  onJoin: () => void = () => undefined,
): void {
  consumer.on(consumer.events.GROUP_JOIN, () => {
    for (const [partition, offset] of positions())
      consumer.seek({ topic, partition, offset: offset.toString() });
    onJoin();
  });
}
