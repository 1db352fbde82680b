import type { Consumer, Kafka } from 'kafkajs';
import { positionOnEveryJoin } from '@shared/kafka';
import type { Logger } from '@shared/util';
import { waitFor } from '@shared/util';

/**
 * Reads ranges of single changelog partitions for restores. KafkaJS has no manual partition
 * assignment, so each node keeps one consumer in a group of its own, subscribed to the whole
 * changelog topic with every partition paused; a restore seeks one partition, resumes it, and
 * reads until it meets the barrier record the restoring task wrote (see restore.ts). Reading
 * up to a barrier, rather than to a high watermark, is exact under transactions: the broker's
 * end offset counts commit markers that a read_committed consumer never sees.
 */

interface Job {
  partition: number;
  fromOffset: bigint;
  /** Offset after the last record delivered: a retry resumes here, not from the start. */
  next: bigint;
  untilKey: string;
  onRecord: (key: string, value: Buffer | null, offset: string) => void;
  done: () => void;
}

export class ChangelogReader {
  private consumer?: Consumer;
  private readonly jobs = new Map<number, Job>();
  private joined = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly groupId: string,
    private readonly partitions: number,
    private readonly logger: Logger,
    /** Bytes per partition and fetch: restores read whole partitions, so big by default. */
    private readonly fetchBytesPerPartition = 16 * 1024 * 1024,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      readUncommitted: false,
      maxWaitTimeInMs: 50,
      maxBytesPerPartition: this.fetchBytesPerPartition,
      maxBytes: 4 * this.fetchBytesPerPartition,
      sessionTimeout: 30_000,
      heartbeatInterval: 3000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    // Jobs resume where they got to; every other partition stays paused (a restarted consumer
    // starts with nothing paused).
    positionOnEveryJoin(
      consumer,
      this.topic,
      () => [...this.jobs.values()].map((job) => [job.partition, job.next] as const),
      () => {
        const idle = [...Array(this.partitions).keys()].filter((p) => !this.jobs.has(p));
        consumer.pause([{ topic: this.topic, partitions: idle }]);
        this.joined = true;
      },
    );
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset }) => {
        const job = this.jobs.get(batch.partition);
        if (!job) return;
        for (const m of batch.messages) {
          // Resolved offsets move the next fetch on; without this a partition larger than one
          // fetch was fetched again from the seek until the watchdog sought past it.
          resolveOffset(m.offset);
          if (BigInt(m.offset) < job.next) continue; // a fetch from before the seek, or delivered already
          const key = m.key?.toString('utf8') ?? '';
          if (key === job.untilKey) {
            this.finish(batch.partition);
            return;
          }
          job.onRecord(key, m.value, m.offset);
          job.next = BigInt(m.offset) + 1n;
        }
      },
    });
    await waitFor('the changelog reader to join its group', () => this.joined, {
      timeoutMs: 60_000,
    });
  }

  /**
   * Delivers every committed record of `partition` from `fromOffset` up to (not including) the
   * record keyed `untilKey`. If the barrier has not shown up within `attemptMs` the partition is
   * sought again (a seek racing a fetch in flight can be lost in KafkaJS); records may then be
   * delivered twice, which a restore tolerates (the latest snapshot per key wins). Fails after
   * `timeoutMs`: a restore must never pass with records missing.
   */
  async read(
    partition: number,
    fromOffset: bigint,
    untilKey: string,
    onRecord: Job['onRecord'],
    opts: { attemptMs?: number; timeoutMs?: number } = {},
  ): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
    let from = fromOffset;
    for (let attempt = 1; ; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `changelog partition ${partition}: barrier ${untilKey} not reached within ${opts.timeoutMs ?? 120_000} ms`,
        );
      }
      const result = await this.attempt(
        partition,
        from,
        untilKey,
        onRecord,
        Math.min(left, opts.attemptMs ?? 5000),
      );
      if (result.done) return;
      if (result.next === from) {
        this.logger.warn(
          { partition, attempt, from: from.toString() },
          'no progress towards the barrier; seeking again',
        );
      }
      from = result.next;
    }
  }

  /**
   * One seek-and-read. Ends with done when the barrier arrives; otherwise after `idleMs` without
   * a new record, reporting where it got to so the next attempt resumes there.
   */
  private attempt(
    partition: number,
    fromOffset: bigint,
    untilKey: string,
    onRecord: Job['onRecord'],
    idleMs: number,
  ): Promise<{ done: boolean; next: bigint }> {
    const consumer = this.consumer;
    if (!consumer) throw new Error('changelog reader not started');
    if (this.jobs.has(partition))
      throw new Error(`partition ${partition} is already being restored`);
    return new Promise((resolve) => {
      const job: Job = {
        partition,
        fromOffset,
        next: fromOffset,
        untilKey,
        onRecord,
        done: () => {
          clearInterval(watchdog);
          resolve({ done: true, next: job.next });
        },
      };
      let seen = job.next;
      let idleSince = Date.now();
      const watchdog = setInterval(
        () => {
          if (job.next !== seen) {
            seen = job.next;
            idleSince = Date.now();
          } else if (Date.now() - idleSince >= idleMs) {
            // Give up this attempt without reporting success.
            clearInterval(watchdog);
            this.jobs.delete(partition);
            this.pause(partition);
            resolve({ done: false, next: job.next });
          }
        },
        Math.min(250, idleMs),
      );
      this.jobs.set(partition, job);
      try {
        consumer.seek({ topic: this.topic, partition, offset: fromOffset.toString() });
        consumer.resume([{ topic: this.topic, partitions: [partition] }]);
      } catch (err) {
        // KafkaJS is restarting the consumer (no group right now): its next join seeks every
        // registered job and leaves their partitions unpaused.
        this.logger.warn({ err, partition }, 'seek deferred to the next group join');
      }
    });
  }

  /** The barrier was reached: stop fetching the partition and report success. */
  private finish(partition: number): void {
    const job = this.jobs.get(partition);
    this.jobs.delete(partition);
    this.pause(partition);
    job?.done();
  }

  /** Stops fetching a partition; while KafkaJS restarts the consumer, its next join does. */
  private pause(partition: number): void {
    try {
      this.consumer?.pause([{ topic: this.topic, partitions: [partition] }]);
    } catch {
      // No group right now: the join handler pauses every partition without a job.
    }
  }

  async stop(): Promise<void> {
    await this.consumer
      ?.disconnect()
      .catch((err: unknown) => this.logger.warn({ err }, 'changelog reader disconnect failed'));
  }
}
