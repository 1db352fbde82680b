// The live availability view: every instance reads ALL partitions of the changelog (from the
// beginning: the latest snapshot per section) and of the availability topic (from the latest
// offset: deltas as they happen), read_committed, into LiveSections. SSE routes read from its
// in-process feed, never from Kafka, so any instance serves any section whoever owns it.
//
// Offsets are never committed: the group id is per instance, and a restart must re-read the
// changelog from the beginning anyway (the view lives in memory only).
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { decodeSection, readSectionHeader } from '@seat/domain';
import { SeatAvailabilityChanged, decodeMessage } from '@shared/contracts';
import { CONTROL_KEY_PREFIX, instanceGroupId, topicNames } from '@shared/streams';
import { waitFor, type Logger } from '@shared/util';
import { LiveSections } from './live-sections';
import type { AvailabilityFeed } from './live.types';

export interface AvailabilityViewOptions {
  /** A client from `createKafka` (@shared/kafka). */
  kafka: Kafka;
  /** Topic and group namespace ('' in production). */
  namespace: string;
  /** Unique per process (e.g. host name + pid): two processes sharing it would split partitions. */
  instanceId: string;
  logger: Logger;
  /** Recent deltas kept per section so reconnecting clients resume without a snapshot (256). */
  maxDeltasPerSection?: number;
}

export interface AvailabilityView extends AvailabilityFeed {
  /** Live subscriptions (open SSE streams, mostly): a gauge for operators and tests. */
  subscriberCount(): number;
  /** Leaves the group and drops every subscriber. Idempotent. */
  stop(): Promise<void>;
}

/** How long a partition may take to report its catch-up before its backlog is applied anyway. */
const CATCH_UP_FALLBACK_MS = 60_000;

/**
 * Starts the view: resolves once the consumer runs; `ready()` turns true once the changelog
 * is read up to the end offsets it had when the view started.
 */
