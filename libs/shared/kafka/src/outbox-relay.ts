import type { Producer } from 'kafkajs';
import type { Pool, QueryResult } from 'pg';
import type { Logger } from '@shared/util';
import { outboxDeadLetterRecord } from './dead-letter';
import { deliver, type OutboxRow } from './outbox-delivery';

/**
 * Sends the rows of a transactional outbox table to Kafka and deletes them once Kafka has
 * acknowledged them, so the table only ever holds unsent rows. The claim (row locks, in id
 * order) is held until the send is acknowledged: the rows are deleted in the same transaction.
 * If Kafka is down the round sends nothing, the rows stay and are tried again on the next
 * round; an operator sees "outbox send failed" warnings and a growing count of unsent rows.
 *
 * The table is any schema's outbox with the columns id (bigserial), topic, partition, key,
 * value (jsonb), attempts, last_error and created_at: booking.outbox (bookings' seat commands
 * and status changes), ticketing.outbox (a published event's announcement).
 *
 * Several instances may run a relay on one table, but one sends at a time. Every claim scans
 * from the lowest id and locks what it reads (FOR UPDATE, never SKIP LOCKED), so a second
 * relay's claim stops at the first row of the first one's and waits until that round commits;
 * the rows it then finds are newer. Relays that skipped locked rows would each claim different
 * rows (one booking's PENDING_PAYMENT in one claim, its PAID, written after, in the other) and
 * could deliver them in either order; one sender in id order delivers a key's records in the
 * order they were written, since a later record's row is only written after the earlier one
 * committed. A waiting relay holds one pooled connection. A round that stops answering (its host
 * frozen, not crashed: a crash closes the connection and PostgreSQL rolls back at once) holds
 * the others up until PostgreSQL ends its idle transaction, ROUND_IDLE_LIMIT_MS later; its rows
 * go out again then.
 *
 * A record Kafka refuses for itself (too large for the broker, a topic that does not or cannot
 * exist, a partition the topic does not have; see refusalOf and deliver) would otherwise stop
 * every row behind it for good. Each refusal is counted on the row (attempts, last_error); the
 * rows behind it wait, in order, while it has refusals left; at `maxAttempts` it goes to the
 * dead-letter topic with Kafka's reason, leaves the outbox, is logged as an error and reported
 * through onDeadLettered, and the rows behind it go on. An operator reads the dead letter, fixes
 * the record (or the topic, or the broker's limit) and queues it again. Kafka being down or
 * slow is no refusal: those rounds fail as a whole and nothing is counted.
 *
 * Deleting rather than marking sent: a marked row was a second row version plus entries in the
 * table's indexes, and the first version's index entry stayed behind for every later claim to
 * walk past until a vacuum (the migration booking_outbox_delete_on_send has figures).
 */
