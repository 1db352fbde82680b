/**
 * The state-store interface of the seat processor (the Kafka Streams KeyValueStore idea, cut
 * down to what a partition task needs). Implementations: RocksDB (durable, one per partition)
 * and in-memory (tests); metering is a wrapper, not code inside a store.
 *
 * `write` is atomic: every put and delete of one call lands together or not at all. The
 * processor relies on that to keep section snapshots and the last processed offsets in step.
 */
export interface KeyValueStore {
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every entry whose key starts with `prefix`, in key order. */
  entries(prefix?: string): AsyncIterable<[string, Uint8Array]>;
  write(batch: WriteBatch): Promise<void>;
  close(): Promise<void>;
}

export interface WriteBatch {
  puts: ReadonlyArray<readonly [string, Uint8Array]>;
  deletes?: readonly string[];
}
