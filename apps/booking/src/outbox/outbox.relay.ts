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
 * Several booking instances may run a relay, but one sends at a time. Every claim scans from the
 * lowest id and locks what it reads (FOR UPDATE, never SKIP LOCKED), so a second relay's claim
 * stops at the first row of the first one's and waits until that round commits; the rows it then
 * finds are newer. Relays that skipped locked rows would each claim different rows (one booking's
 * PENDING_PAYMENT in one claim, its PAID, written after, in the other) and could deliver them in
 * either order; one sender in id order delivers a booking's records in the order they were
 * written, since a later record's row is only written after the earlier one committed. A waiting
 * relay holds one pooled connection. A round that stops answering (its host frozen, not crashed:
 * a crash closes the connection and PostgreSQL rolls back at once) holds the others up until
 * PostgreSQL ends its idle transaction, ROUND_IDLE_LIMIT_MS later; its rows go out again then.
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
 * How long a round may leave its transaction idle (waiting for Kafka) before PostgreSQL ends it,
 * by default: far above a send's milliseconds and KafkaJS's retries of a transient error, and a
 * bound on how long a relay that stopped answering keeps the other instances' relays waiting.
 */
const ROUND_IDLE_LIMIT_MS = 60_000;
const claimSql = (idleLimitMs: number) => `BEGIN;
  SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(idleLimitMs))};
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
  /** ms a round's transaction may stay idle before PostgreSQL ends it (default 60 s). */
  roundIdleLimitMs?: number;
}): OutboxRelay {
  const CLAIM_SQL = claimSql(deps.roundIdleLimitMs ?? ROUND_IDLE_LIMIT_MS);
  const log = deps.logger.child({ component: 'outbox-relay' });
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;

  /**
   * One round: claim up to BATCH unsent rows (row locks, held until the send is acknowledged and
   * the rows deleted), send them, delete them, commit; a failed send rolls back, so the rows go
   * out on a later round. Two round trips to PostgreSQL, not five: BEGIN and the round's idle
   * limit travel with the claim and COMMIT with the delete (simple-query batches; the ids are the
   * database's own integers).
   */
  async function sendOnce(): Promise<number> {
    const client = await deps.pool.connect();
    let broken: Error | undefined;
    // A connection that dies mid-round (PostgreSQL ended the idle transaction, a restart) says so
    // as an 'error' event on the checked-out client: unheard, it would throw at the process.
    // Heard, the round's next query fails, the round rolls back and the connection is discarded.
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
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
      client.off('error', onError);
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
