import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from '@shared/util';
import { MeteredStore } from '../store/metered-store';
import { RocksDbStore } from '../store/rocksdb-store';
import type { KeyValueStore } from '../store/key-value-store';
import { CONTROL_KEY_PREFIX, parseEndedBlockKey } from '@shared/streams';
import type { ChangelogReader } from './changelog-reader';
import type { SeatMetrics } from './metrics';
import { PartitionState } from './partition-state';

/**
 * One command partition owned by this node: its sections in memory and its RocksDB store. Its
 * outputs go through the node's transactions (NodeTransactions), under the producer incarnation
 * it is registered for.
 *
 * Store layout: "s:<eventId:section>" -> section snapshot; "s:__ended__:<eventId:section>:<n>"
 * -> block n of the section's ended-bookings memory; "m:input" -> next command offset
 * reflected by the snapshots; "m:changelog" -> next changelog offset reflected by them.
 */

export const SNAPSHOT_PREFIX = 's:';
export const INPUT_OFFSET_KEY = 'm:input';
export const CHANGELOG_OFFSET_KEY = 'm:changelog';

export interface TaskContext {
  node: string;
  dataDir: string;
  changelogTopic: string;
  changelogReader: ChangelogReader;
  /**
   * Takes the partition over: fences the producer that the group's committed offset names (the
   * last one that registered or committed there), so nothing changes under us from here on,
   * reads the committed offset (-1 when none) and registers the node's producer for it.
   */
  claim: (partition: number) => Promise<Claim>;
  /**
   * Commits a barrier record to the partition's changelog, through the producer registered for
   * it (refused if that one was retired meanwhile); resolves with its offset.
   */
  barrier: (partition: number, key: string, registeredAs: string) => Promise<bigint>;
  metrics: SeatMetrics;
  logger: Logger;
}

export interface Claim {
  /** The group's committed offset of the partition once its previous holder is fenced. */
  offset: bigint;
  /** The node producer's transactional id that is now registered for the partition. */
  registeredAs: string;
}

export interface RestoreReport {
  partition: number;
  source: 'local' | 'local+changelog' | 'changelog';
  sections: number;
  changelogRecords: number;
  ms: number;
  /** Where the time went, in ms: fencing the previous holder, local load, barrier, changelog read, store write. */
  steps: Record<'fence' | 'local' | 'barrier' | 'changelog' | 'write', number>;
}

const u64 = (n: bigint) => Buffer.from(n.toString());
const readOffset = (bytes: Uint8Array | undefined) =>
  bytes ? BigInt(Buffer.from(bytes).toString()) : undefined;

export class PartitionTask {
  private constructor(
    readonly partition: number,
    readonly state: PartitionState,
    readonly store: KeyValueStore,
    readonly restore: RestoreReport,
    private nextInput: bigint,
    private readonly onStoreError: (err: unknown) => void,
  ) {}

  private writes: Promise<void> = Promise.resolve();
  /** The producer incarnation this partition is registered for (set by the processor). */
  registeredAs?: string;
  /**
   * True from applying a batch until its transaction commits; a batch that failed leaves it set,
   * so the sections (ahead of Kafka) are never kept: the task is restored afresh instead.
   */
  uncommitted = false;
  private storeFailed = false;
  /** Settles when the batch in flight has committed (and queued its write) or failed. */
  private batchSettled?: { promise: Promise<void>; resolve: () => void };

  /**
   * A batch is applied to the sections and on its way to Kafka: until `settleBatch`, a close
   * waits, so the snapshots of a transaction that commits meanwhile still reach RocksDB
   * (a graceful stop or a revocation in the middle of a round left the store behind Kafka,
   * and the next start restored from the changelog instead of from local state alone).
   */
  beginBatch(): void {
    this.uncommitted = true;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.batchSettled = { promise, resolve };
  }

  /** The batch in flight committed (after `persist`) or failed; idempotent. */
  settleBatch(): void {
    this.batchSettled?.resolve();
    this.batchSettled = undefined;
  }

  /** The next command offset the in-memory state expects: the group's committed offset, if no one else has processed this partition since. */
  get nextInputOffset(): bigint {
    return this.nextInput;
  }

