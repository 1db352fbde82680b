import { useEffect, useEffectEvent, useState } from 'react';

/** ms before reopening a stream the server refused. */
const RETRY_MS = 3000;

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Listens to a server-sent event stream while mounted. The browser reconnects by itself (and
 * sends Last-Event-ID, so the seat map resumes without a new snapshot); handlers are called
 * through an effect event, so new handlers on a re-render never reopen the stream.
 */
export function useEventStream(
  url: string | undefined,
  handlers: Record<string, (data: unknown) => void>,
  /** A new value reopens the stream from scratch (no Last-Event-ID). */
  generation = 0,
): StreamState {
  const dispatch = useEffectEvent((name: string, data: unknown) => handlers[name]?.(data));
  const [retry, setRetry] = useState(0);
  const names = Object.keys(handlers).sort().join(',');
  // The state belongs to one stream: a new url, set of events, generation or retry starts
  // 'connecting' without a render of its own.
  const stream = `${url ?? ''}|${names}|${generation}|${retry}`;
  const [status, setStatus] = useState<{ stream: string; state: StreamState }>({
    stream,
    state: 'connecting',
  });

  useEffect(() => {
    if (!url) return;
    const setState = (state: StreamState) => setStatus({ stream, state });
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
        dispatch(name, data);
      });
    }
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [url, names, stream]);

  return status.stream === stream ? status.state : 'connecting';
}
