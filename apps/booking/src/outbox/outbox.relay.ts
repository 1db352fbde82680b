import type { Producer } from 'kafkajs';
import type { Pool, QueryResult } from 'pg';
import type { Logger } from '@shared/util';

/**
 * Sends outbox rows to Kafka and deletes them once Kafka has acknowledged them, so the table
 * only ever holds unsent rows. The claim (row locks, in id order) is held until the send is
 * acknowledged: the rows are deleted in the same transaction. If Kafka is down the transaction
 * rolls back and the rows are tried again on the next round; an operator sees "outbox send
 * failed" warnings and a growing count of unsent rows.
 *
 * Several booking instances may run a relay, but one sends at a time: a round starts by taking a
 * transaction-scoped advisory lock, and another instance's round waits for it. Two relays sending
 * side by side would each claim different rows (one booking's PENDING_PAYMENT in one claim, its
 * PAID, written after, in the other) and could deliver them in either order; one sender in id
 * order delivers a booking's records in the order they were written, since a later record's row
 * is only written after the earlier one committed. A waiting relay holds one pooled connection.
 *
 * Deleting rather than marking sent: a marked row was a second row version plus entries in both
 * of the table's indexes, and the first version's index entry stayed behind for every later
 * claim to walk past until a vacuum (the migration booking_outbox_delete_on_send has figures).
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

interface Sent {
  topic: string;
  /** Seconds from the row's created_at to its delete (see onSent). */
  age: number;
}

const BATCH = 500;
/**
 * The advisory lock key of the outbox's single sender (any constant no other code locks). The
 * claim still locks its rows: during a rolling deploy a relay of an older version, which takes no
 * advisory lock, may be claiming too, and waiting for its claim keeps a row from going out twice.
 */
export const OUTBOX_SENDER_LOCK = 7_163_500_001;
const CLAIM_SQL = `BEGIN; SELECT pg_advisory_xact_lock(${OUTBOX_SENDER_LOCK});
  SELECT id, topic, partition, key, value::text AS value FROM booking.outbox
  ORDER BY id LIMIT ${BATCH} FOR UPDATE`;

export function createOutboxRelay(deps: {
  /** PostgreSQL, through node-postgres: a relay round is a few tiny statements, sent as is. */
  pool: Pool;
  producer: Producer;
  logger: Logger;
  pollMs: number;
  /**
   * Called with each acknowledged row's topic and age in seconds (from the transaction that
   * wrote it to its delete): how long records wait in the outbox. The start is the row's
   * created_at, PostgreSQL's clock for the hot inserts and the app's for rows Prisma writes
   * (it fills the default itself), so a skewed app clock reads as 0 rather than negative.
   */
  onSent?: (topic: string, seconds: number) => void;
}): OutboxRelay {
  const log = deps.logger.child({ component: 'outbox-relay' });
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;

  /**
   * One round: take the sender's lock, claim up to BATCH unsent rows (row locks, held until the
   * send is acknowledged and the rows deleted), send them, delete them, commit; a failed send
   * rolls back, so the rows go out on a later round. Two round trips to PostgreSQL, not five:
   * BEGIN and the lock travel with the claim and COMMIT with the delete (simple-query batches;
   * the ids are the database's own integers).
   */
  async function sendOnce(): Promise<number> {
    const client = await deps.pool.connect();
    let broken: Error | undefined;
    try {
      const results = (await client.query(CLAIM_SQL)) as unknown as QueryResult<Row>[];
      const rows = results[2]?.rows ?? [];
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
      const done = (await client.query(
        `DELETE FROM booking.outbox WHERE id IN (${ids.join(',')})
         RETURNING topic,
           GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - created_at))::float8 AS age;
         COMMIT`,
      )) as unknown as QueryResult<Sent>[];
      if (deps.onSent) for (const r of done[0]?.rows ?? []) deps.onSent(r.topic, r.age);
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

  async function run(): Promise<void> {
    while (running) {
      kicked = false;
      try {
        await flush();
      } catch (err) {
        log.warn({ err }, 'outbox send failed; retrying');
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
