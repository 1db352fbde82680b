import type { KeyValueStore, WriteBatch } from './key-value-store';

/** An in-memory store with the same contract as RocksDB; for unit tests and benchmarks. */
export class MemoryStore implements KeyValueStore {
  private readonly data = new Map<string, Uint8Array>();
  private closed = false;

  async get(key: string): Promise<Uint8Array | undefined> {
    this.assertOpen();
    return this.data.get(key);
  }

  async *entries(prefix = ''): AsyncIterable<[string, Uint8Array]> {
    this.assertOpen();
    const keys = [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const k of keys) yield [k, this.data.get(k)!];
  }

  async write(batch: WriteBatch): Promise<void> {
    this.assertOpen();
    for (const [k, v] of batch.puts) this.data.set(k, v);
    for (const k of batch.deletes ?? []) this.data.delete(k);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('store is closed');
  }
}
