import { randomUUID } from 'node:crypto';
import type { Kafka, Producer, RecordMetadata, TopicMessages } from 'kafkajs';
import { sleep, type Logger } from '@shared/util';
import { phaseTimer, type SeatMetrics } from './metrics';

/** What one partition's batch (or a restore barrier) adds to the node's next transaction. */
export interface Contribution {
  topicMessages: TopicMessages[];
  /** The next input offset to commit with the outputs; absent for a restore barrier. */
  offset?: { topic: string; partition: number; offset: string };
  /**
   * The producer incarnation the partition is registered for. A contribution made for an older
   * incarnation is refused: its partition must register the current one first.
   */
  registeredAs?: string;
}

/** Thrown to a contribution whose transaction did not commit; its partition's state must go. */
export class TransactionFailed extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransactionFailed';
  }
}

interface Pending extends Contribution {
  resolve: (meta: RecordMetadata[]) => void;
  reject: (err: unknown) => void;
}

interface Incarnation {
  id: string;
  producer: Producer;
  /** InitProducerId done: from then on, fencing this id stops the producer for good. */
  initialized?: Promise<void>;
}

export interface NodeTransactionsOptions {
  /** The client of the transactional producers (a fast retry schedule: see SeatProcessorOptions). */
  kafka: Kafka;
  /** Makes the transactional id of a new incarnation from a random suffix. */
  transactionalId: (incarnation: string) => string;
  groupId: string;
  metrics: SeatMetrics;
  logger: Logger;
}

type Transaction = Awaited<ReturnType<Producer['transaction']>>;

/**
 * Bytes of keys and values one produce request may carry. The broker refuses a record batch
 * above message.max.bytes (1 MiB by default) and KafkaJS puts a request's records for one
 * partition in one batch, so a round with several large section snapshots for one partition
 * would fail every time (and stall the node). Each record is bounded by the layout limits
 * (MAX_SEATS_PER_SECTION: a sold-out section's snapshot stays under ~860 KB), so records are
 * sent in requests of at most this many bytes, in order, within the one transaction.
 */
export const MAX_REQUEST_BYTES = 900_000;

/**
 * Sends the records in as few requests as MAX_REQUEST_BYTES allows (one, usually), one after
 * the other so each partition's records keep their order. Returns, per topic-partition, the
 * metadata of its first record (the lowest base offset), as a single request would.
 */
export async function sendInRequests(
  tx: Pick<Transaction, 'sendBatch'>,
  topicMessages: TopicMessages[],
): Promise<RecordMetadata[]> {
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const t of topicMessages) {
    let part: TopicMessages | undefined;
    for (const m of t.messages) {
      const size = byteLength(m.key) + byteLength(m.value);
      if (bytes > 0 && bytes + size > MAX_REQUEST_BYTES) {
        requests.push(current);
        current = [];
        part = undefined;
        bytes = 0;
      }
      if (!part) {
        part = { topic: t.topic, messages: [] };
        current.push(part);
      }
      part.messages.push(m);
      bytes += size;
    }
  }
  if (current.length > 0) requests.push(current);
  const first = new Map<string, RecordMetadata>();
  for (const request of requests) {
    for (const meta of await tx.sendBatch({ topicMessages: request })) {
      const key = `${meta.topicName}\u0000${meta.partition}`;
      if (!first.has(key)) first.set(key, meta);
    }
  }
  return [...first.values()];
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/**
 * The transaction coordinator refuses a change to a transaction while another is being written
 * (CONCURRENT_TRANSACTIONS): AddPartitionsToTxn of the records sent alongside, or the commit
 * markers of the previous transaction, which it finishes after EndTxn has answered. KafkaJS
 * retries that for the records, not for AddOffsetsToTxn. Nothing changed, so it is sent again,
 * for as long as the records' own retries would wait (a busy broker can take a second or more
 * over the markers; giving up sooner would fail the transaction and restore every partition).
 */
async function sendOffsets(
  tx: Transaction,
  offsets: Parameters<Transaction['sendOffsets']>[0],
): Promise<void> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await tx.sendOffsets(offsets);
    } catch (err) {
      const concurrent = (err as { type?: string })?.type === 'CONCURRENT_TRANSACTIONS';
      if (!concurrent || Date.now() - started > OFFSETS_RETRY_MS) throw err;
      await sleep(Math.min(100, 2 * 2 ** attempt));
    }
  }
}