  /**
   * Brings partition `p` to the state its last committed transaction left, in this order:
   * 1. claim the partition: fence the producer the committed offset names (its open transaction
   *    ends), so nothing changes under us from here on, read the committed offset and register
   *    our producer (before the barrier below: a crash with the barrier's transaction open
   *    must leave our id where the next owner looks for the producer to fence);
   * 2. load the local RocksDB snapshots and the offsets stored with them;
   * 3. if the stored input offset equals the group's committed offset, local state is exact;
   * 4. otherwise commit a barrier record to the changelog partition and read it from the
   *    stored changelog offset (0 with no local state) up to the barrier: each record is a
   *    whole-section snapshot and the latest one wins; then write the result back to RocksDB.
   */
  static async open(p: number, ctx: TaskContext): Promise<PartitionTask> {
    const started = performance.now();
    const steps: RestoreReport['steps'] = {
      fence: 0,
      local: 0,
      barrier: 0,
      changelog: 0,
      write: 0,
    };
    let mark = started;
    const step = (name: keyof RestoreReport['steps']) => {
      const now = performance.now();
      steps[name] = Math.round(now - mark);
      mark = now;
    };
    const log = ctx.logger.child({ partition: p });
    const { offset: committed, registeredAs } = await ctx.claim(p);
    step('fence');
    let store: KeyValueStore | undefined;
    try {
      store = new MeteredStore(
        await RocksDbStore.open(join(ctx.dataDir, ctx.node, String(p))),
        ctx.metrics.storeLatency,
      );
      const state = new PartitionState(p);
      for await (const [key, bytes] of store.entries(SNAPSHOT_PREFIX))
        state.load(key.slice(SNAPSHOT_PREFIX.length), bytes);
      const localInput = readOffset(await store.get(INPUT_OFFSET_KEY));
      const localChangelog = readOffset(await store.get(CHANGELOG_OFFSET_KEY));
      step('local');

      let source: RestoreReport['source'] = 'local';
      let changelogRecords = 0;
      if (localInput === undefined || localInput !== committed) {
        source = localInput === undefined ? 'changelog' : 'local+changelog';
        const barrierKey = `__barrier__:${ctx.node}:${randomUUID()}`;
        const barrierOffset = await ctx.barrier(p, barrierKey, registeredAs);
        step('barrier');
        const restored = new Map<string, Uint8Array>();
        await ctx.changelogReader.read(p, localChangelog ?? 0n, barrierKey, (key, value) => {
          // Barriers of earlier restores are tombstones; ended-bookings blocks are state.
          if (value === null || (key.startsWith(CONTROL_KEY_PREFIX) && !parseEndedBlockKey(key)))
            return;
          changelogRecords++;
          restored.set(key, value);
        });
        for (const [key, bytes] of restored) state.load(key, bytes);
        step('changelog');
        await store.write({
          puts: [
            ...[...restored].map(([key, bytes]) => [`${SNAPSHOT_PREFIX}${key}`, bytes] as const),
            [INPUT_OFFSET_KEY, u64(committed)],
            [CHANGELOG_OFFSET_KEY, u64(barrierOffset + 1n)],
          ],
        });
        step('write');
      }
      state.finishLoad();
      const report: RestoreReport = {
        partition: p,
        source,
        sections: state.sections.size,
        changelogRecords,
        ms: Math.round(performance.now() - started),
        steps,
      };
      ctx.metrics.restoreSeconds.set({ partition: String(p), source }, report.ms / 1000);
      log.info(report, 'partition restored');
      const task = new PartitionTask(p, state, store, report, committed, (err) =>
        log.error({ err }, 'RocksDB write failed; local state stays behind until the next restore'),
      );
      task.registeredAs = registeredAs;
      return task;
    } catch (err) {
      await store?.close().catch(() => undefined);
      throw err;
    }
  }

  /**
   * After a committed transaction: queues the snapshots and offsets it carried as one RocksDB
   * batch, written in commit order behind the previous ones, so the next batch's transaction
   * need not wait for the disk. A crash before the write lands only leaves RocksDB behind Kafka,
   * which restore repairs from the changelog. If a write fails, none after it is attempted: the
   * store stays at its last consistent point (its stored offsets still say where the changelog
   * must be read from), rather than gain later offsets without the failed batch's snapshots.
   */
  persist(
    snapshots: Map<string, Buffer>,
    nextInputOffset: bigint,
    changelogNextOffset: bigint | undefined,
  ): void {
    const puts: (readonly [string, Uint8Array])[] = [...snapshots].map(
      ([key, bytes]) => [`${SNAPSHOT_PREFIX}${key}`, bytes] as const,
    );
    puts.push([INPUT_OFFSET_KEY, u64(nextInputOffset)]);
    if (changelogNextOffset !== undefined)
      puts.push([CHANGELOG_OFFSET_KEY, u64(changelogNextOffset)]);
    this.nextInput = nextInputOffset;
    this.writes = this.writes.then(async () => {
      if (this.storeFailed) return;
      try {
        await this.store.write({ puts });
      } catch (err) {
        this.storeFailed = true;
        this.onStoreError(err);
      }
    });
  }

  /** Resolves when every queued RocksDB write has landed (or the store gave up). */
  flushed(): Promise<void> {
    return this.writes;
  }

  /** Waits for the batch in flight and every queued write, then closes the store. */
  async close(): Promise<void> {
    await this.batchSettled?.promise;
    await this.writes;
    await this.store.close().catch(() => undefined);
  }
}
