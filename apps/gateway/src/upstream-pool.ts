/**
 * Round-robin over interchangeable upstreams (the seat-reservation nodes, each of which serves
 * every event's seat map). A node that refused a connection is skipped for `downForMs`, so
 * the browser's automatic SSE reconnect lands on a live node instead of the dead one.
 */
export interface UpstreamPool {
  pick(): string;
  markDown(url: string): void;
}

export function createUpstreamPool(
  urls: readonly string[],
  opts: { downForMs?: number; now?: () => number } = {},
): UpstreamPool {
  if (urls.length === 0) throw new Error('an upstream pool needs at least one url');
  const downForMs = opts.downForMs ?? 5000;
  const now = opts.now ?? Date.now;
  const downUntil = new Map<string, number>();
  let next = 0;
  return {
    pick() {
      for (let i = 0; i < urls.length; i++) {
        const url = urls[(next + i) % urls.length]!;
        if ((downUntil.get(url) ?? 0) <= now()) {
          next = (next + i + 1) % urls.length;
          return url;
        }
      }
      // All down: try them anyway, in turn; one may be back.
      const url = urls[next % urls.length]!;
      next = (next + 1) % urls.length;
      return url;
    },
    markDown(url) {
      downUntil.set(url, now() + downForMs);
    },
  };
}