export interface OutboxRelay {
  start(): void;
  /** Wakes the relay now (after a write), instead of at the next poll. */
  kick(): void;
  /**
   * Sends everything unsent once; returns the number of rows that left the outbox (sent, or
   * dead-lettered). Stops early at a refused row that has refusals left (tests, shutdown).
   */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  /** PostgreSQL, through node-postgres: a relay round is a few tiny statements, sent as is. */
  pool: Pool;
  producer: Producer;
  logger: Logger;
  /** The outbox table, schema-qualified: `booking.outbox`. Also names the relay in dead letters. */
  table: string;
  /** Where refused records go (topicNames(namespace).deadLetter). */
  deadLetterTopic: string;
  pollMs: number;
  /**
   * Key and value bytes a record may have (default 1,000,000); also what one request may carry.
   * A larger record is refused without being sent. Keep it at or below the brokers'
   * message.max.bytes (and the topics' max.message.bytes), less about 100 bytes of framing:
   * a request the broker refuses in part leaves the idempotent producer unable to send to the
   * partitions it did write (see deliver).
   */
  maxRecordBytes?: number;
  /**
   * Rounds in which Kafka may refuse a record before it is dead-lettered (default 3). A refusal
   * of the record itself comes back the same each time; the rounds between them give a topic
   * that is being created, or a broker limit being raised, a moment.
   */
  maxAttempts?: number;
  /**
   * Send each run of consecutive rows of one topic only once the run before it is acknowledged,
   * so no record is readable before one written earlier on another topic (ticketing's
   * InitSection commands before the catalog record that lets buyers book). Without it rows of
   * all topics go in one request and order holds per partition only (booking's records).
   */
  inTopicRuns?: boolean;
  /**
   * Called with each acknowledged row's topic and age in seconds (from the transaction that
   * wrote it to its delete): how long records wait in the outbox. The start is the row's
   * created_at, PostgreSQL's clock for rows written in SQL and the app's for rows Prisma writes
   * (it fills the default itself), so a skewed app clock reads as 0 rather than negative.
   */
  onSent?: (topic: string, seconds: number) => void;
  /** Called for each row dead-lettered, with the topic it was meant for and Kafka's reason. */
  onDeadLettered?: (topic: string, reason: string) => void;
  /** ms a round's transaction may stay idle before PostgreSQL ends it (default 60 s). */
  roundIdleLimitMs?: number;
}

interface Removed {
  id: string;
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
const claimSql = (table: string, idleLimitMs: number) => `BEGIN;
  SET LOCAL idle_in_transaction_session_timeout = ${Math.max(1, Math.round(idleLimitMs))};
  SELECT id, topic, partition, key, value::text AS value, attempts FROM ${table}
  ORDER BY id LIMIT ${BATCH} FOR UPDATE`;

/** The Kafka error types in an error and the errors it wraps. */
function errorTypes(err: unknown): string[] {
  const types: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string') types.push(type);
    e = (e as { originalError?: unknown }).originalError ?? e.cause;
  }
  return types;
}

