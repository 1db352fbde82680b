/**
 * Produces a planned replay: at the original pace (gaps between record timestamps divided by
 * `speed`) or flat out, keeping each partition's order exactly. Stops early, cleanly, when
 * `shouldStop` turns true (the records sent so far are reported).
 */
import type { Kafka } from 'kafkajs';
import { sleep } from '@shared/util';
import type { PlannedRecord } from './replay-plan';

/** Merges the partitions' sequences by timestamp without reordering inside a partition. */
export function paceOrder(records: readonly PlannedRecord[]): PlannedRecord[] {
  const queues = new Map<number, PlannedRecord[]>();
  for (const r of records) queues.set(r.partition, [...(queues.get(r.partition) ?? []), r]);
  const heads = [...queues.values()].map((q) => ({ q, i: 0 }));
  const out: PlannedRecord[] = [];
  for (;;) {
    let best: { q: PlannedRecord[]; i: number } | undefined;
    for (const h of heads)
      if (h.i < h.q.length && (!best || h.q[h.i]!.timestamp < best.q[best.i]!.timestamp)) best = h;
    if (!best) return out;
    out.push(best.q[best.i++]!);
  }
}

export async function sendReplay(
  kafka: Kafka,
  topic: string,
  records: readonly PlannedRecord[],
  opts: {
    /** Pace multiplier; undefined = flat out. */
    speed?: number;
    shouldStop: () => boolean;
    onProgress?: (sent: number) => void;
    /** Called as each batch is acknowledged, with its records and the time it was sent. */
    onSent?: (records: readonly PlannedRecord[], sentAt: number) => void;
  },
): Promise<{ sent: number; ms: number }> {
  const ordered = paceOrder(records);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  const first = ordered[0]?.timestamp ?? 0;
  let sent = 0;
  try {
    while (sent < ordered.length && !opts.shouldStop()) {
      let batchEnd = sent;
      if (opts.speed === undefined) {
        batchEnd = Math.min(ordered.length, sent + 500);
      } else {
        const due = (r: PlannedRecord) => started + (r.timestamp - first) / opts.speed!;
        const wait = due(ordered[sent]!) - performance.now();
        if (wait > 0) await sleep(Math.min(wait, 200));
        if (opts.shouldStop()) break;
        const now = performance.now();
        while (batchEnd < ordered.length && due(ordered[batchEnd]!) <= now && batchEnd - sent < 500)
          batchEnd++;
        if (batchEnd === sent) continue;
      }
      const batch = ordered.slice(sent, batchEnd);
      const sentAt = performance.now();
      await producer.send({
        topic,
        messages: batch.map((r) => ({
          key: r.key,
          value: r.value,
          partition: r.partition,
          headers: r.headers,
        })),
      });
      sent = batchEnd;
      opts.onSent?.(batch, sentAt);
      opts.onProgress?.(sent);
    }
  } finally {
    await producer.disconnect();
  }
  return { sent, ms: Math.round(performance.now() - started) };
}
