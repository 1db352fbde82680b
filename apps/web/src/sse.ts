import { useEffect, useRef, useState } from 'react';

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
  const names = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    if (!url) return;
    setState('connecting');
    const source = new EventSource(url, { withCredentials: true });
    source.onopen = () => setState('open');
    source.onerror = () =>
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
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
    return () => source.close();
  }, [url, names, generation]);

  return state;
}