export function createOutboxRelay(deps: OutboxRelayOptions): OutboxRelay {
  // The table name is written into SQL: only a plain schema.table is accepted.
  if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(deps.table))
    throw new Error(`outbox table "${deps.table}" must be schema.table in lower case`);
  const table = deps.table;
  const CLAIM_SQL = claimSql(table, deps.roundIdleLimitMs ?? ROUND_IDLE_LIMIT_MS);
  const maxAttempts = Math.max(1, deps.maxAttempts ?? 3);
  const delivery = {
    inTopicRuns: deps.inTopicRuns ?? false,
    maxRecordBytes: deps.maxRecordBytes ?? 1_000_000,
  };
  const log = deps.logger.child({ component: 'outbox-relay', table });
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;

  /** Sends what it can of the claim; the refused row and dead letters are noted, not thrown. */
  async function send(rows: OutboxRow[]) {
    const acked: OutboxRow[] = [];
    const dead: { row: OutboxRow; reason: string }[] = [];
    let refused: { row: OutboxRow; reason: string; attempts: number } | undefined;
    let failed: unknown;
    let pending = rows;
    while (pending.length > 0) {
      const d = await deliver(deps.producer, pending, delivery);
      acked.push(...d.acked);
      if (d.failed !== undefined) failed = d.failed;
      if (!d.refused) break;
      const { row, reason } = d.refused;
      const attempts = row.attempts + 1;
      if (attempts < maxAttempts) {
        refused = { row, reason, attempts };
        break;
      }
      try {
        await deps.producer.send({
          topic: deps.deadLetterTopic,
          messages: [
            outboxDeadLetterRecord({
              topic: row.topic,
              partition: row.partition === null ? null : Number(row.partition),
              key: row.key,
              value: row.value,
              reason: `${reason} (refused ${attempts} times; ${table} row ${row.id})`,
              relay: table,
            }),
          ],
        });
      } catch (err) {
        failed = err;
        break;
      }
      dead.push({ row, reason });
      pending = pending.slice(pending.indexOf(row) + 1);
    }
    return { acked, dead, refused, failed };
  }

  /**
   * One round: claim up to BATCH unsent rows (row locks, held until the send is acknowledged and
   * the rows deleted), send them, delete what Kafka took or the dead-letter topic holds, commit.
   * A round that Kafka failed part-way commits what was acknowledged before it and then throws.
   * Two round trips to PostgreSQL in the common case: BEGIN and the round's idle limit travel
   * with the claim and COMMIT with the delete (simple-query batches; the ids are the database's
   * own integers).
   */
  async function sendOnce(): Promise<{ removed: number; more: boolean }> {
    const client = await deps.pool.connect();
    let broken: Error | undefined;
    // A connection that dies mid-round (PostgreSQL ended the idle transaction, a restart) says so
    // as an 'error' event on the checked-out client: unheard, it would throw at the process.
    // Heard, the round's next query fails, the round rolls back and the connection is discarded.
    const onError = (err: Error) => {
      broken = err;
    };
    client.on('error', onError);
    let committed = false;
    try {
      const results = (await client.query(CLAIM_SQL)) as unknown as QueryResult<OutboxRow>[];
      const rows = results[2]?.rows ?? [];
      if (rows.length === 0) {
        await client.query('COMMIT');
        return { removed: 0, more: false };
      }
      const { acked, dead, refused, failed } = await send(rows);
      if (refused)
        await client.query(`UPDATE ${table} SET attempts = $1, last_error = $2 WHERE id = $3`, [
          refused.attempts,
          refused.reason.slice(0, 2000),
          refused.row.id,
        ]);
      const ids = [...acked, ...dead.map((d) => d.row)].map((r) => r.id);
      if (!ids.every((id) => /^[0-9]+$/.test(id))) throw new Error('outbox id is not an integer');
      let removed: Removed[] = [];
      if (ids.length > 0) {
        const done = (await client.query(
          `DELETE FROM ${table} WHERE id IN (${ids.join(',')})
           RETURNING id, topic,
             GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - created_at))::float8 AS age;
           COMMIT`,
        )) as unknown as QueryResult<Removed>[];
        removed = done[0]?.rows ?? [];
      } else {
        await client.query('COMMIT');
      }
      committed = true;
      const sent = new Set(acked.map((r) => r.id));
      if (deps.onSent)
        for (const r of removed) if (sent.has(String(r.id))) deps.onSent(r.topic, r.age);
      for (const { row, reason } of dead) {
        log.error(
          { outboxId: row.id, topic: row.topic, partition: row.partition, key: row.key, reason },
          `outbox record dead-lettered after ${maxAttempts} refusals; the rows behind it go on`,
        );
        deps.onDeadLettered?.(row.topic, reason);
      }
      if (refused)
        log.warn(
          {
            outboxId: refused.row.id,
            topic: refused.row.topic,
            key: refused.row.key,
            reason: refused.reason,
            attempts: refused.attempts,
          },
          `Kafka refused an outbox record (${refused.attempts} of ${maxAttempts} before it is dead-lettered); the rows behind it wait`,
        );
      if (failed !== undefined) throw failed;
      return { removed: ids.length, more: rows.length === BATCH && !refused };
    } catch (err) {
      if (!committed)
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
      const { removed, more } = await sendOnce();
      total += removed;
      if (!more) return total;
    }
  }

  async function run(): Promise<void> {
    while (running) {
      kicked = false;
      try {
        await flush();
      } catch (err) {
        if (errorTypes(err).includes('OUT_OF_ORDER_SEQUENCE_NUMBER'))
          log.error(
            { err },
            'outbox send failed: the producer no longer agrees with the broker on a partition (Kafka refused part of a request); restart this instance to make a new producer',
          );
        else log.warn({ err }, 'outbox send failed; retrying');
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
