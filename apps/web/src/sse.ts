import { useEffect, useRef, useState } from 'react';

/** ms before reopening a stream the server refused. */
const RETRY_MS = 3000;

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Listens to a server-sent event stream while mounted. The browser reconnects by itself (and
 * sends Last-Event-ID, so the seat map resumes without a new snapshot); handlers are read
 * through a ref so a re-render never reopens the stream.
 */
export function useEventStream(
  url: string | undefined,
  handlers: Record<string, (data: unknown) => void>,
  /** A new value reopens the stream from scratch (no Last-Event-ID). */
  generation = 0,
): StreamState {
  const ref = useRef(handlers);
  ref.current = handlers;
  const [state, setState] = useState<StreamState>('connecting');
  const [retry, setRetry] = useState(0);
  const names = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    if (!url) return;
    setState('connecting');
    const source = new EventSource(url, { withCredentials: true });
    source.onopen = () => setState('open');
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) return setState('reconnecting');
      // The browser gives up on a non-stream answer (e.g. a 404 for an event published a moment
      // ago, before the seat engine has it, or a 503 while a node restarts): try again later.
      setState('closed');
      timer = setTimeout(() => setRetry((r) => r + 1), RETRY_MS);
    };
    for (const name of names.split(',')) {
      source.addEventListener(name, (event) => {
        let data: unknown;
        try {
          data = JSON.parse((event as MessageEvent<string>).data);
        } catch {
          return;
        }
        ref.current[name]?.(data);
      });
    }
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [url, names, generation, retry]);

  return state;
}
