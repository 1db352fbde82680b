/** A minimal SSE reader over Node's fetch (real HTTP), for integration specs of any app. */

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export class SseClient {
  private buffer = '';
  private readonly parsed: SseEvent[] = [];
  private pending: ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']> | undefined;
  private readonly decoder = new TextDecoder();
  ended = false;

  private constructor(
    readonly status: number,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, {
      headers: { accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    if (!res.body) throw new Error('no body');
    return new SseClient(res.status, res.body.getReader(), abort);
  }

  /** The next event (heartbeats skipped unless asked for); throws after `timeoutMs`. */
  async next(timeoutMs = 5000, opts: { heartbeats?: boolean } = {}): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.parsed.length > 0) {
        const event = this.parsed.shift()!;
        if (event.event !== 'heartbeat' || opts.heartbeats) return event;
      }
      if (this.ended) throw new Error('stream ended');
      const left = deadline - Date.now();
      if (left <= 0 || !(await this.read(left))) {
        throw new Error(`no event within ${timeoutMs} ms`);
      }
    }
  }

  /** Resolves true if an event other than a heartbeat arrives within `ms`, false otherwise. */
  async anyEventWithin(ms: number): Promise<SseEvent | undefined> {
    try {
      return await this.next(ms);
    } catch (err) {
      if ((err as Error).message.startsWith('no event')) return undefined;
      throw err;
    }
  }

  /** Reads until the server ends the stream (or errors it); false if still open after `ms`. */
  async drainToEnd(ms: number): Promise<{ ended: boolean; events: SseEvent[] }> {
    const events: SseEvent[] = [];
    const deadline = Date.now() + ms;
    while (!this.ended && Date.now() < deadline) {
      try {
        events.push(await this.next(deadline - Date.now()));
      } catch {
        break;
      }
    }
    events.push(...this.parsed.splice(0).filter((e) => e.event !== 'heartbeat'));
    return { ended: this.ended, events };
  }

  close(): void {
    this.abort.abort();
  }

  /** One chunk (or end); false on timeout. The pending read is kept for the next call. */
  private async read(ms: number): Promise<boolean> {
    this.pending ??= this.reader.read();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    try {
      const result = await Promise.race([this.pending, timeout]);
      if (result === 'timeout') return false;
      this.pending = undefined;
      if (result.done) this.ended = true;
      else this.feed(this.decoder.decode(result.value, { stream: true }));
      return true;
    } catch {
      // Connection reset by the server (a dropped client) ends the stream too.
      this.pending = undefined;
      this.ended = true;
      return true;
    } finally {
      clearTimeout(timer);
    }
  }

  private feed(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = value;
        else if (field === 'event') event.event = value;
        else if (field === 'data') data.push(value);
      }
      event.data = data.join('\n');
      if (data.length > 0 || event.id !== undefined) this.parsed.push(event);
    }
  }
}
