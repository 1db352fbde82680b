import { ENDED_BLOCK, ENDED_BLOCKS, ENDED_CAPACITY, EndedBookings } from './ended-bookings';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Records n ended bookings, keeping the latest record of each block as a changelog would. */
function fill(memory: EndedBookings, from: number, to: number, log: Map<number, Uint8Array>) {
  for (let n = from; n < to; n++) {
    memory.record(
      id(n),
      n % 3 === 0 ? { kind: 'released' } : { kind: 'rejected', code: 'SOLD_OUT' },
    );
    // A round every 37 entries: only the blocks that changed are written.
    if (n % 37 === 36 || n === to - 1)
      for (const block of memory.takeDirtyBlocks()) log.set(block, memory.encodeBlock(block));
  }
}

describe('the memory of ended bookings', () => {
  it('answers with how each booking ended', () => {
    const memory = new EndedBookings();
    memory.record('a', { kind: 'released' });
    memory.record('b', { kind: 'rejected', code: 'SEATS_UNAVAILABLE' });
    expect(memory.lookup('a')).toEqual({ kind: 'released' });
    expect(memory.lookup('b')).toEqual({ kind: 'rejected', code: 'SEATS_UNAVAILABLE' });
    expect(memory.lookup('c')).toBeUndefined();
  });

  it('keeps the newest ENDED_BLOCKS blocks (at most ENDED_CAPACITY) and forgets older ones', () => {
    const memory = new EndedBookings();
    const total = ENDED_CAPACITY * 3 + 100;
    fill(memory, 0, total, new Map());
    // The newest block holds 100; the 15 before it are full; a whole older block goes at once.
    const oldest = total - 100 - (ENDED_BLOCKS - 1) * ENDED_BLOCK;
    expect(memory.size).toBe(total - oldest);
    expect(memory.size).toBeGreaterThan(ENDED_CAPACITY - ENDED_BLOCK);
    expect(memory.lookup(id(oldest - 1))).toBeUndefined();
    expect(memory.lookup(id(0))).toBeUndefined();
    for (const n of [oldest, oldest + 1, ENDED_CAPACITY * 3, total - 1])
      expect(memory.lookup(id(n))).toBeDefined();
  });

  it('writes at most one block per round, so a round costs a few KB however long the memory', () => {
    const memory = new EndedBookings();
    for (let n = 0; n < 10; n++) memory.record(id(n), { kind: 'released' });
    const dirty = memory.takeDirtyBlocks();
    expect(dirty).toEqual([0]);
    expect(memory.encodeBlock(0).length).toBeLessThan(ENDED_BLOCK * 9 + 16);
    expect(memory.takeDirtyBlocks()).toEqual([]);
  });

  it.each([10, ENDED_BLOCK, ENDED_CAPACITY - 1, ENDED_CAPACITY + 5, ENDED_CAPACITY * 4 + 300])(
    'is restored identically from the latest record of each block (%i entries)',
    (count) => {
      const memory = new EndedBookings();
      const log = new Map<number, Uint8Array>();
      fill(memory, 0, count, log);
      expect(log.size).toBeLessThanOrEqual(ENDED_BLOCKS);
      const restored = new EndedBookings();
      restored.restore(log.values());
      expect(restored.equals(memory)).toBe(true);
      // ...and goes on identically.
      const more = new Map(log);
      fill(memory, count, count + 700, more);
      fill(restored, count, count + 700, new Map());
      expect(restored.equals(memory)).toBe(true);
      const again = new EndedBookings();
      again.restore(more.values());
      expect(again.equals(memory)).toBe(true);
    },
  );

  it('refuses bytes that are not a block', () => {
    expect(() => new EndedBookings().restore([new Uint8Array([1, 2, 3])])).toThrow();
  });
});
