/**
 * The seat-reservation stream processor: a KafkaJS consumer group on the one seat command topic.
 * Each assigned partition is a PartitionTask owning the sections that map to it; commands of a
 * section are applied strictly in order, by one task, with no locks. A node has one
 * transactional producer for all its partitions (NodeTransactions): the batches of a fetch round
 * share one transaction.
 *
 * Exactly-once, and the order of writes (why a crash at any instant is safe):
 *   1. apply the batch to the in-memory sections (nothing durable yet);
 *   2. in ONE Kafka transaction of the node's producer, shared with the other partitions' batches
 *      of the round: results, availability deltas, one changelog snapshot per changed section,
 *      dead letters, and the consumed offsets (each naming the producer's transactional id);
 *   3. commit the transaction;
 *   4. write the same snapshots and the next input/changelog offsets to RocksDB in one batch
 *      (queued in commit order; the next batch does not wait for it).
 * - Crash before 3: the transaction is aborted (or times out); read_committed consumers never see
 *   it, the group offset did not move, RocksDB is untouched. The next owner re-processes the batch.
 * - Crash between 3 and 4: Kafka is ahead of RocksDB. The stored input offset then differs from
 *   the committed one, so the next owner reads the changelog tail and catches up (restore step 4).
 * - Crash during 4: RocksDB's batch is atomic: old snapshots with old offsets, as above.
 * - A transaction that fails while we live: the in-memory sections of every partition in it are
 *   ahead of what is committed, so those tasks are dropped and restored afresh before their
 *   partitions are processed again; the producer is retired and a new incarnation (a new
 *   transactional id) takes over, for which each kept partition registers again (below).
 *
 * Zombies (a node that lost partitions but does not know yet). One producer serves all of a
 * node's partitions, so a partition's next owner cannot fence it by reusing a per-partition
 * transactional id, and KafkaJS cannot send the generation-checked TxnOffsetCommit of KIP-447.
 * Instead, for each partition it is assigned, in the generation that assigned it, a node:
 *   a. claims it: reads the group's committed offset, whose metadata names the transactional id
 *      of the last producer that registered or committed there, and fences that id (the broker
 *      ends its open transaction, and it can never send or commit again); then reads the
 *      committed offset again, which now cannot move under it;
 *   b. registers: a plain OffsetCommit of that same offset with its own producer's transactional
 *      id as metadata, carrying the generation in which the partition was assigned. The
 *      coordinator refuses it once the group has moved past that generation, so a node that
 *      lost the partition can never register (and so never publish) for it again. Only ids whose
 *      producer already has its epoch are registered: a fence is an epoch bump, and a producer
 *      that initialised after being "fenced" would outrank it;
 *   c. restores the partition's state to that offset (its barrier goes through the registered
 *      producer, so a crash mid-restore leaves an id the next owner fences).
 * Every producer that ever registered for a partition was fenced by the claim of the one after
 * it, and only the registered producer's transactions carry the partition's outputs. A zombie's
 * transaction fails at its next send or commit; it retires its producer, and its partitions
 * must register the new one, which fails for those it lost. If its transaction committed before
 * the new owner's fence, the new owner's second read of the committed offset includes it, and
 * commands below that offset, which KafkaJS may fetch again, are skipped.
 * - A node that rejoins after missing generations may get a partition back whose task it never
 *   closed, with state that missed what others processed meanwhile. Tasks kept across a join are
 *   claimed again before their next batch, and restored afresh when someone else moved the offset.
 */
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import {
  deadLetterRecord,
  forgetGroupMember,
  groupGeneration,
  type GroupGeneration,
} from '@shared/kafka';
import type { SectionState } from '@seat/domain';
import {
  groupId,
  instanceGroupId,
  sectionKey,
  topicNames,
  transactionalId,
  type TopicNames,
} from '@shared/streams';
import { sleep, type Logger } from '@shared/util';
import { ChangelogReader } from './changelog-reader';
import { createSeatMetrics, phaseTimer, type SeatMetrics } from './metrics';
import { NodeTransactions } from './node-transactions';
import { PartitionTask, type Claim, type RestoreReport, type TaskContext } from './partition-task';

