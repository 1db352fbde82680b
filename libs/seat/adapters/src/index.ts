/**
 * @packageDocumentation
 * The seat-reservation adapters: state stores (RocksDB, in-memory, metered) and the Kafka stream
 * processor that wraps the pure allocation core (@seat/domain).
 */
export type { KeyValueStore, WriteBatch } from './store/key-value-store';
export { MemoryStore } from './store/memory-store';
export { RocksDbStore } from './store/rocksdb-store';
export { MeteredStore } from './store/metered-store';
export { SeatProcessor, type SeatProcessorOptions } from './processor/seat-processor';
export { PartitionState, type BatchOutput, type InputMessage } from './processor/partition-state';
export type { RestoreReport } from './processor/partition-task';
export { createSeatMetrics, type SeatMetrics } from './processor/metrics';
