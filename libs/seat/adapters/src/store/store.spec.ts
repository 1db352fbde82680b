import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyValueStore } from './key-value-store';
import { MemoryStore } from './memory-store';
import { RocksDbStore } from './rocksdb-store';

const bytes = (s: string) => new Uint8Array(Buffer.from(s));

describe.each([
  ['memory', async () => ({ store: new MemoryStore() as KeyValueStore, dir: '' })],
  [
    'rocksdb',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'seat-store-'));
      return { store: (await RocksDbStore.open(dir)) as KeyValueStore, dir };
    },
  ],
])('%s store', (_name, open) => {
  it('writes puts and deletes of one batch together and lists entries by prefix in key order', async () => {
    const { store, dir } = await open();
    try {
      await store.write({
        puts: [
          ['s:b', bytes('2')],
          ['s:a', bytes('1')],
          ['meta:x', bytes('m')],
        ],
      });
      await store.write({ puts: [['s:c', bytes('3')]], deletes: ['s:b'] });
      const seen: string[] = [];
      for await (const [k, v] of store.entries('s:'))
        seen.push(`${k}=${Buffer.from(v).toString()}`);
      expect(seen).toEqual(['s:a=1', 's:c=3']);
      expect(await store.get('s:b')).toBeUndefined();
      expect(Buffer.from((await store.get('meta:x'))!).toString()).toBe('m');
    } finally {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('a RocksDB store keeps its data across close and reopen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seat-store-'));
  try {
    const first = await RocksDbStore.open(dir);
    await first.write({ puts: [['k', bytes('v')]] });
    await first.close();
    const second = await RocksDbStore.open(dir);
    expect(Buffer.from((await second.get('k'))!).toString()).toBe('v');
    await second.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
