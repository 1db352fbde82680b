/**
 * The seat-reservation stream processor: a KafkaJS consumer group on the one seat command topic.
 * Each assigned partition is a PartitionTask owning the sections that map to it; commands of a
 * section are applied strictly in order, by one task, with no locks.
 *
 * Exactly-once, and the order of writes (why a crash at any instant is safe):
 *   1. apply the batch to the in-memory sections (nothing durable yet);
 *   2. in ONE Kafka transaction of the partition's producer: results, availability deltas,
 *      one changelog snapshot per changed section, dead letters, and the consumed offsets;
 *   3. commit the transaction;
 *   4. write the same snapshots and the next input/changelog offsets to RocksDB in one batch
 *      (queued in commit order; the next batch does not wait for it).
 * - Crash before 3: the transaction is aborted (or times out); read_committed consumers never see
 *   it, the group offset did not move, RocksDB is untouched. The next owner re-processes the batch.
 * - Crash between 3 and 4: Kafka is ahead of RocksDB. The stored input offset then differs from
 *   the committed one, so the next owner reads the changelog tail and catches up (restore step 4).
 * - Crash during 4: RocksDB's batch is atomic: old snapshots with old offsets, as above.
 * - A commit that fails while we live: the in-memory sections are ahead of what is committed, so
 *   the task is dropped and restored afresh before the partition is processed again.
 * - A zombie (a node that lost its partitions but does not know yet): the new owner's producer
 *   has the same transactional id, so the zombie is fenced at its next send or commit; its
 *   open transaction is aborted by the broker. It publishes nothing after the move. The failed
 *   batch is thrown as a retriable error (KafkaJS would stop a consumer for good on the fencing
 *   error itself), and the retry heartbeats first, so the woken node learns of the new
 *   generation and rejoins before it restores anything (restoring would fence the new owner).
 * - A node that rejoins after missing generations (frozen, then woken) may get a partition back
 *   whose task it never closed, with state that missed what others processed meanwhile. Tasks
 *   kept across a join are re-checked against the group's committed offset before their next
 *   batch, and restored afresh when someone else has moved it.
 */
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { deadLetterRecord } from '@shared/kafka';
import type { SectionState } from '@seat/domain';
import { groupId, instanceGroupId, sectionKey, topicNames, type TopicNames } from '@shared/streams';
import { sleep, type Logger } from '@shared/util';
import { ChangelogReader } from './changelog-reader';
import { createSeatMetrics, type SeatMetrics } from './metrics';
import { PartitionTask, type RestoreReport, type TaskContext } from './partition-task';

export interface SeatProcessorOptions {
  kafka: Kafka;
  /**
   * The client of the partitions' transactional producers (default: `kafka`). A node gives them
   * one with a fast retry schedule: a new owner's initTransactions is refused with
   * CONCURRENT_TRANSACTIONS until the broker has aborted the previous owner's open transaction,
   * and KafkaJS's 100/200/400 ms back-off made that wait ~1 s of every failover and restore.
   */
  transactionalKafka?: Kafka;
  node: string;
  dataDir: string;
  namespace?: string;
  partitions: number;
  logger: Logger;
  /** Partitions processed at once; each has its own producer, so batches of different partitions overlap. */
  concurrency?: number;
  /** ms without heartbeat before the group gives a node's partitions away (kill -9 failover time). */
  sessionTimeoutMs?: number;
}

export class SeatProcessor {
  readonly metrics: SeatMetrics;
  readonly topics: TopicNames;
  private readonly groupId: string;
  private readonly tasks = new Map<number, PartitionTask>();
  private readonly opening = new Map<number, Promise<PartitionTask>>();
  /** Tasks kept across a group join: to be checked against the committed offset before use. */
  private readonly unverified = new Set<number>();
  private readonly reader: ChangelogReader;
  private consumer?: Consumer;
  private assigned: number[] = [];
  private running = false;
  private stopped = false;
  private readonly log: Logger;
  readonly restores: RestoreReport[] = [];

  constructor(private readonly opts: SeatProcessorOptions) {
    this.log = opts.logger.child({ component: 'seat-processor', node: opts.node });
    this.metrics = createSeatMetrics(opts.node);
    this.topics = topicNames(opts.namespace);
    this.groupId = groupId('seatReservation', opts.namespace);
    this.reader = new ChangelogReader(
      opts.kafka,
      this.topics.seatChangelog,
      instanceGroupId(
        'seat-restore',
        `${opts.node}-${process.pid}-${Date.now().toString(36)}`,
        opts.namespace,
      ),
      opts.partitions,
      this.log.child({ component: 'changelog-reader' }),
    );
  }

  /** Partitions this node owns right now. */
  ownedPartitions(): number[] {
    return [...this.assigned].sort((a, b) => a - b);
  }

  /** Partitions whose state is restored and in memory. */
  readyPartitions(): number[] {
    return [...this.tasks.keys()].sort((a, b) => a - b);
  }

