/**
 * A fixed-capacity FIFO that overwrites its oldest item: the recent deltas of one section, kept
 * so a reconnecting client can resume. Memory is bounded by `capacity` items whatever the rate.
 */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  /** Index of the oldest item. */
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const tail = (this.head + this.count) % this.capacity;
    this.items[tail] = item;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
  }

  /** The i-th oldest item (0 = oldest), or undefined out of range. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) % this.capacity];
  }

  /** Items from the i-th oldest to the newest. */
  sliceFrom(i: number): T[] {
    const out: T[] = [];
    for (let k = Math.max(0, i); k < this.count; k++) out.push(this.at(k)!);
    return out;
  }

  toArray(): T[] {
    return this.sliceFrom(0);
  }

  clear(): void {
    this.items.fill(undefined);
    this.head = 0;
    this.count = 0;
  }
}