/** How long offsets refused with CONCURRENT_TRANSACTIONS are sent again (under the 30 s transaction timeout). */
const OFFSETS_RETRY_MS = 10_000;

const isFencing = (err: unknown) =>
  /fenced|epoch/i.test((err as Error)?.message ?? '') ||
  (err as { type?: string })?.type === 'INVALID_PRODUCER_EPOCH';

/**
 * The node's transactions: one transactional producer for all the partitions the node owns, and
 * one transaction for every batch that is ready when the previous transaction ends (group
 * commit). Per partition, the five requests of a transaction (AddPartitionsToTxn, Produce,
 * AddOffsetsToTxn, TxnOffsetCommit, EndTxn) and the broker's commit markers were paid once per
 * partition per round; now once per node per round (BENCHMARKS.md: p99 at 2,000 commands/s
 * 196-314 -> 126-127 ms on the same machine). The records and the offsets go concurrently, so a
 * transaction waits for three round trips, not five.
 *
 * Every committed offset carries the producer's transactional id as metadata, so the partition's
 * next owner knows which producer to fence (see SeatProcessor). A transaction that fails, for
 * whatever reason, retires the producer: it is closed and the next transaction uses a new
 * incarnation with a new transactional id, for which every partition must register again.
 */
export class NodeTransactions {
  private pending: Pending[] = [];
  /** The commit loop while it runs (it ends when nothing is pending). */
  private looping?: Promise<void>;
  private current: Incarnation;
  private readonly fences = new Map<string, Promise<void>>();
  private failures = 0;
  private closed = false;
  private readonly log: Logger;

  constructor(private readonly opts: NodeTransactionsOptions) {
    this.log = opts.logger.child({ component: 'node-transactions' });
    this.current = this.incarnate();
  }

  /** The transactional id contributions must be registered for right now. */
  get id(): string {
    return this.current.id;
  }

  /**
   * The current producer's transactional id, once the broker has given the producer its epoch.
   * Register only ids from here: KafkaJS sends InitProducerId at a producer's first transaction,
   * so an id registered before that could be fenced and then initialised afresh by a zombie,
   * whose new epoch would outrank the fence.
   */
  async initializedId(): Promise<string> {
    for (;;) {
      const inc = this.current;
      await this.initialize(inc);
      if (inc === this.current) return inc.id; // else it was retired meanwhile: never register it
    }
  }

  /** Transactions that failed since the last one that committed (the processor backs off on it). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Adds a contribution to the next transaction; resolves with the transaction's record metadata
   * once it committed, rejects with TransactionFailed when it did not.
   */
  submit(contribution: Contribution): Promise<RecordMetadata[]> {
    if (this.closed) return Promise.reject(new TransactionFailed('node transactions closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ ...contribution, resolve, reject });
      this.looping ??= this.loop();
    });
  }