export async function createAvailabilityView(
  opts: AvailabilityViewOptions,
): Promise<AvailabilityView> {
  const log = opts.logger.child({ component: 'availability-view' });
  const topics = topicNames(opts.namespace);
  const sections = new LiveSections(log, { maxDeltasPerSection: opts.maxDeltasPerSection });
  const startedAt = Date.now();

  // Caught up = consumed past each changelog partition's end offset as of now (read_committed,
  // so the last stable offset: an open transaction does not hold readiness hostage).
  const pending = await changelogEndOffsets(opts.kafka, topics.seatChangelog);
  // While a partition catches up, only the latest record per key is kept, and each section is
  // decoded once when the partition is caught up. Applying every snapshot on the way decoded
  // each section once per batch it ever changed in: on a node that joins mid-sale that
  // competed with the restores of its partitions (bench:seats restores took 0.9-1.7 s instead
  // of 0.5-0.6 s without the view).
  // Values are copies: a record's value is a slice of its whole fetch response, which would
  // stay in memory as long as the record is the latest of its section.
  const backlog = new Map<number, Map<string, Buffer | null>>(
    [...pending.keys()].map((partition) => [partition, new Map()]),
  );
  const flushBacklog = (partition: number) => {
    const latest = backlog.get(partition);
    backlog.delete(partition);
    for (const [key, value] of latest ?? []) applyChangelog(key, value, partition);
  };
  // A partition that never reports reaching its end offset (say, its tail was compacted away)
  // must not hide its sections for good: after a while they are applied anyway, as they were
  // before the backlog existed, and the view goes on reporting not ready.
  const fallback = setTimeout(() => {
    if (backlog.size === 0) return;
    log.warn(
      { partitions: [...backlog.keys()] },
      'changelog catch-up has not reached the end offsets; applying what was read',
    );
    for (const partition of [...backlog.keys()]) flushBacklog(partition);
  }, CATCH_UP_FALLBACK_MS);
  fallback.unref();
  const maybeReady = () => {
    if (pending.size > 0 || sections.ready()) return;
    sections.markReady();
    log.info({ ms: Date.now() - startedAt }, 'caught up with the changelog');
  };
  maybeReady();

  const consumer: Consumer = opts.kafka.consumer({
    groupId: instanceGroupId('availability', opts.instanceId, opts.namespace),
    readUncommitted: false,
    // A linger: the broker answers a fetch once 1 MB is there or after 100 ms, so one fetch
    // carries the deltas of many transactions. A live map is read by people, who do not see
    // 100 ms; fetching on every commit (each transaction of either node ends the wait) cost every
    // node a fetch per transaction of the whole cluster, and bench:seats' p99 at 2,000 commands/s
    // went from 222-308 ms to 140-197 ms with the linger (BENCHMARKS.md). Short waits also keep
    // stop() quick.
    maxWaitTimeInMs: 100,
    minBytes: 1024 * 1024,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  // Emitted after each batch, including batches made only of transaction markers, which is
  // how the position passes the commit marker that ends every transactional partition.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic !== topics.seatChangelog) return;
    const target = pending.get(payload.partition);
    if (target !== undefined && BigInt(payload.lastOffset) + 1n >= target) {
      pending.delete(payload.partition);
      flushBacklog(payload.partition);
      maybeReady();
    }
  });
  let failed = false;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    log.error({ err: payload.error, restart: payload.restart }, 'availability consumer crashed');
    // Without a restart the view goes stale: report not ready so /ready takes the node out.
    if (!payload.restart) failed = true;
  });

  // Outside catch-up a snapshot waits until the batches of its fetch have all been handled
  // (setImmediate: the batches of one fetch are handed over in one run of microtasks), so the
  // deltas of the same transaction are applied first and the snapshot is skipped unread. Without
  // it about half the snapshots came first, and each was decoded whole (a tenth of a seat node's
  // CPU at 2,000 commands/s); their deltas then arrived as duplicates.
  // A section the view does not have yet is applied at once: no delta can add it, and the
  // deltas behind it in the same fetch need it.
  const deferred = new Map<string, { value: Buffer; partition: number; offset: string }>();
  let flushing: NodeJS.Immediate | undefined;
  let stopped = false;
  const flushDeferred = () => {
    flushing = undefined;
    if (stopped) return;
    for (const [key, d] of deferred) applyChangelog(key, d.value, d.partition, d.offset);
    deferred.clear();
  };
  const known = (key: string) => {
    const colon = key.lastIndexOf(':'); // event ids may contain ':', sections never do
    return (
      colon > 0 && sections.sectionView(key.slice(0, colon), key.slice(colon + 1)) !== undefined
    );
  };
  const onChangelog = (message: KafkaMessage, partition: number) => {
    const key = message.key?.toString() ?? '';
    if (key.startsWith(CONTROL_KEY_PREFIX) || stopped) return;
    const catchingUp = backlog.get(partition);
    if (!catchingUp) {
      if (message.value === null || !known(key)) {
        deferred.delete(key); // replaces a snapshot still waiting
        return applyChangelog(key, message.value, partition, message.offset);
      }
      deferred.delete(key); // re-inserted: a key's latest snapshot is applied in its place in line
      deferred.set(key, { value: message.value, partition, offset: message.offset });
      flushing ??= setImmediate(flushDeferred);
      return;
    }
    // A record whose header cannot be read does not replace the last readable one. (Only the
    // header is checked here; a body that fails to decode at the flush is skipped and logged.)
    if (message.value !== null && !readable(message.value, key, partition, message.offset)) return;
    catchingUp.set(key, message.value === null ? null : Buffer.from(message.value));
  };
  const readable = (value: Buffer, key: string, partition: number, offset: string) => {
    try {
      readSectionHeader(value);
      return true;
    } catch (err) {
      log.error({ err, key, partition, offset }, 'unreadable changelog record');
      return false;
    }
  };
  const applyChangelog = (
    key: string,
    value: Buffer | null,
    partition: number,
    offset?: string,
  ) => {
    if (value === null) {
      const colon = key.lastIndexOf(':'); // event ids may contain ':', sections never do
      if (colon > 0) sections.removeSection(key.slice(0, colon), key.slice(colon + 1));
      return;
    }
    try {
      // Outside catch-up, deltas usually got here first (the availability topic is read first in
      // each fetch): read the header and decode the whole section only when it holds news.
      const header = readSectionHeader(value);
      if (!sections.isNewer(header.eventId, header.section, header.seq, header.rows)) return;
      sections.applySnapshot(decodeSection(value));
    } catch (err) {
      // Corrupt or newer-format snapshot: skip it; the next snapshot of the section replaces it.
      log.error({ err, key, partition, offset }, 'unreadable changelog record');
    }
  };
  const onAvailability = (message: KafkaMessage, partition: number) => {
    const decoded = decodeMessage(SeatAvailabilityChanged, message.value);
    if (!decoded.ok) {
      // The view only reads: dead-lettering bad input is the processor's job (it wrote this
      // topic), so an invalid delta is logged and skipped; the changelog still carries the state.
      log.warn({ reason: decoded.reason, partition, offset: message.offset }, 'invalid delta');
      return;
    }
    const result = sections.applyDelta(decoded.value);
    if (result === 'mismatch') {
      log.warn({ partition, offset: message.offset }, 'delta names seats the section lacks');
    }
  };

  await consumer.connect();
  // Deltas first: a fetch lists the topics in this order, so a transaction's deltas are usually
  // applied before its snapshot, which is then skipped unread (see applyChangelog).
  await consumer.subscribe({ topics: [topics.seatAvailability], fromBeginning: false });
  await consumer.subscribe({ topics: [topics.seatChangelog], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }: EachBatchPayload) => {
      const handle = batch.topic === topics.seatChangelog ? onChangelog : onAvailability;
      // Synchronous per batch: subscribers see deltas in partition order (a snapshot waits for
      // the end of its fetch, see onChangelog; it is skipped unless it holds news).
      for (const message of batch.messages) handle(message, batch.partition);
    },
  });

  return {
    ready: () => sections.ready() && !failed && !stopped,
    eventSections: (eventId) => sections.eventSections(eventId),
    sectionView: (eventId, section) => sections.sectionView(eventId, section),
    subscribe: (eventId, section, listener) => sections.subscribe(eventId, section, listener),
    deltasSince: (eventId, section, seq) => sections.deltasSince(eventId, section, seq),
    subscriberCount: () => sections.subscriberCount(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(fallback);
      if (flushing) clearImmediate(flushing);
      deferred.clear();
      sections.clearSubscribers();
      await consumer.disconnect();
    },
  };
}

/** Partition -> end offset, for the partitions that hold anything to read. */
async function changelogEndOffsets(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Just after topic creation a broker may not know its leaders yet (NOT_LEADER...): retry briefly.
    const offsets = await waitFor(`end offsets of ${topic}`, () => admin.fetchTopicOffsets(topic), {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
    const pending = new Map<number, bigint>();
    for (const p of offsets) {
      if (BigInt(p.high) > BigInt(p.low)) pending.set(p.partition, BigInt(p.high));
    }
    return pending;
  } finally {
    await admin.disconnect();
  }
}
