import { ClientQueue } from './client-queue';

/** A fake socket: accepts `room` writes, then needs a drain that the test triggers. */
function fakeSocket(room: number) {
  const written: string[] = [];
  let free = room;
  let drained: (() => void) | undefined;
  return {
    written,
    write: (item: string) => {
      written.push(item);
      free--;
    },
    writable: () => free > 0,
    whenWritable: () => new Promise<void>((resolve) => (drained = resolve)),
    drain: async (newRoom: number) => {
      free = newRoom;
      drained?.();
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    },
  };
}

describe('ClientQueue: a bounded outbound queue per SSE client', () => {
  it('writes at once while the socket accepts data, so a burst never counts against the bound', () => {
    const s = fakeSocket(1000);
    const overflow = jest.fn();
    const q = new ClientQueue<string>({ maxMessages: 2, maxBytes: 10, ...s, onOverflow: overflow });
    for (let i = 0; i < 100; i++) expect(q.push(String(i), 5)).toBe(true);
    expect(s.written).toHaveLength(100);
    expect(overflow).not.toHaveBeenCalled();
  });

  it('queues while backpressured and writes in order after the drain', async () => {
    const s = fakeSocket(1);
    const q = new ClientQueue<string>({
      maxMessages: 10,
      maxBytes: 1000,
      ...s,
      onOverflow: jest.fn(),
    });
    q.push('a', 1);
    q.push('b', 1);
    q.push('c', 1);
    expect(s.written).toEqual(['a']);
    expect(q.length).toBe(2);
    await s.drain(10);
    expect(s.written).toEqual(['a', 'b', 'c']);
    q.push('d', 1); // the pump is done: straight through again
    expect(s.written).toEqual(['a', 'b', 'c', 'd']);
  });

  it('drops a client that falls more than maxMessages behind, once', () => {
    const s = fakeSocket(1);
    const overflow = jest.fn();
    const q = new ClientQueue<string>({
      maxMessages: 2,
      maxBytes: 1000,
      ...s,
      onOverflow: overflow,
    });
    expect(q.push('1', 1)).toBe(true); // written
    expect(q.push('2', 1)).toBe(true);
    expect(q.push('3', 1)).toBe(true);
    expect(q.push('4', 1)).toBe(false); // 3 waiting > 2
    expect(q.push('5', 1)).toBe(false);
    expect(overflow).toHaveBeenCalledTimes(1);
    expect(overflow).toHaveBeenCalledWith({ messages: 3, bytes: 3 });
    expect(q.isClosed).toBe(true);
    expect(q.length).toBe(0);
  });

  it('drops a client that falls more than maxBytes behind', () => {
    const s = fakeSocket(0);
    const overflow = jest.fn();
    const q = new ClientQueue<string>({
      maxMessages: 100,
      maxBytes: 10,
      ...s,
      onOverflow: overflow,
    });
    q.push('big', 8);
    expect(overflow).not.toHaveBeenCalled();
    q.push('big', 8);
    expect(overflow).toHaveBeenCalledTimes(1);
  });

  it('stops quietly when a write fails (the client went away)', () => {
    const q = new ClientQueue<string>({
      maxMessages: 10,
      maxBytes: 100,
      write: () => {
        throw new Error('closed');
      },
      writable: () => true,
      whenWritable: () => Promise.resolve(),
      onOverflow: jest.fn(),
    });
    expect(q.push('a', 1)).toBe(false);
    expect(q.isClosed).toBe(true);
  });
});
