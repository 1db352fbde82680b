import type { Histogram } from 'prom-client';
import type { KeyValueStore, WriteBatch } from './key-value-store';

/** Wraps a store to time its writes (seconds) into a histogram labelled by operation. */
export class MeteredStore implements KeyValueStore {
  constructor(
    private readonly inner: KeyValueStore,
    private readonly latency: Histogram<'op'>,
  ) {}

  get(key: string): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }

  entries(prefix?: string): AsyncIterable<[string, Uint8Array]> {
    return this.inner.entries(prefix);
  }

  async write(batch: WriteBatch): Promise<void> {
    const end = this.latency.startTimer({ op: 'write' });
    try {
      await this.inner.write(batch);
    } finally {
      end();
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
