/**
 * KafkaJS 2.2 sends a FindCoordinator request before every transactional step: one before the
 * first send of a transaction, two in sendOffsets and one in commit, so 4 of the 9 sequential
 * round trips of a consume-transform-produce batch only ask where the coordinator is. Coordinators
 * move only when a broker fails or a partition of __consumer_offsets/__transaction_state moves,
 * so this remembers each answer briefly. A lookup that fails is not remembered, and KafkaJS's
 * retries after NOT_COORDINATOR look again once the answer is older than the TTL (its retry
 * back-off outlasts it), so a moved coordinator is found again within TTL_MS.
 *
 * KafkaJS exposes no option for this, hence a patch of its Cluster class, applied once per
 * process; `KAFKA_COORDINATOR_CACHE=0` turns it off.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Cluster = require('kafkajs/src/cluster') as {
  prototype: {
    findGroupCoordinator(args: { groupId: string; coordinatorType?: number }): Promise<unknown>;
  };
};

export const COORDINATOR_CACHE_TTL_MS = 2000;
const PATCHED = Symbol.for('seat-engine.kafkajs.coordinator-cache');

export function cacheCoordinatorLookups(): void {
  const proto = Cluster.prototype as typeof Cluster.prototype & { [PATCHED]?: true };
  if (proto[PATCHED] || process.env['KAFKA_COORDINATOR_CACHE'] === '0') return;
  const lookup = proto.findGroupCoordinator;
  const cache = new WeakMap<object, Map<string, { at: number; broker: Promise<unknown> }>>();
  proto.findGroupCoordinator = function (this: object, args) {
    let perCluster = cache.get(this);
    if (!perCluster) cache.set(this, (perCluster = new Map()));
    const key = `${args.coordinatorType ?? 0}:${args.groupId}`;
    const hit = perCluster.get(key);
    if (hit && Date.now() - hit.at < COORDINATOR_CACHE_TTL_MS) return hit.broker;
    const broker = lookup.call(this, args);
    const entry = { at: Date.now(), broker };
    perCluster.set(key, entry);
    broker.catch(() => {
      if (perCluster.get(key) === entry) perCluster.delete(key);
    });
    return broker;
  };
  proto[PATCHED] = true;
}