  /** The live state of a section this node owns (read-only use: status pages and tests). */
  section(eventId: string, section: string): SectionState | undefined {
    for (const task of this.tasks.values()) {
      const found = task.state.sections.get(sectionKey(eventId, section));
      if (found) return found;
    }
    return undefined;
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.reader.start();
    const admin = this.opts.kafka.admin();
    await admin.connect();
    const committedOffset = async (p: number): Promise<bigint> => {
      const offsets = await admin.fetchOffsets({
        groupId: this.groupId,
        topics: [this.topics.seatCommands],
      });
      const found = offsets[0]?.partitions.find((x) => x.partition === p);
      return BigInt(found?.offset ?? '-1');
    };
    const consumer = this.opts.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 6000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 30_000,
      // A linger: the broker answers once 64 KB of commands wait (~400; a backlog goes at once)
      // or after 15 ms. Fetching again the moment anything arrived made each round as small as
      // possible, and on this 2-core machine the rounds (one transaction per partition each)
      // multiplied until they used all the CPU: bench:seats' p99 at 2,000 commands/s went from
      // 140-197 ms to 86-193 ms with it, and flat out from ~11,500 to 11,100-15,600 commands/s
      // (BENCHMARKS.md). The cost: an idle node polls every 15 ms instead of 250 ms.
      maxWaitTimeInMs: 15,
      minBytes: 64 * 1024,
      maxBytesPerPartition: 256 * 1024,
      retry: { retries: 10, initialRetryTime: 200 },
    });
    this.consumer = consumer;
    const ctx = {
      kafka: this.opts.transactionalKafka ?? this.opts.kafka,
      node: this.opts.node,
      dataDir: this.opts.dataDir,
      transactionalIdFor: (p: number) =>
        ['seat-reservation', this.opts.namespace, `p${p}`].filter(Boolean).join('.'),
      changelogTopic: this.topics.seatChangelog,
      changelogReader: this.reader,
      committedOffset,
      metrics: this.metrics,
      logger: this.log,
    };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const mine = payload.memberAssignment[this.topics.seatCommands] ?? [];
      this.assigned = [...mine];
      this.metrics.ownedPartitions.set(mine.length);
      this.log.info(
        { partitions: this.ownedPartitions(), generation: payload.groupId },
        'partitions assigned',
      );
      // Partitions that moved away: close their tasks (their producers are fenced by the new owner anyway).
      for (const p of [...this.tasks.keys()]) {
        if (!mine.includes(p)) void this.dropTask(p, 'revoked');
        else this.unverified.add(p);
      }
      // Restore new partitions now, not on their first command, so a failover is ready sooner.
      for (const p of mine) if (!this.tasks.has(p)) void this.restoreEagerly(p, ctx);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.log.error({ err: payload.error, restart: payload.restart }, 'consumer crashed');
      // KafkaJS gives up on a non-retriable error: say so on /ready rather than look alive.
      if (!payload.restart) this.running = false;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topics.seatCommands], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.concurrency ?? 3,
      eachBatch: (payload) => this.processBatch(payload, (p) => this.task(p, ctx)),
    });
    this.running = true;
    this.adminDisconnect = () => admin.disconnect();
  }

  private adminDisconnect: () => Promise<void> = async () => undefined;

  private async task(
    p: number,
    ctx: Parameters<typeof PartitionTask.open>[1],
  ): Promise<PartitionTask> {
    const existing = this.tasks.get(p);
    if (existing && this.unverified.has(p)) {
      this.unverified.delete(p);
      const committed = await ctx.committedOffset(p);
      if (committed !== existing.nextInputOffset) {
        this.log.warn(
          { partition: p, committed, expected: existing.nextInputOffset },
          'partition state is stale (processed elsewhere meanwhile); restoring afresh',
        );
        await this.dropTask(p, 'stale');
      }
    }
    const current = this.tasks.get(p);
    if (current) return current;
    let pending = this.opening.get(p);
    if (!pending) {
      pending = PartitionTask.open(p, ctx).finally(() => this.opening.delete(p));
      this.opening.set(p, pending);
    }
    const task = await pending;
    if (!this.assigned.includes(p)) {
      // Revoked while restoring: do not keep a task (and a producer) for a partition we lost.
      if (this.tasks.get(p) === task) this.tasks.delete(p);
      await task.close();
      throw new Error(`partition ${p} was revoked during its restore`);
    }
    if (this.tasks.get(p) !== task) {
      this.tasks.set(p, task);
      this.restores.push(task.restore);
    }
    return task;
  }

  /** Restores an assigned partition in the background, retrying while it stays assigned. */
  private async restoreEagerly(p: number, ctx: TaskContext): Promise<void> {
    for (let attempt = 1; attempt <= 5 && !this.stopped && this.assigned.includes(p); attempt++) {
      try {
        await this.task(p, ctx);
        return;
      } catch (err) {
        this.log.warn({ err, partition: p, attempt }, 'eager restore failed; retrying');
        await sleep(1000 * attempt);
      }
    }
  }

  private async dropTask(p: number, why: string): Promise<void> {
    const task = this.tasks.get(p);
    if (!task) return;
    this.tasks.delete(p);
    this.log.info({ partition: p, why }, 'closing partition task');
    await task.close();
  }

  private async processBatch(
    { batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload,
    taskFor: (p: number) => Promise<PartitionTask>,
  ): Promise<void> {
    if (batch.messages.length === 0 || !isRunning() || isStale()) return;
    const started = performance.now();
    const p = batch.partition;
    // How long the batch's first command waited for this round: appended -> processing starts.
    this.metrics.batchPhaseSeconds.observe(
      { phase: 'wait' },
      Math.max(0, Date.now() - Number(batch.messages[0]!.timestamp)) / 1000,
    );
    let mark = started;
    const phase = (name: string) => {
      const now = performance.now();
      this.metrics.batchPhaseSeconds.observe({ phase: name }, (now - mark) / 1000);
      mark = now;
    };
    // Heartbeat before touching the task: a node woken after its session expired learns here
    // that it must rejoin, instead of restoring (and fencing the partition's new owner).
    await heartbeat();
    const task = await taskFor(p);
    phase('state');
    const out = task.state.processMessages(batch.messages);
    phase('apply');
    const lastOffset = BigInt(batch.lastOffset());
    const tx = await task.producer.transaction();
    let changelogNext: bigint | undefined;
    try {
      const topicMessages = [
        // Results stay on the command partition's number: a transaction then touches 3 partitions
        // (3 commit markers) instead of one per booking-key hash, which bounds throughput.
        {
          topic: this.topics.seatResults,
          messages: out.results.map((r) => ({ key: r.key, value: r.value, partition: p })),
        },
        {
          topic: this.topics.seatAvailability,
          messages: out.availability.map((r) => ({ key: r.key, value: r.value, partition: p })),
        },
        {
          topic: this.topics.seatChangelog,
          messages: [...out.changelog].map(([key, value]) => ({ key, value, partition: p })),
        },
        {
          topic: this.topics.deadLetter,
          messages: out.deadLetters.map((d) =>
            deadLetterRecord({
              sourceTopic: batch.topic,
              partition: p,
              message: { ...d.message, timestamp: '0', attributes: 0, headers: {} },
              reason: d.reason,
              consumer: this.groupId,
            }),
          ),
        },
      ].filter((t) => t.messages.length > 0);
      if (topicMessages.length > 0) {
        const meta = await tx.sendBatch({ topicMessages });
        const cl = meta.find((m) => m.topicName === this.topics.seatChangelog && m.partition === p);
        if (cl?.baseOffset !== undefined)
          changelogNext = BigInt(cl.baseOffset) + BigInt(out.changelog.size);
      }
      phase('produce');
      await tx.sendOffsets({
        consumerGroupId: this.groupId,
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: p, offset: (lastOffset + 1n).toString() }],
          },
        ],
      });
      phase('offsets');
      await tx.commit();
      phase('commit');
    } catch (err) {
      const fenced =
        /fenced|epoch/i.test((err as Error).message) ||
        (err as { type?: string }).type === 'INVALID_PRODUCER_EPOCH';
      this.metrics.aborts.inc({ reason: fenced ? 'fenced' : 'error' });
      this.log.warn(
        { err, partition: p, fenced },
        'transaction failed; dropping the partition state',
      );
      await tx.abort().catch(() => undefined);
      await this.dropTask(p, fenced ? 'fenced' : 'transaction failed');
      // A plain error is retriable for KafkaJS: it re-fetches from the committed offset (after a
      // rejoin, if the group moved on). Rethrowing the fencing error would stop the consumer.
      throw new Error(
        `partition ${p}: transaction failed (${fenced ? 'fenced' : (err as Error).message}); retrying from the committed offset`,
      );
    }
    // Committed: now the durable local copy (a crash before this is repaired by restore).
    task.persist(out.changelog, lastOffset + 1n, changelogNext);
    resolveOffset(batch.lastOffset());
    const now = Date.now();
    for (const m of batch.messages)
      this.metrics.latency.observe((now - Number(m.timestamp)) / 1000);
    this.metrics.commands.inc({ partition: String(p) }, out.applied);
    if (out.deadLetters.length) {
      this.metrics.deadLetters.inc({ partition: String(p) }, out.deadLetters.length);
      this.log.warn(
        { partition: p, count: out.deadLetters.length, first: out.deadLetters[0]?.reason },
        'dead-lettered bad commands',
      );
    }
    this.metrics.lag.set({ partition: String(p) }, Number(batch.offsetLag()));
    this.metrics.batchSeconds.observe((performance.now() - started) / 1000);
    this.metrics.batchSize.observe(batch.messages.length);
    await heartbeat();
  }

  /** Graceful stop: finish the batch in flight, commit, leave the group, close stores and producers. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    await this.consumer
      ?.disconnect()
      .catch((err: unknown) => this.log.warn({ err }, 'consumer disconnect failed'));
    for (const p of [...this.tasks.keys()]) await this.dropTask(p, 'shutdown');
    await this.reader.stop();
    await this.adminDisconnect().catch(() => undefined);
    this.assigned = [];
  }
}