  /**
   * Fences a transactional id (another node's producer, or an older one of ours): its open
   * transaction is ended by the broker and it can never send or commit again. Never our current one.
   */
  fence(transactionalId: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error('node transactions closed'));
    if (transactionalId === this.current.id) return Promise.resolve();
    let fencing = this.fences.get(transactionalId);
    if (!fencing) {
      const producer = this.opts.kafka.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      // KafkaJS sends InitProducerId (the fencing request) at a producer's first transaction,
      // not at connect; ending that empty transaction sends nothing more.
      fencing = producer
        .connect()
        .then(() => producer.transaction())
        .then((tx) => tx.abort())
        .finally(() => producer.disconnect().catch(() => undefined))
        .catch((err: unknown) => {
          this.fences.delete(transactionalId); // try again next time
          throw err;
        });
      this.fences.set(transactionalId, fencing);
      // Fenced ids stay fenced: remembering a few hundred of them saves a round trip per partition.
      if (this.fences.size > 1000) this.fences.delete(this.fences.keys().next().value!);
    }
    return fencing;
  }

  /** Waits for the transaction in flight, then closes the producer. */
  async close(): Promise<void> {
    this.closed = true;
    await this.looping;
    await this.current.initialized?.catch(() => undefined);
    await this.current.producer.disconnect().catch(() => undefined);
    await Promise.allSettled(this.fences.values()); // each disconnects its producer when done
  }

  private incarnate(): Incarnation {
    const id = this.opts.transactionalId(randomUUID().slice(0, 8));
    const producer = this.opts.kafka.producer({
      transactionalId: id,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 30_000,
    });
    this.log.info({ transactionalId: id }, 'new producer incarnation');
    return { id, producer };
  }

  private initialize(inc: Incarnation): Promise<void> {
    // A retired or closed producer is never connected again: nothing would disconnect it.
    if (inc !== this.current || this.closed)
      return Promise.reject(new TransactionFailed('producer retired'));
    inc.initialized ??= inc.producer
      .connect()
      .then(() => inc.producer.transaction())
      .then((tx) => tx.abort()) // empty: nothing is sent
      .catch((err: unknown) => {
        inc.initialized = undefined; // the next caller tries again
        throw err;
      });
    return inc.initialized;
  }

  private retire(why: unknown): void {
    const old = this.current;
    this.current = this.incarnate();
    this.log.warn({ err: why, retired: old.id, next: this.current.id }, 'producer retired');
    // After any connect in flight has settled: a disconnect during a connect can leave it open.
    void (old.initialized ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => old.producer.disconnect())
      .catch(() => undefined);
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // Let the other partitions of this fetch round finish their batches and join in.
        await new Promise((r) => setImmediate(r));
        const group = this.pending;
        this.pending = [];
        await this.commitGroup(group);
      }
    } finally {
      // In the same step as the last check of `pending`: a submit from here on starts a new loop.
      this.looping = undefined;
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    const inc = this.current;
    const ready: Pending[] = [];
    for (const c of group) {
      if (c.registeredAs === undefined || c.registeredAs === inc.id) ready.push(c);
      else
        c.reject(new TransactionFailed(`registered for ${c.registeredAs}, producer is ${inc.id}`));
    }
    if (ready.length === 0) return;
    const topicMessages = new Map<string, TopicMessages>();
    for (const c of ready)
      for (const t of c.topicMessages) {
        const have = topicMessages.get(t.topic);
        if (have) have.messages.push(...t.messages);
        else topicMessages.set(t.topic, { topic: t.topic, messages: [...t.messages] });
      }
    const offsets = new Map<string, { partition: number; offset: string; metadata: string }[]>();
    for (const c of ready) {
      if (!c.offset) continue;
      const list = offsets.get(c.offset.topic) ?? [];
      list.push({ partition: c.offset.partition, offset: c.offset.offset, metadata: inc.id });
      offsets.set(c.offset.topic, list);
    }
    const phase = phaseTimer(this.opts.metrics);
    let tx: Transaction | undefined;
    try {
      await this.initialize(inc);
      const open = await inc.producer.transaction();
      tx = open;
      // The records and the offsets go at the same time: AddPartitionsToTxn + Produce and
      // AddOffsetsToTxn + TxnOffsetCommit are independent parts of one transaction (EndTxn waits
      // for both), so the transaction usually costs three round trips, not five; when the
      // coordinator is busy with the other half it answers CONCURRENT_TRANSACTIONS, and the
      // offsets are sent again (sendOffsets above). Both settle before an abort is sent: never
      // an EndTxn with a request of its own in flight.
      const [sent, committedOffsets] = await Promise.allSettled([
        sendInRequests(open, [...topicMessages.values()]),
        offsets.size > 0
          ? sendOffsets(open, {
              consumerGroupId: this.opts.groupId,
              topics: [...offsets].map(([topic, partitions]) => ({ topic, partitions })),
            })
          : Promise.resolve(),
      ]);
      if (sent.status === 'rejected' || committedOffsets.status === 'rejected') {
        const refused = [sent, committedOffsets].flatMap((r) =>
          r.status === 'rejected' ? [r.reason as unknown] : [],
        );
        // A fence seen by either half is the reason that counts (metrics, and the log below).
        throw refused.find(isFencing) ?? refused[0];
      }
      const meta = sent.value;
      phase('produce');
      await tx.commit();
      phase('commit');
      this.failures = 0;
      for (const c of ready) c.resolve(meta);
    } catch (err) {
      this.failures++;
      const fenced = isFencing(err);
      this.opts.metrics.aborts.inc({ reason: fenced ? 'fenced' : 'error' });
      await tx?.abort().catch(() => undefined);
      this.retire(err);
      const failure = new TransactionFailed(
        fenced ? 'producer fenced' : `transaction failed: ${(err as Error).message}`,
        { cause: err },
      );
      for (const c of ready) c.reject(failure);
    }
  }
}
