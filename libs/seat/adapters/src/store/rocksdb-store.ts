import { mkdirSync } from 'node:fs';
import type { KeyValueStore, WriteBatch } from './key-value-store';

/** The part of levelup (as level-rocksdb returns it) that this store uses. */
interface LevelUp {
  get(key: string): Promise<Buffer>;
  batch(
    ops: Array<{ type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }>,
  ): Promise<void>;
  createReadStream(opts: {
    gte?: string;
    lt?: string;
    keys: true;
    values: true;
  }): AsyncIterable<{ key: string; value: Buffer }>;
  close(): Promise<void>;
}
type LevelRocksDb = (
  location: string,
  options: { keyEncoding: 'utf8'; valueEncoding: 'binary' },
) => LevelUp;

/**
 * One RocksDB instance (via level-rocksdb) for one partition's state. Writes go through
 * RocksDB's write-ahead log without fsync: a process crash loses nothing, and after a
 * machine crash the changelog topic brings the partition back anyway.
 */
export class RocksDbStore implements KeyValueStore {
  private constructor(private readonly db: LevelUp) {}

  static async open(location: string): Promise<RocksDbStore> {
    mkdirSync(location, { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const level = require('level-rocksdb') as LevelRocksDb;
    const db = level(location, { keyEncoding: 'utf8', valueEncoding: 'binary' });
    return new RocksDbStore(db);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.db.get(key);
    } catch (err) {
      if ((err as { notFound?: boolean }).notFound) return undefined;
      throw err;
    }
  }

  async *entries(prefix = ''): AsyncIterable<[string, Uint8Array]> {
    // '\uffff' sorts after every key that starts with the prefix.
    const range = prefix ? { gte: prefix, lt: `${prefix}\uffff` } : {};
    for await (const { key, value } of this.db.createReadStream({
      ...range,
      keys: true,
      values: true,
    })) {
      yield [key, value];
    }
  }

  async write(batch: WriteBatch): Promise<void> {
    const ops: Array<
      { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }
    > = batch.puts.map(([key, value]) => ({ type: 'put', key, value }));
    for (const key of batch.deletes ?? []) ops.push({ type: 'del', key });
    if (ops.length > 0) await this.db.batch(ops);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
