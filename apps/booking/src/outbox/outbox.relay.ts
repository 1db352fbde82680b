import type { Producer } from 'kafkajs';
import type { Pool, QueryResult } from 'pg';
import type { Logger } from '@shared/util';

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
  /** bigint, as node-postgres returns it. */
  id: string;
  topic: string;
  /** int4; node-postgres parses it, Number() below is belt and braces. */
  partition: number | null;
  key: string | null;
  /** The JSON as PostgreSQL stores it: sent as is, never parsed here. */
  value: string;
}

const BATCH = 500;
const CLAIM_SQL = `BEGIN; SELECT id, topic, partition, key, value::text AS value FROM booking.outbox
  WHERE sent_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
/** Sent rows are kept this long (ms) for an operator to inspect, then deleted. */
const KEEP_SENT_MS = 3600_000;
const PRUNE_EVERY_MS = 60_000;

export function createOutboxRelay(deps: {
  /** PostgreSQL, through node-postgres: a relay round is a few tiny statements, sent as is. */
  pool: Pool;
  producer: Producer;
  logger: Logger;
  pollMs: number;
}): OutboxRelay {
  const log = deps.logger.child({ component: 'outbox-relay' });
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;

  /**
   * One round: claim up to BATCH unsent rows (row locks, held until the send is acknowledged and
   * the rows marked), send them, mark them, commit; a failed send rolls back, so the rows go out
   * on a later round. Two round trips to PostgreSQL, not four: BEGIN travels with the claim and
   * COMMIT with the mark (simple-query batches; the ids are the database's own integers).
   */
  async function sendOnce(): Promise<number> {
    const client = await deps.pool.connect();
    let broken: Error | undefined;
    try {
      const results = (await client.query(CLAIM_SQL)) as unknown as QueryResult<Row>[];
      const rows = results[1]?.rows ?? [];
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const byTopic = new Map<string, Row[]>();
      for (const row of rows) {
        const list = byTopic.get(row.topic);
        if (list) list.push(row);
        else byTopic.set(row.topic, [row]);
      }
      await deps.producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, list]) => ({
          topic,
          messages: list.map((r) => ({
            key: r.key,
            value: r.value,
            ...(r.partition === null ? {} : { partition: Number(r.partition) }),
          })),
        })),
      });
      const ids = rows.map((r) => r.id);
      if (!ids.every((id) => /^[0-9]+$/.test(id))) throw new Error('outbox id is not an integer');
      await client.query(
        `UPDATE booking.outbox SET sent_at = now() WHERE id IN (${ids.join(',')}); COMMIT`,
      );
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw err;
    } finally {
      client.release(broken);
    }
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
    const result = await deps.pool.query(
      `DELETE FROM booking.outbox WHERE id IN (
        SELECT id FROM booking.outbox WHERE sent_at < $1 ORDER BY id LIMIT 10000)`,
      [before],
    );
    return result.rowCount ?? 0;
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
