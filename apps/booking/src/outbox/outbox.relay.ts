import type { Producer } from 'kafkajs';
import type { PrismaClient } from '@shared/db';
import type { Logger } from '@shared/util';
import { TX_OPTIONS } from '../bookings/booking.repository';

/**
 * Sends outbox rows to Kafka and marks them sent. Several booking instances may run a relay:
 * each claims rows with FOR UPDATE SKIP LOCKED, so a row is sent by one relay at a time, and the
 * claim is held until the send is acknowledged (the row is marked in the same transaction).
 * If Kafka is down the transaction rolls back and the rows are tried again on the next round;
 * an operator sees "outbox send failed" warnings and a growing count of unsent rows.
 */
export interface OutboxRelay {
  start(): void;
  /** Wakes the relay now (after a write), instead of at the next poll. */
  kick(): void;
  /** Sends everything unsent once; returns the number of rows sent (tests, shutdown). */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

interface Row {
  id: bigint;
  topic: string;
  partition: number | null;
  key: string | null;
  value: unknown;
}

const BATCH = 500;
/** Sent rows are kept this long (ms) for an operator to inspect, then deleted. */
const KEEP_SENT_MS = 3600_000;
const PRUNE_EVERY_MS = 60_000;

export function createOutboxRelay(deps: {
  prisma: PrismaClient;
  producer: Producer;
  logger: Logger;
  pollMs: number;
}): OutboxRelay {
  const log = deps.logger.child({ component: 'outbox-relay' });
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;

  async function sendOnce(): Promise<number> {
    return deps.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
          SELECT id, topic, partition, key, value FROM booking.outbox
          WHERE sent_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, Row[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await deps.producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((r) => ({
            key: r.key,
            value: JSON.stringify(r.value),
            ...(r.partition === null ? {} : { partition: r.partition }),
          })),
        })),
      });
      const ids = rows.map((r) => String(r.id));
      await tx.$executeRaw`UPDATE booking.outbox SET sent_at = now() WHERE id = ANY(${ids}::bigint[])`;
      return rows.length;
    }, TX_OPTIONS);
  }

  async function flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await sendOnce();
      total += n;
      if (n < BATCH) return total;
    }
  }

  /** Deletes rows sent more than KEEP_SENT_MS ago, a bounded number per round. */
  async function prune(): Promise<number> {
    const before = new Date(Date.now() - KEEP_SENT_MS);
    return deps.prisma.$executeRaw`DELETE FROM booking.outbox WHERE id IN (
      SELECT id FROM booking.outbox WHERE sent_at < ${before} ORDER BY id LIMIT 10000)`;
  }

  async function run(): Promise<void> {
    let prunedAt = 0;
    while (running) {
      kicked = false;
      try {
        await flush();
      } catch (err) {
        log.warn({ err }, 'outbox send failed; retrying');
      }
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        await prune().catch((err: unknown) => log.warn({ err }, 'outbox prune failed'));
      }
      if (!running || kicked) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    kick() {
      kicked = true;
      wake?.();
    },
    flush,
    async stop() {
      running = false;
      wake?.();
      await loop;
    },
  };
}