export interface SeatProcessorOptions {
  kafka: Kafka;
  /**
   * The client of the transactional producers, the node's own and those it fences (default:
   * `kafka`). A node gives them one with a fast retry schedule: fencing a previous owner is
   * refused with CONCURRENT_TRANSACTIONS until the broker has aborted its open transaction, and
   * KafkaJS's 100/200/400 ms back-off made that wait ~1 s of every failover and restore.
   */
  transactionalKafka?: Kafka;
  node: string;
  dataDir: string;
  namespace?: string;
  partitions: number;
  logger: Logger;
  /** Partitions processed at once; their batches of a fetch round share one transaction. */
  concurrency?: number;
  /** ms the broker may hold a command fetch until 64 KB of commands wait (default 15). */
  fetchWaitMs?: number;
  /** ms without heartbeat before the group gives a node's partitions away (kill -9 failover time). */
  sessionTimeoutMs?: number;
}

/** A claim made for a generation the node has already seen pass: to be made again in the newer one. */
class GenerationPassed extends Error {
  constructor(partition: number, generationId: number) {
    super(`partition ${partition}: generation ${generationId} has passed`);
    this.name = 'GenerationPassed';
  }
}

/** Coordinator answers to a registration that mean its generation is over. */
const GENERATION_GONE = new Set([
  'ILLEGAL_GENERATION',
  'REBALANCE_IN_PROGRESS',
  'UNKNOWN_MEMBER_ID',
]);

/** Transactions failing in a row before a batch's failure is thrown to KafkaJS. */
const MAX_FAILED_ROUNDS = 8;

/** The generation of the group this node joined last, and the partitions it assigned to us. */
interface Assignment {
  generation: GroupGeneration;
  partitions: readonly number[];
}

