import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The processor's Prometheus metrics, on a registry of its own (tests run several nodes in one process). */
export function createSeatMetrics(node: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ node });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({
      name: 'seat_commands_total',
      help: 'Seat commands applied',
      labelNames: ['partition'],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'seat_dead_letters_total',
      help: 'Input messages sent to the dead-letter topic',
      labelNames: ['partition'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'seat_command_latency_seconds',
      help: 'From a command being appended to the topic to its results being committed',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'seat_batch_seconds',
      help: 'Processing and committing one batch',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    batchPhaseSeconds: new Histogram({
      name: 'seat_batch_phase_seconds',
      help: 'Where a batch spends its time: wait (first command appended -> batch starts), state, apply, transaction; and of the shared transaction: produce (records and offsets, sent together), commit',
      labelNames: ['phase'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'seat_batch_commands',
      help: 'Commands per processed batch',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'seat_consumer_lag',
      help: 'Messages behind the end of the command partition',
      labelNames: ['partition'],
      registers: [registry],
    }),
    restoreSeconds: new Gauge({
      name: 'seat_restore_seconds',
      help: 'Duration of the last state restore of a partition',
      labelNames: ['partition', 'source'],
      registers: [registry],
    }),
    aborts: new Counter({
      name: 'seat_transaction_aborts_total',
      help: 'Transactions aborted or fenced',
      labelNames: ['reason'],
      registers: [registry],
    }),
    storeLatency: new Histogram({
      name: 'seat_store_seconds',
      help: 'RocksDB write latency',
      labelNames: ['op'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
      registers: [registry],
    }),
    ownedPartitions: new Gauge({
      name: 'seat_owned_partitions',
      help: 'Command partitions this node owns',
      registers: [registry],
    }),
  };
}

export type SeatMetrics = ReturnType<typeof createSeatMetrics>;

/**
 * Times consecutive phases into seat_batch_phase_seconds: each call records the time since the
 * previous call (or since this was made) under the phase it names.
 */
export function phaseTimer(metrics: SeatMetrics, start = performance.now()) {
  let mark = start;
  return (name: string) => {
    const now = performance.now();
    metrics.batchPhaseSeconds.observe({ phase: name }, (now - mark) / 1000);
    mark = now;
  };
}
