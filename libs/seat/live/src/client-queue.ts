// A bounded outbound queue per SSE client. The feed pushes synchronously and must never wait
// for a socket: while the socket accepts data a push is written at once; once it signals
// backpressure (needs 'drain'), pushes queue up and one pump writes them as it drains. A client
// more than `maxMessages` or `maxBytes` behind is dropped: it reconnects with Last-Event-ID and
// resumes from the ring buffer, or from a snapshot. Only backpressured data counts, so a
// burst of deltas from one Kafka batch does not drop a client that reads fine.

export interface ClientQueueOptions<T> {
  /** Most messages waiting for the socket to drain. */
  maxMessages: number;
  /** Most bytes (approximately: UTF-16 length of the serialised data) waiting. */
  maxBytes: number;
  /** Writes one message to the socket now; throws when the connection is gone. */
  write: (item: T) => void;
  /** False while the socket's buffer is above its high-water mark. */
  writable: () => boolean;
  /** Resolves when the socket drained (or closed). */
  whenWritable: () => Promise<void>;
  /** Called once when the bound is exceeded; the caller closes the connection. */
  onOverflow: (queued: { messages: number; bytes: number }) => void;
}

export class ClientQueue<T> {
  private readonly items: { item: T; bytes: number }[] = [];
  private bytes = 0;
  private pumping = false;
  private closed = false;

  constructor(private readonly opts: ClientQueueOptions<T>) {}

  get length(): number {
    return this.items.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Writes or queues a message; false when the queue is closed or this push overflowed it. */
  push(item: T, bytes: number): boolean {
    if (this.closed) return false;
    if (!this.pumping && this.opts.writable()) return this.writeNow(item);
    this.items.push({ item, bytes });
    this.bytes += bytes;
    if (this.items.length > this.opts.maxMessages || this.bytes > this.opts.maxBytes) {
      const queued = { messages: this.items.length, bytes: this.bytes };
      this.close();
      this.opts.onOverflow(queued);
      return false;
    }
    if (!this.pumping) void this.pump();
    return true;
  }

  /** Stops writing and drops what is queued. Idempotent. */
  close(): void {
    this.closed = true;
    this.items.length = 0;
    this.bytes = 0;
  }

  private writeNow(item: T): boolean {
    try {
      this.opts.write(item);
      return true;
    } catch {
      this.close(); // the connection went away; its close callback cleans up
      return false;
    }
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed && this.items.length > 0) {
        if (!this.opts.writable()) {
          await this.opts.whenWritable();
          continue; // re-check: closed, or still not writable
        }
        const next = this.items.shift()!;
        this.bytes -= next.bytes;
        if (!this.writeNow(next.item)) return;
      }
    } finally {
      this.pumping = false;
    }
  }
}