export class SeatProcessor {
  readonly metrics: SeatMetrics;
  readonly topics: TopicNames;
  private readonly groupId: string;
  private readonly tasks = new Map<number, PartitionTask>();
  private readonly opening = new Map<number, Promise<PartitionTask>>();
  /** Tasks kept across a group join: to be claimed again before use. */
  private readonly unverified = new Set<number>();
  private readonly reader: ChangelogReader;
  private readonly transactions: NodeTransactions;
  private consumer?: Consumer;
  private admin?: Admin;
  private assignment?: Assignment;
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
    this.transactions = new NodeTransactions({
      kafka: opts.transactionalKafka ?? opts.kafka,
      transactionalId: (incarnation) => transactionalId(opts.node, incarnation, opts.namespace),
      groupId: this.groupId,
      metrics: this.metrics,
      logger: this.log,
    });
  }

  /** Partitions this node owns right now. */
  ownedPartitions(): number[] {
    return [...(this.assignment?.partitions ?? [])].sort((a, b) => a - b);
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
    this.admin = this.opts.kafka.admin();
    await this.admin.connect();
    const consumer = this.opts.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      sessionTimeout: this.opts.sessionTimeoutMs ?? 6000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 30_000,
      // A linger: the broker answers once 64 KB of commands wait (~400; a backlog goes at once)
      // or after 15 ms. Fetching again the moment anything arrived made each round as small as
      // possible, and on this 2-core machine the rounds (one transaction each) multiplied until
      // they used all the CPU: bench:seats' p99 at 2,000 commands/s went from 140-197 ms to
      // 86-193 ms with it, and flat out from ~11,500 to 11,100-15,600 commands/s
      // (BENCHMARKS.md). The cost: an idle node polls every 15 ms instead of 250 ms.
      maxWaitTimeInMs: this.opts.fetchWaitMs ?? 15,
      minBytes: 64 * 1024,
      maxBytesPerPartition: 256 * 1024,
      retry: { retries: 10, initialRetryTime: 200 },
    });
    this.consumer = consumer;
    const ctx: TaskContext = {
      node: this.opts.node,
      dataDir: this.opts.dataDir,
      changelogTopic: this.topics.seatChangelog,
      changelogReader: this.reader,
      // Replaced per acquire by a claim bound to the generation that assigned the partition.
      claim: () => Promise.reject(new Error('claim needs the generation of the assignment')),
      barrier: (p, key, registeredAs) => this.barrier(p, key, registeredAs),
      metrics: this.metrics,
      logger: this.log,
    };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const mine = payload.memberAssignment[this.topics.seatCommands] ?? [];
      const generation = groupGeneration(payload.memberId);
      if (!generation) {
        // Without the generation no partition can register, so nothing would be processed.
        this.log.fatal('KafkaJS did not reveal the group generation; cannot register partitions');
        this.running = false;
        this.assignment = undefined;
        return;
      }
      this.assignment = { generation, partitions: [...mine] };
      this.metrics.ownedPartitions.set(mine.length);
      this.log.info(
        { partitions: this.ownedPartitions(), generation: generation.generationId },
        'partitions assigned',
      );
      // Partitions that moved away: close their tasks (the new owner fences our producer anyway).
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
  }

  /** The group's committed offset of a command partition (-1 when none) and its metadata. */
  private async committed(p: number): Promise<{ offset: bigint; holder: string | null }> {
    const offsets = await this.admin!.fetchOffsets({
      groupId: this.groupId,
      topics: [this.topics.seatCommands],
    });
    const found = offsets[0]?.partitions.find((x) => x.partition === p);
    return { offset: BigInt(found?.offset ?? '-1'), holder: found?.metadata || null };
  }

  /**
   * Steps a and c of the zombie protocol (top of file): fences whichever producer the committed
   * offset names, until it names none or only our current one; then registers our producer for
   * the partition with the committed offset, by an offset commit that the coordinator refuses
   * once `generation` is gone. Registering before anything is written for the partition (the
   * restore's barrier included) means a crash from here on leaves our id for the next owner to fence.
   */
  private async claim(p: number, generation: GroupGeneration): Promise<Claim> {
    const fenced = new Set<string>();
    for (;;) {
      const { offset, holder } = await this.committed(p);
      if (holder && holder !== this.transactions.id && !fenced.has(holder)) {
        await this.transactions.fence(holder);
        fenced.add(holder);
        continue;
      }
      const registeredAs = await this.transactions.initializedId();
      // A commit the coordinator will refuse anyway is not worth sending.
      if (this.assignment?.generation !== generation)
        throw new GenerationPassed(p, generation.generationId);
      try {
        await generation.commit([
          {
            topic: this.topics.seatCommands,
            partitions: [{ partition: p, offset: offset.toString(), metadata: registeredAs }],
          },
        ]);
      } catch (err) {
        // The group moved on while the commit was on its way: not a failure of the restore,
        // only a claim to make again in the newer generation (as soon as it is joined).
        const type = (err as { type?: string }).type;
        if (type && GENERATION_GONE.has(type))
          throw new GenerationPassed(p, generation.generationId);
        throw err;
      }
      return { offset, registeredAs };
    }
  }

  /** Commits a barrier record to changelog partition p in the node's next transaction. */
  private async barrier(p: number, key: string, registeredAs: string): Promise<bigint> {
    const topic = this.topics.seatChangelog;
    const meta = await this.transactions.submit({
      topicMessages: [{ topic, messages: [{ key, value: null, partition: p }] }],
      registeredAs,
    });
    const found = meta.find((m) => m.topicName === topic && m.partition === p);
    if (found?.baseOffset === undefined) throw new Error(`no offset for the barrier of ${p}`);
    return BigInt(found.baseOffset);
  }

  private task(p: number, ctx: TaskContext): Promise<PartitionTask> {
    const ready = this.tasks.get(p);
    if (
      ready &&
      !ready.uncommitted &&
      !this.unverified.has(p) &&
      ready.registeredAs === this.transactions.id
    )
      return Promise.resolve(ready);
    let pending = this.opening.get(p);
    if (!pending) {
      pending = this.acquire(p, ctx).finally(() => this.opening.delete(p));
      this.opening.set(p, pending);
    }
    return pending;
  }

  /** Makes partition p's task ready to process under the current producer: claim, restore, register. */
  private async acquire(p: number, ctx: TaskContext): Promise<PartitionTask> {
    const assignment = this.assignment;
    if (!assignment?.partitions.includes(p))
      throw new Error(`partition ${p} is not assigned to this node`);
    const claim = (q: number) => this.claim(q, assignment.generation);
    const existing = this.tasks.get(p);
    if (existing?.uncommitted) {
      // Its sections hold a batch that did not commit (or is committing now): never keep them.
      await this.dropTask(p, 'batch not committed', existing);
    } else if (existing) {
      const { offset, registeredAs } = await claim(p);
      if (
        offset === existing.nextInputOffset &&
        !existing.uncommitted &&
        this.tasks.get(p) === existing
      ) {
        existing.registeredAs = registeredAs;
        this.unverified.delete(p);
        return existing;
      }
      this.log.warn(
        { partition: p, committed: offset, expected: existing.nextInputOffset },
        'partition state is stale (processed elsewhere meanwhile); restoring afresh',
      );
      await this.dropTask(p, 'stale', existing);
    }
    const task = await PartitionTask.open(p, { ...ctx, claim });
    // Revoked while restoring: do not keep a task for a partition we lost.
    if (!this.assignment?.partitions.includes(p)) {
      await task.close();
      throw new Error(`partition ${p} was revoked during its restore`);
    }
    if (this.assignment !== assignment) {
      // Claimed in a generation that has passed: someone may have owned it in between, so claim
      // (and restore) again in the current one.
      await task.close();
      return this.acquire(p, ctx);
    }
    const replaced = this.tasks.get(p);
    if (replaced && replaced !== task) await this.dropTask(p, 'replaced', replaced);
    this.tasks.set(p, task);
    this.unverified.delete(p);
    this.restores.push(task.restore);
    return task;
  }

  /**
   * Restores an assigned partition in the background, retrying while it stays assigned. A group
   * that is forming goes through several generations in a fraction of a second; a claim made in
   * one that has passed is refused, and is made again at once in the newer one.
   */
  private async restoreEagerly(p: number, ctx: TaskContext): Promise<void> {
    let attempt = 0;
    while (attempt < 5 && !this.stopped && this.assignment?.partitions.includes(p)) {
      const seen = this.assignment;
      try {
        await this.task(p, ctx);
        return;
      } catch (err) {
        if (this.assignment !== seen) continue;
        if (err instanceof GenerationPassed) {
          // The newer generation is not joined here yet: wait for it briefly, without counting
          // an attempt (a stop meanwhile must not find this partition given up on).
          await sleep(50);
          continue;
        }
        attempt++;
        this.log.warn({ err, partition: p, attempt }, 'eager restore failed; retrying');
        await sleep(1000 * attempt);
      }
    }
  }

  /** Closes partition p's task (only if it is still `only`, when given). */
  private async dropTask(p: number, why: string, only?: PartitionTask): Promise<void> {
    const task = this.tasks.get(p);
    if (!task || (only && task !== only)) return;
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
    const phase = phaseTimer(this.metrics, started);
    // Heartbeat before touching the task: a node woken after its session expired learns here
    // that it must rejoin, instead of claiming partitions (and fencing their new owner).
    await heartbeat();
    const task = await taskFor(p).catch((err: unknown) => {
      // A plain error, retriable for KafkaJS (a protocol error such as ILLEGAL_GENERATION would
      // make it rejoin the group: a rebalance for every node): the batch is fetched again.
      throw new Error(`partition ${p}: ${(err as Error).message}`, { cause: err });
    });
    phase('state');
    // KafkaJS fetches from the offset it read when it joined, or resolved since; the task's
    // state reflects the committed offset read after fencing the previous holder, which can be
    // later (that holder's last commit landed in between, or our own commit landed though the
    // client saw it fail). Commands below it are in the state already: applying them again
    // would not be exactly-once.
    const expected = task.nextInputOffset;
    const messages =
      expected < 0n || BigInt(batch.messages[0]!.offset) >= expected
        ? batch.messages
        : batch.messages.filter((m) => BigInt(m.offset) >= expected);
    if (messages.length === 0) {
      resolveOffset(batch.lastOffset());
      return;
    }
    // From here until the commit, the sections are ahead of what Kafka holds.
    task.beginBatch();
    try {
      await this.decideAndCommit(task, messages, batch, resolveOffset, heartbeat, phase, started);
    } finally {
      task.settleBatch(); // also when something below threw: a close must not wait forever
    }
  }

  /** Steps 1 to 4 of the protocol (top of file) for one partition's batch. */
  private async decideAndCommit(
    task: PartitionTask,
    messages: EachBatchPayload['batch']['messages'],
    batch: EachBatchPayload['batch'],
    resolveOffset: EachBatchPayload['resolveOffset'],
    heartbeat: EachBatchPayload['heartbeat'],
    phase: ReturnType<typeof phaseTimer>,
    started: number,
  ): Promise<void> {
    const p = batch.partition;
    const out = task.state.processMessages(messages);
    phase('apply');
    const lastOffset = BigInt(batch.lastOffset());
    const topicMessages = [
      // Results stay on the command partition's number: a transaction then touches 3 partitions
      // per command partition (3 commit markers) instead of one per booking-key hash.
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
    let changelogNext: bigint | undefined;
    try {
      const meta = await this.transactions.submit({
        topicMessages,
        offset: { topic: batch.topic, partition: p, offset: (lastOffset + 1n).toString() },
        registeredAs: task.registeredAs,
      });
      const cl = meta.find((m) => m.topicName === this.topics.seatChangelog && m.partition === p);
      if (cl?.baseOffset !== undefined && out.changelog.size > 0)
        changelogNext = BigInt(cl.baseOffset) + BigInt(out.changelog.size);
    } catch (err) {
      this.log.warn({ err, partition: p }, 'transaction failed; dropping the partition state');
      task.settleBatch(); // nothing to persist: the close below need not wait for us
      await this.dropTask(p, 'transaction failed', task);
      // Nothing resolved: KafkaJS fetches the batch again, and a fresh task (restored to the
      // committed offset, under the next producer) applies it. Not thrown at once: every throw
      // adds to a KafkaJS retry count that only a rebalance resets, and a failed shared
      // transaction fails every partition of the round together. A failure that repeats (a
      // record the broker refuses, lost permissions) backs off, and after MAX_FAILED_ROUNDS is
      // thrown, so KafkaJS restarts the consumer or reports it crashed (/ready).
      const failed = this.transactions.consecutiveFailures;
      if (failed > MAX_FAILED_ROUNDS)
        throw new Error(`partition ${p}: ${failed} transactions failed in a row`, { cause: err });
      await sleep(Math.min(3000, 25 * 2 ** failed)); // under the session timeout (>= 6 s)
      await heartbeat();
      return;
    }
    phase('transaction');
    task.uncommitted = false;
    // Committed: now the durable local copy (a crash before this is repaired by restore).
    task.persist(out.changelog, lastOffset + 1n, changelogNext);
    task.settleBatch();
    resolveOffset(batch.lastOffset());
    const now = Date.now();
    for (const m of messages) this.metrics.latency.observe((now - Number(m.timestamp)) / 1000);
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
    this.metrics.batchSize.observe(messages.length);
    await heartbeat();
  }

  /** Graceful stop: finish the batch in flight, commit, leave the group, close stores and the producer. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    await this.consumer
      ?.disconnect()
      .catch((err: unknown) => this.log.warn({ err }, 'consumer disconnect failed'));
    await Promise.allSettled([...this.opening.values()]); // restores in flight
    for (const p of [...this.tasks.keys()]) await this.dropTask(p, 'shutdown');
    await this.transactions.close();
    await this.reader.stop();
    await this.admin?.disconnect().catch(() => undefined);
    if (this.assignment) forgetGroupMember(this.assignment.generation.memberId);
    this.assignment = undefined;
  }
}
