/**
 * The consumer group generation a member joined, and an offset commit bound to it.
 *
 * A plain OffsetCommit carries the member id and the generation, and the group coordinator
 * refuses it (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS) once the group has
 * moved past that generation. The seat processor uses this as its zombie gate: before it
 * publishes for a partition with a producer, it registers that producer by such a commit, made
 * with the generation in which the partition was assigned to it. A node that lost the partition
 * can then never register again for it, even after it has joined a later generation.
 *
 * KafkaJS keeps the generation internal: each join creates an OffsetManager that holds the
 * group id, member id and generation and commits with them. A setter on ConsumerGroup's
 * `offsetManager` field remembers the newest one per member id; it is set before KafkaJS emits
 * GROUP_JOIN (whose payload has the member id), so a GROUP_JOIN listener finds its generation
 * here. Patched once per process, like the coordinator cache.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup') as { prototype: object };

/** What KafkaJS's OffsetManager offers that we use. */
interface OffsetManagerLike {
  groupId: string;
  memberId: string;
  generationId: number;
  commitOffsets(offsets: { topics: GenerationCommitTopic[] }): Promise<void>;
}

export interface GenerationCommitTopic {
  topic: string;
  partitions: { partition: number; offset: string; metadata: string | null }[];
}

/** One generation of one member: commits made through it are refused once the group moved on. */
export interface GroupGeneration {
  readonly groupId: string;
  readonly memberId: string;
  readonly generationId: number;
  /** OffsetCommit with this generation's id and member id; rejects when the generation is gone. */
  commit(topics: GenerationCommitTopic[]): Promise<void>;
}

const PATCHED = Symbol.for('seat-engine.kafkajs.group-generation');
const STORED = Symbol('offsetManager');
const latest = new Map<string, OffsetManagerLike>();

function patch(): void {
  const proto = ConsumerGroup.prototype as { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  Object.defineProperty(proto, 'offsetManager', {
    configurable: true,
    get(this: { [STORED]?: OffsetManagerLike }) {
      return this[STORED];
    },
    set(this: { [STORED]?: OffsetManagerLike }, manager: OffsetManagerLike) {
      this[STORED] = manager;
      if (manager?.memberId) latest.set(manager.memberId, manager);
    },
  });
  proto[PATCHED] = true;
}
patch();

/**
 * The generation a member joined last (call it from a GROUP_JOIN listener with the payload's
 * memberId). Undefined only if KafkaJS changed how it stores its offset manager.
 */
export function groupGeneration(memberId: string): GroupGeneration | undefined {
  const manager = latest.get(memberId);
  if (!manager) return undefined;
  return {
    groupId: manager.groupId,
    memberId: manager.memberId,
    generationId: manager.generationId,
    commit: (topics) => manager.commitOffsets({ topics }),
  };
}

/** Forgets a member (after the consumer disconnected), so the map does not grow across restarts. */
export function forgetGroupMember(memberId: string): void {
  latest.delete(memberId);
}
